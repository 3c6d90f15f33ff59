package calc

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestEveryRule logs each rule of the catalogue once and checks the raw
// total and the sum it lands in.
func TestEveryRule(t *testing.T) {
	r := DefaultRules()
	for _, rl := range r.Catalogue {
		if rl.Code == "S05" {
			continue // derived only (D23); logging it is an error (TestOneFact)
		}
		lead := agent("1001")
		lead.Role = "组长"
		m := month(lead)
		e := ev("1001", rl.Code, 10)
		if !rl.Min.Equal(rl.Max) || rl.Category == Discretionary {
			e.Points = decimal.NewNullDecimal(rl.Max)
		}
		e.Note = "测试理由"
		m.Events = []Event{e}
		res := Appraise(m, r)
		a := row(t, res, "1001")
		if n := countLevel(res, Error); n != 0 {
			t.Errorf("Appraise(%v): %d errors %v; want none", rl.Code, n, res.Problems)
		}
		if got := codes(res, "1001"); !slices.Equal(got, []string{rl.Code}) {
			t.Errorf("Appraise(%v) events = %v; want [%v]", rl.Code, got, rl.Code)
		}
		var want decimal.Decimal
		var sum decimal.Decimal
		switch rl.Category {
		case Bonus:
			want, sum = dec("85"), a.Bonus
		case Light:
			want, sum = dec("80").Sub(rl.Max), a.Light
		case Medium:
			want, sum = dec("70"), a.Medium
		case Severe:
			want, sum = dec("60"), a.Severe
			if rl.Code == "S05" {
				sum = a.Extra
			}
		case Dismissal:
			want, sum = dec("80"), decimal.Zero
			if !hasFlag(a, "直接辞退情形（需人工复核）") {
				t.Errorf("Appraise(%v) flags = %v; want 直接辞退情形", rl.Code, a.Flags)
			}
		case Discretionary:
			want, sum = dec("85"), a.Adjust
		}
		if !a.Raw.Equal(want) {
			t.Errorf("Appraise(%v).Raw = %v; want %v", rl.Code, a.Raw, want)
		}
		if rl.Category != Dismissal && !sum.Equal(rl.Max) {
			t.Errorf("Appraise(%v) category sum = %v; want %v", rl.Code, sum, rl.Max)
		}
	}
}

func TestFinalClamp(t *testing.T) {
	for _, c := range []struct {
		name       string
		events     []Event
		raw, final string
		grade      string
		float      string
	}{
		{"raw 115", []Event{{Item: "B03", Times: 7}}, "115", "110", "A", "300"},
		{"raw -12", []Event{{Item: "S03", Times: 4}, {Item: "L11", Times: 2}, {Item: "L01"}}, "-12", "0", "不合格", "-300"},
		{"91", []Event{{Item: "B03", Times: 3}, {Item: "L01"}, {Item: "L02"}}, "91", "91", "A", "110"},
		{"89", []Event{{Item: "B03", Times: 2}, {Item: "L09", Points: nd("1")}}, "89", "89", "B", "90"},
		{"80", nil, "80", "80", "B", "0"},
		{"68", []Event{{Item: "M01"}, {Item: "L12"}}, "68", "68", "D", "-120"},
	} {
		m := month(agent("1"))
		for i := range c.events {
			c.events[i].ID, c.events[i].Date = "1", nov(3)
		}
		m.Events = c.events
		res := Appraise(m, DefaultRules())
		a := row(t, res, "1")
		if !a.Raw.Equal(dec(c.raw)) || !a.Final.Equal(dec(c.final)) || a.Grade != c.grade || !a.Float.Equal(dec(c.float)) {
			t.Errorf("Appraise(%v) = raw %v final %v %v %v; want %v %v %v %v", c.name, a.Raw, a.Final, a.Grade, a.Float, c.raw, c.final, c.grade, c.float)
		}
	}
}

func TestDismissFlag(t *testing.T) {
	for _, c := range []struct {
		times int
		final string
		flag  bool
	}{
		{1, "60", false}, // 80 − 20
		{2, "40", true},  // severe rules do not count towards S05
	} {
		m := month(agent("1"))
		m.Events = []Event{{ID: "1", Date: nov(2), Item: "S03", Times: c.times}}
		a := row(t, Appraise(m, nil), "1")
		if !a.Final.Equal(dec(c.final)) || hasFlag(a, "可解除劳动合同（需人工复核）") != c.flag {
			t.Errorf("Appraise(S03×%d) = %v flags %v; want %v flag %v", c.times, a.Final, a.Flags, c.final, c.flag)
		}
	}
}

