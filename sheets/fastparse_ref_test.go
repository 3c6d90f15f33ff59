package sheets

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
)

// The readers' shortcuts against the plain code they stand for (as it was
// written before the shortcuts): same results on any input.

// normalizeIDPlain is NormalizeID without its shortcut.
func normalizeIDPlain(s string) string {
	s = normText(s)
	s = strings.TrimLeftFunc(s, func(r rune) bool { return r == '\'' || unicode.IsSpace(r) })
	if m := reIntDotZero.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	if reSciInt.MatchString(s) {
		if d, err := decimal.NewFromString(s); err == nil && d.IsInteger() && d.Sign() > 0 {
			return d.String()
		}
	}
	return s
}

// dateOfDateTimePlain is dateOfDateTime without its shortcut.
func dateOfDateTimePlain(v string, year int, month time.Month, date1904 bool) (time.Time, bool) {
	v = normText(v)
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		if f < 1 || f == math.Floor(f) {
			return time.Time{}, false
		}
		t, err := serialDate(int(f), date1904)
		return t, err == nil
	}
	if !strings.ContainsAny(v, " T") {
		return time.Time{}, false
	}
	if m := reDateTime.FindStringSubmatch(v); m != nil {
		t, err := ParseDate(strings.TrimSuffix(v, m[1]), year, month, date1904)
		return t, err == nil
	}
	return time.Time{}, false
}

// dottedDatePlain is dottedDate without its shortcut.
func dottedDatePlain(v string) (month, day int, ok bool) {
	ms, ds, found := strings.Cut(strings.TrimSpace(v), ".")
	m, err1 := strconv.Atoi(ms)
	d, err2 := strconv.Atoi(ds)
	if !found || err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 || len(ds) > 2 {
		return 0, 0, false
	}
	return m, d, true
}

var shortcutSeeds = []string{"", "123", "123.0", "00123", "１２３", "'007", "1.23E+5", "1e3", " KF001 ", "KF009994",
	"100001", "KF0001", "1E5", "e5", "12e", " 7", "abcE5", "A-1",
	"08:48", "０８：４８", "2026-11-03 08:59", "2026-11-03T08:59", "46353.375", "46353", "0.375", "11.2", "11.", ".2", "1:2 T",
	"次日 01:10", "Inf", "1_000", "0x1p-2", "11.10", " 11.3 ", "13.1"}

func checkShortcuts(t *testing.T, s string) {
	if got, want := NormalizeID(s), normalizeIDPlain(s); got != want {
		t.Errorf("NormalizeID(%q) = %q; want %q", s, got, want)
	}
	for _, date1904 := range []bool{false, true} {
		got, gok := dateOfDateTime(s, 2026, time.November, date1904)
		want, wok := dateOfDateTimePlain(s, 2026, time.November, date1904)
		if !got.Equal(want) || gok != wok {
			t.Errorf("dateOfDateTime(%q, %v) = %v, %v; want %v, %v", s, date1904, got, gok, want, wok)
		}
	}
	m, d, ok := dottedDate(s)
	wm, wd, wok := dottedDatePlain(s)
	if m != wm || d != wd || ok != wok {
		t.Errorf("dottedDate(%q) = %d, %d, %v; want %d, %d, %v", s, m, d, ok, wm, wd, wok)
	}
	cells := strings.Split(s, ".")
	rec := &sheetRec{}
	rec.rowSeen(&header{cols: map[string]int{}}, 1, cells)
	trimmed := make([]string, len(cells))
	for i, c := range cells {
		trimmed[i] = strings.TrimSpace(c)
	}
	if got, want := rec.rows[0].h, rowFingerprint(trimmed); got != want {
		t.Errorf("rowSeen(%q) fingerprint = %x; want %x (the trimmed cells')", cells, got, want)
	}
}

func TestShortcutsSameAsPlain(t *testing.T) {
	for _, s := range shortcutSeeds {
		checkShortcuts(t, s)
	}
}

func FuzzShortcuts(f *testing.F) {
	for _, s := range shortcutSeeds {
		f.Add(s)
	}
	f.Fuzz(checkShortcuts)
}

// TestRowFingerprint checks that rows equal once trimmed have the same
// fingerprint and rows that differ (in a byte of a cell of any length, in
// where a cell ends, in the number of cells) do not.
func TestRowFingerprint(t *testing.T) {
	tests := []struct {
		a, b  []string
		equal bool
	}{
		{[]string{"KF001", "张三"}, []string{" KF001", "张三\u3000"}, true},
		{[]string{"KF001", "张三"}, []string{"KF001", "张三"}, true},
		{nil, []string{}, true},
		{[]string{"KF001", "张三"}, []string{"张三", "KF001"}, false},
		{[]string{"KF0", "01"}, []string{"KF", "001"}, false},
		{[]string{"KF001"}, []string{"KF001", ""}, false},
		{[]string{""}, nil, false},
		{[]string{"", ""}, []string{""}, false},
		{[]string{"a"}, []string{"a\x00"}, false},
		{[]string{"ab"}, []string{"ba"}, false},
		{[]string{"aab"}, []string{"abb"}, false},
		{[]string{"12345678", "x"}, []string{"12345678x"}, false},
		{[]string{"12345678"}, []string{"12345678\x00"}, false},
		{[]string{"客服部", "马浩", "100001", "2026/11/02 08:51:25", "2", "1", "指纹"}, []string{"客服部", "马浩", "100001", "2026/11/02 08:51:26", "2", "1", "指纹"}, false},
		{[]string{"客服部", "马浩", "100001", "2026/11/02 08:51:25", "2", "1", "指纹"}, []string{"客服部", "马浩", "100002", "2026/11/02 08:51:25", "2", "1", "指纹"}, false},
	}
	for _, tt := range tests {
		if got := rowFingerprint(tt.a) == rowFingerprint(tt.b); got != tt.equal {
			t.Errorf("rowFingerprint(%q) == rowFingerprint(%q) is %v; want %v", tt.a, tt.b, got, tt.equal)
		}
	}
	// one byte changed at every place of cells of every length from 0 to 24
	long := "0123456789abcdefghijklmnopq"
	seen := map[uint64]string{}
	for n := 0; n <= 24; n++ {
		for i := -1; i < n; i++ {
			c := []byte(long[:n])
			if i >= 0 {
				c[i] = '#'
			}
			row := []string{"x", string(c), "y"}
			fp := rowFingerprint(row)
			if prev, dup := seen[fp]; dup {
				t.Fatalf("rowFingerprint(%q) = that of %q", row, prev)
			}
			seen[fp] = string(c)
		}
	}
}

// FuzzRowFingerprint checks on rows of cells split at '|' that fingerprints
// agree exactly when the rows do once trimmed.
func FuzzRowFingerprint(f *testing.F) {
	f.Add("KF001|张三|2026-11-03 08:59", "KF001|张三|2026-11-03 08:58")
	f.Add("12345678|x", "12345678x|")
	f.Add("", "|")
	f.Add("ab |c", "ab|c ")
	f.Fuzz(func(t *testing.T, a, b string) {
		ca, cb := strings.Split(a, "|"), strings.Split(b, "|")
		same := len(ca) == len(cb)
		for i := 0; same && i < len(ca); i++ {
			same = strings.TrimSpace(ca[i]) == strings.TrimSpace(cb[i])
		}
		if fa, fb := rowFingerprint(ca), rowFingerprint(cb); same != (fa == fb) {
			t.Errorf("rows %q and %q: equal %v but fingerprints %x, %x", ca, cb, same, fa, fb)
		}
	})
}
