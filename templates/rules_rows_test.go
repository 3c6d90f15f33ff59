package templates

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/sheets"
)

// TestRulesRowsSameAsExcelize is the differential test of the rules
// reader's rows: ReadRules reads each sheet through the streaming engine
// (rbOpen, rbSheetRows) where it used excelize's OpenFile and GetRows with
// RawCellValue. The reader uses nothing else of the workbook than the
// sheet list (looked up ignoring case), the date system and the rows, so
// the same three give the same rules and the same problems at the same
// cells. Compared: every sheet of the generated rules workbook, of one
// with holidays, of copies edited by excelize (every damage of
// rbBrokenCases at once, rows inserted and removed, a sheet deleted,
// numbers, booleans, dates, formulas, rich text, cells far right and far
// down); without -short also each damage of rbBrokenCases alone and the
// workbooks of other applications in ../shared/corpus.
func TestRulesRowsSameAsExcelize(t *testing.T) {
	withDays := calc.DefaultRules()
	withDays.Holidays = []time.Time{time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	withDays.Workdays = []time.Time{time.Date(2026, 10, 10, 0, 0, 0, 0, time.UTC)}
	withDays.ExamFailRatio = decimal.RequireFromString("0.55")

	files := map[string]string{
		"default":  rbWriteTemp(t, calc.DefaultRules()),
		"holidays": rbWriteTemp(t, withDays),
	}
	all := rbWriteTemp(t, calc.DefaultRules())
	rbEdit(t, all, func(f *excelize.File) {
		for _, tc := range rbBrokenCases {
			tc.edit(t, f)
		}
	})
	files["every damage"] = all
	odd := rbWriteTemp(t, calc.DefaultRules())
	rbEdit(t, odd, func(f *excelize.File) {
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(f.InsertRows(rbQA, 3, 2))
		must(f.RemoveRow(rbRules, rbRowOf(t, f, rbRules, "A", "L04")))
		must(f.DeleteSheet(rbTiers))
		rbSetCell(t, f, rbParamSheet, "B3", 2.5)
		rbSetCell(t, f, rbParamSheet, "B4", true)
		rbSetCell(t, f, rbParamSheet, "B5", 1e21)
		rbSetCell(t, f, rbHolidays, "A2", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
		rbSetCell(t, f, rbHolidays, "A3", time.Date(2026, 10, 1, 8, 30, 0, 0, time.UTC))
		rbSetCell(t, f, rbHolidays, "C9", "  空格  ")
		must(f.SetCellFormula(rbSymbols, "D2", "1+1"))    // no cached value
		must(f.SetCellFormula(rbSymbols, "H40", "A2&A3")) // alone, far down: a row of ""
		must(f.SetCellRichText(rbInputs, "C3", []excelize.RichTextRun{{Text: "富"}, {Text: "文本", Font: &excelize.Font{Bold: true}}}))
		rbSetCell(t, f, rbInputs, "AB2", "右边")
		rbSetCell(t, f, rbIndicators, "A300", "下面")
		rbSetCell(t, f, rbGrades, "B3", "_x0041_\n换行")
	})
	files["odd cells"] = odd
	if !testing.Short() {
		for _, tc := range rbBrokenCases {
			p := rbWriteTemp(t, calc.DefaultRules())
			rbEdit(t, p, func(f *excelize.File) { tc.edit(t, f) })
			files["damage "+tc.name] = p
		}
		corpus, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "*.xlsx"))
		if len(corpus) == 0 {
			t.Log("../shared/corpus not found: comparing the generated rules workbooks only")
		}
		for _, p := range corpus {
			files[filepath.Base(p)] = p
		}
	}
	for name, p := range files {
		t.Run(name, func(t *testing.T) { rbCompareRows(t, p) })
	}
}

