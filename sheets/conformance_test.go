package sheets

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"appraise/calc"
)

// Conformance with workbooks written by other applications (issue 12):
// the corpus in ../shared/corpus, and small packages built here for the
// classes the corpus does not hold.

// readRows reads a file as inspect --json does: "sheet!A1" → value, and the
// problems.
func readRows(t *testing.T, path string) (map[string]string, []calc.Problem, int) {
	t.Helper()
	cells := map[string]string{}
	rows := 0
	probs, err := InspectRows(path, LoadOptions{}, func(r RowDump) error {
		rows++
		for c, v := range r.Cells {
			if v != "" {
				cells[r.Sheet+"!"+cellName(c, r.Row)] = v
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return cells, probs, rows
}

// wantProblem is an expected problem: level, location and a part of the
// message.
type wantProblem struct {
	level calc.Level
	loc   calc.Loc
	msg   string
}

// checkProblems asserts that the problems are exactly want (by level,
// location and message part), in order.
func checkProblems(t *testing.T, got []calc.Problem, want []wantProblem) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d problems; want %d:", len(got), len(want))
		for _, p := range got {
			t.Errorf("  %v %v %s", p.Level, p.Loc, p.Msg)
		}
		return
	}
	for i, w := range want {
		p := got[i]
		if p.Level != w.level || p.Loc != w.loc || !strings.Contains(p.Msg, w.msg) || p.Hint == "" && w.level == calc.Error {
			t.Errorf("problem %d = %v %v %q (hint %q); want %v %v …%s…", i, p.Level, p.Loc, p.Msg, p.Hint, w.level, w.loc, w.msg)
		}
	}
}

// issue324 are the problems of the corpus file whose sheet AH writes each
// cell of rows 1–20 as a <row> of its own: one error at each row.
var issue324 = func() []wantProblem {
	var ps []wantProblem
	for r := 1; r <= 20; r++ {
		ps = append(ps, wantProblem{calc.Error, calc.Loc{File: "ExcelDataR__Test_git_issue_324___cd4dfc8a.xlsx", Sheet: "AH", Cell: "第" + itoa(r) + "行"}, "行号重复"})
	}
	return ps
}()

func TestCorpusReadsAsExcel(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/corpus not found")
	}
	find := func(prefix string) string {
		m, _ := filepath.Glob(filepath.Join(dir, prefix+"*.xlsx"))
		if len(m) != 1 {
			t.Fatalf("corpus file %s*: %d matches", prefix, len(m))
		}
		return m[0]
	}
	type cellWant struct{ cell, value string }
	for _, tt := range []struct {
		file     string
		rows     int
		cells    []cellWant
		problems []wantProblem
	}{
		{"apache__SampleSS.strict", 8, []cellWant{{"First Sheet!A1", "Test spreadsheet"}, {"First Sheet!B2", "2nd row 2nd column"}, {"Sheet Number 2!A1", "Start of 2nd sheet"}}, nil},
		{"ExcelDataR__Fillreport", 19, []cellWant{{"Fill report!A2", "Account Number"}, {"Fill report!J3", "03/01/2016 17:56:14"}}, nil},
		{"PHPOffice__issue.3730", 99, []cellWant{{"promedia postlogs wk 2-12!F1", "Order"}, {"promedia postlogs wk 2-12!A2", "Station : WMEU "}}, nil},
		{"ExcelDataR__Test_git_issue_324", 20, []cellWant{{"AH!A1", "London Metal Exchange"}, {"AH!A2", "XLME"}, {"AH!M1", ""}}, issue324},
		{"PHPOffice__issue.4724", 8, []cellWant{{"Worksheet!A5", "𐐅"}, {"Worksheet!A3", "ABC123DEF"}, {"Worksheet!A2", "A_x0030_B"}, {"Worksheet!A1", "line\r\nwith\r\nbreaks"}}, nil},
		{"dhatim__dates", 6517, []cellWant{{"201608!C25", "42643.9999999999"}}, nil},
		{"jqnativida__excel-large-floats", 2, []cellWant{{"Sheet1!A2", "9.22337203685478E+019"}}, nil},
		{"SheetJS__xlsx-stream-d-date-cell", 13, []cellWant{{"Sheet1!B5", "41684.35264774306"}}, nil},
		{"qax-os__BadWorkbook", 0, nil, []wantProblem{{calc.Error, calc.Loc{File: "qax-os__BadWorkbook___5aba0247.xlsx"}, "工作簿中没有工作表"}}},
		{"tafia__empty_s_attribute", 5, []cellWant{{"Sheet1!A2", "John"}, {"Sheet1!B2", "1"}}, nil},
		{"SheetJS__wtf_path", 9, []cellWant{{"SheetJS!A3", "foo    bar"}, {"Hidden!D3", "sh33t"}}, nil},
		{"apache__poc-shared-strings", 3999, nil, []wantProblem{{calc.Error, calc.Loc{File: "apache__poc-shared-strings___4f1e4cea.xlsx", Sheet: "Tabelle1", Cell: "第1行"}, "行号 1 在工作表数据中出现了 2 次"}}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			cells, probs, rows := readRows(t, find(tt.file))
			if rows != tt.rows {
				t.Errorf("%d non-empty rows; want %d", rows, tt.rows)
			}
			for _, c := range tt.cells {
				if got := cells[c.cell]; got != c.value {
					t.Errorf("%s = %q; want %q", c.cell, got, c.value)
				}
			}
			checkProblems(t, probs, tt.problems)
		})
	}

	// what the parsers make of the corpus values Excel shows as dates,
	// times and numbers
	day := func(s string) string {
		d, err := ParseDate(s, 2016, 9, false)
		if err != nil {
			return err.Error()
		}
		return d.Format("2006-01-02")
	}
	clock := func(s string) (int, bool) {
		m, next, err := ParseClock(s, false)
		if err != nil {
			return -1, false
		}
		return m, next
	}
	for _, tt := range []struct {
		serial, day string
		minutes     int
		next        bool
	}{
		{"42643.9999999999", "2016-10-01", 0, true}, // dhatim C25: Excel shows 2016-10-01 00:00
		{"42644.2499999999", "2016-10-01", 360, false},
		{"42643.0416666667", "2016-09-30", 60, false},
		{"41684.35264774306", "2014-02-14", 8*60 + 27, false}, // the t="d" cell
	} {
		m, next := clock(tt.serial)
		if got := day(tt.serial); got != tt.day || m != tt.minutes || next != tt.next {
			t.Errorf("%s: ParseDate %s, ParseClock %d next %v; want %s, %d, %v", tt.serial, got, m, next, tt.day, tt.minutes, tt.next)
		}
	}
	if d, err := ParseDecimal("9.22337203685478E+019"); err != nil || d.String() != "92233720368547800000" {
		t.Errorf("ParseDecimal(9.22337203685478E+019) = %v, %v", d, err)
	}
}

