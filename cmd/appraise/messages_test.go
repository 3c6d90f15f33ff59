package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

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

// TestCheckReportLong: beyond maxPrinted lines, check writes every line to
// a temporary file and prints its path.
func TestCheckReportLong(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var ps []calc.Problem
	for i := 1; i <= maxPrinted+20; i++ {
		ps = append(ps, calc.Problem{Level: calc.Info, Loc: calc.Loc{File: "a.xlsx", Sheet: "S", Cell: fmt.Sprintf("A%d", i)}, Msg: "说明"})
	}
	var buf bytes.Buffer
	checkReport(&buf, ps, false, 2026, time.November)
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != maxPrinted+1 || lines[0] != "提示：a.xlsx!S!A1：说明" {
		t.Fatalf("printed %d lines, first %q; want %d, 提示：a.xlsx!S!A1：说明", len(lines), lines[0], maxPrinted+1)
	}
	files, _ := filepath.Glob(filepath.Join(tmp, "appraise-check-2026-11-*.txt"))
	if len(files) != 1 {
		t.Fatalf("temporary files %v; want one", files)
	}
	if want := fmt.Sprintf("……另有 20 条未在此列出；全部 %d 条已写入 %s", maxPrinted+20, files[0]); lines[maxPrinted] != want {
		t.Errorf("last line %q; want %q", lines[maxPrinted], want)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	if len(all) != maxPrinted+20 || all[maxPrinted+19] != fmt.Sprintf("提示：a.xlsx!S!A%d：说明", maxPrinted+20) {
		t.Errorf("file has %d lines, last %q", len(all), all[len(all)-1])
	}
}

// TestReadme: the README names the Go version of go.mod and links nothing
// outside the repository.
func TestReadme(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var goVersion string
	for _, l := range strings.Split(string(mod), "\n") {
		if v, ok := strings.CutPrefix(l, "go "); ok {
			goVersion = strings.TrimSpace(v)
		}
	}
	if want := "Go ≥ " + goVersion + " "; goVersion == "" || !strings.Contains(string(readme), want) {
		t.Errorf("README lacks %q (go.mod says go %s)", want, goVersion)
	}
	if strings.Contains(string(readme), "../shared") {
		t.Error("README links ../shared, which a clone does not have")
	}
}

// TestMultiLineNote: a 说明 cell of 30 lines (Alt+Enter) does not fail the
// run; the 扣分明细 row keeps the whole text at Excel's tallest row.
func TestMultiLineNote(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the sample month")
	}
	root := t.TempDir()
	month := filepath.Join(root, "2026-11")
	copyDir(t, "../../samples/2026-11", month)
	path := filepath.Join(month, "奖惩记录_2026-11.xlsx")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("奖惩记录", "J2"); v != "说明" {
		t.Fatalf("奖惩记录!J2 = %q; want the 说明 header", v)
	}
	lines := make([]string, 30)
	for i := range lines {
		lines[i] = fmt.Sprintf("第%d行：经过与处理", i+1)
	}
	note := strings.Join(lines, "\n")
	if err := f.SetCellStr("奖惩记录", "J3", note); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := filepath.Join(root, "out")
	if code, _, stderr := runCLI(t, "run", month, "--out", out, "-q"); code != exitOK {
		t.Fatalf("run = %d\n%s", code, stderr)
	}
	g, err := excelize.OpenFile(filepath.Join(out, "2026-11", "月度考核表_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	rows, _ := g.GetRows("扣分明细")
	for i, r := range rows {
		// The 说明 follows what the row says of itself (突发事件超时…；).
		if len(r) > 9 && strings.HasSuffix(r[9], note) {
			if h, _ := g.GetRowHeight("扣分明细", i+1); h != excelize.MaxRowHeight {
				t.Errorf("扣分明细 row %d height %v; want %v", i+1, h, excelize.MaxRowHeight)
			}
			return
		}
	}
	t.Error("扣分明细 lacks the 30-line 说明")
}
