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

// An encrypted rerun retires the previous run's plaintext CSV as a backup:
// the folder never holds an encrypted payroll beside an older plain CSV.
func TestEncryptedRerunRetiresCSV(t *testing.T) {
	out := t.TempDir()
	month := filepath.Join(out, "2026-11")
	csv := filepath.Join(month, "绩效工资调整表_2026-11.csv")
	if code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out, "-q"); code != exitOK {
		t.Fatalf("run = %d\n%s", code, stderr)
	}
	plain, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("APPRAISE_TEST_PW", "口令")
	code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out, "--password-env", "APPRAISE_TEST_PW")
	if code != exitOK {
		t.Fatalf("encrypted run = %d\n%s", code, stderr)
	}
	if _, err := os.Stat(csv); err == nil {
		t.Errorf("the plaintext CSV stays beside the encrypted payroll")
	}
	baks, _ := filepath.Glob(csv + ".*.bak")
	if len(baks) != 1 {
		t.Fatalf("CSV backups = %v; want one", baks)
	}
	if b, _ := os.ReadFile(baks[0]); string(b) != string(plain) {
		t.Errorf("the CSV backup does not hold the previous CSV")
	}
	if !strings.Contains(stderr, "提示：上次生成的 绩效工资调整表_2026-11.csv 已改为备份") || !strings.Contains(stderr, "加密时不生成 CSV") {
		t.Errorf("stderr does not say where the CSV went:\n%s", stderr)
	}
	if err := sheets.CheckSet(month); err != nil {
		t.Error(err)
	}
}

// A payroll that cannot be replaced (immutable: the stand-in for a
// workbook open in Excel on Windows) stops the run with a Chinese message
// naming it, and nothing of the set is switched.
func TestPayrollOpenInExcel(t *testing.T) {
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

// --out that reaches into the input folder through a link is refused.
func TestOutThroughLinkIntoInput(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	base := t.TempDir()
	in := filepath.Join(base, "inbox", "2026-11")
	copyDir(t, "../../samples/2026-11", in)
	link := filepath.Join(base, "结果")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "run", in, "--out", filepath.Join(link, "sub"), "-q")
	if code != exitUsage || !strings.Contains(stderr, "不能位于输入文件夹") {
		t.Errorf("--out through a link into the input = %d; want 2 and a refusal\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(in, "sub")); err == nil {
		t.Errorf("outputs were written into the input folder")
	}
}

// Only regular files are inputs: a link to /proc/self/environ is refused
// with a message and does not reach the manifest. A file name with control
// characters is escaped on the console.
func TestInputLinksAndControlCharacters(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	base := t.TempDir()
	in := filepath.Join(base, "inbox", "2026-11")
	copyDir(t, "../../samples/2026-11", in)
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
	b, _ := os.ReadFile(filepath.Join(out, "2026-11", "manifest.json"))
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

// What killed runs left behind (old temp files, staging folders) is
// cleaned at the next run.
func TestStaleTempFilesCleaned(t *testing.T) {
	out := t.TempDir()
	month := filepath.Join(out, "2026-11")
	if code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out, "-q"); code != exitOK {
		t.Fatalf("run = %d\n%s", code, stderr)
	}
	junk := []string{
		filepath.Join(month, ".绩效工资调整表_2026-11.xlsx.123456789.tmp"),
		filepath.Join(out, ".appraise-staging-2026-11-abcdef", ".appraise-staging"),
		filepath.Join(out, ".appraise-staging-2026-11-abcdef", "月度考核表_2026-11.xlsx"),
	}
	for _, p := range junk {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out, "-q"); code != exitOK {
		t.Fatalf("run = %d\n%s", code, stderr)
	}
	for _, p := range junk {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s left after the next run", p)
		}
	}
	if err := sheets.CheckSet(month); err != nil {
		t.Error(err)
	}
}

// Three runs in quick succession (within one second on a fast machine):
// every replaced payroll is kept in a backup of its own, none overwritten.
func TestQuickRerunsKeepEveryPayroll(t *testing.T) {
	base := t.TempDir()
	out := filepath.Join(base, "outbox")
	month := filepath.Join(out, "2026-11")
	payroll := filepath.Join(month, "绩效工资调整表_2026-11.xlsx")
	in := filepath.Join(base, "inbox", "2026-11")
	copyDir(t, "../../samples/2026-11", in)
	var kept [][]byte
	for i, drop := range []string{"", "额外奖惩_2026-11.xlsx", "花名册.xlsx"} {
		if drop != "" {
			if err := os.Remove(filepath.Join(in, drop)); err != nil {
				t.Fatal(err)
			}
		}
		runCLI(t, "run", in, "--out", out, "-q")
		if err := sheets.CheckSet(month); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		if b, err := os.ReadFile(payroll); err == nil {
			kept = append(kept, b)
		}
	}
	if len(kept) != 2 {
		t.Fatalf("%d runs wrote a payroll; want 2 (the third has errors)", len(kept))
	}
	baks, _ := filepath.Glob(payroll + ".*.bak")
	found := 0
	for _, want := range kept {
		for _, b := range baks {
			if got, _ := os.ReadFile(b); string(got) == string(want) {
				found++
				break
			}
		}
	}
	if len(baks) != 2 || found != 2 {
		t.Errorf("payroll backups %v hold %d of the 2 earlier payrolls; want both", baks, found)
	}
}
