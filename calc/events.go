package calc

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// familyItem reports whether an item that Lookup could not resolve names the
// 突发事件 family (D8): it contains the word, or every rule whose name
// contains it is an incident rule.
func (r *Rules) familyItem(item string) bool {
	it := norm(item)
	if it == "" {
		return false
	}
	for _, w := range r.IncidentWords {
		if w = norm(w); w != "" && strings.Contains(it, w) {
			return true
		}
	}
	n := 0
	for _, x := range r.Catalogue {
		if strings.Contains(norm(x.Name), it) {
			if !r.family(x.Code) {
				return false
			}
			n++
		}
	}
	return n > 0
}

// events scores the 奖惩记录 and returns the A01 rows found there as
// adjustments.
func (s *state) events() []Adjustment {
	var adj []Adjustment
	for _, e := range s.m.Events {
		row := s.row(e.ID, e.Loc, "奖惩记录", Error)
		if row < 0 {
			continue
		}
		who := fmt.Sprintf("%s（%s）", e.ID, s.rows[row].Name)
		bad := func(msg, hint string) { s.ps.add(Error, e.Loc, e.ID, who+msg+"，本条未计分", hint) }
		ploc := e.Loc
		if e.PointsLoc != (Loc{}) {
			ploc = e.PointsLoc
		}
		badPoints := func(msg, hint string) { s.ps.add(Error, ploc, e.ID, who+msg+"，本条未计分", hint) }
		if !s.inMonth(e.Date) {
			bad(fmt.Sprintf("：日期 %s 不在考核月份%s", fmtDate(e.Date), s.monthText()), "检查日期")
			continue
		}
		if e.Times < 0 {
			bad(fmt.Sprintf("：次数 %d 为负数", e.Times), "次数留空表示1次")
			continue
		}
		times := max(e.Times, 1)
		rl, err := s.r.Lookup(e.Item)
		incident := err == nil && s.r.family(rl.Code) || err != nil && s.r.familyItem(e.Item)
		if err != nil && !incident {
			bad("："+err.Error(), "填写规则编号（如 L04）、完整的项目名称或只属于一条规则的部分名称")
			continue
		}
		note := e.Note
		if !incident && e.OverdueMin != 0 {
			s.ps.add(Warning, e.Loc, e.ID, fmt.Sprintf("%s超时分钟只用于突发事件，%s 的超时分钟 %d 已忽略", who, rl.Code, e.OverdueMin), "检查项目或超时分钟")
		}
		if incident {
			switch {
			case e.OverdueMin < 0:
				bad(fmt.Sprintf("：超时分钟 %d 为负数", e.OverdueMin), "填写超时的分钟数")
				continue
			case e.OverdueMin > 0:
				tr, ok := s.r.Incident(e.OverdueMin)
				if !ok {
					bad(fmt.Sprintf("：超时%d分钟不属于任何突发事件分档", e.OverdueMin), "检查规则表的突发事件分档")
					continue
				}
				if err == nil && tr.Code != rl.Code {
					s.ps.add(Warning, e.Loc, e.ID, fmt.Sprintf("%s项目为 %s，但超时%d分钟应为 %s，已按 %s 计", who, rl.Code, e.OverdueMin, tr.Code, tr.Code), "项目可只写“突发事件”，由超时分钟决定规则")
				}
				rl = tr
				note = joinNote(fmt.Sprintf("突发事件超时%d分钟", e.OverdueMin), note)
			case err != nil:
				bad("：突发事件须填写超时分钟（或填写规则编号 "+s.familyCodes()+"）", "超时1–10分钟 L13，11–30分钟 M08，30分钟以上 S06")
				continue
			}
		}
		if rl.Code == codeS05 {
			bad(fmt.Sprintf("：%s 由系统按当月违规次数自动追加（轻度违规%d次或中度违规%d次），不能在奖惩记录中填写", codeS05, s.r.S05Light, s.r.S05Medium), "删除这一行；违规记录齐全时系统会自动追加")
			continue
		}
		if rl.Category != Discretionary && e.Points.Valid {
			e.Points.Decimal = s.size(rl, e, who, ploc)
		}
		if rl.Category == Discretionary {
			a := Adjustment{ID: e.ID, Reason: e.Note, Assessor: e.Recorder, Loc: e.Loc}
			if !e.Points.Valid {
				bad("：额外奖惩须填写分值", fmt.Sprintf("分值可填 %s 到 %s", s.r.AdjustMin, s.r.AdjustMax))
				continue
			}
			a.Points = e.Points.Decimal.Mul(decimal.NewFromInt(int64(times)))
			adj = append(adj, a)
			continue
		}
		var pts decimal.Decimal
		switch {
		case rl.Category == Dismissal:
		case rl.Min.Equal(rl.Max):
			pts = rl.Min
			if e.Points.Valid && !e.Points.Decimal.Equal(rl.Min) {
				badPoints(fmt.Sprintf("：%s 为固定分值 %s 分，填写的分值 %s 不符", rl.Code, rl.Min, e.Points.Decimal), "分值留空或填写规则的分值")
				continue
			}
		case !e.Points.Valid:
			badPoints(fmt.Sprintf("：%s 的分值在 %s–%s 之间，须填写分值", rl.Code, rl.Min, rl.Max), "在分值列填写本次的扣分或加分")
			continue
		case e.Points.Decimal.LessThan(rl.Min) || e.Points.Decimal.GreaterThan(rl.Max):
			badPoints(fmt.Sprintf("：%s 的分值应在 %s–%s 之间，填写的是 %s", rl.Code, rl.Min, rl.Max, e.Points.Decimal), "修改分值")
			continue
		default:
			pts = e.Points.Decimal
		}
		if rl.PerMonth {
			switch {
			case rl.Code == codeB05 && s.m.ComplaintsGiven:
				bad("：已提供投诉记录，B05 由投诉记录自动计算，不能再在奖惩记录中填写", "删除这一行")
				continue
			case rl.Code == codeB01 && s.m.WorkloadGiven:
				bad("：已提供工作量表，B01 由工作量和质检均分自动计算，不能再在奖惩记录中填写", "删除这一行")
				continue
			case times > 1 || s.perMonth[row][rl.Code]:
				bad(fmt.Sprintf("：%s 每月至多计一次", rl.Code), "删除重复的记录，次数填 1")
				continue
			}
		}
		var comp decimal.Decimal
		if !e.Compensation.IsZero() {
			switch {
			case rl.Code != codeS04:
				s.ps.add(Warning, e.Loc, e.ID, fmt.Sprintf("%s赔偿金额只用于 %s，%s 的赔偿金额 %s 已忽略", who, codeS04, rl.Code, e.Compensation), "检查项目或赔偿金额")
			case e.Compensation.IsNegative():
				s.ps.add(Error, e.Loc, e.ID, fmt.Sprintf("%s赔偿金额 %s 为负数，未计入", who, e.Compensation), "填写正的金额")
			default:
				s.comp[row] = s.comp[row].Add(e.Compensation)
				note = joinNote(fmt.Sprintf("赔偿金额 %s 元", e.Compensation.StringFixed(2)), note)
				comp = e.Compensation
			}
		}
		s.add(row, rl, times, pts, e.Date, false, note, e.Loc)
		s.items[len(s.items)-1].comp = comp
	}
	return adj
}

