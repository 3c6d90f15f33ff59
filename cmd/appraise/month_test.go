package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"appraise/calc"
)

func TestFolderMonth(t *testing.T) {
	tests := []struct {
		name string
		y    int
		m    time.Month
		ok   bool
	}{
		{"2026-11", 2026, 11, true},
		{"202611", 2026, 11, true},
		{"2026年11月", 2026, 11, true},
		{"客服部2026年11月", 2026, 11, true},
		{"2026年11月考核", 2026, 11, true},
		{"2026-11 (2)", 2026, 11, true},
		{"客服部 2026.3 考核", 2026, 3, true},
		{"考核202603", 2026, 3, true},
		{"２０２６年１１月", 2026, 11, true},
		{"2026-11-03", 0, 0, false},
		{"20261103", 0, 0, false},
		{"2026-13", 0, 0, false},
		{"11月", 0, 0, false},
		{"inbox", 0, 0, false},
	}
	for _, tt := range tests {
		y, m, ok := folderMonth(tt.name)
		if y != tt.y || m != tt.m || ok != tt.ok {
			t.Errorf("folderMonth(%q) = %d, %d, %v; want %d, %d, %v", tt.name, y, m, ok, tt.y, tt.m, tt.ok)
		}
	}
}

func TestMonthOf(t *testing.T) {
	now := time.Now()
	guess := latestYear(11, now)
	tests := []struct {
		dir, flag string
		want      string // period, or the start of the usage error
	}{
		{"inbox/客服部2026年11月", "", "2026-11"},
		{"inbox/2026-11 (2)", "2026-11", "2026-11"},
		{"inbox/11月", "2026-11", "2026-11"},
		{"inbox/11月", "", `文件夹名 "11月" 只有月份、没有年份：是 ` + strings.TrimSpace(period(guess, 11)[:4]) + `年11月 吗？是的话请加上 --month ` + period(guess, 11)},
		{"inbox/11月", "2026-10", "--month 2026-10 与文件夹名 11月 表示的 11月 不一致"},
		{"inbox/2026年11月考核", "2026-10", "--month 2026-10 与文件夹名 2026年11月考核 表示的月份 2026-11 不一致"},
		{"inbox/资料", "", `无法从文件夹名 "资料" 得出考核月份`},
		{"inbox/资料", "2026-11", "2026-11"},
	}
	for _, tt := range tests {
		y, m, err := monthOf(tt.dir, tt.flag)
		got := ""
		if err != nil {
			if _, ok := err.(*usageError); !ok {
				t.Errorf("monthOf(%q, %q): %T is not a usage error", tt.dir, tt.flag, err)
			}
			got = err.Error()
		} else {
			got = period(y, m)
		}
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("monthOf(%q, %q) = %q; want %q", tt.dir, tt.flag, got, tt.want)
		}
	}
}

func TestLatestYear(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	if y := latestYear(11, now); y != 2026 {
		t.Errorf("latestYear(11, 2026-12) = %d; want 2026", y)
	}
	jan := time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)
	if y := latestYear(12, jan); y != 2026 {
		t.Errorf("latestYear(12, 2027-01) = %d; want 2026", y)
	}
}

func TestSubfolderFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2026-11")
	for _, p := range []string{"花名册.xlsx", "旧版/花名册.xlsx", "旧版/更早/考勤.csv", "旧版/说明.docx", "空/", ".git/x.csv", "照片/a.jpg"} {
		full := filepath.Join(dir, p)
		if strings.HasSuffix(p, "/") {
			os.MkdirAll(full, 0o755)
			continue
		}
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := subfolderFiles(dir)
	want := []calc.Problem{{
		Level: calc.Warning, Loc: calc.Loc{File: "旧版/"},
		Msg:  "子文件夹 旧版 中的文件未读取：旧版/更早/考勤.csv、旧版/花名册.xlsx（只读取月份文件夹本身的文件）",
		Hint: "需要的文件请移到 2026-11 文件夹本身中，不需要的请移出该文件夹",
	}}
	if len(got) != len(want) {
		t.Fatalf("subfolderFiles = %+v; want %+v", got, want)
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("subfolderFiles[%d] = %+v; want %+v", i, got[i], want[i])
		}
	}
}
