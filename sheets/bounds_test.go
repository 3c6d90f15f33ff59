package sheets

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"appraise/calc"
	"appraise/sheets/xlsx"
)

// Bounds (issue 12 items 8–9): every part of a package is read in time
// linear in its size, with one cap per part wherever it sits. The tests
// here check the outcome (values, errors); the time and memory each case
// takes are measured by the benchmarks below.

// longCellsBook is a workbook whose first rows hold long texts (one
// shared string of n bytes in rows×cols cells) above an 奖惩记录 header
// and one data row.
func longCellsBook(n, rows, cols int) pkgBuilder {
	var data strings.Builder
	for r := 1; r <= rows; r++ {
		data.WriteString(`<row r="` + itoa(r) + `">`)
		for c := 0; c < cols; c++ {
			data.WriteString(`<c r="` + cellName(c, r) + `" t="s"><v>2</v></c>`)
		}
		data.WriteString(`</row>`)
	}
	h := rows + 1
	head := []string{"日期", "工号", "姓名", "项目"}
	vals := []string{"2026-11-05", "00123", "张三", "L01"}
	for i, rowVals := range [][]string{head, vals} {
		r := h + i
		data.WriteString(`<row r="` + itoa(r) + `">`)
		for c, v := range rowVals {
			data.WriteString(`<c r="` + cellName(c, r) + `" t="inlineStr"><is><t>` + v + `</t></is></c>`)
		}
		data.WriteString(`</row>`)
	}
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>工号</t></si><si><t>姓名</t></si><si><t xml:space="preserve">` +
		strings.Repeat("长 ", n/2) + `</t></si></sst>`
	return fxBook(data.String(), map[string]string{"xl/sharedStrings.xml": sst})
}

func itoa(n int) string { return strconv.Itoa(n) }

// hugeTagBook is a workbook whose sheet has an n-byte attribute of '>'
// characters on its first row and an n-byte comment of them in its data.
func hugeTagBook(n int) pkgBuilder {
	gt := strings.Repeat(">", n)
	data := `<row r="1" x:junk="` + gt + `"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row>` +
		`<!--` + gt + ` don't -->` +
		`<row r="2"><c r="A2" t="inlineStr" x:q='"` + gt + `'><is><t>乙</t></is></c></row>`
	return fxBook(data, nil)
}

func TestBoundsLongCellsAndTags(t *testing.T) {
	dir := t.TempDir()
	long := filepath.Join(dir, "长单元格.xlsx")
	longCellsBook(maxCellText, 5, 10).write(t, long)
	in, err := Inspect(long, nil, 2026, 11, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Sheets) != 1 || in.Sheets[0].Kind != Events || in.Sheets[0].HeaderFirst != 6 || in.Sheets[0].HeaderLast != 6 {
		t.Fatalf("Inspect(long cells) = %+v; want 奖惩记录 with its header in row 6", in.Sheets)
	}
	// the long cells above the header are cut for matching, nothing else
	if c := in.Sheets[0].Columns; len(c) != 4 || c[1] != (ColumnMapping{"B", "工号", "工号"}) {
		t.Errorf("columns = %+v; want 日期 工号 姓名 项目 mapped", c)
	}

	tags := filepath.Join(dir, "长属性.xlsx")
	hugeTagBook(1<<20).write(t, tags)
	cells, probs, _ := readRows(t, tags)
	if len(cells) != 2 || cells["表!A1"] != "甲" || cells["表!A2"] != "乙" || len(probs) != 0 {
		t.Errorf("1 MB attribute and comment of '>': cells %q, problems %v; want A1 甲, A2 乙", cells, probs)
	}
}

