package sheets

import (
	"hash/fnv"
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

// fingerprintPlain is sheetRec.rowSeen's fingerprint by hash/fnv.
func fingerprintPlain(cells []string) uint64 {
	f := fnv.New64a()
	for _, c := range cells {
		f.Write([]byte(strings.TrimSpace(c)))
		f.Write([]byte{0x1f})
	}
	return f.Sum64()
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
	if got, want := rec.rows[0].h, fingerprintPlain(cells); got != want {
		t.Errorf("rowSeen(%q) fingerprint = %x; want %x (hash/fnv)", cells, got, want)
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
