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
	if q, ok := divRound2(sum, int64(n)); ok {
		return decimal.NewNullDecimal(decimal.New(q, -2))
	}
	return decimal.NewNullDecimal(sum.DivRound(decimal.NewFromInt(int64(n)), 2))
}

// divRound2 is sum.DivRound(n, 2)'s coefficient (its exponent is −2) in
// int64 arithmetic, for a sum of at most 15 digits and 0 < n < 2²⁰: it
// truncates, then rounds half away from zero as DivRound does. ok is false
// outside those bounds (DivRound then). Ten thousand agents' QA averages
// take no big.Int division.
func divRound2(sum decimal.Decimal, n int64) (q int64, ok bool) {
	if n <= 0 || n >= 1<<20 || sum.NumDigits() > 15 {
		return 0, false
	}
	a, e := sum.CoefficientInt64(), int64(sum.Exponent())+2 // sum·10² = a·10^e
	switch {
	case e >= 0 && e <= 3:
		a *= pow10i[e]
	case e < 0 && e >= -11:
		n *= pow10i[-e]
	default:
		return 0, false
	}
	q, r := a/n, a%n
	if r < 0 {
		r = -r
	}
	if 2*r >= n {
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return q, true
}

var pow10i = [...]int64{1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11}

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
