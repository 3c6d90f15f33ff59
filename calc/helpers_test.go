package calc

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nd(s string) decimal.NullDecimal { return decimal.NewNullDecimal(dec(s)) }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// nov is a day of the test month, November 2026.
func nov(d int) time.Time { return day(2026, time.November, d) }

// agent is a 业务代表 hired long ago, confirmed, in team 一组.
func agent(id string) Employee {
	return Employee{ID: id, Name: "员工" + id, Dept: "客服部", Team: "一组", Role: "业务代表",
		Hired: day(2025, time.January, 6), Regular: day(2025, time.April, 6), Loc: Loc{File: "花名册.xlsx", Sheet: "花名册", Cell: "第2行"}}
}

// month returns November 2026 with the given employees and a previous
// month on record.
func month(emps ...Employee) *Month {
	return &Month{Year: 2026, Month: time.November, Employees: emps, PrevGiven: true, Prev: map[string]Previous{}}
}

func ev(id, item string, date int) Event {
	return Event{ID: id, Date: nov(date), Item: item, Loc: Loc{File: "奖惩.xlsx", Sheet: "奖惩记录", Cell: "第3行"}}
}

func row(t *testing.T, res *Result, id string) Appraisal {
	t.Helper()
	for _, a := range res.Rows {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no row for %s", id)
	return Appraisal{}
}

// problemsAt returns the problems of a level whose message contains sub.
func problemsAt(res *Result, l Level, sub string) []Problem {
	var out []Problem
	for _, p := range res.Problems {
		if p.Level == l && strings.Contains(p.Msg, sub) {
			out = append(out, p)
		}
	}
	return out
}

func countLevel(res *Result, l Level) int {
	n := 0
	for _, p := range res.Problems {
		if p.Level == l {
			n++
		}
	}
	return n
}

// codes returns the rule codes scored for an employee, in event order.
func codes(res *Result, id string) []string {
	var out []string
	for _, e := range res.Events {
		if e.ID == id {
			out = append(out, e.Rule.Code)
		}
	}
	return out
}

func hasFlag(a Appraisal, sub string) bool {
	for _, f := range a.Flags {
		if strings.Contains(f.Text, sub) {
			return true
		}
	}
	return false
}

func hasNote(a Appraisal, sub string) bool {
	for _, n := range a.Notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}
