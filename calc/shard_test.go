package calc

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// diffResults names the first field of two results that differs, "" when
// they are deeply equal (every decimal with its exponent, every problem in
// its place).
func diffResults(a, b *Result) string {
	if reflect.DeepEqual(a, b) {
		return ""
	}
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for f := range va.NumField() {
		fa, fb := va.Field(f), vb.Field(f)
		if reflect.DeepEqual(fa.Interface(), fb.Interface()) {
			continue
		}
		name := va.Type().Field(f).Name
		if fa.Kind() != reflect.Slice {
			return fmt.Sprintf("%s: %v ≠ %v", name, fa.Interface(), fb.Interface())
		}
		if fa.Len() != fb.Len() {
			return fmt.Sprintf("%s: %d ≠ %d entries", name, fa.Len(), fb.Len())
		}
		for i := range fa.Len() {
			if x, y := fa.Index(i).Interface(), fb.Index(i).Interface(); !reflect.DeepEqual(x, y) {
				return fmt.Sprintf("%s[%d]:\n%+v\n≠\n%+v", name, i, x, y)
			}
		}
	}
	return "unexported difference"
}

// sameSharded appraises m on one goroutine and on two with every phase
// split (shards of one row and up), and fails unless the results are equal.
func sameSharded(t *testing.T, m *Month, r *Rules) *Result {
	t.Helper()
	one := appraise(m, r, 1, minShardRows)
	for _, min := range []int{1, 2, 7} {
		two := appraise(m, r, 2, min)
		if d := diffResults(one, two); d != "" {
			t.Fatalf("split from %d rows: results differ: %s", min, d)
		}
	}
	return one
}

// TestMain runs the tests twice: as Appraise runs, then with every phase
// of every month split between two goroutines, so that each test's exact
// problems, events and scores hold for the split phases too.
// Benchmarks run once, as Appraise runs.
func TestMain(m *testing.M) {
	code := m.Run()
	if f := flag.Lookup("test.bench"); code == 0 && (f == nil || f.Value.String() == "") {
		splitFrom, splitWorkers = 1, 2
		code = m.Run()
	}
	os.Exit(code)
}

