package month

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"appraise/calc"
	"appraise/sheets"
)

const sample = "../samples/2026-11"

// copyDir copies the files (not subfolders) of src into dst.
func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mkdirs(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSelect(t *testing.T) {
	root := t.TempDir()
	inbox := filepath.Join(root, "inbox")
	oct, nov := filepath.Join(inbox, "客服部2026年10月"), filepath.Join(inbox, "2026年11月考核")
	mkdirs(t, oct, nov, filepath.Join(inbox, "杂项"), filepath.Join(inbox, ".git"))
	dup := filepath.Join(root, "dup")
	mkdirs(t, filepath.Join(dup, "2026-11"), filepath.Join(dup, "2026-11 (2)"))
	flat := filepath.Join(root, "flat")
	mkdirs(t, filepath.Join(flat, "2026-11"))
	if err := os.WriteFile(filepath.Join(flat, "花名册.xlsx"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		dir, flag string
		all       bool
		want      Selection
		err       string // start of the *UsageError
	}{
		{"month folder", nov, "", false, Selection{Folders: []string{nov}}, ""},
		{"inbox: newest", inbox, "", false, Selection{Folders: []string{nov}, Inbox: true, Names: []string{"客服部2026年10月", "2026年11月考核"}}, ""},
		{"inbox: all", inbox, "", true, Selection{Folders: []string{oct, nov}, Inbox: true, Names: []string{"客服部2026年10月", "2026年11月考核"}}, ""},
		{"inbox: --month", inbox, "2026-10", false, Selection{Folders: []string{oct}, Inbox: true, Names: []string{"客服部2026年10月", "2026年11月考核"}}, ""},
		{"folder with inputs is a month folder", flat, "", false, Selection{Folders: []string{flat}}, ""},
		{"inbox: month not there", inbox, "2026-09", false, Selection{}, inbox + " 中没有 2026-09 的月份文件夹（有：客服部2026年10月、2026年11月考核）"},
		{"inbox: bad --month", inbox, "2026-9x", false, Selection{}, `--month "2026-9x" 不是有效的月份`},
		{"--all on a month folder", nov, "", true, Selection{}, "--all 只用于收件文件夹"},
		{"two folders of one month", dup, "", false, Selection{}, dup + " 中有两个文件夹都是 2026-11：2026-11 和 2026-11 (2)；请删除或改名其中一个"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Select(tt.dir, tt.flag, tt.all)
			if tt.err != "" {
				var ue *UsageError
				if !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("Select = %v, %v; want usage error %q", got, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got.Folders, "|") != strings.Join(tt.want.Folders, "|") || got.Inbox != tt.want.Inbox ||
				strings.Join(got.Names, "|") != strings.Join(tt.want.Names, "|") {
				t.Errorf("Select = %+v; want %+v", *got, tt.want)
			}
		})
	}
}

// TestRunRefuses: requests Run cannot carry out are usage errors (rules:
// a rules error), and nothing is written or locked.
func TestRunRefuses(t *testing.T) {
	root := t.TempDir()
	nov := filepath.Join(root, "inbox", "2026-11")
	bare := filepath.Join(root, "inbox", "11月")
	mkdirs(t, nov, bare)
	badRules := filepath.Join(root, "规则.xlsx")
	if err := os.WriteFile(badRules, []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("APPRAISE_TEST_EMPTY", "")
	tests := []struct {
		name string
		o    Options
		err  string // start of the *UsageError, or "rules"
	}{
		{"no month in the name", Options{Dir: filepath.Join(root, "inbox")}, `无法从文件夹名 "inbox" 得出考核月份`},
		{"month without year", Options{Dir: bare}, `文件夹名 "11月" 只有月份、没有年份`},
		{"--month contradicts the name", Options{Dir: nov, Month: "2026-10"}, "--month 2026-10 与文件夹名 2026-11 表示的月份 2026-11 不一致"},
		{"password variable empty", Options{Dir: nov, PasswordEnv: "APPRAISE_TEST_EMPTY"}, "环境变量 APPRAISE_TEST_EMPTY 未设置或为空"},
		{"rules workbook missing", Options{Dir: nov, RulesFile: filepath.Join(root, "无.xlsx")}, "找不到考核规则工作簿：" + filepath.Join(root, "无.xlsx")},
		{"rules workbook with errors", Options{Dir: nov, RulesFile: badRules}, "rules"},
		{"output inside the inputs", Options{Dir: nov, Out: filepath.Join(nov, "out")}, "输出目录 " + filepath.Join(nov, "out", "2026-11") + " 不能位于输入文件夹 " + nov + " 之内"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.o.Out == "" {
				tt.o.Out = filepath.Join(root, "outbox")
			}
			res, err := Run(context.Background(), tt.o)
			var ue *UsageError
			var re *RulesError
			switch {
			case res != nil:
				t.Errorf("Run returned a result %+v; want none", res)
			case tt.err == "rules":
				if !errors.As(err, &re) || re.File != badRules || len(re.Problems) == 0 || re.Problems[0].Level.String() != "错误" {
					t.Errorf("Run = %v; want a RulesError with its problems", err)
				}
			case !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), tt.err):
				t.Errorf("Run = %v; want usage error %q", err, tt.err)
			}
			if _, err := os.Stat(filepath.Join(root, "outbox")); err == nil {
				t.Errorf("a refused run created the output root")
			}
		})
	}
}