func TestS05(t *testing.T) {
	for _, c := range []struct {
		name     string
		distinct bool
		events   []Event
		days     []Day
		want     bool
	}{
		{"4 light", false, []Event{{Item: "L01", Times: 4}}, nil, true},
		{"4 light rows", false, []Event{{Item: "L01"}, {Item: "L02"}, {Item: "L03"}, {Item: "L12"}}, nil, true},
		{"3 light", false, []Event{{Item: "L01", Times: 3}}, nil, false},
		{"2 medium", false, []Event{{Item: "M01"}, {Item: "M02"}}, nil, true},
		{"1 medium", false, []Event{{Item: "M01"}}, nil, false},
		{"3 light + 1 medium", false, []Event{{Item: "L01", Times: 3}, {Item: "M01"}}, nil, false},
		{"4 late days", false, nil, []Day{{Date: nov(2), Late: true}, {Date: nov(3), Late: true}, {Date: nov(4), Early: true}, {Date: nov(5), LateMin: 3}}, true},
		{"2 light + 2 late", false, []Event{{Item: "L01", Times: 2}}, []Day{{Date: nov(2), Late: true}, {Date: nov(3), Late: true}}, true},
		{"distinct: 1 rule 4 times", true, []Event{{Item: "L01", Times: 4}}, nil, false},
		{"distinct: 4 rules", true, []Event{{Item: "L01"}, {Item: "L02"}, {Item: "L03"}, {Item: "L12"}}, nil, true},
		{"distinct: 2 medium rules", true, []Event{{Item: "M01"}, {Item: "M02"}}, nil, true},
		{"logged S05 not doubled", false, []Event{{Item: "L01", Times: 4}, {Item: "S05"}}, nil, true},
	} {
		r := DefaultRules()
		r.S05Distinct = c.distinct
		m := month(agent("1"))
		for i := range c.events {
			c.events[i].ID, c.events[i].Date = "1", nov(10)
		}
		for i := range c.days {
			c.days[i].ID = "1"
		}
		m.Events, m.Days = c.events, c.days
		res := Appraise(m, r)
		a := row(t, res, "1")
		n := strings.Count(strings.Join(codes(res, "1"), " "), "S05")
		wantExtra := "0"
		if c.want {
			wantExtra = "20"
		}
		if (n == 1) != c.want || n > 1 || !a.Extra.Equal(dec(wantExtra)) {
			t.Errorf("S05(%v) = %d S05 events, extra %v; want %v", c.name, n, a.Extra, c.want)
		}
	}
}

func TestLateAttendance(t *testing.T) {
	for _, c := range []struct {
		min   int
		pts   string
		mark  bool
		leave string
	}{
		{0, "2", false, ""}, {1, "2", false, ""}, {5, "2", false, ""}, {6, "3", false, ""}, {10, "3", false, ""},
		{11, "4", false, ""}, {15, "4", false, ""}, {16, "5", false, ""}, {19, "5", false, ""},
		{20, "5", true, ""}, {45, "5", true, ""}, {25, "5", false, "事假"},
	} {
		m := month(agent("1"))
		m.Days = []Day{{ID: "1", Date: nov(4), Status: "迟到", Late: true, LateMin: c.min, Leave: c.leave}}
		res := Appraise(m, nil)
		a := row(t, res, "1")
		if len(res.Events) != 1 || res.Events[0].Rule.Code != "L04" || !res.Events[0].Points.Equal(dec(c.pts).Neg()) || !res.Events[0].Derived {
			t.Errorf("late %d min: events %v; want one derived L04 of -%v", c.min, res.Events, c.pts)
			continue
		}
		if got := hasNote(a, "违纪（请假制度 八）"); got != c.mark {
			t.Errorf("late %d min (leave %q): 违纪 note %v; want %v", c.min, c.leave, got, c.mark)
		}
		if st := res.Attendance[0]; st.Late != 1 || st.LateMin != c.min {
			t.Errorf("late %d min: stat %+v; want Late 1 LateMin %d", c.min, st, c.min)
		}
	}
	// Early leave uses the same tiers.
	m := month(agent("1"))
	m.Days = []Day{{ID: "1", Date: nov(4), Early: true, EarlyMin: 12}}
	res := Appraise(m, nil)
	if a := row(t, res, "1"); !a.Light.Equal(dec("4")) || res.Attendance[0].Early != 1 {
		t.Errorf("early 12 min: light %v stat %+v; want 4, Early 1", a.Light, res.Attendance[0])
	}
}

