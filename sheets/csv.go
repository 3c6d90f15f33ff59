package sheets

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

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
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err == nil {
			return string(b), "UTF-16", 0
		}
	case utf8.Valid(data):
		return string(data), "UTF-8", 0
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err == nil && !bytes.ContainsRune(b, utf8.RuneError) && recognised(string(b)) {
		return string(b), "GB18030", 0
	}
	return "", "", firstBadLine(data)
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

// readCSV reads a CSV file as one sheet (its Loc has no sheet name).
func (ld *loader) readCSV(name string, data []byte) {
	text, enc, bad := decodeCSVStrict(data, func(text string) bool { return ld.csvRecognised(text) })
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
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = csvDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	recs := startCSVRecords(r)
	defer recs.close()
	n := 0
	src := &sheetSrc{file: name, next: func() ([]string, bool, error) {
		rec, err := recs.next()
		if err == io.EOF {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		n++
		return ld.boundFields(name, n, rec), true, nil // guard.go
	}}
	ld.readSheet(src)
}

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

func startCSVRecords(r *csv.Reader) *csvRecords {
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
			rec, err := r.Read()
			if err != nil {
				b.err = err
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
func (ld *loader) csvRecognised(text string) bool {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = csvDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for len(rows) < headerBufRows {
		rec, err := r.Read()
		if err != nil {
			break
		}
		rows = append(rows, rec)
	}
	h, _ := detectHeader(rows, ld.r)
	return h != nil
}
