package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunInbox: run on an inbox runs its newest month folder, --all runs
// every one, --month picks one; two folders of one month are refused.
func TestRunInbox(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the sample months")
	}
	root := t.TempDir()
	inbox := filepath.Join(root, "inbox")
	copyDir(t, "../../samples/2026-10", filepath.Join(inbox, "客服部2026年10月"))
	copyDir(t, "../../samples/2026-11", filepath.Join(inbox, "2026年11月考核"))
	if err := os.MkdirAll(filepath.Join(inbox, "杂项"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out")

	code, stdout, stderr := runCLI(t, "run", inbox, "--out", out)
	if code != exitOK {
		t.Fatalf("run inbox = %d\n%s", code, stderr)
	}
	if want := inbox + " 是收件文件夹，其中的月份文件夹：客服部2026年10月、2026年11月考核；处理最新的 2026年11月考核（全部处理请加 --all，指定月份请用 --month）"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if !strings.Contains(stdout, filepath.Join(out, "2026-11", "月度考核表_2026-11.xlsx")) || strings.Contains(stdout, "2026-10") {
		t.Errorf("run inbox wrote:\n%s\nwant 2026-11 only", stdout)
	}

	code, stdout, _ = runCLI(t, "check", inbox, "--all")
	if code != exitOK || stdout != "2026-10：40 人，0 个错误，41 个警告\n2026-11：40 人，0 个错误，41 个警告\n" {
		t.Errorf("check inbox --all = %d\n%s", code, stdout)
	}
	code, stdout, _ = runCLI(t, "check", inbox, "--month", "2026-10")
	if code != exitOK || stdout != "2026-10：40 人，0 个错误，41 个警告\n" {
		t.Errorf("check inbox --month 2026-10 = %d\n%s", code, stdout)
	}

	copyDir(t, "../../samples/2026-11", filepath.Join(inbox, "2026-11 (2)"))
	code, _, stderr = runCLI(t, "check", inbox)
	if want := "appraise: " + inbox + " 中有两个文件夹都是 2026-11：2026-11 (2) 和 2026年11月考核；请删除或改名其中一个\n"; code != exitUsage || !strings.HasPrefix(stderr, want) {
		t.Errorf("two folders of one month = %d %q; want %d %q", code, stderr, exitUsage, want)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	month := filepath.Join(dir, "2026-11")
	if err := os.MkdirAll(month, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "a", "b"}, "appraise: 只能给一个月份文件夹（收到 2 个：a、b）；处理收件文件夹中所有月份请用：appraise run 收件文件夹 --all"},
		{[]string{"check", month, "--all"}, "appraise: --all 只用于收件文件夹（其中有按月份命名的文件夹）；" + month + " 本身就是月份文件夹"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if first, _, _ := strings.Cut(stderr, "\n"); code != exitUsage || first != tt.want {
			t.Errorf("%v = %d %q; want %d %q", tt.args, code, first, exitUsage, tt.want)
		}
	}
}
