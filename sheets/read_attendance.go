package sheets

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"appraise/calc"
)

// Attendance shapes: each shape is a reader of its own (readerFor). This file
// reads the daily-records template (kind 2a); interpretDay holds the rules
// every shape shares once a row is reduced to words and times.

// attWords are the word tables of the attendance readers, built from the
// leave words of the rules (参数 请假类别): the one list that the readers,
// the templates and calc share (issue 10 item 5).
type attWords struct {
	leave  []string     // leave words; 请假 is the generic one
	status []statusWord // status words of exports, longest first
	legend [][2]string  // meanings a matrix legend may name
}

// attWordsOf is the last table built, with the list it was built from:
// every row of a month asks for the same rules.
type attWordsOf struct {
	src []string // r.LeaveWords as given (the same backing array)
	w   *attWords
}

var attWordCache atomic.Pointer[attWordsOf]

// wordsOf returns the word tables of r's leave words.
func wordsOf(r *calc.Rules) *attWords {
	if c := attWordCache.Load(); c != nil && len(c.src) == len(r.LeaveWords) &&
		(len(c.src) == 0 || &c.src[0] == &r.LeaveWords[0]) && slices.Equal(c.src, c.w.leave) {
		return c.w
	}
	leave := slices.Clone(r.LeaveWords)
	w := &attWords{leave: leave, status: buildStatusWords(leave), legend: buildLegendWords(leave)}
	attWordCache.Store(&attWordsOf{src: r.LeaveWords, w: w})
	return w
}

// words returns the word tables of the loader's rules.
func (ld *loader) words() *attWords { return wordsOf(ld.r) }

// noPunchWords are punch cells meaning "no punch".
var noPunchWords = map[string]bool{"未打卡": true, "缺卡": true, "漏打卡": true, "无": true, "-": true, "--": true, "—": true, "/": true, "无打卡": true}

// isResultSep reports the separators between the words of a 考勤结果 cell.
func isResultSep(r rune) bool {
	switch r {
	case ',', ';', '/', '、', ' ', '\t', '\n', '\f', '\r':
		return true
	}
	return false
}

// firstDigits returns the first run of ASCII digits in s.
func firstDigits(s string) string {
	i := strings.IndexAny(s, "0123456789")
	if i < 0 {
		return ""
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return s[i:j]
}

// result is a parsed 考勤结果 cell.
type result struct {
	given                       bool
	absent, late, early, missed bool
	lateMin, earlyMin           int // minutes written in the word ("迟到15分钟"), 0 if none
	leave                       string
	rest, trip, normal          bool
	unknown                     []string
}

// parseResult reads the words of a 考勤结果 cell: "正常", "迟到", "迟到15分钟",
// "迟到,早退", "旷工", "缺卡", a leave word, "休息", "出差".
func parseResult(aw *attWords, s string) result {
	var res result
	s = normText(s)
	if s == "" {
		return res
	}
	res.given = true
	for _, w := range strings.FieldsFunc(s, isResultSep) {
		mins := 0
		if m := firstDigits(w); m != "" && len(m) < 6 {
			mins, _ = strconv.Atoi(m)
		}
		switch {
		case strings.Contains(w, "旷工"):
			res.absent = true
		case strings.Contains(w, "迟到"):
			res.late, res.lateMin = true, mins
		case strings.Contains(w, "早退"):
			res.early, res.earlyMin = true, mins
		case strings.Contains(w, "缺卡") || strings.Contains(w, "未打卡") || strings.Contains(w, "漏打卡"):
			res.missed = true
		case w == "休息" || w == "休" || w == "休息日" || w == "公休" || w == "节假日" || w == "法定假日":
			res.rest = true
		case strings.Contains(w, "出差") || w == "外出" || w == "公出" || w == "外勤":
			res.trip = true
		case w == "正常" || w == "出勤" || w == "√" || w == "✓":
			res.normal = true
		default:
			found := false
			for _, l := range aw.leave {
				if strings.Contains(w, l) {
					res.leave, found = l, true
					break
				}
			}
			if !found {
				res.unknown = append(res.unknown, w)
			}
		}
	}
	return res
}

// punch is a punched or scheduled time: minutes after the row's midnight.
type punch struct {
	set bool
	min int // may exceed 1440 for the next day
}

// clockCell parses a time cell of the row dated day; a date-time on the next
// day counts as next day.
func (c *rowCtx) clockCell(col string, day time.Time) punch {
	v := c.raw(col)
	if v == "" || noPunchWords[normText(v)] {
		return punch{}
	}
	m, next, err := ParseClock(v, c.src.date1904)
	if err != nil {
		c.errorf(col, "时间请写成 08:59 或 次日 01:10，或使用 Excel 时间格式", "%s：%s「%s」", col, errClock, v)
		return punch{}
	}
	if !day.IsZero() {
		if d, ok := dateOfDateTime(v, c.ld.year, c.ld.month, c.src.date1904); ok {
			next = next || d.Equal(day.AddDate(0, 0, 1))
		}
	}
	if next {
		m += 1440
	}
	return punch{true, m}
}

// dateOfDateTime returns the date part of a date-time cell (a serial ≥ 1 with
// a fraction, or "2026-11-03 08:59").
func dateOfDateTime(v string, year int, month time.Month, date1904 bool) (time.Time, bool) {
	v = normText(v)
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		if f < 1 || f == math.Floor(f) {
			return time.Time{}, false
		}
		t, err := serialDate(int(f), date1904)
		return t, err == nil
	}
	if !strings.ContainsAny(v, " T") {
		return time.Time{}, false // no date-time without a space or T; skips the regexp
	}
	if m := reDateTime.FindStringSubmatch(v); m != nil {
		t, err := ParseDate(strings.TrimSuffix(v, m[1]), year, month, date1904)
		return t, err == nil
	}
	return time.Time{}, false
}

