package calc

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// avg returns sum/n rounded to 2 decimals, or null when n is 0.
func avg(sum decimal.Decimal, n int) decimal.NullDecimal {
	if n == 0 {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(sum.DivRound(decimal.NewFromInt(int64(n)), 2))
}

// totalsQA fills each row's QA count and average (D9) and warns when a
// 业务代表 has fewer QA rows than QAMinRows.
func (s *state) totalsQA() {
	if len(s.m.QA) == 0 && len(s.rows) > 0 && s.r.QAMinRows > 0 {
		s.ps.add(Info, Loc{}, "", "本月没有质检记录（服务质量综合考评表），未检查质检覆盖", "如有质检表，请放入本月文件夹")
	}
	s.byRows(func(s *state, row int) {
		a := &s.rows[row]
		acc := &s.qa[row]
		a.QACount = acc.count
		a.QAAvg = avg(acc.total, acc.totals)
		if len(s.m.QA) > 0 && s.r.QARole(a.Role) && acc.count < s.r.QAMinRows {
			s.ps.add(Warning, a.Loc, a.ID, fmt.Sprintf("%s（%s）本月质检%d次，少于最少%d次", a.ID, a.Name, acc.count, s.r.QAMinRows),
				"制度要求每月每人监听不少于1–5次，请补充质检")
		}
	})
}

// qaStats builds the 质检统计, one per row.
func (s *state) qaStats() []QAStat { return s.qaStatsOn(true) }

// qaStatsOn is qaStats, split among the shards when split is true.
func (s *state) qaStatsOn(split bool) []QAStat {
	out := make([]QAStat, len(s.rows))
	nq := len(s.r.QAItems)
	itemAvg := make([]decimal.NullDecimal, len(s.rows)*nq) // shared by the rows
	each := func(s *state, row int) {
		a, acc := &s.rows[row], &s.qa[row]
		st := QAStat{ID: a.ID, Count: acc.count, TotalAvg: a.QAAvg, Errors: acc.errors, Covered: acc.count >= s.r.QAMinRows || !s.r.QARole(a.Role)}
		st.ItemAvg = itemAvg[row*nq : (row+1)*nq : (row+1)*nq]
		for i := range st.ItemAvg {
			if i < len(acc.items) {
				st.ItemAvg[i] = avg(acc.items[i], acc.itemN[i])
			}
		}
		out[row] = st
	}
	if split {
		s.byRows(each)
	} else {
		for row := range s.rows {
			each(s, row)
		}
	}
	return out
}

// teamStats builds the 班组统计 in order of first appearance.
func teamStats(rows []Appraisal) []TeamStat {
	var out []TeamStat
	pos := map[string]int{}
	sums := []decimal.Decimal{}
	for _, a := range rows {
		i, ok := pos[a.Team]
		if !ok {
			i = len(out)
			pos[a.Team] = i
			out = append(out, TeamStat{Team: a.Team, Max: a.Final, Min: a.Final, Grades: map[string]int{}})
			sums = append(sums, decimal.Zero)
		}
		t := &out[i]
		t.Count++
		sums[i] = sums[i].Add(a.Final)
		if a.Final.GreaterThan(t.Max) {
			t.Max = a.Final
		}
		if a.Final.LessThan(t.Min) {
			t.Min = a.Final
		}
		t.Grades[a.Grade]++
		t.Float = t.Float.Add(a.Float)
	}
	for i := range out {
		out[i].Avg = sums[i].DivRound(decimal.NewFromInt(int64(out[i].Count)), 2)
	}
	return out
}
