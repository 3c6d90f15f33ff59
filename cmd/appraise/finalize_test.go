package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	pipeline "appraise/month"
	"appraise/sheets"
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

// finalFiles hashes the month folder's own files (not the corrections).
func finalFiles(t *testing.T, month string) map[string]string {
	t.Helper()
	sums := hashTree(t, month)
	for p := range sums {
		if strings.Contains(p, string(filepath.Separator)+"更正") {
			delete(sums, p)
		}
	}
	return sums
}

func sameHashes(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d final files; want %d", len(got), len(want))
	}
	for p, h := range want {
		if got[p] != h {
			t.Errorf("final file %s changed", p)
		}
	}
}

const appealsCSV = "工号,姓名,申诉日期,涉及记录,处理结果,处理人,说明\n" +
	"KF0032,潘华霞,2026-12-02,奖惩记录_2026-11.xlsx!奖惩记录!D17,撤销,潘文雪,录音核实为普通话\n" +
	"KF0011,肖宇,2026-12-03,L08 2026-11-30,改为 2 分,潘文雪,\n"

// TestFinalizeThenCorrect goes through the month after the draft (D32,
// D33): finalize, an unchanged rerun (no correction), appeals (更正1 with
// exactly the changed rows, to the cent, and their reasons), one more change
// (更正2 against 更正1); the final files never change.
func TestFinalizeThenCorrect(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the sample month four times")
	}
	in, out := finalMonth(t)
	month := filepath.Join(out, "2026-11")
	code, stdout, stderr := runCLI(t, "finalize", in, "--out", out, "--by", "人事 王敏")
	if code != exitOK || !strings.Contains(stderr, "2026-11 已定稿：人事 王敏") {
		t.Fatalf("finalize = %d\n%s%s", code, stdout, stderr)
	}
	var rec struct {
		Month string `json:"month"`
		By    string `json:"finalized_by"`
		At    string `json:"finalized_at"`
		Files []struct {
			Name, SHA256 string
		} `json:"files"`
	}
	b, err := os.ReadFile(filepath.Join(month, "定稿.json"))
	if err != nil || json.Unmarshal(b, &rec) != nil {
		t.Fatalf("定稿.json: %v %s", err, b)
	}
	final := finalFiles(t, month)
	if rec.Month != "2026-11" || rec.By != "人事 王敏" || rec.At == "" || len(rec.Files) != len(final)-1 { // all but 定稿.json itself
		t.Errorf("定稿.json = %+v; want %d files", rec, len(final)-1)
	}
	for _, f := range rec.Files {
		if final[filepath.Join(month, filepath.FromSlash(f.Name))] != f.SHA256 {
			t.Errorf("定稿.json: %s hash %s does not match the file", f.Name, f.SHA256)
		}
	}

	// Unchanged inputs: no correction.
	code, _, stderr = runCLI(t, "run", in, "--out", out, "-q")
	if code != exitOK || !strings.Contains(stderr, "与定稿相比，没有员工的考核分、绩效浮动或赔偿扣款变化，不生成更正") {
		t.Fatalf("unchanged rerun = %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(month, "更正1")); err == nil {
		t.Fatal("an unchanged rerun wrote 更正1")
	}
	sameHashes(t, finalFiles(t, month), final)

	// Appeals: 更正1 with the two changed rows.
	if err := os.WriteFile(filepath.Join(in, "申诉处理_2026-11.csv"), []byte(appealsCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "run", in, "--out", out, "-q")
	if code != exitOK || !strings.Contains(stderr, "与定稿相比有 2 人变化") {
		t.Fatalf("rerun with appeals = %d\n%s", code, stderr)
	}
	sameHashes(t, finalFiles(t, month), final)
	c1 := filepath.Join(month, "更正1")
	if err := sheets.CheckSet(c1); err != nil {
		t.Errorf("更正1 is not a complete set: %v", err)
	}
	wantCSV := "\uFEFF工号,姓名,原考核分,新考核分,原绩效浮动金额,新绩效浮动金额,浮动差额,原赔偿扣款,新赔偿扣款,赔偿差额,变更原因\r\n" +
		"KF0011,肖宇,77.0,79.0,-30.00,-10.00,20.00,0.00,0.00,0.00,L08 2026-11-30 由扣4分改为扣2分（奖惩记录_2026-11.xlsx!奖惩记录!D28）\r\n" +
		"KF0032,潘华霞,66.0,88.0,-140.00,80.00,220.00,0.00,0.00,0.00,删除 S05 扣20分（自动计算）；申诉撤销 L01 2026-11-18 扣2分（奖惩记录_2026-11.xlsx!奖惩记录!D17）\r\n"
	if got, _ := os.ReadFile(filepath.Join(c1, "绩效工资差额表_2026-11_更正1.csv")); string(got) != wantCSV {
		t.Errorf("差额表 CSV\n%s\nwant\n%s", got, wantCSV)
	}
	f, err := excelize.OpenFile(filepath.Join(c1, "绩效工资差额表_2026-11_更正1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("绩效工资差额")
	f.Close()
	if len(rows) != 4 || rows[1][0] != "KF0011" || rows[2][0] != "KF0032" || rows[3][0] != "合计" || rows[3][6] != "240.00" {
		t.Errorf("差额表 rows %q; want KF0011, KF0032 and 合计 240.00", rows)
	}

	// A second change: 更正2, compared with 更正1.
	changed := strings.Replace(appealsCSV, "改为 2 分", "改为 3 分", 1)
	if err := os.WriteFile(filepath.Join(in, "申诉处理_2026-11.csv"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "run", in, "--out", out, "-q")
	if code != exitOK || !strings.Contains(stderr, "与更正1相比有 1 人变化") {
		t.Fatalf("second change = %d\n%s", code, stderr)
	}
	want2 := "KF0011,肖宇,79.0,78.0,-10.00,-20.00,-10.00,0.00,0.00,0.00,L08 2026-11-30 由扣2分改为扣3分（奖惩记录_2026-11.xlsx!奖惩记录!D28）\r\n"
	got2, _ := os.ReadFile(filepath.Join(month, "更正2", "绩效工资差额表_2026-11_更正2.csv"))
	if lines := strings.SplitAfter(string(got2), "\r\n"); len(lines) != 3 || lines[1] != want2 {
		t.Errorf("更正2 差额表\n%s\nwant the one row\n%s", got2, want2)
	}
	sameHashes(t, finalFiles(t, month), final)

	// D13: the next month reads the latest correction of this one.
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

// TestFinalizeRefuses: finalize refuses a month without a set, a draft
// (input errors, no payroll), a set whose files do not match its manifest,
// and a month already signed off; a run of a signed-off month with input
// errors writes nothing.
func TestFinalizeRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the sample month")
	}
	in, out := finalMonth(t)
	month := filepath.Join(out, "2026-11")
	report := filepath.Join(month, "校验报告_2026-11.xlsx")
	orig, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, args, prep, want string
		code                   int
	}{
		{name: "没有结果", args: "2026-10", want: "找不到 2026-10 的结果文件夹", code: exitInput},
		{name: "按月份缺少--out", args: "2026-11 --out=", want: "按月份定稿时须用 --out 给出输出根目录", code: exitUsage},
		{name: "文件被改动", args: "2026-11", prep: "tamper", want: "校验报告_2026-11.xlsx 与 manifest.json 记录的哈希不符", code: exitInput},
		{name: "草稿", args: "2026-11", prep: "errors", want: "的结果有 1 个输入错误（月度考核表是草稿，没有工资调整表），不能定稿", code: exitInput},
		{name: "定稿", args: "2026-11", prep: "clean", code: exitOK},
		{name: "重复定稿", args: "2026-11", want: "已于", code: exitInput},
	}
	bad := filepath.Join(in, "奖惩补录.csv")
	for _, c := range cases {
		switch c.prep {
		case "tamper":
			if err := os.WriteFile(report, append(append([]byte(nil), orig...), 0), 0o644); err != nil {
				t.Fatal(err)
			}
		case "errors":
			if err := os.WriteFile(report, orig, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(bad, []byte("日期,工号,姓名,项目\n2026-11-05,KF9999,无名,L01\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if code, _, stderr := runCLI(t, "run", in, "--out", out, "-q"); code != exitInput {
				t.Fatalf("run with an unknown 工号 = %d\n%s", code, stderr)
			}
		case "clean":
			if err := os.Remove(bad); err != nil {
				t.Fatal(err)
			}
			if code, _, stderr := runCLI(t, "run", in, "--out", out, "-q"); code != exitOK {
				t.Fatalf("clean run = %d\n%s", code, stderr)
			}
		}
		args := append([]string{"finalize"}, strings.Fields(c.args)...)
		if !strings.Contains(c.args, "--out") {
			args = append(args, "--out", out)
		}
		code, _, stderr := runCLI(t, args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: finalize = %d, want %d\n%s\nwant %q", c.name, code, c.code, stderr, c.want)
		}
		if c.code != exitOK {
			if _, err := os.Stat(filepath.Join(month, "定稿.json")); err == nil && c.name != "重复定稿" {
				t.Errorf("%s: 定稿.json written", c.name)
			}
		}
	}
	// Errors after finalize: nothing is written.
	final := finalFiles(t, month)
	if err := os.WriteFile(bad, []byte("日期,工号,姓名,项目\n2026-11-05,KF9999,无名,L01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "run", in, "--out", out, "-q")
	if code != exitInput || !strings.Contains(stderr, "2026-11 已定稿") || !strings.Contains(stderr, "本次输入有 1 个错误，不生成更正") {
		t.Errorf("run of a final month with errors = %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(month, "更正1")); err == nil {
		t.Error("a run with errors wrote 更正1")
	}
	sameHashes(t, finalFiles(t, month), final)
}

// TestCorrectionEncrypted: with --password-env the final payroll is read
// with the password and the 差额表 is an encrypted workbook without CSV.
func TestCorrectionEncrypted(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the sample month three times")
	}
	root := t.TempDir()
	in, out := filepath.Join(root, "inbox", "2026-11"), filepath.Join(root, "outbox")
	copyDir(t, "../../samples/2026-11", in)
	noSampleAppeals(t, in)
	t.Setenv("APPRAISE_TEST_PW", "口令")
	if code, _, stderr := runCLI(t, "run", in, "--out", out, "-q", "--password-env", "APPRAISE_TEST_PW"); code != exitOK {
		t.Fatalf("run = %d\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "finalize", in, "--out", out); code != exitOK {
		t.Fatalf("finalize = %d\n%s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(in, "申诉处理_2026-11.csv"), []byte(appealsCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "run", in, "--out", out, "-q"); code != exitInput || !strings.Contains(stderr, "--password-env") {
		t.Errorf("correction without the password = %d; want a message asking for --password-env\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "run", in, "--out", out, "-q", "--password-env", "APPRAISE_TEST_PW"); code != exitOK {
		t.Fatalf("correction = %d\n%s", code, stderr)
	}
	c1 := filepath.Join(out, "2026-11", "更正1")
	if _, err := os.Stat(filepath.Join(c1, "绩效工资差额表_2026-11_更正1.csv")); err == nil {
		t.Error("a CSV beside the encrypted 差额表")
	}
	x := filepath.Join(c1, "绩效工资差额表_2026-11_更正1.xlsx")
	if f, err := excelize.OpenFile(x); err == nil {
		f.Close()
		t.Error("the 差额表 opens without the password")
	}
	f, err := excelize.OpenFile(x, excelize.Options{Password: "口令"})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rows, _ := f.GetRows("绩效工资差额"); len(rows) != 4 {
		t.Errorf("差额表 rows %q; want two changed rows and 合计", rows)
	}
}

// TestWatchFinalMonth: watch runs a signed-off month like run does (D33):
// changed inputs give 更正1, the final files stay as they were.
func TestWatchFinalMonth(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the sample month three times")
	}
	base := t.TempDir()
	inbox, out := filepath.Join(base, "inbox"), filepath.Join(base, "outbox")
	in := filepath.Join(inbox, "2026-11")
	copyDir(t, "../../samples/2026-11", in)
	noSampleAppeals(t, in)
	watch := func() string {
		t.Helper()
		code, _, stderr := runCLI(t, "watch", inbox, "--out", out, "--once", "--settle", "0s")
		if code != exitOK {
			t.Fatalf("watch = %d\n%s", code, stderr)
		}
		return stderr
	}
	watch()
	if code, _, stderr := runCLI(t, "finalize", "2026-11", "--out", out, "--by", "王敏"); code != exitOK {
		t.Fatalf("finalize = %d\n%s", code, stderr)
	}
	month := filepath.Join(out, "2026-11")
	final := finalFiles(t, month)
	if err := os.WriteFile(filepath.Join(in, "申诉处理_2026-11.csv"), []byte(appealsCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	if log := watch(); !strings.Contains(log, "更正1") {
		t.Errorf("watch of a final month with changed inputs:\n%s", log)
	}
	if _, err := os.Stat(filepath.Join(month, "更正1", "绩效工资差额表_2026-11_更正1.xlsx")); err != nil {
		t.Errorf("no 差额表 in 更正1: %v", err)
	}
	sameHashes(t, finalFiles(t, month), final)
}

// noSampleAppeals removes the sample month's own 申诉处理 workbook, so that
// a test's appeals are the only ones.
func noSampleAppeals(t *testing.T, dir string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, "申诉处理_2026-11.xlsx")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
}

// TestCorrectionRefusesEditedFinal: a signed-off set whose payroll was
// edited afterwards (here: the CSV, a file of the set) gives no correction
// and no 差额表: the differences would be computed against wrong amounts.
func TestCorrectionRefusesEditedFinal(t *testing.T) {
	in, out := finalMonth(t)
	month := filepath.Join(out, "2026-11")
	if code, _, stderr := runCLI(t, "finalize", in, "--out", out, "--by", "人事"); code != exitOK {
		t.Fatalf("finalize = %d\n%s", code, stderr)
	}
	csv := filepath.Join(month, "绩效工资调整表_2026-11.csv")
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(csv, append(b, "KF9999,某人\r\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "申诉处理_2026-11.csv"), []byte(appealsCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "run", in, "--out", out, "-q")
	if code == exitOK || !strings.Contains(stderr, "与 manifest.json 不符") || !strings.Contains(stderr, "不能计算更正") {
		t.Errorf("run after editing the final set = %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(month, "更正1")); err == nil {
		t.Error("a correction was written against an edited final set")
	}
}