// isWorkday reports whether a date is a working day under the rules'
// calendar (weekends off unless listed as 调休上班 days; holidays off).
func isWorkday(r *calc.Rules, d time.Time) bool {
	for _, w := range r.Workdays {
		if sameDay(w, d) {
			return true
		}
	}
	for _, h := range r.Holidays {
		if sameDay(h, d) {
			return false
		}
	}
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// dayInput is one attendance row reduced to what every shape can give.
type dayInput struct {
	res               result
	shift             string
	schedIn, schedOut punch
	in, out           punch
	hasPunchCols      bool
	lateMin, early    int // from minute columns, -1 when blank
	note              string
	earlyLoc          calc.Loc // the cell saying 早退, when not the day's cell
}

// interpretDay turns a reduced row into a calc.Day. The attendance
// system's verdict wins (D24): a day with a 考勤结果 word is judged by the
// word alone (the system applied its own grace and approvals); punches and
// minute columns only judge a day without one. Minutes come from the minute
// columns, else from the words, else from scheduled vs punched times. A
// workday with no punches and no result (or a leave, rest or trip) is an
// absence (D7). It returns a warning text, if any.
func interpretDay(r *calc.Rules, day time.Time, in dayInput) (calc.Day, string) {
	d := calc.Day{Date: day, Note: in.note, EarlyLoc: in.earlyLoc}
	res := in.res
	sIn, sOut := in.schedIn, in.schedOut
	if (!sIn.set || !sOut.set) && r.DefaultShift.Start != r.DefaultShift.End &&
		(in.shift == "" || in.shift == r.DefaultShift.Name) {
		if !sIn.set {
			sIn = punch{true, r.DefaultShift.Start}
		}
		if !sOut.set {
			sOut = punch{true, r.DefaultShift.End}
		}
	}
	if sIn.set && sOut.set && sOut.min <= sIn.min {
		sOut.min += 1440
	}
	pin, pout := in.in, in.out
	if pin.set && pout.set && pout.min < pin.min {
		pout.min += 1440 // overnight: out earlier than in
	}
	if sIn.set && sOut.set && sOut.min > 1440 && pout.set && !pin.set && pout.min < sIn.min {
		pout.min += 1440 // overnight shift, only the out punch (after midnight)
	}
	if pin.set && pout.set {
		d.WorkedMin = pout.min - pin.min
	}
	rest := res.rest || strings.Contains(in.shift, "休")
	workday := isWorkday(r, day) || (in.shift != "" && !rest)
	noPunch := in.hasPunchCols && !pin.set && !pout.set
	warn := ""
	switch {
	case res.absent:
		d.Absent, d.Status = true, "旷工"
	case res.leave != "":
		d.Leave, d.Status = res.leave, res.leave
	case res.trip:
		d.Status = "出差"
	case rest:
		d.Status = "休息"
	case !res.given && noPunch && workday:
		d.Absent, d.Status = true, "旷工"
	case !res.given && noPunch:
		d.Status = "休息"
	}
	if d.Absent || d.Leave != "" || d.Status == "休息" || d.Status == "出差" {
		return d, warn
	}
	// a worked day: late, early, missing punches
	if sIn.set && pin.set {
		d.ArriveLead, d.ArriveKnown = sIn.min-pin.min, true // D38: 提前10分钟到岗
	}
	derivedLate, derivedEarly := 0, 0
	if sIn.set && pin.set && pin.min > sIn.min {
		derivedLate = pin.min - sIn.min
	}
	if sOut.set && pout.set && pout.min < sOut.min {
		derivedEarly = sOut.min - pout.min
	}
	d.Late = res.late || (!res.given && (in.lateMin > 0 || derivedLate > 0))
	d.Early = res.early || (!res.given && (in.early > 0 || derivedEarly > 0))
	var warns []string
	if res.given && !res.late && in.lateMin > 0 {
		warns = append(warns, fmt.Sprintf("考勤结果为「%s」，但迟到分钟为 %d，按考勤结果不计迟到", resultText(res), in.lateMin))
	}
	if res.given && !res.early && in.early > 0 {
		warns = append(warns, fmt.Sprintf("考勤结果为「%s」，但早退分钟为 %d，按考勤结果不计早退", resultText(res), in.early))
	}
	if d.Late {
		d.LateMin = firstPositive(in.lateMin, res.lateMin, derivedLate)
	}
	if d.Early {
		d.EarlyMin = firstPositive(in.early, res.earlyMin, derivedEarly)
	}
	if in.hasPunchCols {
		if !pin.set {
			d.MissingPunches++
		}
		if !pout.set {
			d.MissingPunches++
		}
	}
	if res.missed && d.MissingPunches == 0 {
		d.MissingPunches = 1
	}
	if noPunch && res.given {
		warns = append(warns, "考勤结果为「"+joinResult(res)+"」，但没有打卡记录")
	}
	warn = strings.Join(warns, "；")
	switch {
	case d.Late:
		d.Status = "迟到"
	case d.Early:
		d.Status = "早退"
	case d.MissingPunches > 0:
		d.Status = "缺卡"
	default:
		d.Status = "正常"
	}
	return d, warn
}

// resultText is the verdict of a worked day for messages: its words, or
// 正常 when it names none of them.
func resultText(res result) string {
	if t := joinResult(res); t != "" {
		return t
	}
	return "正常"
}

func joinResult(res result) string {
	var w []string
	if res.normal {
		w = append(w, "正常")
	}
	if res.late {
		w = append(w, "迟到")
	}
	if res.early {
		w = append(w, "早退")
	}
	if res.missed {
		w = append(w, "缺卡")
	}
	return strings.Join(w, "、")
}

func firstPositive(v ...int) int {
	for _, x := range v {
		if x > 0 {
			return x
		}
	}
	return 0
}

// readAttendanceRow parses a row of the daily-records template (kind 2a).
func (ld *loader) readAttendanceRow(c *rowCtx) {
	who := c.identify()
	day, ok := c.date("日期", true)
	if ok && !c.inMonth("日期", day, false) {
		return
	}
	in := dayInput{
		res:          parseResult(ld.words(), c.raw("考勤结果")),
		shift:        c.text("班次"),
		hasPunchCols: c.has("上班打卡") || c.has("下班打卡"),
		note:         c.note("备注"),
		lateMin:      c.integer("迟到分钟"),
		early:        c.integer("早退分钟"),
	}
	in.schedIn = c.clockCell("应上班时间", day)
	in.schedOut = c.clockCell("应下班时间", day)
	in.in = c.clockCell("上班打卡", day)
	in.out = c.clockCell("下班打卡", day)
	if len(in.res.unknown) > 0 {
		c.errorf("考勤结果", "可用："+strings.Join(ResultWords(ld.r), " ")+"；请假词可在考核规则参数表“请假类别”中增加", "无法识别的考勤结果「%s」", strings.Join(in.res.unknown, "、"))
	}
	if c.bad {
		return
	}
	d, warn := interpretDay(ld.r, day, in)
	if warn != "" {
		c.warnf("考勤结果", "请核对打卡记录；如确为正常出勤可忽略", "%s", warn)
	}
	d.Loc = c.loc("日期")
	if c.has("考勤结果") {
		d.Loc = c.loc("考勤结果")
	}
	ld.days = append(ld.days, pending[calc.Day]{d, who})
}
