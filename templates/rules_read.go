package templates

import (
	"appraise/calc"
	"appraise/sheets"
	"appraise/sheets/xlsx"
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// rbBase is the file name used in problem locations.
func rbBase(path string) string { return filepath.Base(path) }

// rbSerial returns the Excel (1900 system) serial of a date.
func rbSerial(y int, m time.Month, d int) float64 {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return float64(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// rbHeadText normalises a header cell: spaces, full-width characters and a
// required-column mark (*, （必填）) do not matter.
func rbHeadText(s string) string {
	s = sheets.NormText(s)
	for _, m := range []string{"(必填)", "*"} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, m), m))
	}
	return strings.Join(strings.Fields(s), "")
}

// rbOptional reports whether a column of the rules workbook may be missing.
func rbOptional(name string) bool { return name == "说明" || name == "含义" }

// ReadRules reads a rules workbook (possibly edited in Excel or WPS) into a
// calc.Rules. Every problem is reported with the file's base name, the
// sheet and the cell; when the cell-level checks pass, (*calc.Rules).Check
// runs too (its warnings are always kept), its problems located at the cell
// of the entry or setting they concern (rbPlaces). On any error the rules
// are nil.
//
// The sheets are read by the streaming engine of package sheets/xlsx,
// whose rows are those of excelize's GetRows with RawCellValue (see
// TestRulesRowsSameAsExcelize) at a fraction of the cost: excelize's
// OpenFile also parses the styles and theme, which the rules do not need.
func ReadRules(path string) (*calc.Rules, []calc.Problem) {
	base := rbBase(path)
	b, err := rbOpen(path)
	if err != nil {
		return nil, rbOpenProblem(base, err)
	}
	return rbRead(b, base)
}

// rbOleMagic starts a compound (OLE) file: an encrypted workbook or an .xls.
var rbOleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// rbOpenError is why a rules workbook could not be opened, in Chinese.
type rbOpenError struct{ msg, hint string }

func (e *rbOpenError) Error() string { return e.msg }

// rbOpen opens the package of a rules workbook; its errors say in Chinese
// what is wrong with the file (rbOpenProblem).
func rbOpen(path string) (*xlsx.Book, error) {
	data, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		return nil, err
	}
	const resave = "请用 Excel 或 WPS 打开此文件，另存为 .xlsx 格式后再运行（可用 appraise templates 生成默认的 考核规则.xlsx）"
	switch {
	case len(data) == 0:
		return nil, &rbOpenError{"文件为空（0 字节）", "请重新保存规则工作簿，或用 appraise templates 生成默认的 考核规则.xlsx"}
	case bytes.HasPrefix(data, rbOleMagic):
		return nil, &rbOpenError{"这是旧版 Excel 97-2003（.xls）文件或设置了打开密码的工作簿，不能读取", resave}
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil, &rbOpenError{"不是有效的 Excel 工作簿（文件已损坏或并非 .xlsx 格式）", resave}
	}
	// as the input readers say it (sheets' readWorkbook)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &rbOpenError{"工作簿已损坏或不完整（无法解压：" + sheets.ChineseErrorText(err.Error()) + "）",
			"文件可能未完整复制；请用 Excel 打开修复后另存为 .xlsx，或用 appraise templates 生成默认的 考核规则.xlsx"}
	}
	if xlsx.IsOpenDocument(zr) {
		return nil, &rbOpenError{"这是 OpenDocument（.ods）文件，请在 Excel/WPS 中另存为 .xlsx",
			"文件扩展名是 Excel 的，内容却是 OpenDocument 表格（LibreOffice/WPS 的 .ods 格式）"}
	}
	if err := xlsx.CheckPackage(zr); err != nil {
		return nil, err
	}
	return xlsx.Open(zr)
}

func rbOpenProblem(file string, err error) []calc.Problem {
	hint := "规则工作簿应为 .xlsx 文件（可用 appraise templates 生成默认的 考核规则.xlsx）"
	var oe *rbOpenError
	if errors.As(err, &oe) {
		hint = oe.hint
	}
	return []calc.Problem{{Level: calc.Error, Loc: calc.Loc{File: file},
		Msg: "无法打开规则工作簿：" + sheets.ErrorText(err), Hint: hint}}
}

