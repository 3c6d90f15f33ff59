package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// read parses the next <row>: its cells and number.
func (r *Rows) read() ([]string, int, bool, error) {
	x := r.x
	var cells []string
	num := 0
	inRow := false
	// the current cell
	// (v, is and ref are buffers of r kept from cell to cell and row to
	// row: no allocation for them in the hot path)
	var (
		inCell, hasF, hasV, sawV, inV, inIS, inT bool
		phonetic, col, nCells                    int
		ctype                                    string
	)
	v, is, ref := r.vbuf[:0], r.isbuf[:0], r.refbuf[:0]
	defer func() { r.vbuf, r.isbuf, r.refbuf = v, is, ref }()
	// openCell starts a cell at its tag <c>: its type and reference.
	openCell := func(typ []byte, hasT bool, rf []byte, hasRef, empty bool) error {
		col++
		if nCells++; nCells > MaxRowCells {
			return fmt.Errorf("第%d行的单元格超过 Excel 的上限 %d 个，文件已损坏或是恶意构造的", num, MaxRowCells)
		}
		ctype, ref = "", ref[:0]
		if hasT {
			ctype = cellType(typ)
		}
		if hasRef {
			ref = append(ref, rf...)
			if c, ok := colOfRef(rf); ok {
				col = c
			}
		}
		hasF, hasV, sawV, inV, inIS, inT, phonetic = false, false, false, false, false, false, 0
		v, is = v[:0], is[:0]
		inCell = !empty
		return nil
	}
	// closeCell ends a cell at its tag </c>.
	closeCell := func() {
		// An empty <v></v> is a cached empty string only in a cell of
		// type str (as scanSheetXML decides).
		hasV = hasV || sawV && (ctype == "str" || len(bytes.TrimSpace(v)) > 0)
		cells = r.endCell(cells, col, num, ref, ctype, hasF, hasV, v, inIS, is)
		r.width = max(r.width, len(cells))
	}
	for {
		if fastCells && r.inData && !inCell && x.pos < x.end && x.buf[x.pos] == '<' {
			// a row's tags <row r="7"> and </row> as writers write them,
			// also straight from the window (what the tags do below)
			w := x.buf[x.pos:x.end]
			if inRow && hasPrefix(w, fcEndRow) {
				x.pos += len(fcEndRow)
				return cells, num, true, nil
			}
			if !inRow {
				if n, size, ok := parseRowTag(w); ok {
					x.pos += size
					num = r.lastNum + 1
					if n > 0 {
						num = n
					}
					r.lastNum = num
					inRow = true
					col, nCells = 0, 0
					continue
				}
			}
		}
		if inRow && !inCell && fastCells && x.pos < x.end && x.buf[x.pos] == '<' {
			if fc, ok := parseFastCell(x.buf[x.pos:x.end]); ok {
				// the state the tags of the cell would leave, one by one
				x.pos += fc.n
				if err := openCell(fc.typ, fc.hasT, fc.ref, fc.hasRef, fc.empty); err != nil {
					return nil, 0, false, err
				}
				if fc.empty {
					continue
				}
				switch fc.kind {
				case 'i':
					hasV, inIS = true, true
					is = append(is, fc.text...)
				case 'v':
					sawV = true
					v = append(v, fc.text...)
				}
				closeCell()
				inCell = false
				continue
			}
		}
		x.skipText = !inV && (!inT || phonetic != 0)
		err := x.next()
		if inV {
			v = append(v, x.text...)
		}
		if inT && phonetic == 0 {
			is = append(is, x.text...)
		}
		if len(v)+len(is) > MaxTextBytes {
			return nil, 0, false, ErrTooLong // a value of many pieces
		}
		if err == io.EOF {
			if inRow {
				return cells, num, true, nil
			}
			return nil, 0, false, nil
		}
		if err != nil {
			return nil, 0, false, err
		}
		if len(x.tag) == 0 || x.tag[0] == '?' || x.tag[0] == '!' {
			continue
		}
		name, closing, empty := tagName(x.tag)
		if !r.inData {
			if string(name) == "sheetData" && !closing {
				if empty {
					return nil, 0, false, nil
				}
				r.inData = true
			}
			continue
		}
		switch string(name) {
		case "sheetData":
			r.inData = false
			if inRow {
				return cells, num, true, nil
			}
			return nil, 0, false, nil
		case "row":
			if closing {
				return cells, num, true, nil
			}
			num = r.lastNum + 1
			if a, ok := tagAttr(x.tag, "r"); ok {
				if n, ok := smallUint(a); ok {
					if n > 0 {
						num = n
					}
				} else if n, err := strconv.Atoi(string(a)); err == nil && n > 0 {
					num = n
				}
			}
			r.lastNum = num
			if empty {
				return nil, num, true, nil
			}
			inRow = true
			col, nCells = 0, 0
		case "c":
			if closing {
				if inCell {
					closeCell()
				}
				inCell = false
				continue
			}
			typ, hasT := tagAttr(x.tag, "t")
			rf, hasRef := tagAttr(x.tag, "r")
			if err := openCell(typ, hasT, rf, hasRef, empty); err != nil {
				return nil, 0, false, err
			}
		case "f":
			if !closing {
				hasF = true
			}
		case "v":
			if !closing {
				sawV = true
				inV = !empty
			} else {
				inV = false
			}
		case "is":
			if !closing {
				hasV = true
				inIS = true
			}
		case "t":
			inT = inIS && !closing && !empty
		case "rPh":
			phonetic = rubyDepth(phonetic, empty, closing)
		}
	}
}

