package calc

import (
	"slices"
	"sync/atomic"

	"github.com/shopspring/decimal"
)

// D40: the leaders' indicators (管理人员考核). Every 主管, 班长, 组长, 质检员
// and 培训专员 gets hard indicators computed from the month's data and soft
// ones from the optional 软性指标评分. Reporting only: nothing here changes
// a score or a float.

// KPIRoles are the roles that get the leaders' indicators, in the order
// of the sheet.
var KPIRoles = []string{"主管", "班长", "组长", "质检员", "培训专员"}

// InspectorRole is the role whose listens are counted against the QA
// coverage the rules require.
const InspectorRole = "质检员"

// Indicator is a soft indicator and its weight (rules sheet 指标).
type Indicator struct {
	Name   string
	Weight decimal.Decimal
	Note   string
}

// DefaultIndicators are the soft indicators of the policy's 软性指标
// (工作态度、团队管理、执行力、沟通协作), equally weighted.
func DefaultIndicators() []Indicator {
	w := decimal.NewFromFloat(0.25)
	return []Indicator{
		{Name: "工作态度", Weight: w, Note: "责任心、主动性、服务意识"},
		{Name: "团队管理", Weight: w, Note: "组织、带教、排班与现场管理"},
		{Name: "执行力", Weight: w, Note: "按时按质完成上级安排的工作"},
		{Name: "沟通协作", Weight: w, Note: "与其他班组、部门的配合"},
	}
}

// SoftScore is one row of the 软性指标评分: one rater's score of one
// indicator of one person.
type SoftScore struct {
	ID        string
	Indicator string
	Score     decimal.Decimal
	Rater     string
	Loc       Loc
}

// SoftResult is one indicator of one person: the average over the raters.
type SoftResult struct {
	Indicator string
	Avg       decimal.Decimal // 2 decimals
	Raters    int
	Weight    decimal.Decimal // zero when the indicator is not in the rules
}

// LeaderKPI is one leader's indicators.
type LeaderKPI struct {
	ID, Name, Team, Role string
	// Team is true when the scope is the leader's own team (班长, 组长),
	// false for the whole department (主管, 质检员, 培训专员). Members are
	// the people of the scope, the leader not counted.
	TeamScope bool
	Members   int
	AvgScore  decimal.NullDecimal // of the members' 考核分
	Grades    map[string]int      // grade → members

	Violations        int                 // 轻度/中度/重度违规 and 直接辞退 events of the members, occurrences
	ViolationsPerHead decimal.NullDecimal // Violations / Members, 2 decimals
	// AttendanceRate is days attended ÷ (attended + 旷工 + leave days), 4
	// decimals; null without attendance.
	AttendanceRate decimal.NullDecimal
	QAAvg          decimal.NullDecimal // members' QA total, weighted by inspections, 2 decimals
	ExamAvg        decimal.NullDecimal // members' exams as % of the full marks, 2 decimals

	WorkloadGiven bool
	Handled       decimal.Decimal     // members' 接待量
	Satisfaction  decimal.NullDecimal // members' average 满意度 (those with one), 2 decimals

	// A 质检员's listens: the QA rows naming them as 质检员 (by name or
	// 工号), against QAMinRows for every person of a QA role.
	Inspector      bool
	Listens        int
	ListensNeeded  int
	ListenRate     decimal.NullDecimal // 4 decimals
	CoveredPeople  int                 // people of a QA role with enough inspections
	CoveragePeople int                 // people of a QA role

	Soft      []SoftResult
	SoftTotal decimal.NullDecimal // weighted average of the soft indicators with a weight, 2 decimals
}

// Leaders computes the indicators of every leader of the month, in roster
// order. It is pure: m and res are not changed.
func Leaders(m *Month, res *Result, r *Rules) []LeaderKPI {
	return leaders(m, res, r, workers(), splitFrom)
}

