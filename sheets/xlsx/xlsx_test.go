package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// excelizeRows reads a sheet with excelize's Rows (raw values), the reader
// Rows replaces.
func excelizeRows(t *testing.T, data []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cells)
	}
	return out
}

// fastRowsOf reads a sheet with the Rows of package xlsx.
func fastRowsOf(t *testing.T, data []byte, sheet string) ([][]string, map[string]bool, bool) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	book, err := Open(zr)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range book.Sheets() {
		if sh.Name != sheet {
			continue
		}
		rows, err := book.Rows(sh.Part)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out [][]string
		for {
			cells, num, ok, err := rows.Next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				return out, rows.Formulas(), book.Date1904()
			}
			if num != len(out)+1 {
				t.Fatalf("row number %d after %d rows", num, len(out))
			}
			out = append(out, cells)
		}
	}
	t.Fatalf("no sheet %s", sheet)
	return nil, nil, false
}

// trimTrailing drops trailing empty rows, which excelize reports and
// Rows does not need to.
func trimTrailing(rows [][]string) [][]string {
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	return rows
}

func TestFastRowsMatchExcelize(t *testing.T) {
	f := excelize.NewFile()
	set := func(cell string, v any) {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "工号")
	set("B1", "姓名 & <备注>")
	set("D1", 12.5)
	set("A2", "00123")
	set("C2", true)
	set("E2", "line1\r\nline2\x07")
	set("A5", 46329)
	set("B5", "  spaced  ")
	if err := f.SetCellFormula("Sheet1", "C5", "A5+1"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellRichText("Sheet1", "A6", []excelize.RichTextRun{{Text: "富"}, {Text: "文本"}}); err != nil {
		t.Fatal(err)
	}
	set("AB7", "far")
	if err := f.SetSheetRow("Sheet1", "A8", &[]any{"x", nil, 3, "y"}); err != nil {
		t.Fatal(err)
	}
	if err := f.MergeCell("Sheet1", "A10", "C10"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("流"); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("流")
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range [][]any{{"工号", "日期"}, {"KF0001", 46329.375}, nil, {"<&>", "'引号\""}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	for _, sheet := range []string{"Sheet1", "流"} {
		want := trimTrailing(excelizeRows(t, data, sheet))
		got, formulas, _ := fastRowsOf(t, data, sheet)
		got = trimTrailing(got)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Rows(%s) = %q; want %q (excelize)", sheet, got, want)
		}
		if sheet == "Sheet1" && !formulas["C5"] {
			t.Errorf("Rows(%s) formulas = %v; want C5 (no cached value)", sheet, formulas)
		}
	}
}

func TestFastRowsXML(t *testing.T) {
	const sheet = `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>甲&amp;乙</x:t><x:rPh><x:t>ふりがな</x:t></x:rPh></x:is></x:c><x:c t="s"><x:v>1</x:v></x:c></x:row>
<x:row><x:c r="A3" t="str"><x:f>"a&gt;b"</x:f><x:v>a&gt;b</x:v></x:c><x:c r="C3"><x:f>1/0</x:f><x:v></x:v></x:c><x:c r="D3" t="e"><x:v>#DIV/0!</x:v></x:c></x:row>
<x:row r="5" spans="1:2"/><x:row r="6"><x:c r="A6" s="3"/><x:c r="B6"><x:v>&#x41;&#66;_x000D_</x:v></x:c></x:row>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>`
	zr := zipOf(t, map[string]string{
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<workbookPr date1904="1"/><sheets><sheet name="甲" sheetId="1" r:id="rId1"/><sheet name="隐" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="worksheet" Target="worksheets/sheet2.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strs.xml"/></Relationships>`,
		"xl/strs.xml":              `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>零</t></si><si><r><t>一</t></r><r><t xml:space="preserve"> 二</t></r></si></sst>`,
		"xl/worksheets/sheet1.xml": sheet,
	})
	book, err := Open(zr)
	if err != nil {
		t.Fatal(err)
	}
	sheets, date1904, sstPart := book.Sheets(), book.Date1904(), book.sstPart
	wantSheets := []Sheet{{"甲", false, "xl/worksheets/sheet1.xml"}, {"隐", true, "xl/worksheets/sheet2.xml"}}
	if !reflect.DeepEqual(sheets, wantSheets) || !date1904 || sstPart != "xl/strs.xml" {
		t.Errorf("workbookInfo = %v, %v, %q; want %v, true, xl/strs.xml", sheets, date1904, sstPart, wantSheets)
	}
	err = book.ReadStrings()
	sst, found := book.sst, book.sstFound
	if err != nil || !found || sst.len() != 2 || sst.at(0) != "零" || sst.at(1) != "一 二" {
		t.Errorf("readSST = %v, %v, %v; want [零 一 二]", sst, found, err)
	}
	rows, err := book.Rows(sheets[0].Part)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	formulas := rows.Formulas()
	var got [][]string
	for {
		cells, _, ok, err := rows.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		got = append(got, cells)
	}
	want := [][]string{nil, {"", "甲&乙", "一 二"}, {"a>b", "", "", "#DIV/0!"}, nil, nil, {"", "AB_x000D_"}} // a value is not a string: no _x escapes, as excelize
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %q; want %q", got, want)
	}
	if est := rows.Estimate(len(got)); est != len(got) {
		t.Errorf("estimate(%d) at the end = %d; want %d", len(got), est, len(got))
	}
	if !reflect.DeepEqual(formulas, map[string]bool{"C3": true}) {
		t.Errorf("formulas = %v; want C3", formulas)
	}
	merges, err := book.MergeRanges(sheets[0].Part)
	if err != nil || !reflect.DeepEqual(merges, []Range{{0, 0, 0, 1}}) {
		t.Errorf("MergeRanges = %v, %v; want A1:B1", merges, err)
	}
	if _, err := book.Rows(sheets[1].Part); err == nil || err.Error() != "找不到工作表 xl/worksheets/sheet2.xml" {
		t.Errorf("Rows(missing part) error = %v; want 找不到工作表 xl/worksheets/sheet2.xml", err)
	}
}

func TestXMLHelpers(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a&amp;b&lt;c&gt;&quot;&apos;", `a&b<c>"'`},
		{"&#20013;&#x6587;", "中文"},
		{"a\r\nb\rc", "a\nb\nc"},
		{"&unknown; & x", "&unknown; & x"},
	} {
		if got := xmlText([]byte(tt.in)); got != tt.want {
			t.Errorf("xmlText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{{"a_x000D_b", "a\rb"}, {"_x005F_x", "_x"}, {"no_xescape", "no_xescape"}} {
		if got := bstrDecode(tt.in); got != tt.want {
			t.Errorf("bstrDecode(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		tag, attr, want string
		ok              bool
	}{
		{`c r="B2" s="1" t="s"`, "t", "s", true},
		{`c r="B2" s="1" t="s"`, "r", "B2", true},
		{`c s='1' r='C9'/`, "r", "C9", true},
		{`c rr="X1"`, "r", "", false},
		{`row r="7" x14ac:dyDescent="0.25"`, "dyDescent", "0.25", true},
	} {
		v, ok := tagAttr([]byte(tt.tag), tt.attr)
		if string(v) != tt.want || ok != tt.ok {
			t.Errorf("tagAttr(%q, %q) = %q, %v; want %q, %v", tt.tag, tt.attr, v, ok, tt.want, tt.ok)
		}
	}
	for _, tt := range []struct {
		ref  string
		want int
		ok   bool
	}{{"A1", 1, true}, {"AB12", 28, true}, {"xfd3", 16384, true}, {"12", 0, false}} {
		if got, ok := colOfRef([]byte(tt.ref)); got != tt.want || ok != tt.ok {
			t.Errorf("colOfRef(%q) = %d, %v; want %d, %v", tt.ref, got, ok, tt.want, tt.ok)
		}
	}
}

// TestXMLScanWindows reads one document through windows of every small
// size: text and tags spanning refills must come out the same.
func TestXMLScanWindows(t *testing.T) {
	const doc = `<?xml version="1.0"?><!-- a > comment --><root a="x>y" b='it"s'><t>long text that spans windows &amp; more</t>` +
		`<![CDATA[<raw>]]><c r="A1" t="s"><v>12</v></c><empty/>tail`
	scan := func(size int) []string {
		x := newXMLScan(strings.NewReader(doc), 0)
		if size > 0 {
			x.buf = make([]byte, size)
		}
		var out []string
		for {
			err := x.next()
			out = append(out, "text:"+string(x.text))
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatalf("window %d: %v", size, err)
			}
			out = append(out, "tag:"+string(x.tag))
		}
	}
	want := scan(0)
	if len(want) < 20 || want[len(want)-1] != "text:tail" {
		t.Fatalf("scan = %q", want)
	}
	for size := 1; size < 40; size++ {
		if got := scan(size); !reflect.DeepEqual(got, want) {
			t.Errorf("scan(window %d) = %q; want %q", size, got, want)
		}
	}
	x := newXMLScan(strings.NewReader(`<a><b attr="x`), 0)
	_ = x.next()
	if err := x.next(); err != io.ErrUnexpectedEOF {
		t.Errorf("next(cut tag) = %v; want io.ErrUnexpectedEOF", err)
	}
}

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
	book, err := Open(zr)
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, sh := range book.Sheets() {
		parts[sh.Name] = sh.Part
	}
	if want := map[string]string{"考勤": "xl/worksheets/sheet1.xml", "其他": "xl/worksheets/s2.xml"}; !reflect.DeepEqual(parts, want) {
		t.Errorf("sheet parts = %v; want %v", parts, want)
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
	if want := []Range{{4, 0, 4, 2}, {1, 3, 3, 3}}; !reflect.DeepEqual(merges, want) {
		t.Errorf("scanSheet merges = %v; want %v", merges, want)
	}
	if _, _, err := scanSheet(zr, parts["其他"]); err == nil {
		t.Errorf("scanSheet(missing part) error = nil; want an error")
	}
}

func scanSheet(zr *zip.Reader, part string) (map[string]bool, []Range, error) {
	merges, err := MergeRanges(zr, part)
	if err != nil {
		return nil, nil, err
	}
	rows, err := openRows(zr, part, &sstTable{}, true, false, map[string]bool{})
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for {
		_, _, ok, err := rows.Next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return rows.Formulas(), merges, nil
		}
	}
}

// TestCapReader: a streamed part that inflates past its cap fails,
// whatever its header says.
func TestCapReader(t *testing.T) {
	cr := &capReader{r: strings.NewReader(strings.Repeat(" ", 100)), left: 64, limit: 64, err: &PartTooBigError{Part: "x.xml", Limit: 64}}
	n, err := io.Copy(io.Discard, cr)
	if _, ok := err.(*PartTooBigError); !ok || n != 64 {
		t.Errorf("capReader: %d bytes, %v; want 64 and PartTooBigError", n, err)
	}
	cr = &capReader{r: strings.NewReader(strings.Repeat(" ", 64)), left: 64, limit: 64, err: &PartTooBigError{Part: "x.xml", Limit: 64}}
	if n, err := io.Copy(io.Discard, cr); err != nil || n != 64 {
		t.Errorf("capReader at the cap: %d bytes, %v; want 64, nil", n, err)
	}
}

// TestBeyondOnlyOfRowsTaken: Beyond names a cell right of MaxReadCols only
// when the rows taken reach it, however far the scanner has read ahead (a
// reader that stops early, at a totals row, must not get a warning that
// depends on timing).
func TestBeyondOnlyOfRowsTaken(t *testing.T) {
	var sheet strings.Builder
	sheet.WriteString(`<worksheet><sheetData>`)
	for r := 1; r <= 3000; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>`, r, r)
	}
	sheet.WriteString(`<row r="3001"><c r="AZZ3001" t="inlineStr"><is><t>far</t></is></c></row></sheetData></worksheet>`)
	zr := zipOf(t, map[string]string{"s.xml": sheet.String()})
	for _, tt := range []struct {
		take int
		want string
	}{{12, ""}, {3001, "AZZ3001"}} {
		rows, err := openRows(zr, "s.xml", &sstTable{}, true, false, map[string]bool{})
		if err != nil {
			t.Fatal(err)
		}
		rows.Start()
		time.Sleep(50 * time.Millisecond) // the scanner reads ahead, past row 3001
		for range tt.take {
			if _, _, ok, err := rows.Next(); !ok || err != nil {
				t.Fatalf("Next = %v, %v", ok, err)
			}
		}
		rows.Close()
		if got := rows.Beyond(); got != tt.want {
			t.Errorf("rows 1–%d taken: Beyond = %q; want %q", tt.take, got, tt.want)
		}
	}
}

// BenchmarkRowsFile reads every row of the first sheet of the workbook
// named by APPRAISE_BENCH_XLSX (for example the attendance file of a month
// written by `appraise sample --employees 10000`), with the merged ranges
// read alongside as package sheets does: go test ./sheets/xlsx -run XXX
// -bench RowsFile -benchmem -cpuprofile cpu.out. Skipped when the variable
// is not set.
func BenchmarkRowsFile(b *testing.B) {
	path := os.Getenv("APPRAISE_BENCH_XLSX")
	if path == "" {
		b.Skip("APPRAISE_BENCH_XLSX not set")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		book, err := Open(zr)
		if err != nil {
			b.Fatal(err)
		}
		part := book.Sheets()[0].Part
		rows, err := book.Rows(part)
		if err != nil {
			b.Fatal(err)
		}
		rows.Start()
		if _, err := book.MergeRanges(part); err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, _, ok, err := rows.Next()
			if err != nil {
				b.Fatal(err)
			}
			if !ok {
				break
			}
			n++
		}
		_ = rows.Close()
		b.ReportMetric(float64(n), "rows")
	}
}

// readAllRows reads a worksheet part with the fast cells on or off and a
// scanner window of the given size (0: as opened): the rows, problems,
// formula cells, the cell beyond MaxReadCols and the error.
func readAllRows(t testing.TB, zr *zip.Reader, sst *sstTable, fast bool, window int) string {
	t.Helper()
	defer func(old bool) { fastCells = old }(fastCells)
	fastCells = fast
	rows, err := openRows(zr, "s.xml", sst, sst != nil, false, map[string]bool{})
	if err != nil {
		t.Fatal(err)
	}
	if window > 0 {
		rows.x.buf = make([]byte, window)
	}
	var out []string
	for {
		cells, num, ok, err := rows.Next()
		if err != nil {
			out = append(out, "error: "+err.Error())
			break
		}
		if !ok {
			break
		}
		if num > 5000 { // a row number far down gives as many empty rows
			out = append(out, "…")
			break
		}
		out = append(out, fmt.Sprintf("%d: %q", num, cells))
	}
	rows.Close()
	out = append(out, fmt.Sprintf("issues %+v, formulas %v, beyond %q", rows.Issues(), rows.Formulas(), rows.Beyond()))
	return strings.Join(out, "\n")
}

// fastCellSheets are worksheets of cells in and near the forms the fast
// path takes.
var fastCellSheets = []string{
	`<worksheet><sheetData><row r="1"><c r="A1" s="4" t="inlineStr"><is><t>工号</t></is></c><c r="B1" t="s"><v>1</v></c><c r="C1" s="6"><v>46353</v></c><c r="D1" s="4"></c><c r="E1" s="4"/><c r="F1" t="inlineStr"><is><t xml:space="preserve"> 甲 </t></is></c></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="2"><c r="B2" t="str"><v></v></c><c r="C2"><v></v></c><c r="D2" t="d"></c><c r="E2" t="d"><v>2026-11-03T08:30:00</v></c><c t="n"><v> 7 </v></c><c><v>8</v></c><c/></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="3"><c r="A3" t="s"><v>9</v></c><c r="B3" t="s"><v>x</v></c><c r="C3" t="inlineStr"><v>&amp;raw</v></c><c r="D3" t="inlineStr"></c><c r="E3" t="b"><v>1</v></c><c r="F3" t="e"><v>#N/A</v></c></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="4"><c r="A4" r="B4" t="s" t="inlineStr"><v>0</v></c><c s="1" r="c4" cm="1" t="inlineStr"><is><t>a&lt;b&#21495;_x000D_</t></is></c><c r="E4" t='s'><v>0</v></c><c r="F4"  t="s"><v>0</v></c><c r="G4" t="s" ><v>0</v></c></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="5"><c r="A5"><f>1+1</f></c><c r="B5"><v>1</v><f>x</f></c><c r="C5"><v>1</v> </c><c r="D5"> <v>1</v></c><c r="E5"><is><t>i</t></is></c><c r="F5" t="inlineStr"><is><t>a</t><t>b</t></is></c><c r="G5" t="inlineStr"><is><r><t>r</t></r></is></c></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="6"><c r="A6" t="x>y"><v>1</v></c><c r="B6" a="1>2"><v>2</v></c><c r="XFE6"><v>3</v></c><c r="ZZZZ6"><v>4</v></c><c r=""><v>5</v></c><c r="6"><v>6</v></c></row><row><c><v>7</v></c></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="7"><c r="A7"><v>1<!-- x --></v></c><c r="B7"><v><![CDATA[<2>]]></v></c><c r="C7" t="inlineStr"><is><t>a</t><rPh><t>b</t></rPh></is></c><c r="D7"><v>a` + "\r\n" + `b</v></c></row><row r="7"><c r="A7"><v>again</v></c></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="0"><c><v>1</v></c></row><row r="0012"><c><v>2</v></c></row><row r="0000000015"><c><v>3</v></c></row><row r="20"/><row r="21" spans="1:2"><c><v>4</v></c></row><row r="22"><row r="23"><c><v>5</v></c></row></row><row r="x"></row><row r="24"><v></row><row r=""><c><v>6</v></c><c r="B25"></row></sheetData></worksheet>`,
	`<worksheet><sheetData><c r="A1"><v>outside a row</v></c><row r="8"><v>stray</v><c r="A8"><c r="B8"><v>nested</v></c></c><is><t>after</t></is></row></sheetData></worksheet>`,
}

// TestFastCellsSameAsTags: the fast path reads every sheet as the tag by
// tag reading does, whatever the window.
func TestFastCellsSameAsTags(t *testing.T) {
	sst := &sstTable{text: "零一", ends: []uint32{3, 6}}
	for _, sheet := range fastCellSheets {
		zr := zipOf(t, map[string]string{"s.xml": sheet})
		want := readAllRows(t, zr, sst, false, 0)
		for _, window := range []int{0, 1, 7, 16, 33, 64} {
			if got := readAllRows(t, zr, sst, true, window); got != want {
				t.Errorf("sheet %s, window %d: fast cells read\n%s\nwant (tag by tag)\n%s", sheet, window, got, want)
			}
		}
	}
	// the common forms are taken by the fast path
	fc, ok := parseFastCell([]byte(`<c r="B2" s="4" t="inlineStr"><is><t>工号</t></is></c><c`))
	if !ok || string(fc.ref) != "B2" || string(fc.typ) != "inlineStr" || fc.kind != 'i' || string(fc.text) != "工号" || fc.n != len(`<c r="B2" s="4" t="inlineStr"><is><t>工号</t></is></c>`) {
		t.Errorf("parseFastCell(inline string) = %+v, %v", fc, ok)
	}
	for _, s := range []string{`<c r="C2" s="6"><v>46353</v></c>`, `<c r="D2" s="4"></c>`, `<c r="E2" s="4"/>`} {
		if fc, ok := parseFastCell([]byte(s)); !ok || fc.n != len(s) || string(fc.ref) != s[6:8] {
			t.Errorf("parseFastCell(%s) = %+v, %v", s, fc, ok)
		}
	}
}

// FuzzFastCells: the fast path reads any worksheet as the tag by tag
// reading does.
func FuzzFastCells(f *testing.F) {
	for _, s := range fastCellSheets {
		f.Add(s, uint8(0))
	}
	sst := &sstTable{text: "零一", ends: []uint32{3, 6}}
	f.Fuzz(func(t *testing.T, sheet string, window uint8) {
		zr := zipOf(t, map[string]string{"s.xml": sheet})
		want := readAllRows(t, zr, sst, false, int(window))
		if got := readAllRows(t, zr, sst, true, int(window)); got != want {
			t.Errorf("window %d: fast cells read\n%s\nwant (tag by tag)\n%s", window, got, want)
		}
	})
}

func TestInternHint(t *testing.T) {
	tests := []struct {
		size int64
		want int
	}{
		{0, 1024},
		{-1, 1024},
		{100_000, 1024},
		{196_608, 1024},
		{1_254_561, 6534},
		{6_055_915, 31541},
		{12_582_912, 65536},
		{1 << 40, maxInterned},
	}
	for _, tt := range tests {
		if got := internHint(tt.size); got != tt.want {
			t.Errorf("internHint(%d) = %d; want %d", tt.size, got, tt.want)
		}
	}
}

// TestAppendCellName: AppendCellName appends exactly CellName, in and out
// of the common range.
func TestAppendCellName(t *testing.T) {
	tests := []struct {
		col0, row int
		want      string
	}{
		{0, 1, "A1"},
		{3, 4060, "D4060"},
		{25, 7, "Z7"},
		{26, 7, "AA7"},
		{26*27 - 1, 1048576, "ZZ1048576"},
		{26 * 27, 5, "AAA5"},
		{16383, 1, "XFD1"},
		{20000, 7, "R7C20001"},
		{0, 0, "R0C1"},
		{-1, 3, "R3C0"},
	}
	for _, tt := range tests {
		if got := string(AppendCellName([]byte("x"), tt.col0, tt.row)); got != "x"+tt.want || CellName(tt.col0, tt.row) != tt.want {
			t.Errorf("AppendCellName(x, %d, %d) = %q, CellName %q; want x%s", tt.col0, tt.row, got, CellName(tt.col0, tt.row), tt.want)
		}
	}
}

func FuzzAppendCellName(f *testing.F) {
	f.Add(3, 4060)
	f.Add(701, 1)
	f.Add(702, 1048576)
	f.Add(-5, -5)
	f.Fuzz(func(t *testing.T, col0, row int) {
		if got, want := string(AppendCellName([]byte("ab"), col0, row)), "ab"+CellName(col0, row); got != want {
			t.Fatalf("AppendCellName(ab, %d, %d) = %q; want %q", col0, row, got, want)
		}
	})
}
