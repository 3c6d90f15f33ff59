package calc

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// laborLawCaution is added to every resignation flag (D15).
const laborLawCaution = "提醒：扣发工资或收取培训费用须符合《劳动合同法》第二十二条、第三十条的规定" +
	"（培训费用违约金仅限用人单位提供专项培训费用并约定服务期的情形，工资应按时足额支付），本系统不自动扣款。"

// cnNum writes small numbers the way the policy does (三个月).
func cnNum(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 0 && n <= 10 {
		return digits[n]
	}
	return fmt.Sprint(n)
}

// finish sums the events into scores and fills grades, tenure, float,
// ranks, last place and the flags and notes (D1–D4, D13–D18).
func (s *state) finish() {
	r := s.r
	rows := make([]int32, len(s.items))
	for i := range s.items {
		rows[i] = int32(s.items[i].row)
	}
	s.byRecords(rows, func(sh *state, i int) {
		it := &s.items[i] // the parent's items (a shard's are its output, empty here)
		a := &sh.rows[it.row]
		switch it.Rule.Category {
		case Bonus:
			a.Bonus = a.Bonus.Add(it.Total)
		case Light:
			a.Light = a.Light.Sub(it.Total)
		case Medium:
			a.Medium = a.Medium.Sub(it.Total)
		case Severe:
			if it.Rule.Code == codeS05 {
				a.Extra = a.Extra.Sub(it.Total)
			} else {
				a.Severe = a.Severe.Sub(it.Total)
			}
		case Discretionary:
			a.Adjust = a.Adjust.Add(it.Total)
		}
	})
	bands := r.bands()
	s.byRows(func(sh *state, row int) { sh.total(row, bands) })
	s.rank()
	s.lastPlace()
	top := r.topGrade()
	s.byRows(func(sh *state, row int) { sh.flags(row, top) })
}

// total fills a row's scores, grade, tenure and float (D1–D4).
func (s *state) total(row int, bands []GradeBand) {
	r := s.r
	a := &s.rows[row]
	a.Raw = a.Base.Add(a.Bonus).Sub(a.Light).Sub(a.Medium).Sub(a.Severe).Sub(a.Extra).Add(a.Adjust)
	a.Final = r.Clamp(a.Raw)
	a.Grade = r.gradeIn(bands, a.Final)
	a.Compensation = s.comp[row]
	a.Float = decimal.Zero
	if a.Hired.IsZero() {
		s.ps.add(Error, a.Loc, a.ID, fmt.Sprintf("%s（%s）缺少入职日期，无法计算入职月数，本月不浮动", a.ID, a.Name), "在花名册中填写入职日期")
		s.note(row, "入职日期不详，不浮动")
		return
	}
	a.Tenure = r.Tenure(a.Hired, s.m.Year, s.m.Month)
	a.Floats = a.Tenure >= r.FloatFrom
	if a.Floats {
		a.Float = r.Pay(a.Final)
	} else {
		s.note(row, "未满"+cnNum(r.FloatFrom)+"个月不浮动")
	}
}

// rank fills Rank and TeamRank by competition ranking (1, 2, 2, 4).
// Rows are sorted by final score once (n log n; ranking by counting is
// quadratic and took seconds for 10,000 agents).
func (s *state) rank() {
	order := make([]int, len(s.rows))
	for i := range order {
		order[i] = i
	}
	same := func(i, j int) bool { return s.rows[i].Final.Equal(s.rows[j].Final) }
	if keys, ok := s.finalKeys(); ok {
		// the same order as comparing the decimals, without big.Int work
		slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(keys[j], keys[i]) })
		same = func(i, j int) bool { return keys[i] == keys[j] }
	} else {
		sort.SliceStable(order, func(i, j int) bool { return s.rows[order[i]].Final.GreaterThan(s.rows[order[j]].Final) })
	}
	type seen struct {
		n, rank int
		row     int // a row with the final score of rank
	}
	teams := map[string]*seen{}
	for p, i := range order {
		a := &s.rows[i]
		a.Rank = p + 1
		if p > 0 && same(i, order[p-1]) {
			a.Rank = s.rows[order[p-1]].Rank
		}
		t := teams[a.Team]
		if t == nil {
			t = &seen{}
			teams[a.Team] = t
		}
		t.n++
		if t.n == 1 || !same(i, t.row) {
			t.rank, t.row = t.n, i
		}
		a.TeamRank = t.rank
	}
}

