package sheets

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// A fast reader of worksheet parts. encoding/xml (and excelize's Rows on top
// of it) spends most of a large month's run tokenising; a worksheet is a
// flat, regular document, so a byte scanner reads it several times faster
// with the same results: raw values as excelize's Rows.Columns returns them
// with RawCellValue, one row per row number (gaps give empty rows).

// xmlScan reads a document as alternating text and tags, from a window
// over the reader: text and tags are slices of the window where possible.
type xmlScan struct {
	r        io.Reader
	buf      []byte // the window
	pos, end int    // unread bytes are buf[pos:end]
	rerr     error  // the reader's error (io.EOF at the end)
	text     []byte // text before the current tag
	tag      []byte // the tag between < and >, without them
	tbuf     []byte // text that spans a refill
	acc      []byte // a tag that spans a refill
	// skipText is set by the caller when the text before the next tag is
	// not wanted (whitespace between elements): it is then not kept, so
	// that a gigabyte of it costs no memory.
	skipText bool
}

// maxTextBytes bounds a text or tag the scanner keeps: a cell holds at
// most 32,767 characters, so anything near this long is a damaged or
// hostile part, and keeping it would cost memory in proportion.
const maxTextBytes = 16 << 20

// errTooLong is the error of a text or tag longer than maxTextBytes.
var errTooLong = fmt.Errorf("工作表中有超过 %d MB 的文本或标签，文件可能已损坏或是恶意构造的", maxTextBytes>>20)

func newXMLScan(r io.Reader) *xmlScan {
	return &xmlScan{r: r, buf: make([]byte, 128<<10)}
}

// fill moves the unread bytes to the front of the window and reads more;
// it reports whether it read anything.
func (x *xmlScan) fill() bool {
	if x.pos > 0 {
		x.end = copy(x.buf, x.buf[x.pos:x.end])
		x.pos = 0
	}
	for x.rerr == nil && x.end < len(x.buf) {
		n, err := x.r.Read(x.buf[x.end:])
		x.end += n
		if err != nil {
			x.rerr = err
		}
		if n > 0 {
			return true
		}
	}
	return false
}

// keepText copies x.text out of the window before the window moves.
func (x *xmlScan) keepText(copied *bool) {
	if !*copied {
		x.tbuf = append(x.tbuf[:0], x.text...)
		x.text = x.tbuf
		*copied = true
	}
}

