package calc

import (
	"fmt"
	"strings"
	"time"
)

// Attendance interpretation: the readers of package sheets reduce a row of
// any attendance shape (the daily-records template, DingTalk, WeCom, clock
// punches, a hand-made matrix) to a DayInput holding the typed values they
// found; InterpretDay turns it into a Day. Every attendance rule that is
// not about the layout of a file lives here: the verdict words and what they
// mean (words.go), absence, overnight shifts, derived lateness, the default
// shift, which punch counts as arrival.

// Clock is a punched or scheduled time: minutes after the midnight of the
// row's date. Min may exceed 1440 for the next day. Set is false when the
// cell gave no time.
type Clock struct {
	Set bool
	Min int
}

// At returns the set Clock of min minutes after midnight.
func At(min int) Clock { return Clock{Set: true, Min: min} }

// Verdict is what the words of an attendance system's result or status
// cells say about a day (考勤结果 "迟到15分钟", 打卡结果 "严重迟到", a matrix
// symbol).
type Verdict struct {
	Given                       bool // some word was read
	Absent, Late, Early, Missed bool
	LateMin, EarlyMin           int    // minutes written in the words ("迟到15分钟"), 0 if none
	Leave                       string // the leave word; 请假 is the generic one
	Rest, Trip, Normal          bool
	Unknown                     []string // words not understood (ParseResult only)
}

// Merge adds the words of b to v: flags and minutes add up, a specific
// leave word replaces none or the generic 请假.
func (v *Verdict) Merge(b Verdict) {
	v.Given = v.Given || b.Given
	v.Absent = v.Absent || b.Absent
	v.Late = v.Late || b.Late
	v.Early = v.Early || b.Early
	v.Missed = v.Missed || b.Missed
	v.Rest = v.Rest || b.Rest
	v.Trip = v.Trip || b.Trip
	v.Normal = v.Normal || b.Normal
	v.LateMin += b.LateMin
	v.EarlyMin += b.EarlyMin
	if b.Leave != "" && (v.Leave == "" || v.Leave == genericLeave) {
		v.Leave = b.Leave
	}
}

// genericLeave is the leave word that names no kind of leave.
const genericLeave = "请假"

// DayInput is one attendance row of any shape reduced to typed values.
type DayInput struct {
	Verdict           Verdict
	Shift             string // the shift's name, "" when none is named
	SchedIn, SchedOut Clock  // scheduled times; out ≤ in means the next day
	In, Out           Clock  // the day's arrival and departure punches
	HasPunchCols      bool   // the shape has punch columns: no punch means none was made
	LateMin, EarlyMin int    // minute columns (迟到分钟, 迟到时长), 0 when blank
	// Missing is the number of punches the status words of an export mark
	// missing (上班缺卡 …), when they say more than the punch times.
	Missing  int
	Note     string
	EarlyLoc Loc // the cell saying 早退, when not the day's cell
}

// DefaultShift fills the scheduled times from the rules' default shift when
// the row gave none and names no other shift.
func (in *DayInput) DefaultShift(r *Rules) {
	sh := r.DefaultShift
	if in.SchedIn.Set || sh.Start == sh.End || (in.Shift != "" && in.Shift != sh.Name) {
		return
	}
	in.SchedIn, in.SchedOut = At(sh.Start), At(sh.End)
}

// AddPunch adds one 上班N (in) or 下班N punch of an export to the day, with
// the words of its status cell when it has one: the first 上班 time is the
// arrival, the last 下班 time the departure; a punch without a time that its
// status calls 正常 (补卡, an administrator's correction) counts as made at
// the scheduled time. It reports whether the status marks the punch
// missing. Call DefaultShift first.
func (in *DayInput) AddPunch(isIn bool, t Clock, status Verdict) (missed bool) {
	in.Verdict.Merge(status)
	if !t.Set && status.Normal && !status.Missed {
		if isIn {
			t = in.SchedIn
		} else {
			t = in.SchedOut
		}
	}
	if t.Set {
		if isIn && !in.In.Set {
			in.In = t
		}
		if !isIn {
			in.Out = t
		}
	}
	return status.Missed
}

// NameLeave makes a generic 请假 verdict specific with the leave word of an
// approval (DingTalk's 关联的审批单); "" leaves it as it is.
func (in *DayInput) NameLeave(leave string) {
	if leave != "" && in.Verdict.Leave == genericLeave {
		in.Verdict.Leave = leave
	}
}

// ApplyLeave applies a leave application (WeCom's 假勤申请) of the given
// leave word: it names a generic 请假 verdict, and is the day's verdict when
// nothing else says the day was worked (no leave or 正常 word, no punch).
func (in *DayInput) ApplyLeave(leave string) {
	v := &in.Verdict
	if leave != "" && (v.Leave == genericLeave || (v.Leave == "" && !v.Normal && !in.In.Set && !in.Out.Set)) {
		v.Given, v.Leave = true, leave
	}
}

// MarkAbsent records an export's count of absences (旷工天数, 旷工次数):
// any positive count makes the day an absence.
func (in *DayInput) MarkAbsent(count int) {
	if count > 0 {
		in.Verdict.Given, in.Verdict.Absent = true, true
	}
}