// MaxRowCells is Excel's limit on the cells of a row (its columns): more
// <c> elements in one row is a damaged or hostile part, whose reading
// would otherwise take long before the row ends.
const MaxRowCells = 1 << 14

// MaxReadCols is the number of columns read of a worksheet.
const MaxReadCols = 1024

// endCell adds a finished cell to the row as excelize would: a value, or
// an empty value for a formula cell; nothing for an empty cell. A cell is
// placed by its reference, whatever the order of the cells.
func (r *Rows) endCell(cells []string, col, num int, ref []byte, ctype string, hasF, hasV bool, v []byte, inIS bool, is []byte) []string {
	at := func() string {
		if len(ref) == 0 {
			return CellName(col-1, num)
		}
		return strings.ToUpper(string(ref))
	}
	var val string
	switch ctype {
	case "s":
		if i, ok := smallUint(v); ok && r.sstFound && i < r.sst.len() {
			val = r.sst.at(i) // the common case, without allocating
		} else if s := strings.TrimSpace(string(v)); s != "" {
			i, err := strconv.Atoi(s)
			switch {
			case !r.sstFound:
				if !r.sstMissed {
					r.sstMissed = true
					r.issue(at(), "工作簿缺少共享字符串表（sharedStrings.xml），此单元格和本表其他文本单元格无法读取",
						"文件不完整或已损坏；请用 Excel 打开修复后另存为 .xlsx")
				}
			case err != nil || i < 0 || i >= r.sst.len():
				r.issue(at(), fmt.Sprintf("单元格引用的共享字符串（第 %s 项）不存在，无法读取此单元格", clipLine(s)),
					"文件已损坏；请用 Excel 打开修复后另存为 .xlsx")
			default:
				val = r.sst.at(i)
			}
		}
	case "inlineStr":
		if inIS {
			val = bstrDecode(r.text(is, col))
		} else {
			val = r.text(v, col)
		}
	case "d":
		val = xmlText(v)
		if serial, ok := isoSerial(strings.TrimSpace(val), r.date1904); ok {
			val = serial
		}
	default:
		val = r.text(v, col)
	}
	if val == "" && !hasF {
		return cells
	}
	if hasF && !hasV && col <= MaxReadCols {
		switch {
		case r.nForms < MaxFormulaCells:
			r.newForms = append(r.newForms, at())
		case r.nForms == MaxFormulaCells:
			r.issues1(Issue{Cell: at(), Warn: true,
				Msg:  fmt.Sprintf("本表没有保存计算结果的公式超过 %d 个，从此单元格起不再逐个标出（这些单元格读作空白）", MaxFormulaCells),
				Hint: "请在 Excel 中打开并保存此文件，让公式的结果保存下来"})
		}
		r.nForms++
	}
	if col > MaxReadCols {
		// No input kind has this many columns; padding every row out to a
		// stray cell in column XFD would cost 16,384 cells a row.
		if r.beyond == "" {
			r.beyond = at()
		}
		return cells
	}
	if cells == nil {
		cells = make([]string, 0, max(r.width, col))
	}
	for len(cells) < col {
		cells = append(cells, "")
	}
	if val != "" || cells[col-1] == "" {
		cells[col-1] = val
	}
	return cells
}