func TestAbsenceAndWarnings(t *testing.T) {
	m := month(agent("1"))
	m.Days = []Day{
		{ID: "1", Date: nov(2), Status: "旷工", Absent: true},
		{ID: "1", Date: nov(3), Absent: true},
		{ID: "1", Date: nov(4), Status: "缺卡", MissingPunches: 1, Loc: Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "第5行"}},
		{ID: "1", Date: nov(5), Status: "正常", WorkedMin: 660},
		{ID: "1", Date: nov(6), Status: "病假"},
		{ID: "1", Date: nov(7), Status: "休息"},
		{ID: "1", Date: nov(6), Status: "正常"}, // duplicate day
		{ID: "1", Date: day(2026, 12, 1), Status: "旷工", Absent: true},
	}
	res := Appraise(m, nil)
	a := row(t, res, "1")
	if got := codes(res, "1"); !slices.Equal(got, []string{"S01", "S01"}) {
		t.Errorf("absence codes = %v; want [S01 S01]", got)
	}
	if !a.Severe.Equal(dec("40")) {
		t.Errorf("absence severe = %v; want 40", a.Severe)
	}
	st := res.Attendance[0]
	if st.Absent != 2 || st.MissingPunches != 1 || st.LongShifts != 1 || st.Leave["病假"] != 1 || st.WorkDays != 2 {
		t.Errorf("attendance stat = %+v; want Absent 2, MissingPunches 1, LongShifts 1, 病假 1, WorkDays 2", st)
	}
	if ps := problemsAt(res, Warning, "缺卡"); len(ps) != 1 || ps[0].Loc.Cell != "第5行" || ps[0].ID != "1" {
		t.Errorf("missing punch problems = %v; want one warning at 第5行", ps)
	}
	for _, sub := range []string{"1个班次工作分钟超过连续工作上限480分钟，最长为11月5日：首末打卡间隔660分钟 − 休息60分钟 = 工作600分钟；超过的班次：11月5日600分钟", "重复", "不在考核月份"} {
		if len(problemsAt(res, Warning, sub)) != 1 {
			t.Errorf("problems = %v; want one warning containing %q", res.Problems, sub)
		}
	}
	if countLevel(res, Error) != 0 {
		t.Errorf("problems = %v; want no errors", res.Problems)
	}
}

func TestIncidents(t *testing.T) {
	for _, c := range []struct {
		item    string
		overdue int
		want    string
		level   Level
		sub     string
	}{
		{"突发事件", 10, "L13", -1, ""},
		{"突发事件", 11, "M08", -1, ""},
		{"突发事件", 30, "M08", -1, ""},
		{"突发事件", 31, "S06", -1, ""},
		{"未在流程控制时间内处理突发事件", 5, "L13", -1, ""},
		{"L13", 0, "L13", -1, ""},
		{"M08", 0, "M08", -1, ""},
		{"L13", 25, "M08", Warning, "应为 M08"},
		{"突发事件", 0, "", Error, "超时分钟"},
		{"突发事件", -3, "", Error, "负数"},
	} {
		m := month(agent("1"))
		e := ev("1", c.item, 9)
		e.OverdueMin = c.overdue
		m.Events = []Event{e}
		res := Appraise(m, nil)
		got := strings.Join(codes(res, "1"), " ")
		if got != c.want {
			t.Errorf("incident(%v, %d min) = %q; want %q", c.item, c.overdue, got, c.want)
		}
		if c.sub != "" && len(problemsAt(res, c.level, c.sub)) != 1 {
			t.Errorf("incident(%v, %d min) problems = %v; want a %v containing %q", c.item, c.overdue, res.Problems, c.level, c.sub)
		}
		if c.sub == "" && countLevel(res, Error)+countLevel(res, Warning) != 0 {
			t.Errorf("incident(%v, %d min) problems = %v; want none", c.item, c.overdue, res.Problems)
		}
	}
}

func TestExams(t *testing.T) {
	for _, c := range []struct {
		score, full string
		want        string
		bad         bool
	}{
		{"100", "100", "B02", false},
		{"100", "0", "B02", false},
		{"60", "100", "", false},
		{"59.5", "100", "M07", false},
		{"150", "150", "B02", false},
		{"90", "150", "", false},
		{"89.5", "150", "M07", false},
		{"100", "150", "", false},
		{"60", "150", "M07", false},
		{"59.5", "150", "M07", false},
		{"60", "0", "", false},
		{"101", "100", "", true},
		{"-1", "100", "", true},
	} {
		m := month(agent("1"))
		m.Exams = []Exam{{ID: "1", Date: nov(20), Score: dec(c.score), Full: dec(c.full)}}
		res := Appraise(m, nil)
		if got := strings.Join(codes(res, "1"), " "); got != c.want || (countLevel(res, Error) > 0) != c.bad {
			t.Errorf("exam(%v/%v) = %q, problems %v; want %q, error %v", c.score, c.full, got, res.Problems, c.want, c.bad)
		}
	}
	// Each exam counts.
	m := month(agent("1"))
	m.Exams = []Exam{{ID: "1", Score: dec("100")}, {ID: "1", Score: dec("100")}}
	if a := row(t, Appraise(m, nil), "1"); !a.Bonus.Equal(dec("10")) {
		t.Errorf("two full-mark exams: bonus %v; want 10", a.Bonus)
	}
}

