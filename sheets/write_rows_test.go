package sheets

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// TestRowXMLMatchesStreamWriter writes the same rows with excelize's
// StreamWriter.SetRow and with rowXML and compares the sheet XML.
func TestRowXMLMatchesStreamWriter(t *testing.T) {
	long := strings.Repeat("长", excelize.TotalCellChars+10)
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name   string
		height float64
		cells  []excelize.Cell
	}{
		{"plain", 0, []excelize.Cell{{StyleID: 3, Value: "张三"}, {Value: "abc"}, {}, {StyleID: 2}}},
		{"height", 22.5, []excelize.Cell{{StyleID: 1, Value: "x"}}},
		{"escapes", 0, []excelize.Cell{{Value: `<b>&"'x'`}, {Value: "a\tb\nc\rd"}, {Value: "bell\x07\x00"}, {Value: "bad\xffutf8"}, {Value: "\uFFFE\uFFFF"}}},
		{"spaces", 0, []excelize.Cell{{Value: " lead"}, {Value: "trail "}, {Value: "\nnl"}, {Value: "tab\t"}, {Value: ""}, {Value: "\r"}}},
		{"bstr", 0, []excelize.Cell{{Value: "_x0041_"}, {Value: "a_x005F_x0041_b"}, {Value: "_x005F_"}, {Value: "_xZZZZ_ _x12"}, {Value: "_x005F_xD800_"}}},
		{"long", 0, []excelize.Cell{{Value: long}, {Value: long[:len(long)-1] + "\U0001F600"}}},
		{"ints", 0, []excelize.Cell{{Value: 0}, {Value: -12}, {Value: int64(1) << 60}, {Value: int32(7)}, {Value: uint(9)}, {Value: uint64(math.MaxUint64)}}},
		{"floats", 0, []excelize.Cell{{Value: 79.99}, {Value: -0.1}, {Value: 0.0}, {Value: math.Copysign(0, -1)}, {Value: 1e21}, {Value: 123456789.123456789},
			{Value: 0.1 + 0.2}, {Value: 1.0 / 3}, {Value: 12345678901234567890.0}, {Value: math.MaxFloat64}, {Value: -math.MaxFloat64}, {Value: math.SmallestNonzeroFloat64},
			{Value: math.NaN()}, {Value: math.Inf(1)}, {Value: math.Inf(-1)}, {Value: float32(0.1)}}},
		{"bools", 0, []excelize.Cell{{Value: true}, {Value: false}}},
		{"times", 0, []excelize.Cell{{StyleID: 5, Value: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)},
			{StyleID: 5, Value: time.Date(2026, 11, 3, 9, 30, 15, 500, cst)},
			{StyleID: 5, Value: time.Date(1900, 2, 28, 12, 0, 0, 0, time.UTC)},
			{StyleID: 5, Value: time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)},
			{StyleID: 5, Value: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := streamWriterRows(t, tc.cells, tc.height)
			x := &rowXML{}
			if err := x.start(3, tc.height); err != nil {
				t.Fatal(err)
			}
			for i, c := range tc.cells {
				if err := x.cell(i+2, c); err != nil {
					t.Fatal(err)
				}
			}
			x.end()
			if got := string(bytes.Join(x.chunks(), nil)); got != want {
				t.Errorf("rowXML =\n%s\nwant (StreamWriter.SetRow)\n%s", got, want)
			}
		})
	}
}

// TestRowXMLOut: rows written through out are the bytes rowXML keeps in
// chunks, handed over in pieces of about rowChunk bytes.
func TestRowXMLOut(t *testing.T) {
	long := strings.Repeat("长", excelize.TotalCellChars+10)
	tests := []struct {
		name   string
		rows   int
		cells  []excelize.Cell
		writes int // the writes out receives
	}{
		{"none", 0, nil, 0},
		{"one", 1, []excelize.Cell{{StyleID: 3, Value: "张三"}, {Value: 1.5}}, 1},
		{"many", 20000, []excelize.Cell{{StyleID: 3, Value: "张三"}, {Value: 1.5}, {Value: "第二列 <&>"}}, 19}, // 4.6 MB in writes of 240 KB
		{"long", 7, []excelize.Cell{{Value: long}}, 3},                                                    // rows of 98 KB: three a write
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kept, streamed := &rowXML{}, &rowXML{}
			var out writeCounter
			streamed.out = &out
			for _, x := range []*rowXML{kept, streamed} {
				for r := range tc.rows {
					if err := x.writeRow(r+1, tc.cells, []int{2}, 20); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := streamed.flush(); err != nil {
				t.Fatal(err)
			}
			want := string(bytes.Join(kept.chunks(), nil))
			if got := out.String(); got != want {
				t.Errorf("streamed %d bytes, kept %d: not the same", len(got), len(want))
			}
			if out.writes != tc.writes {
				t.Errorf("out received %d writes; want %d", out.writes, tc.writes)
			}
			if streamed.maxCol != kept.maxCol || streamed.maxRow != kept.maxRow {
				t.Errorf("extent %d×%d; want %d×%d", streamed.maxCol, streamed.maxRow, kept.maxCol, kept.maxRow)
			}
		})
	}
}

