package sheets

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// Number formats of the outputs.
const (
	// fmtScore shows a score as stored up to two decimals (79.99, not
	// "80.0" beside grade C), with one decimal at least (85.0, -0.1).
	fmtScore   = "0.0#"
	fmtMoney   = "#,##0.00"
	fmtDate    = "yyyy-mm-dd"
	fmtPercent = "0.0%"
	fmtText    = 49 // built-in "@"
)

// fontName is the font of every cell: 等线 (DengXian) is the default
// font of Chinese Excel since 2016 and ships with Windows 10 and Office for
// Mac; WPS uses it from the system; LibreOffice maps it, like any unknown
// name, through fontconfig to the system's sans-serif CJK font (the font
// family is declared as sans-serif, charset GB2312).
const fontName = "等线"

// gradePalette colours the grades from the best down (cell fill, font,
// chart bar of the same hue); the fail grade always gets the last (red)
// entry.
var gradePalette = [][3]string{
	{"C6EFCE", "006100", "70AD47"}, // A green
	{"DDEBF7", "1F4E78", "5B9BD5"}, // B blue
	{"FFF2CC", "7F6000", "FFC000"}, // C yellow
	{"FCE4D6", "843C0C", "F4B183"}, // D light orange
	{"F8CBAD", "833C0B", "ED7D31"}, // E orange
	{"FFC7CE", "9C0006", "C00000"}, // 不合格 red
}

// gradeColors are the palette entries of the grades from the best down.
func gradeColors(grades []string, fail string) [][3]string {
	out := make([][3]string, len(grades))
	for i, g := range grades {
		out[i] = gradePalette[len(gradePalette)-1]
		if g != fail {
			out[i] = gradePalette[min(i, len(gradePalette)-2)]
		}
	}
	return out
}

// xlStyles holds the style ids of one workbook, each created once.
type xlStyles struct {
	title, header, text, mid, wrap, id, integer, score, avg, money, date, percent int
	sign, note, levelErr, levelWarn                                               int
	grade                                                                         map[string]int
}

// xlBook is a workbook being written.
type xlBook struct {
	f      *excelize.File
	st     xlStyles
	sheets int
	title  string // the document's title, printed in the page footers
	zip    *sortedZip
}

// newBook starts a workbook with fixed document properties (no time stamps,
// so that the same result gives the same bytes) and its styles. rules may
// be nil (no grade colours).
func newBook(title string, rules *calc.Rules, year int, month time.Month) (*xlBook, error) {
	f := excelize.NewFile()
	zw := &sortedZip{}
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { zw.w = w; return zw })
	stamp := fmt.Sprintf("%04d-%02d-01T00:00:00Z", year, int(month))
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:        "appraise",
		LastModifiedBy: "appraise",
		Title:          title,
		Language:       "zh-CN",
		Created:        stamp,
		Modified:       stamp,
	}); err != nil {
		return nil, err
	}
	if err := f.SetDefaultFont(fontName); err != nil {
		return nil, err
	}
	b := &xlBook{f: f, title: title, zip: zw}
	if err := b.styles(rules); err != nil {
		return nil, err
	}
	return b, nil
}

// thinBorder is the grey box around the table cells of every workbook we write.
var thinBorder = []excelize.Border{
	{Type: "left", Color: "A6A6A6", Style: 1},
	{Type: "right", Color: "A6A6A6", Style: 1},
	{Type: "top", Color: "A6A6A6", Style: 1},
	{Type: "bottom", Color: "A6A6A6", Style: 1},
}

// styleMaker returns a function that adds a style to f in the font of our
// workbooks and returns its id; after the first failure it returns 0 and
// *err holds the error.
func styleMaker(f *excelize.File, err *error) func(*excelize.Style) int {
	return func(s *excelize.Style) int {
		if *err != nil {
			return 0
		}
		if s.Font == nil {
			s.Font = &excelize.Font{}
		}
		s.Font.Family = fontName
		var id int
		id, *err = f.NewStyle(s)
		return id
	}
}