// next reads up to and including the next tag. At the end of the document it
// returns io.EOF (with any trailing text in x.text).
func (x *xmlScan) next() error {
	copied := false
	x.text = x.buf[x.pos:x.pos]
	for {
		if i := bytes.IndexByte(x.buf[x.pos:x.end], '<'); i >= 0 {
			if copied {
				x.tbuf = append(x.tbuf, x.buf[x.pos:x.pos+i]...)
				x.text = x.tbuf
			} else {
				x.text = x.buf[x.pos : x.pos+i]
			}
			x.pos += i + 1
			break
		}
		if !copied {
			x.tbuf, copied = x.tbuf[:0], true
		}
		if !x.skipText {
			if len(x.tbuf)+x.end-x.pos > maxTextBytes {
				return errTooLong
			}
			x.tbuf = append(x.tbuf, x.buf[x.pos:x.end]...)
		}
		x.text = x.tbuf
		x.pos = x.end
		if !x.fill() {
			if x.rerr == nil || x.rerr == io.EOF {
				return io.EOF
			}
			return x.rerr
		}
	}
	for {
		if j := bytes.IndexByte(x.buf[x.pos:x.end], '>'); j >= 0 {
			b := x.buf[x.pos : x.pos+j]
			if (len(b) == 0 || b[0] != '!') && !openQuote(b) {
				x.tag = b
				x.pos += j + 1
				return nil
			}
			break
		}
		x.keepText(&copied)
		if x.end-x.pos == len(x.buf) {
			break // a tag longer than the window
		}
		if !x.fill() {
			return x.tagEOF()
		}
	}
	// the slow way: a tag with '>' in a value, a comment or CDATA section,
	// or a tag longer than the window
	// Linear in the tag's length, whatever it holds: each byte is looked
	// at once for quotes (they were recounted at each '>', so a 1 MB
	// attribute of '>' characters was quadratic) and a quoted value is
	// skipped to its closing quote in one search. Comments and CDATA
	// sections end at "-->" and "]]>" only.
	x.keepText(&copied)
	x.acc = x.acc[:0]
	var q byte                       // the quote of the attribute value open, or 0
	scanned := 0                     // bytes of x.acc q accounts for
	special, checked := false, false // a comment or CDATA section
	for {
		stop := byte('>')
		if q != 0 && !special {
			stop = q
		}
		data := x.buf[x.pos:x.end]
		j := bytes.IndexByte(data, stop)
		if len(x.acc)+min(j, 0)+len(data) > maxTextBytes && !special {
			return errTooLong
		}
		if j < 0 {
			x.acc = append(x.acc, data...)
			x.pos = x.end
			if !x.fill() {
				return x.tagEOF()
			}
			continue
		}
		x.acc = append(x.acc, data[:j+1]...)
		x.pos += j + 1
		if !checked { // the prefixes hold no '>': they are read by now
			checked = true
			special = bytes.HasPrefix(x.acc, []byte("!--")) || bytes.HasPrefix(x.acc, []byte("![CDATA["))
		}
		if special {
			if err := x.specialEnd(); err != nil {
				return err
			}
			break
		}
		for scanned < len(x.acc) {
			rest := x.acc[scanned:]
			if q == 0 {
				k := bytes.IndexAny(rest, "\"'")
				if k < 0 {
					scanned = len(x.acc)
					break
				}
				q, scanned = rest[k], scanned+k+1
				continue
			}
			k := bytes.IndexByte(rest, q)
			if k < 0 {
				scanned = len(x.acc)
				break
			}
			q, scanned = 0, scanned+k+1
		}
		if q == 0 && x.acc[len(x.acc)-1] == '>' {
			break
		}
	}
	x.tag = x.acc[:len(x.acc)-1]
	if bytes.HasPrefix(x.tag, []byte("![CDATA[")) {
		x.text = append(x.text, bytes.TrimSuffix(x.tag[8:], []byte("]]"))...)
		x.tbuf = x.text
		x.tag = x.tag[:0]
	}
	return nil
}

// specialEnd reads on to the end of the comment or CDATA section that
// x.acc starts (read up to its first '>'), searching for "-->" or "]]>"
// over each byte once; x.acc ends with the terminator.
func (x *xmlScan) specialEnd() error {
	term, start := []byte("-->"), 3
	if bytes.HasPrefix(x.acc, []byte("![CDATA[")) {
		term, start = []byte("]]>"), 8
	}
	searched := start
	for {
		from := max(start, searched-len(term)+1)
		if k := bytes.Index(x.acc[from:], term); k >= 0 {
			end := from + k + len(term)
			// the bytes after the end came from the current window
			x.pos -= len(x.acc) - end
			x.acc = x.acc[:end]
			return nil
		}
		if term[0] == '-' && len(x.acc) > 64<<10 {
			// a comment's text is never used: keep its start and the
			// bytes a terminator may begin in
			n := copy(x.acc[start:], x.acc[len(x.acc)-len(term)+1:])
			x.acc = x.acc[:start+n]
		} else if len(x.acc) > maxTextBytes {
			return errTooLong
		}
		searched = len(x.acc)
		if x.pos == x.end && !x.fill() {
			return x.tagEOF()
		}
		x.acc = append(x.acc, x.buf[x.pos:x.end]...)
		x.pos = x.end
	}
}

// tagEOF is the error of a document that ends inside a tag.
func (x *xmlScan) tagEOF() error {
	if x.rerr == nil || x.rerr == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return x.rerr
}