func (s *state) familyCodes() string {
	var cs []string
	for _, t := range s.r.IncidentTiers {
		cs = append(cs, t.Code)
	}
	return strings.Join(cs, "/")
}

// adjustments scores A01: leaders only, within range, with a reason, at
// most once a month.
func (s *state) adjustments(fromLog []Adjustment) {
	all := append(append([]Adjustment(nil), s.m.Adjustments...), fromLog...)
	for _, a := range all {
		row := s.row(a.ID, a.Loc, "额外奖惩", Error)
		if row < 0 {
			continue
		}
		e := s.rows[row]
		who := fmt.Sprintf("%s（%s）", a.ID, e.Name)
		ok := true
		bad := func(msg, hint string) {
			s.ps.add(Error, a.Loc, a.ID, who+msg+"，本条未计分", hint)
			ok = false
		}
		if !s.r.Leader(e.Role) {
			bad(fmt.Sprintf("：额外奖惩只适用于%s，此人岗位为「%s」", strings.Join(s.r.LeaderRoles, "、"), e.Role), "删除这一行，或核对岗位")
		}
		if a.Points.LessThan(s.r.AdjustMin) || a.Points.GreaterThan(s.r.AdjustMax) {
			bad(fmt.Sprintf("：额外奖惩分值 %s 超出范围（%s 到 %s）", a.Points, s.r.AdjustMin, s.r.AdjustMax), "修改分值")
		}
		if strings.TrimSpace(a.Reason) == "" {
			bad("：额外奖惩未写理由", "填写理由")
		}
		if ok && s.perMonth[row][codeA01] {
			bad("：额外奖惩每月至多一次", "合并为一条")
		}
		if !ok {
			continue
		}
		rl, found := s.need(codeA01)
		if !found {
			continue
		}
		note := strings.TrimSpace(a.Reason)
		if a.Assessor != "" {
			note = joinNote(note, "评定人："+a.Assessor)
		}
		s.add(row, rl, 1, a.Points, zeroTime, false, note, a.Loc)
		s.setPerMonth(row, codeA01, true)
	}
}