// pkgBuilder builds a minimal .xlsx package from parts.
type pkgBuilder map[string][]byte

const (
	fxRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	fxWorkbook = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>`
	fxWbRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	fxSST = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>工号</t></si><si><t>姓名</t></si></sst>`
)

// fxSheet is a worksheet part holding the given <sheetData> content.
func fxSheet(data string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + data + `</sheetData></worksheet>`
}

// fxBook is a package with the standard parts, the given sheet data, and
// the parts of over (a nil value leaves a part out).
func fxBook(sheetData string, over map[string]string) pkgBuilder {
	p := pkgBuilder{
		"_rels/.rels":                []byte(fxRels),
		"xl/workbook.xml":            []byte(fxWorkbook),
		"xl/_rels/workbook.xml.rels": []byte(fxWbRels),
		"xl/sharedStrings.xml":       []byte(fxSST),
		"xl/worksheets/sheet1.xml":   []byte(fxSheet(sheetData)),
	}
	for k, v := range over {
		if v == "\x00" {
			delete(p, k)
		} else {
			p[k] = []byte(v)
		}
	}
	return p
}

func (p pkgBuilder) write(t *testing.T, path string) {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range sortedKeys(p) {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(p[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sortedKeys(p pkgBuilder) []string {
	var ks []string
	for k := range p {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

// utf16Part encodes a part as UTF-16LE with a byte order mark.
func utf16Part(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(strings.Replace(s, "UTF-8", "UTF-16", 1))) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

func TestReaderFixtures(t *testing.T) {
	inline := func(ref, v string) string {
		return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>`
	}
	row := func(n string, cells ...string) string {
		return `<row r="` + n + `">` + strings.Join(cells, "") + `</row>`
	}
	const name = "book.xlsx"
	loc := func(cell string) calc.Loc { return calc.Loc{File: name, Sheet: "表", Cell: cell} }
	for _, tt := range []struct {
		name     string
		pkg      pkgBuilder
		file     string // the file name, when not book.xlsx
		cells    map[string]string
		problems []wantProblem
	}{
		{
			name:  "rows and cells placed by number",
			pkg:   fxBook(row("3", inline("C3", "c"), inline("A3", "a"))+row("5", inline("B5", "x")), nil),
			cells: map[string]string{"表!A3": "a", "表!C3": "c", "表!B5": "x"},
		},
		{
			name:     "a repeated row is merged and reported",
			pkg:      fxBook(row("1", inline("A1", "工号"))+row("1", inline("B1", "姓名"))+row("2", inline("A2", "1")), nil),
			cells:    map[string]string{"表!A1": "工号", "表!B1": "姓名", "表!A2": "1"},
			problems: []wantProblem{{calc.Error, loc("第1行"), "行号 1 在工作表数据中出现了 2 次（行号重复），已按列合并为一行"}},
		},
		{
			name: "a decreasing row is placed by its number and reported",
			pkg: fxBook(row("1", inline("A1", "工号"))+row("4", inline("A4", "甲"))+row("2", inline("A2", "乙"))+row("5", inline("A5", "丙"))+
				row("3", inline("A3", "丁"))+row("1", inline("B1", "姓名")), nil),
			cells: map[string]string{"表!A1": "工号", "表!B1": "姓名", "表!A2": "乙", "表!A3": "丁", "表!A4": "甲", "表!A5": "丙"},
			problems: []wantProblem{
				{calc.Error, loc("第2行"), "第2行出现在第4行之后（行号倒序），已按行号放回"},
				{calc.Error, loc("第3行"), "第3行出现在第5行之后（行号倒序），已按行号放回"},
				{calc.Error, loc("第1行"), "行号 1 在第5行之后再次出现（行号重复），已按列合并为一行"},
			},
		},
		{
			name:     "a row far behind is reported, never read as another row",
			pkg:      fxBook(manyRows(300)+row("3", inline("B3", "迟")), nil),
			cells:    manyCells(300),
			problems: []wantProblem{{calc.Error, loc("第3行"), "第3行出现在第300行之后（行号倒序），与前面的行相隔太远，此行内容未读取"}},
		},
		{
			name:     "missing shared strings part",
			pkg:      fxBook(row("1", `<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>`, inline("C1", "x")), map[string]string{"xl/sharedStrings.xml": "\x00"}),
			cells:    map[string]string{"表!C1": "x"},
			problems: []wantProblem{{calc.Error, loc("A1"), "工作簿缺少共享字符串表"}},
		},
		{
			name:     "shared string index out of range",
			pkg:      fxBook(row("1", `<c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>2</v></c><c r="C1" t="s"><v>-1</v></c>`), nil),
			cells:    map[string]string{"表!A1": "姓名"},
			problems: []wantProblem{{calc.Error, loc("B1"), "共享字符串（第 2 项）不存在"}, {calc.Error, loc("C1"), "共享字符串（第 -1 项）不存在"}},
		},
		{
			name: "backslash entry names and Strict namespaces",
			pkg: pkgBuilder{
				`_rels\.rels`: []byte(strings.ReplaceAll(fxRels, "http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships")),
				`xl\workbook.xml`: []byte(strings.NewReplacer("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships",
					"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main").Replace(fxWorkbook)),
				`xl\_rels\workbook.xml.rels`: []byte(strings.ReplaceAll(fxWbRels, "http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships")),
				`xl\sharedStrings.xml`:       []byte(fxSST),
				`xl\worksheets\sheet1.xml`:   []byte(strings.ReplaceAll(fxSheet(row("1", `<c r="A1" t="s"><v>1</v></c>`)), "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")),
			},
			cells: map[string]string{"表!A1": "姓名"},
		},
		{
			name: "UTF-16 parts",
			pkg: pkgBuilder{
				"_rels/.rels":                []byte(utf16Part(`<?xml version="1.0" encoding="UTF-8"?>` + fxRels)),
				"xl/workbook.xml":            []byte(utf16Part(`<?xml version="1.0" encoding="UTF-8"?>` + fxWorkbook)),
				"xl/_rels/workbook.xml.rels": []byte(utf16Part(`<?xml version="1.0" encoding="UTF-8"?>` + fxWbRels)),
				"xl/sharedStrings.xml":       []byte(utf16Part(`<?xml version="1.0" encoding="UTF-8"?>` + fxSST)),
				"xl/worksheets/sheet1.xml":   []byte(utf16Part(fxSheet(row("1", `<c r="A1" t="s"><v>0</v></c>`, inline("B1", "𐐅中"))))),
			},
			cells: map[string]string{"表!A1": "工号", "表!B1": "𐐅中"},
		},
		{
			name:  "surrogate pair escapes and ISO 8601 t=d cells",
			pkg:   fxBook(row("1", inline("A1", "_xD801__xDC05_x"), inline("B1", "_xD801_"), `<c r="C1" t="d"><v>2026-11-03T08:30:00Z</v></c><c r="D1" t="d"><v>2026-11-03</v></c><c r="E1" t="d"><v>12:00:00</v></c><c r="F1" t="d"><v>昨天</v></c>`), nil),
			cells: map[string]string{"表!A1": "𐐅x", "表!B1": "\uFFFD", "表!C1": "46329.354166666664", "表!D1": "46329", "表!E1": "0.5", "表!F1": "昨天"},
		},
		{
			name:     "an empty sheet list",
			pkg:      fxBook("", map[string]string{"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>`}),
			problems: []wantProblem{{calc.Error, calc.Loc{File: name}, "工作簿中没有工作表"}},
		},
		{
			name:     "an OpenDocument file renamed .xlsm",
			file:     "考勤.xlsm",
			pkg:      pkgBuilder{"mimetype": []byte("application/vnd.oasis.opendocument.spreadsheet"), "content.xml": []byte("<office:document-content/>")},
			problems: []wantProblem{{calc.Error, calc.Loc{File: "考勤.xlsm"}, "这是 OpenDocument（.ods）文件，请在 Excel/WPS 中另存为 .xlsx"}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := name
			if tt.file != "" {
				file = tt.file
			}
			path := filepath.Join(t.TempDir(), file)
			tt.pkg.write(t, path)
			cells, probs, _ := readRows(t, path)
			if len(cells) != len(tt.cells) {
				t.Errorf("cells = %q; want %q", cells, tt.cells)
			}
			for k, v := range tt.cells {
				if cells[k] != v {
					t.Errorf("%s = %q; want %q", k, cells[k], v)
				}
			}
			checkProblems(t, probs, tt.problems)
		})
	}
}

func TestSerialRounding(t *testing.T) {
	for _, tt := range []struct {
		in      string
		day     string
		minutes int
		next    bool
	}{
		{"46329.9999999999", "2026-11-04", 0, true},
		{"46329.999996", "2026-11-04", 0, true}, // 23:59:59.65 rounds to midnight
		{"46329.99998", "2026-11-03", 23*60 + 59, false},
		{"46329.5", "2026-11-03", 720, false},
		{"46329.3541666666", "2026-11-03", 8*60 + 30, false},
		{"0.9999999999", "", 0, true},
	} {
		m, next, err := ParseClock(tt.in, false)
		if err != nil || m != tt.minutes || next != tt.next {
			t.Errorf("ParseClock(%s) = %d, %v, %v; want %d, %v", tt.in, m, next, err, tt.minutes, tt.next)
		}
		if tt.day == "" {
			continue
		}
		d, err := ParseDate(tt.in, 2026, time.November, false)
		if err != nil || d.Format("2006-01-02") != tt.day {
			t.Errorf("ParseDate(%s) = %v, %v; want %s", tt.in, d, err, tt.day)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"9.22337203685478E+019", "92233720368547800000"},
		{"3.0000000000000002E-104", "3e-104"},
		{"1.5E+002", "150"},
		{"-2.5e-003", "-0.0025"},
	} {
		d, err := ParseDecimal(tt.in)
		if err != nil || d.String() != tt.want && d.String() != strings.ToUpper(tt.want) {
			if err == nil {
				want, _ := ParseDecimal(tt.want)
				if d.Equal(want) {
					continue
				}
			}
			t.Errorf("ParseDecimal(%s) = %v, %v; want %s", tt.in, d, err, tt.want)
		}
	}
	if _, err := ParseDecimal("1E+400"); err == nil {
		t.Errorf("ParseDecimal(1E+400) error = nil; want an error (beyond a double, as in Excel)")
	}
	if m, _, err := ParseClock("2014-02-14T08:27:48.765Z", false); err != nil || m != 8*60+27 {
		t.Errorf("ParseClock(ISO 8601) = %d, %v; want 507", m, err)
	}
	if d, err := ParseDate("2014-02-14T08:27:48.765Z", 2014, 2, false); err != nil || d.Format("2006-01-02") != "2014-02-14" {
		t.Errorf("ParseDate(ISO 8601) = %v, %v; want 2014-02-14", d, err)
	}
}

// manyRows is sheet data of rows 1..n holding their number in column A.
func manyRows(n int) string {
	var b strings.Builder
	for r := 1; r <= n; r++ {
		b.WriteString(`<row r="` + itoa(r) + `"><c r="A` + itoa(r) + `"><v>` + itoa(r) + `</v></c></row>`)
	}
	return b.String()
}

// manyCells are the cells of manyRows(n).
func manyCells(n int) map[string]string {
	m := map[string]string{}
	for r := 1; r <= n; r++ {
		m["表!A"+itoa(r)] = itoa(r)
	}
	return m
}