// writeCounter is a buffer that counts the writes it receives.
type writeCounter struct {
	bytes.Buffer
	writes int
}

func (w *writeCounter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

// streamWriterRows is the <sheetData> content that excelize writes for
// one row at B3 with the given cells and height.
func streamWriterRows(t *testing.T, cells []excelize.Cell, height float64) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	vals := make([]any, len(cells))
	for i, c := range cells {
		vals[i] = c
	}
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	if err := sw.SetRow("B3", vals, opts...); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		i := strings.Index(s, "<sheetData>") + len("<sheetData>")
		j := strings.Index(s, "</sheetData>")
		return s[i:j]
	}
	t.Fatal("no sheet1.xml")
	return ""
}

// TestRowXMLErrors: what the stream writer would write differently is
// refused, not written wrong.
func TestRowXMLErrors(t *testing.T) {
	tests := []struct {
		name string
		cell excelize.Cell
	}{
		{"formula", excelize.Cell{Formula: "A1+1"}},
		{"time without style", excelize.Cell{Value: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)}},
		{"duration", excelize.Cell{StyleID: 1, Value: time.Second}},
	}
	for _, tc := range tests {
		x := &rowXML{}
		if err := x.start(1, 0); err != nil {
			t.Fatal(err)
		}
		if err := x.cell(1, tc.cell); err == nil || !strings.Contains(err.Error(), "内部错误") {
			t.Errorf("%s: cell() error = %v; want an internal error", tc.name, err)
		}
	}
	x := &rowXML{}
	_ = x.start(2, 0)
	if err := x.start(2, 0); err == nil {
		t.Error("start(2) after row 2: no error")
	}
	if err := (&rowXML{}).start(1, excelize.MaxRowHeight+1); err != excelize.ErrMaxRowHeight {
		t.Errorf("start with height %v: error %v; want ErrMaxRowHeight", excelize.MaxRowHeight+1, err)
	}
}

// TestFixed2Len: the quick length of a float shown with two decimals is
// the decimal package's.
func TestFixed2Len(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 0.125, 0.005, -0.005, 9.995, 99.99, -99.99, 1234567.89,
		-1234567.8, 1e14 + 0.5, 1e15, 1e20, -1e21, 1e-7, 0.1 + 0.2, 79.99, 1.0 / 3, math.MaxFloat64}
	for i := -3000; i <= 3000; i++ {
		vals = append(vals, float64(i)/100, float64(i)/7, float64(i)*1234.5)
	}
	for _, v := range vals {
		want := len(decimal.NewFromFloat(v).StringFixed(2))
		if got := fixed2Len(v); got != want {
			t.Errorf("fixed2Len(%v) = %d; want %d (%s)", v, got, want, decimal.NewFromFloat(v).StringFixed(2))
		}
	}
	for _, n := range []int{0, 7, -12, 123456789} {
		if got, want := cellWidth(n), len(fmt.Sprint(n)); got != want {
			t.Errorf("cellWidth(%d) = %d; want %d", n, got, want)
		}
	}
}

// TestTextWidthHan: the quick range of textWidth is all Han, so it counts
// as unicode.Is(unicode.Han) did.
func TestTextWidthHan(t *testing.T) {
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if !unicode.Is(unicode.Han, r) {
			t.Fatalf("U+%04X is not Han", r)
		}
	}
	tests := []struct {
		s    string
		want int
	}{{"张三", 4}, {"abc", 3}, {"〇々", 4}, {"ｱ１", 3}, {"é", 1}, {"\U00020000", 2}}
	for _, tc := range tests {
		if got := textWidth(tc.s); got != tc.want {
			t.Errorf("textWidth(%q) = %d; want %d", tc.s, got, tc.want)
		}
	}
}

