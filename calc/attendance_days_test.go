package calc

import (
	"strconv"
	"testing"
)

// TestAttendanceInterleaved checks the per-row day bookkeeping of
// attendance when two people's days alternate: a duplicate day after the
// other person's day, the long shifts listed in order with the first
// longest named and the first one's cell, and more than ten missing
// workdays (the short form of the warning).
func TestAttendanceInterleaved(t *testing.T) {
	m := month(agent("1"), agent("2"))
	at := func(cell string) Loc { return Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: cell} }
	for d := 2; d <= 13; d++ {
		if !DefaultRules().Workday(nov(d)) {
			continue
		}
		m.Days = append(m.Days, Day{ID: "1", Date: nov(d), Status: "正常", Loc: at("A" + strconv.Itoa(d))})
		dy := Day{ID: "2", Date: nov(d), Status: "正常", Loc: at("B" + strconv.Itoa(d))}
		switch d {
		case 3:
			dy.WorkedMin = 600
		case 4, 5:
			dy.WorkedMin = 700
		}
		m.Days = append(m.Days, dy)
	}
	m.Days = append(m.Days, Day{ID: "1", Date: nov(4), Status: "迟到", Late: true, LateMin: 5, Loc: at("C4")})
	for d := 16; d <= 30; d++ {
		if DefaultRules().Workday(nov(d)) {
			m.Days = append(m.Days, Day{ID: "2", Date: nov(d), Status: "正常", Loc: at("B" + strconv.Itoa(d))})
		}
	}
	res := Appraise(m, nil)
	tests := []struct {
		sub  string
		id   string
		loc  Loc
		want string
	}{
		{"重复", "1", at("C4"), "1（员工1）2026-11-04有重复的考勤记录，只计第一条"},
		{"连续工作上限", "2", at("B3"), "2（员工2）本月有3个班次工作分钟超过连续工作上限480分钟，最长为11月4日：首末打卡间隔700分钟 − 休息60分钟 = 工作640分钟；超过的班次：11月3日540分钟、11月4日640分钟、11月5日640分钟"},
		{"没有考勤记录", "1", agent("1").Loc, "1（员工1）本月有11个工作日没有考勤记录（16日、17日、18日、19日、20日、23日、24日、25日、26日、27日 等）"},
	}
	for _, tt := range tests {
		got := problemsAt(res, Warning, tt.sub)
		if len(got) != 1 || got[0].ID != tt.id || got[0].Loc != tt.loc || got[0].Msg != tt.want {
			t.Errorf("%s: got %+v; want one warning at %v: %q", tt.sub, got, tt.loc, tt.want)
		}
	}
	if n := len(codes(res, "1")); n != 0 {
		t.Errorf("the duplicate late day was scored: %v", codes(res, "1"))
	}
	if st := res.Attendance[1]; st.ID != "2" || st.LongShifts != 3 || st.WorkDays != 21 {
		t.Errorf("attendance of 2: %+v; want 3 long shifts, 21 days", st)
	}
}
