package sheets

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// rowXML encodes the rows of one streamed sheet as the XML that excelize's
// StreamWriter.SetRow writes for them, byte for byte, without SetRow's
// allocations per cell (cell names, boxed values, escaped copies). The
// stream writer still writes everything around the rows (columns, panes,
// merges, page setup); the book's zip writer puts these rows between its
// <sheetData> and </sheetData>.
type rowXML struct {
	// done are full chunks of the XML, buf the one being filled: chunks
	// of a fixed size are never copied to grow, nor much larger than
	// what they hold.
	done [][]byte
	buf  []byte
	cols []string // column names by number - 1
	row  int      // the current row number
	// maxCol and maxRow are the extent of the cells written.
	maxCol, maxRow int
	// out, when set, takes the XML as it is written, in pieces of about
	// rowChunk bytes, instead of done; err is its first error.
	out io.Writer
	err error
}

// rowChunk is the size of the chunks of a rowXML; a new chunk starts
// when less than rowRoom is free in the current one.
const rowChunk, rowRoom = 256 << 10, 16 << 10

// chunks are the XML written.
func (x *rowXML) chunks() [][]byte {
	if len(x.buf) == 0 {
		return x.done
	}
	return append(x.done, x.buf)
}

// colName is the name of column n (1-based).
func (x *rowXML) colName(n int) string {
	for len(x.cols) < n {
		name, _ := excelize.ColumnNumberToName(len(x.cols) + 1)
		x.cols = append(x.cols, name)
	}
	return x.cols[n-1]
}

// start opens row n with the given height (none when 0), as
// StreamWriter.SetRow with RowOpts{Height: height}.
func (x *rowXML) start(n int, height float64) error {
	if n <= x.row {
		return fmt.Errorf("内部错误：第 %d 行写在第 %d 行之后", n, x.row)
	}
	if height > excelize.MaxRowHeight {
		return excelize.ErrMaxRowHeight
	}
	x.row = n
	if x.out != nil {
		if len(x.buf) >= rowChunk-rowRoom {
			if err := x.flush(); err != nil {
				return err
			}
		}
		if x.buf == nil {
			if p, ok := rowBufs.Get().(*[]byte); ok {
				x.buf = (*p)[:0]
			} else {
				x.buf = make([]byte, 0, rowChunk)
			}
		}
	} else if cap(x.buf)-len(x.buf) < rowRoom {
		if len(x.buf) > 0 {
			x.done = append(x.done, x.buf)
		}
		// Small sheets keep small chunks: the first is 32 KB.
		x.buf = make([]byte, 0, min(rowChunk, max(32<<10, 2*cap(x.buf))))
	}
	x.buf = append(x.buf, `<row r="`...)
	x.buf = strconv.AppendInt(x.buf, int64(n), 10)
	x.buf = append(x.buf, '"')
	if height > 0 {
		x.buf = append(x.buf, ` ht="`...)
		x.buf = strconv.AppendFloat(x.buf, height, 'f', -1, 64)
		x.buf = append(x.buf, `" customHeight="1"`...)
	}
	x.buf = append(x.buf, '>')
	return nil
}

// flush hands the XML written so far to x.out.
func (x *rowXML) flush() error {
	if x.err == nil && len(x.buf) > 0 {
		_, x.err = x.out.Write(x.buf)
	}
	x.buf = x.buf[:0]
	return x.err
}

// finish hands the rest of the XML to x.out and gives the buffer back
// for the next sheet; x takes no more rows.
func (x *rowXML) finish() error {
	err := x.flush()
	if cap(x.buf) >= rowChunk {
		buf := x.buf[:0]
		rowBufs.Put(&buf)
	}
	x.buf = nil
	return err
}

// rowBufs keeps the buffers of the rowXMLs that write to an io.Writer.
var rowBufs sync.Pool

// putRow writes cells as row n with the given height (none when 0); a
// cell with a span above 1 is followed by empty cells of its style and
// merged with them through sw, as the writers did with SetRow.
func (x *rowXML) putRow(sw *excelize.StreamWriter, n int, cells []excelize.Cell, span []int, height float64) error {
	if err := x.writeRow(n, cells, span, height); err != nil {
		return err
	}
	return x.merge(sw, n, len(cells), span)
}

