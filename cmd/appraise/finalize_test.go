package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	pipeline "appraise/month"
)

// finalMonth copies the sample month into a fresh inbox, runs it into out
// and returns the input month folder and the output root.
func finalMonth(t *testing.T) (in, out string) {
	t.Helper()
	root := t.TempDir()
	in, out = filepath.Join(root, "inbox", "2026-11"), filepath.Join(root, "outbox")
	copyDir(t, "../../samples/2026-11", in)
	noSampleAppeals(t, in)
	if code, _, stderr := runCLI(t, "run", in, "--out", out, "-q"); code != exitOK {
		t.Fatalf("run = %d\n%s", code, stderr)
	}
	return in, out
}

const appealsCSV = "工号,姓名,申诉日期,涉及记录,处理结果,处理人,说明\n" +
	"KF0032,潘华霞,2026-12-02,奖惩记录_2026-11.xlsx!奖惩记录!D17,撤销,潘文雪,录音核实为普通话\n" +
	"KF0011,肖宇,2026-12-03,L08 2026-11-30,改为 2 分,潘文雪,\n"

// noSampleAppeals removes the sample month's own 申诉处理 workbook, so that
// a test's appeals are the only ones.
func noSampleAppeals(t *testing.T, dir string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, "申诉处理_2026-11.xlsx")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
}

// TestNextMonthReadsLatestCorrection (D13): the next month reads the latest
// correction of a signed-off month, not its final set. The CLI side of
// finalize and corrections is testdata/script/finalize.txtar.
func TestNextMonthReadsLatestCorrection(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the sample month three times")
	}
	in, out := finalMonth(t)
	if code, _, stderr := runCLI(t, "finalize", in, "--out", out, "--by", "人事 王敏"); code != exitOK {
		t.Fatalf("finalize = %d\n%s", code, stderr)
	}
	changed := strings.Replace(appealsCSV, "改为 2 分", "改为 3 分", 1)
	for i, appeals := range []string{appealsCSV, changed} {
		if err := os.WriteFile(filepath.Join(in, "申诉处理_2026-11.csv"), []byte(appeals), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := runCLI(t, "run", in, "--out", out, "-q"); code != exitOK {
			t.Fatalf("correction %d = %d\n%s", i+1, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "2026-11", "更正2")); err != nil {
		t.Fatal(err)
	}
	next := filepath.Join(filepath.Dir(in), "2026-12")
	copyDir(t, "../../samples/2026-11", next)
	noSampleAppeals(t, next)
	prev, ok, notes := pipeline.Previous(next, "", out, 2026, 12, nil, "")
	if !ok || len(notes) != 1 || !strings.Contains(notes[0].Msg, "上月（2026-11）结果取自上次生成的考核表") || notes[0].Loc.File != "月度考核表_2026-11.xlsx" {
		t.Fatalf("previous = %v %v", ok, notes)
	}
	if got := prev["KF0032"].Score.String(); got != "88" {
		t.Errorf("previous score of KF0032 = %s; want 88 (from 更正2, not the final 66)", got)
	}
}
