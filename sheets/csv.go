package sheets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	utf16 "golang.org/x/text/encoding/unicode"

	"appraise/calc"
)

// decodeCSV returns a CSV file's text and the encoding found: UTF-8 (with or
// without BOM), UTF-16 with BOM (Excel's "Unicode text"), else GB18030, a
// superset of GBK and GB2312. Bytes that fit no encoding are replaced; the
// input reader uses decodeCSVStrict instead.
func decodeCSV(data []byte) (string, string) {
	text, enc, _ := decodeCSVStrict(data, func(string) bool { return true })
	if enc == "" {
		return strings.ToValidUTF8(string(data), "\uFFFD"), "UTF-8"
	}
	return text, enc
}

// decodeCSVStrict decodes a CSV file as a whole (D21): UTF-8 (BOM or not)
// when the whole file is valid UTF-8; else GB18030 when the whole file
// decodes and recognised accepts the decoded text (its header names a
// kind); else enc is "" and badLine is the 1-based line of the first byte
// that is not UTF-8. UTF-16 with a BOM is read too.
func decodeCSVStrict(data []byte, recognised func(string) bool) (text, enc string, badLine int) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		if rest := data[3:]; utf8.Valid(rest) {
			return string(rest), "UTF-8", 0
		}
		// a BOM says UTF-8: bytes that are not are damage, not GBK
		return "", "", firstBadLine(data[3:])
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		b, err := utf16.UTF16(utf16.LittleEndian, utf16.ExpectBOM).NewDecoder().Bytes(data)
		if err == nil {
			return string(b), "UTF-16", 0
		}
	case utf8.Valid(data):
		return string(data), "UTF-8", 0
	}
	if text, ok := decodeGB18030(data); ok && recognised(text) {
		return text, "GB18030", 0
	}
	return "", "", firstBadLine(data)
}

// decodeCSVParts is decodeCSVStrict for data cut into parts at cuts
// (csvCuts), each just after a line end, the parts decoded at once: texts
// are the parts' texts (one when cuts is empty). A byte below 0x30 is never
// part of a multi-byte character, so decoding the parts gives the whole
// file's text in parts (FuzzDecodeCSVParts); recognised sees the first
// part, which holds the first lines.
func decodeCSVParts(data []byte, cuts []int, recognised func(string) bool) (texts []string, enc string, badLine int) {
	if len(cuts) == 0 || cuts[0] <= 3 || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		text, enc, badLine := decodeCSVStrict(data, recognised)
		return []string{text}, enc, badLine
	}
	parts := make([][]byte, 0, len(cuts)+1)
	from := 0
	for _, c := range cuts {
		parts = append(parts, data[from:c])
		from = c
	}
	parts = append(parts, data[from:])
	bom := bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if bom {
		parts[0] = parts[0][3:]
	}
	texts = make([]string, len(parts))
	ok := make([]bool, len(parts))
	each := func(f func(i int)) {
		fns := make([]func(), len(parts))
		for i := range fns {
			fns[i] = func() { f(i) }
		}
		doAll(fns...) // a part's panic raised again here, for loadFile's guard
	}
	each(func(i int) {
		if utf8.Valid(parts[i]) {
			texts[i], ok[i] = string(parts[i]), true
		}
	})
	if !slices.Contains(ok, false) {
		return texts, "UTF-8", 0
	}
	if bom {
		// a BOM says UTF-8: bytes that are not are damage, not GBK
		return nil, "", firstBadLine(data[3:])
	}
	each(func(i int) { texts[i], ok[i] = decodeGB18030(parts[i]) })
	if !slices.Contains(ok, false) && recognised(texts[0]) {
		return texts, "GB18030", 0
	}
	return nil, "", firstBadLine(data)
}

