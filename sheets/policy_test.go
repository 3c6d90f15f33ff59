package sheets

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// fieldTrialMonth writes the issue-10 field-trial cases that are scoring
// policy (D22, D23, D24) as a small month: a 组长 (1001) and an agent
// (1002); the event log has A01 −3 for the 组长 (row 2), S01 for the day
// attendance shows 旷工 (row 3), L04 for the late arrival attendance shows
// (row 4), S05 typed by hand (row 5) and a bonus written −5 (row 6).
func fieldTrialMonth(t *testing.T, dir string) {
	t.Helper()
	hired := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	regular := time.Date(2025, 4, 6, 0, 0, 0, 0, time.UTC)
	writeBook(t, filepath.Join(dir, "花名册.xlsx"), false, excelize.Options{}, testSheet{name: "花名册", rows: [][]any{
		{"工号", "姓名", "班组", "岗位", "入职日期", "转正日期"},
		{"1001", "张组长", "一组", "组长", hired, regular},
		{"1002", "李四", "一组", "业务代表", hired, regular},
	}})
	att := [][]any{{"工号", "姓名", "日期", "考勤结果", "迟到分钟", "上班打卡", "下班打卡"}}
	for d := 1; d <= 30; d++ {
		date := time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC)
		if !calc.DefaultRules().Workday(date) {
			continue
		}
		for _, id := range []string{"1001", "1002"} {
			res, late, in := "正常", "", "09:00"
			switch {
			case id == "1002" && d == 3:
				res, in = "旷工", ""
			case id == "1002" && d == 4:
				res, late, in = "迟到", "7", "09:07"
			case id == "1002" && d == 5:
				in = "09:06" // D24: the system said 正常 (its own grace)
			}
			out := "17:55"
			if in == "" {
				out = ""
			}
			att = append(att, []any{id, "", date.Format("2006-01-02"), res, late, in, out})
		}
	}
	writeBook(t, filepath.Join(dir, "考勤.xlsx"), false, excelize.Options{}, testSheet{name: "考勤", rows: att})
	writeBook(t, filepath.Join(dir, "奖惩记录.xlsx"), false, excelize.Options{}, testSheet{name: "奖惩记录", rows: [][]any{
		{"日期", "工号", "姓名", "项目", "次数", "分值", "记录人", "说明"},
		{"2026-11-10", "1001", "张组长", "A01", "", -3, "培训专员", "例会组织不力"},
		{"2026-11-03", "1002", "李四", "S01", "", "", "班长", "旷工"},
		{"2026-11-04", "1002", "李四", "L04", "", 3, "班长", "迟到"},
		{"2026-11-20", "1002", "李四", "S05", "", "", "班长", "手工追加"},
		{"2026-11-12", "1001", "张组长", "B04", "", -5, "主管", "完成额外工作"},
	}})
}