func TestQA(t *testing.T) {
	r := DefaultRules()
	m := month(agent("1"), agent("2"), agent("3"))
	items := func(vs ...string) []decimal.NullDecimal {
		var out []decimal.NullDecimal
		for _, v := range vs {
			out = append(out, nd(v))
		}
		return out
	}
	m.QA = []QARecord{
		{ID: "1", Date: nov(3), Total: nd("90"), Errors: 2},
		{ID: "1", Date: nov(10), Items: items("18", "18", "17", "16", "16"), Errors: 1, ErrorPoints: nd("5")},
		{ID: "2", Date: nov(3), Total: nd("80"), Errors: 1, ErrorPoints: nd("6"), Loc: Loc{File: "质检.xlsx", Cell: "第4行"}},
	}
	res := Appraise(m, r)
	a := row(t, res, "1")
	if !a.Light.Equal(dec("9")) || a.QACount != 2 || !a.QAAvg.Decimal.Equal(dec("87.5")) {
		t.Errorf("QA(1) = light %v count %v avg %v; want 9, 2, 87.5", a.Light, a.QACount, a.QAAvg)
	}
	if ps := problemsAt(res, Error, "差错扣分 6"); len(ps) != 1 || ps[0].Loc.Cell != "第4行" {
		t.Errorf("QA(2) problems = %v; want an error at 第4行 for 差错扣分 6", res.Problems)
	}
	if b := row(t, res, "2"); !b.Light.IsZero() || !b.QAAvg.Decimal.Equal(dec("80")) {
		t.Errorf("QA(2) = light %v avg %v; want 0, 80", b.Light, b.QAAvg)
	}
	if ps := problemsAt(res, Warning, "质检0次"); len(ps) != 1 || ps[0].ID != "3" {
		t.Errorf("coverage problems = %v; want one warning for 3", ps)
	}
	q := res.QA[0]
	if q.Count != 2 || q.Errors != 3 || !q.ItemAvg[0].Decimal.Equal(dec("18")) || !q.Covered || res.QA[2].Covered {
		t.Errorf("QAStat = %+v; want count 2, errors 3, first item avg 18, covered", q)
	}
}

func TestComplaintsB05(t *testing.T) {
	m := month(agent("1"), agent("2"), agent("3"))
	m.ComplaintsGiven = true
	m.Complaints = []Complaint{
		{ID: "1", Date: nov(5), Valid: true},
		{ID: "2", Date: nov(6), Valid: false},
	}
	m.Events = []Event{ev("3", "B05", 30)}
	res := Appraise(m, nil)
	for _, c := range []struct {
		id, bonus string
	}{{"1", "0"}, {"2", "5"}, {"3", "5"}} {
		if a := row(t, res, c.id); !a.Bonus.Equal(dec(c.bonus)) {
			t.Errorf("B05(%v) bonus = %v; want %v", c.id, a.Bonus, c.bonus)
		}
	}
	if ps := problemsAt(res, Error, "B05"); len(ps) != 1 || ps[0].ID != "3" {
		t.Errorf("B05 problems = %v; want one error for 3", res.Problems)
	}
	if a := row(t, res, "1"); !a.Severe.IsZero() {
		t.Errorf("valid complaint severe = %v; want 0 (S02 only from the log)", a.Severe)
	}
	// Without the sheet, B05 only from the log, once.
	m = month(agent("1"), agent("2"))
	m.Events = []Event{ev("1", "B05", 30), ev("1", "当月有效投诉率为零", 30)}
	res = Appraise(m, nil)
	if a, b := row(t, res, "1"), row(t, res, "2"); !a.Bonus.Equal(dec("5")) || !b.Bonus.IsZero() || len(problemsAt(res, Error, "至多")) != 1 {
		t.Errorf("B05 without sheet = %v, %v, %v; want 5, 0 and one 至多 error", a.Bonus, b.Bonus, res.Problems)
	}
}

