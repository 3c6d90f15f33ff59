package calc

import "time"

// Clock punches paired into shifts (a clock machine's 考勤记录, attlog.dat,
// a clock's grid): the reader collects each person's punches and the
// schedule (排班表); these functions decide which shift a punch belongs to
// and which punch counts as arrival or departure.

// MaxPunchGap is how far (minutes) a punch may lie outside a shift and
// still belong to it.
const MaxPunchGap = 6 * 60

// Span is a scheduled work shift in minutes from an origin the caller
// chooses (a month's first midnight, a day's midnight); End is after Start.
type Span struct{ Start, End int }

// SpanOf returns the span of a shift starting start and ending end minutes
// after the midnight at minute day: an end not after the start is on the
// next day (a night shift).
func SpanOf(day, start, end int) Span {
	if end <= start {
		end += 1440
	}
	return Span{Start: day + start, End: day + end}
}

// NearestSpan returns the index in spans of the shift a punch at minute t
// belongs to: the nearest one (a punch inside a shift is at distance 0)
// within MaxPunchGap, the earliest in spans on a tie; -1 when none is near
// enough (a punch on a day off).
func NearestSpan(spans []Span, t int) int {
	best, bestGap := -1, MaxPunchGap+1
	for i, s := range spans {
		gap := 0
		if t < s.Start {
			gap = s.Start - t
		} else if t > s.End {
			gap = t - s.End
		}
		if gap < bestGap {
			best, bestGap = i, gap
		}
	}
	return best
}

// DefaultShiftOn returns the rules' default shift when d is a working day
// and the default shift is set (its start differs from its end): the shift
// a person without a 排班表 row works that day.
func (r *Rules) DefaultShiftOn(d time.Time) (Shift, bool) {
	sh := r.DefaultShift
	return sh, sh.Start != sh.End && r.Workday(d)
}

// ShiftInput reduces a scheduled shift and the punches paired with it to a
// DayInput. Times are minutes after the midnight of the shift's date;
// punches are in order. The first punch is the arrival and the last the
// departure; a lone punch is the arrival when it lies no farther from the
// start than from the end, else the departure. A shift without a name is
// called 排班 (a scheduled shift, not the default one).
func ShiftInput(name string, sp Span, punches ...int) DayInput {
	in := DayInput{Shift: name, HasPunchCols: true, SchedIn: At(sp.Start), SchedOut: At(sp.End)}
	if in.Shift == "" {
		in.Shift = "排班"
	}
	switch n := len(punches); {
	case n >= 2:
		in.In, in.Out = At(punches[0]), At(punches[n-1])
	case n == 1:
		if t := punches[0]; abs(t-sp.Start) <= abs(t-sp.End) {
			in.In = At(t)
		} else {
			in.Out = At(t)
		}
	}
	return in
}

// RestDayPunched is a day off on which a person punched anyway (punches in
// minutes, in order, none near a work shift): a rest day, noted, with the
// time between the first and the last punch as worked minutes.
func RestDayPunched(date time.Time, punches ...int) Day {
	d := Day{Date: date, Status: "休息", Note: "休息日打卡"}
	if n := len(punches); n >= 2 {
		d.WorkedMin = punches[n-1] - punches[0]
	}
	return d
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
