package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/sheets"
)

// Hostile or broken input through the CLI: the run reports every hostile
// file with a Chinese message naming it, and every other problem of the
// month, in one pass; it never panics or hangs.

// saveBook writes a workbook with one sheet of rows (nil cells stay empty)
// and the given formulas without cached values.
func saveBook(t *testing.T, path string, rows [][]any, formulas map[string]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	for c, fx := range formulas {
		if err := f.SetCellFormula("Sheet1", c, fx); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// zipBomb returns a small .xlsx whose sheet inflates to more than 1 GB.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	}
	for name, s := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, s)
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("<row/>"), (1<<20)/6)
	for n := 0; n < 1100<<20; n += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestHostileMonthCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("slow; runs without -short (CI runs it)")
	}
	dir := filepath.Join(t.TempDir(), "inbox", "2026-11")
	copyDir(t, "../../samples/2026-11", dir)
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("炸弹.xlsx", zipBomb(t))
	roster, err := os.ReadFile(filepath.Join(dir, "花名册.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	write("截断.xlsx", roster[:len(roster)*2/3])
	garbage := make([]byte, 200_000)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i/251)
	}
	write("乱码.csv", garbage)
	saveBook(t, filepath.Join(dir, "公式.xlsx"), [][]any{
		{"日期", "工号", "姓名", "项目", "分值"},
		{"2026-11-05", "KF0001", "郑洋萍", "L04"},
	}, map[string]string{"E2": "SUM(1,2)"})
	long := strings.Repeat("超长", 16383) + "长" // 32,767 characters
	saveBook(t, filepath.Join(dir, "超长.xlsx"), [][]any{
		{"日期", "工号", "姓名", "项目", long},
		{long, "KF0003", "梁鹏文", "L01"},
	}, nil)
	symlinks := os.Symlink("环.xlsx", filepath.Join(dir, "环.xlsx")) == nil
	if symlinks {
		if err := os.Symlink(t.TempDir(), filepath.Join(dir, "子目录")); err != nil {
			t.Fatal(err)
		}
	}
	before := hashDir(t, dir)

	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI(t, "run", dir, "--out", out)
	if code != exitInput {
		t.Fatalf("run(hostile month) = %d; want %d\n%s", code, exitInput, stderr)
	}
	want := []string{
		"错误：炸弹.xlsx：工作簿解压后过大",
		"错误：截断.xlsx：工作簿已损坏或不完整",
		"错误：公式.xlsx!Sheet1!E2：分值：公式单元格没有计算结果",
		"错误：超长.xlsx!Sheet1!A2：日期：无法识别的日期",
		"考核 40 人",
	}
	if symlinks {
		want = append(want, "错误：环.xlsx：无法读取文件：快捷方式（符号链接）形成循环")
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, clip(stderr))
		}
	}
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, "内部错误") || strings.Contains(line, "panic") {
			t.Errorf("stderr reports a panic: %s", line)
		}
		if n := len([]rune(line)); n > 1000 {
			t.Errorf("stderr line of %d characters: %s…", n, string([]rune(line)[:80]))
		}
	}
	if got := hashDir(t, dir); got != before {
		t.Errorf("the run changed the input folder")
	}
	report, err := sheets.Dump(filepath.Join(out, "2026-11", "校验报告_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(report, "\n")
	for _, name := range []string{"炸弹.xlsx", "截断.xlsx", "乱码.csv", "公式.xlsx", "超长.xlsx"} {
		if !strings.Contains(text, name) {
			t.Errorf("validation report lacks %s", name)
		}
	}
}

// clip shortens a long output for a test message.
func clip(s string) string {
	if r := []rune(s); len(r) > 3000 {
		return string(r[:3000]) + "…"
	}
	return s
}

// hashDir is a digest of every regular file's name and bytes in dir.
func hashDir(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %x\n", e.Name(), sha256.Sum256(data))
	}
	return b.String()
}