// finalKeys returns the rows' final scores as integers at one exponent,
// which order and compare as the decimals do; false when one does not fit
// in an int64.
func (s *state) finalKeys() ([]int64, bool) {
	if len(s.rows) == 0 {
		return nil, true
	}
	exp := s.rows[0].Final.Exponent()
	for i := range s.rows {
		exp = min(exp, s.rows[i].Final.Exponent())
	}
	keys := make([]int64, len(s.rows))
	for i := range s.rows {
		f := s.rows[i].Final
		if f.NumDigits() > 18 {
			return nil, false
		}
		c := f.CoefficientInt64()
		if c == 0 {
			continue
		}
		if int64(f.Exponent())-int64(exp) > 18 {
			return nil, false
		}
		for shift := int64(f.Exponent()) - int64(exp); shift > 0; shift-- {
			if c > math.MaxInt64/10 || c < math.MinInt64/10 {
				return nil, false
			}
			c *= 10
		}
		keys[i] = c
	}
	return keys, true
}

// lastPlace marks the lowest final scores and flags two months in a row
// (D13).
func (s *state) lastPlace() {
	if len(s.rows) == 0 {
		return
	}
	low := s.rows[0].Final
	for _, a := range s.rows {
		low = decimal.Min(low, a.Final)
	}
	below := s.r.LastBelow
	if !s.m.PrevGiven {
		s.ps.add(Info, Loc{}, "", "未找到上月考核结果，无法判断“连续两月末位且低于"+below.String()+"分”的处理建议",
			"把上月的月度考核表放在与本月输出文件夹同级的上月文件夹中，或运行时用 --prev 选项指定该文件")
	}
	for row := range s.rows {
		a := &s.rows[row]
		a.Last = a.Final.Equal(low)
		if !a.Last || !s.m.PrevGiven || !a.Final.LessThan(below) {
			continue
		}
		p, ok := s.m.Prev[a.ID]
		if !ok || !p.Last || !p.Score.LessThan(below) {
			continue
		}
		s.flag(row, "连续两月末位且低于"+below.String()+"分",
			fmt.Sprintf("本月考核分 %s、上月考核分 %s，连续两个月为全部门最后一名且低于%s分。制度：“如果连续两个月都是最后一名且评分低于70分，或当月评分低于60分，公司有权解雇员工。”",
				a.Final, p.Score, below))
	}
}

// topGrade is the grade of the highest band.
func (r *Rules) topGrade() string {
	top := ""
	var min decimal.Decimal
	for i, b := range r.Grades {
		if i == 0 || b.Min.GreaterThan(min) {
			top, min = b.Grade, b.Min
		}
	}
	return top
}

