package calc

import (
	"reflect"
	"testing"
	"time"
)

func TestInterpretDay(t *testing.T) {
	r := DefaultRules()
	r.Holidays = []time.Time{nov(4)}
	r.Workdays = []time.Time{nov(14)}
	p := At
	mon, sat := nov(2), nov(7)
	tests := []struct {
		name string
		date time.Time
		in   DayInput
		want Day
		warn string
	}{
		{"overnight with 次日", mon, DayInput{Shift: "夜班", SchedIn: p(22 * 60), SchedOut: p(6 * 60), In: p(21*60 + 55), Out: p(1440 + 6*60 + 10), HasPunchCols: true},
			Day{Status: "正常", WorkedMin: 495}, ""},
		{"overnight, out earlier than in", mon, DayInput{Shift: "夜班", SchedIn: p(22 * 60), SchedOut: p(6 * 60), In: p(22*60 + 10), Out: p(5*60 + 50), HasPunchCols: true},
			Day{Status: "迟到", Late: true, LateMin: 10, Early: true, EarlyMin: 10, WorkedMin: 460}, ""},
		{"正常 without punches", mon, DayInput{Verdict: defWords.ParseResult("正常"), HasPunchCols: true},
			Day{Status: "缺卡", MissingPunches: 2}, "考勤结果为「正常」，但没有打卡记录"},
		{"weekend without punches", sat, DayInput{HasPunchCols: true}, Day{Status: "休息"}, ""},
		{"rest shift on a weekday", mon, DayInput{Shift: "休息", HasPunchCols: true}, Day{Status: "休息"}, ""},
		{"holiday without punches", nov(4), DayInput{HasPunchCols: true}, Day{Status: "休息"}, ""},
		{"working Saturday without punches", nov(14), DayInput{HasPunchCols: true}, Day{Status: "旷工", Absent: true}, ""},
		{"workday without punches", mon, DayInput{HasPunchCols: true}, Day{Status: "旷工", Absent: true}, ""},
		{"迟到,早退 derived from the default shift", mon, DayInput{Verdict: defWords.ParseResult("迟到,早退"), In: p(9*60 + 20), Out: p(17*60 + 30), HasPunchCols: true},
			Day{Status: "迟到", Late: true, LateMin: 20, Early: true, EarlyMin: 30, WorkedMin: 490}, ""},
		// D24: the attendance system's verdict wins over the punches.
		{"D24 正常 with a late punch", mon, DayInput{Verdict: defWords.ParseResult("正常"), In: p(9*60 + 7), Out: p(18 * 60), HasPunchCols: true},
			Day{Status: "正常", WorkedMin: 533}, ""},
		{"D24 正常 with an early punch-out", mon, DayInput{Verdict: defWords.ParseResult("正常"), In: p(9 * 60), Out: p(17*60 + 50), HasPunchCols: true},
			Day{Status: "正常", WorkedMin: 530}, ""},
		{"D24 迟到 with blank 迟到分钟: minutes from the punches", mon, DayInput{Verdict: defWords.ParseResult("迟到"), In: p(9*60 + 12), Out: p(18 * 60), HasPunchCols: true},
			Day{Status: "迟到", Late: true, LateMin: 12, WorkedMin: 528}, ""},
		{"D24 迟到 with 迟到分钟: the column wins over the punches", mon, DayInput{Verdict: defWords.ParseResult("迟到"), In: p(9*60 + 12), Out: p(18 * 60), LateMin: 4, HasPunchCols: true},
			Day{Status: "迟到", Late: true, LateMin: 4, WorkedMin: 528}, ""},
		{"D24 正常 contradicted by 迟到分钟", mon, DayInput{Verdict: defWords.ParseResult("正常"), In: p(9*60 + 12), Out: p(18 * 60), LateMin: 12, EarlyMin: 3, HasPunchCols: true},
			Day{Status: "正常", WorkedMin: 528}, "考勤结果为「正常」，但迟到分钟为 12，按考勤结果不计迟到；考勤结果为「正常」，但早退分钟为 3，按考勤结果不计早退"},
		{"D24 no word: punches judge", mon, DayInput{In: p(9*60 + 12), Out: p(18 * 60), HasPunchCols: true},
			Day{Status: "迟到", Late: true, LateMin: 12, WorkedMin: 528}, ""},
		{"D24 缺卡 word, late punch not judged", mon, DayInput{Verdict: defWords.ParseResult("缺卡"), In: p(9*60 + 12), HasPunchCols: true},
			Day{Status: "缺卡", MissingPunches: 1}, ""},
		{"minutes in the word", mon, DayInput{Verdict: defWords.ParseResult("迟到15分钟")}, Day{Status: "迟到", Late: true, LateMin: 15}, ""},
		{"迟到 without any time", mon, DayInput{Verdict: defWords.ParseResult("迟到")}, Day{Status: "迟到", Late: true}, ""},
		{"leave", mon, DayInput{Verdict: defWords.ParseResult("年假"), HasPunchCols: true}, Day{Status: "年假", Leave: "年假"}, ""},
		{"旷工 wins over punches", mon, DayInput{Verdict: defWords.ParseResult("旷工"), In: p(540), Out: p(1080), HasPunchCols: true},
			Day{Status: "旷工", Absent: true, WorkedMin: 540}, ""},
		{"one punch, no result", mon, DayInput{In: p(535), HasPunchCols: true}, Day{Status: "缺卡", MissingPunches: 1}, ""},
		{"出差", mon, DayInput{Verdict: defWords.ParseResult("出差"), HasPunchCols: true}, Day{Status: "出差"}, ""},
		{"minute column wins", mon, DayInput{Verdict: defWords.ParseResult("迟到"), In: p(600), Out: p(1080), LateMin: 45, HasPunchCols: true},
			Day{Status: "迟到", Late: true, LateMin: 45, WorkedMin: 480}, ""},
	}
	for _, tt := range tests {
		tt.want.Date = tt.date
		got, warn := InterpretDay(r, tt.date, tt.in)
		if !reflect.DeepEqual(noArrive1(got), tt.want) || warn != tt.warn {
			t.Errorf("%s: InterpretDay = %+v, %q; want %+v, %q", tt.name, got, warn, tt.want, tt.warn)
		}
	}
}

