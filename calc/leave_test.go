package calc

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var leaveCell = Loc{File: "请假.xlsx", Sheet: "请假记录", Cell: "C2"}
var swapCell = Loc{File: "换班.xlsx", Sheet: "换班登记", Cell: "A2"}

func at(d, h, m int) time.Time { return time.Date(2026, time.November, d, h, m, 0, 0, time.UTC) }

// staff is a roster with the roles the leave rules look at: 1 and 2 are
// agents, 3 a 组长, 8 the 客服中心主任, 9 a 主任 (names 员工N).
func staff() []Employee {
	e3, e8, e9 := leader("3"), agent("8"), agent("9")
	e8.Role, e9.Role = "客服中心主任", "主任"
	return []Employee{agent("1"), agent("2"), e3, e8, e9}
}

func approved(typ string, start, end, asked time.Time, approvers string) Leave {
	return Leave{ID: "1", Type: typ, Start: start, End: end, Asked: asked, Status: LeaveApproved, Approvers: approvers, Loc: leaveCell}
}

func leaveDay(id string, d int, word string) Day {
	return Day{ID: id, Date: nov(d), Status: word, Loc: attCell}
}

func clauses(res *Result, id string) []string {
	var out []string
	for _, f := range res.Findings {
		if f.ID == id {
			out = append(out, f.Clause)
		}
	}
	return out
}

// TestLeaveApproval covers D34 and D36's 换班和还班均不得请假: a day marked
// as leave stands only with an approved record covering it, asked before
// it began or approved by a manager.
func TestLeaveApproval(t *testing.T) {
	tests := []struct {
		name   string
		days   []Day
		leaves []Leave
		swaps  []Swap
		noLog  bool   // no 请假记录 supplied
		raw    string // person 1's raw score
		clause string // finding expected ("" none)
		found  string
	}{
		{name: "approved and asked ahead", days: []Day{leaveDay("1", 5, "事假")},
			leaves: []Leave{approved("事假", nov(5), nov(6), at(3, 9, 0), "员工9")}, raw: "80"},
		{name: "no record", days: []Day{leaveDay("1", 5, "事假")}, raw: "60",
			clause: "请假制度 二", found: "11月5日考勤为事假，但请假记录中没有覆盖这一天的请假"},
		{name: "record still pending", days: []Day{leaveDay("1", 5, "病假")},
			leaves: []Leave{{ID: "1", Type: "病假", Start: nov(5), End: nov(6), Asked: at(4, 8, 0), Status: LeavePending, Loc: leaveCell}}, raw: "60",
			clause: "请假制度 二", found: "11月5日病假的请假记录审批状态为审批中，没有已通过的请假"},
		{name: "late request approved by a 组长", days: []Day{leaveDay("1", 5, "事假")},
			leaves: []Leave{approved("事假", at(5, 9, 0), at(5, 18, 0), at(5, 9, 1), "3")}, raw: "60",
			clause: "请假制度 二", found: "11月5日事假的请假在开始后才申请，且未经管理人员（主管、主任、客服部主任、客服中心主任）批准"},
		{name: "late request approved by the 主任", days: []Day{leaveDay("1", 5, "事假")},
			leaves: []Leave{approved("事假", at(5, 9, 0), at(5, 18, 0), at(5, 10, 0), "员工3、员工9")}, raw: "80"},
		{name: "asked exactly when it begins is not late", days: []Day{leaveDay("1", 5, "事假")},
			leaves: []Leave{approved("事假", at(5, 9, 0), at(5, 18, 0), at(5, 9, 0), "3")}, raw: "80"},
		{name: "afternoon half day covers the day", days: []Day{leaveDay("1", 5, "事假")},
			leaves: []Leave{approved("事假", at(5, 12, 0), nov(6), at(3, 9, 0), "9")}, raw: "80"},
		{name: "night leave across midnight covers both days", days: []Day{leaveDay("1", 4, "事假"), leaveDay("1", 5, "事假")},
			leaves: []Leave{approved("事假", at(4, 22, 0), at(5, 6, 0), at(3, 9, 0), "9")}, raw: "80"},
		{name: "leave ending at midnight does not cover the next day", days: []Day{leaveDay("1", 6, "事假")},
			leaves: []Leave{approved("事假", nov(5), nov(6), at(3, 9, 0), "9")}, raw: "60",
			clause: "请假制度 二", found: "11月6日考勤为事假，但请假记录中没有覆盖这一天的请假"},
		{name: "leave from last month covers the month's first days", days: []Day{leaveDay("1", 2, "年假")},
			leaves: []Leave{approved("年假", day(2026, time.October, 30), nov(3), day(2026, time.October, 20), "8")}, raw: "80"},
		{name: "without 请假记录 leave words stand", days: []Day{leaveDay("1", 5, "事假")}, noLog: true, raw: "80"},
		{name: "leave on a swap day", days: []Day{leaveDay("1", 5, "事假")},
			leaves: []Leave{approved("事假", nov(5), nov(6), at(1, 9, 0), "9")},
			swaps:  []Swap{{Date: nov(5), ID: "2", StandIn: "1", LeadOK: true, SubOK: true, Loc: swapCell}}, raw: "60",
			clause: "换班制度 六", found: "11月5日是换班日（2 与 1 换班），换班日不得请假"},
		{name: "leave on a return day", days: []Day{leaveDay("1", 12, "病假")},
			leaves: []Leave{approved("病假", nov(12), nov(13), at(1, 9, 0), "9")},
			swaps:  []Swap{{Date: nov(5), Return: nov(12), ID: "1", StandIn: "2", LeadOK: true, SubOK: true, Loc: swapCell}}, raw: "60",
			clause: "换班制度 六", found: "11月12日是还班日（1 与 2 换班），还班日不得请假"},
	}
	for _, tt := range tests {
		m := month(staff()...)
		m.Days, m.Leaves, m.Swaps = tt.days, tt.leaves, tt.swaps
		m.LeaveGiven, m.SwapsGiven = !tt.noLog, len(tt.swaps) > 0
		res := Appraise(m, nil)
		a := row(t, res, "1")
		if !a.Raw.Equal(dec(tt.raw)) {
			t.Errorf("%s: Raw = %v; want %v", tt.name, a.Raw, tt.raw)
		}
		var fs []Finding
		for _, f := range res.Findings {
			if f.ID == "1" && f.Clause != "换班制度 五" && f.Action != "提醒（不扣分）" {
				fs = append(fs, f)
			}
		}
		switch {
		case tt.clause == "" && len(fs) != 0:
			t.Errorf("%s: findings %+v; want none", tt.name, fs)
		case tt.clause != "" && (len(fs) != 1 || fs[0].Clause != tt.clause || fs[0].Found != tt.found || fs[0].Loc != attCell ||
			fs[0].Action != "按旷工处理：S01 旷工 −20分" || fs[0].Text != Clauses[tt.clause]):
			t.Errorf("%s: findings %+v; want one %s at %v: %q", tt.name, fs, tt.clause, attCell, tt.found)
		}
		if tt.clause != "" {
			var s01 []Scored
			for _, e := range res.Events {
				if e.ID == "1" && e.Rule.Code == "S01" {
					s01 = append(s01, e)
				}
			}
			if len(s01) != 1 || !strings.Contains(s01[0].Note, "按旷工处理（"+tt.clause+"：") || !strings.Contains(s01[0].Note, Clauses[tt.clause]) || s01[0].Loc != attCell {
				t.Errorf("%s: S01 events %+v; want one whose note names the clause and its text", tt.name, s01)
			}
			if st := res.Attendance[0]; st.Absent != 1 {
				t.Errorf("%s: Absent = %d; want 1", tt.name, st.Absent)
			}
		}
		infos := problemsAt(res, Info, "未提供请假记录")
		if want := map[bool]int{true: 1, false: 0}[tt.noLog]; len(infos) != want {
			t.Errorf("%s: %d 未提供请假记录 infos; want %d", tt.name, len(infos), want)
		}
	}
}

