package sheets

import (
	"errors"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

func TestParseDate(t *testing.T) {
	tests := []struct {
		in       string
		date1904 bool
		want     time.Time
	}{
		{"2026-11-03", false, d(2026, 11, 3)},
		{"2026/11/3", false, d(2026, 11, 3)},
		{"2026.11.3", false, d(2026, 11, 3)},
		{"2026年11月3日", false, d(2026, 11, 3)},
		{"2026 年 11 月 3 日", false, d(2026, 11, 3)},
		{"11月3日", false, d(2026, 11, 3)},
		{"11-03", false, d(2026, 11, 3)},
		{"11/3", false, d(2026, 11, 3)},
		{"26-11-03 星期二", false, d(2026, 11, 3)},
		{"2026/11/02 星期一", false, d(2026, 11, 2)},
		{"2026-11-02(周一)", false, d(2026, 11, 2)},
		{"2026-11-03 星期二 08:00", false, d(2026, 11, 3)},
		{"２０２６－１１－０３", false, d(2026, 11, 3)},
		{"20261103", false, d(2026, 11, 3)},
		{"2026-11-03 08:30:00", false, d(2026, 11, 3)},
		{"2026-11-03T00:00:00Z", false, d(2026, 11, 3)},
		{"46329", false, d(2026, 11, 3)},
		{"46329.375", false, d(2026, 11, 3)},
		{"44867", true, d(2026, 11, 3)},
		{"61", false, d(1900, 3, 1)},
		{"59", false, d(1900, 2, 28)},
		{"0", true, d(1904, 1, 1)},
		{"3", false, d(2026, 11, 3)},
		{"3日", false, d(2026, 11, 3)},
		{"12月30日", false, d(2026, 12, 30)},
		{" 2026-11-30 ", false, d(2026, 11, 30)},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, 2026, time.November, tt.date1904)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q, 1904=%v) = %v, %v; want %v", tt.in, tt.date1904, got, err, tt.want)
		}
	}
	// a month-day near a year boundary takes the nearest year
	if got, _ := ParseDate("12-31", 2027, time.January, false); !got.Equal(d(2026, 12, 31)) {
		t.Errorf("ParseDate(12-31 in 2027-01) = %v; want 2026-12-31", got)
	}
	for _, bad := range []string{"", "2026-13-01", "2026-02-30", "abc", "60", "2026-11", "11月", "-5", "1e5", "2026/11/3/4", "32日"} {
		if got, err := ParseDate(bad, 2026, time.November, false); err == nil {
			t.Errorf("ParseDate(%q) = %v; want error", bad, got)
		}
	}
	if _, err := ParseDate("", 2026, time.November, false); !errors.Is(err, errEmpty) {
		t.Errorf("ParseDate(\"\") error = %v; want errEmpty", err)
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in      string
		min     int
		nextDay bool
	}{
		{"08:59", 539, false},
		{"8:59", 539, false},
		{"8:59:30", 539, false},
		{"０８：５９", 539, false},
		{"次日 01:10", 70, true},
		{"次日01:10", 70, true},
		{"01:10(次日)", 70, true},
		{"+1 01:10", 70, true},
		{"25:10", 70, true},
		{"0.375", 540, false},
		{"0.7083333333333334", 1020, false},
		{"46329.375", 540, false},
		{"0", 0, false},
		{"2026-11-03 08:59", 539, false},
		{"2026/11/3 17:30:05", 1050, false},
		{"8点30分", 510, false},
		{"18点", 1080, false},
		{"下午 5:30", 1050, false},
		{"5:30 PM", 1050, false},
		{"12:10 AM", 10, false},
		{"0.99999999", 0, true},
	}
	for _, tt := range tests {
		m, next, err := ParseClock(tt.in, false)
		if err != nil || m != tt.min || next != tt.nextDay {
			t.Errorf("ParseClock(%q) = %v, %v, %v; want %v, %v", tt.in, m, next, err, tt.min, tt.nextDay)
		}
	}
	for _, bad := range []string{"", "abc", "8:60", "48:00", "次日 25:00", "-0.5", "13:00 PM", "8:59:61", "未打卡"} {
		if m, next, err := ParseClock(bad, false); err == nil {
			t.Errorf("ParseClock(%q) = %v, %v; want error", bad, m, next)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"12", "12"},
		{" 12.50 ", "12.5"},
		{"１２", "12"},
		{"1,234.5", "1234.5"},
		{"12分", "12"},
		{"15分钟", "15"},
		{"200元", "200"},
		{"¥1,234.50", "1234.5"},
		{"￥300", "300"},
		{"+5", "5"},
		{"−5", "-5"},
		{"-5", "-5"},
		{"95%", "0.95"},
		{"1.5E+2", "150"},
		{"0.30000000000000004", "0.3"},
		{"2.2999999999999998", "2.3"},
		{".5", "0.5"},
	}
	for _, tt := range tests {
		got, err := ParseDecimal(tt.in)
		if err != nil || !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "abc", "1.2.3", "NaN", "Inf", "1e999", "--5", "5-", "十二", "12 分 3"} {
		if got, err := ParseDecimal(bad); err == nil {
			t.Errorf("ParseDecimal(%q) = %v; want error", bad, got)
		}
	}
}