// isoSerial converts an ISO 8601 date-time of a t="d" cell
// ("2014-02-14T08:27:48.765Z", "2014-02-14", "08:27:48") to the serial Excel
// stores for it; the zone, if any, is ignored, as Excel shows the time
// written.
func isoSerial(s string, date1904 bool) (string, bool) {
	datePart, timePart, hasT := strings.Cut(s, "T")
	if !hasT && strings.Contains(s, ":") {
		datePart, timePart = "", s
	}
	days := 0.0
	if datePart != "" {
		t, err := time.Parse("2006-01-02", datePart)
		if err != nil {
			return "", false
		}
		base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		if date1904 {
			base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		if !date1904 && t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) {
			base = base.AddDate(0, 0, 1) // Excel's nonexistent 1900-02-29
		}
		days = math.Round(t.Sub(base).Hours() / 24)
		if days < 0 {
			return "", false
		}
	}
	if timePart != "" {
		if i := strings.IndexAny(timePart, "Z+-"); i >= 0 {
			timePart = timePart[:i]
		}
		timePart = strings.ReplaceAll(timePart, ",", ".")
		t, err := time.Parse("15:04:05.999999999", timePart)
		if err != nil {
			if t, err = time.Parse("15:04", timePart); err != nil {
				return "", false
			}
		}
		secs := float64(t.Hour()*3600+t.Minute()*60+t.Second()) + float64(t.Nanosecond())/1e9
		days += secs / 86400
	}
	return strconv.FormatFloat(days, 'f', -1, 64), true
}

// colOfRef returns the 1-based column of a cell reference ("AB12" → 28).
func colOfRef(ref []byte) (int, bool) {
	c := 0
	i := 0
	for ; i < len(ref); i++ {
		b := ref[i]
		switch {
		case b >= 'A' && b <= 'Z':
			c = c*26 + int(b-'A') + 1
		case b >= 'a' && b <= 'z':
			c = c*26 + int(b-'a') + 1
		default:
			return c, i > 0 && c <= 1<<14
		}
	}
	return c, i > 0 && c <= 1<<14
}

// MergeRanges returns the merged ranges of a worksheet part by a plain byte
// search (they follow the sheet's data, which is not parsed here).
func MergeRanges(zr *zip.Reader, part string) ([]Range, error) {
	rc, err := openPart(zr, part, UnzipSizeLimit)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var merges []Range
	pat := []byte("mergeCell ")
	buf := make([]byte, bufSize(partSize(zr, part), 256<<10)) // more than the 512 bytes carried over
	keep := 0                                                 // bytes carried over from the previous chunk
	for {
		n, err := io.ReadFull(rc, buf[keep:])
		data := buf[:keep+n]
		last := 0
		for {
			i := bytes.Index(data[last:], pat)
			if i < 0 {
				break
			}
			start := last + i
			end := bytes.IndexByte(data[start:], '>')
			if end < 0 {
				break
			}
			tag := data[start : start+end]
			if ref, ok := tagAttr(tag, "ref"); ok {
				if m, ok := parseRange(string(ref)); ok {
					merges = append(merges, m)
				}
			}
			last = start + end
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return merges, nil
		}
		if err != nil {
			return merges, err
		}
		// carry the tail that may hold a tag cut by the chunk's end
		tail := max(last, len(data)-512)
		keep = copy(buf, data[tail:])
	}
}

