package calc

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func swap(d, ret int, id, sub string) Swap {
	s := Swap{Date: nov(d), ID: id, StandIn: sub, LeadOK: true, SubOK: true, Loc: swapCell}
	if ret > 0 {
		s.Return = nov(ret)
	}
	return s
}

// TestSwaps covers D36: reminders for too many swaps, consecutive days, a
// holiday and a missing 班长 approval; the stand-in absent or resting on the
// day is 旷工, with a finding and a review flag for both.
func TestSwaps(t *testing.T) {
	tests := []struct {
		name     string
		swaps    []Swap
		days     []Day
		rules    func(*Rules)
		want1    []string // clauses of person 1
		want2    []string // clauses of person 2
		raw1     string
		raw2     string
		flags    bool // both flagged for review
		found    string
		foundFor string
	}{
		{name: "two swaps in a month", swaps: []Swap{swap(3, 0, "1", "2"), swap(10, 0, "1", "2")}, raw1: "80", raw2: "80"},
		{name: "a third swap in a month", swaps: []Swap{swap(3, 0, "1", "2"), swap(10, 0, "1", "2"), swap(17, 0, "1", "2")},
			want1: []string{"换班制度 三"}, raw1: "80", raw2: "80", found: "本月第3次换班（11月17日），每月不得超过2次", foundFor: "1"},
		{name: "limit 0 reminds every swap", swaps: []Swap{swap(3, 0, "1", "2")}, rules: func(r *Rules) { r.SwapMax = 0 },
			want1: []string{"换班制度 三"}, raw1: "80", raw2: "80"},
		{name: "swaps on consecutive days", swaps: []Swap{swap(3, 0, "1", "2"), swap(4, 0, "1", "2")},
			want1: []string{"换班制度 三"}, raw1: "80", raw2: "80", found: "11月3日与11月4日连续换班", foundFor: "1"},
		{name: "a swap on a holiday", swaps: []Swap{swap(3, 0, "1", "2")}, rules: func(r *Rules) { r.Holidays = []time.Time{nov(3)} },
			want1: []string{"换班制度 九"}, raw1: "80", raw2: "80", found: "11月3日与员工2（2）换班，11月3日是节假日", foundFor: "1"},
		{name: "a return on a holiday", swaps: []Swap{swap(3, 12, "1", "2")}, rules: func(r *Rules) { r.Holidays = []time.Time{nov(12)} },
			want1: []string{"换班制度 九"}, raw1: "80", raw2: "80"},
		{name: "the stand-in's 班长 did not approve", swaps: []Swap{func() Swap { s := swap(3, 0, "1", "2"); s.SubOK = false; return s }()},
			want1: []string{"换班制度 二"}, raw1: "80", raw2: "80", found: "11月3日与员工2（2）换班，缺少替班人班长审批", foundFor: "1"},
		{name: "stand-in absent", swaps: []Swap{swap(3, 0, "1", "2")},
			days:  []Day{{ID: "2", Date: nov(3), Status: "旷工", Absent: true, Loc: attCell}},
			want1: []string{"换班制度 五"}, want2: []string{"换班制度 五"}, raw1: "80", raw2: "60", flags: true,
			found: "11月3日应由员工2（2）上员工1的班（换班登记），当天旷工", foundFor: "2"},
		{name: "stand-in resting", swaps: []Swap{swap(3, 0, "1", "2")},
			days:  []Day{{ID: "2", Date: nov(3), Status: "休息", Loc: attCell}},
			want1: []string{"换班制度 五"}, want2: []string{"换班制度 五"}, raw1: "80", raw2: "60", flags: true,
			found: "11月3日应由员工2（2）上员工1的班（换班登记），当天未到岗（考勤为休息）", foundFor: "2"},
		{name: "applicant resting on the return day", swaps: []Swap{swap(3, 12, "1", "2")},
			days:  []Day{{ID: "1", Date: nov(12), Status: "休息", Loc: attCell}},
			want1: []string{"换班制度 五"}, want2: []string{"换班制度 五"}, raw1: "60", raw2: "80", flags: true},
		{name: "stand-in at work", swaps: []Swap{swap(3, 0, "1", "2")},
			days: []Day{{ID: "2", Date: nov(3), Status: "正常", Loc: attCell}}, raw1: "80", raw2: "80"},
	}
	for _, tt := range tests {
		r := DefaultRules()
		if tt.rules != nil {
			tt.rules(r)
		}
		m := month(staff()...)
		m.Swaps, m.SwapsGiven, m.Days = tt.swaps, true, tt.days
		res := Appraise(m, r)
		if got := clauses(res, "1"); !slices.Equal(got, tt.want1) {
			t.Errorf("%s: person 1 clauses %v; want %v", tt.name, got, tt.want1)
		}
		if got := clauses(res, "2"); !slices.Equal(got, tt.want2) {
			t.Errorf("%s: person 2 clauses %v; want %v", tt.name, got, tt.want2)
		}
		a1, a2 := row(t, res, "1"), row(t, res, "2")
		if !a1.Raw.Equal(dec(tt.raw1)) || !a2.Raw.Equal(dec(tt.raw2)) {
			t.Errorf("%s: Raw = %v, %v; want %v, %v", tt.name, a1.Raw, a2.Raw, tt.raw1, tt.raw2)
		}
		flagged := func(a Appraisal) bool {
			return slices.ContainsFunc(a.Flags, func(f Flag) bool { return f.Text == "换班空班，按责任大小考核（需人工复核）" })
		}
		if flagged(a1) != tt.flags || flagged(a2) != tt.flags {
			t.Errorf("%s: flags %v / %v; want both %v", tt.name, a1.Flags, a2.Flags, tt.flags)
		}
		if tt.found != "" {
			ok := false
			for _, f := range res.Findings {
				ok = ok || (f.ID == tt.foundFor && f.Found == tt.found)
			}
			if !ok {
				t.Errorf("%s: findings %+v; want %q for %s", tt.name, res.Findings, tt.found, tt.foundFor)
			}
		}
	}
}

