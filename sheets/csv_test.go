package sheets

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	utf16 "golang.org/x/text/encoding/unicode"
)

func TestDecodeCSV(t *testing.T) {
	const text = "工号,姓名\r\n001,张三\r\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(text)
	u16, _ := utf16.UTF16(utf16.LittleEndian, utf16.UseBOM).NewEncoder().String(text)
	tests := []struct {
		name string
		in   []byte
		enc  string
	}{
		{"UTF-8", []byte(text), "UTF-8"},
		{"UTF-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, text...), "UTF-8"},
		{"GBK", []byte(gbk), "GB18030"},
		{"UTF-16", []byte(u16), "UTF-16"},
	}
	for _, tt := range tests {
		got, enc := decodeCSV(tt.in)
		if got != text || enc != tt.enc {
			t.Errorf("decodeCSV(%s) = %q, %s; want %q, %s", tt.name, got, enc, text, tt.enc)
		}
	}
}

func TestCSVDelimiter(t *testing.T) {
	tests := []struct {
		in   string
		want rune
	}{
		{"工号,姓名\n1,2", ','},
		{"工号\t姓名\t打卡时间\n1\t2\t3", '\t'},
		{"工号;姓名\n1;2", ';'},
		{"工号", ','},
	}
	for _, tt := range tests {
		if got := csvDelimiter(tt.in); got != tt.want {
			t.Errorf("csvDelimiter(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// splitAll returns the records csvSplit gives for text.
func splitAll(text string, comma rune) [][]string {
	sp := newCSVSplit(text, comma)
	var out [][]string
	for {
		rec, ok := sp.next()
		if !ok {
			return out
		}
		out = append(out, rec)
	}
}

// stdRecords returns the records encoding/csv gives for text, as readCSV
// configured it before csvSplit.
func stdRecords(t *testing.T, text string, comma rune) [][]string {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("encoding/csv on %q: %v", text, err)
		}
		out = append(out, rec)
	}
}

func TestCSVSplit(t *testing.T) {
	tests := []struct {
		name, in string
		comma    rune
		want     [][]string
	}{
		{"plain", "a,b,c\n1,2,3\n", ',', [][]string{{"a", "b", "c"}, {"1", "2", "3"}}},
		{"CRLF and no last line end", "a,b\r\n1,2", ',', [][]string{{"a", "b"}, {"1", "2"}}},
		{"lone CR at the end", "a,b\r", ',', [][]string{{"a", "b"}}},
		{"CR inside a line", "a\rb,c\n", ',', [][]string{{"a\rb", "c"}}},
		{"empty lines skipped", "\n\r\na\n\n\nb,\n", ',', [][]string{{"a"}, {"b", ""}}},
		{"empty fields", ",,\n", ',', [][]string{{"", "", ""}}},
		{"quoted", "\"a,b\",\"c\"\n", ',', [][]string{{"a,b", "c"}}},
		{"doubled quote", "\"say \"\"hi\"\"\",x\n", ',', [][]string{{"say \"hi\"", "x"}}},
		{"bare quote inside quotes", "\"a\"b\",c\n", ',', [][]string{{"a\"b", "c"}}},
		{"bare quote in a plain field", "a\"b,c\n", ',', [][]string{{"a\"b", "c"}}},
		{"quoted across lines", "\"a\r\nb\",c\r\nd\n", ',', [][]string{{"a\nb", "c"}, {"d"}}},
		{"quoted empty line inside", "\"a\n\nb\"\n", ',', [][]string{{"a\n\nb"}}},
		{"unclosed quote at the end", "x,\"abc\ndef", ',', [][]string{{"x", "abc\ndef"}}},
		{"unclosed quote, line end last", "\"abc\n", ',', [][]string{{"abc\n"}}},
		{"quote at the very end", "\"", ',', [][]string{{""}}},
		{"tab", "工号\t姓名\n1\t张三\n", '\t', [][]string{{"工号", "姓名"}, {"1", "张三"}}},
		{"semicolon", "a;\"b;c\"\n", ';', [][]string{{"a", "b;c"}}},
		{"spaces kept", " a , \"b\" \n", ',', [][]string{{" a ", " \"b\" "}}},
		{"GB18030 BOM kept", "\ufeff工号,姓名\n", ',', [][]string{{"\ufeff工号", "姓名"}}},
	}
	for _, tt := range tests {
		got := splitAll(tt.in, tt.comma)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: csvSplit(%q) = %q; want %q", tt.name, tt.in, got, tt.want)
		}
		if std := stdRecords(t, tt.in, tt.comma); !reflect.DeepEqual(got, std) {
			t.Errorf("%s: csvSplit(%q) = %q; encoding/csv gives %q", tt.name, tt.in, got, std)
		}
	}
}

// FuzzCSVSplit: csvSplit gives the records encoding/csv gives, for every
// text and delimiter.
func FuzzCSVSplit(f *testing.F) {
	for _, s := range []string{
		"a,b\r\n1,2", "\"a\"\"b\",c\n", "\"a\nb\r\n\",\"\"\"\n", "x\"y,\"z\"w\"\r", "\n\r\n\r", "a;b\tc,d\n",
		"\"", "\"\"\n\"", "a,\"b\"\"\r\n", "部门,姓名\r\n客服部,\"马,浩\"\r\n",
	} {
		for _, c := range []byte{0, 1, 2} {
			f.Add(s, c)
		}
	}
	f.Fuzz(func(t *testing.T, text string, c byte) {
		comma := []rune{',', '\t', ';'}[int(c)%3]
		got, want := splitAll(text, comma), stdRecords(t, text, comma)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("csvSplit(%q, %q) = %q; encoding/csv gives %q", text, comma, got, want)
		}
		// reusing one record (the parts of a punch CSV read ahead): each
		// record as it comes, the same
		sp := newCSVSplit(text, comma)
		sp.reuse = true
		for i := 0; ; i++ {
			rec, ok := sp.next()
			if !ok {
				if i != len(want) {
					t.Fatalf("csvSplit(%q, %q) reusing: %d records; want %d", text, comma, i, len(want))
				}
				break
			}
			if i >= len(want) || !reflect.DeepEqual(rec, want[i]) {
				t.Fatalf("csvSplit(%q, %q) reusing: record %d = %q; want %q", text, comma, i, rec, want)
			}
		}
	})
}

func TestDecodeGB18030(t *testing.T) {
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name string
		in   []byte
		want string
		ok   bool
	}{
		{"ASCII", []byte("a,b\r\n1,2\n"), "a,b\r\n1,2\n", true},
		{"GBK", gbk("部门,姓名\r\n客服部,马浩,指纹\r\n"), "部门,姓名\r\n客服部,马浩,指纹\r\n", true},
		{"ASCII trail byte", gbk("丂,乗@"), "丂,乗@", true},
		{"four-byte", gbk("€,\U0001F600,ÿ"), "€,\U0001F600,ÿ", true},
		{"GB18030 BOM", gbk("\ufeff工号,姓名\n"), "\ufeff工号,姓名\n", true},
		{"lead byte before a comma", []byte{'a', 0xB9, ',', 'b'}, "", false},
		{"lead byte at the end", []byte{'a', 0xB9}, "", false},
		{"0xFF", []byte{0xFF, 'a'}, "", false},
		{"four-byte cut by a line end", []byte{0x81, 0x30, '\n', 0x30}, "", false},
		{"U+FFFD written in GB18030", gbk("a\ufffdb"), "", false},
	}
	for _, tt := range tests {
		got, ok := decodeGB18030(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: decodeGB18030(% x) = %q, %v; want %q, %v", tt.name, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzDecodeGB18030: decodeGB18030 accepts exactly what decoding the whole
// file with x/text gives without U+FFFD, with the same text.
func FuzzDecodeGB18030(f *testing.F) {
	for _, s := range [][]byte{
		[]byte("a,b\r\n"), {0xB9, 0xA4, 0xBA, 0xC5, ',', 0xD0, 0xD5}, {0x81, 0x30, 0x81, 0x30}, {0x81, 0x3B, 0x81, 0x30},
		{0x80, 0x40, 0xFE, 0xFE, 0xFF}, {0x84, 0x31, 0xA4, 0x37}, {0xB9, '\n', 0xA4}, {0xEF, 0xBB, 0xBF, 'a'},
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		wantOK := err == nil && !bytes.ContainsRune(b, utf8.RuneError)
		got, ok := decodeGB18030(data)
		if ok != wantOK || (ok && got != string(b)) {
			t.Fatalf("decodeGB18030(% x) = %q, %v; x/text gives %q, %v", data, got, ok, b, wantOK)
		}
	})
}

// TestDecodeGB18030Pairs: every two bytes (a lead and a trail byte, and
// any other pair) decode as x/text decodes them, in a line of ASCII.
func TestDecodeGB18030Pairs(t *testing.T) {
	dec := simplifiedchinese.GB18030.NewDecoder()
	for lead := 0x80; lead <= 0xFF; lead++ {
		for trail := 0; trail <= 0xFF; trail++ {
			in := []byte{'a', byte(lead), byte(trail), ',', '\n'}
			b, err := dec.Bytes(in)
			wantOK := err == nil && !bytes.ContainsRune(b, utf8.RuneError)
			got, ok := decodeGB18030(in)
			if ok != wantOK || (ok && got != string(b)) {
				t.Fatalf("decodeGB18030(% x) = %q, %v; x/text gives %q, %v", in, got, ok, b, wantOK)
			}
		}
	}
}

// punchText is a clock export of n lines in GBK.
func punchText(b *testing.B, n int) []byte {
	var sb strings.Builder
	sb.WriteString("部门,姓名,登记号码,日期时间,机器号,编号,比对方式,卡号\r\n")
	for i := range n {
		fmt.Fprintf(&sb, "客服部,马浩,%d,2026/11/%02d 08:%02d:25,2,%d,指纹,\r\n", 100001+i/44, 1+i%30, i%60, i)
	}
	data, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(sb.String()))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkDecodeGB18030 decodes a 100,000-line punch export.
func BenchmarkDecodeGB18030(b *testing.B) {
	data := punchText(b, 100000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := decodeGB18030(data); !ok {
			b.Fatal("not decoded")
		}
	}
}

// BenchmarkDecodeGB18030XText is BenchmarkDecodeGB18030 with x/text alone
// (as decodeCSVStrict decoded before).
func BenchmarkDecodeGB18030XText(b *testing.B) {
	data := punchText(b, 100000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
			b.Fatal("not decoded")
		}
		_ = string(out)
	}
}

// BenchmarkCSVSplit splits a 100,000-line punch export.
func BenchmarkCSVSplit(b *testing.B) {
	text, _ := decodeGB18030(punchText(b, 100000))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		sp := newCSVSplit(text, ',')
		for {
			if _, ok := sp.next(); !ok {
				break
			}
		}
	}
}

func TestTrimSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "马浩", " 马浩", "马浩\u3000", "\u00a0x", "x\u0085", "\t1\r\n", "\xff", "a\xe9"} {
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Errorf("trimSpace(%q) = %q; want %q", s, got, want)
		}
	}
}

// FuzzTrimSpace: trimSpace is strings.TrimSpace.
func FuzzTrimSpace(f *testing.F) {
	for _, s := range []string{"马浩", " a", "\u2028x", "x\u205f", "\xe3\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Fatalf("trimSpace(%q) = %q; want %q", s, got, want)
		}
	})
}

// BenchmarkReadPunchCSV reads a 100,000-line punch export in GBK (the
// whole CSV path: decoding, splitting, the rows; not the days).
func BenchmarkReadPunchCSV(b *testing.B) {
	data := punchText(b, 100000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		ld := newLoader(testRules(), 2026, time.November, LoadOptions{})
		ld.readCSV("考勤记录_202611.csv", data)
		if n := len(ld.shapes.punches.ps); n != 100000 {
			b.Fatalf("%d punches read; want 100000", n)
		}
	}
}

// TestTrimSpaceEverySpace: every Unicode space at either end is trimmed as
// strings.TrimSpace trims it, next to ASCII and Chinese text.
func TestTrimSpaceEverySpace(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		for _, s := range []string{string(r) + "马", "马" + string(r), string(r) + "a" + string(r), string(r)} {
			if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
				t.Errorf("trimSpace(%q) = %q; want %q", s, got, want)
			}
		}
	}
}