func TestParseResult(t *testing.T) {
	tests := []struct {
		in   string
		want Verdict
	}{
		{"", Verdict{}},
		{"正常", Verdict{Given: true, Normal: true}},
		{"迟到，早退", Verdict{Given: true, Late: true, Early: true}},
		{"迟到5分钟 早退12分钟", Verdict{Given: true, Late: true, LateMin: 5, Early: true, EarlyMin: 12}},
		{"病假", Verdict{Given: true, Leave: "病假"}},
		{"上午事假", Verdict{Given: true, Leave: "事假"}},
		{"缺卡", Verdict{Given: true, Missed: true}},
		{"休", Verdict{Given: true, Rest: true}},
		{"请吃饭", Verdict{Given: true, Unknown: []string{"请吃饭"}}},
	}
	for _, tt := range tests {
		if got := defWords.ParseResult(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseResult(%q) = %+v; want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in      string
		want    Verdict
		unknown []string
	}{
		{"正常", Verdict{Given: true, Normal: true}, nil},
		{"严重迟到", Verdict{Given: true, Late: true}, nil},
		{"旷工迟到", Verdict{Given: true, Absent: true}, nil},
		{"迟到15分钟", Verdict{Given: true, Late: true, LateMin: 15}, nil},
		{"迟到1小时5分钟", Verdict{Given: true, Late: true, LateMin: 65}, nil},
		{"早退10分钟", Verdict{Given: true, Early: true, EarlyMin: 10}, nil},
		{"正常（休息）", Verdict{Given: true, Normal: true, Rest: true}, nil},
		{"补卡审批通过", Verdict{Given: true, Normal: true}, nil},
		{"外勤", Verdict{Given: true, Normal: true}, nil},
		{"上班缺卡", Verdict{Given: true, Missed: true}, nil},
		{"未打卡", Verdict{Given: true, Missed: true}, nil},
		{"请假", Verdict{Given: true, Leave: "请假"}, nil},
		{"病假", Verdict{Given: true, Leave: "病假"}, nil},
		{"出差", Verdict{Given: true, Trip: true}, nil},
		{"异常", Verdict{Given: true}, nil},
		{"迟到,早退", Verdict{Given: true, Late: true, Early: true}, nil},
		{"--", Verdict{}, nil},
		{"", Verdict{}, nil},
		{"吃饭", Verdict{}, []string{"吃饭"}},
		{"正常吃饭", Verdict{Given: true, Normal: true}, []string{"吃饭"}},
	}
	for _, tt := range tests {
		var got Verdict
		unknown := defWords.ParseStatus(tt.in, &got)
		if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(unknown, tt.unknown) {
			t.Errorf("ParseStatus(%q) = %+v, %q; want %+v, %q", tt.in, got, unknown, tt.want, tt.unknown)
		}
	}
}

func TestLeaveIn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"事假11-03 09:00到11-03 18:00", "事假"},
		{"事假 1天", "事假"},
		{"陪产假11-03到11-05", "陪产假"},
		{"补卡申请11-03 09:00", ""},
		{"病假11-02; 事假11-03", "病假"},
	}
	for _, tt := range tests {
		if got := defWords.LeaveIn(tt.in); got != tt.want {
			t.Errorf("LeaveIn(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestArriveLead covers the arrival of D38 (提前10分钟到岗): minutes the
// first punch came before the shift's start, known only with both.
func TestArriveLead(t *testing.T) {
	r := DefaultRules()
	p := At
	tests := []struct {
		name  string
		in    DayInput
		lead  int
		known bool
	}{
		{"ten minutes early", DayInput{HasPunchCols: true, SchedIn: p(540), SchedOut: p(1080), In: p(530), Out: p(1085)}, 10, true},
		{"nine minutes early", DayInput{HasPunchCols: true, SchedIn: p(540), SchedOut: p(1080), In: p(531), Out: p(1085)}, 9, true},
		{"late", DayInput{HasPunchCols: true, SchedIn: p(540), SchedOut: p(1080), In: p(547), Out: p(1085)}, -7, true},
		{"default shift", DayInput{HasPunchCols: true, In: p(520), Out: p(1085)}, 20, true},
		{"no punch in", DayInput{HasPunchCols: true, SchedIn: p(540), SchedOut: p(1080), Out: p(1085)}, 0, false},
		{"leave", DayInput{Verdict: Verdict{Given: true, Leave: "事假"}, HasPunchCols: true, SchedIn: p(540), SchedOut: p(1080)}, 0, false},
	}
	for _, tt := range tests {
		d, _ := InterpretDay(r, time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), tt.in)
		if d.ArriveLead != tt.lead || d.ArriveKnown != tt.known {
			t.Errorf("%s: ArriveLead, ArriveKnown = %d, %v; want %d, %v", tt.name, d.ArriveLead, d.ArriveKnown, tt.lead, tt.known)
		}
	}
}

// defWords are the attendance word tables of the default rules.
var defWords = WordsOf(DefaultRules())

func noArrive1(d Day) Day {
	d.ArriveLead, d.ArriveKnown = 0, false
	return d
}
