package calc

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// monthFromBytes builds a month with three employees from arbitrary bytes:
// every 6 bytes make one event, day, QA row, exam, complaint or adjustment.
func monthFromBytes(r *Rules, data []byte) *Month {
	lead := agent("3")
	lead.Role = "组长"
	newbie := agent("2")
	newbie.Hired = nov(10)
	newbie.Salary = nd("3000")
	m := month(agent("1"), newbie, lead)
	m.ComplaintsGiven = len(data)%2 == 1
	m.WorkloadGiven = len(data)%3 == 1
	m.Prev["1"] = Previous{Score: dec("50"), Last: true}
	ids := []string{"1", "2", "3", "9"}
	items := []string{"突发事件", "投诉", "", "迟到", "额外奖惩"}
	for i := 0; i+6 <= len(data); i += 6 {
		b := data[i : i+6]
		id := ids[int(b[1])%len(ids)]
		date := time.Date(2026, time.November, int(b[2]%32), 0, 0, 0, 0, time.UTC)
		pts := decimal.New(int64(int8(b[3])), -1) // −12.8 … 12.7
		n := int(int8(b[4]))
		switch b[0] % 7 {
		case 0, 1:
			item := items[int(b[5])%len(items)]
			if k := int(b[5]) % (len(r.Catalogue) + len(items)); k < len(r.Catalogue) {
				item = r.Catalogue[k].Code
			}
			e := Event{ID: id, Date: date, Item: item, Times: n % 5, OverdueMin: int(b[3]) - 20, Note: "说明", Compensation: decimal.NewFromInt(int64(b[5]) * 10)}
			if b[0]&8 != 0 {
				e.Points = decimal.NewNullDecimal(pts)
			}
			m.Events = append(m.Events, e)
		case 2:
			m.Days = append(m.Days, Day{ID: id, Date: date, Late: b[5]&1 != 0, Early: b[5]&2 != 0, Absent: b[5]&4 != 0,
				LateMin: n, EarlyMin: int(b[3]), MissingPunches: int(b[5] >> 6), WorkedMin: int(b[3]) * 3})
		case 3:
			q := QARecord{ID: id, Date: date, Errors: n % 7, Total: decimal.NewNullDecimal(decimal.NewFromInt(int64(b[3])))}
			if b[5]&1 != 0 {
				q.ErrorPoints = decimal.NewNullDecimal(pts)
			}
			m.QA = append(m.QA, q)
		case 4:
			m.Exams = append(m.Exams, Exam{ID: id, Score: decimal.NewFromInt(int64(b[3])), Full: decimal.NewFromInt(int64(b[5]))})
		case 5:
			m.Complaints = append(m.Complaints, Complaint{ID: id, Date: date, Valid: b[5]&1 != 0})
			m.Workload = append(m.Workload, Workload{ID: id, Handled: decimal.NewFromInt(int64(b[3]))})
		case 6:
			m.Adjustments = append(m.Adjustments, Adjustment{ID: id, Points: pts, Reason: items[int(b[5])%len(items)]})
		}
	}
	return m
}

func FuzzAppraise(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 3, 20, 9, 22, 0, 0, 4, 20, 9, 12})
	f.Add([]byte{1, 1, 5, 200, 4, 3, 2, 0, 6, 40, 30, 5, 3, 0, 7, 90, 3, 1, 4, 0, 8, 50, 0, 100})
	f.Add([]byte{6, 2, 1, 50, 1, 1, 6, 2, 1, 30, 1, 2, 5, 0, 9, 10, 1, 0, 8, 0, 0, 127, 100, 40})
	f.Add([]byte("S03S03S03S03S03S03S03S03S03S03S03S03B03B03B03B03"))
	r := DefaultRules()
	lo, hi := decimal.NewFromInt(-300), decimal.NewFromInt(300)
	f.Fuzz(func(t *testing.T, data []byte) {
		m := monthFromBytes(r, data)
		res := appraise(m, r, 1, minShardRows) // no recover: a panic fails the test
		if d := diffResults(res, appraise(m, r, 2, 1)); d != "" {
			t.Fatalf("split phases: results differ: %s", d)
		}
		if len(res.Rows) != 3 {
			t.Fatalf("rows = %d; want 3", len(res.Rows))
		}
		for _, a := range res.Rows {
			if a.Final.LessThan(r.Floor) || a.Final.GreaterThan(r.Cap) {
				t.Errorf("final(%s) = %v; want 0…110", a.ID, a.Final)
			}
			if a.Float.LessThan(lo) || a.Float.GreaterThan(hi) {
				t.Errorf("float(%s) = %v; want −300…300", a.ID, a.Float)
			}
			if a.Grade == "" || a.Rank < 1 {
				t.Errorf("row(%s) grade %q rank %d; want both set", a.ID, a.Grade, a.Rank)
			}
		}
	})
}