// openQuote reports whether a tag read up to a '>' ends inside a quoted
// attribute value (so the '>' belongs to the value).
func openQuote(b []byte) bool {
	if bytes.IndexByte(b, '\'') < 0 {
		return bytes.Count(b, []byte{'"'})%2 != 0
	}
	var q byte
	for _, c := range b {
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case c == q:
			q = 0
		}
	}
	return q != 0
}

// tagName returns the local name of a tag, whether it closes (</x>) and
// whether it is empty (<x/>).
func tagName(tag []byte) (name []byte, closing, empty bool) {
	if len(tag) > 0 && tag[0] == '/' {
		closing = true
		tag = tag[1:]
	}
	empty = len(tag) > 0 && tag[len(tag)-1] == '/'
	end := len(tag)
	for i, c := range tag {
		if c == ' ' || c == '/' || c == '\t' || c == '\n' || c == '\r' {
			end = i
			break
		}
	}
	name = tag[:end]
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return name, closing, empty
}

// tagAttr returns the value of an attribute (local name) of a tag.
func tagAttr(tag []byte, name string) ([]byte, bool) {
	i := 0
	for i < len(tag) && tag[i] != ' ' && tag[i] != '\t' && tag[i] != '\n' && tag[i] != '\r' {
		i++
	}
	for i < len(tag) {
		for i < len(tag) && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r') {
			i++
		}
		start := i
		for i < len(tag) && tag[i] != '=' && tag[i] != ' ' && tag[i] != '/' {
			i++
		}
		key := tag[start:i]
		if k := bytes.IndexByte(key, ':'); k >= 0 {
			key = key[k+1:]
		}
		for i < len(tag) && tag[i] != '"' && tag[i] != '\'' {
			if tag[i] == '/' || tag[i] == '>' {
				return nil, false
			}
			i++
		}
		if i >= len(tag) {
			return nil, false
		}
		q := tag[i]
		i++
		vs := i
		for i < len(tag) && tag[i] != q {
			i++
		}
		if string(key) == name {
			return tag[vs:min(i, len(tag))], true
		}
		i++
	}
	return nil, false
}

// xmlText decodes character data: entities and character references, and
// line ends normalised to \n as XML requires.
func xmlText(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case '\r':
			sb.WriteByte('\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
			continue
		case '&':
			j := bytes.IndexByte(b[i:], ';')
			if j > 1 && j < 12 {
				if r, ok := xmlEntity(b[i+1 : i+j]); ok {
					sb.WriteRune(r)
					i += j
					continue
				}
			}
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

func xmlEntity(e []byte) (rune, bool) {
	switch string(e) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(e) > 1 && e[0] == '#' {
		var n uint64
		var err error
		if e[1] == 'x' || e[1] == 'X' {
			n, err = strconv.ParseUint(string(e[2:]), 16, 32)
		} else {
			n, err = strconv.ParseUint(string(e[1:]), 10, 32)
		}
		if err == nil && utf8.ValidRune(rune(n)) {
			return rune(n), true
		}
	}
	return 0, false
}

// bstrDecode decodes Excel's _xHHHH_ escapes of control characters in
// strings, as excelize does; two escapes that form a UTF-16 surrogate pair
// (_xD801__xDC05_) are one character, as Excel shows it.
func bstrDecode(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if n, ok := bstrAt(s, i); ok {
			r := rune(n)
			i += 6
			if utf16.IsSurrogate(r) {
				if lo, ok := bstrAt(s, i+1); ok && r < 0xDC00 && lo >= 0xDC00 && lo <= 0xDFFF {
					r = utf16.DecodeRune(r, rune(lo))
					i += 7
				} else {
					r = utf8.RuneError
				}
			}
			sb.WriteRune(r)
			continue
		}
		sb.WriteByte(s[i])
	}
	return sb.String()
}

// bstrAt reads an escape _xHHHH_ at s[i:].
func bstrAt(s string, i int) (uint64, bool) {
	if i+6 >= len(s) || s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' {
		return 0, false
	}
	n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
	return n, err == nil
}