// rbReader collects the problems of one rules workbook.
type rbReader struct {
	book     *xlsx.Book
	file     string
	date1904 bool
	ps       []calc.Problem
	errs     int
	at       rbPlaces
}

func (x *rbReader) add(l calc.Level, sheet, cell, msg, hint string) {
	if l == calc.Error {
		x.errs++
	}
	x.ps = append(x.ps, calc.Problem{Level: l, Loc: calc.Loc{File: x.file, Sheet: sheet, Cell: cell}, Msg: msg, Hint: hint})
}

// rbTable is one sheet of the rules workbook with its header located.
type rbTable struct {
	sheet string
	rows  [][]string
	head  int            // 0-based index of the header row
	col   map[string]int // column name → 0-based index
	first string         // name of the sheet's first column
}

// val returns the trimmed value of column name in the 0-based row i and the
// cell's A1 name.
func (t *rbTable) val(i int, name string) (string, string) {
	c, ok := t.col[name]
	if !ok {
		return "", ""
	}
	cell := rbCell(c, i+1)
	if c >= len(t.rows[i]) {
		return "", cell
	}
	return strings.TrimSpace(t.rows[i][c]), cell
}

// data returns the 0-based indexes of the non-blank rows under the header.
func (t *rbTable) data() []int {
	var out []int
	for i := t.head + 1; i < len(t.rows); i++ {
		for _, v := range t.rows[i] {
			if strings.TrimSpace(v) != "" {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// table reads a sheet and locates its header row (within the first 10
// rows). A missing sheet or column is an error when the sheet is required.
func (x *rbReader) table(sheet string, cols []rbCol, required bool) *rbTable {
	sh, found := x.sheet(sheet)
	if !found {
		if required {
			x.add(calc.Error, sheet, "", fmt.Sprintf("规则工作簿缺少工作表「%s」", sheet), "请勿删除或重命名该工作表；可从 appraise templates 生成的默认规则中复制")
		}
		return nil
	}
	// The engine's issues (a repeated row number merged, a missing shared
	// string read as blank …) have the levels they have in any input
	// (D21): a damaged rules workbook stops the run, as a damaged input
	// does, where excelize read it without a word.
	rows, issues, err := rbSheetRows(x.book, sh.Part)
	for _, is := range issues {
		lv := calc.Error
		if is.Warn {
			lv = calc.Warning
		}
		x.add(lv, sheet, is.Cell, is.Msg, is.Hint)
	}
	if err != nil {
		x.add(calc.Error, sheet, "", fmt.Sprintf("无法读取工作表「%s」：%s", sheet, sheets.ErrorText(err)), "文件可能已损坏；请用 Excel 打开修复后另存为 .xlsx")
		return nil
	}
	names := rbNames(cols)
	t := &rbTable{sheet: sheet, rows: rows, head: -1, first: names[0]}
	for i := 0; i < len(rows) && i < 10 && t.head < 0; i++ {
		m := map[string]int{}
		for j, v := range rows[i] {
			if h := rbHeadText(v); h != "" {
				if _, dup := m[h]; !dup {
					m[h] = j
				}
			}
		}
		if _, ok := m[names[0]]; ok {
			t.head, t.col = i, m
		}
	}
	if t.head < 0 {
		x.add(calc.Error, sheet, "A1", fmt.Sprintf("工作表「%s」找不到表头（应有列：%s）", sheet, strings.Join(names, "、")), "请勿修改表头的列名")
		return nil
	}
	ok := true
	for _, n := range names {
		if _, has := t.col[n]; !has && !rbOptional(n) {
			x.add(calc.Error, sheet, fmt.Sprintf("第%d行", t.head+1), fmt.Sprintf("工作表「%s」的表头缺少「%s」列", sheet, n), "请勿删除或修改表头的列名")
			ok = false
		}
	}
	if !ok {
		return nil
	}
	x.at.table(t)
	return t
}

// sheet finds a sheet of the workbook by its name, ignoring case as
// excelize's GetSheetIndex did.
func (x *rbReader) sheet(name string) (xlsx.Sheet, bool) {
	for _, sh := range x.book.Sheets() {
		if strings.EqualFold(sh.Name, name) {
			return sh, true
		}
	}
	return xlsx.Sheet{}, false
}

// rbSheetRows returns the rows of a worksheet part as excelize's GetRows
// with RawCellValue did: row i of the sheet at index i-1 (rows without
// cells are empty), trailing empty rows left out. The issues are the
// engine's problems in the sheet's data (a repeated row number, a missing
// shared string …), at their cell or row, and a warning when the sheet has
// content beyond the columns the engine reads.
func rbSheetRows(b *xlsx.Book, part string) ([][]string, []xlsx.Issue, error) {
	if part == "" {
		return nil, nil, &xlsx.MissingPartError{Name: "工作表的数据（关系缺失）"}
	}
	rows, err := b.Rows(part)
	if err != nil {
		return nil, nil, err
	}
	var out [][]string
	for {
		cells, num, ok, err := rows.Next()
		if err != nil {
			_ = rows.Close()
			return nil, rows.Issues(), err
		}
		if !ok {
			break
		}
		if len(cells) == 0 {
			continue
		}
		for len(out) < num-1 {
			out = append(out, nil)
		}
		out = append(out, cells)
	}
	_ = rows.Close() // the part was read to its end: its errors came from Next
	issues := rows.Issues()
	if b := rows.Beyond(); b != "" {
		// excelize read every column; the engine stops at MaxReadCols, so
		// say so, as the input readers do.
		msg, hint := sheets.BeyondText(b)
		issues = append(issues, xlsx.Issue{Cell: b, Msg: msg, Hint: hint, Warn: true})
	}
	return out, issues, nil
}

// dec parses a decimal cell; ok is false (and a problem added) when it is
// not a number. Blank cells return blank == true.
func (x *rbReader) dec(t *rbTable, i int, name string) (d decimal.Decimal, blank, ok bool) {
	v, cell := t.val(i, name)
	if v == "" {
		return decimal.Decimal{}, true, true
	}
	d, err := sheets.ParseDecimal(v)
	if err != nil {
		x.add(calc.Error, t.sheet, cell, fmt.Sprintf("%s「%s」不是数字", name, v), "填写数字，如 5 或 0.6")
		return decimal.Decimal{}, false, false
	}
	return d, false, true
}

// int parses a whole-number cell.
func (x *rbReader) int(t *rbTable, i int, name string) (n int, blank, ok bool) {
	d, blank, ok := x.dec(t, i, name)
	if blank || !ok {
		return 0, blank, ok
	}
	if !d.IsInteger() || d.Abs().GreaterThan(decimal.NewFromInt(1e9)) {
		v, cell := t.val(i, name)
		x.add(calc.Error, t.sheet, cell, fmt.Sprintf("%s「%s」应为整数", name, v), "填写整数")
		return 0, false, false
	}
	return int(d.IntPart()), false, true
}

// rbRead reads an opened rules workbook.
func rbRead(b *xlsx.Book, file string) (*calc.Rules, []calc.Problem) {
	x, r := rbReadSheets(b, file)
	return x.check(r)
}

// rbReadSheets reads every sheet of an opened rules workbook, reporting
// the problems of the cells, before (*calc.Rules).Check.
func rbReadSheets(b *xlsx.Book, file string) (*rbReader, *calc.Rules) {
	x := &rbReader{book: b, file: file, date1904: b.Date1904()}
	r := calc.DefaultRules()
	r.Catalogue, r.LateTiers, r.IncidentTiers, r.Grades, r.FailGrade = nil, nil, nil, nil, ""
	r.QAItems, r.Holidays, r.Workdays = nil, nil, nil

	x.readCatalogue(r)
	x.readTiers(r)
	x.readGrades(r)
	x.readParams(r)
	x.readQA(r)
	x.readHolidays(r)
	x.readSymbols(r)
	x.readInputs(r)
	x.readIndicators(r)
	return x, r
}

// check runs (*calc.Rules).Check on the rules read and locates each of its
// problems in a cell of the workbook (rbPlaces).
func (x *rbReader) check(r *calc.Rules) (*calc.Rules, []calc.Problem) {
	mine := x.errs
	for _, cp := range r.Check() {
		p := cp.Problem
		if p.Level == calc.Error && mine > 0 {
			continue // most likely a consequence of a problem reported with its cell
		}
		p.Loc.File = x.file // calc gives the sheet (cp.At)
		p.Loc.Cell = x.at.cell(cp.At)
		if p.Level == calc.Error {
			x.errs++
		}
		x.ps = append(x.ps, p)
	}
	if x.errs > 0 {
		return nil, x.ps
	}
	return r, x.ps
}

// rbPlaces remembers where the rules came from in the workbook, so that a
// calc.RuleAt of (*calc.Rules).Check becomes a cell: the worksheet row of
// every entry appended to a list of the Rules (Catalogue, LateTiers,
// IncidentTiers, Grades, QAItems, Inputs), of every symbol and of every
// 参数 setting whose value was read, and the columns of each sheet.
type rbPlaces struct {
	cols  map[string]map[string]int // sheet → column name → 0-based column
	first map[string]string         // sheet → name of its first column
	rows  map[string][]int          // rbListOf → 1-based row of each entry, in list order
	named map[string]map[string]int // sheet → symbol or setting → 1-based row
}

// rbListOf names a list of the Rules: its sheet, and on 分档 the kind of tier
// (late and incident tiers are separate lists on the same sheet).
func rbListOf(sheet, key string) string {
	if sheet == calc.SheetTiers {
		return sheet + "/" + key
	}
	return sheet
}

// table records the columns of a sheet whose header was found.
func (pl *rbPlaces) table(t *rbTable) {
	if pl.cols == nil {
		pl.cols, pl.first = map[string]map[string]int{}, map[string]string{}
	}
	pl.cols[t.sheet], pl.first[t.sheet] = t.col, t.first
}

// entry records that the 0-based row i of t became the next entry of the
// list of its sheet (key: the kind of tier on 分档, else ""). Call it at the
// append, so that entries count as RuleAt.Item counts them.
func (pl *rbPlaces) entry(t *rbTable, key string, i int) {
	if pl.rows == nil {
		pl.rows = map[string][]int{}
	}
	l := rbListOf(t.sheet, key)
	pl.rows[l] = append(pl.rows[l], i+1)
}

// name records the 0-based row i of t as the row of a symbol or a setting.
func (pl *rbPlaces) name(t *rbTable, name string, i int) {
	if pl.named == nil {
		pl.named = map[string]map[string]int{}
	}
	if pl.named[t.sheet] == nil {
		pl.named[t.sheet] = map[string]int{}
	}
	pl.named[t.sheet][name] = i + 1
}

// cell returns the cell of at: on 参数 the value cell of the setting; else
// the Field's column (the first column when Field is not a column) on the
// row of the entry (by Item) or of the symbol (by Key). It is "" when the
// entry or setting was not read from the workbook (a default).
func (pl *rbPlaces) cell(at calc.RuleAt) string {
	row, col := 0, at.Field
	switch {
	case at.Sheet == calc.SheetParams:
		row, col = pl.named[at.Sheet][at.Field], "值"
	case at.Item > 0:
		if rs := pl.rows[rbListOf(at.Sheet, at.Key)]; at.Item <= len(rs) {
			row = rs[at.Item-1]
		}
	case at.Key != "":
		row = pl.named[at.Sheet][at.Key]
	}
	if row == 0 {
		return ""
	}
	c, ok := pl.cols[at.Sheet][col]
	if !ok {
		c = pl.cols[at.Sheet][pl.first[at.Sheet]]
	}
	return rbCell(c, row)
}
