package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"appraise/sheets"
)

// A payroll that cannot be replaced (immutable: the stand-in for a
// workbook open in Excel on Windows) stops the run with a Chinese message
// naming it, and nothing of the set is switched.
func TestPayrollOpenInExcel(t *testing.T) {
	if testing.Short() {
		t.Skip("fault injection with two runs; sheets' TestWriteSetFileOpenInExcel covers it fast")
	}
	if runtime.GOOS != "linux" {
		t.Skip("chattr is Linux only")
	}
	out := t.TempDir()
	month := filepath.Join(out, "2026-11")
	if code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out, "-q"); code != exitOK {
		t.Fatalf("run = %d\n%s", code, stderr)
	}
	before, _ := os.ReadFile(filepath.Join(month, "manifest.json"))
	payroll := filepath.Join(month, "绩效工资调整表_2026-11.xlsx")
	if b, err := exec.Command("chattr", "+i", payroll).CombinedOutput(); err != nil {
		t.Skipf("chattr +i not possible here: %v %s", err, b)
	}
	defer exec.Command("chattr", "-i", payroll).Run()
	// Other inputs: the 2026-10 sample computed as November's.
	in := filepath.Join(t.TempDir(), "2026-11")
	copyDir(t, "../../samples/2026-11", in)
	if err := os.Remove(filepath.Join(in, "额外奖惩_2026-11.xlsx")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "run", in, "--out", out, "-q", "--force")
	if code == exitOK || !strings.Contains(stderr, "请先关闭 Excel/WPS 中打开的 绩效工资调整表_2026-11.xlsx") {
		t.Fatalf("run with the payroll locked = %d; want an error naming it\n%s", code, stderr)
	}
	if strings.Contains(stderr, "operation not permitted") {
		t.Errorf("raw system error shown:\n%s", stderr)
	}
	after, _ := os.ReadFile(filepath.Join(month, "manifest.json"))
	if string(after) != string(before) {
		t.Errorf("the set was switched although the payroll could not be replaced")
	}
	if err := sheets.CheckSet(month); err != nil {
		t.Error(err)
	}
}

// Only regular files are inputs: a link to /proc/self/environ is refused
// with a message and does not reach the manifest. A file name with control
// characters is escaped on the console.
func TestInputLinksAndControlCharacters(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	base := t.TempDir()
	in := filepath.Join(base, "inbox", "2026-11")
	fewInputs(t, in)
	if err := os.Symlink("/proc/self/environ", filepath.Join(in, "环境.csv")); err != nil {
		t.Fatal(err)
	}
	evil := "x\x1b[2J\n错误：假的一行.csv"
	if err := os.WriteFile(filepath.Join(in, evil), []byte("a,b\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(base, "outbox")
	_, stdout, stderr := runCLI(t, "run", in, "--out", out)
	if !strings.Contains(stderr, "环境.csv：已忽略：这是指向系统文件 /proc/") {
		t.Errorf("the /proc link is not refused with a message:\n%s", stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "2026-11", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "环境.csv") {
		t.Errorf("the /proc link reached the manifest")
	}
	for _, s := range []string{stdout, stderr} {
		if strings.Contains(s, "\x1b") || strings.Contains(s, "\n错误：假的一行") {
			t.Errorf("a control character of a file name reached the console:\n%q", s)
		}
	}
	if !strings.Contains(stderr, `x\x1b[2J\n错误：假的一行.csv`) {
		t.Errorf("the file name is not shown escaped:\n%s", stderr)
	}
}