// flags adds the recommendations of D14–D16 and the note of D18; top is
// the grade of the highest band (r.topGrade).
func (s *state) flags(row int, top string) {
	r := s.r
	a := &s.rows[row]
	if lim := r.DismissBelow; a.Final.LessThan(lim) {
		s.flag(row, "可解除劳动合同",
			fmt.Sprintf("本月考核分 %s，低于%s分。制度：“当月评分低于60分，公司有权解雇员工”“考核分为低于60分，公司有权利解除劳动合同”。", a.Final, lim))
	}
	if xs := s.xs[row]; len(xs) > 0 {
		var parts []string
		for _, it := range xs {
			t := it.Rule.Code + " " + it.Rule.Name
			if !it.Date.IsZero() {
				t += fmt.Sprintf("（%d月%d日）", int(it.Date.Month()), it.Date.Day())
			}
			if it.Rule.Note != "" {
				t += "：" + it.Rule.Note
			}
			parts = append(parts, t)
		}
		s.flag(row, "直接辞退情形", "奖惩记录中有直接辞退情形："+strings.Join(parts, "；")+"。制度规定此类行为直接辞退，请核实事实后处理。")
	}
	if !a.Left.IsZero() && s.inMonth(a.Left) && r.Resigned(a.LeftType) {
		left := fmtDate(a.Left)
		if r.probation(a.Employee, a.Left) {
			reg := "转正日期 " + fmtDate(a.Regular)
			if a.Regular.IsZero() {
				end, _ := r.ProbationEnd(a.Employee)
				reg = fmt.Sprintf("未填写转正日期，按入职后%d个月计算试用期至 %s", r.ProbationMonths, fmtDate(end))
			}
			s.flag(row, "试用期内辞职",
				fmt.Sprintf("离职日期 %s（%s），%s，属试用期内辞职。制度注意事项2：“试用期内提出辞职，需交纳半个月的工资作为培训费用。”%s", left, a.LeftType, reg, laborLawCaution))
		}
		if !a.OnDuty.IsZero() && key(a.Left) >= key(a.OnDuty) && key(a.Left) <= key(a.OnDuty.AddDate(0, 1, 0)) {
			s.flag(row, "上岗一个月内辞职",
				fmt.Sprintf("上岗日期 %s，离职日期 %s（%s），上岗后一个月内辞职。制度注意事项1：“每名员工在培训结束上岗后一个月内提出辞职，将不结算工资。”%s", fmtDate(a.OnDuty), left, a.LeftType, laborLawCaution))
		}
	}
	if a.Compensation.IsPositive() && !a.Salary.Valid {
		s.ps.add(Warning, a.Loc, a.ID, fmt.Sprintf("%s（%s）本月赔偿金额 %s 元，但花名册没有月基本工资，无法检查是否超过月基本工资的%s%%", a.ID, a.Name, a.Compensation.StringFixed(2), r.CompRatio.Mul(d(100))),
			"在花名册填写月基本工资（《工资支付暂行规定》第十六条：每月扣除部分不得超过当月工资的20%）")
	}
	if a.Compensation.IsPositive() && a.Salary.Valid {
		// D27: compared exactly; the figures are shown with every decimal
		// they have, never rounded first.
		lim := a.Salary.Decimal.Mul(r.CompRatio)
		if a.Compensation.GreaterThan(lim) {
			s.flag(row, "赔偿扣款超过月基本工资"+r.CompRatio.Mul(d(100)).String()+"%",
				fmt.Sprintf("本月赔偿金额 %s 元，月基本工资 %s 元的%s%%为 %s 元，超出 %s 元。依《工资支付暂行规定》第十六条，每月扣除的部分不得超过当月工资的20%%，超出部分应分期扣除；赔偿金额仍按全额列示。",
					yuan(a.Compensation), yuan(a.Salary.Decimal), r.CompRatio.Mul(d(100)), yuan(lim), yuan(a.Compensation.Sub(lim))))
		}
	}
	if r.probation(a.Employee, time.Date(s.m.Year, s.m.Month+1, 0, 0, 0, 0, 0, time.UTC)) && a.Grade == top {
		s.note(row, "可申请提前转正")
	}
	if end, ok := r.ProbationEnd(a.Employee); ok && a.Regular.IsZero() && key(end) >= s.first {
		s.ps.add(Info, a.Loc, a.ID, fmt.Sprintf("%s（%s）转正日期为空，试用期按入职后%d个月计算，至 %s 止", a.ID, a.Name, r.ProbationMonths, fmtDate(end)),
			"在花名册填写转正日期；试用期内辞职等提示依此判断")
	}
}

// yuan writes an amount with two decimals, or with all of its decimals when
// it has more (D27: 600.005 is not 600.01).
func yuan(x decimal.Decimal) string {
	if x.Exponent() < -2 && !x.Equal(x.Round(2)) {
		return x.String()
	}
	return x.StringFixed(2)
}

// ProbationEnd returns the last day of e's probation (D25): the day before
// the 转正日期; without one, the day before the same date ProbationMonths
// months after hire (the last day of that month when it has no such date).
// ok is false when neither date is known.
func (r *Rules) ProbationEnd(e Employee) (end time.Time, ok bool) {
	if !e.Regular.IsZero() {
		return e.Regular.AddDate(0, 0, -1), true
	}
	if e.Hired.IsZero() {
		return time.Time{}, false
	}
	y, m, dd := e.Hired.Date()
	first := time.Date(y, m+time.Month(r.ProbationMonths), 1, 0, 0, 0, 0, time.UTC)
	if last := first.AddDate(0, 1, -1); dd > last.Day() {
		return last, true
	}
	return first.AddDate(0, 0, dd-2), true
}

// probation reports whether e is in probation on day t (D25).
func (r *Rules) probation(e Employee, t time.Time) bool {
	end, ok := r.ProbationEnd(e)
	return ok && key(t) <= key(end)
}
