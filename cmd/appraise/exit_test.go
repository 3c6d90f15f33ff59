package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"appraise/month"
	"appraise/sheets"
)

// TestExit: each kind of error a command returns gets its exit code and
// what the user reads; a recovered panic shows its short text, then the
// stack as detail.
func TestExit(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		code  int
		lines []string // stderr's lines start with these
	}{
		{"ok", nil, exitOK, nil},
		{"usage", usagef("找不到文件夹：x"), exitUsage, []string{"appraise: 找不到文件夹：x", "（运行 appraise help 查看用法）"}},
		{"usage of month", &month.UsageError{Msg: "--month 2026-10 与文件夹名 2026-11 表示的月份 2026-11 不一致"}, exitUsage,
			[]string{"appraise: --month 2026-10 与文件夹名 2026-11 表示的月份 2026-11 不一致", "（运行 appraise help 查看用法）"}},
		{"input errors, printed already", errInput, exitInput, nil},
		{"other", errors.New("无法读取文件夹 x"), exitInput, []string{"appraise: 无法读取文件夹 x"}},
		{"recovered panic", sheets.Recovered("处理时发生内部错误", "boom"), exitInput,
			[]string{"appraise: 处理时发生内部错误：boom", "内部错误详情（请交给维护人员）：处理时发生内部错误：boom", "goroutine "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if code := exit(tt.err, &buf); code != tt.code {
				t.Errorf("exit = %d; want %d", code, tt.code)
			}
			got := strings.Split(buf.String(), "\n")
			if len(tt.lines) == 0 && buf.Len() != 0 {
				t.Errorf("stderr %q; want nothing", buf.String())
			}
			for i, want := range tt.lines {
				if i >= len(got) || !strings.HasPrefix(got[i], want) {
					t.Errorf("stderr line %d of\n%s\nwant it to start with %q", i+1, buf.String(), want)
				}
			}
		})
	}
}
