package calc

import (
	"slices"

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
	if m == nil || res == nil || r == nil {
		return nil
	}
	att := map[string]AttendanceStat{}
	for _, s := range res.Attendance {
		att[s.ID] = s
	}
	qa := map[string]QAStat{}
	for _, s := range res.QA {
		qa[s.ID] = s
	}
	var out []LeaderKPI
	for _, a := range res.Rows {
		if !slices.Contains(KPIRoles, a.Role) {
			continue
		}
		k := LeaderKPI{ID: a.ID, Name: a.Name, Team: a.Team, Role: a.Role, Grades: map[string]int{},
			TeamScope: slices.Contains(r.LeaderRoles, a.Role), WorkloadGiven: m.WorkloadGiven, Inspector: a.Role == InspectorRole}
		in := map[string]bool{}
		sum := decimal.Zero
		for _, b := range res.Rows {
			if b.ID == a.ID || (k.TeamScope && b.Team != a.Team) {
				continue
			}
			in[b.ID] = true
			k.Members++
			sum = sum.Add(b.Final)
			k.Grades[b.Grade]++
		}
		if k.Members > 0 {
			n := decimal.NewFromInt(int64(k.Members))
			k.AvgScore = decimal.NewNullDecimal(sum.DivRound(n, 2))
		}
		for _, e := range res.Events {
			if e.Revoked {
				continue
			}
			switch e.Rule.Category {
			case Light, Medium, Severe, Dismissal:
				if in[e.ID] {
					k.Violations += max(e.Times, 1)
				}
			}
		}
		if k.Members > 0 {
			k.ViolationsPerHead = decimal.NewNullDecimal(decimal.NewFromInt(int64(k.Violations)).DivRound(decimal.NewFromInt(int64(k.Members)), 2))
		}
		attended, due := 0, 0
		qaSum, qaN := decimal.Zero, 0
		for id := range in {
			if s, ok := att[id]; ok {
				attended += s.WorkDays
				due += s.WorkDays + s.Absent
				for _, d := range s.Leave {
					due += d
				}
			}
			if s, ok := qa[id]; ok && s.Count > 0 && s.TotalAvg.Valid {
				qaSum = qaSum.Add(s.TotalAvg.Decimal.Mul(decimal.NewFromInt(int64(s.Count))))
				qaN += s.Count
			}
		}
		if due > 0 {
			k.AttendanceRate = decimal.NewNullDecimal(decimal.NewFromInt(int64(attended)).DivRound(decimal.NewFromInt(int64(due)), 4))
		}
		if qaN > 0 {
			k.QAAvg = decimal.NewNullDecimal(qaSum.DivRound(decimal.NewFromInt(int64(qaN)), 2))
		}
		examSum, examN := decimal.Zero, 0
		for _, x := range m.Exams {
			if !in[x.ID] {
				continue
			}
			full := x.Full
			if !full.IsPositive() {
				full = decimal.NewFromInt(100)
			}
			examSum = examSum.Add(x.Score.Div(full).Mul(decimal.NewFromInt(100)))
			examN++
		}
		if examN > 0 {
			k.ExamAvg = decimal.NewNullDecimal(examSum.DivRound(decimal.NewFromInt(int64(examN)), 2))
		}
		if m.WorkloadGiven {
			satSum, satN := decimal.Zero, 0
			for _, w := range m.Workload {
				if !in[w.ID] {
					continue
				}
				k.Handled = k.Handled.Add(w.Handled)
				if w.Satisfaction.IsPositive() {
					satSum = satSum.Add(w.Satisfaction)
					satN++
				}
			}
			if satN > 0 {
				k.Satisfaction = decimal.NewNullDecimal(satSum.DivRound(decimal.NewFromInt(int64(satN)), 2))
			}
		}
		if k.Inspector {
			for _, q := range m.QA {
				if ins := norm(q.Inspector); ins != "" && (ins == a.Name || ins == a.ID) {
					k.Listens++
				}
			}
			for _, b := range res.Rows {
				if r.QARole(b.Role) {
					k.CoveragePeople++
					if qa[b.ID].Count >= r.QAMinRows {
						k.CoveredPeople++
					}
				}
			}
			k.ListensNeeded = r.QAMinRows * k.CoveragePeople
			if k.ListensNeeded > 0 {
				k.ListenRate = decimal.NewNullDecimal(decimal.NewFromInt(int64(k.Listens)).DivRound(decimal.NewFromInt(int64(k.ListensNeeded)), 4))
			}
		}
		k.Soft, k.SoftTotal = softResults(a.ID, m.Soft, r.Indicators)
		out = append(out, k)
	}
	return out
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