// TestAway covers D37: 离岗分钟 ≥ 20 on an L07 row marks 违纪.
func TestAway(t *testing.T) {
	tests := []struct {
		name string
		item string
		min  int
		mark int
		want bool
	}{
		{"19 minutes", "L07", 19, 20, false},
		{"20 minutes", "L07", 20, 20, true},
		{"by name", "离开工作岗位", 45, 20, true},
		{"setting 0 never marks", "L07", 45, 0, false},
		{"another rule", "L08", 45, 20, false},
	}
	for _, tt := range tests {
		r := DefaultRules()
		r.AwayMarkMin = tt.mark
		m := month(agent("1"))
		e := logged("1", tt.item, 10, "", false)
		if tt.item == "L08" {
			e.Points = nd("3")
		}
		e.AwayMin = tt.min
		m.Events = []Event{e}
		res := Appraise(m, r)
		a := row(t, res, "1")
		note := slices.ContainsFunc(a.Notes, func(n string) bool {
			return strings.HasPrefix(n, "违纪（请假制度 八）：11月10日擅离值守脱岗")
		})
		if note != tt.want || (len(res.Findings) == 1) != tt.want {
			t.Errorf("%s: notes %v findings %+v; want marked %v", tt.name, a.Notes, res.Findings, tt.want)
		}
		if tt.want && (res.Findings[0].Clause != "请假制度 八" || res.Findings[0].Loc != logItem) {
			t.Errorf("%s: finding %+v; want 请假制度 八 at %v", tt.name, res.Findings[0], logItem)
		}
	}
}

// TestCoverage covers D38: a missing exam row with a 考试成绩 sheet, more
// than 5 QA listens, and the 提前10分钟到岗 count.
func TestCoverage(t *testing.T) {
	t.Run("exams", func(t *testing.T) {
		for _, tt := range []struct {
			name  string
			given bool
			exams []Exam
			warn  int
		}{
			{"sheet with a row for everyone", true, []Exam{{ID: "1", Date: nov(20), Score: dec("80"), Loc: examCell}, {ID: "2", Score: dec("70"), Loc: examCell}}, 0},
			{"sheet without the person", true, []Exam{{ID: "2", Date: nov(20), Score: dec("80"), Loc: examCell}}, 1},
			{"no sheet", false, nil, 0},
		} {
			m := month(agent("1"), agent("2"))
			m.Exams, m.ExamsGiven = tt.exams, tt.given
			res := Appraise(m, nil)
			ws := problemsAt(res, Warning, "本月没有考试成绩")
			if len(ws) != tt.warn || (tt.warn == 1 && (ws[0].Msg != "1（员工1）本月没有考试成绩" || ws[0].Loc != agent("1").Loc || ws[0].ID != "1")) {
				t.Errorf("%s: warnings %+v; want %d for 1 at the roster row", tt.name, ws, tt.warn)
			}
			if got := clauses(res, "1"); len(got) != tt.warn {
				t.Errorf("%s: findings %v; want %d", tt.name, got, tt.warn)
			}
		}
	})
	t.Run("QA listens", func(t *testing.T) {
		for _, n := range []int{5, 6} {
			m := month(agent("1"))
			for i := range n {
				m.QA = append(m.QA, QARecord{ID: "1", Date: nov(i + 2), Total: nd("90"), Loc: qaCell})
			}
			res := Appraise(m, nil)
			is := problemsAt(res, Info, "本月被监听")
			want := map[bool]int{true: 1, false: 0}[n > 5]
			if len(is) != want || (want == 1 && is[0].Msg != "1（员工1）本月被监听6次，多于5次") {
				t.Errorf("%d listens: infos %+v; want %d", n, is, want)
			}
		}
	})
	t.Run("arrivals", func(t *testing.T) {
		m := month(agent("1"))
		m.Days = []Day{
			{ID: "1", Date: nov(2), Status: "正常", ArriveLead: 10, ArriveKnown: true, Loc: attCell},
			{ID: "1", Date: nov(3), Status: "正常", ArriveLead: 9, ArriveKnown: true, Loc: attCell},
			{ID: "1", Date: nov(4), Status: "迟到", Late: true, LateMin: 3, ArriveLead: -3, ArriveKnown: true, Loc: attCell},
			{ID: "1", Date: nov(5), Status: "正常", Loc: attCell},
		}
		res := Appraise(m, nil)
		if st := res.Attendance[0]; st.LateForBrief != 2 || st.ArriveDays != 3 {
			t.Errorf("LateForBrief, ArriveDays = %d, %d; want 2, 3", st.LateForBrief, st.ArriveDays)
		}
	})
}