// TestHostileJunkRowsCLI: a sheet that matches the event log's header but
// holds 200,000 rows of junk ends in a bounded report, not 200,000 lines.
func TestHostileJunkRowsCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("slow; runs without -short (CI runs it)")
	}
	dir := filepath.Join(t.TempDir(), "inbox", "2026-11")
	copyDir(t, "../../samples/2026-11", dir)
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"日期", "工号", "姓名", "项目"}); err != nil {
		t.Fatal(err)
	}
	const n = 200_000
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{fmt.Sprintf("垃圾%d", i), fmt.Sprintf("Z%d", i), "某", "L01"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(filepath.Join(dir, "垃圾.xlsx")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI(t, "run", dir, "--out", out)
	if code != exitInput {
		t.Fatalf("run = %d; want %d\n%s", code, exitInput, clip(stderr))
	}
	if lines := strings.Count(stderr, "\n"); lines > 200 {
		t.Errorf("stderr has %d lines; want a bounded report", lines)
	}
	if !strings.Contains(stderr, "错误：垃圾.xlsx!Sheet1!A列：另有") {
		t.Errorf("stderr lacks the summary of the junk dates:\n%s", clip(stderr))
	}
}

// TestManyFilesCLI: 500 small event logs in one folder are all read and
// listed in the manifest.
func TestManyFilesCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("slow; runs without -short (CI runs it)")
	}
	dir := filepath.Join(t.TempDir(), "inbox", "2026-11")
	copyDir(t, "../../samples/2026-11", dir)
	for i := range 500 {
		csv := fmt.Sprintf("日期,工号,姓名,项目,次数,说明\n2026-11-%02d,KF0007,,L01,1,第%d条\n", 1+i%28, i) // distinct: not copies (D20)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("加分%03d.csv", i)), []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI(t, "run", dir, "--out", out, "-q")
	if code != exitOK {
		t.Fatalf("run(500 files) = %d; want %d\n%s", code, exitOK, clip(stderr))
	}
	manifest, err := os.ReadFile(filepath.Join(out, "2026-11", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"加分000.csv", "加分499.csv", "花名册.xlsx"} {
		if !strings.Contains(string(manifest), name) {
			t.Errorf("manifest.json lacks %s", name)
		}
	}
}

// TestPayrollCSVInjection: text cells of the payroll CSV that a
// spreadsheet would run as a formula are prefixed with '; the payroll
// workbook holds them as plain text; every output is 0600 on Unix.
// injectionNames are roster texts a spreadsheet would run as formulas:
// 工号 → 姓名, 部门, 班组.
var injectionNames = map[string][3]string{
	"001": {`=HYPERLINK("http://x","点我")`, "@SUM(A1)", "一组"},
	"002": {"+1+1", "客服部", "-2"},
	"003": {"张三", "客服部", "@一组"},
}

// injectionRun runs a month whose roster holds injectionNames and returns
// the month's output folder.
func injectionRun(t *testing.T) string {
	t.Helper()
	names := injectionNames
	dir := filepath.Join(t.TempDir(), "inbox", "2026-11")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{{"工号", "姓名", "部门", "班组", "岗位", "入职日期"}}
	att := [][]any{{"工号", "日期", "考勤结果"}}
	for _, id := range []string{"001", "002", "003"} {
		v := names[id]
		rows = append(rows, []any{id, v[0], v[1], v[2], "业务代表", "2025-01-05"})
		att = append(att, monthOfAttendance(id)...)
	}
	saveBook(t, filepath.Join(dir, "花名册.xlsx"), rows, nil)
	saveBook(t, filepath.Join(dir, "考勤.xlsx"), att, nil)
	noneThisMonth(t, dir)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "run", dir, "--out", out, "-q"); code != exitOK {
		t.Fatalf("run = %d; want %d\n%s", code, exitOK, stderr)
	}
	return filepath.Join(out, "2026-11")
}

func TestPayrollCSVInjection(t *testing.T) {
	t.Parallel()
	names := injectionNames
	month := injectionRun(t)
	data, err := os.ReadFile(filepath.Join(month, "绩效工资调整表_2026-11.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\uFEFF")))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("payroll CSV has %d records; want a header and 3 rows", len(recs))
	}
	for _, rec := range recs[1:] {
		v, ok := names[rec[0]]
		if !ok {
			t.Errorf("payroll CSV row %q: unknown 工号", rec)
			continue
		}
		for i, col := range []int{1, 2, 3} {
			want := v[i]
			if strings.ContainsAny(want[:1], "=+-@") {
				want = "'" + want
			}
			if rec[col] != want {
				t.Errorf("payroll CSV %s column %d = %q; want %q", rec[0], col+1, rec[col], want)
			}
		}
		for _, c := range rec {
			if c != "" && strings.ContainsAny(c[:1], "=+@\t\r") {
				t.Errorf("payroll CSV %s: cell %q starts with a formula character", rec[0], c)
			}
		}
	}

	f, err := excelize.OpenFile(filepath.Join(month, "绩效工资调整表_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	for row := 2; row <= 4; row++ {
		for col := 1; col <= 4; col++ {
			cell, _ := excelize.CoordinatesToCellName(col, row)
			if fx, _ := f.GetCellFormula(sheet, cell); fx != "" {
				t.Errorf("payroll workbook %s is a formula %q; want text", cell, fx)
			}
		}
		id, _ := f.GetCellValue(sheet, fmt.Sprintf("A%d", row))
		name, _ := f.GetCellValue(sheet, fmt.Sprintf("B%d", row))
		if v, ok := names[id]; !ok || name != v[0] {
			t.Errorf("payroll workbook row %d = %s %q; want the roster's name as text", row, id, name)
		}
	}

	if runtime.GOOS == "windows" {
		return
	}
	ents, err := os.ReadDir(month)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			continue // 班组/ packets: their modes are checked by sheets.TestWritePaths
		}
		st, err := os.Stat(filepath.Join(month, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if perm := st.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s has mode %v; want -rw------- (0600)", e.Name(), st.Mode().Perm())
		}
	}
}

