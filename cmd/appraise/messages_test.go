package main

import (
	"strings"
	"testing"
)

// TestFlagErrorsChinese: every flag error a user can see is Chinese and
// names the flag, the value and what it takes.
func TestFlagErrorsChinese(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"sample", "--employees", "abc", "--month", "2026-11", "x"}, `appraise: 选项 --employees 的值 "abc" 无效：须为整数，例如 --employees 40`},
		{[]string{"watch", "--settle", "10xyz", "inbox"}, `appraise: 选项 --settle 的值 "10xyz" 无效：须为时长，例如 10s、10秒、2分钟、1m30s`},
		{[]string{"run", "--force=maybe", "inbox"}, `appraise: 选项 --force 的值 "maybe" 无效：只能是 true 或 false（或只写选项名）`},
		{[]string{"run", "-z", "inbox"}, "appraise: 未知选项：-z"},
		{[]string{"run", "--bogus", "inbox"}, "appraise: 未知选项：--bogus"},
		{[]string{"run", "inbox", "--out"}, "appraise: 选项缺少参数：--out"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d; want %d", tt.args, code, exitUsage)
		}
		if first, _, _ := strings.Cut(stderr, "\n"); first != tt.want {
			t.Errorf("%v: stderr %q; want %q", tt.args, first, tt.want)
		}
	}
}

func TestZhDuration(t *testing.T) {
	tests := []struct{ in, want string }{
		{"10秒", "10s"},
		{"10 秒", "10s"},
		{"2分钟", "2m"},
		{"1小时30分", "1h30m"},
		{"500毫秒", "500ms"},
		{"10", "10s"},
		{"1.5", "1.5s"},
		{"30s", "30s"},
		{"10xyz", "10xyz"},
		{"十秒", "十秒"},
	}
	for _, tt := range tests {
		if got := zhDuration(tt.in); got != tt.want {
			t.Errorf("zhDuration(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormDurations(t *testing.T) {
	fs := newFlags("watch", nil)
	fs.Duration("settle", 0, "")
	fs.String("out", "", "")
	got := strings.Join(normDurations(fs, []string{"--settle", "10秒", "--out", "10秒", "--settle=2分钟", "--", "--settle", "3秒"}), " ")
	want := "--settle 10s --out 10秒 --settle=2m -- --settle 3秒"
	if got != want {
		t.Errorf("normDurations = %q; want %q", got, want)
	}
}
