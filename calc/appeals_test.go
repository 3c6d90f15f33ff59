package calc

import (
	"testing"
	"time"
)

// TestAppeals applies each 处理结果 of 申诉处理 (D32) and checks the score,
// the 扣分明细 row and the problems, with their level and cell.
func TestAppeals(t *testing.T) {
	l08 := func(id string, d int, pts, cell string) Event {
		e := ev(id, "L08", d)
		e.Points = nd(pts)
		e.Loc.Cell = cell
		return e
	}
	apLoc := Loc{File: "申诉.xlsx", Sheet: "申诉处理", Cell: "D2"}
	ap := func(src, outcome, pts string, d int) Appeal {
		a := Appeal{ID: "1001", Date: day(2026, time.December, d), Source: src, Outcome: outcome, Handler: "张三", Loc: apLoc,
			DateLoc: Loc{File: "申诉.xlsx", Sheet: "申诉处理", Cell: "C2"}, ResLoc: Loc{File: "申诉.xlsx", Sheet: "申诉处理", Cell: "E2"}}
		if pts != "" {
			a.Points = dec(pts)
		}
		return a
	}
	byCode := func(code string, d int, outcome string) Appeal {
		a := ap("", outcome, "", 3)
		a.Code, a.On = code, nov(d)
		return a
	}
	comp := ev("1001", "S04", 9)
	comp.Loc.Cell = "C9"
	comp.Compensation = dec("300")
	cases := []struct {
		name     string
		events   []Event
		appeals  []Appeal
		final    string // 考核分 of 1001
		comp     string // 赔偿扣款
		note     string // 说明 of the first 扣分明细 row of 1001 ("" = not checked)
		revoked  bool
		level    Level
		problems int // of that level
		at       Loc
	}{
		{name: "维持", events: []Event{l08("1001", 5, "4", "C5")}, appeals: []Appeal{ap("奖惩.xlsx!奖惩记录!C5", AppealKeep, "", 3)},
			final: "76", comp: "0", note: "申诉：维持（处理人 张三，2026-12-03）", level: Error},
		{name: "撤销", events: []Event{l08("1001", 5, "4", "C5")}, appeals: []Appeal{ap("奖惩.xlsx!奖惩记录!C5", AppealRevoke, "", 3)},
			final: "80", comp: "0", note: "申诉：撤销（处理人 张三，2026-12-03）", revoked: true, level: Error},
		{name: "改为", events: []Event{l08("1001", 5, "4", "C5")}, appeals: []Appeal{ap(" 奖惩.xlsx！奖惩记录！c5 ", AppealChange, "3", 3)},
			final: "77", comp: "0", note: "申诉：改为3分（处理人 张三，2026-12-03）", level: Error},
		{name: "规则代码加日期", events: []Event{l08("1001", 5, "4", "C5")}, appeals: []Appeal{byCode("L08", 5, AppealRevoke)},
			final: "80", comp: "0", revoked: true, level: Error},
		{name: "撤销赔偿", events: []Event{comp}, appeals: []Appeal{ap("奖惩.xlsx!奖惩记录!C9", AppealRevoke, "", 3)},
			final: "80", comp: "0", revoked: true, level: Error},
		{name: "维持赔偿", events: []Event{comp}, appeals: []Appeal{ap("奖惩.xlsx!奖惩记录!C9", AppealKeep, "", 3)},
			final: "60", comp: "300", level: Error},
		{name: "找不到记录", events: []Event{l08("1001", 5, "4", "C5")}, appeals: []Appeal{ap("奖惩.xlsx!奖惩记录!C6", AppealRevoke, "", 3)},
			final: "76", comp: "0", level: Error, problems: 1, at: apLoc},
		{name: "别人的记录", events: []Event{l08("1002", 5, "4", "C5")}, appeals: []Appeal{ap("奖惩.xlsx!奖惩记录!C5", AppealRevoke, "", 3)},
			final: "80", comp: "0", level: Error, problems: 1, at: apLoc},
		{name: "改为超出范围", events: []Event{l08("1001", 5, "4", "C5")}, appeals: []Appeal{ap("奖惩.xlsx!奖惩记录!C5", AppealChange, "6", 3)},
			final: "76", comp: "0", level: Error, problems: 1, at: Loc{File: "申诉.xlsx", Sheet: "申诉处理", Cell: "E2"}},
		{name: "同日两条", events: []Event{l08("1001", 5, "4", "C5"), l08("1001", 5, "2", "C6")}, appeals: []Appeal{byCode("L08", 5, AppealRevoke)},
			final: "74", comp: "0", level: Error, problems: 1, at: apLoc},
		{name: "重复申诉", events: []Event{l08("1001", 5, "4", "C5")}, appeals: []Appeal{ap("奖惩.xlsx!奖惩记录!C5", AppealChange, "3", 3), byCode("L08", 5, AppealRevoke)},
			final: "77", comp: "0", level: Error, problems: 1, at: apLoc},
		{name: "逾期", events: []Event{l08("1001", 5, "4", "C5")}, appeals: []Appeal{ap("奖惩.xlsx!奖惩记录!C5", AppealRevoke, "", 8)},
			final: "80", comp: "0", revoked: true, level: Warning, problems: 1, at: Loc{File: "申诉.xlsx", Sheet: "申诉处理", Cell: "C2"}},
		{name: "截止当天", events: []Event{l08("1001", 5, "4", "C5")}, appeals: []Appeal{ap("奖惩.xlsx!奖惩记录!C5", AppealRevoke, "", 7)},
			final: "80", comp: "0", revoked: true, level: Warning},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := month(agent("1001"), agent("1002"))
			m.Events = c.events
			m.Appeals = c.appeals
			res := Appraise(m, nil)
			a := row(t, res, "1001")
			if !a.Final.Equal(dec(c.final)) || !a.Compensation.Equal(dec(c.comp)) {
				t.Errorf("考核分 %s 赔偿 %s, want %s %s", a.Final, a.Compensation, c.final, c.comp)
			}
			var got []Problem
			for _, p := range res.Problems {
				if p.Level == c.level {
					got = append(got, p)
				}
			}
			if len(got) != c.problems {
				t.Fatalf("%d problems of level %v, want %d: %v", len(got), c.level, c.problems, res.Problems)
			}
			if c.problems > 0 && (got[0].Loc != c.at || got[0].ID != "1001") {
				t.Errorf("problem at %v (%s), want %v: %s", got[0].Loc, got[0].ID, c.at, got[0].Msg)
			}
			var first *Scored
			for i := range res.Events {
				if res.Events[i].ID == "1001" {
					first = &res.Events[i]
					break
				}
			}
			if first == nil {
				if c.note != "" || c.revoked {
					t.Fatal("no 扣分明细 row for 1001")
				}
				return
			}
			if c.note != "" && first.Note != c.note {
				t.Errorf("说明 %q, want %q", first.Note, c.note)
			}
			if first.Revoked != c.revoked || c.revoked && !first.Total.IsZero() {
				t.Errorf("revoked %v total %s, want revoked %v", first.Revoked, first.Total, c.revoked)
			}
		})
	}
}