func TestNormalizeID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"123", "123"},
		{" 123 ", "123"},
		{"123.0", "123"},
		{"123.00", "123"},
		{"00123", "00123"},
		{"'00123", "00123"},
		{"１２３", "123"},
		{"ＫＦ００１", "KF001"},
		{"KF001", "KF001"},
		{"1.23E+5", "123000"},
		{"1.2345678901E+10", "12345678901"},
		{"123.5", "123.5"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeID(tt.in); got != tt.want {
			t.Errorf("NormalizeID(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseMonth(t *testing.T) {
	tests := []struct {
		in    string
		year  int
		month time.Month
		ok    bool
	}{
		{"2026-11", 2026, 11, true},
		{"202611", 2026, 11, true},
		{"2026年11月", 2026, 11, true},
		{"2026年1月", 2026, 1, true},
		{"2026-1", 2026, 1, true},
		{"2026/11", 2026, 11, true},
		{"2026.11", 2026, 11, true},
		{"２０２６－１１", 2026, 11, true},
		{"2026-11-xx", 0, 0, false},
		{"2026-11-03", 0, 0, false},
		{"2026-13", 0, 0, false},
		{"20261", 0, 0, false},
		{"inbox", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		y, m, ok := ParseMonth(tt.in)
		if y != tt.year || m != tt.month || ok != tt.ok {
			t.Errorf("ParseMonth(%q) = %v, %v, %v; want %v, %v, %v", tt.in, y, m, ok, tt.year, tt.month, tt.ok)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-03", "2026/11/3", "2026.11.3", "2026年11月3日", "11月3日", "11-03", "26-11-03 星期二",
		"2026/11/02 星期一", "46329", "46329.5", "0", "3日", "20261103", "2026-11-03T08:00:00Z", "9999999"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, date1904 bool) {
		got, err := ParseDate(s, 2026, time.November, date1904)
		if err != nil {
			return
		}
		if got.Year() < 1900 || got.Year() > 9999 || got.Hour() != 0 || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v; want a UTC midnight date in 1900–9999", s, got)
		}
		// a date written back in ISO form reads the same
		if again, err := ParseDate(got.Format("2006-01-02"), 2026, time.November, date1904); err != nil || !again.Equal(got) {
			t.Errorf("ParseDate(%q) = %v; reading it back gives %v, %v", s, got, again, err)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"08:59", "8:59:30", "次日 01:10", "0.375", "25:10", "下午 5:30", "8点", "46329.99999", "2026-11-03 08:59"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, next, err := ParseClock(s, false)
		if err != nil {
			return
		}
		if m < 0 || m >= 1440 {
			t.Errorf("ParseClock(%q) = %v, %v; want minutes in 0…1439", s, m, next)
		}
	})
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"12", " 12.50 ", "１２", "1,234.5", "12分", "95%", "1.5E+2", "-0", "0.30000000000000004", "1e99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDecimal(s)
		if err != nil {
			return
		}
		if again, err := ParseDecimal(got.String()); err != nil || !again.Equal(got) {
			t.Errorf("ParseDecimal(%q) = %v; reading it back gives %v, %v", s, got, again, err)
		}
	})
}

func FuzzNormalizeID(f *testing.F) {
	for _, s := range []string{"123", "123.0", "00123", "１２３", "'007", "1.23E+5", " KF001 ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeID(s)
		if !utf8.ValidString(s) {
			return
		}
		if again := NormalizeID(got); again != got {
			t.Errorf("NormalizeID(%q) = %q, but NormalizeID(%q) = %q; want idempotent", s, got, got, again)
		}
	})
}