// wbSheet is a sheet of a workbook: its name, visibility and part.
type wbSheet struct {
	name   string
	hidden bool
	part   string
}

// pkgRels are the relationships of a package part.
type pkgRels struct {
	Rel []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// relTarget resolves a relationship's target against the folder of the
// part that holds it ("/xl/x.xml" is absolute; backslashes are slashes).
func relTarget(dir, target string) string {
	t := strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(t, "/") {
		return strings.TrimLeft(t, "/")
	}
	return path.Join(dir, t)
}

// workbookInfo reads the sheet list, the date system and the shared strings
// part from the workbook part and its relationships. Transitional and
// Strict Open XML are both read: elements and attributes are matched by
// their local names, relationship types by their last segment.
func workbookInfo(zr *zip.Reader) (sheets []wbSheet, date1904 bool, sstPart string, err error) {
	wbPath := "xl/workbook.xml"
	var rels pkgRels
	if readZipXML(zr, "_rels/.rels", &rels) == nil {
		for _, r := range rels.Rel {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = relTarget("", r.Target)
			}
		}
	}
	var wb struct {
		Pr *struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"id,attr"` // r:id in either namespace
		} `xml:"sheets>sheet"`
	}
	if err := readZipXML(zr, wbPath, &wb); err != nil {
		return nil, false, "", err
	}
	if wb.Pr != nil {
		date1904 = wb.Pr.Date1904 == "1" || strings.EqualFold(wb.Pr.Date1904, "true")
	}
	dir := path.Dir(wbPath)
	rels.Rel = nil
	_ = readZipXML(zr, path.Join(dir, "_rels", path.Base(wbPath)+".rels"), &rels)
	targets := map[string]string{}
	sstPart = path.Join(dir, "sharedStrings.xml")
	for _, r := range rels.Rel {
		t := relTarget(dir, r.Target)
		targets[r.ID] = t
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			sstPart = t
		}
	}
	for _, s := range wb.Sheets {
		sheets = append(sheets, wbSheet{name: s.Name, hidden: s.State == "hidden" || s.State == "veryHidden", part: targets[s.RID]})
	}
	return sheets, date1904, sstPart, nil
}

// partName normalises a zip entry name or part path for comparison:
// backslashes (written by some generators) are slashes, no leading slash.
func partName(s string) string {
	return strings.TrimLeft(strings.ReplaceAll(s, `\`, "/"), "/")
}

// zipFile finds a part of the package (case-insensitive, as Excel does).
func zipFile(zr *zip.Reader, name string) *zip.File {
	name = partName(name)
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	for _, f := range zr.File {
		if strings.EqualFold(partName(f.Name), name) {
			return f
		}
	}
	return nil
}

// partTooBig is the error of a part that inflates beyond its cap.
type partTooBig struct {
	part  string
	limit int64
}

func (e *partTooBig) Error() string {
	return fmt.Sprintf("工作簿的 %s 部分解压后过大（上限 %s），可能已损坏或是恶意构造的文件，未读取", e.part, sizeText(uint64(e.limit)))
}

// capReader fails with partTooBig once more than left bytes come through:
// the cap is checked on the inflated bytes as they stream, whatever size
// the zip directory declares and wherever the part sits.
type capReader struct {
	r     io.Reader
	left  int64
	err   *partTooBig
	limit int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, c.err
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n - 1, c.err
	}
	return n, err
}

// readCloser joins a reader and the closer of what it reads.
type readCloser struct {
	io.Reader
	io.Closer
}

// openPart opens a part for reading with a cap on its inflated size. A
// UTF-16 part (Excel Mobile writes them) is read as UTF-8.
func openPart(zr *zip.Reader, name string, limit int64) (io.ReadCloser, error) {
	zf := zipFile(zr, name)
	if zf == nil {
		return nil, &missingPart{name}
	}
	if zf.UncompressedSize64 > uint64(limit) {
		return nil, &partTooBig{part: zf.Name, limit: limit} // refused before inflating
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(&capReader{r: rc, left: limit, limit: limit, err: &partTooBig{part: zf.Name, limit: limit}}, 64<<10)
	return readCloser{utf16Reader(br), rc}, nil
}

// missingPart is the error of a part the package does not hold.
type missingPart struct{ name string }

func (e *missingPart) Error() string { return "找不到 " + e.name }

// utf16Reader returns a reader of the UTF-8 text of an XML part: the part
// itself, or its UTF-16 text (with or without a byte order mark) decoded.
func utf16Reader(br *bufio.Reader) io.Reader {
	b, _ := br.Peek(4)
	var dec *encoding.Decoder
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		dec = xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
	case len(b) >= 2 && b[0] == '<' && b[1] == 0:
		dec = xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewDecoder()
	case len(b) >= 2 && b[0] == 0 && b[1] == '<':
		dec = xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM).NewDecoder()
	default:
		return br
	}
	return transform.NewReader(br, dec)
}

// sstTable is the shared strings table, held as one text and the end of
// each string in it (a table of millions of empty strings costs 4 bytes
// each, not a string header of 16).
type sstTable struct {
	text string
	ends []uint32
}

// len is the number of strings.
func (t *sstTable) len() int {
	if t == nil {
		return 0
	}
	return len(t.ends)
}

// at returns string i (0 ≤ i < len).
func (t *sstTable) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.text[start:t.ends[i]]
}

// readSST reads the shared strings table. found is false when the package
// has no such part (then every shared-string cell is an error, D21).
func readSST(zr *zip.Reader, part string) (tab *sstTable, found bool, err error) {
	rc, err := openPart(zr, part, unzipXMLSizeLimit)
	var mp *missingPart
	if errors.As(err, &mp) {
		return &sstTable{}, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	defer rc.Close()
	var text strings.Builder
	var ends []uint32
	x := newXMLScan(rc)
	var cur strings.Builder
	inT, phonetic := false, 0
	for {
		x.skipText = !inT || phonetic != 0
		err := x.next()
		if inT && phonetic == 0 {
			cur.WriteString(xmlText(x.text))
		}
		if err == io.EOF {
			return &sstTable{text.String(), ends}, true, nil
		}
		if err != nil {
			return nil, true, err
		}
		name, closing, empty := tagName(x.tag)
		switch string(name) {
		case "si":
			if closing || empty {
				text.WriteString(bstrDecode(cur.String()))
				ends = append(ends, uint32(text.Len()))
			}
			cur.Reset()
		case "t":
			inT = !closing && !empty
		case "rPh":
			switch {
			case empty:
			case closing:
				phonetic--
			default:
				phonetic++
			}
		case "sst":
			if n, ok := tagAttr(x.tag, "uniqueCount"); ok && !closing && ends == nil {
				if c, err := strconv.Atoi(string(n)); err == nil && c > 0 && c < 1<<20 {
					ends = make([]uint32, 0, c)
				}
			}
		}
	}
}

// fastRows iterates over the rows of a worksheet part. A goroutine
// inflates and scans the part ahead of the caller, in batches of rows, so
// that reading and interpreting the rows use both cores; the rows come out
// in order, so results do not change.
//
// Rows are placed by their number, as Excel places them: several <row>
// elements with the same number are one row (their cells merged by
// column). A repeated or decreasing number is still an error at that row
// (D21): an input row must never count twice, or vanish, silently.
type fastRows struct {
	x        *xmlScan
	rc       io.Closer
	size     int64         // inflated size of the part
	scanned  *atomic.Int64 // bytes of it the scanner has consumed
	sst      *sstTable
	sstFound bool // the package has a shared strings part
	date1904 bool
	formulas map[string]bool // formula cells without a value, merged as batches arrive
	issues   []rowIssue      // problems found in the rows taken so far

	// producer side
	lastNum   int        // number of the row scanned last
	inData    bool       // inside <sheetData>
	newForms  []string   // formula cells found since the last batch
	newIssues []rowIssue // problems found since the last batch
	beyond    string     // first cell with a value right of maxReadCols; read it after Close
	sstMissed bool       // a shared-string cell without a table was reported
	nForms    int        // formula cells without a value seen

	// consumer side
	ch       chan rowBatch
	stop     chan struct{}
	wg       sync.WaitGroup
	started  bool
	cur      []rowItem
	curI     int
	err      error
	finished bool
	num      int     // row number of the last row returned
	pending  rowItem // a row read ahead of its number
	hasPend  bool
}

// rowIssue is a problem in a worksheet's data: at a cell ("C7") or a row
// ("第7行"); an error (D21) unless warn.
type rowIssue struct {
	cell, msg, hint string
	warn            bool
}

// maxFormulaCells bounds the formula cells without a cached value recorded
// for one sheet (a small zip of a million <c><f/></c> would otherwise fill
// memory).
const maxFormulaCells = 1 << 18

// issues1 records a problem found by the producer.
func (r *fastRows) issues1(is rowIssue) { r.newIssues = append(r.newIssues, is) }

// rowItem is a scanned row and its number.
type rowItem struct {
	cells []string
	num   int
}

// rowBatch is what the scanning goroutine hands over.
type rowBatch struct {
	rows     []rowItem
	formulas []string
	issues   []rowIssue
	err      error
}

// rowBatchSize is the number of rows a batch holds.
const rowBatchSize = 256

func openFastRows(zr *zip.Reader, part string, sst *sstTable, sstFound, date1904 bool, formulas map[string]bool) (*fastRows, error) {
	zf := zipFile(zr, part)
	if zf == nil {
		return nil, errors.New("找不到工作表 " + part)
	}
	rc, err := openPart(zr, part, unzipSizeLimit)
	if err != nil {
		return nil, err
	}
	cr := &countReader{r: rc, n: new(atomic.Int64)}
	return &fastRows{x: newXMLScan(cr), rc: rc, size: int64(zf.UncompressedSize64), scanned: cr.n,
		sst: sst, sstFound: sstFound, date1904: date1904, formulas: formulas}, nil
}

// countReader counts the bytes read through it (for fastRows.estimate).
type countReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// estimate is the number of rows the sheet will have, from the rows
// returned so far and the share of the part scanned (0 when unknown).
func (r *fastRows) estimate(rows int) int {
	done := r.scanned.Load()
	if done <= 0 || r.size <= 0 || rows <= 0 {
		return 0
	}
	return int(float64(rows) * float64(r.size) / float64(done))
}

// Close stops the scanning goroutine and closes the part.
func (r *fastRows) Close() error {
	if r.started {
		close(r.stop)
		r.wg.Wait()
	}
	return r.rc.Close()
}

// issue records an error found by the producer.
func (r *fastRows) issue(cell, msg, hint string) {
	r.issues1(rowIssue{cell: cell, msg: msg, hint: hint})
}

// produce scans rows into batches until the end, an error or Close. A row
// is held back until the next one is read, so that a repeated <row> of the
// same number is merged into it.
func (r *fastRows) produce() {
	defer r.wg.Done()
	defer close(r.ch)
	var b rowBatch
	sentNum := 0 // the number of the last row sent
	send := func() bool {
		if n := len(b.rows); n > 0 {
			sentNum = b.rows[n-1].num
		}
		b.formulas, r.newForms = r.newForms, nil
		b.issues, r.newIssues = r.newIssues, nil
		select {
		case r.ch <- b:
			b = rowBatch{rows: make([]rowItem, 0, rowBatchSize)}
			return true
		case <-r.stop:
			return false
		}
	}
	defer func() {
		if p := recover(); p != nil {
			b.err = Recovered("读取工作表时发生内部错误", p)
			send()
		}
	}()
	b.rows = make([]rowItem, 0, rowBatchSize)
	var held rowItem
	hasHeld, repeats := false, 0
	emit := func() {
		if repeats > 0 {
			r.issue(fmt.Sprintf("第%d行", held.num), fmt.Sprintf("行号 %d 在工作表数据中出现了 %d 次（行号重复），已按列合并为一行", held.num, repeats+1), rowOrderHint)
		}
		b.rows = append(b.rows, held)
	}
	for {
		cells, num, ok, err := r.read()
		if err != nil || !ok {
			if hasHeld {
				emit()
			}
			b.err = err
			send()
			return
		}
		switch {
		case hasHeld && num == held.num:
			held.cells = mergeCells(held.cells, cells)
			repeats++
			continue
		case hasHeld && num < held.num:
			// placed by its number while that row is not handed over yet
			at := fmt.Sprintf("第%d行", num)
			i := sort.Search(len(b.rows), func(i int) bool { return b.rows[i].num >= num })
			switch {
			case i < len(b.rows) && b.rows[i].num == num:
				b.rows[i].cells = mergeCells(b.rows[i].cells, cells)
				r.issue(at, fmt.Sprintf("行号 %d 在第%d行之后再次出现（行号重复），已按列合并为一行", num, held.num), rowOrderHint)
			case num > sentNum:
				b.rows = slices.Insert(b.rows, i, rowItem{cells, num})
				r.issue(at, fmt.Sprintf("第%d行出现在第%d行之后（行号倒序），已按行号放回", num, held.num), rowOrderHint)
			default:
				r.issue(at, fmt.Sprintf("第%d行出现在第%d行之后（行号倒序），与前面的行相隔太远，此行内容未读取", num, held.num), rowOrderHint)
			}
			continue
		}
		if hasHeld {
			emit()
			if len(b.rows) >= rowBatchSize && !send() {
				return
			}
		}
		held, hasHeld, repeats = rowItem{cells, num}, true, 0
	}
}

// rowOrderHint is the hint of a repeated or decreasing row number.
const rowOrderHint = "文件由其他程序生成，行的顺序有误；请用 Excel 打开核对此行后另存为 .xlsx"

// mergeCells places the cells of a repeated row over those of the row
// already read (a later value wins, as a later cell of the same reference
// does).
func mergeCells(dst, src []string) []string {
	for c, v := range src {
		if v == "" {
			continue
		}
		for len(dst) <= c {
			dst = append(dst, "")
		}
		dst[c] = v
	}
	return dst
}

// take returns the next scanned row.
func (r *fastRows) take() (rowItem, bool, error) {
	if !r.started {
		r.started = true
		r.ch, r.stop = make(chan rowBatch, 4), make(chan struct{})
		r.wg.Add(1)
		go r.produce()
	}
	for r.curI >= len(r.cur) {
		if r.err != nil || r.finished {
			return rowItem{}, false, r.err
		}
		b, ok := <-r.ch
		if !ok {
			r.finished = true
			continue
		}
		for _, f := range b.formulas {
			r.formulas[f] = true
		}
		r.issues = append(r.issues, b.issues...)
		r.cur, r.curI, r.err = b.rows, 0, b.err
	}
	it := r.cur[r.curI]
	r.cur[r.curI] = rowItem{}
	r.curI++
	return it, true, nil
}

// next returns the next row (row numbers without a <row> give empty rows).
func (r *fastRows) next() ([]string, bool, error) {
	if !r.hasPend {
		it, ok, err := r.take()
		if err != nil || !ok {
			return nil, false, err
		}
		r.pending, r.hasPend = it, true
	}
	r.num++
	if r.pending.num > r.num {
		return nil, true, nil
	}
	r.hasPend = false
	return r.pending.cells, true, nil
}

// read parses the next <row>: its cells and number.
func (r *fastRows) read() ([]string, int, bool, error) {
	x := r.x
	var cells []string
	num := 0
	inRow := false
	// the current cell
	var (
		inCell, hasF, hasV, sawV, inV, inIS, inT bool
		phonetic, col, nCells                    int
		ctype, ref                               string
		v                                        []byte
		is                                       strings.Builder
	)
	for {
		x.skipText = !inV && (!inT || phonetic != 0)
		err := x.next()
		if inV {
			v = append(v, x.text...)
		}
		if inT && phonetic == 0 {
			is.Write(x.text)
		}
		if len(v)+is.Len() > maxTextBytes {
			return nil, 0, false, errTooLong // a value of many pieces
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
				if n, err := strconv.Atoi(string(a)); err == nil && n > 0 {
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
					// An empty <v></v> is a cached empty string only in a
					// cell of type str (as scanSheetXML decides).
					hasV = hasV || sawV && (ctype == "str" || len(bytes.TrimSpace(v)) > 0)
					cells = r.endCell(cells, col, num, ref, ctype, hasF, hasV, v, inIS, &is)
				}
				inCell = false
				continue
			}
			col++
			if nCells++; nCells > maxRowCells {
				return nil, 0, false, fmt.Errorf("第%d行的单元格超过 Excel 的上限 %d 个，文件已损坏或是恶意构造的", num, maxRowCells)
			}
			ctype, ref = "", ""
			if a, ok := tagAttr(x.tag, "t"); ok {
				ctype = string(a)
			}
			if a, ok := tagAttr(x.tag, "r"); ok {
				ref = string(a)
				if c, ok := colOfRef(a); ok {
					col = c
				}
			}
			hasF, hasV, sawV, inV, inIS, inT, phonetic = false, false, false, false, false, false, 0
			v = v[:0]
			is.Reset()
			inCell = !empty
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
			switch {
			case empty:
			case closing:
				phonetic--
			default:
				phonetic++
			}
		}
	}
}

// maxRowCells is Excel's limit on the cells of a row (its columns): more
// <c> elements in one row is a damaged or hostile part, whose reading
// would otherwise take long before the row ends.
const maxRowCells = 1 << 14

// maxReadCols is the number of columns read of a worksheet.
const maxReadCols = 1024

// endCell adds a finished cell to the row as excelize would: a value, or
// an empty value for a formula cell; nothing for an empty cell. A cell is
// placed by its reference, whatever the order of the cells.
func (r *fastRows) endCell(cells []string, col, num int, ref, ctype string, hasF, hasV bool, v []byte, inIS bool, is *strings.Builder) []string {
	at := func() string {
		if ref == "" {
			return cellName(col-1, num)
		}
		return strings.ToUpper(ref)
	}
	var val string
	switch ctype {
	case "s":
		if s := strings.TrimSpace(string(v)); s != "" {
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
			val = bstrDecode(xmlText([]byte(is.String())))
		} else {
			val = xmlText(v)
		}
	case "d":
		val = xmlText(v)
		if serial, ok := isoSerial(strings.TrimSpace(val), r.date1904); ok {
			val = serial
		}
	default:
		val = xmlText(v)
	}
	if val == "" && !hasF {
		return cells
	}
	if hasF && !hasV && col <= maxReadCols {
		switch {
		case r.nForms < maxFormulaCells:
			r.newForms = append(r.newForms, at())
		case r.nForms == maxFormulaCells:
			r.issues1(rowIssue{cell: at(), warn: true,
				msg:  fmt.Sprintf("本表没有保存计算结果的公式超过 %d 个，从此单元格起不再逐个标出（这些单元格读作空白）", maxFormulaCells),
				hint: "请在 Excel 中打开并保存此文件，让公式的结果保存下来"})
		}
		r.nForms++
	}
	if col > maxReadCols {
		// No input kind has this many columns; padding every row out to a
		// stray cell in column XFD would cost 16,384 cells a row.
		if r.beyond == "" {
			r.beyond = at()
		}
		return cells
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

// scanMerges returns the merged ranges of a worksheet part by a plain byte
// search (they follow the sheet's data, which is not parsed here).
func scanMerges(zr *zip.Reader, part string) ([]mergeRange, error) {
	rc, err := openPart(zr, part, unzipSizeLimit)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var merges []mergeRange
	pat := []byte("mergeCell ")
	buf := make([]byte, 256<<10)
	keep := 0 // bytes carried over from the previous chunk
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