// leaders is Leaders on up to workers goroutines, each computing the
// indicators of a range of the leaders, when there are at least minSplit
// rows.
func leaders(m *Month, res *Result, r *Rules, workers, minSplit int) []LeaderKPI {
	if m == nil || res == nil || r == nil {
		return nil
	}
	// What each person adds to the indicators of a leader whose scope they
	// are in, computed once: the scopes overlap and a department-wide
	// leader's scope is everybody.
	byID := make(map[string]*memberSums, len(res.Rows))
	of := make([]*memberSums, len(res.Rows)) // row → its person's sums
	team := map[string][]int{}               // team → rows
	for i, b := range res.Rows {
		ms := byID[b.ID]
		if ms == nil {
			ms = &memberSums{n: len(byID)}
			byID[b.ID] = ms
		}
		of[i] = ms
		team[b.Team] = append(team[b.Team], i)
	}
	// Two groups of sums, each filling its own fields of the sums.
	var qa map[string]QAStat // 工号 → QA statistics
	sums := func(j int) {
		if j == 1 {
			for _, x := range m.Exams {
				ms := byID[x.ID]
				if ms == nil {
					continue
				}
				full := x.Full
				if !full.IsPositive() {
					full = decimal.NewFromInt(100)
				}
				ms.exam = ms.exam.Add(x.Score.Div(full).Mul(decimal.NewFromInt(100)))
				ms.examN++
			}
			if m.WorkloadGiven {
				for _, w := range m.Workload {
					ms := byID[w.ID]
					if ms == nil {
						continue
					}
					ms.workload = true
					ms.handled = ms.handled.Add(w.Handled)
					if w.Satisfaction.IsPositive() {
						ms.sat = ms.sat.Add(w.Satisfaction)
						ms.satN++
					}
				}
			}
			return
		}
		for _, s := range res.Attendance {
			if ms := byID[s.ID]; ms != nil {
				// the last statistics of a 工号 count
				ms.hasAtt, ms.attended, ms.due = true, s.WorkDays, s.WorkDays+s.Absent
				for _, d := range s.Leave {
					ms.due += d
				}
			}
		}
		qa = make(map[string]QAStat, len(res.QA))
		for _, s := range res.QA {
			qa[s.ID] = s
		}
		for id, s := range qa {
			if ms := byID[id]; ms != nil && s.Count > 0 && s.TotalAvg.Valid {
				ms.qaSum, ms.qaN = s.TotalAvg.Decimal.Mul(decimal.NewFromInt(int64(s.Count))), s.Count
			}
		}
		for _, e := range res.Events {
			if e.Revoked {
				continue
			}
			switch e.Rule.Category {
			case Light, Medium, Severe, Dismissal:
				if ms := byID[e.ID]; ms != nil {
					ms.violations += max(e.Times, 1)
				}
			}
		}
	}
	if workers > 1 && len(res.Rows) >= minSplit {
		parallel(2, sums)
	} else {
		sums(0)
		sums(1)
	}
	all := make([]int, len(res.Rows))
	for i := range all {
		all[i] = i
	}
	var listens map[string]int // normalised 质检员 of the QA rows → rows
	covered, coverage := 0, 0
	soft := map[string][]SoftScore{}
	for _, s := range m.Soft {
		soft[s.ID] = append(soft[s.ID], s)
	}
	var lead []int // the leaders' rows
	for li, a := range res.Rows {
		if !slices.Contains(KPIRoles, a.Role) {
			continue
		}
		lead = append(lead, li)
		if a.Role == InspectorRole && listens == nil {
			listens = map[string]int{}
			for _, q := range m.QA {
				if ins := norm(q.Inspector); ins != "" {
					listens[ins]++
				}
			}
			for _, b := range res.Rows {
				if r.QARole(b.Role) {
					coverage++
					if qa[b.ID].Count >= r.QAMinRows {
						covered++
					}
				}
			}
		}
	}

	// kpi computes the indicators of the leader of row li; stamp[ms.n] is
	// the row of the last leader a 工号's sums were counted for (a 工号 on
	// several rows counts once per leader).
	kpi := func(li int, stamp []int) LeaderKPI {
		a := &res.Rows[li]
		k := LeaderKPI{ID: a.ID, Name: a.Name, Team: a.Team, Role: a.Role, Grades: map[string]int{},
			TeamScope: slices.Contains(r.LeaderRoles, a.Role), WorkloadGiven: m.WorkloadGiven, Inspector: a.Role == InspectorRole}
		scope := all
		if k.TeamScope {
			scope = team[a.Team]
		}
		var sum, qaSum, examSum, satSum decSum // as Add from decimal.Zero
		attended, due := 0, 0
		qaN, examN, satN := 0, 0, 0
		for _, i := range scope {
			b := &res.Rows[i]
			if b.ID == a.ID {
				continue
			}
			k.Members++
			sum.add(b.Final)
			k.Grades[b.Grade]++
			ms := of[i]
			if stamp[ms.n] == li+1 {
				continue // a 工号 on several rows counts once from here on
			}
			stamp[ms.n] = li + 1
			k.Violations += ms.violations
			if ms.hasAtt {
				attended += ms.attended
				due += ms.due
			}
			if ms.qaN > 0 {
				qaSum.add(ms.qaSum)
				qaN += ms.qaN
			}
			if ms.examN > 0 {
				examSum.add(ms.exam)
				examN += ms.examN
			}
			if ms.workload {
				k.Handled = k.Handled.Add(ms.handled)
			}
			if ms.satN > 0 {
				satSum.add(ms.sat)
				satN += ms.satN
			}
		}
		if k.Members > 0 {
			n := decimal.NewFromInt(int64(k.Members))
			k.AvgScore = decimal.NewNullDecimal(sum.sum().DivRound(n, 2))
			k.ViolationsPerHead = decimal.NewNullDecimal(decimal.NewFromInt(int64(k.Violations)).DivRound(n, 2))
		}
		if due > 0 {
			k.AttendanceRate = decimal.NewNullDecimal(decimal.NewFromInt(int64(attended)).DivRound(decimal.NewFromInt(int64(due)), 4))
		}
		if qaN > 0 {
			k.QAAvg = decimal.NewNullDecimal(qaSum.sum().DivRound(decimal.NewFromInt(int64(qaN)), 2))
		}
		if examN > 0 {
			k.ExamAvg = decimal.NewNullDecimal(examSum.sum().DivRound(decimal.NewFromInt(int64(examN)), 2))
		}
		if satN > 0 {
			k.Satisfaction = decimal.NewNullDecimal(satSum.sum().DivRound(decimal.NewFromInt(int64(satN)), 2))
		}
		if k.Inspector {
			k.Listens = listens[a.Name]
			if a.ID != a.Name {
				k.Listens += listens[a.ID]
			}
			k.CoveragePeople, k.CoveredPeople = coverage, covered
			k.ListensNeeded = r.QAMinRows * k.CoveragePeople
			if k.ListensNeeded > 0 {
				k.ListenRate = decimal.NewNullDecimal(decimal.NewFromInt(int64(k.Listens)).DivRound(decimal.NewFromInt(int64(k.ListensNeeded)), 4))
			}
		}
		k.Soft, k.SoftTotal = softResults(a.ID, soft[a.ID], r.Indicators)
		return k
	}
	out := make([]LeaderKPI, len(lead))
	parts := 1
	if len(res.Rows) >= minSplit && len(lead) > 1 {
		parts = min(workers, len(lead))
	}
	var next atomic.Int32 // the goroutines take the leaders one by one
	parallel(parts, func(int) {
		stamp := make([]int, len(byID)) // row + 1 of the last leader
		for {
			p := int(next.Add(1)) - 1
			if p >= len(lead) {
				return
			}
			out[p] = kpi(lead[p], stamp)
		}
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// memberSums is what one 工号 adds to the indicators of the leaders whose
// scope includes them; n numbers the 工号s.
type memberSums struct {
	n             int
	violations    int
	hasAtt        bool
	attended, due int
	qaSum         decimal.Decimal // QA total average × inspections
	qaN           int
	exam          decimal.Decimal // exams as % of the full marks
	examN         int
	workload      bool // has a workload row
	handled, sat  decimal.Decimal
	satN          int
}

// softResults averages one person's soft scores per indicator (the rules'
// order first, then unknown indicators as they come) and weighs them.
func softResults(id string, scores []SoftScore, inds []Indicator) ([]SoftResult, decimal.NullDecimal) {
	sums := map[string]decimal.Decimal{}
	count := map[string]int{}
	var order []string
	for _, s := range scores {
		if s.ID != id {
			continue
		}
		if count[s.Indicator] == 0 {
			order = append(order, s.Indicator)
		}
		sums[s.Indicator] = sums[s.Indicator].Add(s.Score)
		count[s.Indicator]++
	}
	var out []SoftResult
	wsum, total := decimal.Zero, decimal.Zero
	for _, ind := range inds {
		if n := count[ind.Name]; n > 0 {
			avg := sums[ind.Name].DivRound(decimal.NewFromInt(int64(n)), 2)
			out = append(out, SoftResult{Indicator: ind.Name, Avg: avg, Raters: n, Weight: ind.Weight})
			wsum = wsum.Add(ind.Weight)
			total = total.Add(avg.Mul(ind.Weight))
		}
	}
	for _, name := range order {
		if !slices.ContainsFunc(inds, func(x Indicator) bool { return x.Name == name }) {
			out = append(out, SoftResult{Indicator: name, Avg: sums[name].DivRound(decimal.NewFromInt(int64(count[name])), 2), Raters: count[name]})
		}
	}
	if !wsum.IsPositive() {
		return out, decimal.NullDecimal{}
	}
	return out, decimal.NewNullDecimal(total.DivRound(wsum, 2))
}