// TestLeaveReminders covers D35: reminders of 请假制度 三 to 七, no points,
// at the record's cell, at the boundary of each time limit.
func TestLeaveReminders(t *testing.T) {
	const boss = "员工8" // 客服中心主任: may approve any leave
	tests := []struct {
		name  string
		leave Leave
		rules func(*Rules)
		want  []string // clauses found, in order
		found string   // the first finding's text, when checked
	}{
		{name: "事假 asked exactly one day ahead", leave: approved("事假", at(5, 9, 0), at(5, 18, 0), at(4, 9, 0), boss)},
		{name: "事假 asked a minute late for one day ahead", leave: approved("事假", at(5, 9, 0), at(5, 18, 0), at(4, 9, 1), boss),
			want: []string{"请假制度 二"}, found: "事假提前不足1天提出：事假（2026-11-05 09:00 至 2026-11-05 18:00，申请于 2026-11-04 09:01）"},
		{name: "lead time 0 never reminds", leave: approved("事假", at(5, 9, 0), at(5, 18, 0), at(5, 8, 0), boss),
			rules: func(r *Rules) { r.LeaveAheadDays = dec("0") }},
		{name: "事假 asked by someone else", leave: func() Leave { l := approved("事假", nov(5), nov(6), nov(2), boss); l.Proxy = "员工2"; return l }(),
			want: []string{"请假制度 四"}, found: "事假由员工2代请：事假（2026-11-05 至 2026-11-06，申请于 2026-11-02）"},
		{name: "病假 asked by someone else is allowed", leave: func() Leave { l := approved("病假", nov(5), nov(6), nov(2), boss); l.Proxy = "员工2"; return l }()},
		{name: "病假 of a full day without 证明", leave: func() Leave { l := approved("病假", nov(5), nov(6), nov(2), boss); l.Proof = "无"; return l }(),
			want: []string{"请假制度 五"}, found: "病假1天，没有医疗单位证明：病假（2026-11-05 至 2026-11-06，申请于 2026-11-02）"},
		{name: "病假 of a half day without 证明", leave: func() Leave { l := approved("病假", nov(5), at(5, 12, 0), nov(2), boss); l.Proof = "无"; return l }()},
		{name: "病假 of 8 hours without 证明 is a full day", leave: func() Leave {
			l := approved("病假", at(5, 9, 0), at(5, 17, 0), nov(2), boss)
			l.Proof = "无"
			return l
		}(),
			want: []string{"请假制度 五"}},
		{name: "病假 with 证明 unknown", leave: approved("病假", nov(5), nov(6), nov(2), boss)},
		{name: "night leave asked at 12:00 that day", leave: approved("事假", at(5, 20, 0), at(6, 8, 0), at(5, 12, 0), boss),
			want: []string{"请假制度 二"}},
		{name: "night leave asked in the afternoon", leave: approved("病假", at(5, 20, 0), at(6, 8, 0), at(5, 12, 1), boss),
			want: []string{"请假制度 六"}, found: "夜班请假在当日12:00之后才提出：病假（2026-11-05 20:00 至 2026-11-06 08:00，申请于 2026-11-05 12:01）"},
		{name: "leave over a holiday asked two days ahead", leave: approved("年假", nov(5), nov(8), nov(3), boss),
			rules: func(r *Rules) { r.Holidays = []time.Time{nov(6)} }},
		{name: "leave over a holiday asked a day ahead", leave: approved("年假", nov(5), nov(8), at(3, 0, 1), boss),
			rules: func(r *Rules) { r.Holidays = []time.Time{nov(6)} },
			want:  []string{"请假制度 七"}, found: "请假包含节假日11月6日，提前不足2天提出：年假（2026-11-05 至 2026-11-08，申请于 2026-11-03 00:01）"},
		{name: "night leave approved by a 组长", leave: approved("病假", at(5, 20, 0), at(6, 8, 0), at(5, 9, 0), "3"),
			want: []string{"请假制度 六", "请假制度 三"}},
		{name: "holiday leave approved by a 组长", leave: approved("年假", nov(6), nov(7), nov(1), "3"),
			rules: func(r *Rules) { r.Holidays = []time.Time{nov(6)} },
			want:  []string{"请假制度 七", "请假制度 三"}, found: "请假包含节假日11月6日，未经管理人员批准：年假（2026-11-06 至 2026-11-07，申请于 2026-11-01）"},
		{name: "one day approved by the 主任", leave: approved("年假", nov(5), nov(6), nov(2), "9")},
		{name: "two days approved by the 主任", leave: approved("年假", nov(5), nov(7), nov(2), "9"),
			want: []string{"请假制度 三"}, found: "请假2天（一天以上）应由客服中心主任批准，审批人为9：年假（2026-11-05 至 2026-11-07，申请于 2026-11-02）"},
		{name: "multi-day leave over a holiday counts workdays only", leave: approved("年假", nov(5), nov(7), nov(1), "9"),
			rules: func(r *Rules) { r.Holidays = []time.Time{nov(6)} }},
		{name: "one day approved by a 组长", leave: approved("年假", nov(5), nov(6), nov(2), "3"),
			want: []string{"请假制度 三"}, found: "请假1天（一天以内）应由主任或客服部主任或客服中心主任批准，审批人为3：年假（2026-11-05 至 2026-11-06，申请于 2026-11-02）"},
		{name: "公假 approved by the 主任", leave: approved("公假", nov(5), nov(6), nov(2), "9"),
			want: []string{"请假制度 九"}, found: "请假1天（公假）应由客服中心主任批准，审批人为9：公假（2026-11-05 至 2026-11-06，申请于 2026-11-02）"},
		{name: "公假 approved by the 客服中心主任", leave: approved("公假", nov(5), nov(6), nov(2), "8")},
		{name: "refused leave is not checked", leave: func() Leave {
			l := approved("事假", nov(5), nov(6), at(5, 1, 0), "")
			l.Status = LeaveRefused
			return l
		}()},
		{name: "leave of another month is not checked", leave: approved("事假", day(2026, time.December, 3), day(2026, time.December, 4), day(2026, time.December, 3), "")},
	}
	for _, tt := range tests {
		r := DefaultRules()
		if tt.rules != nil {
			tt.rules(r)
		}
		m := month(staff()...)
		m.Leaves, m.LeaveGiven = []Leave{tt.leave}, true
		res := Appraise(m, r)
		if got := clauses(res, "1"); !slices.Equal(got, tt.want) {
			t.Errorf("%s: clauses %v; want %v (%+v)", tt.name, got, tt.want, res.Findings)
			continue
		}
		for _, f := range res.Findings {
			if f.Action != "提醒（不扣分）" || f.Loc != leaveCell || f.Date != tt.leave.Start || f.Team != "一组" || f.Name != "员工1" {
				t.Errorf("%s: finding %+v; want a reminder at %v dated at the start", tt.name, f, leaveCell)
			}
		}
		if tt.found != "" && res.Findings[0].Found != tt.found {
			t.Errorf("%s: found %q; want %q", tt.name, res.Findings[0].Found, tt.found)
		}
		if a := row(t, res, "1"); !a.Raw.Equal(dec("80")) {
			t.Errorf("%s: Raw = %v; want 80 (reminders do not score)", tt.name, a.Raw)
		}
	}
}