// variedMonth is benchMonth(n) with a little of everything a phase split
// by rows must keep in order: the days sorted by date (every shard's
// records interleave), unknown 工号s and people not employed, duplicate and
// out-of-month days, long shifts, missing punches, leave days without an
// approved leave, swaps, out-of-range QA rows, failed and perfect exams,
// logged events repeating derived ones, appeals.
func variedMonth(n int) *Month {
	m := benchMonth(n)
	gone := agent("KF99998")
	gone.Left = day(2026, time.September, 30)
	m.Employees = append(m.Employees, gone)
	loc := func(i int) Loc { return Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: fmt.Sprintf("A%d", i+2)} }
	for i := range m.Days {
		dd := &m.Days[i]
		dd.Loc = loc(i)
		switch i % 97 {
		case 3:
			dd.WorkedMin = 700 // a long shift
		case 5:
			dd.MissingPunches = 1 + i%2
		case 11:
			dd.Status, dd.Leave = "病假", "病假"
		case 13:
			dd.Status, dd.Absent = "旷工", true
		case 17:
			dd.Status, dd.Late, dd.LateMin = "迟到", true, 25 // 违纪 note
		case 19:
			dd.Status, dd.Early, dd.EarlyMin = "早退", true, 0
			dd.EarlyLoc = Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: fmt.Sprintf("F%d", i+2)}
		}
	}
	extra := []Day{
		{ID: "XX00001", Date: nov(3), Status: "正常", Loc: loc(-1)},
		{ID: "KF99998", Date: nov(3), Status: "正常", Loc: loc(-1)},
		{ID: "", Date: nov(4), Status: "正常", Loc: loc(-1)},
		{ID: "KF00001", Date: nov(3), Status: "迟到", Late: true, LateMin: 3, Loc: loc(-1)}, // duplicate
		{ID: "KF00002", Date: day(2026, time.October, 30), Status: "正常", Loc: loc(-1)},
		{ID: "XX00001", Date: nov(5), Status: "正常", Loc: loc(-1)},
	}
	for i, e := range extra {
		at := (i + 1) * len(m.Days) / (len(extra) + 1)
		m.Days = slices.Insert(m.Days, at, e)
	}
	slices.SortStableFunc(m.Days, func(a, b Day) int { return a.Date.Compare(b.Date) })
	m.LeaveGiven = true
	for i := 0; i < n; i += 13 {
		id := fmt.Sprintf("KF%05d", i+1)
		m.Leaves = append(m.Leaves, Leave{ID: id, Type: "事假", Start: nov(2), End: nov(28), Asked: nov(1), Status: LeaveApproved,
			Approvers: "主任", Loc: Loc{File: "请假.xlsx", Sheet: "请假", Cell: fmt.Sprintf("A%d", i+2)}})
	}
	m.Leaves = append(m.Leaves,
		Leave{ID: "XX00003", Type: "病假", Start: nov(2), End: nov(3), Asked: nov(1), Status: LeaveApproved, Loc: Loc{File: "请假.xlsx", Sheet: "请假", Cell: "Z1"}},
		Leave{ID: "KF99998", Type: "病假", Start: nov(2), End: nov(3), Asked: nov(1), Status: LeaveApproved, Loc: Loc{File: "请假.xlsx", Sheet: "请假", Cell: "Z2"}})
	m.SwapsGiven = true
	for i := 7; i+1 < n; i += 41 {
		m.Swaps = append(m.Swaps, Swap{Date: nov(9), Return: nov(16), ID: fmt.Sprintf("KF%05d", i+1), StandIn: fmt.Sprintf("KF%05d", i+2),
			LeadOK: true, SubOK: i%2 == 0, Loc: Loc{File: "换班.xlsx", Sheet: "换班", Cell: fmt.Sprintf("A%d", i+2)}})
	}
	for i := range m.QA {
		q := &m.QA[i]
		switch i % 31 {
		case 1:
			q.Total = nd("120")
		case 2:
			q.Total = decimal.NullDecimal{}
			q.Items = nil
		case 3:
			q.Errors = -1
		case 4:
			q.Errors, q.ErrorPoints = 2, nd("50")
		case 5:
			q.ID = "XX00002"
		case 6:
			q.Date = nov(40)
		}
	}
	for i := range m.Exams {
		x := &m.Exams[i]
		switch i % 23 {
		case 1:
			x.Score = dec("100")
		case 2:
			x.Score = dec("130")
		case 3:
			x.ID = "KF99998"
		}
	}
	for i := 0; i < n; i += 29 {
		id := fmt.Sprintf("KF%05d", i+1)
		e := ev(id, "X01", 12)
		m.Events = append(m.Events, e)
		e = ev(id, "S04", 14)
		e.Compensation = dec("1500.5")
		m.Events = append(m.Events, e)
		m.Appeals = append(m.Appeals, Appeal{ID: id, Code: "S04", On: nov(14), Outcome: AppealRevoke, Handler: "主任",
			Loc: Loc{File: "申诉.xlsx", Sheet: "申诉", Cell: fmt.Sprintf("A%d", i+2)}})
		if i%7 == 0 { // the L14 of the first QA row
			m.Appeals = append(m.Appeals, Appeal{ID: id, Code: "L14", On: nov(3), Outcome: AppealRevoke, Handler: "主任",
				Loc: Loc{File: "申诉.xlsx", Sheet: "申诉", Cell: fmt.Sprintf("B%d", i+2)}})
		}
	}
	return m
}

