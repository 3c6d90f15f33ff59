package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
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

// MaxTextBytes bounds a text or tag the scanner keeps: a cell holds at
// most 32,767 characters, so anything near this long is a damaged or
// hostile part, and keeping it would cost memory in proportion.
const MaxTextBytes = 16 << 20

// ErrTooLong is the error of a text or tag longer than MaxTextBytes.
var ErrTooLong = fmt.Errorf("工作表中有超过 %d MB 的文本或标签，文件可能已损坏或是恶意构造的", MaxTextBytes>>20)

// newXMLScan scans r, a part of the given declared inflated size (a hint
// for the window's size: see bufSize).
func newXMLScan(r io.Reader, size uint64) *xmlScan {
	return &xmlScan{r: r, buf: make([]byte, bufSize(size, 128<<10))}
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
			if len(x.tbuf)+x.end-x.pos > MaxTextBytes {
				return ErrTooLong
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
		if len(x.acc)+min(j, 0)+len(data) > MaxTextBytes && !special {
			return ErrTooLong
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
		} else if len(x.acc) > MaxTextBytes {
			return ErrTooLong
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
