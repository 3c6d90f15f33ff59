package sheets

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

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
		for {
			i := strings.IndexByte(x, '\n')
			if i < 0 {
				return max(w, textWidth(x))
			}
			w = max(w, textWidth(x[:i]))
			x = x[i+1:]
		}
	case float64:
		n := fixed2Len(x)
		if n > 6 {
			return n + (n-4)/3 // thousands separators
		}
		return n
	case time.Time:
		return 10
	case int:
		var buf [24]byte
		return len(strconv.AppendInt(buf[:0], int64(x), 10))
	default:
		return len(fmt.Sprint(x))
	}
}

// fixed2Len is the length of x shown with two decimals, as
// decimal.NewFromFloat(x).StringFixed(2) gives it: without the decimal
// package when x has at most two decimals in its shortest form.
func fixed2Len(x float64) int {
	if x == 0 {
		return len("0.00")
	}
	if math.Abs(x) < 1e15 {
		var buf [32]byte
		s := strconv.AppendFloat(buf[:0], x, 'f', -1, 64)
		dot := bytes.IndexByte(s, '.')
		if dot < 0 {
			return len(s) + 3
		}
		if len(s)-dot-1 <= 2 {
			return dot + 3
		}
	}
	return len(decimal.NewFromFloat(x).StringFixed(2))
}

// lineCount is the number of lines text s takes in a column of room
// characters, each of its lines at least one.
func lineCount(s string, room int) int {
	n := 0
	for {
		i := strings.IndexByte(s, '\n')
		part := s
		if i >= 0 {
			part = s[:i]
		}
		n += max(1, (textWidth(part)+room-1)/room)
		if i < 0 {
			return n
		}
		s = s[i+1:]
	}
}

// hanLow is the lowest code point of the Han script.
var hanLow = rune(unicode.Han.R16[0].Lo)

// textWidth counts East Asian wide characters as 2 columns.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			w++
		case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs, all Han
			w += 2
		case r >= hanLow && unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x30FF) || (r >= 0xFF00 && r <= 0xFF60) || (r >= 0xFFE0 && r <= 0xFFE6):
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
		limit := 60
		if t.wrapCol[i] {
			limit = 40
			if t.wrapMax > 0 {
				limit = t.wrapMax
			}
		}
		w := textWidth(h)
		for _, r := range t.rows {
			if w >= limit {
				break // wide enough: the rest cannot change the width
			}
			if i < len(r) {
				// A text is never wider than its bytes (a double-width
				// character takes three).
				if s, ok := r[i].Value.(string); ok && len(s) <= w {
					continue
				}
				w = max(w, cellWidth(r[i].Value))
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
			lines = max(lines, lineCount(s, room))
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
	if t.beforeFlush != nil {
		// A chart is placed by the widths of the columns it covers,
		// which it reads from the worksheet.
		for i, w := range widths {
			if err := sw.SetColWidth(i+1, i+1, w); err != nil {
				return err
			}
		}
	} else if err := b.zip.setCols(b.part, widths); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: head, TopLeftCell: fmt.Sprintf("A%d", head+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	// walk goes through the rows of the sheet in order, each with its
	// number: once now, to merge the cells with a span and to find the
	// extent of the cells, and again when the part is deflated, to write
	// the rows' XML (rowHeights is set then), so that a big sheet's XML
	// is never held whole and is written on the core that deflates it.
	walk := func(emit func(n int, cells []excelize.Cell, span []int, height float64) error, rowHeights bool) error {
		row := 1
		put := func(cells []excelize.Cell, span []int, height float64) error {
			if err := emit(row, cells, span, height); err != nil {
				return err
			}
			row++
			return nil
		}
		height := func(cells []excelize.Cell, span []int) float64 {
			if !rowHeights {
				return 0
			}
			return b.rowHeight(cells, widths, span)
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
		for _, r := range t.rows {
			if err := put(r[:min(len(r), ncol)], nil, height(r, nil)); err != nil {
				return err
			}
		}
		if len(t.tail) > 0 {
			row++
			for _, tr := range t.tail {
				if err := put(tr.cells, tr.span, height(tr.cells, tr.span)); err != nil {
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
		return nil
	}
	x := &rowXML{}
	if err := walk(func(n int, cells []excelize.Cell, span []int, _ float64) error {
		return x.merge(sw, n, len(cells), span)
	}, false); err != nil {
		return err
	}
	b.zip.setRowsFunc(b.part, func(w io.Writer) error {
		x := &rowXML{out: w}
		if err := walk(x.writeRow, true); err != nil {
			return err
		}
		return x.finish()
	})
	if t.beforeFlush != nil {
		if err := t.beforeFlush(); err != nil {
			return err
		}
	}
	return sw.Flush()
}