// TestAppealS05 checks that a revoked violation no longer counts for the
// monthly S05 (appeals apply before the monthly rules).
func TestAppealS05(t *testing.T) {
	m := month(agent("1001"))
	for i, d := range []int{3, 4, 5, 6} {
		e := ev("1001", "L01", d)
		e.Loc.Cell = "C" + string(rune('3'+i))
		m.Events = append(m.Events, e)
	}
	r := DefaultRules()
	with := Appraise(m, r)
	m.Appeals = []Appeal{{ID: "1001", Date: day(2026, time.December, 1), Source: "奖惩.xlsx!奖惩记录!C3", Outcome: AppealRevoke, Handler: "李四"}}
	without := Appraise(m, r)
	if n := len(problemsAt(without, Error, "")); n != 0 {
		t.Fatalf("errors: %v", without.Problems)
	}
	hasS05 := func(res *Result) bool {
		for _, c := range codes(res, "1001") {
			if c == "S05" {
				return true
			}
		}
		return false
	}
	if r.S05Light != 4 || !hasS05(with) || hasS05(without) {
		t.Errorf("S05 with 4 violations %v, after revoking one %v (S05Light %d)", hasS05(with), hasS05(without), r.S05Light)
	}
	if got := row(t, without, "1001").Final; !got.Equal(dec("74")) {
		t.Errorf("考核分 %s, want 74", got)
	}
}
