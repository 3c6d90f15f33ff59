package main

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"appraise/calc"
	"appraise/month"
	"appraise/sheets"
)

// soffice returns LibreOffice's command, skipping the test when it is not
// installed (CI sets APPRAISE_REQUIRE_SOFFICE and installs it).
func soffice(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("LibreOffice is slow; runs without -short (CI runs it)")
	}
	p, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("APPRAISE_REQUIRE_SOFFICE") != "" {
			t.Fatal("soffice not found but APPRAISE_REQUIRE_SOFFICE is set")
		}
		t.Skip("LibreOffice (soffice) is not installed")
	}
	return p
}

// convertCSV converts the first sheet of a workbook to UTF-8 CSV with
// LibreOffice and returns its records.
func convertCSV(t *testing.T, bin, xlsx string) [][]string {
	t.Helper()
	out := t.TempDir()
	profile := "file://" + filepath.ToSlash(t.TempDir())
	cmd := exec.Command(bin, "-env:UserInstallation="+profile, "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", out, xlsx)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	name := strings.TrimSuffix(filepath.Base(xlsx), filepath.Ext(xlsx)) + ".csv"
	f, err := os.Open(filepath.Join(out, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// column finds the header row holding all names and returns the row index
// and the column of each name.
func column(recs [][]string, names ...string) (int, map[string]int) {
	for i, rec := range recs {
		cols := map[string]int{}
		for j, c := range rec {
			cols[strings.TrimSpace(c)] = j
		}
		ok := true
		for _, n := range names {
			if _, found := cols[n]; !found {
				ok = false
			}
		}
		if ok {
			return i, cols
		}
	}
	return -1, nil
}

// TestLibreOfficeOpensOutputs opens the appraisal and payroll workbooks in
// LibreOffice and finds, for every employee, the score and float that the
// rules give.
func TestLibreOfficeOpensOutputs(t *testing.T) {
	bin := soffice(t)
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out, "-q"); code != exitOK {
		t.Fatalf("run = %d\n%s", code, stderr)
	}
	rules := calc.DefaultRules()
	ld, err := sheets.Load("../../samples/2026-11", rules, 2026, 11, sheets.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	prev, ok, _ := month.Previous("../../samples/2026-11", "", out, 2026, 11, rules, "")
	ld.Month.Prev, ld.Month.PrevGiven = prev, ok
	res := calc.Appraise(&ld.Month, rules)
	want := map[string]calc.Appraisal{}
	for _, a := range res.Rows {
		want[a.ID] = a
	}

	dir := filepath.Join(out, "2026-11")
	recs := convertCSV(t, bin, filepath.Join(dir, "月度考核表_2026-11.xlsx"))
	h, cols := column(recs, "工号", "考核分", "等级")
	if h < 0 {
		t.Fatalf("考核汇总 as LibreOffice shows it has no header with 工号, 考核分, 等级:\n%v", recs[:min(5, len(recs))])
	}
	seen := 0
	for _, rec := range recs[h+1:] {
		if len(rec) <= cols["等级"] {
			continue
		}
		a, ok := want[rec[cols["工号"]]]
		if !ok {
			continue
		}
		seen++
		got, err := decimal.NewFromString(rec[cols["考核分"]])
		if err != nil || !got.Equal(a.Final) || rec[cols["等级"]] != a.Grade {
			t.Errorf("LibreOffice shows %s: 考核分 %q 等级 %q; want %s %s", a.ID, rec[cols["考核分"]], rec[cols["等级"]], a.Final, a.Grade)
		}
	}
	if seen != len(want) {
		t.Errorf("LibreOffice shows %d employees in 考核汇总; want %d", seen, len(want))
	}

	recs = convertCSV(t, bin, filepath.Join(dir, "绩效工资调整表_2026-11.xlsx"))
	if h, cols = column(recs, "工号", "绩效浮动金额"); h != 0 {
		t.Fatalf("payroll header row = %d; want 0 (first row)", h)
	}
	seen = 0
	for _, rec := range recs[1:] {
		a, ok := want[rec[cols["工号"]]]
		if !ok {
			t.Errorf("payroll row for unknown 工号 %q", rec[cols["工号"]])
			continue
		}
		seen++
		got, err := decimal.NewFromString(strings.ReplaceAll(rec[cols["绩效浮动金额"]], ",", ""))
		if err != nil || !got.Equal(a.Float) {
			t.Errorf("LibreOffice shows %s 绩效浮动金额 %q; want %s", a.ID, rec[cols["绩效浮动金额"]], a.Float.StringFixed(2))
		}
	}
	if seen != len(want) {
		t.Errorf("payroll shows %d employees; want %d", seen, len(want))
	}
}
