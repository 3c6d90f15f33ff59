package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"appraise/sheets"
)

// brokenMonth copies the sample month and adds one broken input of each
// kind the run must report without stopping: a truncated workbook, an old
// .xls file and an event log with bad rows.
func brokenMonth(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "inbox", "2026-11")
	copyDir(t, "../../samples/2026-11", dir)
	roster, err := os.ReadFile(filepath.Join(dir, "花名册.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"截断.xlsx": string(roster[:300]),
		"旧.xls":   "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1junkjunk",
		"补充.csv":  brokenCSV,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// brokenCSV is the event log of brokenMonth, one problem per row.
const brokenCSV = "日期,工号,姓名,项目,次数,分值\n" +
	"2026-11-05,NOPE1,某某,L01,1,\n" + // row 2: unknown 工号
	"2026-11-06,KF0001,郑洋萍,不存在的规则,1,\n" + // row 3: unknown rule
	"2026-11-07,KF0001,郑洋萍,L04,1,9\n" + // row 4: points out of range
	"2026-11-07,KF0003,错名字,L01,1,\n" + // row 5: name disagrees with the roster
	"2026-12-01,KF0005,宋超,L01,1,\n" // row 6: dated outside the month

func TestInputErrorsReportedTogether(t *testing.T) {
	dir := brokenMonth(t)
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI(t, "run", dir, "--out", out)
	if code != exitInput {
		t.Fatalf("run(broken month) = %d; want %d\n%s", code, exitInput, stderr)
	}
	for _, want := range []string{
		"错误：截断.xlsx：",
		"错误：旧.xls：",
		"错误：补充.csv!B2：",
		"错误：补充.csv!D3：",
		"错误：补充.csv!F4：",
		"错误：补充.csv!C5：",
		"错误：补充.csv!A6：",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	month := filepath.Join(out, "2026-11")
	if _, err := os.Stat(filepath.Join(month, "绩效工资调整表_2026-11.xlsx")); err == nil {
		t.Errorf("payroll workbook written despite errors")
	}
	lines, err := sheets.Dump(filepath.Join(month, "月度考核表_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(lines, "\n"), "草稿") {
		t.Errorf("appraisal workbook is not titled 草稿 despite errors")
	}
	report, err := sheets.Dump(filepath.Join(month, "校验报告_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(report, "\n")
	for _, want := range []string{"截断.xlsx", "旧.xls", "补充.csv", "B2", "D3", "F4", "C5", "A6"} {
		if !strings.Contains(text, want) {
			t.Errorf("validation report lacks %q", want)
		}
	}

	// --force refuses while a row names nobody (NOPE1, D28) …
	code, _, stderr = runCLI(t, "run", dir, "--out", out, "--force", "-q")
	if code != exitInput || !strings.Contains(stderr, "--force 不能使用") || !strings.Contains(stderr, "补充.csv!B2：工号 NOPE1 不在花名册中") {
		t.Fatalf("run --force with an unknown 工号 = %d; want %d and the row listed\n%s", code, exitInput, stderr)
	}
	if _, err := os.Stat(filepath.Join(month, "绩效工资调整表_2026-11.csv")); err == nil {
		t.Errorf("--force wrote a payroll while a row names nobody")
	}
	// … and once that row is corrected, writes the payroll without the
	// employees with errors.
	fixed := strings.Replace(brokenCSV, "2026-11-05,NOPE1,某某,L01,1,\n", "", 1)
	if err := os.WriteFile(filepath.Join(dir, "补充.csv"), []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "run", dir, "--out", out, "--force", "-q")
	if code != exitInput {
		t.Fatalf("run --force = %d; want %d\n%s", code, exitInput, stderr)
	}
	payroll, err := os.ReadFile(filepath.Join(month, "绩效工资调整表_2026-11.csv"))
	if err != nil {
		t.Fatalf("--force wrote no payroll CSV: %v\n%s", err, stderr)
	}
	for _, id := range []string{"KF0001", "KF0003", "KF0005"} {
		if strings.Contains(string(payroll), "\n"+id+",") {
			t.Errorf("--force payroll includes %s, who has an error", id)
		}
	}
	if !strings.Contains(string(payroll), "\nKF0007,") {
		t.Errorf("--force payroll lacks KF0007, who has no error")
	}
	if !strings.Contains(stderr, "KF0001") {
		t.Errorf("--force does not list the employees left out:\n%s", stderr)
	}
}

func TestStalePayrollRetired(t *testing.T) {
	dir := brokenMonth(t)
	out := t.TempDir()
	month := filepath.Join(out, "2026-11")
	if err := os.MkdirAll(month, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(month, "绩效工资调整表_2026-11.xlsx")
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCLI(t, "run", dir, "--out", out, "-q"); code != exitInput {
		t.Fatalf("run = %d; want %d", code, exitInput)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("a stale payroll workbook stays in place after a run with errors")
	}
	baks, _ := filepath.Glob(stale + ".*.bak")
	if len(baks) != 1 {
		t.Fatalf("stale payroll kept as %v; want one <name>.<time>.bak", baks)
	}
	if b, err := os.ReadFile(baks[0]); err != nil || string(b) != "old" {
		t.Errorf("stale payroll backup holds %q, %v; want the old content", b, err)
	}
}

func TestCheckWritesNothing(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "inbox", "2026-11")
	copyDir(t, "../../samples/2026-11", dir)
	code, stdout, stderr := runCLI(t, "check", dir)
	if code != exitOK || !strings.Contains(stdout, "40 人") {
		t.Fatalf("check = %d, %q; want 0 and a summary\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(base, "outbox")); err == nil {
		t.Errorf("check wrote an output folder")
	}
	if code, _, _ := runCLI(t, "check", brokenMonth(t)); code != exitInput {
		t.Errorf("check(broken month) = %d; want %d", code, exitInput)
	}
}
