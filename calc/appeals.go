package calc

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// AppealDeadline is the last day to appeal a month (D32): the month's last
// day plus Rules.AppealDays. Appeals dated later are still applied, with a
// warning.
func AppealDeadline(year int, month time.Month, r *Rules) time.Time {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.AppealDays)
}

// normSource turns a 来源 as written (or as the 扣分明细 shows it, with
// 自动计算（…） around a derived event's location) into file!sheet!cell.
func normSource(v string) string {
	v = strings.TrimSpace(strings.ReplaceAll(v, "！", "!"))
	if in, ok := strings.CutPrefix(v, autoSourceWord+"（"); ok {
		v = strings.TrimSuffix(in, "）")
	} else if in, ok := strings.CutPrefix(v, autoSourceWord+"("); ok {
		v = strings.TrimSuffix(in, ")")
	}
	parts := strings.Split(v, "!")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return strings.ToUpper(strings.Join(parts, "!"))
}

// autoSourceWord is how the 扣分明细 marks a derived event's 来源.
const autoSourceWord = "自动计算"

// appeals applies the 申诉处理 rows to the scored events before the monthly
// rules (B01, S05) and the totals (D32): 撤销 removes the event (it stays in
// the 扣分明细 with zero points), 改为 sets its points within the rule's
// range, 维持 only notes the appeal. An appeal that matches no event, that
// matches several, or whose 改为 is outside the range is an error and
// changes nothing; one dated after the deadline is a warning.
func (s *state) appeals() {
	if len(s.m.Appeals) == 0 {
		return
	}
	deadline := AppealDeadline(s.m.Year, s.m.Month, s.r)
	done := map[int]Loc{} // item seq → the appeal that settled it
	var drop []int        // item indexes revoked
	for _, ap := range s.m.Appeals {
		row := s.row(ap.ID, ap.Loc, "申诉处理", Error)
		if row < 0 {
			continue
		}
		who := fmt.Sprintf("%s（%s）", ap.ID, s.rows[row].Name)
		bad := func(loc Loc, msg, hint string) {
			s.ps.add(Error, loc, ap.ID, who+"的申诉"+msg+"，本条申诉未处理", hint)
		}
		if !ap.Date.IsZero() && key(ap.Date) > key(deadline) {
			loc := ap.DateLoc
			if loc == (Loc{}) {
				loc = ap.Loc
			}
			s.ps.add(Warning, loc, ap.ID, fmt.Sprintf("%s的申诉日期 %s 晚于申诉截止 %s（月末后%d天），仍按处理结果执行", who, fmtDate(ap.Date), fmtDate(deadline), s.r.AppealDays),
				"确认逾期申诉确实获准受理")
		}
		var match []int
		what := ""
		if ap.Source != "" {
			what = "「" + strings.TrimSpace(ap.Source) + "」"
			want := normSource(ap.Source)
			for i, it := range s.items {
				if it.row == row && it.Loc != (Loc{}) && normSource(it.Loc.String()) == want {
					match = append(match, i)
				}
			}
		} else {
			what = fmt.Sprintf("%s %s", ap.Code, fmtDate(ap.On))
			for i, it := range s.items {
				if it.row == row && strings.EqualFold(it.Rule.Code, ap.Code) && !it.Date.IsZero() && key(it.Date) == key(ap.On) {
					match = append(match, i)
				}
			}
		}
		switch {
		case len(match) == 0:
			bad(ap.Loc, "涉及记录"+what+"在本月扣分明细中找不到", "涉及记录填写扣分明细中该行的“来源”（文件!工作表!单元格），或规则代码加日期，如 L04 2026-11-05")
			continue
		case len(match) > 1:
			bad(ap.Loc, fmt.Sprintf("涉及记录%s对应%d条扣分明细", what, len(match)), "改为填写扣分明细中该行的“来源”（文件!工作表!单元格）")
			continue
		}
		i := match[0]
		it := &s.items[i]
		if prev, dup := done[it.seq]; dup {
			bad(ap.Loc, fmt.Sprintf("涉及记录%s已由 %s 的申诉处理过", what, prev), "同一条记录只保留一条申诉处理")
			continue
		}
		by := "（处理人 " + ap.Handler
		if !ap.Date.IsZero() {
			by += "，" + fmtDate(ap.Date)
		}
		by += "）"
		var text string
		switch ap.Outcome {
		case AppealKeep:
			text = "申诉：维持" + by
		case AppealRevoke:
			text = "申诉：撤销" + by
			drop = append(drop, i)
		case AppealChange:
			rl := it.Rule
			if rl.Category == Dismissal || rl.Category == Discretionary || ap.Points.LessThan(rl.Min) || ap.Points.GreaterThan(rl.Max) {
				loc := ap.ResLoc
				if loc == (Loc{}) {
					loc = ap.Loc
				}
				if rl.Category == Dismissal || rl.Category == Discretionary {
					bad(loc, fmt.Sprintf("：%s 没有可改的分值范围", rl.Code), "处理结果填写维持或撤销")
				} else {
					bad(loc, fmt.Sprintf("：改为 %s 分超出 %s 的分值范围 %s–%s", ap.Points, rl.Code, rl.Min, rl.Max), "修改处理结果的分值")
				}
				continue
			}
			text = fmt.Sprintf("申诉：改为%s分", ap.Points) + by
			it.Points = sign(rl, ap.Points)
			it.Total = it.Points.Mul(decimal.NewFromInt(int64(max(it.Times, 1))))
		default:
			bad(ap.Loc, fmt.Sprintf("：处理结果「%s」无法识别", ap.Outcome), "处理结果填写维持、撤销或“改为 N 分”")
			continue
		}
		done[it.seq] = ap.Loc
		it.Note = joinNote(it.Note, text, strings.TrimSpace(ap.Note))
	}
	if len(drop) == 0 {
		return
	}
	gone := map[int]bool{}
	for _, i := range drop {
		it := s.items[i]
		gone[it.seq] = true
		if !it.comp.IsZero() {
			s.comp[it.row] = s.comp[it.row].Sub(it.comp)
		}
		it.Points, it.Total, it.Revoked, it.comp = decimal.Zero, decimal.Zero, true, decimal.Zero
		s.revoked = append(s.revoked, it)
	}
	kept := s.items[:0]
	for _, it := range s.items {
		if !gone[it.seq] {
			kept = append(kept, it)
		}
	}
	s.items = kept
	for row, xs := range s.xs {
		var keep []item
		for _, it := range xs {
			if !gone[it.seq] {
				keep = append(keep, it)
			}
		}
		s.xs[row] = keep
	}
	// The per-month marks of revoked events are free again.
	for _, it := range s.revoked {
		if it.Rule.PerMonth {
			s.setPerMonth(it.row, it.Rule.Code, false)
			for _, o := range s.items {
				if o.row == it.row && o.Rule.Code == it.Rule.Code {
					s.setPerMonth(it.row, it.Rule.Code, true)
				}
			}
		}
	}
}
