package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"appraise/sheets"
)

func TestInspectCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2026-11")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	events := "日期,工号,姓名,项目,审核人\n2026-11-05,00123,张三,L01,\n2026-13-45,1002,李四,L01,\n"
	if err := os.WriteFile(filepath.Join(dir, "奖惩.csv"), []byte(events), 0o644); err != nil {
		t.Fatal(err)
	}
	other := "甲,乙\n1,2\n"
	if err := os.WriteFile(filepath.Join(dir, "其他.csv"), []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		args     []string
		code     int
		stdout   []string // each must appear, in order
		stderr   []string
		noStdout bool
	}{
		{
			name: "a recognised sheet with a bad cell",
			args: []string{"inspect", filepath.Join(dir, "奖惩.csv")},
			code: exitInput,
			stdout: []string{"文件：奖惩.csv（按 2026-11 月读取）", "CSV 内容：识别为 奖惩记录，表头在第 1 行",
				"A   日期    日期", "B   工号    工号", "E   审核人  （未使用）", "错误：A3：", "2026-13-45"},
		},
		{
			name:   "a sheet not recognised says why",
			args:   []string{"inspect", "--month", "2026-10", filepath.Join(dir, "其他.csv")},
			stdout: []string{"文件：其他.csv（按 2026-10 月读取）", "CSV 内容：未识别（前2行中没有可识别的表头）"},
		},
		{name: "no file", args: []string{"inspect"}, code: exitUsage, stderr: []string{"inspect 需要且只需要一个文件"}, noStdout: true},
		{name: "a folder", args: []string{"inspect", dir}, code: exitUsage, stderr: []string{"是文件夹", "appraise check"}, noStdout: true},
		{name: "missing file", args: []string{"inspect", filepath.Join(dir, "无.xlsx")}, code: exitUsage, stderr: []string{"找不到文件"}, noStdout: true},
		{name: "bad month", args: []string{"inspect", "--month", "11月", filepath.Join(dir, "其他.csv")}, code: exitUsage, stderr: []string{"--month 应为 YYYY-MM"}, noStdout: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d; want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			rest := stdout
			for _, w := range tt.stdout {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Errorf("stdout lacks %q (in order):\n%s", w, stdout)
					break
				}
				rest = rest[i+len(w):]
			}
			for _, w := range tt.stderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if tt.noStdout && stdout != "" {
				t.Errorf("stdout = %q; want nothing", stdout)
			}
		})
	}

	// --json: one object a line, raw values as read
	code, stdout, stderr := runCLI(t, "inspect", "--json", filepath.Join(dir, "奖惩.csv"))
	if code != exitOK || stderr != "" {
		t.Errorf("inspect --json: exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
	var got []sheets.RowDump
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var r sheets.RowDump
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, r)
	}
	want := []sheets.RowDump{
		{Sheet: "", Row: 1, Cells: []string{"日期", "工号", "姓名", "项目", "审核人"}},
		{Sheet: "", Row: 2, Cells: []string{"2026-11-05", "00123", "张三", "L01"}},
		{Sheet: "", Row: 3, Cells: []string{"2026-13-45", "1002", "李四", "L01"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("inspect --json rows = %+v; want %+v", got, want)
	}
	if !strings.HasPrefix(stdout, `{"sheet":"","row":1,"cells":["日期","工号"`) {
		t.Errorf("inspect --json first line = %q", strings.SplitN(stdout, "\n", 2)[0])
	}
}
