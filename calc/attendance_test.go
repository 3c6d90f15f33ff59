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

func TestDayInputExportRules(t *testing.T) {
	r := DefaultRules()
	tests := []struct {
		name  string
		build func(in *DayInput) int // returns the punches marked missing
		want  DayInput
		miss  int
	}{
		{"default shift fills the schedule", func(in *DayInput) int { in.DefaultShift(r); return 0 },
			DayInput{SchedIn: At(540), SchedOut: At(1080)}, 0},
		{"another shift keeps no schedule", func(in *DayInput) int { in.Shift = "夜班"; in.DefaultShift(r); return 0 },
			DayInput{Shift: "夜班"}, 0},
		{"a given schedule is kept", func(in *DayInput) int { in.SchedIn = At(600); in.DefaultShift(r); return 0 },
			DayInput{SchedIn: At(600)}, 0},
		{"first 上班 in, last 下班 out", func(in *DayInput) int {
			n := 0
			for _, p := range []struct {
				in bool
				t  Clock
			}{{true, At(535)}, {false, At(700)}, {true, At(760)}, {false, At(1085)}} {
				if in.AddPunch(p.in, p.t, Verdict{}) {
					n++
				}
			}
			return n
		}, DayInput{In: At(535), Out: At(1085)}, 0},
		{"补卡 without a time counts at the schedule", func(in *DayInput) int {
			in.DefaultShift(r)
			in.AddPunch(true, Clock{}, Verdict{Given: true, Normal: true})
			return 0
		}, DayInput{SchedIn: At(540), SchedOut: At(1080), In: At(540), Verdict: Verdict{Given: true, Normal: true}}, 0},
		{"缺卡 status counts missing", func(in *DayInput) int {
			n := 0
			if in.AddPunch(true, Clock{}, Verdict{Given: true, Missed: true}) {
				n++
			}
			if in.AddPunch(false, At(1080), Verdict{Given: true, Late: true, LateMin: 5}) {
				n++
			}
			return n
		}, DayInput{Out: At(1080), Verdict: Verdict{Given: true, Missed: true, Late: true, LateMin: 5}}, 1},
		{"approval names a generic leave", func(in *DayInput) int {
			in.Verdict = Verdict{Given: true, Leave: "请假"}
			in.NameLeave("病假")
			return 0
		}, DayInput{Verdict: Verdict{Given: true, Leave: "病假"}}, 0},
		{"approval does not replace a specific leave", func(in *DayInput) int {
			in.Verdict = Verdict{Given: true, Leave: "年假"}
			in.NameLeave("病假")
			return 0
		}, DayInput{Verdict: Verdict{Given: true, Leave: "年假"}}, 0},
		{"application is the verdict of a day without punches", func(in *DayInput) int { in.ApplyLeave("事假"); return 0 },
			DayInput{Verdict: Verdict{Given: true, Leave: "事假"}}, 0},
		{"application ignored on a punched day", func(in *DayInput) int { in.In = At(540); in.ApplyLeave("事假"); return 0 },
			DayInput{In: At(540)}, 0},
		{"application ignored on a 正常 day", func(in *DayInput) int {
			in.Verdict = Verdict{Given: true, Normal: true}
			in.ApplyLeave("事假")
			return 0
		}, DayInput{Verdict: Verdict{Given: true, Normal: true}}, 0},
		{"absence count", func(in *DayInput) int { in.MarkAbsent(1); return 0 },
			DayInput{Verdict: Verdict{Given: true, Absent: true}}, 0},
		{"absence count 0", func(in *DayInput) int { in.MarkAbsent(0); return 0 }, DayInput{}, 0},
		{"absence count over a word", func(in *DayInput) int {
			in.Verdict = Verdict{Given: true, Normal: true}
			in.MarkAbsent(2)
			return 0
		}, DayInput{Verdict: Verdict{Given: true, Normal: true, Absent: true}}, 0},
	}
	for _, tt := range tests {
		var in DayInput
		miss := tt.build(&in)
		if !reflect.DeepEqual(in, tt.want) || miss != tt.miss {
			t.Errorf("%s: %+v, %d missing; want %+v, %d", tt.name, in, miss, tt.want, tt.miss)
		}
	}
}