func TestWorkloadB01(t *testing.T) {
	qa := func(id, total string) QARecord { return QARecord{ID: id, Date: nov(3), Total: nd(total)} }
	wl := func(id, n string) Workload { return Workload{ID: id, Handled: dec(n)} }
	for _, c := range []struct {
		name   string
		qa     []QARecord
		wl     []Workload
		events []Event
		want   string
		info   string
	}{
		{"single leader", []QARecord{qa("1", "95"), qa("2", "90")}, []Workload{wl("1", "500"), wl("2", "400")}, nil, "1", ""},
		{"workload tie", []QARecord{qa("1", "95"), qa("2", "90")}, []Workload{wl("1", "500"), wl("2", "500")}, nil, "", "并列第一"},
		{"qa tie", []QARecord{qa("1", "95"), qa("2", "95")}, []Workload{wl("1", "500"), wl("2", "400")}, nil, "", "并列第一"},
		{"different leaders", []QARecord{qa("1", "90"), qa("2", "95")}, []Workload{wl("1", "500"), wl("2", "400")}, nil, "", "不是同一人"},
		{"leader violated", []QARecord{qa("1", "95"), qa("2", "90")}, []Workload{wl("1", "500"), wl("2", "400")}, []Event{ev("1", "L01", 4)}, "", "有违规"},
	} {
		m := month(agent("1"), agent("2"))
		m.WorkloadGiven = true
		m.QA, m.Workload, m.Events = c.qa, c.wl, c.events
		res := Appraise(m, nil)
		got := ""
		for _, e := range res.Events {
			if e.Rule.Code == "B01" {
				got += e.ID
			}
		}
		if got != c.want || (c.info != "" && len(problemsAt(res, Info, c.info)) != 1) {
			t.Errorf("B01(%v) = %q, problems %v; want %q with info %q", c.name, got, res.Problems, c.want, c.info)
		}
	}
	// A logged B01 with a workload sheet is an error; without one it counts.
	for _, given := range []bool{true, false} {
		m := month(agent("1"))
		m.WorkloadGiven = given
		m.Events = []Event{ev("1", "B01", 30)}
		res := Appraise(m, nil)
		if a := row(t, res, "1"); a.Bonus.IsZero() != given || (len(problemsAt(res, Error, "B01")) == 1) != given {
			t.Errorf("logged B01 (workload given %v): bonus %v problems %v", given, a.Bonus, res.Problems)
		}
	}
}

func TestAdjustments(t *testing.T) {
	lead := agent("9")
	lead.Role = "班长"
	loc := Loc{File: "额外奖惩.xlsx", Sheet: "Sheet1", Cell: "第2行"}
	for _, c := range []struct {
		name   string
		adj    []Adjustment
		adjust string
		sub    string
	}{
		{"ok", []Adjustment{{ID: "9", Points: dec("4"), Reason: "带教新人"}}, "4", ""},
		{"negative", []Adjustment{{ID: "9", Points: dec("-5"), Reason: "管理不到位"}}, "-5", ""},
		{"non-leader", []Adjustment{{ID: "1", Points: dec("3"), Reason: "好", Loc: loc}}, "0", "只适用于"},
		{"no reason", []Adjustment{{ID: "9", Points: dec("3"), Loc: loc}}, "0", "未写理由"},
		{"out of range", []Adjustment{{ID: "9", Points: dec("6"), Reason: "好", Loc: loc}}, "0", "超出范围（-5 到 5）"},
		{"twice", []Adjustment{{ID: "9", Points: dec("2"), Reason: "好"}, {ID: "9", Points: dec("3"), Reason: "又好", Loc: loc}}, "2", "至多一次"},
		{"unknown id", []Adjustment{{ID: "77", Points: dec("2"), Reason: "好", Loc: loc}}, "0", "不在花名册"},
	} {
		m := month(agent("1"), lead)
		m.Adjustments = c.adj
		res := Appraise(m, nil)
		a := row(t, res, "9")
		if !a.Adjust.Equal(dec(c.adjust)) {
			t.Errorf("adjust(%v) = %v; want %v", c.name, a.Adjust, c.adjust)
		}
		if c.sub == "" {
			if countLevel(res, Error)+countLevel(res, Warning) != 0 {
				t.Errorf("adjust(%v) problems = %v; want none", c.name, res.Problems)
			}
			continue
		}
		if ps := problemsAt(res, Error, c.sub); len(ps) != 1 || ps[0].Loc != loc {
			t.Errorf("adjust(%v) problems = %v; want one error %q at %v", c.name, res.Problems, c.sub, loc)
		}
	}
}