func (b *xlBook) styles(rules *calc.Rules) error {
	border := thinBorder
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	left := &excelize.Alignment{Vertical: "center"}
	str := func(s string) *string { return &s }
	var err error
	mk := styleMaker(b.f, &err)
	st := xlStyles{grade: map[string]int{}}
	st.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: center})
	st.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	st.text = mk(&excelize.Style{Border: border, Alignment: left})
	st.mid = mk(&excelize.Style{Border: border, Alignment: center})
	st.wrap = mk(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	st.id = mk(&excelize.Style{Border: border, Alignment: left, NumFmt: fmtText})
	st.integer = mk(&excelize.Style{Border: border, Alignment: center, NumFmt: 1})
	st.score = mk(&excelize.Style{Border: border, Alignment: left, CustomNumFmt: str(fmtScore)})
	st.avg = mk(&excelize.Style{Border: border, Alignment: left, CustomNumFmt: str("0.00")})
	st.money = mk(&excelize.Style{Border: border, Alignment: left, CustomNumFmt: str(fmtMoney)})
	st.date = mk(&excelize.Style{Border: border, Alignment: center, CustomNumFmt: str(fmtDate)})
	st.percent = mk(&excelize.Style{Border: border, Alignment: left, CustomNumFmt: str(fmtPercent)})
	st.sign = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "center"}, Font: &excelize.Font{Size: 12}})
	st.note = mk(&excelize.Style{Font: &excelize.Font{Color: "595959", Size: 9}})
	st.levelErr = mk(&excelize.Style{Border: border, Alignment: center, Font: &excelize.Font{Bold: true, Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	st.levelWarn = mk(&excelize.Style{Border: border, Alignment: center, Font: &excelize.Font{Color: "7F6000"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFEB9C"}}})
	if rules != nil {
		grades := gradeOrder(rules)
		colors := gradeColors(grades, rules.FailGrade)
		for i, g := range grades {
			p := colors[i]
			st.grade[g] = mk(&excelize.Style{Border: border, Alignment: center,
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{p[0]}},
				Font: &excelize.Font{Bold: true, Color: p[1]}})
		}
	}
	b.st = st
	return err
}

// gradeOrder lists the grades from the best down, the fail grade last.
func gradeOrder(r *calc.Rules) []string {
	bands := append([]calc.GradeBand(nil), r.Grades...)
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min.GreaterThan(bands[j].Min) })
	out := make([]string, 0, len(bands)+1)
	for _, g := range bands {
		out = append(out, g.Grade)
	}
	return append(out, r.FailGrade)
}

// gradeStyle is the coloured style of a grade (plain text when unknown).
func (b *xlBook) gradeStyle(g string) int {
	if s, ok := b.st.grade[g]; ok {
		return s
	}
	return b.st.text
}

// newSheet adds a sheet (the first call renames the default Sheet1).
func (b *xlBook) newSheet(name string) error {
	b.sheets++
	if b.sheets == 1 {
		return b.f.SetSheetName("Sheet1", name)
	}
	_, err := b.f.NewSheet(name)
	return err
}

// save writes the workbook to w, encrypted when password is set.
func (b *xlBook) save(w io.Writer, password string) error {
	var opts []excelize.Options
	if password != "" {
		opts = append(opts, excelize.Options{Password: password})
	}
	if err := b.f.Write(w, opts...); err != nil {
		return err
	}
	return b.f.Close()
}

// xlTable is one sheet written as a table: an optional merged title row,
// one header row and the data rows, streamed.
type xlTable struct {
	sheet   string
	title   string // merged title row above the header; none when empty
	headers []string
	rows    [][]excelize.Cell
	wrapCol map[int]bool // columns with wrapped text: width capped lower
	wrapMax int          // width cap of wrapped columns; 0 means 40
	filter  bool         // autofilter on the header row
	print   bool         // landscape, fit to width, repeated header rows
	// portrait prints the sheet upright (narrow sheets such as 合计).
	portrait bool
	// tail is a block under the table, after one blank row, that does
	// not count for the column widths; its cells may span columns.
	tail   []tailRow
	footer []string // lines under everything, each merged across
	// beforeFlush runs before the stream is flushed (charts go here).
	beforeFlush func() error
}

// tailRow is a row of the tail block: span[i] is the number of columns
// cell i covers (1 when missing).
type tailRow struct {
	cells []excelize.Cell
	span  []int
}

// cellWidth is the width of a cell's displayed text (CJK counts 2).
func cellWidth(v any) int {
	switch x := v.(type) {
	case nil:
		return 0
	case string:
		w := 0
		for _, line := range strings.Split(x, "\n") {
			w = max(w, textWidth(line))
		}
		return w
	case float64:
		s := decimal.NewFromFloat(x).StringFixed(2)
		if len(s) > 6 {
			return len(s) + (len(s)-4)/3 // thousands separators
		}
		return len(s)
	case time.Time:
		return 10
	default:
		return len(fmt.Sprint(x))
	}
}

// textWidth counts East Asian wide characters as 2 columns.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			w++
		case unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x30FF) || (r >= 0xFF00 && r <= 0xFF60) || (r >= 0xFFE0 && r <= 0xFFE6):
			w += 2
		default:
			w++
		}
	}
	return w
}

