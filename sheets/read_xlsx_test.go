package sheets

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

func zipOf(t *testing.T, files map[string]string) *zip.Reader {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

func TestScanSheetXML(t *testing.T) {
	const sheet = `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="str"><f>IF(1,"","x")</f><v></v></c><c r="C1"><f>SUM(A1:A2)</f></c><c r="D1"><f>1+1</f><v></v></c></row>
<row r="2"><c r="A2"><f t="shared" ref="A2:A3" si="0">B2*2</f></c><c r="B2" t="s"><v>0</v></c></row>
<row r="3"><c r="a3"><f t="shared" si="0"/></c></row>
</sheetData><mergeCells count="2"><mergeCell ref="A5:C5"/><mergeCell ref="D2:D4"/></mergeCells></worksheet>`
	zr := zipOf(t, map[string]string{
		"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="考勤" sheetId="1" r:id="rId7"/><sheet name="其他" sheetId="2" r:id="rId8"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId7" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId8" Type="worksheet" Target="/xl/worksheets/s2.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheet,
	})
	parts := sheetParts(zr)
	if want := map[string]string{"考勤": "xl/worksheets/sheet1.xml", "其他": "xl/worksheets/s2.xml"}; !reflect.DeepEqual(parts, want) {
		t.Errorf("sheetParts = %v; want %v", parts, want)
	}
	formulas, merges, err := scanSheet(zr, parts["考勤"])
	if err != nil {
		t.Fatal(err)
	}
	// B1 is a formula whose cached value is the empty string (t="str", as
	// Excel writes it); D1 has an empty <v></v> as openpyxl writes it: no
	// cached value.
	if want := map[string]bool{"C1": true, "D1": true, "A2": true, "A3": true}; !reflect.DeepEqual(formulas, want) {
		t.Errorf("scanSheet formulas = %v; want %v", formulas, want)
	}
	if want := []mergeRange{{4, 0, 4, 2}, {1, 3, 3, 3}}; !reflect.DeepEqual(merges, want) {
		t.Errorf("scanSheet merges = %v; want %v", merges, want)
	}
	if _, _, err := scanSheet(zr, parts["其他"]); err == nil {
		t.Errorf("scanSheet(missing part) error = nil; want an error")
	}
}

func TestMergeFiller(t *testing.T) {
	mf := newMergeFiller([]mergeRange{{1, 2, 3, 2}, {0, 0, 0, 3}})
	rows := [][]string{{"标题"}, {"001", "张三", "一组"}, {"002", "李四"}, {"003", "王五", ""}, {"004", "赵六"}}
	want := [][]string{{"标题"}, {"001", "张三", "一组"}, {"002", "李四", "一组"}, {"003", "王五", "一组"}, {"004", "赵六"}}
	for i, r := range rows {
		if got := mf.fill(i, r); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("fill(row %d) = %q; want %q", i, got, want[i])
		}
	}
}

func TestReadSheetSafe(t *testing.T) {
	ld := newLoader(testRules(), 2026, 11, LoadOptions{})
	calls := 0
	ld.readSheetSafe(&sheetSrc{file: "a.xlsx", sheet: "坏表", next: func() ([]string, bool, error) {
		calls++
		panic("boom")
	}})
	want := "a.xlsx!坏表 读取工作表时发生内部错误：boom"
	if len(ld.problems) != 1 || locString(ld.problems[0].Loc)+" "+ld.problems[0].Msg != want || calls != 1 {
		t.Errorf("problems = %+v; want one: %s", ld.problems, want)
	}
	if len(ld.internal) != 1 || ld.internal[0].Msg != "读取工作表时发生内部错误：boom" || !strings.Contains(string(ld.internal[0].Stack), "TestReadSheetSafe") {
		t.Errorf("internal = %+v; want the panic with its stack", ld.internal)
	}
}

func TestChartSheetIgnored(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"工号", "接待量"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"001", 5})
	err := f.AddChartSheet("图表", &excelize.Chart{Type: excelize.Col,
		Series: []excelize.ChartSeries{{Name: "Sheet1!$B$1", Categories: "Sheet1!$A$2", Values: "Sheet1!$B$2"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(filepath.Join(dir, "a.xlsx")); err != nil {
		t.Fatal(err)
	}
	l, err := Load(dir, testRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.xlsx!Sheet1!第1行 识别为 工作量（表头在第1行）", "a.xlsx!图表 已忽略：图表工作表"}
	if got := problemLines(l.Problems, calc.Info); !reflect.DeepEqual(got, want) {
		t.Errorf("info = %q; want %q", got, want)
	}
	if len(l.Month.Workload) != 1 || !l.Month.WorkloadGiven {
		t.Errorf("Workload = %+v; want one row", l.Month.Workload)
	}
}

// scanSheet reads a worksheet part as Load does and returns its formula
// cells without a cached value and its merged ranges.
func scanSheet(zr *zip.Reader, part string) (map[string]bool, []mergeRange, error) {
	merges, err := scanMerges(zr, part)
	if err != nil {
		return nil, nil, err
	}
	formulas := map[string]bool{}
	rows, err := openFastRows(zr, part, &sstTable{}, true, false, formulas)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for {
		_, ok, err := rows.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return formulas, merges, nil
		}
	}
}
