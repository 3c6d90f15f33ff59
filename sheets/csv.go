package sheets

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"appraise/calc"
)

// decodeCSV returns a CSV file's text and the encoding found: UTF-8 (with or
// without BOM), UTF-16 with BOM (Excel's "Unicode text"), else GB18030, a
// superset of GBK and GB2312.
func decodeCSV(data []byte) (string, string) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return string(data[3:]), "UTF-8"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err == nil {
			return string(b), "UTF-16"
		}
	case utf8.Valid(data):
		return string(data), "UTF-8"
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD"), "UTF-8"
	}
	return string(b), "GB18030"
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
	text, enc := decodeCSV(data)
	if enc == "GB18030" {
		ld.add(calc.Info, calc.Loc{File: name}, "", "按 GBK/GB18030 编码读取", "")
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = csvDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	n := 0
	src := &sheetSrc{file: name, next: func() ([]string, bool, error) {
		rec, err := r.Read()
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