// widths are the column widths that fit the header and the data.
func (t *xlTable) widths() []float64 {
	out := make([]float64, len(t.headers))
	for i, h := range t.headers {
		w := textWidth(h)
		for _, r := range t.rows {
			if i < len(r) {
				w = max(w, cellWidth(r[i].Value))
			}
		}
		limit := 60
		if t.wrapCol[i] {
			limit = 40
			if t.wrapMax > 0 {
				limit = t.wrapMax
			}
		}
		out[i] = float64(min(max(w, 6), limit)) + 2
	}
	return out
}

// rowHeight is the height of a row whose wrapped cells need more than one
// line in the given column widths, 0 when one line is enough.
func (b *xlBook) rowHeight(cells []excelize.Cell, widths []float64, span []int) float64 {
	lines, col := 1, 0
	for i, c := range cells {
		n := 1
		if i < len(span) && span[i] > 1 {
			n = span[i]
		}
		if s, ok := c.Value.(string); ok && c.StyleID == b.st.wrap && col < len(widths) {
			w := 0.0
			for k := col; k < col+n && k < len(widths); k++ {
				w += widths[k]
			}
			room := max(int(w)-1, 4)
			l := 0
			for _, part := range strings.Split(s, "\n") {
				l += max(1, (textWidth(part)+room-1)/room)
			}
			lines = max(lines, l)
		}
		col += n
	}
	if lines == 1 {
		return 0
	}
	// Excel's tallest row is 409 points; a longer text scrolls in its cell.
	return min(float64(lines)*15+3, excelize.MaxRowHeight)
}