// TestLibreOfficeCSVInjection imports the payroll CSV into LibreOffice with
// formula evaluation on: the escaped cells stay text, while a control file
// with the same texts unescaped does get formulas (so the import really
// evaluates).
func TestLibreOfficeCSVInjection(t *testing.T) {
	bin := soffice(t)
	month := injectionRun(t)
	control := filepath.Join(t.TempDir(), "control.csv")
	if err := os.WriteFile(control, []byte("\uFEFF工号,姓名\r\n001,=1+1\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	// CSV import options: comma, double quote, UTF-8, from line 1, …, evaluate formulas
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+filepath.ToSlash(t.TempDir()), "--headless",
		"--infilter=CSV:44,34,76,1,,1033,false,false,false,false,false,-1,true",
		"--convert-to", "xlsx", "--outdir", out, filepath.Join(month, "绩效工资调整表_2026-11.csv"), control)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	formulas := func(path string, cells ...string) map[string]string {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		got := map[string]string{}
		for _, c := range cells {
			if fx, _ := f.GetCellFormula(f.GetSheetName(0), c); fx != "" {
				got[c] = fx
			}
		}
		return got
	}
	if got := formulas(filepath.Join(out, "control.xlsx"), "B2"); got["B2"] == "" {
		t.Fatalf("LibreOffice did not evaluate the control's =1+1: the import option is not in effect")
	}
	var cells []string
	for row := 2; row <= 4; row++ {
		for col := 1; col <= 11; col++ {
			c, _ := excelize.CoordinatesToCellName(col, row)
			cells = append(cells, c)
		}
	}
	if got := formulas(filepath.Join(out, "绩效工资调整表_2026-11.xlsx"), cells...); len(got) != 0 {
		t.Errorf("LibreOffice turned payroll CSV cells into formulas: %v", got)
	}
}

// TestOutputsOwnerOnly: every output, and the .bak of an earlier output
// that a re-run replaced, is readable by its owner only (0600) on Unix.
func TestOutputsOwnerOnly(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no Unix file modes on Windows")
	}
	out := t.TempDir()
	for _, extra := range [][]string{nil, {"--csv-gbk"}} {
		args := append([]string{"run", "../../samples/2026-11", "--out", out, "-q"}, extra...)
		if code, _, stderr := runCLI(t, args...); code != exitOK {
			t.Fatalf("run %v = %d\n%s", extra, code, stderr)
		}
	}
	month := filepath.Join(out, "2026-11")
	ents, err := os.ReadDir(month)
	if err != nil {
		t.Fatal(err)
	}
	baks := 0
	for _, e := range ents {
		if e.IsDir() {
			continue // 班组/ packets: their modes are checked by sheets.TestWritePaths
		}
		st, err := os.Stat(filepath.Join(month, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(e.Name(), ".bak") {
			baks++
		}
		if perm := st.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s has mode %v; want -rw------- (0600)", e.Name(), perm)
		}
	}
	if baks == 0 {
		t.Errorf("re-running with --csv-gbk kept no .bak of the replaced CSV: %d files", len(ents))
	}
}

// monthOfAttendance is a 正常 day for id on every workday of 2026-11, so
// that attendance covers the month (D19).
func monthOfAttendance(id string) [][]any {
	var rows [][]any
	r := calc.DefaultRules()
	for d := 1; d <= 30; d++ {
		if t := time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC); r.Workday(t) {
			rows = append(rows, []any{id, t.Format("2006-01-02"), "正常"})
		}
	}
	return rows
}

// noneThisMonth writes header-only sheets of the required kinds other than
// the roster and attendance: they declare "none this month" (D19).
func noneThisMonth(t *testing.T, dir string) {
	t.Helper()
	for name, head := range map[string][]any{
		"质检.xlsx": {"日期", "工号", "姓名", "服务用语", "服务态度", "语气语调", "需求归纳能力", "应变能力", "总分"},
		"奖惩.xlsx": {"日期", "工号", "姓名", "项目"},
		"考试.xlsx": {"工号", "姓名", "成绩"},
		"投诉.xlsx": {"日期", "工号", "是否有效"},
	} {
		saveBook(t, filepath.Join(dir, name), [][]any{head}, nil)
	}
}
