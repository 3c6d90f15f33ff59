package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommand: sample --months writes consecutive month folders; run
// each; report names the sets and the missing month; usage errors exit 2.
func TestReportCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("three generated months; skipped under -short")
	}
	dir := t.TempDir()
	inbox, out := filepath.Join(dir, "inbox"), filepath.Join(dir, "outbox")
	code, stdout, stderr := runCLI(t, "sample", "--months", "3", "--month", "2026-11", "--employees", "12", inbox)
	if code != exitOK {
		t.Fatalf("sample: %d %s", code, stderr)
	}
	for _, k := range []string{"2026-09", "2026-10", "2026-11"} {
		if !strings.Contains(stdout, "已生成 "+k) {
			t.Errorf("sample output lacks %s: %s", k, stdout)
		}
		if code, _, stderr := runCLI(t, "run", filepath.Join(inbox, k), "--out", out); code != exitOK {
			t.Fatalf("run %s: %d %s", k, code, stderr)
		}
	}
	tests := []struct {
		args     []string
		code     int
		file     string
		out, err string
	}{
		{[]string{"report", out}, exitOK, "考核汇总_2026-06至2026-11.xlsx",
			"2026-09：草稿（未定稿），12 人\n2026-10：草稿（未定稿），12 人\n2026-11：草稿（未定稿），12 人\n",
			"提示：缺少 2026-06：输出目录中没有此月的月度考核表，汇总中未计入\n提示：缺少 2026-07：输出目录中没有此月的月度考核表，汇总中未计入\n提示：缺少 2026-08：输出目录中没有此月的月度考核表，汇总中未计入\n"},
		{[]string{"report", out, "--from", "2026-10", "--to", "2026-11"}, exitOK, "考核汇总_2026-10至2026-11.xlsx",
			"2026-10：草稿（未定稿），12 人\n2026-11：草稿（未定稿），12 人\n", ""},
		{[]string{"report", out, "--from", "2026-11", "--to", "2026-10"}, exitUsage, "", "", "appraise: --from 2026-11 晚于 --to 2026-10\n（运行 appraise help 查看用法）\n"},
		{[]string{"report", out, "--from", "2026-13"}, exitUsage, "", "", "appraise: --from \"2026-13\" 不是有效的月份，应为 YYYY-MM\n（运行 appraise help 查看用法）\n"},
		{[]string{"report", out, "--from", "2025-01", "--to", "2025-03"}, exitInput, "", "", "appraise: 2025-01 至 2025-03 之间没有任何月度考核表（" + out + "）\n"},
		{[]string{"report"}, exitUsage, "", "", "appraise: report 需要一个输出目录（各月结果所在的目录），例如：appraise report outbox\n（运行 appraise help 查看用法）\n"},
	}
	for _, tc := range tests {
		code, stdout, stderr := runCLI(t, tc.args...)
		want := tc.out
		if tc.file != "" {
			want += filepath.Join(out, tc.file) + "\n"
			if _, err := os.Stat(filepath.Join(out, tc.file)); err != nil {
				t.Errorf("%v: %v", tc.args, err)
			}
		}
		if code != tc.code || stdout != want || stderr != tc.err {
			t.Errorf("%v = %d\n%q\n%q\nwant %d\n%q\n%q", tc.args, code, stdout, stderr, tc.code, want, tc.err)
		}
	}
}