// rbRowsAllowed are the corpus workbooks whose rows differ between excelize
// (v2.11) and the engine, where Excel agrees with the engine (the same
// cases as sheets' conformanceAllowed, TestInspectRowsMatchExcelize): file
// name prefix → reason. "open" means excelize cannot open the file at all.
var rbRowsAllowed = map[string]string{
	"PHPOffice__issue.4724":            "_xD801__xDC05_ escapes: Excel shows 𐐅 (and U+FFFD for a lone surrogate); excelize drops them",
	"SheetJS__xlsx-stream-d-date-cell": "t=\"d\" ISO 8601 cells: Excel stores the date serial (the engine gives it); excelize's raw value is the text",
	"SheetJS__wtf_path":                "parts under wtf/: excelize looks for xl/sharedStrings.xml and shows shared-string cells empty",
	"tafia__empty_s_attribute":         "cells with s=\"\": excelize fails to parse the sheet and shows it empty",
	"apache__poc-shared-strings":       "the sheet starts with <row r=\"0\">: excelize stops after row 999, the engine reads on (and reports the bad row number)",
}

// rbCompareRows compares the sheet list, the date system and the rows of
// every sheet of a workbook as excelize and as the engine read them.
func rbCompareRows(t *testing.T, path string) {
	base := filepath.Base(path)
	allowed := ""
	for k, why := range rbRowsAllowed {
		if strings.HasPrefix(base, k) {
			allowed = why
		}
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		if _, e := rbOpen(path); e != nil {
			return // neither opens it: ReadRules reports the file
		}
		t.Logf("excelize cannot open %s (%v); the engine can", base, err)
		return
	}
	defer f.Close()
	b, err := rbOpen(path)
	if err != nil {
		t.Fatalf("the engine cannot open %s: %v (excelize can)", base, err)
	}
	x := &rbReader{book: b}
	var names []string
	for _, sh := range b.Sheets() {
		names = append(names, sh.Name)
	}
	if want := f.GetSheetList(); !reflect.DeepEqual(names, want) {
		t.Errorf("sheets = %q; excelize %q", names, want)
	}
	want1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		want1904 = *p.Date1904
	}
	if b.Date1904() != want1904 {
		t.Errorf("date1904 = %v; excelize %v", b.Date1904(), want1904)
	}
	for _, name := range f.GetSheetList() {
		want, werr := f.GetRows(name, excelize.Options{RawCellValue: true})
		sh, ok := x.sheet(name)
		if !ok {
			t.Errorf("%s: sheet not found by the engine", name)
			continue
		}
		got, issues, gerr := rbSheetRows(b, sh.Part)
		if werr != nil || gerr != nil {
			if (werr == nil) != (gerr == nil) && allowed == "" {
				t.Errorf("%s: error %v; excelize %v", name, gerr, werr)
			}
			continue
		}
		if d := rbRowsDiff(got, want); d != "" {
			if allowed != "" {
				t.Logf("%s: differs as expected (%s): %s", name, allowed, d)
				continue
			}
			t.Errorf("%s: %s", name, d)
		}
		for _, is := range issues { // warnings of ReadRules
			t.Logf("%s: %s %s", name, is.Cell, is.Msg)
		}
	}
}

// rbRowsDiff describes the first difference of two sheets' rows ("" when
// equal; an empty row is the same whether nil or not).
func rbRowsDiff(got, want [][]string) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d rows; excelize %d", len(got), len(want))
	}
	for i := range got {
		if len(got[i]) == 0 && len(want[i]) == 0 {
			continue
		}
		if !reflect.DeepEqual(got[i], want[i]) {
			return fmt.Sprintf("row %d = %q; excelize %q", i+1, got[i], want[i])
		}
	}
	return ""
}

