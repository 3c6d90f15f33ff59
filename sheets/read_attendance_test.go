package sheets

import (
	"reflect"
	"testing"
	"time"

	"appraise/calc"
)

func TestInterpretDay(t *testing.T) {
	r := testRules()
	r.Holidays = []time.Time{day(11, 4)}
	r.Workdays = []time.Time{day(11, 14)}
	p := func(m int) punch { return punch{true, m} }
	mon, sat := day(11, 2), day(11, 7)
	tests := []struct {
		name string
		date time.Time
		in   dayInput
		want calc.Day
		warn string
	}{
		{"overnight with 次日", mon, dayInput{shift: "夜班", schedIn: p(22 * 60), schedOut: p(6 * 60), in: p(21*60 + 55), out: p(1440 + 6*60 + 10), hasPunchCols: true},
			calc.Day{Status: "正常", WorkedMin: 495}, ""},
		{"overnight, out earlier than in", mon, dayInput{shift: "夜班", schedIn: p(22 * 60), schedOut: p(6 * 60), in: p(22*60 + 10), out: p(5*60 + 50), hasPunchCols: true},
			calc.Day{Status: "迟到", Late: true, LateMin: 10, Early: true, EarlyMin: 10, WorkedMin: 460}, ""},
		{"正常 without punches", mon, dayInput{res: parseResult(defWords, "正常"), hasPunchCols: true},
			calc.Day{Status: "缺卡", MissingPunches: 2}, "考勤结果为「正常」，但没有打卡记录"},
		{"weekend without punches", sat, dayInput{hasPunchCols: true}, calc.Day{Status: "休息"}, ""},
		{"rest shift on a weekday", mon, dayInput{shift: "休息", hasPunchCols: true}, calc.Day{Status: "休息"}, ""},
		{"holiday without punches", day(11, 4), dayInput{hasPunchCols: true}, calc.Day{Status: "休息"}, ""},
		{"working Saturday without punches", day(11, 14), dayInput{hasPunchCols: true}, calc.Day{Status: "旷工", Absent: true}, ""},
		{"workday without punches", mon, dayInput{hasPunchCols: true}, calc.Day{Status: "旷工", Absent: true}, ""},
		{"迟到,早退 derived from the default shift", mon, dayInput{res: parseResult(defWords, "迟到,早退"), in: p(9*60 + 20), out: p(17*60 + 30), hasPunchCols: true},
			calc.Day{Status: "迟到", Late: true, LateMin: 20, Early: true, EarlyMin: 30, WorkedMin: 490}, ""},
		// D24: the attendance system's verdict wins over the punches.
		{"D24 正常 with a late punch", mon, dayInput{res: parseResult(defWords, "正常"), in: p(9*60 + 7), out: p(18 * 60), hasPunchCols: true},
			calc.Day{Status: "正常", WorkedMin: 533}, ""},
		{"D24 正常 with an early punch-out", mon, dayInput{res: parseResult(defWords, "正常"), in: p(9 * 60), out: p(17*60 + 50), hasPunchCols: true},
			calc.Day{Status: "正常", WorkedMin: 530}, ""},
		{"D24 迟到 with blank 迟到分钟: minutes from the punches", mon, dayInput{res: parseResult(defWords, "迟到"), in: p(9*60 + 12), out: p(18 * 60), hasPunchCols: true},
			calc.Day{Status: "迟到", Late: true, LateMin: 12, WorkedMin: 528}, ""},
		{"D24 迟到 with 迟到分钟: the column wins over the punches", mon, dayInput{res: parseResult(defWords, "迟到"), in: p(9*60 + 12), out: p(18 * 60), lateMin: 4, hasPunchCols: true},
			calc.Day{Status: "迟到", Late: true, LateMin: 4, WorkedMin: 528}, ""},
		{"D24 正常 contradicted by 迟到分钟", mon, dayInput{res: parseResult(defWords, "正常"), in: p(9*60 + 12), out: p(18 * 60), lateMin: 12, early: 3, hasPunchCols: true},
			calc.Day{Status: "正常", WorkedMin: 528}, "考勤结果为「正常」，但迟到分钟为 12，按考勤结果不计迟到；考勤结果为「正常」，但早退分钟为 3，按考勤结果不计早退"},
		{"D24 no word: punches judge", mon, dayInput{in: p(9*60 + 12), out: p(18 * 60), hasPunchCols: true},
			calc.Day{Status: "迟到", Late: true, LateMin: 12, WorkedMin: 528}, ""},
		{"D24 缺卡 word, late punch not judged", mon, dayInput{res: parseResult(defWords, "缺卡"), in: p(9*60 + 12), hasPunchCols: true},
			calc.Day{Status: "缺卡", MissingPunches: 1}, ""},
		{"minutes in the word", mon, dayInput{res: parseResult(defWords, "迟到15分钟")}, calc.Day{Status: "迟到", Late: true, LateMin: 15}, ""},
		{"迟到 without any time", mon, dayInput{res: parseResult(defWords, "迟到")}, calc.Day{Status: "迟到", Late: true}, ""},
		{"leave", mon, dayInput{res: parseResult(defWords, "年假"), hasPunchCols: true}, calc.Day{Status: "年假", Leave: "年假"}, ""},
		{"旷工 wins over punches", mon, dayInput{res: parseResult(defWords, "旷工"), in: p(540), out: p(1080), hasPunchCols: true},
			calc.Day{Status: "旷工", Absent: true, WorkedMin: 540}, ""},
		{"one punch, no result", mon, dayInput{in: p(535), hasPunchCols: true}, calc.Day{Status: "缺卡", MissingPunches: 1}, ""},
		{"出差", mon, dayInput{res: parseResult(defWords, "出差"), hasPunchCols: true}, calc.Day{Status: "出差"}, ""},
		{"minute column wins", mon, dayInput{res: parseResult(defWords, "迟到"), in: p(600), out: p(1080), lateMin: 45, hasPunchCols: true},
			calc.Day{Status: "迟到", Late: true, LateMin: 45, WorkedMin: 480}, ""},
	}
	for _, tt := range tests {
		tt.want.Date = tt.date
		got, warn := interpretDay(r, tt.date, tt.in)
		if !reflect.DeepEqual(noArrive1(got), tt.want) || warn != tt.warn {
			t.Errorf("%s: interpretDay = %+v, %q; want %+v, %q", tt.name, got, warn, tt.want, tt.warn)
		}
	}
}

func TestParseResult(t *testing.T) {
	tests := []struct {
		in   string
		want result
	}{
		{"", result{}},
		{"正常", result{given: true, normal: true}},
		{"迟到，早退", result{given: true, late: true, early: true}},
		{"迟到5分钟 早退12分钟", result{given: true, late: true, lateMin: 5, early: true, earlyMin: 12}},
		{"病假", result{given: true, leave: "病假"}},
		{"上午事假", result{given: true, leave: "事假"}},
		{"缺卡", result{given: true, missed: true}},
		{"休", result{given: true, rest: true}},
		{"请吃饭", result{given: true, unknown: []string{"请吃饭"}}},
	}
	for _, tt := range tests {
		if got := parseResult(defWords, tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseResult(%q) = %+v; want %+v", tt.in, got, tt.want)
		}
	}
}

// defWords are the attendance word tables of the default rules.
var defWords = wordsOf(calc.DefaultRules())