// TestBoundsTextKept: text between elements and comments are not kept
// (20 MB of each, beyond xlsx.MaxTextBytes, read without error); a value that
// long is an error, never held.
func TestBoundsTextKept(t *testing.T) {
	if testing.Short() {
		t.Skip("a 20 MB sheet")
	}
	dir := t.TempDir()
	big := xlsx.MaxTextBytes + 4<<20
	row := func(r, v string) string {
		return `<row r="` + r + `"><c r="A` + r + `" t="inlineStr"><is><t>` + v + `</t></is></c></row>`
	}
	ok := filepath.Join(dir, "空白.xlsx")
	fxBook(row("1", "甲")+strings.Repeat(" \n", big/2)+`<!--`+strings.Repeat("->", big/2)+`-->`+row("2", "乙"), nil).write(t, ok)
	cells, probs, _ := readRows(t, ok)
	if len(cells) != 2 || cells["表!A1"] != "甲" || cells["表!A2"] != "乙" || len(probs) != 0 {
		t.Errorf("20 MB of whitespace and comment: cells %q, problems %v; want A1 甲, A2 乙", cells, probs)
	}
	bad := filepath.Join(dir, "长值.xlsx")
	fxBook(row("1", "甲")+`<row r="2"><c r="A2"><v>`+strings.Repeat("9", big)+`</v></c></row>`, nil).write(t, bad)
	cells, probs, _ = readRows(t, bad)
	checkProblems(t, probs, []wantProblem{{calc.Error, calc.Loc{File: "长值.xlsx", Sheet: "表", Cell: "第2行"}, "读取工作表失败：工作表中有超过 16 MB 的文本或标签"}})
	if len(cells) != 1 || cells["表!A1"] != "甲" {
		t.Errorf("cells = %q; want A1 甲 (the rows before the long value)", cells)
	}
}

