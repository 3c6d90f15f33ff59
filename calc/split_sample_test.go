package calc_test

import (
	"testing"
	"time"

	"appraise/calc"
	"appraise/samples"
	"appraise/sheets"
)

// TestSplitSampleMonths appraises generated months of 1,200 people, read
// as the command reads them, on one goroutine and on two with every phase
// split, for each attendance layout: the results must be equal.
func TestSplitSampleMonths(t *testing.T) {
	if testing.Short() || calc.SplitAll() {
		t.Skip("writes and reads three months of 1,200 people")
	}
	r := calc.DefaultRules()
	for _, layout := range []string{"daily", "punches", "dingtalk"} {
		t.Run(layout, func(t *testing.T) {
			dir := t.TempDir()
			if err := samples.Write(dir, samples.Options{Employees: 1200, Year: 2026, Month: time.November, Seed: 7, Attendance: layout}); err != nil {
				t.Fatal(err)
			}
			ld, err := sheets.Load(dir, r, 2026, time.November, sheets.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			one := calc.AppraiseSplit(&ld.Month, r, 1, 1)
			if len(one.Rows) < 1100 || len(one.Problems) == 0 || len(one.Events) == 0 || len(one.Leaders) == 0 {
				t.Fatalf("%d rows, %d problems, %d events, %d leaders: not a whole month", len(one.Rows), len(one.Problems), len(one.Events), len(one.Leaders))
			}
			for _, min := range []int{1, calc.MinShardRows} {
				if d := calc.DiffResults(one, calc.AppraiseSplit(&ld.Month, r, 2, min)); d != "" {
					t.Fatalf("split from %d rows: results differ: %s", min, d)
				}
			}
		})
	}
}
