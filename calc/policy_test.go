package calc

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// Locations used by the issue-10 tests.
var (
	logItem   = Loc{File: "奖惩.xlsx", Sheet: "奖惩记录", Cell: "D3"}
	logPoints = Loc{File: "奖惩.xlsx", Sheet: "奖惩记录", Cell: "F3"}
	attCell   = Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "I5"}
	qaCell    = Loc{File: "质检.xlsx", Sheet: "质检", Cell: "第4行"}
	examCell  = Loc{File: "考试.xlsx", Sheet: "考试成绩", Cell: "D2"}
	adjCell   = Loc{File: "额外奖惩.xlsx", Sheet: "额外奖惩", Cell: "C2"}
)

// logged is an event of the 奖惩记录 at logItem/logPoints.
func logged(id, item string, date int, points string, plus bool) Event {
	e := Event{ID: id, Date: nov(date), Item: item, Note: "理由", Loc: logItem, PointsLoc: logPoints, PointsPlus: plus}
	if points != "" {
		e.Points = nd(points)
	}
	return e
}

func leader(id string) Employee {
	e := agent(id)
	e.Role = "组长"
	return e
}

// TestSigns covers D22: A01 keeps its sign wherever it is entered; for
// every other rule 分值 is the size, a contrary sign warned at the cell.
func TestSigns(t *testing.T) {
	tests := []struct {
		name   string
		events []Event
		adj    []Adjustment
		raw    string
		total  string // the event's signed total
		warnAt Loc    // zero: no warning
		warn   string
	}{
		{name: "A01 −3 in the event log for a 组长", events: []Event{logged("1", "A01", 10, "-3", false)}, raw: "77", total: "-3"},
		{name: "A01 +3 in the event log", events: []Event{logged("1", "A01", 10, "3", true)}, raw: "83", total: "3"},
		{name: "A01 −3 in 额外奖惩", adj: []Adjustment{{ID: "1", Points: dec("-3"), Reason: "理由", Loc: adjCell}}, raw: "77", total: "-3"},
		{name: "bonus with a minus sign", events: []Event{logged("1", "B03", 10, "-5", false)}, raw: "85", total: "5",
			warnAt: logPoints, warn: "1（员工1）B03 属于加分，分值「-5」的正负号与类别不符，已按 5 分计"},
		{name: "deduction with an explicit plus", events: []Event{logged("1", "L08", 10, "3", true)}, raw: "77", total: "-3",
			warnAt: logPoints, warn: "1（员工1）L08 属于轻度违规，分值「+3」的正负号与类别不符，已按 3 分计"},
		{name: "deduction with a minus sign agrees", events: []Event{logged("1", "L08", 10, "-3", false)}, raw: "77", total: "-3"},
		{name: "fixed deduction written negative", events: []Event{logged("1", "S02", 10, "-20", false)}, raw: "60", total: "-20"},
		{name: "deduction size without sign", events: []Event{logged("1", "L08", 10, "4", false)}, raw: "76", total: "-4"},
	}
	for _, tt := range tests {
		m := month(leader("1"))
		m.Events, m.Adjustments = tt.events, tt.adj
		res := Appraise(m, nil)
		a := row(t, res, "1")
		if !a.Raw.Equal(dec(tt.raw)) {
			t.Errorf("%s: Raw = %v; want %v", tt.name, a.Raw, tt.raw)
		}
		if len(res.Events) != 1 || !res.Events[0].Total.Equal(dec(tt.total)) {
			t.Errorf("%s: events = %+v; want one with total %v", tt.name, res.Events, tt.total)
		}
		if n := countLevel(res, Error); n != 0 {
			t.Errorf("%s: %d errors %v; want none", tt.name, n, res.Problems)
		}
		ws := problemsAt(res, Warning, "正负号")
		switch {
		case tt.warn == "" && len(ws) != 0:
			t.Errorf("%s: warnings %v; want none", tt.name, ws)
		case tt.warn != "" && (len(ws) != 1 || ws[0].Loc != tt.warnAt || ws[0].ID != "1" || ws[0].Msg != tt.warn):
			t.Errorf("%s: warnings %v; want one at %v: %q", tt.name, ws, tt.warnAt, tt.warn)
		}
	}
}