// TestRunSampleMonth: check writes nothing; run writes the whole set named
// by sheets.Names; after Finalize a run writes no new set and, with the
// same inputs, no correction.
func TestRunSampleMonth(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "inbox", "2026-11")
	copyDir(t, sample, dir)
	out := filepath.Join(root, "outbox")
	ctx := context.Background()

	res, err := Run(ctx, Options{Dir: dir, Check: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Year != 2026 || res.Month != 11 || res.OutDir != filepath.Join(out, "2026-11") || len(res.Appraisal.Rows) != 40 ||
		res.Errors != 0 || res.Warnings != 41 || res.Written != nil || res.Run != nil {
		t.Errorf("check = %d-%d %s, %d rows, %d errors, %d warnings, written %v", res.Year, res.Month, res.OutDir,
			len(res.Appraisal.Rows), res.Errors, res.Warnings, res.Written)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("check created the output root")
	}

	res, err = Run(ctx, Options{Dir: dir, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	n := sheets.Names(2026, 11)
	want := map[string]bool{n.Appraisal: true, n.Notice: true, n.Payroll: true, n.PayrollCSV: true, n.Report: true, n.Manifest: true}
	teams := 0
	for _, f := range res.Written.Files {
		rel, _ := filepath.Rel(res.OutDir, f)
		switch {
		case want[rel]:
			delete(want, rel)
		case filepath.Dir(rel) == n.TeamDir && strings.HasSuffix(rel, "_2026-11.xlsx"):
			teams++
		default:
			t.Errorf("run wrote an unexpected file %s", rel)
		}
		if _, err := os.Stat(f); err != nil {
			t.Errorf("written file %s: %v", rel, err)
		}
	}
	if len(want) > 0 || teams == 0 || !res.Run.Payroll || res.Signed {
		t.Errorf("run did not write %v (%d team files, payroll %v, signed %v)", want, teams, res.Run.Payroll, res.Signed)
	}
	if _, err := os.Stat(filepath.Join(out, LockName)); err == nil {
		t.Errorf("run left its lock")
	}

	f, err := Finalize(FinalizeOptions{Target: dir, By: "王主管", Now: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != filepath.Join(out, "2026-11", n.Final) || f.Info.By != "王主管" || f.Info.At != "2026-12-03T09:00:00Z" {
		t.Errorf("Finalize = %+v %+v", f, f.Info)
	}
	res, err = Run(ctx, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Signed || res.Final == nil || res.Final.By != "王主管" || res.Written != nil ||
		res.Correction == nil || *res.Correction != (Correction{From: sheets.SetFinal}) {
		t.Errorf("run of a signed-off month = signed %v, final %+v, written %v, correction %+v; want no correction against 定稿",
			res.Signed, res.Final, res.Written, res.Correction)
	}
}

// TestFinalizeRefuses: targets Finalize cannot sign off.
func TestFinalizeRefuses(t *testing.T) {
	root := t.TempDir()
	nov := filepath.Join(root, "inbox", "2026-11")
	mkdirs(t, nov, filepath.Join(root, "inbox", "资料"))
	tests := []struct {
		name  string
		o     FinalizeOptions
		usage bool
		err   string
	}{
		{"month without --out", FinalizeOptions{Target: "2026-11"}, true, "按月份定稿时须用 --out 给出输出根目录"},
		{"neither folder nor month", FinalizeOptions{Target: filepath.Join(root, "无")}, true, "找不到文件夹：" + filepath.Join(root, "无") + "（也不是 YYYY-MM 格式的月份）"},
		{"folder without month", FinalizeOptions{Target: filepath.Join(root, "inbox", "资料")}, true, `无法从文件夹名 "资料" 得出考核月份`},
		{"no results yet", FinalizeOptions{Target: nov}, false, "找不到 2026-11 的结果文件夹 " + filepath.Join(root, "outbox", "2026-11") + "：请先运行 appraise run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Finalize(tt.o)
			var ue *UsageError
			if f != nil || err == nil || errors.As(err, &ue) != tt.usage || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("Finalize = %v, %v; want error %q (usage %v)", f, err, tt.err, tt.usage)
			}
		})
	}
}

// TestRunRecoversPanic: a panic inside the pipeline is an
// *sheets.InternalError with a short text and the stack; the lock is
// released.
func TestRunRecoversPanic(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "inbox", "2026-11")
	copyDir(t, sample, dir)
	out := filepath.Join(root, "outbox")
	res, err := Run(context.Background(), Options{Dir: dir, Out: out, Progress: func(int, int, string) { panic("boom") }})
	var ie *sheets.InternalError
	if res != nil || !errors.As(err, &ie) {
		t.Fatalf("Run = %v, %v; want an InternalError", res, err)
	}
	if ie.Error() != "处理时发生内部错误：boom" || ie.Value != "boom" || !strings.Contains(string(ie.Stack), "TestRunRecoversPanic") {
		t.Errorf("InternalError %q, value %v; stack without the panicking function:\n%s", ie.Error(), ie.Value, ie.Stack)
	}
	if _, err := os.Stat(filepath.Join(out, LockName)); err == nil {
		t.Errorf("a panic left the lock")
	}
}

// TestRunCanceled: a run whose context has ended writes nothing.
func TestRunCanceled(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "inbox", "2026-11")
	copyDir(t, sample, dir)
	out := filepath.Join(root, "outbox")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Run(ctx, Options{Dir: dir, Out: out})
	if res != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, %v; want context.Canceled", res, err)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("a canceled run left %v", ents)
	}
}

func TestReportRefuses(t *testing.T) {
	root := t.TempDir()
	tests := []struct {
		name  string
		o     ReportOptions
		usage bool
		err   string
	}{
		{"bad --from", ReportOptions{Root: root, From: "2026-13", To: "2026-11"}, true, `--from "2026-13" 不是有效的月份，应为 YYYY-MM`},
		{"bad --to", ReportOptions{Root: root, To: "11月"}, true, `--to "11月" 不是有效的月份，应为 YYYY-MM`},
		{"from after to", ReportOptions{Root: root, From: "2026-11", To: "2026-10"}, true, "--from 2026-11 晚于 --to 2026-10"},
		{"no month folders", ReportOptions{Root: root}, false, root + " 中没有月份文件夹（YYYY-MM）"},
		{"no appraisal in range", ReportOptions{Root: root, From: "2026-06", To: "2026-11"}, false, "2026-06 至 2026-11 之间没有任何月度考核表（" + root + "）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Report(tt.o)
			var ue *UsageError
			if s != nil || err == nil || errors.As(err, &ue) != tt.usage || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("Report = %v, %v; want error %q (usage %v)", s, err, tt.err, tt.usage)
			}
		})
	}
}

