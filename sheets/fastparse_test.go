package sheets

import (
	"testing"
	"time"
)

// The fast paths of ParseDate and ParseClock (no regexp) must agree with
// the general ones; these inputs cross both.
func TestFastDateAndClock(t *testing.T) {
	nov := func(d int) time.Time { return time.Date(2026, time.November, d, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026/11/02 08:52:11", nov(2), true},
		{"2026-11-3", nov(3), true},
		{"2026/11/03 8:05", nov(3), true},
		{"2026-11-03 25:10", nov(3), true}, // general path (hour past 23)
		{"2026/13/02 08:00", time.Time{}, false},
		{"2026-11-31", time.Time{}, false},
		{"46329", nov(3), true},
		{"46329.375", nov(3), true},
		{"3", nov(3), true},
		{"2026-11-03x", time.Time{}, false},
		{"2026/1103", time.Time{}, false},
		{"26-11-03 星期二", nov(3), true}, // weekdayDate
		{"2026/11/3 周二", nov(3), true},
		{"26-11-3  礼拜天", nov(3), true},
		{"26-11-31 星期二", time.Time{}, false},
		{"26-11-03星期二", nov(3), true},          // general path (no space)
		{"(26-11-03) 星期二", time.Time{}, false}, // neither path
		{"126-11-03 星期二", time.Time{}, false},
	} {
		got, err := ParseDate(tt.in, 2026, time.November, false)
		if (err == nil) != tt.ok || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	for _, tt := range []struct {
		in   string
		want int
		next bool
		ok   bool
	}{
		{"08:59", 539, false, true},
		{"8:59:30", 539, false, true},
		{"2026/11/02 08:52:11", 532, false, true},
		{"2026-11-02 18:01", 1081, false, true},
		{"0.375", 540, false, true},
		{"46329.75", 1080, false, true},
		{"24:10", 10, true, true},
		{"8:60", 0, false, false},
		{"8:5", 485, false, true}, // general path
		{"次日 06:05", 365, true, true},
	} {
		got, next, err := ParseClock(tt.in, false)
		if (err == nil) != tt.ok || got != tt.want || next != tt.next {
			t.Errorf("ParseClock(%q) = %d, %v, %v; want %d, %v, ok %v", tt.in, got, next, err, tt.want, tt.next, tt.ok)
		}
	}
	for _, tt := range []struct {
		in   string
		want string
	}{{"12", "12"}, {"0012", "12"}, {"12.50", "12.5"}, {"1,234", "1234"}, {"３次", "3"}} {
		got, err := ParseDecimal(tt.in)
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{{"KF0001", "KF0001"}, {"张三", "张三"}, {" 张三 ", "张三"}, {"１２", "12"}, {"a\u00a0b", "a b"}, {"\u3000正常", "正常"}, {"x\u2003", "x"}} {
		if got := normText(tt.in); got != tt.want {
			t.Errorf("normText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