// InterpretDay turns an attendance row reduced to a DayInput into a Day
// dated day. The attendance system's verdict wins (D24): a day with a
// verdict word is judged by the word alone (the system applied its own
// grace and approvals); punches and minute columns only judge a day without
// one. Minutes come from the minute columns, else from the words, else from
// scheduled vs punched times. A workday with no punches and no verdict (or
// a leave, rest or trip) is an absence (D7). Overnight shifts end the next
// day. It returns a warning text (Chinese), "" when none.
func InterpretDay(r *Rules, day time.Time, in DayInput) (Day, string) {
	d := Day{Date: day, Note: in.Note, EarlyLoc: in.EarlyLoc}
	res := in.Verdict
	sIn, sOut := in.SchedIn, in.SchedOut
	if (!sIn.Set || !sOut.Set) && r.DefaultShift.Start != r.DefaultShift.End &&
		(in.Shift == "" || in.Shift == r.DefaultShift.Name) {
		if !sIn.Set {
			sIn = At(r.DefaultShift.Start)
		}
		if !sOut.Set {
			sOut = At(r.DefaultShift.End)
		}
	}
	if sIn.Set && sOut.Set && sOut.Min <= sIn.Min {
		sOut.Min += 1440
	}
	pin, pout := in.In, in.Out
	if pin.Set && pout.Set && pout.Min < pin.Min {
		pout.Min += 1440 // overnight: out earlier than in
	}
	if sIn.Set && sOut.Set && sOut.Min > 1440 && pout.Set && !pin.Set && pout.Min < sIn.Min {
		pout.Min += 1440 // overnight shift, only the out punch (after midnight)
	}
	if pin.Set && pout.Set {
		d.WorkedMin = pout.Min - pin.Min
	}
	rest := res.Rest || strings.Contains(in.Shift, "休")
	workday := r.Workday(day) || (in.Shift != "" && !rest)
	noPunch := in.HasPunchCols && !pin.Set && !pout.Set
	switch {
	case res.Absent:
		d.Absent, d.Status = true, "旷工"
	case res.Leave != "":
		d.Leave, d.Status = res.Leave, res.Leave
	case res.Trip:
		d.Status = "出差"
	case rest:
		d.Status = "休息"
	case !res.Given && noPunch && workday:
		d.Absent, d.Status = true, "旷工"
	case !res.Given && noPunch:
		d.Status = "休息"
	}
	if d.Absent || d.Leave != "" || d.Status == "休息" || d.Status == "出差" {
		return d, ""
	}
	// a worked day: late, early, missing punches
	if sIn.Set && pin.Set {
		d.ArriveLead, d.ArriveKnown = sIn.Min-pin.Min, true // D38: 提前10分钟到岗
	}
	derivedLate, derivedEarly := 0, 0
	if sIn.Set && pin.Set && pin.Min > sIn.Min {
		derivedLate = pin.Min - sIn.Min
	}
	if sOut.Set && pout.Set && pout.Min < sOut.Min {
		derivedEarly = sOut.Min - pout.Min
	}
	d.Late = res.Late || (!res.Given && (in.LateMin > 0 || derivedLate > 0))
	d.Early = res.Early || (!res.Given && (in.EarlyMin > 0 || derivedEarly > 0))
	var warns []string
	if res.Given && !res.Late && in.LateMin > 0 {
		warns = append(warns, fmt.Sprintf("考勤结果为「%s」，但迟到分钟为 %d，按考勤结果不计迟到", res.text(), in.LateMin))
	}
	if res.Given && !res.Early && in.EarlyMin > 0 {
		warns = append(warns, fmt.Sprintf("考勤结果为「%s」，但早退分钟为 %d，按考勤结果不计早退", res.text(), in.EarlyMin))
	}
	if d.Late {
		d.LateMin = firstPositive(in.LateMin, res.LateMin, derivedLate)
	}
	if d.Early {
		d.EarlyMin = firstPositive(in.EarlyMin, res.EarlyMin, derivedEarly)
	}
	if in.HasPunchCols {
		if !pin.Set {
			d.MissingPunches++
		}
		if !pout.Set {
			d.MissingPunches++
		}
	}
	if res.Missed && d.MissingPunches == 0 {
		d.MissingPunches = 1
	}
	d.MissingPunches = max(d.MissingPunches, in.Missing)
	if noPunch && res.Given {
		warns = append(warns, "考勤结果为「"+res.join()+"」，但没有打卡记录")
	}
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
	return d, strings.Join(warns, "；")
}

// text is the verdict of a worked day for messages: its words, or 正常
// when it names none of them.
func (v Verdict) text() string {
	if t := v.join(); t != "" {
		return t
	}
	return "正常"
}

func (v Verdict) join() string {
	var w []string
	if v.Normal {
		w = append(w, "正常")
	}
	if v.Late {
		w = append(w, "迟到")
	}
	if v.Early {
		w = append(w, "早退")
	}
	if v.Missed {
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
