package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"appraise/calc"
	"appraise/templates"
)

// writeRules writes r as a rules workbook and returns its path.
func writeRules(t *testing.T, r *calc.Rules) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "考核规则.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := templates.WriteRules(f, r); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRunWithEditedRules runs the sample month with a rules workbook in
// which a point is worth 20 yuan instead of 10: every float doubles (within
// the ±300 clamp) and the manifest records the edited rules' hash.
func TestRunWithEditedRules(t *testing.T) {
	r := calc.DefaultRules()
	r.YuanPerPoint = decimal.NewFromInt(20)
	path := writeRules(t, r)

	out := t.TempDir()
	if code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out, "--rules", path, "-q"); code != exitOK {
		t.Fatalf("run --rules = %d\n%s", code, stderr)
	}
	csv, err := os.ReadFile(filepath.Join(out, "2026-11", "绩效工资调整表_2026-11.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// KF0001 scores 85 in the sample: (85 − 80) × 20 = 100.00.
	if !strings.Contains(string(csv), "KF0001,郑洋萍,客服部,一组,2026-11,85.0,B,100.00,") {
		t.Errorf("payroll with 20 yuan a point lacks KF0001's 100.00:\n%s", csv)
	}
	manifest, err := os.ReadFile(filepath.Join(out, "2026-11", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(manifest), r.Hash()) || strings.Contains(string(manifest), calc.DefaultRules().Hash()) {
		t.Errorf("manifest does not record the edited rules' hash %s", r.Hash())
	}

	code, stdout, _ := runCLI(t, "rules", "--rules", path)
	if code != exitOK || !strings.Contains(stdout, "每分 20 元") {
		t.Errorf("rules --rules = %d, %q; want the edited catalogue", code, stdout)
	}
}

func TestRunWithBrokenRules(t *testing.T) {
	r := calc.DefaultRules()
	r.Catalogue[1].Code = r.Catalogue[0].Code // a repeated code
	path := writeRules(t, r)
	code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", t.TempDir(), "--rules", path)
	if code != exitInput || !strings.Contains(stderr, "考核规则.xlsx!规则!A") {
		t.Errorf("run with a repeated rule code = %d, %q; want 1 and the cell of the repeated code", code, stderr)
	}
}
