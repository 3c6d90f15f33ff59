package sheets

import (
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func TestDecodeCSV(t *testing.T) {
	const text = "工号,姓名\r\n001,张三\r\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(text)
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
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
