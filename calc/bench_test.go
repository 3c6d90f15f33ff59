package calc

import (
	"fmt"
	"testing"
	"time"
)

// benchMonth builds a month of n agents in four teams: a row for every
// workday, a few late arrivals, leaves and absences, two QA rows, an exam
// and an event for every tenth agent.
func benchMonth(n int) *Month {
	m := month()
	m.Prev = map[string]Previous{}
	r := DefaultRules()
	teams := []string{"一组", "二组", "三组", "四组"}
	for i := range n {
		e := agent(fmt.Sprintf("KF%05d", i+1))
		e.Team = teams[i%len(teams)]
		e.Salary = nd("5000")
		m.Employees = append(m.Employees, e)
		for d := 1; d <= 30; d++ {
			date := nov(d)
			if !r.Workday(date) {
				continue
			}
			dy := Day{ID: e.ID, Date: date, Status: "正常", WorkedMin: 540, Loc: Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "I2"}}
			switch (i + d) % 37 {
			case 0:
				dy.Status, dy.Late, dy.LateMin = "迟到", true, 1+(i+d)%25
			case 1:
				dy.Status, dy.Leave = "事假", "事假"
			case 2:
				if i%50 == 0 {
					dy.Status, dy.Absent = "旷工", true
				}
			}
			m.Days = append(m.Days, dy)
		}
		for q := range 2 {
			rec := QARecord{ID: e.ID, Date: nov(3 + 10*q), Inspector: "质检", Total: nd("90"), Loc: Loc{File: "质检.xlsx", Sheet: "质检", Cell: "第2行"}}
			for range r.QAItems {
				rec.Items = append(rec.Items, nd("18"))
			}
			if (i+q)%7 == 0 {
				rec.Errors = 1
			}
			m.QA = append(m.QA, rec)
		}
		m.Exams = append(m.Exams, Exam{ID: e.ID, Date: nov(25), Score: dec(fmt.Sprint(55 + i%45)), Full: dec("100")})
		if i%10 == 0 {
			m.Events = append(m.Events, ev(e.ID, "L04", 5+i%20))
			m.Events[len(m.Events)-1].Points = nd("3")
		}
	}
	m.ComplaintsGiven = true
	return m
}

func benchAppraise(b *testing.B, n int) {
	m := benchMonth(n)
	r := DefaultRules()
	b.ReportAllocs()
	b.ResetTimer()
	var res *Result
	for b.Loop() {
		res = Appraise(m, r)
	}
	b.StopTimer()
	if len(res.Rows) != n || countLevel(res, Error) != 0 {
		b.Fatalf("Appraise: %d rows, %d errors; want %d rows, no error", len(res.Rows), countLevel(res, Error), n)
	}
}

// BenchmarkAppraise1k appraises 1,000 agents (about 21,000 attendance days).
func BenchmarkAppraise1k(b *testing.B) { benchAppraise(b, 1000) }

// BenchmarkAppraise10k appraises 10,000 agents (about 210,000 days).
func BenchmarkAppraise10k(b *testing.B) { benchAppraise(b, 10000) }

var _ = time.November
