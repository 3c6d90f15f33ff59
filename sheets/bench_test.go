package sheets

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"appraise/calc"
	"appraise/samples"
)

// benchMonth generates a 1,000-employee month in the given attendance
// layout and returns its folder.
func benchMonth(b *testing.B, attendance string) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "2026-11")
	if err := samples.Write(dir, samples.Options{Employees: 1000, Year: 2026, Month: time.November, Seed: 1, Attendance: attendance}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// benchLoad reads a generated month b.N times.
func benchLoad(b *testing.B, attendance string) {
	dir := benchMonth(b, attendance)
	r := calc.DefaultRules()
	var ld *Loaded
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var err error
		ld, err = Load(dir, r, 2026, time.November, LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if len(ld.Month.Employees) != 1000 {
		b.Fatalf("Load read %d employees; want 1000", len(ld.Month.Employees))
	}
	b.ReportMetric(float64(len(ld.Month.Days)), "days")
}

// BenchmarkLoad1k reads a 1,000-employee month of daily records (about
// 21,000 attendance rows and every other kind).
func BenchmarkLoad1k(b *testing.B) { benchLoad(b, "daily") }

// BenchmarkLoad1kDingTalk reads the same month with a DingTalk 每日统计
// attendance export instead.
func BenchmarkLoad1kDingTalk(b *testing.B) { benchLoad(b, "dingtalk") }

// BenchmarkLoad1kPunches reads the same month with ZKTeco punches (CSV).
func BenchmarkLoad1kPunches(b *testing.B) { benchLoad(b, "punches") }

// BenchmarkLoadDir reads the month folder named by APPRAISE_BENCH_DIR (for
// example one written by `appraise sample --employees 10000`), for
// profiling a large month: go test ./sheets -run XXX -bench LoadDir
// -benchmem -cpuprofile cpu.out. Skipped when the variable is not set.
func BenchmarkLoadDir(b *testing.B) {
	dir := os.Getenv("APPRAISE_BENCH_DIR")
	if dir == "" {
		b.Skip("APPRAISE_BENCH_DIR not set")
	}
	r := calc.DefaultRules()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(dir, r, 2026, time.November, LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteDir writes each output of the month folder named by
// APPRAISE_BENCH_DIR (read and appraised once) to nowhere, for profiling
// the writer on a large real month: go test ./sheets -run XXX -bench
// WriteDir -benchmem -cpuprofile cpu.out. Skipped when the variable is
// not set.
func BenchmarkWriteDir(b *testing.B) {
	dir := os.Getenv("APPRAISE_BENCH_DIR")
	if dir == "" {
		b.Skip("APPRAISE_BENCH_DIR not set")
	}
	r := calc.DefaultRules()
	ld, err := Load(dir, r, 2026, time.November, LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	res := calc.Appraise(&ld.Month, r)
	run := &Run{Version: "bench", Rules: r, Payroll: true}
	for _, out := range []struct {
		name  string
		write func(io.Writer, *calc.Result, *Run) error
	}{
		{"notices", writeNotices}, {"appraisal", writeAppraisal}, {"report", writeReport},
		{"payroll", writePayroll}, {"payrollCSV", writePayrollCSV},
	} {
		b.Run(out.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := out.write(io.Discard, res, run); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
