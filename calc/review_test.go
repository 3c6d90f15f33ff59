package calc

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// A part of a name that only occurs after a negation does not pick the
// rule: 「违规」 is not B01 「…并且无违规事件」.
func TestLookupNegatedPart(t *testing.T) {
	r := DefaultRules()
	for _, tt := range []struct {
		item string
		code string // "" = error
	}{
		{"违规", ""},
		{"无违规事件", "B01"},
		{"普通话", "L01"},
		{"睡", ""}, // one character is too little to pick a rule
		{"睡觉", "X01"},
	} {
		got, err := r.Lookup(tt.item)
		if (tt.code == "") != (err != nil) || got.Code != tt.code {
			t.Errorf("Lookup(%q) = %v, %v; want %q", tt.item, got.Code, err, tt.code)
		}
	}
}

// A B01 from the event log for someone with a violation is refused.
func TestB01LoggedWithViolation(t *testing.T) {
	m := month(agent("1"), agent("2"))
	m.Events = []Event{ev("1", "B01", 3), ev("1", "L01", 4), ev("2", "B01", 3)}
	res := Appraise(m, nil)
	if got := problemsAt(res, Error, "B01 要求当月无违规事件"); len(got) != 1 || got[0].ID != "1" {
		t.Errorf("B01 with a violation: problems = %v; want one error for 1", got)
	}
	if a := row(t, res, "1"); !a.Bonus.IsZero() || !a.Final.Equal(decimal.NewFromInt(78)) {
		t.Errorf("B01 with a violation: bonus %v final %v; want 0 and 78", a.Bonus, a.Final)
	}
	if a := row(t, res, "2"); !a.Final.Equal(decimal.NewFromInt(85)) {
		t.Errorf("B01 without a violation: final %v; want 85", a.Final)
	}
}

// Workdays without any attendance record are a warning, not absence.
func TestMissingAttendanceDays(t *testing.T) {
	m := month(agent("1"), agent("2"))
	for d := 2; d <= 30; d++ {
		if DefaultRules().Workday(nov(d)) && d != 16 && d != 17 {
			m.Days = append(m.Days, Day{ID: "1", Date: nov(d), Status: "正常"})
		}
	}
	res := Appraise(m, nil)
	got := problemsAt(res, Warning, "没有考勤记录")
	if len(got) != 2 {
		t.Fatalf("missing days: warnings = %v; want one for each employee", got)
	}
	if got[0].ID != "1" || got[0].Msg != "1（员工1）11月有2个工作日没有考勤记录：16日、17日" {
		t.Errorf("missing days of 1: %q", got[0].Msg)
	}
	if got[1].ID != "2" || !strings.Contains(got[1].Msg, "21个工作日") {
		t.Errorf("missing days of 2: %q", got[1].Msg)
	}
	if a := row(t, res, "1"); !a.Final.Equal(decimal.NewFromInt(80)) {
		t.Errorf("missing days scored: final %v; want 80", a.Final)
	}
}

// QA coverage concerns 业务代表 only (D9).
func TestQACoverageAgentsOnly(t *testing.T) {
	lead := agent("2")
	lead.Role = "组长"
	m := month(agent("1"), lead)
	m.QA = []QARecord{{ID: "3", Date: nov(2)}}
	m.Employees = append(m.Employees, agent("3"))
	res := Appraise(m, nil)
	for _, st := range res.QA {
		want := st.ID != "1"
		if st.Covered != want {
			t.Errorf("QA coverage of %s = %v; want %v", st.ID, st.Covered, want)
		}
	}
}

// Without a roster the records are not each an unknown 工号: one error
// says why nothing was scored.
func TestNoRoster(t *testing.T) {
	m := month()
	m.Events = []Event{ev("1", "L01", 3), ev("2", "L01", 4), ev("3", "B03", 5)}
	res := Appraise(m, nil)
	if n := countLevel(res, Error); n != 1 || len(problemsAt(res, Error, "没有花名册")) != 1 {
		t.Errorf("no roster: %d errors %v; want the one error 没有花名册", n, res.Problems)
	}
}

// Compensation without a salary on the roster cannot be checked against
// the 20 % limit (D16): a warning says so.
func TestCompensationWithoutSalary(t *testing.T) {
	m := month(agent("1"))
	e := ev("1", "S04", 3)
	e.Compensation = decimal.NewFromInt(800)
	m.Events = []Event{e}
	res := Appraise(m, nil)
	if got := problemsAt(res, Warning, "没有月基本工资"); len(got) != 1 || got[0].ID != "1" {
		t.Errorf("S04 without salary: warnings %v; want one for 1", got)
	}
}

// A day with a late arrival and an early leave points each event at its
// own cell.
func TestLateAndEarlyCells(t *testing.T) {
	m := month(agent("1"))
	late, early := Loc{File: "钉钉.xlsx", Sheet: "每日统计", Cell: "J11"}, Loc{File: "钉钉.xlsx", Sheet: "每日统计", Cell: "L11"}
	m.Days = []Day{{ID: "1", Date: nov(5), Status: "迟到", Late: true, LateMin: 31, Early: true, EarlyMin: 20, Loc: late, EarlyLoc: early}}
	res := Appraise(m, nil)
	var got []Loc
	for _, e := range res.Events {
		if e.Rule.Code == "L04" {
			got = append(got, e.Loc)
		}
	}
	if len(got) != 2 || got[0] != late || got[1] != early {
		t.Errorf("L04 cells = %v; want [%v %v]", got, late, early)
	}
}
