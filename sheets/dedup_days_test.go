package sheets

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"appraise/calc"
)

// TestDedupDays: the second record of a person and date is an error at its
// cell naming the first one's, and is dropped; dates in and outside the
// month, interleaved people.
func TestDedupDays(t *testing.T) {
	day := func(id string, y int, m time.Month, d int, cell string) calc.Day {
		return calc.Day{ID: id, Date: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Loc: calc.Loc{File: "a.xlsx", Sheet: "考勤", Cell: cell}}
	}
	in := []calc.Day{
		day("001", 2026, 11, 1, "A2"),
		day("002", 2026, 11, 1, "A3"),
		day("001", 2026, 11, 30, "A4"),
		day("001", 2026, 11, 1, "A5"),  // duplicate of A2
		day("001", 2026, 10, 31, "A6"), // outside the month
		day("001", 2026, 10, 31, "A7"), // duplicate of A6
		day("002", 2026, 12, 1, "A8"),  // the 31st slot of a 30-day month
		day("002", 2026, 12, 1, "A9"),  // duplicate of A8
		day("002", 2026, 11, 30, "A10"),
		{ID: "001", Date: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), Loc: calc.Loc{File: "a.xlsx", Cell: "A11"}}, // not midnight
		{ID: "001", Date: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), Loc: calc.Loc{File: "a.xlsx", Cell: "A12"}},
		day("001", 2026, 11, 30, "A13"), // duplicate of A4
	}
	ld := newLoader(testRules(), 2026, time.November, LoadOptions{})
	got := ld.dedupDays(append([]calc.Day(nil), in...))
	var cells []string
	for _, d := range got {
		cells = append(cells, d.Loc.Cell)
	}
	if want := []string{"A2", "A3", "A4", "A6", "A8", "A10", "A11"}; !reflect.DeepEqual(cells, want) {
		t.Errorf("dedupDays kept %v; want %v", cells, want)
	}
	var probs []string
	for _, p := range ld.problems {
		if p.Level != calc.Error {
			t.Errorf("problem %+v: want an error", p)
		}
		probs = append(probs, p.ID+" "+p.Loc.Cell+" "+p.Msg)
	}
	want := []string{
		"001 A5 工号 001 在 2026-11-01 有重复的考勤记录（另见 a.xlsx!考勤!A2）",
		"001 A7 工号 001 在 2026-10-31 有重复的考勤记录（另见 a.xlsx!考勤!A6）",
		"002 A9 工号 002 在 2026-12-01 有重复的考勤记录（另见 a.xlsx!考勤!A8）",
		"001 A12 工号 001 在 2026-11-02 有重复的考勤记录（另见 a.xlsx!A11）",
		"001 A13 工号 001 在 2026-11-30 有重复的考勤记录（另见 a.xlsx!考勤!A4）",
	}
	if !reflect.DeepEqual(probs, want) {
		t.Errorf("dedupDays problems:\n%q\nwant\n%q", probs, want)
	}
}

// BenchmarkDedupDays: the days of a 10,000-person month of punches.
func BenchmarkDedupDays(b *testing.B) {
	var days []calc.Day
	for p := range 10000 {
		for d := 1; d <= 22; d++ {
			days = append(days, calc.Day{ID: fmt.Sprintf("KF%06d", p), Date: time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC)})
		}
	}
	ld := newLoader(testRules(), 2026, time.November, LoadOptions{})
	buf := make([]calc.Day, len(days))
	b.ReportAllocs()
	for b.Loop() {
		copy(buf, days)
		ld.dedupDays(buf)
	}
}