// TestInterpretDayMissing: the punches an export's words mark missing count
// when they say more than the times, on worked days only.
func TestInterpretDayMissing(t *testing.T) {
	r := DefaultRules()
	tests := []struct {
		name string
		in   DayInput
		want Day
	}{
		{"words say more", DayInput{HasPunchCols: true, In: At(540), Out: At(1080), Missing: 1, Verdict: Verdict{Given: true, Missed: true}},
			Day{Status: "缺卡", MissingPunches: 1, WorkedMin: 540}},
		{"late stays late", DayInput{HasPunchCols: true, In: At(560), Out: At(1080), Missing: 2, Verdict: Verdict{Given: true, Late: true}},
			Day{Status: "迟到", Late: true, LateMin: 20, MissingPunches: 2, WorkedMin: 520}},
		{"not on a leave", DayInput{Missing: 2, Verdict: Verdict{Given: true, Leave: "事假"}}, Day{Status: "事假", Leave: "事假"}},
	}
	for _, tt := range tests {
		tt.want.Date = nov(2)
		if got, _ := InterpretDay(r, nov(2), tt.in); !reflect.DeepEqual(noArrive1(got), tt.want) {
			t.Errorf("%s: InterpretDay = %+v; want %+v", tt.name, got, tt.want)
		}
	}
}