// TestOneFact covers D23: a logged event for the same person, date and
// rule as a derived one counts once (the derived one), with a warning at
// the logged cell naming the derived source; S05 is never logged.
func TestOneFact(t *testing.T) {
	tests := []struct {
		name   string
		days   []Day
		qa     []QARecord
		exams  []Exam
		events []Event
		codes  []string // scored codes, in event order
		raw    string
		level  Level
		at     Loc
		msg    string // "" : no problem expected of that kind
	}{
		{name: "S01 logged on a day attendance shows 旷工",
			days:   []Day{{ID: "1", Date: nov(3), Status: "旷工", Absent: true, Loc: attCell}},
			events: []Event{logged("1", "S01", 3, "", false)},
			codes:  []string{"S01"}, raw: "60", level: Warning, at: logItem,
			msg: "1（员工1）2026-11-03的 S01 已由考勤 考勤.xlsx!考勤!I5 自动计分，奖惩记录中的这一条与之是同一件事，只计一次（按考勤）"},
		{name: "L04 logged for a late arrival attendance shows",
			days:   []Day{{ID: "1", Date: nov(4), Status: "迟到", Late: true, LateMin: 7, Loc: attCell}},
			events: []Event{logged("1", "L04", 4, "3", false)},
			codes:  []string{"L04"}, raw: "77", level: Warning, at: logItem,
			msg: "1（员工1）2026-11-04的 L04 已由考勤 考勤.xlsx!考勤!I5 自动计分"},
		{name: "L04 logged on another day counts",
			days:   []Day{{ID: "1", Date: nov(4), Status: "迟到", Late: true, LateMin: 7, Loc: attCell}},
			events: []Event{logged("1", "L04", 5, "2", false)},
			codes:  []string{"L04", "L04"}, raw: "75"},
		{name: "L14 logged for a QA error",
			qa:     []QARecord{{ID: "1", Date: nov(6), Total: nd("90"), Errors: 1, Loc: qaCell}},
			events: []Event{logged("1", "L14", 6, "2", false)},
			codes:  []string{"L14"}, raw: "78", level: Warning, at: logItem,
			msg: "1（员工1）2026-11-06的 L14 已由质检记录 质检.xlsx!质检!第4行 自动计分"},
		{name: "M07 logged for a failed exam",
			exams:  []Exam{{ID: "1", Date: nov(7), Score: dec("50"), Loc: examCell}},
			events: []Event{logged("1", "M07", 7, "", false)},
			codes:  []string{"M07"}, raw: "70", level: Warning, at: logItem,
			msg: "M07 已由考试成绩 考试.xlsx!考试成绩!D2 自动计分"},
		{name: "B02 logged, exam without a date",
			exams:  []Exam{{ID: "1", Score: dec("100"), Loc: examCell}},
			events: []Event{logged("1", "B02", 9, "", false)},
			codes:  []string{"B02"}, raw: "85", level: Warning, at: logItem,
			msg: "B02 已由考试成绩 考试.xlsx!考试成绩!D2 自动计分"},
		{name: "S05 logged is an error",
			events: []Event{logged("1", "S05", 9, "", false)},
			codes:  nil, raw: "80", level: Error, at: logItem,
			msg: "1（员工1）：S05 由系统按当月违规次数自动追加（轻度违规4次或中度违规2次），不能在奖惩记录中填写，本条未计分"},
	}
	for _, tt := range tests {
		m := month(agent("1"))
		m.Days, m.QA, m.Exams, m.Events = tt.days, tt.qa, tt.exams, tt.events
		res := Appraise(m, nil)
		a := row(t, res, "1")
		if got := codes(res, "1"); !slices.Equal(got, tt.codes) {
			t.Errorf("%s: codes = %v; want %v", tt.name, got, tt.codes)
		}
		if !a.Raw.Equal(dec(tt.raw)) {
			t.Errorf("%s: Raw = %v; want %v", tt.name, a.Raw, tt.raw)
		}
		for _, e := range res.Events {
			if tt.msg != "" && !e.Derived {
				t.Errorf("%s: logged event %+v kept; want only derived events", tt.name, e)
			}
		}
		var got []Problem
		for _, p := range res.Problems {
			if p.Loc == logItem {
				got = append(got, p)
			}
		}
		switch {
		case tt.msg == "" && len(got) != 0:
			t.Errorf("%s: problems at the logged cell %v; want none", tt.name, got)
		case tt.msg != "" && (len(got) != 1 || got[0].Level != tt.level || got[0].ID != "1" || !strings.Contains(got[0].Msg, tt.msg)):
			t.Errorf("%s: problems at the logged cell %v; want one %v containing %q", tt.name, got, tt.level, tt.msg)
		}
	}
}