func TestBoundsPartCaps(t *testing.T) {
	dir := t.TempDir()
	// shared strings under xl/worksheets/ get the in-memory cap all the same
	bomb := fxBook(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, map[string]string{
		"xl/_rels/workbook.xml.rels": strings.Replace(fxWbRels, `Target="sharedStrings.xml"`, `Target="worksheets/strs.xml"`, 1),
		"xl/sharedStrings.xml":       "\x00",
	})
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, name := range sortedKeys(bomb) {
		w, _ := zw.Create(name)
		_, _ = w.Write(bomb[name])
	}
	w, _ := zw.Create("xl/worksheets/strs.xml")
	chunk := []byte(strings.Repeat("<si/>", 1<<16))
	for n := 0; n <= unzipXMLSizeLimit; n += len(chunk) {
		_, _ = w.Write(chunk)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "藏在工作表目录.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, probs, _ := readRows(t, path)
	checkProblems(t, probs, []wantProblem{{calc.Error, calc.Loc{File: "藏在工作表目录.xlsx"}, "工作簿的 xl/worksheets/strs.xml 部分解压后过大（上限 64 MB）"}})
}

func TestBoundsCSVField(t *testing.T) {
	dir := t.TempDir()
	huge := strings.Repeat("长", maxCellText+10)
	csv := "日期,工号,姓名,项目,说明\n2026-11-05,00123,张三,L01,\"" + huge + "\"\n"
	path := filepath.Join(dir, "奖惩.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	cells, probs, _ := readRows(t, path)
	if got := cells["!E2"]; got != strings.Repeat("长", maxCellText) {
		t.Errorf("E2 has %d characters; want %d", len([]rune(got)), maxCellText)
	}
	checkProblems(t, probs, []wantProblem{{calc.Error, calc.Loc{File: "奖惩.csv", Cell: "E2"}, "单元格内容超过 Excel 的上限 32767 个字符"}})
}

// benchLoadFile loads a folder holding one file.
func benchLoadFile(b *testing.B, name string, write func(path string)) {
	dir := b.TempDir()
	write(filepath.Join(dir, name))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := Load(dir, &calc.Rules{}, 2026, 11, LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBoundsLongSharedString: the corpus's 1 MB shared string used by
// every cell of 4,000 rows (11.7 s before header texts were cut).
func BenchmarkBoundsLongSharedString(b *testing.B) {
	src, _ := filepath.Glob("../../shared/corpus/apache__poc-shared-strings*.xlsx")
	if len(src) == 0 {
		b.Skip("../shared/corpus not found")
	}
	data, err := os.ReadFile(src[0])
	if err != nil {
		b.Fatal(err)
	}
	benchLoadFile(b, "poc.xlsx", func(p string) { _ = os.WriteFile(p, data, 0o644) })
}

// BenchmarkBoundsLongCells: 300 × 10 cells pointing at one 32,767-character
// string above the header (85 s and 523 MB before).
func BenchmarkBoundsLongCells(b *testing.B) {
	benchLoadFile(b, "long.xlsx", func(p string) { longCellsBook(maxCellText, 300, 10).write(&testing.T{}, p) })
}

// BenchmarkBoundsAttribute1MB and 4MB: an attribute and a comment of '>'
// characters (quadratic before: 9.5 s for 1 MB, past 300 s for 4 MB).
func BenchmarkBoundsAttribute1MB(b *testing.B) {
	benchLoadFile(b, "attr.xlsx", func(p string) { hugeTagBook(1<<20).write(&testing.T{}, p) })
}

func BenchmarkBoundsAttribute4MB(b *testing.B) {
	benchLoadFile(b, "attr.xlsx", func(p string) { hugeTagBook(4<<20).write(&testing.T{}, p) })
}

// BenchmarkBoundsWhitespace: 1 MB of whitespace in header-candidate cells
// (4 rows of 10 cells of 25 KB of spaces around a word; 2.9 GB before for
// 1 MB of whitespace).
func BenchmarkBoundsWhitespace(b *testing.B) {
	ws := strings.Repeat(" ", 12<<10)
	benchLoadFile(b, "ws.csv", func(p string) {
		var sb strings.Builder
		for r := 0; r < 4; r++ {
			for c := 0; c < 10; c++ {
				sb.WriteString(ws + "x" + ws + ",")
			}
			sb.WriteString("\n")
		}
		sb.WriteString("日期,工号,姓名,项目\n2026-11-05,00123,张三,L01\n")
		_ = os.WriteFile(p, []byte(sb.String()), 0o644)
	})
}

// BenchmarkBoundsCSVField: one 20 MB CSV field.
func BenchmarkBoundsCSVField(b *testing.B) {
	benchLoadFile(b, "field.csv", func(p string) {
		_ = os.WriteFile(p, []byte("日期,工号,姓名,项目,说明\n2026-11-05,00123,张三,L01,\""+strings.Repeat("x", 20<<20)+"\"\n"), 0o644)
	})
}

// TestBoundsFormulaCells: formula cells without a cached value are
// recorded up to xlsx.MaxFormulaCells a sheet; the rest get one warning.
func TestBoundsFormulaCells(t *testing.T) {
	if testing.Short() {
		t.Skip("262,149 formula cells")
	}
	var b strings.Builder
	n := xlsx.MaxFormulaCells + 5
	for r := 1; r <= n; r++ {
		b.WriteString(`<row r="` + itoa(r) + `"><c r="A` + itoa(r) + `"><f>1+1</f></c></row>`)
	}
	path := filepath.Join(t.TempDir(), "公式.xlsx")
	fxBook(b.String(), nil).write(t, path)
	_, probs, _ := readRows(t, path)
	checkProblems(t, probs, []wantProblem{{calc.Warning, calc.Loc{File: "公式.xlsx", Sheet: "表", Cell: "A" + itoa(xlsx.MaxFormulaCells+1)},
		"本表没有保存计算结果的公式超过 262144 个"}})
}

// TestBoundsRowCells: a row of more <c> elements than Excel's columns is
// an error, not read to its end.
func TestBoundsRowCells(t *testing.T) {
	path := filepath.Join(t.TempDir(), "宽行.xlsx")
	fxBook(`<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row><row r="2">`+strings.Repeat(`<c r="A2"><v>1</v></c>`, xlsx.MaxRowCells+1)+`</row>`, nil).write(t, path)
	cells, probs, _ := readRows(t, path)
	if len(cells) != 1 || cells["表!A1"] != "甲" {
		t.Errorf("cells = %q; want A1 甲 only", cells)
	}
	checkProblems(t, probs, []wantProblem{{calc.Error, calc.Loc{File: "宽行.xlsx", Sheet: "表", Cell: "第2行"}, "第2行的单元格超过 Excel 的上限 16384 个"}})
}