// write adds the table as a new sheet of b.
func (b *xlBook) write(t *xlTable) error {
	f := b.f
	if err := b.newSheet(t.sheet); err != nil {
		return err
	}
	ncol := len(t.headers)
	lastCol, _ := excelize.ColumnNumberToName(max(ncol, 1))
	head := 1
	if t.title != "" {
		head = 2
	}
	last := head + len(t.rows)
	// The sheet properties must be set before the stream writer is made
	// (it copies them); the autofilter before the page setup, because it
	// replaces the sheet properties.
	if t.filter && ncol > 0 {
		if err := f.AutoFilter(t.sheet, fmt.Sprintf("A%d:%s%d", head, lastCol, last), nil); err != nil {
			return err
		}
	}
	widths := t.widths()
	if t.print {
		tall := b.pagesTall(t, widths, head)
		if err := b.printSetup(t.sheet, head, t.title == "", t.portrait, tall); err != nil {
			return err
		}
	}
	// The stream writer keeps the dimension it finds; set the real one
	// for readers that trust it.
	end := last
	if len(t.tail) > 0 {
		end += 1 + len(t.tail)
	}
	if len(t.footer) > 0 {
		end += 1 + len(t.footer)
	}
	if err := f.SetSheetDimension(t.sheet, fmt.Sprintf("A1:%s%d", lastCol, end)); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.sheet)
	if err != nil {
		return err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: head, TopLeftCell: fmt.Sprintf("A%d", head+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	row := 1
	// put writes one row at the current row; a cell with a span is merged.
	put := func(cells []excelize.Cell, span []int, height float64) error {
		vals := make([]any, 0, ncol)
		var merges [][2]int
		for i, c := range cells {
			vals = append(vals, c)
			if i < len(span) && span[i] > 1 {
				from := len(vals)
				for k := 1; k < span[i]; k++ {
					vals = append(vals, excelize.Cell{StyleID: c.StyleID})
				}
				merges = append(merges, [2]int{from, len(vals)})
			}
		}
		var opts []excelize.RowOpts
		if height > 0 {
			opts = append(opts, excelize.RowOpts{Height: height})
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", row), vals, opts...); err != nil {
			return err
		}
		for _, m := range merges {
			c1, _ := excelize.CoordinatesToCellName(m[0], row)
			c2, _ := excelize.CoordinatesToCellName(m[1], row)
			if err := sw.MergeCell(c1, c2); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	if t.title != "" {
		cells := []excelize.Cell{{StyleID: b.st.title, Value: t.title}}
		if err := put(cells, []int{ncol}, 30); err != nil {
			return err
		}
	}
	hdr := make([]excelize.Cell, ncol)
	for i, h := range t.headers {
		hdr[i] = excelize.Cell{StyleID: b.st.header, Value: h}
	}
	if err := put(hdr, nil, 22); err != nil {
		return err
	}
	buf := make([]any, ncol)
	for _, r := range t.rows {
		for i := range buf {
			buf[i] = nil
			if i < len(r) {
				buf[i] = r[i]
			}
		}
		var opts []excelize.RowOpts
		if h := b.rowHeight(r, widths, nil); h > 0 {
			opts = append(opts, excelize.RowOpts{Height: h})
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", row), buf, opts...); err != nil {
			return err
		}
		row++
	}
	if len(t.tail) > 0 {
		row++
		for _, tr := range t.tail {
			if err := put(tr.cells, tr.span, b.rowHeight(tr.cells, widths, tr.span)); err != nil {
				return err
			}
		}
	}
	if len(t.footer) > 0 {
		row++ // one blank row
		for _, line := range t.footer {
			if err := put([]excelize.Cell{{StyleID: b.st.sign, Value: line}}, []int{ncol}, 24); err != nil {
				return err
			}
		}
	}
	if t.beforeFlush != nil {
		if err := t.beforeFlush(); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// printSetup makes a sheet print on A4, landscape unless portrait, fit to
// one page wide, with the rows up to head repeated on every page and a
// footer naming the document and the page ("第 1 页 共 3 页"). A sheet
// without a title row (titled false) gets the document title as its page
// header, so that its first row can stay the header row.
// tall is the number of pages the sheet is fit into, 0 for as many as
// it needs.
func (b *xlBook) printSetup(sheet string, head int, untitled, portrait bool, tall int) error {
	f := b.f
	orient, size, one := "landscape", 9, 1
	if portrait {
		orient = "portrait"
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	m1, m2, m3 := 0.4, 0.6, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &m1, Right: &m1, Top: &m2, Bottom: &m2, Header: &m3, Footer: &m3,
	}); err != nil {
		return err
	}
	hf := &excelize.HeaderFooterOptions{
		OddFooter: "&L" + hfText(b.title) + "&C第 &P 页 共 &N 页&R" + hfText(sheet),
	}
	if untitled {
		hf.OddHeader = "&C&\"-,Bold\"&14" + hfText(b.title)
	}
	if err := f.SetHeaderFooter(sheet, hf); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, head),
		Scope:    sheet,
	})
}

// Page geometry of A4 in points with the margins of printSetup.
const (
	a4Long, a4Short  = 842.0, 595.0
	marginSides      = 0.4 * 72 * 2
	marginTopBottom  = 0.6 * 72 * 2
	defaultRowHeight = 14.25 // Excel's row of 11-point 等线
	maxEstimateRows  = 300   // longer tables are not estimated
	sparseLastPage   = 1.0 / 3
)

// pagesTall estimates how many pages tall the table prints when fit to
// one page wide, and returns one page less when the last page would hold
// only a few rows (less than a third of a page): the sheet then prints a
// little smaller instead of spilling a couple of rows onto an almost empty
// page. It returns 0 (as many pages as needed) otherwise.
func (b *xlBook) pagesTall(t *xlTable, widths []float64, head int) int {
	if len(t.rows) > maxEstimateRows {
		return 0
	}
	pageW, pageH := a4Long-marginSides, a4Short-marginTopBottom
	if t.portrait {
		pageW, pageH = a4Short-marginSides, a4Long-marginTopBottom
	}
	tableW := 0.0
	for _, w := range widths {
		tableW += (w*7 + 5) * 0.75 // characters → pixels → points
	}
	scale := min(1, pageW/tableW)
	room := pageH / scale // sheet points per page
	var heights []float64
	if t.title != "" {
		heights = append(heights, 30)
	}
	heights = append(heights, 22)
	repeat := 0.0
	for _, h := range heights[:head] {
		repeat += h
	}
	for _, r := range t.rows {
		h := b.rowHeight(r, widths, nil)
		if h == 0 {
			h = defaultRowHeight
		}
		heights = append(heights, h)
	}
	if len(t.tail) > 0 {
		heights = append(heights, defaultRowHeight)
		for _, tr := range t.tail {
			heights = append(heights, max(b.rowHeight(tr.cells, widths, tr.span), defaultRowHeight))
		}
	}
	if len(t.footer) > 0 {
		heights = append(heights, defaultRowHeight)
		for range t.footer {
			heights = append(heights, 24)
		}
	}
	pages, used := 1, 0.0
	for i, h := range heights {
		if used+h > room && i >= head {
			pages++
			used = repeat
		}
		used += h
	}
	if pages > 1 && pages <= 5 && used-repeat < (room-repeat)*sparseLastPage {
		return pages - 1
	}
	return 0
}

// hfText escapes text for a page header or footer, where & starts a code.
func hfText(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// maxCellChars is Excel's limit on the text of one cell (UTF-16 units).
const maxCellChars = excelize.TotalCellChars

// cellText keeps a text within Excel's limit: a longer text is cut and
// ends with a note saying how much is not shown (the CSV and the inputs
// keep the whole text).
func cellText(s string) string {
	if len(s) <= maxCellChars || utf16Len(s) <= maxCellChars {
		return s
	}
	total := utf8.RuneCountInString(s)
	note := func(rest int) string {
		return fmt.Sprintf("……（全文 %d 字，超出 Excel 单元格 %d 字的上限，以下 %d 字未显示）", total, maxCellChars, rest)
	}
	room := maxCellChars - utf16Len(note(total))
	n, kept := 0, 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if n+w > room {
			return s[:i] + note(total-kept)
		}
		n += w
		kept++
	}
	return s
}

// utf16Len is the length of s in UTF-16 units, as Excel counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// Cell constructors.

func (b *xlBook) str(s string) excelize.Cell {
	return excelize.Cell{StyleID: b.st.text, Value: cellText(s)}
}
func (b *xlBook) mid(s string) excelize.Cell {
	return excelize.Cell{StyleID: b.st.mid, Value: cellText(s)}
}
func (b *xlBook) wrapped(s string) excelize.Cell {
	return excelize.Cell{StyleID: b.st.wrap, Value: cellText(s)}
}
func (b *xlBook) idCell(s string) excelize.Cell { return excelize.Cell{StyleID: b.st.id, Value: s} }
func (b *xlBook) num(n int) excelize.Cell       { return excelize.Cell{StyleID: b.st.integer, Value: n} }
func (b *xlBook) score(d decimal.Decimal) excelize.Cell {
	return excelize.Cell{StyleID: b.st.score, Value: decFloat(d)}
}

// avg is an average, shown with two decimals.
func (b *xlBook) avg(d decimal.Decimal) excelize.Cell {
	return excelize.Cell{StyleID: b.st.avg, Value: decFloat(d)}
}

func (b *xlBook) nullAvg(d decimal.NullDecimal) excelize.Cell {
	if !d.Valid {
		return excelize.Cell{StyleID: b.st.avg}
	}
	return b.avg(d.Decimal)
}
func (b *xlBook) money(d decimal.Decimal) excelize.Cell {
	return excelize.Cell{StyleID: b.st.money, Value: decFloat(d)}
}
func (b *xlBook) date(t time.Time) excelize.Cell {
	if t.IsZero() {
		return excelize.Cell{StyleID: b.st.date}
	}
	return excelize.Cell{StyleID: b.st.date, Value: t}
}

// decFloat converts a decimal for a numeric cell; excelize writes floats
// in their shortest form, so a decimal of up to 15 digits is kept exactly.
func decFloat(d decimal.Decimal) float64 {
	f, _ := d.Float64()
	return f
}

// yesNo is 是 or 否.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// sortedZip is an excelize ZipWriter that writes the package parts in a
// fixed order ([Content_Types].xml first, then by name) with no time
// stamps, so that the same workbook always gives the same bytes (excelize
// writes streamed sheets in map order).
type sortedZip struct {
	w     io.Writer
	names []string
	parts map[string]*bytes.Buffer
	// barColors colours the bars of the first series of a chart part,
	// one colour per point (excelize colours points of pie charts only).
	barColors map[string][]string
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if z.parts == nil {
		z.parts = map[string]*bytes.Buffer{}
	}
	if _, dup := z.parts[name]; dup {
		return nil, fmt.Errorf("内部错误：工作簿部件 %s 重复", name)
	}
	buf := new(bytes.Buffer)
	z.parts[name] = buf
	z.names = append(z.names, name)
	return buf, nil
}

func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("内部错误：不支持向工作簿添加文件系统")
}