// TestFieldTrialDoubleCount is the field-trial month of issue 10: an agent
// with S01 logged on a day attendance shows 旷工 and L04 logged for a late
// arrival attendance shows fell from 60 to 40 and was flagged.
func TestFieldTrialDoubleCount(t *testing.T) {
	m := month(agent("1"))
	m.Days = []Day{
		{ID: "1", Date: nov(3), Status: "旷工", Absent: true, Loc: attCell},
		{ID: "1", Date: nov(10), Status: "迟到", Late: true, LateMin: 20, Loc: attCell},
		{ID: "1", Date: nov(11), Status: "迟到", Late: true, LateMin: 20, Loc: attCell},
		{ID: "1", Date: nov(12), Status: "迟到", Late: true, LateMin: 20, Loc: attCell},
		{ID: "1", Date: nov(13), Status: "迟到", Late: true, LateMin: 20, Loc: attCell},
	}
	m.Events = []Event{logged("1", "S01", 3, "", false), logged("1", "L04", 10, "5", false)}
	res := Appraise(m, nil)
	a := row(t, res, "1")
	// 80 − 20 (S01) − 4×5 (L04) − 20 (S05: four light violations) = 20.
	if !a.Final.Equal(dec("20")) || a.Light.String() != "20" || a.Severe.String() != "20" || a.Extra.String() != "20" {
		t.Errorf("final %v light %v severe %v extra %v; want 20 20 20 20", a.Final, a.Light, a.Severe, a.Extra)
	}
	if n := len(problemsAt(res, Warning, "只计一次")); n != 2 {
		t.Errorf("one-fact warnings = %d; want 2", n)
	}
}

func TestProbationEnd(t *testing.T) {
	r := DefaultRules()
	tests := []struct {
		hired, regular time.Time
		months         int
		end            time.Time
		ok             bool
	}{
		{day(2026, 3, 2), time.Time{}, 6, day(2026, 9, 1), true},
		{day(2026, 3, 1), time.Time{}, 6, day(2026, 8, 31), true},
		{day(2026, 8, 31), time.Time{}, 6, day(2027, 2, 28), true}, // no 31 February
		{day(2026, 8, 30), time.Time{}, 6, day(2027, 2, 28), true},
		{day(2026, 3, 2), time.Time{}, 3, day(2026, 6, 1), true},
		{day(2026, 3, 2), time.Time{}, 0, day(2026, 3, 1), true}, // 0 is settable: no probation
		{day(2026, 3, 2), day(2026, 5, 10), 6, day(2026, 5, 9), true},
		{time.Time{}, day(2026, 5, 10), 6, day(2026, 5, 9), true},
		{time.Time{}, time.Time{}, 6, time.Time{}, false},
	}
	for _, tt := range tests {
		r.ProbationMonths = tt.months
		end, ok := r.ProbationEnd(Employee{Hired: tt.hired, Regular: tt.regular})
		if !end.Equal(tt.end) || ok != tt.ok {
			t.Errorf("ProbationEnd(hired %s, 转正 %s, %d months) = %s, %v; want %s, %v", fmtDate(tt.hired), fmtDate(tt.regular), tt.months, fmtDate(end), ok, fmtDate(tt.end), tt.ok)
		}
	}
}

// TestProbation covers D25 in the month: the resignation flag and the
// 提示 that 转正日期 is blank.
func TestProbation(t *testing.T) {
	tests := []struct {
		name    string
		hired   time.Time
		regular time.Time
		left    time.Time
		exit    string
		months  int
		flag    bool
		info    string // "" : no 提示
	}{
		{"blank 转正日期, inside 6 months", day(2026, 6, 1), time.Time{}, nov(20), "主动辞职", 6, true, "1（员工1）转正日期为空，试用期按入职后6个月计算，至 2026-11-30 止"},
		{"blank 转正日期, last day of probation", day(2026, 5, 21), time.Time{}, nov(20), "主动辞职", 6, true, "至 2026-11-20 止"},
		{"blank 转正日期, day after probation", day(2026, 5, 20), time.Time{}, nov(20), "主动辞职", 6, false, "至 2026-11-19 止"},
		{"blank 转正日期, parameter 3 months", day(2026, 6, 1), time.Time{}, nov(20), "主动辞职", 3, false, ""},
		{"转正日期 the day after leaving", day(2026, 6, 1), nov(21), nov(20), "主动辞职", 6, true, ""},
		{"转正日期 the day of leaving", day(2026, 6, 1), nov(20), nov(20), "主动辞职", 6, false, ""},
		{"not a resignation type", day(2026, 6, 1), nov(21), nov(20), "辞退", 6, false, ""},
		{"long ago, no 提示", day(2025, 1, 6), time.Time{}, time.Time{}, "", 6, false, ""},
	}
	for _, tt := range tests {
		r := DefaultRules()
		r.ProbationMonths = tt.months
		e := agent("1")
		e.Hired, e.Regular, e.Left, e.LeftType = tt.hired, tt.regular, tt.left, tt.exit
		res := Appraise(month(e), r)
		a := row(t, res, "1")
		if got := hasFlag(a, "试用期内辞职"); got != tt.flag {
			t.Errorf("%s: flag 试用期内辞职 = %v; want %v (%v)", tt.name, got, tt.flag, a.Flags)
		}
		ps := problemsAt(res, Info, "转正日期为空")
		switch {
		case tt.info == "" && len(ps) != 0:
			t.Errorf("%s: %v; want no 提示", tt.name, ps)
		case tt.info != "" && (len(ps) != 1 || ps[0].Loc != e.Loc || !strings.Contains(ps[0].Msg, tt.info)):
			t.Errorf("%s: %v; want one 提示 at %v containing %q", tt.name, ps, e.Loc, tt.info)
		}
	}
}