// Range is a merged range, 0-based inclusive.
type Range struct{ R1, C1, R2, C2 int }

// parseRange parses "A1:C2" into a 0-based range.
func parseRange(ref string) (Range, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		b = a
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return Range{}, false
	}
	return Range{min(r1, r2) - 1, min(c1, c2) - 1, max(r1, r2) - 1, max(c1, c2) - 1}, true
}

// AppendCellName appends CellName(col0, row) to b, without allocating in
// the common case.
func AppendCellName(b []byte, col0, row int) []byte {
	if col0 >= 0 && col0 < 26*27 && row > 0 {
		// the common case without excelize's checks and formatting
		if col0 >= 26 {
			b = append(b, byte('A'+col0/26-1))
		}
		b = append(b, byte('A'+col0%26))
		return strconv.AppendInt(b, int64(row), 10)
	}
	name, err := excelize.CoordinatesToCellName(col0+1, row)
	if err != nil {
		return fmt.Appendf(b, "R%dC%d", row, col0+1)
	}
	return append(b, name...)
}

// CellName returns the name of a cell from its 0-based column and 1-based
// row ("B7"; "R7C20000" out of Excel's range).
func CellName(col0, row int) string {
	var b [16]byte
	return string(AppendCellName(b[:0], col0, row))
}

// clipLine cuts a text quoted in a message to 40 characters.
func clipLine(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// smallUint reads b as a decimal number of 1 to 9 ASCII digits (as
// strconv.Atoi would read it); ok is false for anything else.
func smallUint(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// cellType returns a cell's t attribute as a string, without allocating
// for the types Excel writes.
func cellType(a []byte) string {
	switch string(a) {
	case "s":
		return "s"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "n":
		return "n"
	case "b":
		return "b"
	case "e":
		return "e"
	case "d":
		return "d"
	}
	return string(a)
}

// Short values (dates, times, statuses, names, small numbers) repeat all
// over a sheet: the first of each is kept and shared by the later ones, up
// to maxInterned values of at most maxInternLen bytes a sheet, so that a
// cell does not cost an allocation of its own.
const (
	maxInternLen = 48
	maxInterned  = 1 << 16
)

// internHint is the room Rows.intern's table starts with for a part of
// size bytes: about a distinct short value per 192 bytes (the inputs of a
// 10,000-agent month have one per 120 to 520), from 1,024 to maxInterned,
// so that a large sheet's table is not grown (and rehashed) step by step.
func internHint(size int64) int {
	return int(min(max(size/192, 1024), maxInterned))
}

// maxLastCols is the number of columns whose last short value is kept
// (Rows.lastText).
const maxLastCols = 64

// text decodes character data as xmlText does, sharing short values. A
// column often repeats its value from row to row (an agent's 工号 and name
// over a month of days, a shift, a status): the value of the column's
// previous cell is tried before the table.
func (r *Rows) text(b []byte, col int) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > maxInternLen || bytes.IndexByte(b, '&') >= 0 || bytes.IndexByte(b, '\r') >= 0 {
		return xmlText(b)
	}
	if col < 1 || col > maxLastCols {
		return r.intern(b)
	}
	if r.lastText == nil {
		r.lastText = make([]string, maxLastCols)
	}
	if last := r.lastText[col-1]; last == string(b) {
		return last
	}
	s := r.intern(b)
	r.lastText[col-1] = s
	return s
}

// intern returns b as a string, shared with earlier equal values.
func (r *Rows) intern(b []byte) string {
	if s, ok := r.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	if r.strs == nil {
		r.strs = make(map[string]string, internHint(r.size))
	}
	if len(r.strs) < maxInterned {
		r.strs[s] = s
	}
	return s
}

// rubyDepth is the nesting of phonetic runs (<rPh>, whose text is not the
// cell's) after a tag of one: opening adds one, closing takes one away, an
// empty one changes nothing.
func rubyDepth(depth int, empty, closing bool) int {
	switch {
	case empty:
		return depth
	case closing:
		return depth - 1
	}
	return depth + 1
}