// TestSortedZipSameBytes: parts deflated ahead (and rows put into their
// sheet part) give the bytes zip.Writer gives when it deflates the whole
// parts itself, names that need the UTF-8 flag included.
func TestSortedZipSameBytes(t *testing.T) {
	var rows strings.Builder
	seed := uint32(7)
	for i := range 20000 {
		seed = seed*1664525 + 1013904223
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>员工%d %x</t></is></c><c r="B%d"><v>%d.%02d</v></c></row>`,
			i+1, i+1, seed%997, seed, i+1, seed%100, seed>>25)
	}
	big := rows.String()
	// gen: the rows are written by a function, in writes of odd sizes.
	parts := []struct {
		name, text, rows string
		gen              bool
	}{
		{"[Content_Types].xml", `<Types><Default Extension="xml"/></Types>`, "", false},
		{"xl/worksheets/sheet1.xml", `<worksheet><sheetData></sheetData><mergeCells/></worksheet>`, big, false},
		{"xl/worksheets/sheet2.xml", `<worksheet><sheetData></sheetData></worksheet>`, "", false},
		{"xl/worksheets/sheet3.xml", `<worksheet><sheetData></sheetData><pageSetup/></worksheet>`, big[len(big)/3:] + big, true},
		{"xl/worksheets/sheet4.xml", `<worksheet><sheetData></sheetData></worksheet>`, `<row r="1"></row>`, true},
		{"xl/media/图片.png", "", "", false},
		{"docProps/app.xml", strings.Repeat("x", 100), "", false},
	}
	// Twice: the second time the small parts come from smallParts.
	for range 2 {
		sortedZipSameBytes(t, parts)
	}
	if _, ok := smallParts.get([]byte(strings.Repeat("x", 100))); !ok {
		t.Error("docProps/app.xml is not in smallParts")
	}
	// A small part that gen writes is kept too.
	if _, ok := smallParts.get([]byte(`<worksheet><sheetData><row r="1"></row></sheetData></worksheet>`)); !ok {
		t.Error("xl/worksheets/sheet4.xml is not in smallParts")
	}
}

func sortedZipSameBytes(t *testing.T, parts []struct {
	name, text, rows string
	gen              bool
}) {
	var got bytes.Buffer
	z := &sortedZip{w: &got}
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.text)
		if p.gen {
			rows := p.rows
			z.setRowsFunc(p.name, func(w io.Writer) error {
				for i, n := 0, 1; i < len(rows); i, n = i+n, n*3+1 {
					io.WriteString(w, rows[i:min(i+n, len(rows))])
				}
				return nil
			})
		} else if p.rows != "" {
			half := len(p.rows) / 2
			z.setRows(p.name, [][]byte{[]byte(p.rows[:half]), []byte(p.rows[half:])}, 1, 1)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	zw := zip.NewWriter(&want)
	zw.RegisterCompressor(zip.Deflate, newDeflater)
	for _, name := range []string{"[Content_Types].xml", "docProps/app.xml", "xl/media/图片.png", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"} {
		for _, p := range parts {
			if p.name != name {
				continue
			}
			text := p.text
			if p.rows != "" {
				text = strings.Replace(text, "</sheetData>", p.rows+"</sheetData>", 1)
			}
			w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, text)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("sortedZip wrote %d bytes, zip.Writer %d: not the same bytes", got.Len(), want.Len())
	}
}

// appendEscapedRef is appendEscaped before its multibyte shortcut: every
// rune at or above U+0080 decoded and checked.
func appendEscapedRef(buf []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\'' && c != '&' && c != '<' && c != '>' {
			i++
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

// appendEscapedSeeds are texts at the edges of plainMultibyte's ranges.
var appendEscapedSeeds = []string{
	"", "张三", "考核分 80，加分 +5", "\u0080\u07FF\u0800\u0FFF\u1000\uCFFF\uD000\uD7FF\uE000\uEFFF\uF000\uFFFD\uFFFE\uFFFF",
	"\U00010000\U0010FFFF", "\xed\xa0\x80", "\xe0\x80\x80", "\xe1\x80", "\xe1", "\xc2", "\xc0\x80", "\xc1\xbf", "\xec\xbf\xbf\xee\x80",
	"a\xe4\xb8\x80<&>\"'\t\n\r\x00", "\xf4\x90\x80\x80", "\xef\xbf\xbe", "\xe4\xb8", "中\xe4\xb8文",
}

// TestAppendEscapedShortcut: appendEscaped gives the same bytes as with
// every rune decoded, at the edges of the shortcut's ranges.
func TestAppendEscapedShortcut(t *testing.T) {
	for _, s := range appendEscapedSeeds {
		if got, want := string(appendEscaped(nil, s)), string(appendEscapedRef(nil, s)); got != want {
			t.Errorf("appendEscaped(%q) = %q, want %q", s, got, want)
		}
	}
	// Every two- and three-byte lead with every continuation pair.
	for lead := 0xC0; lead < 0xF0; lead++ {
		for b1 := 0x70; b1 < 0xD0; b1++ {
			for _, b2 := range []byte{0x41, 0x80, 0xA5, 0xBF, 0xC0} {
				s := string([]byte{'x', byte(lead), byte(b1), b2})
				if got, want := string(appendEscaped(nil, s)), string(appendEscapedRef(nil, s)); got != want {
					t.Fatalf("appendEscaped(%q) = %q, want %q", s, got, want)
				}
			}
		}
	}
}

func FuzzAppendEscaped(f *testing.F) {
	for _, s := range appendEscapedSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendEscaped(nil, s)), string(appendEscapedRef(nil, s)); got != want {
			t.Errorf("appendEscaped(%q) = %q, want %q", s, got, want)
		}
	})
}