// TestFieldTrialPolicy runs the field-trial month through sheets.Load and
// calc.Appraise: each case ends at its level, cell and amount.
func TestFieldTrialPolicy(t *testing.T) {
	dir := t.TempDir()
	fieldTrialMonth(t, dir)
	r := readerRules() // a partial month: only roster, attendance and events
	l, err := Load(dir, r, 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res := calc.Appraise(&l.Month, r)
	rows := map[string]calc.Appraisal{}
	for _, a := range res.Rows {
		rows[a.ID] = a
	}
	// 1001: 80 − 3 (A01 keeps its sign) + 5 (B04 size) = 82.
	if a := rows["1001"]; !a.Adjust.Equal(dec(t, "-3")) || !a.Bonus.Equal(dec(t, "5")) || !a.Final.Equal(dec(t, "82")) || !a.Float.Equal(dec(t, "20")) {
		t.Errorf("1001: adjust %v bonus %v final %v float %v; want -3 5 82 20", a.Adjust, a.Bonus, a.Final, a.Float)
	}
	// 1002: 80 − 20 (S01 once) − 3 (L04 once, 7 minutes) = 57; no S05.
	if a := rows["1002"]; !a.Severe.Equal(dec(t, "20")) || !a.Light.Equal(dec(t, "3")) || !a.Extra.IsZero() || !a.Final.Equal(dec(t, "57")) {
		t.Errorf("1002: severe %v light %v extra %v final %v; want 20 3 0 57", a.Severe, a.Light, a.Extra, a.Final)
	}
	var got []string
	for _, e := range res.Events {
		if e.ID == "1002" {
			got = append(got, e.Rule.Code+" "+e.Date.Format("01-02")+" "+e.Loc.String())
		}
	}
	want := []string{"S01 11-03 考勤.xlsx!考勤!D5", "L04 11-04 考勤.xlsx!考勤!D7"}
	if !slices.Equal(got, want) {
		t.Errorf("1002 events = %v; want %v", got, want)
	}
	lines := func(level calc.Level) []string {
		var out []string
		for _, p := range res.Problems {
			if p.Level == level && p.Loc.File == "奖惩记录.xlsx" {
				out = append(out, p.Loc.String()+" "+p.Msg)
			}
		}
		return out
	}
	wantWarn := []string{
		"奖惩记录.xlsx!奖惩记录!D3 1002（李四）2026-11-03的 S01 已由考勤 考勤.xlsx!考勤!D5 自动计分，奖惩记录中的这一条与之是同一件事，只计一次（按考勤）",
		"奖惩记录.xlsx!奖惩记录!D4 1002（李四）2026-11-04的 L04 已由考勤 考勤.xlsx!考勤!D7 自动计分，奖惩记录中的这一条与之是同一件事，只计一次（按考勤）",
		"奖惩记录.xlsx!奖惩记录!F6 1001（张组长）B04 属于加分，分值「-5」的正负号与类别不符，已按 5 分计",
	}
	if g := lines(calc.Warning); !sameSet(g, wantWarn) {
		t.Errorf("warnings in the event log =\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(wantWarn, "\n"))
	}
	wantErr := []string{"奖惩记录.xlsx!奖惩记录!D5 1002（李四）：S05 由系统按当月违规次数自动追加（轻度违规4次或中度违规2次），不能在奖惩记录中填写，本条未计分"}
	if g := lines(calc.Error); !slices.Equal(g, wantErr) {
		t.Errorf("errors in the event log = %v; want %v", g, wantErr)
	}
	for _, p := range res.Problems {
		if p.Level == calc.Error && p.Loc.File != "奖惩记录.xlsx" {
			t.Errorf("unexpected error %s %s", p.Loc, p.Msg)
		}
	}
	for _, p := range l.Problems {
		if p.Level == calc.Error {
			t.Errorf("unexpected load error %s %s", p.Loc, p.Msg)
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestRolesOneList: every role of the rules (r.KnownRoles, which the
// roster template offers as its 岗位 drop-down: templates'
// TestRolesDropDown) is accepted by the roster reader, a role added to
// 参数 included (issue 10 item 5: a role added to 参数 used to be offered,
// then rejected); an unknown one is a warning.
func TestRolesOneList(t *testing.T) {
	r := calc.DefaultRules()
	r.LeaderRoles = append(r.LeaderRoles, "值班长")
	r.QARoles = append(r.QARoles, "热线专员")
	offered := r.KnownRoles()
	if !slices.Contains(offered, "值班长") || !slices.Contains(offered, "热线专员") {
		t.Fatalf("KnownRoles = %v; want the added roles", offered)
	}
	rows := [][]any{{"工号", "姓名", "班组", "岗位", "入职日期"}}
	for i, role := range append(slices.Clone(offered), "保安") {
		rows = append(rows, []any{1001 + i, "员工", "一组", role, "2025-01-06"})
	}
	dir := t.TempDir()
	writeBook(t, filepath.Join(dir, "花名册.xlsx"), false, excelize.Options{}, testSheet{name: "花名册", rows: rows})
	l, err := Load(dir, r, 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range l.Problems {
		if strings.Contains(p.Msg, "岗位") {
			got = append(got, p.Level.String()+" "+p.Loc.Cell+" "+p.Msg)
		}
	}
	want := []string{"警告 D" + itoa(len(rows)) + " 岗位「保安」不是制度中的岗位"}
	if !slices.Equal(got, want) {
		t.Errorf("roster 岗位 problems = %v; want %v", got, want)
	}
}

func dec(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	return decimal.RequireFromString(s)
}