func TestEventValidation(t *testing.T) {
	loc := Loc{File: "奖惩.xlsx", Sheet: "十一月", Cell: "第8行"}
	for _, c := range []struct {
		name string
		e    Event
		sub  string
	}{
		{"unknown item", Event{ID: "1", Date: nov(3), Item: "上天入地"}, "未知项目"},
		{"ambiguous item", Event{ID: "1", Date: nov(3), Item: "投诉"}, "不唯一"},
		{"points out of range", Event{ID: "1", Date: nov(3), Item: "L08", Points: nd("6")}, "应在 2–5"},
		{"fixed rule other points", Event{ID: "1", Date: nov(3), Item: "L01", Points: nd("3")}, "固定分值"},
		{"range rule no points", Event{ID: "1", Date: nov(3), Item: "L04"}, "须填写分值"},
		{"outside month", Event{ID: "1", Date: day(2026, 10, 31), Item: "L01"}, "不在考核月份"},
		{"no date", Event{ID: "1", Item: "L01"}, "不在考核月份"},
		{"unknown id", Event{ID: "404", Date: nov(3), Item: "L01"}, "不在花名册"},
		{"left employee", Event{ID: "5", Date: nov(3), Item: "L01"}, "不在职"},
		{"negative times", Event{ID: "1", Date: nov(3), Item: "L01", Times: -1}, "负数"},
		{"A01 without points", Event{ID: "1", Date: nov(3), Item: "A01", Note: "好"}, "须填写分值"},
		{"negative compensation", Event{ID: "1", Date: nov(3), Item: "S04", Compensation: dec("-5")}, "赔偿金额"},
		{"monthly rule twice in one row", Event{ID: "1", Date: nov(3), Item: "B05", Times: 2}, "至多"},
	} {
		gone := agent("5")
		gone.Left = day(2026, 9, 30)
		m := month(agent("1"), gone)
		c.e.Loc = loc
		m.Events = []Event{c.e}
		res := Appraise(m, nil)
		ps := problemsAt(res, Error, c.sub)
		if len(ps) != 1 || ps[0].Loc != loc {
			t.Errorf("validate(%v) problems = %v; want one error %q at %v", c.name, res.Problems, c.sub, loc)
		}
		if c.name != "negative compensation" && len(res.Events) != 0 {
			t.Errorf("validate(%v) events = %v; want none scored", c.name, res.Events)
		}
	}
}

func TestRanksAndLast(t *testing.T) {
	emps := []Employee{agent("1"), agent("2"), agent("3"), agent("4"), agent("5")}
	emps[3].Team, emps[4].Team = "二组", "二组"
	m := month(emps...)
	// finals: 1 → 85, 2 → 80, 3 → 80, 4 → 70, 5 → 70
	m.Events = []Event{ev("1", "B03", 2), ev("4", "M01", 2), ev("5", "M02", 2)}
	res := Appraise(m, nil)
	for _, c := range []struct {
		id         string
		rank, team int
		last       bool
	}{{"1", 1, 1, false}, {"2", 2, 2, false}, {"3", 2, 2, false}, {"4", 4, 1, true}, {"5", 4, 1, true}} {
		a := row(t, res, c.id)
		if a.Rank != c.rank || a.TeamRank != c.team || a.Last != c.last {
			t.Errorf("rank(%v) = %d, %d, last %v; want %d, %d, %v", c.id, a.Rank, a.TeamRank, a.Last, c.rank, c.team, c.last)
		}
	}
	if len(res.Teams) != 2 || res.Teams[0].Team != "一组" || res.Teams[0].Count != 3 || !res.Teams[1].Avg.Equal(dec("70")) || res.Teams[0].Grades["B"] != 3 {
		t.Errorf("teams = %+v; want 一组 ×3 (B ×3), 二组 avg 70", res.Teams)
	}
	if res.Grades["B"] != 3 || res.Grades["C"] != 2 {
		t.Errorf("grades = %v; want B 3, C 2", res.Grades)
	}
}

func TestTwoMonthsLast(t *testing.T) {
	for _, c := range []struct {
		name      string
		prevGiven bool
		prev      Previous
		events    []Event // for employee 2; employee 1 stays at 80
		flag      bool
		info      bool
	}{
		{"both low and last", true, Previous{Score: dec("65"), Last: true}, []Event{ev("2", "S03", 3)}, true, false},
		{"prev not last", true, Previous{Score: dec("65"), Last: false}, []Event{ev("2", "S03", 3)}, false, false},
		{"prev 70", true, Previous{Score: dec("70"), Last: true}, []Event{ev("2", "S03", 3)}, false, false},
		{"now 70", true, Previous{Score: dec("65"), Last: true}, []Event{ev("2", "M01", 3)}, false, false},
		{"no previous month", false, Previous{}, []Event{ev("2", "S03", 3)}, false, true},
	} {
		m := month(agent("1"), agent("2"))
		m.PrevGiven = c.prevGiven
		if c.prevGiven {
			m.Prev["2"] = c.prev
		}
		m.Events = c.events
		res := Appraise(m, nil)
		a := row(t, res, "2")
		if !a.Last || hasFlag(a, "连续两月末位且低于70分（需人工复核）") != c.flag {
			t.Errorf("D13(%v) = last %v flags %v; want last, flag %v", c.name, a.Last, a.Flags, c.flag)
		}
		if got := len(problemsAt(res, Info, "连续两月末位")); got != map[bool]int{true: 1, false: 0}[c.info] {
			t.Errorf("D13(%v) info problems = %d; want info %v", c.name, got, c.info)
		}
	}
}

