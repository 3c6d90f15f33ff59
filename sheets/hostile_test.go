package sheets

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// Hostile or broken input: every case must end in a clear message at the
// file (and sheet or cell), never a panic or a hang, and the other files of
// the folder must still be read in the same pass.

// hostileBase writes a good roster and an event log with one bad date
// (A3) into dir: what must still be read beside the hostile files.
func hostileBase(t *testing.T, dir string) {
	t.Helper()
	writeBook(t, filepath.Join(dir, "名单.xlsx"), false, excelize.Options{}, rosterSheet())
	csv := "日期,工号,姓名,项目,次数,分值\n2026-11-05,00123,张三,L01,1,\n2026-13-45,1002,李 四,L01,1,\n"
	if err := os.WriteFile(filepath.Join(dir, "奖惩.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkBase checks that the base files were read despite the hostile ones.
func checkBase(t *testing.T, l *Loaded) {
	t.Helper()
	employees, events := 0, 0
	for _, e := range l.Month.Employees {
		if e.Loc.File == "名单.xlsx" {
			employees++
		}
	}
	for _, e := range l.Month.Events {
		if e.Loc.File == "奖惩.csv" {
			events++
		}
	}
	if employees != 3 {
		t.Errorf("Employees from 名单.xlsx = %d; want the 3 of the roster beside the hostile files", employees)
	}
	if events != 1 {
		t.Errorf("Events from 奖惩.csv = %d; want 1 beside the hostile files", events)
	}
	found := false
	for _, p := range l.Problems {
		found = found || (p.Level == calc.Error && p.Loc.File == "奖惩.csv" && p.Loc.Cell == "A3")
	}
	if !found {
		t.Errorf("the bad date at 奖惩.csv!A3 is not reported beside the hostile files")
	}
}

// hasHan reports whether s has a Chinese character (messages are Chinese).
func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}

// problemsAt returns the problems located in a file.
func problemsAt(l *Loaded, file string) []calc.Problem {
	var out []calc.Problem
	for _, p := range l.Problems {
		if p.Loc.File == file {
			out = append(out, p)
		}
	}
	return out
}

// checkFileReported checks that a file has a problem of the given level
// whose message contains want, that every message is Chinese and that no
// panic was recovered while reading it.
func checkFileReported(t *testing.T, l *Loaded, file string, level calc.Level, want string) {
	t.Helper()
	ps := problemsAt(l, file)
	found := false
	for _, p := range ps {
		if strings.Contains(p.Msg, "内部错误") {
			t.Errorf("%s: a panic was recovered: %s", file, p.Msg)
		}
		if !hasHan(p.Msg) {
			t.Errorf("%s: message %q is not Chinese", file, p.Msg)
		}
		found = found || (p.Level == level && strings.Contains(p.Msg, want))
	}
	if !found {
		t.Errorf("problems of %s = %v; want a %v containing %q", file, ps, level, want)
	}
}

func loadHostile(t *testing.T, dir string) *Loaded {
	t.Helper()
	l, err := Load(dir, testRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// rezip copies a package, replacing the parts given (written by their
// function) and keeping the others.
func rezip(t *testing.T, data []byte, parts map[string]func(io.Writer) error) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	write := func(name string, fill func(io.Writer) error) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := fill(w); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range zr.File {
		if fill, ok := parts[f.Name]; ok {
			if fill != nil {
				write(f.Name, fill)
			}
			delete(parts, f.Name)
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		write(f.Name, func(w io.Writer) error { _, err := io.Copy(w, rc); return err })
		rc.Close()
	}
	for name, fill := range parts {
		if fill != nil {
			write(name, fill)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// repeat writes n bytes of the pattern.
func repeat(pattern string, n int64) func(io.Writer) error {
	return func(w io.Writer) error {
		chunk := []byte(strings.Repeat(pattern, (1<<20)/len(pattern)))
		for n > 0 {
			k := min(n, int64(len(chunk)))
			if _, err := w.Write(chunk[:k]); err != nil {
				return err
			}
			n -= k
		}
		return nil
	}
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// bookBytes writes a one-sheet workbook and returns its bytes.
func bookBytes(t *testing.T, s testSheet) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "b.xlsx")
	writeBook(t, p, false, excelize.Options{}, s)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`

// TestHostileZipBomb: a small workbook whose sheet inflates past the limit
// is refused with a message before anything is unzipped; a part that
// inflates beyond its declared size is a damaged file; a sheet larger than
// the in-memory limit (but within the total) is still read.
func TestHostileZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("slow; runs without -short (CI runs it)")
	}
	t.Parallel()
	if unzipSizeLimit > 2<<30 || unzipXMLSizeLimit > 256<<20 || unzipXMLSizeLimit < 1<<20 {
		t.Errorf("unzip limits %d, %d; want at most 2 GB in all and 1–256 MB per sheet in memory", unzipSizeLimit, unzipXMLSizeLimit)
	}
	dir := t.TempDir()
	hostileBase(t, dir)
	base := bookBytes(t, testSheet{name: "Sheet1", rows: [][]any{{"工号", "姓名"}}})

	bomb := rezip(t, base, map[string]func(io.Writer) error{
		"xl/worksheets/sheet1.xml": repeat(" ", unzipSizeLimit+(64<<20)),
	})
	if len(bomb) > 4<<20 {
		t.Fatalf("zip bomb is %d bytes; want a small file", len(bomb))
	}
	writeFile(t, filepath.Join(dir, "炸弹.xlsx"), bomb)

	// shared strings that inflate past the limit, too
	writeFile(t, filepath.Join(dir, "炸弹2.xlsx"), rezip(t, base, map[string]func(io.Writer) error{
		"xl/sharedStrings.xml": repeat("<si><t>哈</t></si>", unzipSizeLimit+(1<<20)),
	}))

	// shared strings (held in memory) past the in-memory limit
	writeFile(t, filepath.Join(dir, "炸弹3.xlsx"), rezip(t, base, map[string]func(io.Writer) error{
		"xl/sharedStrings.xml": repeat("<si/>", unzipXMLSizeLimit+(1<<20)),
	}))

	// a part whose data inflates beyond the size its header declares
	liar := rezip(t, base, map[string]func(io.Writer) error{"xl/worksheets/sheet1.xml": repeat(" ", 8<<20)})
	zr, err := zip.NewReader(bytes.NewReader(liar), int64(len(liar)))
	if err != nil {
		t.Fatal(err)
	}
	var patched bytes.Buffer
	zw := zip.NewWriter(&patched)
	for _, f := range zr.File {
		h := f.FileHeader
		if f.Name == "xl/worksheets/sheet1.xml" {
			h.UncompressedSize64 = 100
		}
		w, err := zw.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "谎报.xlsx"), patched.Bytes())

	// a big but honest sheet: header, 100 MB of blanks, a data row
	big := rezip(t, base, map[string]func(io.Writer) error{
		"xl/worksheets/sheet1.xml": func(w io.Writer) error {
			row := func(r int, cells ...string) string {
				s := fmt.Sprintf(`<row r="%d">`, r)
				for i, c := range cells {
					s += fmt.Sprintf(`<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, r, c)
				}
				return s + "</row>"
			}
			if err := text(sheetHead + row(1, "日期", "工号", "姓名", "项目") + row(2, "2026-11-06", "00123", "张三", "L01"))(w); err != nil {
				return err
			}
			if err := repeat(" ", unzipXMLSizeLimit+(16<<20))(w); err != nil {
				return err
			}
			return text(row(3, "2026-11-07", "00123", "张三", "L01") + `</sheetData></worksheet>`)(w)
		},
	})
	writeFile(t, filepath.Join(dir, "大表.xlsx"), big)

	l := loadHostile(t, dir)
	checkFileReported(t, l, "炸弹.xlsx", calc.Error, "解压后过大")
	checkFileReported(t, l, "炸弹2.xlsx", calc.Error, "解压后过大")
	checkFileReported(t, l, "炸弹3.xlsx", calc.Error, "sharedStrings.xml 部分解压后过大")
	checkFileReported(t, l, "谎报.xlsx", calc.Error, "已损坏")
	checkFileReported(t, l, "大表.xlsx", calc.Info, "识别为 奖惩记录")
	for _, p := range problemsAt(l, "大表.xlsx") {
		if p.Level != calc.Info {
			t.Errorf("大表.xlsx: %v %s; want it read without problems", p.Level, p.Msg)
		}
	}
	n := 0
	for _, e := range l.Month.Events {
		if strings.HasPrefix(e.Loc.File, "大表") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("events read from 大表.xlsx = %d; want 2 (rows 2 and 3)", n)
	}
	checkBase(t, l)
}