// TestShardedSame appraises large varied months on one goroutine and with
// the phases split, with the default rules and with rules that lack or
// change the derived rules (规则表缺少 reported once, dismissal events of a
// derived rule).
func TestShardedSame(t *testing.T) {
	if testing.Short() || SplitAll() {
		t.Skip("large months, split as the test says")
	}
	noRules := DefaultRules()
	noRules.Catalogue = slices.DeleteFunc(slices.Clone(noRules.Catalogue), func(x Rule) bool {
		return x.Code == codeS01 || x.Code == codeL14 || x.Code == codeM07
	})
	changed := DefaultRules()
	changed.Catalogue = slices.Clone(changed.Catalogue)
	for i := range changed.Catalogue {
		switch x := &changed.Catalogue[i]; x.Code {
		case codeL14:
			x.Category = Dismissal
		case codeL04, codeB02:
			x.PerMonth = true
		}
	}
	for _, tc := range []struct {
		name string
		n    int
		r    *Rules
	}{
		{"default", 3000, DefaultRules()},
		{"missing rules", 2000, noRules},
		{"changed rules", 2000, changed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := variedMonth(tc.n)
			res := sameSharded(t, m, tc.r)
			if len(res.Rows) != tc.n || len(res.Problems) < tc.n/10 || len(res.Findings) == 0 {
				t.Fatalf("%d rows, %d problems, %d findings: the month is not varied enough", len(res.Rows), len(res.Problems), len(res.Findings))
			}
		})
	}
}

// shortDaysRef is ShortDays as it was written first: a set of 工号s per day.
func shortDaysRef(r *Rules, year int, month time.Month, emps []Employee, days []Day) (short []int, worst int) {
	last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	seen := make([]map[string]bool, last+1)
	for _, d := range days {
		if d.Date.Year() != year || d.Date.Month() != month {
			continue
		}
		if d.Absent && d.WorkedMin == 0 && d.MissingPunches == 0 && d.LateMin == 0 {
			continue
		}
		i := d.Date.Day()
		if seen[i] == nil {
			seen[i] = map[string]bool{}
		}
		seen[i][d.ID] = true
	}
	for day := 1; day <= last; day++ {
		t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
		if !r.Workday(t) {
			continue
		}
		due, missing := 0, 0
		for _, e := range emps {
			if (!e.Hired.IsZero() && e.Hired.After(t)) || (!e.Left.IsZero() && e.Left.Before(t)) {
				continue
			}
			due++
			if !seen[day][e.ID] {
				missing++
			}
		}
		if due == 0 {
			continue
		}
		if decimal.NewFromInt(int64(missing)).GreaterThan(r.CoverageRatio.Mul(decimal.NewFromInt(int64(due)))) {
			short = append(short, day)
			worst = max(worst, missing)
		}
	}
	return short, worst
}

// TestShortDaysSame compares ShortDays with the plain set-per-day version
// on varied months: whole, stopping early, with duplicate 工号s on the
// roster and days of people not on it.
func TestShortDaysSame(t *testing.T) {
	r := DefaultRules()
	m := variedMonth(600)
	m.Employees = append(m.Employees, m.Employees[5], agent("KF77777"))
	m.Employees[7].Hired = nov(20)
	for _, tc := range []struct {
		name  string
		days  []Day
		ratio string
	}{
		{"whole", m.Days, "0.1"},
		{"first half", slices.DeleteFunc(slices.Clone(m.Days), func(d Day) bool { return d.Date.Day() > 15 }), "0.1"},
		{"every third person", slices.DeleteFunc(slices.Clone(m.Days), func(d Day) bool { return d.ID != "" && d.ID[len(d.ID)-1]%3 == 0 }), "0.3"},
		{"every third person, 0.4", slices.DeleteFunc(slices.Clone(m.Days), func(d Day) bool { return d.ID != "" && d.ID[len(d.ID)-1]%3 == 0 }), "0.4"},
	} {
		r.CoverageRatio = dec(tc.ratio)
		s1, w1 := ShortDays(r, 2026, time.November, m.Employees, tc.days)
		s2, w2 := shortDaysRef(r, 2026, time.November, m.Employees, tc.days)
		if !slices.Equal(s1, s2) || w1 != w2 {
			t.Errorf("%s: ShortDays = %v, %d; the set per day gives %v, %d", tc.name, s1, w1, s2, w2)
		}
		if tc.name == "first half" && len(s1) == 0 {
			t.Errorf("%s: no short day", tc.name)
		}
	}
}