// size returns the size of an event's 分值 (D22). Only A01 is signed; for
// every other rule the category gives the sign, and a sign contrary to it
// (−5 for a bonus, +2 for a deduction) is a warning at the cell.
func (s *state) size(rl Rule, e Event, who string, ploc Loc) decimal.Decimal {
	p := e.Points.Decimal
	var contrary bool
	switch rl.Category {
	case Bonus:
		contrary = p.IsNegative()
	case Light, Medium, Severe:
		contrary = e.PointsPlus && p.IsPositive()
	}
	if contrary {
		s.ps.add(Warning, ploc, e.ID, fmt.Sprintf("%s%s 属于%s，分值「%s」的正负号与类别不符，已按 %s 分计", who, rl.Code, rl.Category, signed(p, e.PointsPlus), p.Abs()),
			"分值只填大小，加分或扣分由规则类别决定；只有额外奖惩（A01）的分值带正负号")
	}
	return p.Abs()
}

func signed(p decimal.Decimal, plus bool) string {
	if plus && p.IsPositive() {
		return "+" + p.String()
	}
	return p.String()
}

// derivedBy names what a derivable rule is computed from (D23).
var derivedBy = map[string]string{
	codeL04: "考勤", codeS01: "考勤", codeL14: "质检记录", codeM07: "考试成绩", codeB02: "考试成绩",
}

// oneFact keeps one event per fact (D23): a logged event of a rule the
// engine derives (L04, L14, M07, B02, S01, the 突发事件 family) for the same
// person, date and rule as a derived event is dropped, with a warning at the
// logged cell naming the derived source. A derived event without a date
// (an exam without 考试日期) matches a logged one of any date.
func (s *state) oneFact() {
	type k struct {
		row  int
		code string
		day  int
	}
	// Only the rows with a logged event of such a rule are looked up.
	logged := map[int]bool{}
	for i := range s.items {
		if it := &s.items[i]; !it.Derived && (derivedBy[it.Rule.Code] != "" || s.r.family(it.Rule.Code)) {
			logged[it.row] = true
		}
	}
	if len(logged) == 0 {
		return
	}
	derived := map[k]int{} // → index of the first derived item
	for i := range s.items {
		if it := &s.items[i]; it.Derived && logged[it.row] {
			kk := k{it.row, it.Rule.Code, 0}
			if !it.Date.IsZero() {
				kk.day = key(it.Date)
			}
			if _, ok := derived[kk]; !ok {
				derived[kk] = i
			}
		}
	}
	if len(derived) == 0 {
		return
	}
	var drop []int // logged items that repeat a derived one, ascending
	for i := range s.items {
		it := &s.items[i]
		if !it.Derived && (derivedBy[it.Rule.Code] != "" || s.r.family(it.Rule.Code)) {
			j, ok := derived[k{it.row, it.Rule.Code, key(it.Date)}]
			if !ok {
				j, ok = derived[k{it.row, it.Rule.Code, 0}]
			}
			if ok {
				src := derivedBy[it.Rule.Code]
				if src == "" {
					src = "自动计算"
				}
				where := s.items[j].Loc.String()
				if where == "" {
					where = "（无单元格）"
				}
				s.ps.add(Warning, it.Loc, it.ID, fmt.Sprintf("%s（%s）%s的 %s 已由%s %s 自动计分，奖惩记录中的这一条与之是同一件事，只计一次（按%s）",
					it.ID, it.Name, fmtDate(it.Date), it.Rule.Code, src, where, src),
					"删除奖惩记录中的这一行；同一事实只登记一处")
				drop = append(drop, i)
			}
		}
	}
	if len(drop) == 0 {
		return
	}
	keep := s.items[:0]
	for i := range s.items {
		if len(drop) > 0 && drop[0] == i {
			drop = drop[1:]
			continue
		}
		keep = append(keep, s.items[i])
	}
	s.items = keep
}
