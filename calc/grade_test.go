package calc

import (
	"testing"
	"time"
)

func TestPay(t *testing.T) {
	r := DefaultRules()
	for _, c := range []struct{ final, want string }{
		{"80", "0"}, {"91", "110"}, {"68", "-120"}, {"110", "300"}, {"45", "-300"},
		{"0", "-300"}, {"79.5", "-5"}, {"100", "200"}, {"110.5", "300"}, {"50", "-300"}, {"51", "-290"},
	} {
		got := r.Pay(dec(c.final))
		if !got.Equal(dec(c.want)) {
			t.Errorf("Pay(%v) = %v; want %v", c.final, got, c.want)
		}
	}
	if got := r.Pay(dec("91")).StringFixed(2); got != "110.00" {
		t.Errorf("Pay(91).StringFixed(2) = %v; want 110.00", got)
	}
}

func TestClamp(t *testing.T) {
	r := DefaultRules()
	for _, c := range []struct{ raw, want string }{
		{"115", "110"}, {"-12", "0"}, {"110", "110"}, {"0", "0"}, {"80", "80"},
	} {
		if got := r.Clamp(dec(c.raw)); !got.Equal(dec(c.want)) {
			t.Errorf("Clamp(%v) = %v; want %v", c.raw, got, c.want)
		}
	}
}

func TestGrade(t *testing.T) {
	r := DefaultRules()
	for _, c := range []struct{ score, want string }{
		{"59.5", "不合格"}, {"60", "E"}, {"64.9", "E"}, {"65", "D"}, {"69.9", "D"}, {"70", "C"},
		{"79.9", "C"}, {"80", "B"}, {"90", "B"}, {"90.5", "A"}, {"110", "A"}, {"0", "不合格"},
	} {
		if got := r.Grade(dec(c.score)); got != c.want {
			t.Errorf("Grade(%v) = %v; want %v", c.score, got, c.want)
		}
	}
}

func TestLatePoints(t *testing.T) {
	r := DefaultRules()
	for _, c := range []struct {
		min  int
		want string
	}{
		{0, "2"}, {-3, "2"}, {1, "2"}, {5, "2"}, {6, "3"}, {10, "3"}, {11, "4"}, {15, "4"}, {16, "5"}, {19, "5"}, {20, "5"}, {240, "5"},
	} {
		if got := r.LatePoints(c.min); !got.Equal(dec(c.want)) {
			t.Errorf("LatePoints(%v) = %v; want %v", c.min, got, c.want)
		}
	}
}

func TestIncident(t *testing.T) {
	r := DefaultRules()
	for _, c := range []struct {
		min  int
		want string
	}{
		{0, ""}, {-1, ""}, {1, "L13"}, {10, "L13"}, {11, "M08"}, {30, "M08"}, {31, "S06"}, {600, "S06"},
	} {
		got, ok := r.Incident(c.min)
		if got.Code != c.want || ok != (c.want != "") {
			t.Errorf("Incident(%v) = %v, %v; want %v", c.min, got.Code, ok, c.want)
		}
	}
}

func TestTenure(t *testing.T) {
	r := DefaultRules()
	cut := DefaultRules()
	cut.HireCutoff = 15
	for _, c := range []struct {
		rules *Rules
		hired time.Time
		y     int
		m     time.Month
		want  int
	}{
		{r, day(2026, 11, 1), 2026, 11, 1},
		{r, day(2026, 11, 1), 2026, 12, 2},
		{r, day(2026, 11, 1), 2027, 1, 3},
		{r, day(2026, 10, 31), 2026, 10, 1},
		{r, day(2026, 10, 31), 2026, 11, 2},
		{r, day(2026, 10, 31), 2026, 12, 3},
		{r, day(2026, 12, 31), 2026, 11, 0},
		{r, time.Time{}, 2026, 11, 0},
		{cut, day(2026, 10, 31), 2026, 11, 1},
		{cut, day(2026, 10, 31), 2027, 1, 3},
		{cut, day(2026, 10, 15), 2026, 11, 2},
		{cut, day(2026, 10, 16), 2026, 11, 1},
	} {
		got := c.rules.Tenure(c.hired, c.y, c.m)
		if got != c.want {
			t.Errorf("Tenure(%v, %d-%02d, cutoff %d) = %v; want %v", c.hired.Format("2006-01-02"), c.y, int(c.m), c.rules.HireCutoff, got, c.want)
		}
	}
}

func TestWorkday(t *testing.T) {
	r := DefaultRules()
	r.Holidays = []time.Time{day(2026, 10, 1)}
	r.Workdays = []time.Time{day(2026, 10, 10)}
	for _, c := range []struct {
		d    time.Time
		want bool
	}{
		{day(2026, 11, 2), true},  // Monday
		{day(2026, 11, 6), true},  // Friday
		{day(2026, 11, 7), false}, // Saturday
		{day(2026, 11, 8), false}, // Sunday
		{day(2026, 10, 1), false}, // holiday on a Thursday
		{day(2026, 10, 10), true}, // working Saturday
		{time.Date(2026, 10, 1, 15, 0, 0, 0, time.Local), false},
	} {
		if got := r.Workday(c.d); got != c.want {
			t.Errorf("Workday(%v) = %v; want %v", c.d.Format("2006-01-02 Mon"), got, c.want)
		}
	}
}

func TestStrings(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Error.String(), "错误"}, {Warning.String(), "警告"}, {Info.String(), "提示"},
		{Loc{"a.xlsx", "表1", "C7"}.String(), "a.xlsx!表1!C7"},
		{Loc{File: "a.csv", Cell: "第3行"}.String(), "a.csv!第3行"},
		{Loc{}.String(), ""},
		{Problem{Loc: Loc{"a.xlsx", "表1", "C7"}, Msg: "有错"}.Error(), "a.xlsx!表1!C7: 有错"},
		{Problem{Msg: "有错"}.Error(), "有错"},
	} {
		if c.got != c.want {
			t.Errorf("String() = %q; want %q", c.got, c.want)
		}
	}
}