func TestTenureFloat(t *testing.T) {
	for _, c := range []struct {
		hired  time.Time
		tenure int
		floats bool
	}{
		{nov(1), 1, false},
		{day(2026, 10, 31), 2, false},
		{day(2026, 9, 30), 3, true},
		{day(2026, 9, 1), 3, true},
	} {
		e := agent("1")
		e.Hired = c.hired
		m := month(e)
		m.Events = []Event{ev("1", "B03", 20)}
		a := row(t, Appraise(m, nil), "1")
		wantFloat := "0"
		if c.floats {
			wantFloat = "50"
		}
		if a.Tenure != c.tenure || a.Floats != c.floats || !a.Float.Equal(dec(wantFloat)) || hasNote(a, "未满三个月不浮动") == c.floats {
			t.Errorf("tenure(hired %v) = %d floats %v float %v notes %v; want %d %v %v", c.hired.Format("2006-01-02"), a.Tenure, a.Floats, a.Float, a.Notes, c.tenure, c.floats, wantFloat)
		}
	}
}

func TestEmployedInMonth(t *testing.T) {
	left := agent("2")
	left.Left = day(2026, 10, 31)
	leftNov1 := agent("3")
	leftNov1.Left = nov(1)
	future := agent("4")
	future.Hired = day(2026, 12, 1)
	newcomer := agent("5")
	newcomer.Hired = nov(30)
	res := Appraise(month(agent("1"), left, leftNov1, future, newcomer), nil)
	var ids []string
	for _, a := range res.Rows {
		ids = append(ids, a.ID)
	}
	if !slices.Equal(ids, []string{"1", "3", "5"}) {
		t.Errorf("rows = %v; want [1 3 5]", ids)
	}
}

func TestResignation(t *testing.T) {
	for _, c := range []struct {
		name                      string
		leftType                  string
		onDuty, regular, leftDate time.Time
		probation, firstMonth     bool
	}{
		{"probation and first month", "主动辞职", day(2026, 10, 20), time.Time{}, nov(15), true, true},
		{"probation only", "辞职", day(2026, 8, 1), day(2027, 1, 1), nov(15), true, false},
		{"regular", "主动辞职", day(2026, 1, 1), day(2026, 4, 1), nov(15), false, false},
		{"dismissed", "辞退", day(2026, 10, 20), time.Time{}, nov(15), false, false},
	} {
		e := agent("1")
		e.Hired, e.OnDuty, e.Regular, e.Left, e.LeftType = day(2026, 10, 1), c.onDuty, c.regular, c.leftDate, c.leftType
		a := row(t, Appraise(month(e), nil), "1")
		if hasFlag(a, "试用期内辞职（需人工复核）") != c.probation || hasFlag(a, "上岗一个月内辞职（需人工复核）") != c.firstMonth {
			t.Errorf("resign(%v) flags = %v; want probation %v, first month %v", c.name, a.Flags, c.probation, c.firstMonth)
		}
		for _, f := range a.Flags {
			if !strings.Contains(f.Reason, "第二十二条、第三十条") || !strings.Contains(f.Reason, "注意事项") {
				t.Errorf("resign(%v) reason = %q; want the policy and the labour law caution", c.name, f.Reason)
			}
		}
	}
}

func TestCompensation(t *testing.T) {
	for _, c := range []struct {
		amount string
		flag   bool
	}{{"600", false}, {"1000", true}} {
		e := agent("1")
		e.Salary = nd("3000")
		m := month(e)
		s := ev("1", "S04", 12)
		s.Compensation = dec(c.amount)
		m.Events = []Event{s}
		a := row(t, Appraise(m, nil), "1")
		if !a.Compensation.Equal(dec(c.amount)) || hasFlag(a, "赔偿扣款超过月基本工资20%") != c.flag {
			t.Errorf("compensation(%v) = %v flags %v; want %v, flag %v", c.amount, a.Compensation, a.Flags, c.amount, c.flag)
		}
		if c.flag && !strings.Contains(a.Flags[0].Reason, "第十六条") {
			t.Errorf("compensation(%v) reason = %q; want 工资支付暂行规定 第十六条", c.amount, a.Flags[0].Reason)
		}
	}
}

