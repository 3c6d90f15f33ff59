package sheets

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// TestWriteLongTexts: a 说明 of 30 lines (Alt+Enter) and a note longer than
// an Excel cell are legal input; the writers do not fail, the row height
// stays within Excel's 409 points, the CSV keeps the whole text and the
// xlsx keeps as much as a cell holds, with a note saying what is missing.
func TestWriteLongTexts(t *testing.T) {
	lines := make([]string, 30)
	for i := range lines {
		lines[i] = "第" + strings.Repeat("说", 3) + "行"
	}
	tall := strings.Join(lines, "\n")
	huge := strings.Repeat("很长的备注", 8000) // 40,000 characters
	res := outFixture()
	res.Events[0].Note = tall
	res.Rows[4].Notes = []string{huge}
	dir, _ := writeFixture(t, res, outRun())

	f, err := excelize.OpenFile(filepath.Join(dir, "月度考核表_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The event is the first data row of 扣分明细 (title, header, data).
	if got, _ := f.GetCellValue(sheetDetail, "J3"); got != tall {
		t.Errorf("扣分明细!J3 = %q; want the 30 lines", got)
	}
	if h, _ := f.GetRowHeight(sheetDetail, 3); h != excelize.MaxRowHeight {
		t.Errorf("扣分明细 row 3 height = %v; want %v", h, excelize.MaxRowHeight)
	}

	p, err := excelize.OpenFile(filepath.Join(dir, "绩效工资调整表_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	got, _ := p.GetCellValue(sheetPayroll, "K6")
	checkCut(t, "payroll K6", payrollNote(res.Rows[4]), got)

	fh, err := os.Open(filepath.Join(dir, "绩效工资调整表_2026-11.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if note := recs[5][10]; !strings.HasSuffix(note, huge) {
		t.Errorf("CSV 备注 of 000202 has %d characters; want the whole note", utf8.RuneCountInString(note))
	}
}

func TestCellText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		cut  bool
	}{
		{"short", "张三", false},
		{"at the limit", strings.Repeat("a", maxCellChars), false},
		{"one over", strings.Repeat("a", maxCellChars+1), true},
		{"wide", strings.Repeat("很长", 20000), true},
		{"astral", strings.Repeat("𬱖", 20000), true}, // 2 UTF-16 units each
	}
	for _, tt := range tests {
		got := cellText(tt.in)
		if !tt.cut {
			if got != tt.in {
				t.Errorf("%s: changed", tt.name)
			}
			continue
		}
		checkCut(t, tt.name, tt.in, got)
	}
}

// checkCut asserts that got is the start of in followed by the note that
// names the whole length and the missing characters, within Excel's limit.
func checkCut(t *testing.T, name, in, got string) {
	t.Helper()
	n := utf16Len(got)
	if n > maxCellChars || n < maxCellChars-8 {
		t.Errorf("%s: %d UTF-16 units; want at most %d and close to it", name, n, maxCellChars)
	}
	i := strings.LastIndex(got, "……（全文 ")
	if i < 0 || !strings.HasPrefix(in, got[:i]) {
		t.Fatalf("%s: no note, or the kept text is not the start of the input", name)
	}
	total, kept := utf8.RuneCountInString(in), utf8.RuneCountInString(got[:i])
	want := fmt.Sprintf("……（全文 %d 字，超出 Excel 单元格 32767 字的上限，以下 %d 字未显示）", total, total-kept)
	if got[i:] != want {
		t.Errorf("%s: note %q; want %q", name, got[i:], want)
	}
}

func TestChineseErrorText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"open /nonexist.xlsx: no such file or directory", "打开 /nonexist.xlsx 失败：文件或文件夹不存在"},
		{"无法打开上月考核表 a.xlsx：open /x/a b.xlsx: permission denied", "无法打开上月考核表 a.xlsx：打开 /x/a b.xlsx 失败：没有权限"},
		{"写入结果失败：rename /o/.tmp1 /o/a.xlsx: operation not permitted", "写入结果失败：改名 /o/.tmp1 /o/a.xlsx 失败：不允许此操作（文件可能是只读的，或正被其他程序占用）"},
		{`open C:\收件\2026-11\a.xlsx: The process cannot access the file because it is being used by another process.`, `打开 C:\收件\2026-11\a.xlsx 失败：文件正被其他程序（如 Excel、WPS）打开，请先关闭它`},
		{"write /o/a.csv: no space left on device", "写入 /o/a.csv 失败：磁盘空间不足"},
		{"zip: not a valid zip file", "不是有效的 xlsx 文件（文件已损坏，或不是 Excel 工作簿）"},
		{"考勤日期 2026-12-01 不在考核月份", "考勤日期 2026-12-01 不在考核月份"},
		{"unknown thing: boom", "unknown thing: boom"},
	}
	for _, tt := range tests {
		if got := ChineseErrorText(tt.in); got != tt.want {
			t.Errorf("ChineseErrorText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestDottedDate(t *testing.T) {
	tests := []struct {
		in     string
		m, d   int
		dotted bool
	}{
		{"11.2", 11, 2, true},
		{"11.1", 11, 1, true},
		{"11.25", 11, 25, true},
		{"1.5", 1, 5, true},
		{"13.2", 0, 0, false},
		{"46329", 0, 0, false},
		{"46329.5", 0, 0, false},
		{"2026.11.3", 0, 0, false},
		{"11.123", 0, 0, false},
		{"11.0", 0, 0, false},
		{"11-2", 0, 0, false},
	}
	for _, tt := range tests {
		m, d, ok := dottedDate(tt.in)
		if ok != tt.dotted || m != tt.m || d != tt.d {
			t.Errorf("dottedDate(%q) = %d, %d, %v; want %d, %d, %v", tt.in, m, d, ok, tt.m, tt.d, tt.dotted)
		}
	}
}

// TestLoadDottedDate: a date typed the Chinese short way (11.2, kept by
// Excel as a number) is one error at its cell saying what was typed and
// how to write the date, not "1900-01-11 不在考核月份".
func TestLoadDottedDate(t *testing.T) {
	dir := t.TempDir()
	writeBook(t, filepath.Join(dir, "花名册.xlsx"), false, excelize.Options{}, rosterSheet())
	writeBook(t, filepath.Join(dir, "投诉.xlsx"), false, excelize.Options{}, testSheet{
		name: "投诉记录",
		rows: [][]any{
			{"日期", "工号", "姓名", "是否有效", "描述"},
			{11.2, "00123", "张三", "是", "态度差"},
			{11.1, "00123", "张三", "是", "态度差"},
		},
	})
	l, err := Load(dir, testRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []calc.Problem
	for _, p := range l.Problems {
		if p.Loc.File == "投诉.xlsx" && p.Level != calc.Info {
			got = append(got, p)
		}
	}
	want := []calc.Problem{
		{Level: calc.Error, Loc: calc.Loc{File: "投诉.xlsx", Sheet: "投诉记录", Cell: "A2"}, ID: "00123",
			Msg:  "日期：单元格里是数字 11.2，不是日期：按“月.日”输入的 11.2 被 Excel 存为数字（11.10 和 11.1 是同一个数），无法确定是哪一天",
			Hint: "请写成 2026-11-02 或 11月2日（或先把该列设为日期格式再输入）"},
		{Level: calc.Error, Loc: calc.Loc{File: "投诉.xlsx", Sheet: "投诉记录", Cell: "A3"}, ID: "00123",
			Msg:  "日期：单元格里是数字 11.1，不是日期：按“月.日”输入的 11.1 被 Excel 存为数字（11.10 和 11.1 是同一个数），无法确定是哪一天",
			Hint: "请写成 2026-11-01 或 11月1日（或先把该列设为日期格式再输入）"},
	}
	if len(got) != len(want) {
		t.Fatalf("problems of 投诉.xlsx = %+v; want %+v", got, want)
	}
	for i := range want {
		if got[i].Level != want[i].Level || got[i].Loc != want[i].Loc || got[i].ID != want[i].ID || got[i].Msg != want[i].Msg || got[i].Hint != want[i].Hint {
			t.Errorf("problem %d = %+v; want %+v", i, got[i], want[i])
		}
	}
}

// TestLoadEmptyFiles: a 0-byte .csv is an error like a 0-byte .xlsx.
func TestLoadEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	writeBook(t, filepath.Join(dir, "花名册.xlsx"), false, excelize.Options{}, rosterSheet())
	for _, name := range []string{"空.csv", "空.xlsx"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := Load(dir, testRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range l.Problems {
		if strings.HasPrefix(p.Loc.File, "空.") {
			got = append(got, fmt.Sprintf("%s %s %s %s", p.Level, locString(p.Loc), p.Msg, p.Hint))
		}
	}
	want := []string{"错误 空.csv 文件为空（0 字节） 请重新导出或另存此文件", "错误 空.xlsx 文件为空（0 字节） 请重新导出或另存此文件"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems = %q; want %q", got, want)
	}
}

// TestGBKProblems: with --csv-gbk, a name GBK cannot write is one error
// naming the person and the character; the writer refuses it too.
func TestGBKProblems(t *testing.T) {
	res := outFixture()
	res.Rows[1].Name = "田𬱖"
	res.Rows[1].Loc = calc.Loc{File: "花名册.xlsx", Sheet: "花名册", Cell: "B4"}
	res.Rows[2].Notes = []string{"€ 欧元"} // € is in GBK (CP936)
	got := GBKProblems(res)
	want := []calc.Problem{{
		Level: calc.Error, Loc: calc.Loc{File: "花名册.xlsx", Sheet: "花名册", Cell: "B4"}, ID: "000124",
		Msg:  "田𬱖（000124）的姓名“田𬱖”含 GBK 编码没有的字“𬱖”，工资调整表 CSV 无法按 GBK 编码写出",
		Hint: "不要使用 --csv-gbk（默认的 UTF-8 编码能写出所有汉字，Excel 和 WPS 都能直接打开），或让财务导入 .xlsx 工资调整表",
	}}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want[0]) {
		t.Fatalf("GBKProblems = %+v; want %+v", got, want)
	}
	run := outRun()
	run.CSVGBK = true
	var buf strings.Builder
	if err := writePayrollCSV(&buf, res, run); err == nil {
		t.Error("writePayrollCSV wrote a name GBK cannot encode")
	}
	if got := GBKProblems(outFixture()); len(got) != 0 {
		t.Errorf("GBKProblems(fixture) = %+v; want none", got)
	}
}

// TestPrintSetup: the payroll data sheet keeps its header in row 1 and
// prints landscape, one page wide, header repeated, titled in the page
// header, with month and page numbers below; 合计 prints upright with its
// signature lines; the appraisal's chart bars have the grade colours and
// every font is named.
func TestPrintSetup(t *testing.T) {
	dir, _ := sharedFixture(t)
	f, err := excelize.OpenFile(filepath.Join(dir, "绩效工资调整表_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type layout struct {
		orient         string
		width, height  int
		header, footer string
		titles         string
	}
	get := func(sheet string) layout {
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var titles string
		for _, d := range f.GetDefinedName() {
			if d.Name == "_xlnm.Print_Titles" && d.Scope == sheet {
				titles = d.RefersTo
			}
		}
		return layout{*pl.Orientation, *pl.FitToWidth, *pl.FitToHeight, hf.OddHeader, hf.OddFooter, titles}
	}
	const title = "客服部2026年11月绩效工资调整表"
	tests := []struct {
		sheet string
		want  layout
	}{
		{sheetPayroll, layout{"landscape", 1, 0, "&C&\"-,Bold\"&14" + title, "&L" + title + "&C第 &P 页 共 &N 页&R绩效工资调整", "'绩效工资调整'!$1:$1"}},
		{sheetTotals, layout{"portrait", 1, 0, "", "&L" + title + "&C第 &P 页 共 &N 页&R合计", "'合计'!$1:$2"}},
	}
	for _, tt := range tests {
		if got := get(tt.sheet); got != tt.want {
			t.Errorf("%s: %+v; want %+v", tt.sheet, got, tt.want)
		}
	}
	if v, _ := f.GetCellValue(sheetPayroll, "A1"); v != "工号" {
		t.Errorf("绩效工资调整!A1 = %q; want 工号", v)
	}
	m := lineMap(dumpOf(t, filepath.Join(dir, "绩效工资调整表_2026-11.xlsx")))
	for i, want := range totalsSignature {
		cell := fmt.Sprintf("合计!A%d", 10+i)
		if m[cell] != want+"<合并>" && m[cell] != want {
			t.Errorf("%s = %q; want %q", cell, m[cell], want)
		}
	}
	for _, l := range dumpOf(t, filepath.Join(dir, "绩效工资调整表_2026-11.xlsx")) {
		for _, bad := range []string{"--force", "--prev", "（D"} {
			if strings.Contains(l, bad) {
				t.Errorf("payroll workbook says %q: %s", bad, l)
			}
		}
	}

	zr, err := zip.OpenReader(filepath.Join(dir, "月度考核表_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	part := func(name string) string {
		for _, zf := range zr.File {
			if zf.Name == name {
				rc, _ := zf.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				return string(b)
			}
		}
		t.Fatalf("no part %s", name)
		return ""
	}
	chart := part("xl/charts/chart1.xml")
	var bars []string
	for _, m := range regexp.MustCompile(`<dPt><idx val="(\d)"></idx>.*?<a:srgbClr val="(\w+)">`).FindAllStringSubmatch(chart, -1) {
		bars = append(bars, m[1]+":"+m[2])
	}
	// Fixture grades A B C D E 不合格, best first.
	if got, want := strings.Join(bars, " "), "0:70AD47 1:5B9BD5 2:FFC000 3:F4B183 4:ED7D31 5:C00000"; got != want {
		t.Errorf("chart bars %s; want %s", got, want)
	}
	styles := part("xl/styles.xml")
	fonts := regexp.MustCompile(`<font>.*?</font>`).FindAllString(styles, -1)
	for _, ft := range fonts {
		if !strings.Contains(ft, `<name val="等线">`) || !strings.Contains(ft, `<charset val="134">`) {
			t.Errorf("font without 等线 / GB2312: %s", ft)
		}
	}
	if len(fonts) < 5 {
		t.Errorf("%d fonts; want the styles' fonts", len(fonts))
	}
}

// TestPagesTall: a table whose last printed page would hold a few rows is
// fit one page less tall; other tables print as many pages as they need.
func TestPagesTall(t *testing.T) {
	b, err := newBook("t", outRules(), 2026, time.November)
	if err != nil {
		t.Fatal(err)
	}
	table := func(rows int) *xlTable {
		tb := &xlTable{sheet: "s", title: "标题", headers: []string{"工号", "姓名", "分数"}, print: true}
		for i := range rows {
			tb.rows = append(tb.rows, []excelize.Cell{b.str(fmt.Sprint(i)), b.str("张三"), b.num(80)})
		}
		return tb
	}
	// A4 landscape: 508.6 points within the margins; title 30 + header 22
	// on every page; rows of 14.25 points: 32 rows a page.
	tests := []struct{ rows, want int }{
		{10, 0},
		{32, 0},
		{33, 1},  // one row over: fit into one page
		{42, 1},  // 10 of 32 rows on page 2: less than a third
		{45, 0},  // 13 rows on page 2: print two pages
		{64, 0},  // two full pages
		{70, 2},  // 6 rows on page 3
		{400, 0}, // too long to estimate
	}
	for _, tt := range tests {
		tb := table(tt.rows)
		if got := b.pagesTall(tb, tb.widths(), 2); got != tt.want {
			t.Errorf("pagesTall(%d rows) = %d; want %d", tt.rows, got, tt.want)
		}
	}
}