// decodeGB18030 decodes a whole file as GB18030, ok false when a byte
// sequence is not GB18030 or a character decodes to U+FFFD: exactly what
// x/text's decoder gives for the whole file (and it accepts)
// (FuzzDecodeGB18030), faster. ASCII runs are copied as they are and a
// 2-byte character is looked up in gbkPairs, a table of x/text's own
// answers. Anything else (€ as 0x80, 4-byte characters, damage) goes to
// x/text from its first byte up to the next byte below 0x30: such a byte
// (the line ends, quote, comma, tab, space) is never part of a multi-byte
// character, and the decoder reads each character from its first byte on
// without state, so such a run decodes as it does within the whole file,
// and a run that breaks off inside a character is invalid both ways.
func decodeGB18030(data []byte) (string, bool) {
	high := 0 // bytes ≥ 0x80: each adds at most one byte in UTF-8 but 0x80 (€)
	i := 0
	for ; i+8 <= len(data); i += 8 {
		high += bits.OnesCount64(binary.LittleEndian.Uint64(data[i:]) & 0x8080808080808080)
	}
	for ; i < len(data); i++ {
		high += int(data[i] >> 7)
	}
	var b strings.Builder
	b.Grow(len(data) + high + 16)
	pairs, pairsUTF8 := gbkPairs(), gbkPairsUTF8()
	out := make([]byte, 0, 32<<10) // decoded, not yet in b
	var dec *encoding.Decoder
	var buf []byte
	for i := 0; i < len(data); {
		c := data[i]
		if c < 0x80 {
			j := asciiRun(data, i)
			if j-i > cap(out)-len(out) {
				b.Write(out)
				out = out[:0]
				if j-i > cap(out) {
					b.Write(data[i:j])
					i = j
					continue
				}
			}
			out = append(out, data[i:j]...)
			i = j
			continue
		}
		if len(out)+utf8.UTFMax > cap(out) {
			b.Write(out)
			out = out[:0]
		}
		if c >= 0x81 && c <= 0xFE && i+1 < len(data) {
			if t := data[i+1]; t >= 0x40 && t != 0x7F && t != 0xFF {
				k := int(c-0x81)*191 + int(t-0x40)
				if v := pairsUTF8[k]; v != 0 { // room for utf8.UTFMax: checked above
					out = append(out, byte(v), byte(v>>8), byte(v>>16))[:len(out)+int(v>>24)]
					i += 2
					continue
				}
				r := pairs[k]
				if r == utf8.RuneError {
					return "", false
				}
				out = utf8.AppendRune(out, r)
				i += 2
				continue
			}
		}
		k := i + 1
		for k < len(data) && data[k] >= 0x30 {
			k++
		}
		seg := data[i:k]
		if n := 3*len(seg) + 4; cap(buf) < n { // a byte gives at most 3 bytes of UTF-8 (U+FFFD, €)
			buf = make([]byte, max(n, 256))
		}
		if dec == nil {
			dec = simplifiedchinese.GB18030.NewDecoder()
		}
		nDst, nSrc, err := dec.Transform(buf[:cap(buf)], seg, true)
		if err != nil || nSrc != len(seg) || bytes.Contains(buf[:nDst], replacementChar) {
			return "", false
		}
		b.Write(out)
		out = out[:0]
		b.Write(buf[:nDst])
		i = k
	}
	b.Write(out)
	return b.String(), true
}

var replacementChar = []byte(string(utf8.RuneError))

// gbkPairs returns what x/text's GB18030 decoder gives for each 2-byte
// character, a lead byte 0x81–0xFE and a trail byte 0x40–0x7E or
// 0x80–0xFE: at index (lead-0x81)*191 + trail-0x40, U+FFFD for none.
var gbkPairs = sync.OnceValue(func() []rune {
	dec := simplifiedchinese.GB18030.NewDecoder()
	tab := make([]rune, 126*191)
	var out [16]byte
	for lead := 0x81; lead <= 0xFE; lead++ {
		for trail := 0x40; trail <= 0xFE; trail++ {
			r := utf8.RuneError
			if trail != 0x7F {
				n, m, err := dec.Transform(out[:], []byte{byte(lead), byte(trail)}, true)
				if r2, size := utf8.DecodeRune(out[:n]); err == nil && m == 2 && size == n {
					r = r2
				}
			}
			tab[(lead-0x81)*191+trail-0x40] = r
		}
	}
	return tab
})