// TestCompensationExact covers D27: 20 % of the salary compared exactly.
func TestCompensationExact(t *testing.T) {
	tests := []struct {
		salary, comp string
		flag         bool
		reason       string
	}{
		{"3000.03", "600.01", true, "月基本工资 3000.03 元的20%为 600.006 元，超出 0.004 元"}, // rounding the limit first hid this
		{"3000.03", "600.006", false, ""},
		{"3000.03", "600.0061", true, "超出 0.0001 元"},
		{"3000", "600", false, ""},
		{"3000", "600.01", true, "为 600.00 元，超出 0.01 元"},
	}
	for _, tt := range tests {
		e := agent("1")
		e.Salary = nd(tt.salary)
		m := month(e)
		ev := logged("1", "S04", 5, "", false)
		ev.Compensation = dec(tt.comp)
		m.Events = []Event{ev}
		res := Appraise(m, nil)
		a := row(t, res, "1")
		var reason string
		for _, f := range a.Flags {
			if strings.Contains(f.Text, "赔偿扣款超过") {
				reason = f.Reason
			}
		}
		if (reason != "") != tt.flag || !strings.Contains(reason, tt.reason) {
			t.Errorf("salary %s, compensation %s: flag reason %q; want flag %v containing %q", tt.salary, tt.comp, reason, tt.flag, tt.reason)
		}
		if !a.Compensation.Equal(dec(tt.comp)) {
			t.Errorf("salary %s: compensation %v; want %v", tt.salary, a.Compensation, tt.comp)
		}
	}
}

// TestZeroSettings: a threshold of 0 is a setting, not "use the default".
func TestZeroSettings(t *testing.T) {
	m := month(agent("1"))
	m.Events = []Event{logged("1", "S02", 3, "", false), logged("1", "S03", 4, "", false), logged("1", "S06", 5, "", false)} // 80 − 60 = 20
	m.Prev = map[string]Previous{"1": {Score: dec("20"), Last: true}}
	for _, tt := range []struct {
		dismiss, last string
		flags         []string
	}{
		{"60", "70", []string{"连续两月末位且低于70分（需人工复核）", "可解除劳动合同（需人工复核）"}},
		{"0", "0", nil},
		{"20", "20", nil},
		{"20.5", "20.5", []string{"连续两月末位且低于20.5分（需人工复核）", "可解除劳动合同（需人工复核）"}},
	} {
		r := DefaultRules()
		r.DismissBelow, r.LastBelow = dec(tt.dismiss), dec(tt.last)
		a := row(t, Appraise(m, r), "1")
		var got []string
		for _, f := range a.Flags {
			got = append(got, f.Text)
		}
		if !slices.Equal(got, tt.flags) {
			t.Errorf("DismissBelow %s, LastBelow %s: flags %v; want %v", tt.dismiss, tt.last, got, tt.flags)
		}
	}
}