// TestRulesOpenErrors: files ReadRules cannot open are one error at the
// file, saying in Chinese what is wrong (excelize's English errors, which
// these files gave before, no longer reach the user).
func TestRulesOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	good, err := os.ReadFile(rbWriteTemp(t, calc.DefaultRules()))
	if err != nil {
		t.Fatal(err)
	}
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, text := range map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office:document-content/>"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(text))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	ods := zb.Bytes()
	for _, tc := range []struct {
		name, path, msg string
	}{
		{"empty", write("空.xlsx", nil), "无法打开规则工作簿：文件为空（0 字节）"},
		{"text", write("文本.xlsx", []byte("not a workbook")), "无法打开规则工作簿：不是有效的 Excel 工作簿（文件已损坏或并非 .xlsx 格式）"},
		{"encrypted or xls", write("加密.xlsx", ole), "无法打开规则工作簿：这是旧版 Excel 97-2003（.xls）文件或设置了打开密码的工作簿，不能读取"},
		{"cut short", write("截断.xlsx", good[:len(good)/2]), "无法打开规则工作簿：工作簿已损坏或不完整（无法解压：不是有效的 xlsx 文件（文件已损坏，或不是 Excel 工作簿））"},
		{"OpenDocument", write("表格.xlsx", ods), "无法打开规则工作簿：这是 OpenDocument（.ods）文件，请在 Excel/WPS 中另存为 .xlsx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, ps := ReadRules(tc.path)
			want := calc.Problem{Level: calc.Error, Loc: calc.Loc{File: filepath.Base(tc.path)}, Msg: tc.msg}
			if r != nil || len(ps) != 1 || ps[0].Level != want.Level || ps[0].Loc != want.Loc || ps[0].Msg != want.Msg || ps[0].Hint == "" {
				t.Errorf("ReadRules(%s) = %v, %+v; want nil and %+v with a hint", tc.name, r != nil, ps, want)
			}
			if _, err := excelize.OpenFile(tc.path); err == nil {
				t.Errorf("excelize.OpenFile(%s) opened it; the file is meant to be unreadable", tc.name)
			}
		})
	}
}

// TestRulesBeyondColumns: a rules sheet with content past the columns the
// engine reads (a stray note in 规则!AMK60) is read without it, as the
// input readers read such sheets, and the user is told where it starts
// (excelize read every column, so the reader must not drop it silently).
func TestRulesBeyondColumns(t *testing.T) {
	p := rbWriteTemp(t, calc.DefaultRules())
	rbEdit(t, p, func(f *excelize.File) {
		rbSetCell(t, f, rbRules, "AMK60", "L99 备注")
	})
	r, ps := ReadRules(p)
	msg, hint := sheets.BeyondText("AMK60")
	want := calc.Problem{Level: calc.Warning, Loc: calc.Loc{File: filepath.Base(p), Sheet: rbRules, Cell: "AMK60"}, Msg: msg, Hint: hint}
	if r == nil || len(ps) != 1 || !reflect.DeepEqual(ps[0], want) {
		t.Fatalf("ReadRules = %v, %+v; want the rules and only %+v", r != nil, ps, want)
	}
	if !reflect.DeepEqual(r, calc.DefaultRules()) {
		t.Errorf("the rules read differ from the default rules the workbook was written from")
	}
}

// TestRulesDamagedDataStops: the engine's problems in a rules sheet's data
// have the levels they have in any input (D21): a rules workbook whose
// shared strings are gone is refused with errors at the cells, not read as
// blanks with warnings.
func TestRulesDamagedDataStops(t *testing.T) {
	p := rbWriteTemp(t, calc.DefaultRules())
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == "xl/sharedStrings.xml" {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r, ps := ReadRules(p)
	found := false
	for _, q := range ps {
		if strings.HasPrefix(q.Msg, "工作簿缺少共享字符串表") {
			found = true
			if q.Level != calc.Error || q.Loc.Sheet == "" || q.Loc.Cell == "" {
				t.Errorf("problem %+v: want an error at a sheet and cell", q)
			}
		}
	}
	if r != nil || !found {
		t.Errorf("ReadRules without shared strings = %v, %d problems (missing-table problem found: %v); want refused with the problem", r != nil, len(ps), found)
	}
}