// writeRow writes row n as putRow does, without merging the spans.
func (x *rowXML) writeRow(n int, cells []excelize.Cell, span []int, height float64) error {
	if err := x.start(n, height); err != nil {
		return err
	}
	col := 1
	for i, c := range cells {
		if err := x.cell(col, c); err != nil {
			return err
		}
		col++
		if i < len(span) && span[i] > 1 {
			for k := 1; k < span[i]; k++ {
				if err := x.cell(col, excelize.Cell{StyleID: c.StyleID}); err != nil {
					return err
				}
				col++
			}
		}
	}
	x.end()
	return nil
}

// merge merges the spans of row n's cells (ncells of them) through sw,
// as putRow does.
func (x *rowXML) merge(sw *excelize.StreamWriter, n, ncells int, span []int) error {
	col := 1
	for i := range ncells {
		col++
		if i < len(span) && span[i] > 1 {
			from := col - 1
			col += span[i] - 1
			row := strconv.Itoa(n)
			if err := sw.MergeCell(x.colName(from)+row, x.colName(col-1)+row); err != nil {
				return err
			}
		}
	}
	return nil
}

// end closes the current row.
func (x *rowXML) end() { x.buf = append(x.buf, `</row>`...) }

// cell writes cell c at column col (1-based) of the current row.
func (x *rowXML) cell(col int, c excelize.Cell) error {
	if c.Formula != "" {
		return fmt.Errorf("内部错误：流式写出的单元格不支持公式")
	}
	x.maxCol, x.maxRow = max(x.maxCol, col), max(x.maxRow, x.row)
	x.buf = append(x.buf, `<c r="`...)
	x.buf = append(x.buf, x.colName(col)...)
	x.buf = strconv.AppendInt(x.buf, int64(x.row), 10)
	x.buf = append(x.buf, '"')
	if c.StyleID > 0 {
		x.buf = append(x.buf, ` s="`...)
		x.buf = strconv.AppendInt(x.buf, int64(c.StyleID), 10)
		x.buf = append(x.buf, '"')
	}
	switch v := c.Value.(type) {
	case nil:
		x.buf = append(x.buf, '>')
	case string:
		x.inlineStr(v)
	case int:
		x.number(strconv.AppendInt(x.numStart(), int64(v), 10))
	case int64:
		x.number(strconv.AppendInt(x.numStart(), v, 10))
	case int32:
		x.number(strconv.AppendInt(x.numStart(), int64(v), 10))
	case uint:
		x.number(strconv.AppendUint(x.numStart(), uint64(v), 10))
	case uint64:
		x.number(strconv.AppendUint(x.numStart(), v, 10))
	case float64:
		x.float(v, 64)
	case float32:
		x.float(float64(v), 32)
	case bool:
		x.buf = append(x.buf, ` t="b"><v>`...)
		if v {
			x.buf = append(x.buf, '1')
		} else {
			x.buf = append(x.buf, '0')
		}
		x.buf = append(x.buf, `</v>`...)
	case time.Time:
		if c.StyleID == 0 {
			return fmt.Errorf("内部错误：日期单元格没有样式")
		}
		_, offset := v.In(v.Location()).Zone()
		v = v.Add(time.Duration(offset) * time.Second)
		if t := excelTime(v); t > 0 {
			x.number(strconv.AppendFloat(x.numStart(), t, 'f', -1, 64))
		} else {
			// excelize writes an early date as its raw RFC 3339 text.
			x.buf = append(x.buf, ` t="inlineStr"><is><t>`...)
			x.buf = v.AppendFormat(x.buf, time.RFC3339Nano)
			x.buf = append(x.buf, `</t></is>`...)
		}
	default:
		return fmt.Errorf("内部错误：流式写出不支持 %T 类型的单元格", v)
	}
	x.buf = append(x.buf, `</c>`...)
	return nil
}

// numStart ends the cell's start tag for a number and returns the buffer
// for its digits.
func (x *rowXML) numStart() []byte { return append(x.buf, `><v>`...) }

func (x *rowXML) number(b []byte) { x.buf = append(b, `</v>`...) }

// float writes a float as excelize does: its shortest form cut to Excel's
// 15 significant digits, NaN and infinities as text.
func (x *rowXML) float(v float64, bits int) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		x.inlineStr(fmt.Sprint(v))
		return
	}
	start := len(x.buf) + len(`><v>`)
	x.buf = strconv.AppendFloat(x.numStart(), v, 'f', -1, bits)
	if math.Abs(v) != math.MaxFloat64 {
		x.buf = append(x.buf[:start], cut15(x.buf[start:])...)
	}
	x.buf = append(x.buf, `</v>`...)
}