// gbkPairsUTF8 holds gbkPairs' characters as UTF-8, to be appended without
// encoding each: the bytes from the low end, their number in the top byte;
// 0 for an invalid pair (and any character of four bytes).
var gbkPairsUTF8 = sync.OnceValue(func() []uint32 {
	pairs := gbkPairs()
	tab := make([]uint32, len(pairs))
	for k, r := range pairs {
		var b [utf8.UTFMax]byte
		if n := utf8.EncodeRune(b[:], r); r != utf8.RuneError && n <= 3 {
			tab[k] = uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(n)<<24
		}
	}
	return tab
})

// asciiRun returns the index of the first byte ≥ 0x80 in data from i on
// (len(data) when none), eight bytes at a time.
func asciiRun(data []byte, i int) int {
	for ; i+8 <= len(data); i += 8 {
		if binary.LittleEndian.Uint64(data[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(data) && data[i] < 0x80; i++ {
	}
	return i
}

// firstBadLine returns the 1-based line holding the first byte that is not
// valid UTF-8 (0 when all are).
func firstBadLine(data []byte) int {
	line := 1
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if data[i] == '\n' {
			line++
		}
		i += n
	}
	return 0
}

// csvDelimiter guesses the delimiter from the first lines: comma, tab or
// semicolon, whichever is most frequent.
func csvDelimiter(text string) rune {
	lines := strings.SplitN(text, "\n", 11)
	if len(lines) > 10 {
		lines = lines[:10]
	}
	best, bestN := ',', 0
	for _, d := range []rune{',', '\t', ';'} {
		n := 0
		for _, l := range lines {
			n += strings.Count(l, string(d))
		}
		if n > bestN {
			best, bestN = d, n
		}
	}
	return best
}

// readCSV reads a CSV file as one sheet (its Loc has no sheet name). A
// large file is read in two parts, the second on a goroutine of its own
// (punch_tail.go).
func (ld *loader) readCSV(name string, data []byte) {
	texts, enc, bad, ahead, aheadKey, ok := ld.csvAhead.decodedFor(name, data)
	if !ok {
		texts, enc, bad = decodeCSVParts(data, csvCuts(data), ld.csvRecognised)
	}
	if enc == "" {
		ld.add(calc.Error, calc.Loc{File: name, Cell: fmt.Sprintf("第%d行", bad)}, "",
			fmt.Sprintf("无法识别文件编码：第%d行含有不是 UTF-8 的字节，整个文件也不能按 GBK/GB18030 读取；此文件未读取", bad),
			fmt.Sprintf("文件可能混有两种编码（例如从别处粘贴的 GBK 文字）或有损坏的字节：请用 Excel 或 WPS 打开，检查第%d行是否乱码并改正，然后另存为“CSV UTF-8”", bad))
		if k := kindByName(name); k != Unknown {
			ld.countKind(k, true)
			ld.beginSheet(&sheetSrc{file: name}, k, true)
		}
		return
	}
	if enc == "GB18030" {
		ld.add(calc.Info, calc.Loc{File: name}, "", "按 GBK/GB18030 编码读取", "")
	}
	text := texts[0]
	comma := csvDelimiter(text)
	recs := startCSVRecords(newCSVSplit(text, comma))
	n := 0
	var tail *csvTail
	if len(texts) > 1 {
		tail = &csvTail{n: &n, more: func(rest string) {
			recs.close()
			recs = startCSVRecords(newCSVSplit(rest, comma))
		}}
		for _, t := range texts[1:] {
			tail.parts = append(tail.parts, &csvPart{text: t, comma: comma})
		}
		tail.ahead, tail.aheadKey = ahead, aheadKey
	} else {
		haltAll(ahead)
	}
	defer func() {
		tail.halt()
		recs.close()
	}()
	src := &sheetSrc{file: name, tail: tail, next: func() ([]string, bool, error) {
		rec, err := recs.next()
		for err == io.EOF {
			// the next part, when no goroutine reads it (csvTail.finish
			// takes the others over)
			t, ok := tail.unclaimed()
			if !ok {
				break
			}
			recs.close()
			recs = startCSVRecords(newCSVSplit(t, comma))
			rec, err = recs.next()
		}
		if err == io.EOF {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		n++
		if n <= headerBufRows {
			// the rows header detection keeps (header.head) are copied:
			// the others are parts of the whole text, which they would
			// keep in memory
			for i, f := range rec {
				rec[i] = strings.Clone(f)
			}
		}
		return ld.boundFields(name, n, rec), true, nil // guard.go
	}}
	// at most the punches of a punch log: its lines, and no more than
	// one a 20 bytes (a punch row is longer), should the lines be empty
	lines, size := 1, 0
	for _, t := range texts {
		lines += strings.Count(t, "\n")
		size += len(t)
	}
	ld.shapes.csvSrc, ld.shapes.csvRows = src, min(lines, size/20+1)
	ld.readSheet(src)
	ld.shapes.csvSrc = nil
	ld.shapes.forgetCells()
}

// csvSplit splits a CSV text into records exactly as encoding/csv's Reader
// does with LazyQuotes and FieldsPerRecord -1 (FuzzCSVSplit compares the
// two), without copying: a field is a substring of the text unless it is
// quoted with "" or a bare quote inside or spans lines. Records are cut from
// a shared backing array (each with its own capacity), so that reading a
// line allocates nothing.
type csvSplit struct {
	text  string
	pos   int  // start of the next line
	comma byte // ',', '\t' or ';'
	cur   []string
	slab  []string
	buf   []byte
	// reuse: a record is valid until the next call only (its fields are
	// not), which then allocates nothing
	reuse bool
}

func newCSVSplit(text string, comma rune) *csvSplit {
	if comma <= 0 || comma >= utf8.RuneSelf || comma == '"' || comma == '\r' || comma == '\n' {
		panic(fmt.Sprintf("csvSplit: delimiter %q", comma))
	}
	return &csvSplit{text: text, comma: byte(comma)}
}

// line returns the next line without its end: "\n", "\r\n", or at the end
// of the text a lone "\r" (as encoding/csv drops it); ok is false at the
// end of the text. nl reports a line end after it.
func (s *csvSplit) line() (line string, nl, ok bool) {
	if s.pos >= len(s.text) {
		return "", false, false
	}
	rest := s.text[s.pos:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		line, nl = rest[:i], true
		s.pos += i + 1
	} else {
		line = rest
		s.pos = len(s.text)
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nl, true
}

// next returns the next record; ok is false at the end of the text. Empty
// lines are skipped.
func (s *csvSplit) next() (rec []string, ok bool) {
	var line string
	var nl bool
	for {
		line, nl, ok = s.line()
		if !ok {
			return nil, false
		}
		if line != "" {
			break
		}
	}
	s.cur = s.cur[:0]
	for {
		if line == "" || line[0] != '"' {
			i := strings.IndexByte(line, s.comma)
			if i < 0 {
				s.cur = append(s.cur, line)
				break
			}
			s.cur = append(s.cur, line[:i])
			line = line[i+1:]
			continue
		}
		// a quoted field: the text up to the closing quote when it has
		// neither "" nor a bare quote nor a line end, else built in buf
		line = line[1:]
		whole, copied, more := line, false, false
		s.buf = s.buf[:0]
		for {
			i := strings.IndexByte(line, '"')
			if i >= 0 {
				s.buf = append(s.buf, line[:i]...)
				after := line[i+1:]
				switch {
				case after != "" && after[0] == '"': // "" is a quote
					s.buf = append(s.buf, '"')
					line, copied = after[1:], true
					continue
				case after != "" && after[0] == s.comma: // the field ends
					line = after[1:]
					more = true
				case after == "": // the field and the record end
				default: // a bare quote (LazyQuotes)
					s.buf = append(s.buf, '"')
					line, copied = after, true
					continue
				}
				if copied {
					s.cur = append(s.cur, string(s.buf))
				} else {
					s.cur = append(s.cur, whole[:i])
				}
				break
			}
			if line != "" || nl {
				// the field goes on on the next line
				s.buf = append(s.buf, line...)
				if nl {
					s.buf = append(s.buf, '\n')
				}
				copied = true
				if line, nl, ok = s.line(); !ok {
					line, nl = "", false
				}
				continue
			}
			// the text ends inside the quotes
			s.cur = append(s.cur, string(s.buf))
			break
		}
		if !more {
			break
		}
	}
	n := len(s.cur)
	if s.reuse {
		return s.cur[:n:n], true
	}
	if cap(s.slab)-len(s.slab) < n {
		s.slab = make([]string, 0, max(n, 2048))
	}
	l := len(s.slab)
	s.slab = append(s.slab, s.cur...)
	return s.slab[l : l+n : l+n], true
}

// trimSpace is strings.TrimSpace (FuzzTrimSpace), at once for a text that
// neither starts nor ends with a space: a cell of Chinese text would take
// strings.TrimSpace's slow Unicode path.
func trimSpace(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c < utf8.RuneSelf && asciiSpace[c] || c >= utf8.RuneSelf && spaceLead[c] {
		return strings.TrimSpace(s)
	}
	n := len(s)
	if c := s[n-1]; c < utf8.RuneSelf && asciiSpace[c] ||
		c >= utf8.RuneSelf && spaceTail[c] && (n >= 2 && spaceLead[s[n-2]] || n >= 3 && spaceLead[s[n-3]]) {
		return strings.TrimSpace(s)
	}
	return s
}

// asciiSpace, spaceLead and spaceTail hold the bytes a space character
// (unicode.IsSpace) may start or end with: ASCII spaces; the first bytes of
// U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000; their last bytes.
var asciiSpace, spaceLead, spaceTail = func() (a, l, t [256]bool) {
	for r := rune(0); r <= 0x3000; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		b := utf8.AppendRune(nil, r)
		if r < utf8.RuneSelf {
			a[r] = true
			continue
		}
		l[b[0]], t[b[len(b)-1]] = true, true
	}
	return
}()

// csvRecords reads the records of a CSV text in a goroutine, a few batches
// ahead of the caller, so that splitting the text into fields and the
// interpretation of the rows run at the same time; records and the error
// (io.EOF at the end) come out in order.
type csvRecords struct {
	ch   chan csvBatch
	stop chan struct{}
	done chan struct{}
	cur  [][]string
	err  error
}

type csvBatch struct {
	recs [][]string
	err  error
}

const csvBatchSize = 512

func startCSVRecords(sp *csvSplit) *csvRecords {
	c := &csvRecords{ch: make(chan csvBatch, 4), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		b := csvBatch{recs: make([][]string, 0, csvBatchSize)}
		send := func() bool {
			select {
			case c.ch <- b:
				b = csvBatch{recs: make([][]string, 0, csvBatchSize)}
				return true
			case <-c.stop:
				return false
			}
		}
		defer func() {
			if p := recover(); p != nil {
				b.err = Recovered("读取 CSV 时发生内部错误", p)
				send()
			}
		}()
		for {
			rec, ok := sp.next()
			if !ok {
				b.err = io.EOF
				send()
				return
			}
			b.recs = append(b.recs, rec)
			if len(b.recs) == csvBatchSize && !send() {
				return
			}
		}
	}()
	return c
}

// next returns the next record, or the error after the last one.
func (c *csvRecords) next() ([]string, error) {
	for len(c.cur) == 0 {
		if c.err != nil {
			return nil, c.err
		}
		b := <-c.ch
		c.cur, c.err = b.recs, b.err
	}
	rec := c.cur[0]
	c.cur[0] = nil
	c.cur = c.cur[1:]
	return rec, nil
}

// close stops the goroutine (the caller may stop reading early).
func (c *csvRecords) close() {
	close(c.stop)
	<-c.done
}

// csvRecognised reports whether a decoded CSV text's first lines hold a
// header of a known kind.
func (ld *loader) csvRecognised(text string) bool { return csvRecognisedBy(text, ld.r) }

// csvRecognisedBy is csvRecognised with rules r.
func csvRecognisedBy(text string, r *calc.Rules) bool {
	rows, _ := csvHead(text)
	h, _ := detectHeader(rows, r)
	return h != nil
}

// csvHead returns the first records of a CSV text, those header
// detection looks at, and the text's delimiter.
func csvHead(text string) ([][]string, rune) {
	comma := csvDelimiter(text)
	sp := newCSVSplit(text, comma)
	var rows [][]string
	for len(rows) < headerBufRows {
		rec, ok := sp.next()
		if !ok {
			break
		}
		rows = append(rows, rec)
	}
	return rows, comma
}