func TestSymbolVerdict(t *testing.T) {
	r := DefaultRules()
	r.Symbols = map[string]string{"√": "正常", "迟": "迟到", "早": "早退", "事": "事假", "X": "迟到,早退"}
	legend := map[string]string{"○": "休息", "迟": "早退"}
	tests := []struct {
		legend map[string]string
		in     string
		want   Verdict
		ok     bool
	}{
		{nil, "√", Verdict{Given: true, Normal: true}, true},
		{nil, "迟", Verdict{Given: true, Late: true}, true},
		{nil, "迟15", Verdict{Given: true, Late: true, LateMin: 15}, true},
		{nil, "早 10分钟", Verdict{Given: true, Early: true, EarlyMin: 10}, true},
		{nil, "事", Verdict{Given: true, Leave: "事假"}, true},
		{nil, "迟到", Verdict{Given: true, Late: true}, true},
		{nil, "事假09:00到18:00 8小时", Verdict{Given: true, Leave: "事假"}, true},
		{nil, "X5", Verdict{}, false}, // minutes of late or early?
		{nil, "?", Verdict{}, false},
		{legend, "○", Verdict{Given: true, Rest: true}, true},
		{legend, "迟", Verdict{Given: true, Early: true}, true},  // the sheet's legend wins
		{legend, "√", Verdict{Given: true, Normal: true}, true}, // else the rules' symbols
	}
	for _, tt := range tests {
		got, ok := SymbolVerdict(r, tt.legend, tt.in)
		if !reflect.DeepEqual(got, tt.want) || ok != tt.ok {
			t.Errorf("SymbolVerdict(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestShiftVerdict(t *testing.T) {
	tests := []struct {
		in   string
		want Verdict
		ok   bool
	}{
		{"休", Verdict{Given: true, Rest: true}, true},
		{"休息", Verdict{Given: true, Rest: true}, true},
		{"轮休", Verdict{Given: true, Rest: true}, true},
		{"事假", Verdict{Given: true, Leave: "事假"}, true},
		{"出差", Verdict{Given: true, Trip: true}, true},
		{"白班", Verdict{}, false},
		{"正常", Verdict{}, false},
	}
	for _, tt := range tests {
		got, ok := defWords.ShiftVerdict(tt.in)
		if !reflect.DeepEqual(got, tt.want) || ok != tt.ok {
			t.Errorf("ShiftVerdict(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLegendMeaning(t *testing.T) {
	tests := []struct {
		in   string
		word string
		n    int
	}{
		{"出勤√", "正常", len("出勤")},
		{"漏打卡 漏", "缺卡", len("漏打卡")},
		{"病假 病", "病假", len("病假")},
		{"请假 假", "事假", len("请假")},
		{"√ 出勤", "", 0},
	}
	for _, tt := range tests {
		if word, n := defWords.LegendMeaning(tt.in); word != tt.word || n != tt.n {
			t.Errorf("LegendMeaning(%q) = %q, %d; want %q, %d", tt.in, word, n, tt.word, tt.n)
		}
	}
}

func TestNearestSpan(t *testing.T) {
	day1, day2 := SpanOf(0, 540, 1080), SpanOf(1440, 540, 1080)
	night := SpanOf(0, 22*60, 6*60)
	tests := []struct {
		name  string
		spans []Span
		t     int
		want  int
	}{
		{"inside", []Span{day1, day2}, 600, 0},
		{"before the start", []Span{day1, day2}, 500, 0},
		{"late evening, nearer the first", []Span{day1, day2}, 1080 + 300, 0},
		{"night, nearer the next", []Span{day1, day2}, 1440 + 200, 1},
		{"tie goes to the earlier", []Span{day1, day2}, 1080 + 360, 0},
		{"too far", []Span{day1}, 1080 + MaxPunchGap + 1, -1},
		{"exactly the gap", []Span{day1}, 1080 + MaxPunchGap, 0},
		{"night shift after midnight", []Span{night}, 1440 + 5*60 + 50, 0},
		{"no shifts", nil, 600, -1},
	}
	for _, tt := range tests {
		if got := NearestSpan(tt.spans, tt.t); got != tt.want {
			t.Errorf("%s: NearestSpan(%v, %d) = %d; want %d", tt.name, tt.spans, tt.t, got, tt.want)
		}
	}
	if night != (Span{22 * 60, 1440 + 6*60}) {
		t.Errorf("SpanOf(0, 22:00, 06:00) = %v; want the end on the next day", night)
	}
}

func TestShiftInput(t *testing.T) {
	sp := Span{540, 1080}
	base := DayInput{Shift: "白班", HasPunchCols: true, SchedIn: At(540), SchedOut: At(1080)}
	with := func(f func(in *DayInput)) DayInput { in := base; f(&in); return in }
	tests := []struct {
		name    string
		shift   string
		punches []int
		want    DayInput
	}{
		{"no punch", "白班", nil, base},
		{"first and last", "白班", []int{530, 700, 1090}, with(func(in *DayInput) { in.In, in.Out = At(530), At(1090) })},
		{"lone punch near the start", "白班", []int{560}, with(func(in *DayInput) { in.In = At(560) })},
		{"lone punch in the middle is the arrival", "白班", []int{810}, with(func(in *DayInput) { in.In = At(810) })},
		{"lone punch near the end", "白班", []int{1000}, with(func(in *DayInput) { in.Out = At(1000) })},
		{"unnamed shift", "", nil, with(func(in *DayInput) { in.Shift = "排班" })},
	}
	for _, tt := range tests {
		if got := ShiftInput(tt.shift, sp, tt.punches...); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ShiftInput = %+v; want %+v", tt.name, got, tt.want)
		}
	}
}

func TestRestDayPunched(t *testing.T) {
	if got, want := RestDayPunched(nov(7), 600, 900), (Day{Date: nov(7), Status: "休息", Note: "休息日打卡", WorkedMin: 300}); got != want {
		t.Errorf("RestDayPunched(two punches) = %+v; want %+v", got, want)
	}
	if got, want := RestDayPunched(nov(7), 600), (Day{Date: nov(7), Status: "休息", Note: "休息日打卡"}); got != want {
		t.Errorf("RestDayPunched(one punch) = %+v; want %+v", got, want)
	}
}

func TestDefaultShiftOn(t *testing.T) {
	r := DefaultRules()
	r.Holidays, r.Workdays = []time.Time{nov(4)}, []time.Time{nov(14)}
	unset := DefaultRules()
	unset.DefaultShift.End = unset.DefaultShift.Start
	tests := []struct {
		name string
		r    *Rules
		d    time.Time
		want bool
	}{
		{"weekday", r, nov(2), true},
		{"Saturday", r, nov(7), false},
		{"holiday", r, nov(4), false},
		{"working Saturday", r, nov(14), true},
		{"no default shift", unset, nov(2), false},
	}
	for _, tt := range tests {
		sh, ok := tt.r.DefaultShiftOn(tt.d)
		if ok != tt.want || (ok && sh != tt.r.DefaultShift) {
			t.Errorf("%s: DefaultShiftOn = %v, %v; want %v", tt.name, sh, ok, tt.want)
		}
	}
}

func TestResultWords(t *testing.T) {
	r := DefaultRules()
	r.LeaveWords = []string{"请假", "事假", "迟到", "探亲假"} // 迟到 is a verdict already: listed once
	want := []string{"正常", "迟到", "早退", "旷工", "缺卡", "请假", "事假", "探亲假", "休息", "出差", "外出"}
	got := r.ResultWords()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ResultWords() = %v; want %v", got, want)
	}
	aw := WordsOf(r)
	for _, w := range got {
		if v := aw.ParseResult(w); !v.Given || len(v.Unknown) > 0 {
			t.Errorf("ParseResult(%q) = %+v; want a known word", w, v)
		}
	}
}