// cut15 keeps 15 significant digits of a formatted float (excelize's
// formatCellFloat); it returns str itself when nothing is cut.
func cut15(str []byte) []byte {
	const maxPrec = 15
	dot := -1
	for i, c := range str {
		if c == '.' {
			dot = i
			break
		}
	}
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if dot >= 0 && idx > dot {
			out := str[:idx]
			if len(out) > 0 && out[len(out)-1] == '.' {
				out = out[:len(out)-1]
			}
			return append([]byte(nil), out...)
		}
		if dot < 0 {
			dot = len(str)
		}
		truncated := append([]byte(nil), str[:dot]...)
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return truncated
	}
	return str
}

// inlineStr ends the cell's start tag and writes s as an inline string,
// as excelize's setInlineStr: cut to Excel's limit, space kept when it
// starts or ends with white space, XML-escaped with newlines kept, and
// "_xHHHH_" sequences escaped.
func (x *rowXML) inlineStr(s string) {
	if len(s) > excelize.TotalCellChars && utf16Count(s) > excelize.TotalCellChars {
		s = cutUTF16Units(s, excelize.TotalCellChars)
	}
	x.buf = append(x.buf, ` t="inlineStr"><is><t`...)
	if s != "" {
		first, last := s[0], s[len(s)-1]
		if first == 9 || first == 10 || first == 13 || first == 32 ||
			last == 9 || last == 10 || last == 13 || last == 32 {
			x.buf = append(x.buf, ` xml:space="preserve"`...)
		}
	}
	x.buf = append(x.buf, '>')
	start := len(x.buf)
	x.buf = appendEscaped(x.buf, s)
	if esc := x.buf[start:]; bytes.Contains(esc, []byte("_x")) {
		m := bstrMarshal(string(esc))
		x.buf = append(x.buf[:start], m...)
	}
	x.buf = append(x.buf, `</t></is>`...)
}

// appendEscaped appends s escaped as encoding/xml.EscapeText does, except
// that a newline stays a newline (as excelize puts it back).
func appendEscaped(buf []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\'' && c != '&' && c != '<' && c != '>' {
			i++
			continue
		}
		if n := plainMultibyte(s, i); n > 0 {
			i += n
			continue
		}
		r, width := rune(c), 1
		if c >= utf8.RuneSelf {
			r, width = utf8.DecodeRuneInString(s[i:])
		}
		i += width
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			continue
		case '\r':
			esc = "&#xD;"
		default:
			if !xmlCharOK(r) || (r == utf8.RuneError && width == 1) {
				esc = "\uFFFD"
				break
			}
			continue
		}
		buf = append(buf, s[last:i-width]...)
		buf = append(buf, esc...)
		last = i
	}
	return append(buf, s[last:]...)
}

// plainMultibyte is the length of the UTF-8 sequence starting at s[i]
// when it is one that appendEscaped copies as it is without decoding it:
// a well-formed two-byte sequence (U+0080–U+07FF) or a three-byte one led
// by E1–EC or EE (U+1000–U+CFFF, U+E000–U+EFFF: no surrogate, no U+FFFE
// or U+FFFF), which covers Chinese text; 0 for anything else, which the
// caller decodes.
func plainMultibyte(s string, i int) int {
	c := s[i]
	switch {
	case c >= 0xC2 && c <= 0xDF:
		if i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			return 2
		}
	case c >= 0xE1 && c <= 0xEC || c == 0xEE:
		if i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			return 3
		}
	}
	return 0
}

// xmlCharOK is encoding/xml's isInCharacterRange.
func xmlCharOK(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

func utf16Count(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// cutUTF16Units is excelize's truncateUTF16Units.
func cutUTF16Units(s string, length int) string {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > length {
			return s[:i]
		}
	}
	return s
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal is excelize's bstrMarshal: it escapes the "_xHHHH_" sequences
// of a text, which Excel would read as encoded characters.
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}

var (
	excelEpoch     = time.Date(1899, time.December, 31, 0, 0, 0, 0, time.UTC)
	excelLeapStart = time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
)

// excelTime is excelize's timeToExcelTime for the 1900 date system.
func excelTime(t time.Time) float64 {
	const day = 24 * time.Hour
	const maxDuration = 290 * 364 * day
	if t.Before(excelEpoch) {
		return 0
	}
	tt, diff, result := t, t.Sub(excelEpoch), 0.0
	for diff >= maxDuration {
		result += float64(maxDuration / day)
		tt = tt.Add(-maxDuration)
		diff = tt.Sub(excelEpoch)
	}
	rem := diff % day
	result += float64(diff-rem)/float64(day) + float64(rem)/float64(day)
	if t.After(excelLeapStart) {
		result++
	}
	return result
}