// TestHostileDamagedWorkbooks: truncated files (at many lengths), flipped
// bytes, broken XML and missing parts.
func TestHostileDamagedWorkbooks(t *testing.T) {
	dir := t.TempDir()
	hostileBase(t, dir)
	good := bookBytes(t, rosterSheet())
	var names []string
	add := func(name string, b []byte) {
		writeFile(t, filepath.Join(dir, name), b)
		names = append(names, name)
	}
	for i := 1; i <= 12; i++ {
		add(fmt.Sprintf("截断%02d.xlsx", i), good[:len(good)*i/13])
	}
	add("截断末尾.xlsx", good[:len(good)-1])
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range 12 {
		b := append([]byte(nil), good...)
		for range 4 {
			k := 30 + rng.IntN(len(b)-60)
			b[k] ^= byte(1 + rng.IntN(255))
		}
		add(fmt.Sprintf("损坏%02d.xlsx", i), b)
	}
	add("坏XML.xlsx", rezip(t, good, map[string]func(io.Writer) error{
		"xl/worksheets/sheet1.xml": text(sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>工号`),
	}))
	add("坏工作簿.xlsx", rezip(t, good, map[string]func(io.Writer) error{"xl/workbook.xml": text("<workbook><sheets><sheet name=")}))
	add("无工作簿.xlsx", rezip(t, good, map[string]func(io.Writer) error{"xl/workbook.xml": nil}))
	add("无工作表.xlsx", rezip(t, good, map[string]func(io.Writer) error{"xl/worksheets/sheet1.xml": nil}))
	add("坏共享字符串.xlsx", rezip(t, good, map[string]func(io.Writer) error{"xl/sharedStrings.xml": text("<sst><si><t>")}))
	add("坏样式.xlsx", rezip(t, good, map[string]func(io.Writer) error{"xl/styles.xml": text("<styleSheet><numFmts count=\"-1\"><numFmt numFmtId=\"9999999999\"")}))
	add("怪单元格.xlsx", rezip(t, good, map[string]func(io.Writer) error{
		"xl/worksheets/sheet1.xml": text(sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>工号</t></is></c>` +
			`<c r="XFD1" t="inlineStr"><is><t>姓名</t></is></c><c r="ZZZZ9" t="s"><v>99999</v></c></row>` +
			`<row r="2000000"><c r="A2000000" t="n"><v>abc</v></c></row><row r="-1"/></sheetData>` +
			`<mergeCells><mergeCell ref="A1:XFD1048576"/><mergeCell ref="B2:A"/></mergeCells></worksheet>`),
	}))
	add("行号越界.xlsx", rezip(t, good, map[string]func(io.Writer) error{
		"xl/worksheets/sheet1.xml": text(sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>工号</t></is></c>` +
			`<c r="B1" t="inlineStr"><is><t>姓名</t></is></c><c r="C1" t="inlineStr"><is><t>班组</t></is></c>` +
			`<c r="D1" t="inlineStr"><is><t>岗位</t></is></c><c r="E1" t="inlineStr"><is><t>入职日期</t></is></c></row><row r="4000000000"><c r="A4000000000"><v>1</v></c></row></sheetData></worksheet>`),
	}))
	add("垃圾.xlsx", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xFF, 0x00, 0x13}, 3000)...))
	add("目录穿越.xlsx", rezip(t, good, map[string]func(io.Writer) error{"../../evil.xml": text("<x/>")}))

	l := loadHostile(t, dir)
	for _, name := range names {
		ps := problemsAt(l, name)
		if len(ps) == 0 {
			t.Errorf("%s: no message at all", name)
		}
		for _, p := range ps {
			if strings.Contains(p.Msg, "内部错误") {
				t.Errorf("%s: a panic was recovered: %s", name, p.Msg)
			}
			if !hasHan(p.Msg) {
				t.Errorf("%s: message %q is not Chinese", name, p.Msg)
			}
		}
	}
	checkFileReported(t, l, "行号越界.xlsx", calc.Error, "上限")
	for _, name := range []string{"截断01.xlsx", "截断06.xlsx", "截断12.xlsx", "截断末尾.xlsx", "垃圾.xlsx"} {
		checkFileReported(t, l, name, calc.Error, "损坏")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "evil.xml")); err == nil {
		t.Errorf("a part named ../../evil.xml was written outside the folder")
	}
	checkBase(t, l)
}

// TestHostileCSV: binary garbage, NUL bytes, one 8 MB line, an unclosed
// quote and invalid UTF-8 are ignored or reported, never a panic.
func TestHostileCSV(t *testing.T) {
	if testing.Short() {
		t.Skip("a megabyte of garbage and long lines; TestHostileDamagedWorkbooks covers damaged inputs fast")
	}
	t.Parallel()
	dir := t.TempDir()
	hostileBase(t, dir)
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 1<<20)
	for i := range garbage {
		garbage[i] = byte(rng.Uint32())
	}
	files := map[string][]byte{
		"二进制.csv":   garbage,
		"零字节.csv":   bytes.Repeat([]byte{0}, 100000),
		"长行.csv":    bytes.Repeat([]byte("工号姓名,"), 1<<20),
		"未闭合引号.csv": []byte("日期,工号,姓名,项目\n\"2026-11-05,00123,张三,L01\n" + strings.Repeat("x,y\n", 10000)),
		"坏编码.csv":   append([]byte("日期,工号,姓名,项目\n2026-11-05,00123,"), 0xFF, 0xFE, 0xFD, '\n'),
		"UTF16.csv": {0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00},
		"空.csv":     nil,
		"只有BOM.csv": {0xEF, 0xBB, 0xBF},
		"伪装.csv":    append([]byte("PK\x03\x04"), garbage[:1000]...),
	}
	for name, b := range files {
		writeFile(t, filepath.Join(dir, name), b)
	}
	l := loadHostile(t, dir)
	for name := range files {
		ps := problemsAt(l, name)
		if len(ps) == 0 {
			t.Errorf("%s: no message at all", name)
		}
		for _, p := range ps {
			if strings.Contains(p.Msg, "内部错误") || !hasHan(p.Msg) {
				t.Errorf("%s: %v %q; want a Chinese message and no panic", name, p.Level, p.Msg)
			}
		}
	}
	checkFileReported(t, l, "伪装.csv", calc.Error, "损坏")
	checkBase(t, l)
}

// junkBook writes a sheet of header + n rows with StreamWriter.
func junkBook(t *testing.T, path string, header []any, n int, row func(i int) []any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	r := 1
	if header != nil {
		if err := sw.SetRow("A1", header); err != nil {
			t.Fatal(err)
		}
		r++
	}
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, r+i)
		if err := sw.SetRow(cell, row(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// TestHostileMillionRows: a million rows of junk are ignored after the
// first rows; a million junk rows under a real header (a workbook and a
// CSV) report a few errors per column and a count, not a line each; the
// employees whose errors were not listed still carry an error (so that
// --force leaves them out).
func TestHostileMillionRows(t *testing.T) {
	if testing.Short() {
		t.Skip("slow; runs without -short (CI runs it)")
	}
	t.Parallel()
	const n, nx = 1_000_000, 1_000_000
	dir := t.TempDir()
	hostileBase(t, dir)
	junkBook(t, filepath.Join(dir, "垃圾表.xlsx"), nil, n, func(i int) []any { return []any{"垃圾", i, "x"} })
	junkBook(t, filepath.Join(dir, "奖惩垃圾.xlsx"), []any{"日期", "工号", "姓名", "项目"}, nx, func(i int) []any {
		switch i % 4 {
		case 0:
			return []any{"垃圾", "00123", "张三", "L01"} // bad date, a roster employee
		case 1:
			return []any{"2026-11-05", fmt.Sprintf("J%d", i), "", "L01"} // 工号 not in the roster
		case 2:
			return []any{"2026-11-05", "1002", "李四"} // 项目 missing
		}
		return []any{"2026-11-05", "", ""} // no identity
	})
	var csv strings.Builder
	csv.WriteString("日期,工号,姓名,项目\n")
	for i := range n {
		fmt.Fprintf(&csv, "%d,x%d,,\n", i, i)
	}
	writeFile(t, filepath.Join(dir, "奖惩垃圾.csv"), []byte(csv.String()))

	l := loadHostile(t, dir)
	checkFileReported(t, l, "垃圾表.xlsx", calc.Warning, "未识别的工作表") // data without a header (D20)
	for file, rows := range map[string]int{"奖惩垃圾.xlsx": nx, "奖惩垃圾.csv": n} {
		ps := problemsAt(l, file)
		if len(ps) > 200 {
			t.Errorf("%s: %d problems; want a few per column and a count", file, len(ps))
		}
		sum := 0
		for _, p := range ps {
			var k int
			if _, err := fmt.Sscanf(p.Msg, "另有%d行同类问题", &k); err == nil {
				sum += k
			}
		}
		if sum < rows/2 {
			t.Errorf("%s: the summary lines count %d more rows; want about %d", file, sum, rows)
		}
	}
	// 00123 (bad dates) was listed; the cap must not hide an employee
	ids := map[string]bool{}
	for _, p := range l.Problems {
		if p.Level == calc.Error {
			ids[p.ID] = true
			for _, id := range p.Others {
				ids[id] = true
			}
		}
	}
	if !ids["00123"] || !ids["1002"] {
		t.Errorf("employees with errors %v; want 00123 and 1002", ids)
	}
	checkBase(t, l)
}

// TestProblemCapKeepsEmployees: when the errors of an employee fall beyond
// the cap, the summary line names the employee and carries the 工号 (for
// --force), and nothing more of that kind is listed after it (issue 16
// item 6).
func TestProblemCapKeepsEmployees(t *testing.T) {
	ld := newLoader(testRules(), 2026, time.November, LoadOptions{})
	for i := range maxSameProblems + 5 {
		ld.add(calc.Error, calc.Loc{File: "a.csv", Cell: fmt.Sprintf("A%d", i+2)}, "X", "日期错", "改日期")
	}
	ld.add(calc.Error, calc.Loc{File: "a.csv", Cell: "A99"}, "00123", "日期错", "改日期")
	ld.add(calc.Error, calc.Loc{File: "a.csv", Cell: "B99"}, "", "别的列", "改")
	ld.m.Employees = []calc.Employee{{ID: "00123", Name: "张三", Loc: calc.Loc{File: "名单.xlsx", Cell: "A4"}}, {ID: "X"}, {ID: "Y"}}
	ld.flushCapped()
	var got []string
	for _, p := range ld.problems[maxSameProblems:] {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s", locString(p.Loc), p.ID, p.Msg, strings.Join(p.Others, ",")))
	}
	want := []string{
		"a.csv!B99||别的列|",
		"a.csv!A列||另有6行同类问题未逐条列出（同一列同类问题只列出前20条），涉及 工号 00123|00123",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems after the cap =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestHostileLongCells: 32,767-character cells (the Excel maximum) in a
// header, an ID, a date and a name read without trouble, and the messages
// quoting them are cut short.
func TestHostileLongCells(t *testing.T) {
	dir := t.TempDir()
	hostileBase(t, dir)
	long := strings.Repeat("长", 32767)
	writeBook(t, filepath.Join(dir, "长单元格.xlsx"), false, excelize.Options{}, testSheet{
		name: "Sheet1",
		rows: [][]any{
			{long},
			{"日期", "工号", "姓名", "项目", long},
			{long, "00123", "张三", "L01"},
			{"2026-11-05", long, "张三", "L01"},
			{"2026-11-05", "00123", long, "L01"},
			{"2026-11-05", "00123", "张三", long},
		},
	})
	l := loadHostile(t, dir)
	for _, p := range problemsAt(l, "长单元格.xlsx") {
		if n := utf8.RuneCountInString(p.Msg); n > maxMsgRunes+40 {
			t.Errorf("长单元格.xlsx!%s: message of %d characters; want it cut to about %d", p.Loc.Cell, n, maxMsgRunes)
		}
	}
	for _, cell := range []string{"A3", "B4", "C5"} {
		found := false
		for _, p := range problemsAt(l, "长单元格.xlsx") {
			found = found || (p.Level == calc.Error && p.Loc.Cell == cell)
		}
		if !found {
			t.Errorf("长单元格.xlsx!%s: no error for the 32,767-character cell", cell)
		}
	}
	checkBase(t, l)
}

// TestHostileFormulas: formula cells without cached values in the 工号,
// 日期 and 分值 columns are errors at their cells.
func TestHostileFormulas(t *testing.T) {
	dir := t.TempDir()
	hostileBase(t, dir)
	writeBook(t, filepath.Join(dir, "公式.xlsx"), false, excelize.Options{}, testSheet{
		name: "奖惩",
		rows: [][]any{{"日期", "工号", "姓名", "项目", "分值"}, {nil, nil, "张三", "L04"}, {"2026-11-05", "00123", "张三", "L04"}},
		formulas: map[string]string{
			"A2": "TODAY()", "B2": `"00"&"123"`, "E3": "SUM(1,2)",
		},
	})
	l := loadHostile(t, dir)
	for _, cell := range []string{"A2", "B2", "E3"} {
		found := false
		for _, p := range problemsAt(l, "公式.xlsx") {
			found = found || (p.Level == calc.Error && p.Loc.Sheet == "奖惩" && p.Loc.Cell == cell && strings.Contains(p.Msg, "公式"))
		}
		if !found {
			t.Errorf("公式.xlsx!奖惩!%s: no error for the formula without a cached value; got %v", cell, problemsAt(l, "公式.xlsx"))
		}
	}
	checkBase(t, l)
}

// TestHostileManyFiles: 500 files in one folder are all read.
func TestHostileManyFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("slow; runs without -short (CI runs it)")
	}
	dir := t.TempDir()
	hostileBase(t, dir)
	for i := range 500 {
		csv := fmt.Sprintf("日期,工号,姓名,项目,说明\n2026-11-%02d,00123,张三,L01,第%d条\n", 1+i%28, i) // distinct: not copies (D20)
		writeFile(t, filepath.Join(dir, fmt.Sprintf("记录%03d.csv", i)), []byte(csv))
	}
	l := loadHostile(t, dir)
	if len(l.Inputs) != 502 {
		t.Errorf("Inputs = %d; want 502", len(l.Inputs))
	}
	if len(l.Month.Events) != 501 {
		t.Errorf("Events = %d; want 501", len(l.Month.Events))
	}
}

// TestHostileFileSystem: symlink loops, dangling links, a link to a folder,
// a folder named like a workbook, a named pipe (which would block a read),
// a file over the size limit and a file without read permission.
func TestHostileFileSystem(t *testing.T) {
	if runtime.GOOS == "windows" {
		// Links there need a privilege, and Wine (where the Windows build
		// is tried) hides broken ones from a folder's listing.
		t.Skip("symbolic links, named pipes and file modes are Unix's")
	}
	dir := t.TempDir()
	hostileBase(t, dir)
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("symlinks not supported: %v", err)
		}
	}
	link("自环.xlsx", "自环.xlsx")
	link("环B.csv", "环A.csv")
	link("环A.csv", "环B.csv")
	link("不存在.xlsx", "断链.xlsx")
	sub := filepath.Join(t.TempDir(), "外面")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(sub, "内.csv"), []byte("日期,工号,姓名,项目\n2026-11-05,00123,张三,L01\n"))
	link(sub, "子目录链接")
	link(sub, "目录链接.xlsx")
	link(dir, "指向自己")
	if err := os.Mkdir(filepath.Join(dir, "文件夹.xlsx"), 0o755); err != nil {
		t.Fatal(err)
	}
	huge, err := os.Create(filepath.Join(dir, "巨大.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := huge.Truncate(maxFileSize + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	huge.Close()
	pipe := false
	if _, err := exec.LookPath("mkfifo"); err == nil {
		pipe = exec.Command("mkfifo", filepath.Join(dir, "管道.csv")).Run() == nil
	}
	locked := filepath.Join(dir, "无权限.xlsx")
	writeFile(t, locked, bookBytes(t, testSheet{name: "Sheet1", rows: [][]any{{"无关"}}}))
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(locked, 0o644) })
	f, err := os.Open(locked)
	enforced := err != nil // root reads anyway
	if f != nil {
		f.Close()
	}

	done := make(chan *Loaded)
	go func() { done <- loadHostile(t, dir) }()
	var l *Loaded
	select {
	case l = <-done:
	case <-time.After(time.Minute):
		t.Fatal("Load hangs on the hostile folder (a named pipe?)")
	}
	checkFileReported(t, l, "自环.xlsx", calc.Error, "循环")
	checkFileReported(t, l, "环A.csv", calc.Error, "循环")
	checkFileReported(t, l, "环B.csv", calc.Error, "循环")
	checkFileReported(t, l, "断链.xlsx", calc.Error, "不存在")
	checkFileReported(t, l, "巨大.csv", calc.Error, "文件过大")
	checkFileReported(t, l, "子目录链接", calc.Info, "文件夹")
	checkFileReported(t, l, "目录链接.xlsx", calc.Info, "文件夹")
	checkFileReported(t, l, "指向自己", calc.Info, "文件夹")
	if ps := problemsAt(l, "文件夹.xlsx"); len(ps) != 0 {
		t.Errorf("文件夹.xlsx (a folder): %v; want it skipped like any folder", ps)
	}
	if pipe {
		checkFileReported(t, l, "管道.csv", calc.Warning, "不是普通文件")
	}
	if enforced {
		checkFileReported(t, l, "无权限.xlsx", calc.Error, "没有读取权限")
	} else {
		t.Log("file permissions are not enforced (root): 无权限.xlsx was readable")
	}
	for _, e := range l.Month.Events {
		if e.Loc.File != "奖惩.csv" {
			t.Errorf("event read from %s; want subfolders behind links left alone", e.Loc.File)
		}
	}
	checkBase(t, l)
}

// fuzzBase is a one-sheet workbook whose sheet and shared strings parts the
// fuzzer replaces.
func fuzzBase(f *testing.F) []byte {
	x := excelize.NewFile()
	defer x.Close()
	row := []any{"日期", "工号", "姓名", "项目"}
	if err := x.SetSheetRow("Sheet1", "A1", &row); err != nil {
		f.Fatal(err)
	}
	b, err := x.WriteToBuffer()
	if err != nil {
		f.Fatal(err)
	}
	return b.Bytes()
}

// withParts returns the package with the sheet and shared strings parts
// replaced (stored, not compressed).
func withParts(base []byte, sheet, sst string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(name string, r io.Reader) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err == nil {
			_, err = io.Copy(w, r)
		}
		return err
	}
	for _, f := range zr.File {
		var err error
		switch f.Name {
		case "xl/worksheets/sheet1.xml":
			err = put(f.Name, strings.NewReader(sheet))
		case "xl/sharedStrings.xml":
			err = put(f.Name, strings.NewReader(sst))
		default:
			rc, e := f.Open()
			if e != nil {
				return nil, e
			}
			err = put(f.Name, rc)
			rc.Close()
		}
		if err != nil {
			return nil, err
		}
	}
	err = zw.Close()
	return out.Bytes(), err
}

// FuzzReadSheetXML feeds arbitrary worksheet and shared strings XML through
// the workbook reader: it must never panic (a recovered panic shows as 内部错误)
// and every problem must be in the file, with a message.
func FuzzReadSheetXML(f *testing.F) {
	base := fuzzBase(f)
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>日期</t></si><si><t>工号</t></si><si><t>姓名</t></si><si><t>项目</t></si></sst>`
	row1 := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>`
	for _, s := range []string{
		sheetHead + row1 + `<row r="2"><c r="A2"><v>46329</v></c><c r="B2" t="str"><v>00123</v></c><c r="D2" t="inlineStr"><is><t>L01</t></is></c></row></sheetData></worksheet>`,
		sheetHead + row1 + `<row r="3"><c r="A3"><f>TODAY()</f></c><c r="B3" t="s"><v>9</v></c></row></sheetData><mergeCells><mergeCell ref="A3:A9"/></mergeCells></worksheet>`,
		sheetHead + row1 + `<row><c><v>1</v></c><c r="XFD2"><v>2</v></c></row><row r="300"/></sheetData></worksheet>`,
		sheetHead + row1 + `<row r="2"><c r="A2" t="inlineStr"><is><r><t>2026</t></r><r><t>-11-03</t></r></is></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><v>#N/A</v></c></row>`,
		sheetHead + `<row r="1"><c r="A1" t="s"><v>-1</v></c><c r="B1" t="s"><v>99999999999999999999</v></c></row></sheetData></worksheet>`,
		`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
		sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>&lt;&amp;&#x5DE5;&#21495;&bogus;</t></is></c></row><![CDATA[<row>]]><!-- <row r="2"> --></sheetData></worksheet>`,
		"", "<", "<row", sheetHead,
	} {
		f.Add(s, sst)
	}
	f.Add(sheetHead+row1+`</sheetData></worksheet>`, `<sst><si><t>`)
	f.Add(sheetHead+row1+`</sheetData></worksheet>`, `<sst><si><r><t>日</t></r><r><t>期</t></r></si><si><t xml:space="preserve"> 工号 </t></si></sst>`)
	f.Fuzz(func(t *testing.T, sheet, sst string) {
		data, err := withParts(base, sheet, sst)
		if err != nil {
			t.Skip(err)
		}
		ld := newLoader(testRules(), 2026, time.November, LoadOptions{})
		ld.readWorkbook("x.xlsx", data)
		ld.finish()
		for _, p := range ld.problems {
			if strings.Contains(p.Msg, "内部错误") {
				t.Errorf("reading the sheet panicked: %s", p.Msg)
			}
			if (p.Loc.File != "x.xlsx" && p.Loc.File != "") || p.Msg == "" {
				t.Errorf("problem %+v; want a message in x.xlsx", p)
			}
		}
	})
}

// TestHostileEncrypted: an encrypted workbook, cut short or with flipped
// bytes, read with the right password, a wrong one and none, gives an
// error at the file, never a panic or a hang.
func TestHostileEncrypted(t *testing.T) {
	if testing.Short() {
		t.Skip("36 loads of damaged encrypted workbooks; TestPayrollPassword, TestLoadBadFiles (an encrypted roster, right and wrong password) and cmd's TestPayrollEncrypted cover encryption fast")
	}
	dir := t.TempDir()
	hostileBase(t, dir)
	src := filepath.Join(t.TempDir(), "enc.xlsx")
	writeBook(t, src, false, excelize.Options{Password: "密码"}, testSheet{name: "Sheet1", rows: [][]any{{"无关"}}})
	good, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	add := func(name string, b []byte) {
		writeFile(t, filepath.Join(dir, name), b)
		names = append(names, name)
	}
	for i := 1; i <= 6; i++ {
		add(fmt.Sprintf("加密截断%d.xlsx", i), good[:len(good)*i/7])
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 6 {
		b := append([]byte(nil), good...)
		for range 8 {
			b[512+rng.IntN(len(b)-512)] ^= byte(1 + rng.IntN(255))
		}
		add(fmt.Sprintf("加密损坏%d.xlsx", i), b)
	}
	for _, pw := range []string{"", "错", "密码"} {
		l, err := Load(dir, testRules(), 2026, time.November, LoadOptions{Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			ps := problemsAt(l, name)
			if len(ps) == 0 {
				t.Errorf("password %q: %s has no message", pw, name)
			}
			for _, p := range ps {
				if strings.Contains(p.Msg, "内部错误") || !hasHan(p.Msg) {
					t.Errorf("password %q: %s: %q; want a Chinese message and no panic", pw, name, p.Msg)
				}
			}
		}
		checkBase(t, l)
	}
}

// A stray value in column XFD on many rows is neither padded out (which
// took minutes) nor silently lost.
func TestStrayCellFarRight(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= 20000; r++ {
		cell, _ := excelize.CoordinatesToCellName(16384, r)
		if err := sw.SetRow(cell, []any{"x"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(filepath.Join(dir, "远.xlsx")); err != nil {
		t.Fatal(err)
	}
	ld, err := Load(dir, calc.DefaultRules(), 2026, 11, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range ld.Problems {
		if p.Level == calc.Warning && p.Loc.Cell == "XFD1" && strings.Contains(p.Msg, "未读取") {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning at XFD1 about the stray cells: %v", ld.Problems)
	}
}