func (z *sortedZip) Close() error {
	sort.Slice(z.names, func(i, j int) bool {
		a, b := z.names[i], z.names[j]
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	if ct, ok := z.parts["[Content_Types].xml"]; ok {
		sorted := sortDefaults(ct.Bytes())
		ct.Reset()
		ct.Write(sorted)
	}
	for _, name := range z.names {
		if strings.HasPrefix(name, "xl/worksheets/sheet") && strings.HasSuffix(name, ".xml") {
			fixFilter(z.parts[name])
			fixDimension(z.parts[name])
		}
	}
	for name, colors := range z.barColors {
		if part, ok := z.parts[name]; ok {
			colorBars(part, colors)
		}
	}
	if st, ok := z.parts["xl/styles.xml"]; ok {
		fixFonts(st)
	}
	zw := zip.NewWriter(z.w)
	for _, name := range z.names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := z.parts[name].WriteTo(w); err != nil {
			return err
		}
	}
	return zw.Close()
}

// fixDimension replaces the dimension "A1" that excelize keeps for a sheet
// written cell by cell with the range its cells really cover, for readers
// that trust it (openpyxl in read-only mode, import tools).
func fixDimension(buf *bytes.Buffer) {
	b := buf.Bytes()
	const a1 = `<dimension ref="A1"`
	i := bytes.Index(b, []byte(a1))
	if i < 0 {
		return
	}
	maxCol, maxRow := 1, 1
	rest := b
	const open = `<c r="`
	for {
		k := bytes.Index(rest, []byte(open))
		if k < 0 {
			break
		}
		rest = rest[k+len(open):]
		end := bytes.IndexByte(rest, '"')
		if end < 0 {
			break
		}
		if col, row, err := excelize.CellNameToCoordinates(string(rest[:end])); err == nil {
			maxCol, maxRow = max(maxCol, col), max(maxRow, row)
		}
		rest = rest[end:]
	}
	if maxCol == 1 && maxRow == 1 {
		return
	}
	last, _ := excelize.CoordinatesToCellName(maxCol, maxRow)
	ref := `<dimension ref="A1:` + last + `"`
	out := make([]byte, 0, len(b)+len(ref))
	out = append(out, b[:i]...)
	out = append(out, ref...)
	out = append(out, b[i+len(a1):]...)
	buf.Reset()
	buf.Write(out)
}

// fixFonts names every font of a styles part 等线 (excelize leaves the
// fonts of styles without a family nameless, and the default Calibri has
// no Chinese) and declares its character set GB2312, so that a program
// that lacks 等线 picks a Chinese sans-serif font in its place.
func fixFonts(buf *bytes.Buffer) {
	b := buf.Bytes()
	i := bytes.Index(b, []byte("<fonts"))
	j := bytes.Index(b, []byte("</fonts>"))
	if i < 0 || j < i {
		return
	}
	fonts := reFont.ReplaceAllFunc(b[i:j], func(ft []byte) []byte {
		ft = reFontName.ReplaceAll(ft, nil)
		ft = reFontCharset.ReplaceAll(ft, nil)
		end := len(ft) - len("</font>")
		return append(append(ft[:end:end], `<name val="`+fontName+`"></name><charset val="134"></charset>`...), "</font>"...)
	})
	out := make([]byte, 0, len(b)+len(fonts))
	out = append(out, b[:i]...)
	out = append(out, fonts...)
	out = append(out, b[j:]...)
	buf.Reset()
	buf.Write(out)
}

var (
	reFont        = regexp.MustCompile(`<font>.*?</font>`)
	reFontName    = regexp.MustCompile(`<name val="[^"]*"\s*(?:/>|></name>)`)
	reFontCharset = regexp.MustCompile(`<charset val="[^"]*"\s*(?:/>|></charset>)`)
)

// colorBars gives the points of the first series of a bar chart part
// their own fill colours.
func colorBars(buf *bytes.Buffer, colors []string) {
	b := buf.Bytes()
	const after = `<invertIfNegative val="0"></invertIfNegative>`
	i := bytes.Index(b, []byte(after))
	if i < 0 {
		return
	}
	i += len(after)
	var pts strings.Builder
	for k, c := range colors {
		fmt.Fprintf(&pts, `<dPt><idx val="%d"></idx><invertIfNegative val="0"></invertIfNegative><bubble3D val="0"></bubble3D><spPr><a:solidFill><a:srgbClr val="%s"></a:srgbClr></a:solidFill></spPr></dPt>`, k, c)
	}
	out := make([]byte, 0, len(b)+pts.Len())
	out = append(out, b[:i]...)
	out = append(out, pts.String()...)
	out = append(out, b[i:]...)
	out = bytes.Replace(out, []byte(`<varyColors val="1"></varyColors>`), []byte(`<varyColors val="0"></varyColors>`), 1)
	buf.Reset()
	buf.Write(out)
}

// sortDefaults sorts the <Default> elements of [Content_Types].xml, which
// excelize writes in map order once a drawing is added.
func sortDefaults(ct []byte) []byte {
	const open, end = "<Default ", "</Default>"
	i := bytes.Index(ct, []byte(open))
	j := bytes.LastIndex(ct, []byte(end))
	if i < 0 || j < i {
		return ct
	}
	j += len(end)
	var elems []string
	for _, e := range strings.SplitAfter(string(ct[i:j]), end) {
		if e == "" {
			continue
		}
		if !strings.HasPrefix(e, open) {
			return ct // something else between the defaults: leave as is
		}
		elems = append(elems, e)
	}
	sort.Strings(elems)
	out := append([]byte(nil), ct[:i]...)
	out = append(out, strings.Join(elems, "")...)
	return append(out, ct[j:]...)
}

// fixFilter rewrites excelize's autofilter markup in a worksheet part to
// what Excel writes itself: a relative range (A2:W8, not $A$2:$W$8) and no
// filterMode flag, which says that rows are filtered out when none are.
func fixFilter(buf *bytes.Buffer) {
	b := buf.Bytes()
	const open = `<autoFilter ref="`
	i := bytes.Index(b, []byte(open))
	if i < 0 {
		return
	}
	i += len(open)
	j := bytes.IndexByte(b[i:], '"')
	if j < 0 {
		return
	}
	ref := bytes.ReplaceAll(b[i:i+j], []byte("$"), nil)
	out := make([]byte, 0, len(b))
	out = append(out, b[:i]...)
	out = append(out, ref...)
	out = append(out, b[i+j:]...)
	head := out
	if sd := bytes.Index(out, []byte("<sheetData")); sd >= 0 {
		head = out[:sd]
	}
	if k := bytes.Index(head, []byte("<sheetPr ")); k >= 0 {
		end := k + bytes.IndexByte(out[k:], '>')
		if end > k {
			pr := bytes.Replace(out[k:end], []byte(` filterMode="true"`), nil, 1)
			out = append(out[:k:k], append(pr, out[end:]...)...)
		}
	}
	buf.Reset()
	buf.Write(out)
}