func TestEarlyRegularNote(t *testing.T) {
	for _, c := range []struct {
		hired   time.Time
		regular time.Time
		bonus   int
		want    bool
	}{
		{day(2026, 8, 1), time.Time{}, 3, true},  // no 转正日期, hired 4 months ago
		{day(2026, 5, 31), time.Time{}, 3, true}, // six months end on 2026-11-30
		{day(2026, 5, 1), time.Time{}, 3, false}, // past the legal six months
		{day(2024, 1, 1), day(2027, 1, 1), 3, true},
		{day(2024, 1, 1), day(2026, 11, 30), 3, false},
		{day(2026, 8, 1), time.Time{}, 2, false}, // 90 is B
	} {
		e := agent("1")
		e.Hired, e.Regular = c.hired, c.regular
		m := month(e)
		m.Events = []Event{{ID: "1", Date: nov(2), Item: "B04", Times: c.bonus}}
		a := row(t, Appraise(m, nil), "1")
		if hasNote(a, "可申请提前转正") != c.want {
			t.Errorf("D18(regular %v, final %v) notes = %v; want note %v", c.regular.Format("2006-01-02"), a.Final, a.Notes, c.want)
		}
	}
}

func TestEventOrder(t *testing.T) {
	m := month(agent("2"), agent("1"))
	m.Events = []Event{ev("1", "L02", 9), ev("2", "L12", 9), ev("1", "L01", 9), ev("2", "B03", 3)}
	m.Days = []Day{{ID: "1", Date: nov(5), Absent: true}}
	res := Appraise(m, nil)
	var got []string
	for _, e := range res.Events {
		got = append(got, fmt.Sprintf("%s/%d/%s", e.ID, e.Date.Day(), e.Rule.Code))
	}
	want := []string{"2/3/B03", "2/9/L12", "1/5/S01", "1/9/L01", "1/9/L02"}
	if !slices.Equal(got, want) {
		t.Errorf("events = %v; want %v", got, want)
	}
}

func TestAppraiseNil(t *testing.T) {
	if res := Appraise(nil, nil); len(res.Problems) != 1 || res.Problems[0].Level != Error {
		t.Errorf("Appraise(nil) = %v; want one error", res.Problems)
	}
	if res := Appraise(&Month{Year: 2026}, nil); len(problemsAt(res, Error, "月份")) != 1 {
		t.Errorf("Appraise(month 0) = %v; want a month error", res.Problems)
	}
	r := DefaultRules()
	r.Catalogue = nil
	m := month(agent("1"))
	m.Days = []Day{{ID: "1", Date: nov(3), Late: true}, {ID: "1", Date: nov(4), Late: true}}
	m.Events = []Event{ev("1", "L01", 3)}
	res := Appraise(m, r)
	if len(problemsAt(res, Error, "缺少 L04")) != 1 || len(res.Events) != 0 {
		t.Errorf("Appraise(empty catalogue) = %v, %v; want one missing-L04 error and no events", res.Problems, res.Events)
	}
}

func TestLongShiftExact(t *testing.T) {
	// D26: worked = last − first punch − 休息分钟, warned when above
	// 连续工作上限, with no other grace; 0 is a setting like any other.
	tests := []struct {
		name          string
		span          int // last punch − first punch
		breakMin, max int
		long          int
		msg           string
	}{
		{"09:00–18:00 with lunch", 540, 60, 480, 0, ""},
		{"one minute over", 541, 60, 480, 1, "最长为11月5日：首末打卡间隔541分钟 − 休息60分钟 = 工作481分钟；超过的班次：11月5日481分钟"},
		{"former grace no longer applies", 600, 60, 480, 1, "超过连续工作上限480分钟，最长为11月5日：首末打卡间隔600分钟 − 休息60分钟 = 工作540分钟"},
		{"break 0 is settable", 481, 0, 480, 1, "首末打卡间隔481分钟 − 休息0分钟 = 工作481分钟"},
		{"break 0, exactly the limit", 480, 0, 480, 0, ""},
	}
	for _, tt := range tests {
		r := DefaultRules()
		r.BreakMin, r.MaxShiftMin = tt.breakMin, tt.max
		loc := Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "I6"}
		m := month(agent("1"))
		m.Days = []Day{{ID: "1", Date: nov(5), Status: "正常", WorkedMin: tt.span, Loc: loc}}
		res := Appraise(m, r)
		if got := res.Attendance[0].LongShifts; got != tt.long {
			t.Errorf("%s: LongShifts = %d; want %d", tt.name, got, tt.long)
		}
		ps := problemsAt(res, Warning, "连续工作上限")
		switch {
		case tt.long == 0 && len(ps) != 0:
			t.Errorf("%s: warnings %v; want none", tt.name, ps)
		case tt.long > 0 && (len(ps) != 1 || ps[0].Loc != loc || ps[0].ID != "1" || !strings.Contains(ps[0].Msg, tt.msg)):
			t.Errorf("%s: warnings %v; want one at %v containing %q", tt.name, ps, loc, tt.msg)
		}
	}
}
