package sheets

import (
	"math"
	"strconv"
	"strings"
	"time"

	"appraise/calc"
)

// Attendance shapes: each shape is a reader of its own (readerFor). This file
// reads the daily-records template (kind 2a). Every reader reduces a row to
// a calc.DayInput (typed values with their cells); calc.InterpretDay holds
// the rules every shape shares.

// words returns the word tables of the loader's rules.
func (ld *loader) words() *calc.Words { return calc.WordsOf(ld.r) }

// noPunchWords are punch cells meaning "no punch".
var noPunchWords = map[string]bool{"未打卡": true, "缺卡": true, "漏打卡": true, "无": true, "-": true, "--": true, "—": true, "/": true, "无打卡": true}

// clockCell parses a time cell of the row dated day; a date-time on the next
// day counts as next day.
func (c *rowCtx) clockCell(col string, day time.Time) calc.Clock {
	v := c.raw(col)
	if v == "" || noPunchWords[normText(v)] {
		return calc.Clock{}
	}
	m, next, err := ParseClock(v, c.src.date1904)
	if err != nil {
		c.errorf(col, "时间请写成 08:59 或 次日 01:10，或使用 Excel 时间格式", "%s：%s「%s」", col, errClock, v)
		return calc.Clock{}
	}
	if !day.IsZero() {
		if d, ok := dateOfDateTime(v, c.ld.year, c.ld.month, c.src.date1904); ok {
			next = next || d.Equal(day.AddDate(0, 0, 1))
		}
	}
	if next {
		m += 1440
	}
	return calc.At(m)
}

// dateOfDateTime returns the date part of a date-time cell (a serial ≥ 1 with
// a fraction, or "2026-11-03 08:59").
func dateOfDateTime(v string, year int, month time.Month, date1904 bool) (time.Time, bool) {
	v = normText(v)
	if strings.IndexByte(v, ':') >= 0 && !strings.ContainsAny(v, " T") {
		return time.Time{}, false // a time of day ("08:59"): no number, no date-time (ParseFloat's error would allocate)
	}
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

// readAttendanceRow parses a row of the daily-records template (kind 2a).
func (ld *loader) readAttendanceRow(c *rowCtx) {
	who := c.identify()
	day, ok := c.date("日期", true)
	if ok && !c.inMonth("日期", day, false) {
		return
	}
	in := calc.DayInput{
		Verdict:      ld.words().ParseResult(c.raw("考勤结果")),
		Shift:        c.text("班次"),
		HasPunchCols: c.has("上班打卡") || c.has("下班打卡"),
		Note:         c.note("备注"),
		LateMin:      c.integer("迟到分钟"),
		EarlyMin:     c.integer("早退分钟"),
	}
	in.SchedIn = c.clockCell("应上班时间", day)
	in.SchedOut = c.clockCell("应下班时间", day)
	in.In = c.clockCell("上班打卡", day)
	in.Out = c.clockCell("下班打卡", day)
	if len(in.Verdict.Unknown) > 0 {
		c.errorf("考勤结果", "可用："+strings.Join(ResultWords(ld.r), " ")+"；请假词可在考核规则参数表“请假类别”中增加", "无法识别的考勤结果「%s」", strings.Join(in.Verdict.Unknown, "、"))
	}
	if c.bad {
		return
	}
	d, warn := calc.InterpretDay(ld.r, day, in)
	if warn != "" {
		c.warnf("考勤结果", "请核对打卡记录；如确为正常出勤可忽略", "%s", warn)
	}
	d.Loc = c.loc("日期")
	if c.has("考勤结果") {
		d.Loc = c.loc("考勤结果")
	}
	ld.days.add(d, who)
}