// TestWordLists: every role and word list is read from the rules.
func TestWordLists(t *testing.T) {
	r := DefaultRules()
	r.LeaderRoles = append(r.LeaderRoles, "值班长")
	r.QARoles = []string{"业务代表", "热线专员"}
	r.IncidentWords = []string{"突发事件", "紧急工单"}
	r.ResignTypes = []string{"个人辞职"}
	r.LeaveWords = append(r.LeaveWords, "献血假")
	if got := r.KnownRoles(); !slices.Contains(got, "值班长") || !slices.Contains(got, "热线专员") || !slices.Contains(got, "主任") {
		t.Errorf("KnownRoles = %v; want the roles, 值班长 and 热线专员", got)
	}

	lead := agent("1")
	lead.Role = "值班长"
	hot := agent("2")
	hot.Role = "热线专员"
	quit := agent("3")
	quit.Role, quit.Hired, quit.Regular, quit.Left, quit.LeftType = "质检员", day(2026, 9, 1), time.Time{}, nov(10), "个人辞职"
	m := month(lead, hot, quit)
	m.QA = []QARecord{{ID: "1", Date: nov(2), Total: nd("90"), Loc: qaCell}}
	m.Days = []Day{{ID: "1", Date: nov(4), Status: "献血假", Loc: attCell}}
	inc := logged("2", "紧急工单处理", 6, "", false)
	inc.OverdueMin = 12
	m.Events = []Event{logged("1", "A01", 5, "2", false), inc}
	res := Appraise(m, r)
	if got := row(t, res, "1"); !got.Adjust.Equal(dec("2")) {
		t.Errorf("A01 for 值班长: Adjust %v; want 2 (%v)", got.Adjust, res.Problems)
	}
	if ps := problemsAt(res, Warning, "本月质检0次"); len(ps) != 1 || ps[0].ID != "2" {
		t.Errorf("QA coverage warnings %v; want one for 2 (热线专员)", ps)
	}
	if got := codes(res, "2"); !slices.Equal(got, []string{"M08"}) {
		t.Errorf("紧急工单 超时12分钟: codes %v; want [M08] (%v)", got, res.Problems)
	}
	if !hasFlag(row(t, res, "3"), "试用期内辞职") {
		t.Errorf("个人辞职: flags %v; want 试用期内辞职", row(t, res, "3").Flags)
	}
	if st := res.Attendance[0]; st.Leave["献血假"] != 1 || st.WorkDays != 0 {
		t.Errorf("献血假: attendance %+v; want one leave day", st)
	}
	if n := countLevel(res, Error); n != 0 {
		t.Errorf("errors %v; want none", res.Problems)
	}
}

// TestCheckPolicySettings: the new settings and lists are checked; 0 is a
// valid value of each threshold.
func TestCheckPolicySettings(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(r *Rules)
		level  Level
		sub    string // "" : no problem
	}{
		{"break 0", func(r *Rules) { r.BreakMin = 0 }, Error, ""},
		{"limit 0", func(r *Rules) { r.MaxShiftMin = 0 }, Error, ""},
		{"probation 0", func(r *Rules) { r.ProbationMonths = 0 }, Error, ""},
		{"dismiss 0", func(r *Rules) { r.DismissBelow, r.LastBelow = dec("0"), dec("0") }, Error, ""},
		{"appeal 0 days", func(r *Rules) { r.AppealDays = 0 }, Error, ""},
		{"negative appeal days", func(r *Rules) { r.AppealDays = -1 }, Error, "申诉天数不能为负数"},
		{"negative break", func(r *Rules) { r.BreakMin = -1 }, Error, "休息分钟不能为负数"},
		{"negative limit", func(r *Rules) { r.MaxShiftMin = -1 }, Error, "连续工作上限不能为负数"},
		{"negative probation", func(r *Rules) { r.ProbationMonths = -1 }, Error, "试用期上限不能为负数"},
		{"probation over the law", func(r *Rules) { r.ProbationMonths = 12 }, Warning, "试用期上限 12 个月超过劳动合同法第十九条规定的最长6个月"},
		{"no QA role", func(r *Rules) { r.QARoles = nil }, Warning, "参数「质检覆盖岗位」为空"},
		{"repeated leave word", func(r *Rules) { r.LeaveWords = append(r.LeaveWords, "事假") }, Warning, "参数「请假类别」中「事假」重复"},
	} {
		r := DefaultRules()
		c.change(r)
		ps := r.Check()
		if c.sub == "" {
			if len(ps) != 0 {
				t.Errorf("Check(%s) = %v; want none", c.name, ps)
			}
			continue
		}
		if len(ps) != 1 || ps[0].Level != c.level || ps[0].Msg != c.sub {
			t.Errorf("Check(%s) = %v; want one %v %q", c.name, ps, c.level, c.sub)
		}
	}
	a := DefaultRules().Hash()
	for name, change := range map[string]func(r *Rules){
		"probation": func(r *Rules) { r.ProbationMonths = 3 },
		"qa roles":  func(r *Rules) { r.QARoles = []string{"质检员"} },
		"leave":     func(r *Rules) { r.LeaveWords = r.LeaveWords[1:] },
		"resign":    func(r *Rules) { r.ResignTypes = []string{"辞职"} },
		"break":     func(r *Rules) { r.BreakMin = 30 },
		"appeal":    func(r *Rules) { r.AppealDays = 14 },
	} {
		r := DefaultRules()
		change(r)
		if r.Hash() == a {
			t.Errorf("Hash(after %s change) unchanged", name)
		}
	}
}