func TestForceAllowed(t *testing.T) {
	row := []calc.Problem{{Level: calc.Error, Loc: calc.Loc{File: "奖惩记录.xlsx", Sheet: "奖惩", Cell: "A5"}, Msg: "工号 999 不在花名册中"}}
	panicked := []*sheets.InternalError{{Msg: "读取工作表时发生内部错误：boom"}}
	tests := []struct {
		name                    string
		errors                  int
		force                   bool
		unattributed            []calc.Problem
		panics                  []*sheets.InternalError
		want, refused, internal bool
	}{
		{"no force", 3, false, nil, nil, false, false, false},
		{"force without errors writes as usual", 0, true, nil, nil, false, false, false},
		{"force with errors", 3, true, nil, nil, true, false, false},
		{"a row names nobody", 3, true, row, nil, false, true, false},
		{"a panic was recovered", 3, true, nil, panicked, false, false, true},
	}
	for _, tt := range tests {
		res := &Result{Errors: tt.errors, Internal: tt.panics}
		got := forceAllowed(res, tt.force, tt.unattributed)
		if got != tt.want || (len(res.Refused) > 0) != tt.refused || res.ForceInternal != tt.internal {
			t.Errorf("%s: forceAllowed = %v, Refused %v, ForceInternal %v; want %v, %v, %v",
				tt.name, got, res.Refused, res.ForceInternal, tt.want, tt.refused, tt.internal)
		}
	}
}

// BenchmarkRunSample runs the bundled sample month (40 people) end to end,
// where the fixed cost of each run and workbook counts most: the tests run
// it dozens of times.
func BenchmarkRunSample(b *testing.B) {
	root := b.TempDir()
	dir := filepath.Join(root, "inbox", "2026-11")
	copyDir(b, sample, dir)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), Options{Dir: dir, Out: filepath.Join(root, "out"), Version: "test"}); err != nil {
			b.Fatal(err)
		}
	}
}
