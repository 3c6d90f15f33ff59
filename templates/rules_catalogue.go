package templates

import (
	"appraise/calc"
	"appraise/sheets"
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

func (x *rbReader) readCatalogue(r *calc.Rules) {
	t := x.table(rbRules, rbRuleCols, true)
	if t == nil {
		return
	}
	seen := map[string]string{}
	for _, i := range t.data() {
		ok := true
		code, codeCell := t.val(i, "代码")
		code = strings.ToUpper(sheets.NormText(code))
		switch {
		case code == "":
			x.add(calc.Error, t.sheet, codeCell, "规则缺少代码", "为每条规则填写唯一的代码，如 L04")
			ok = false
		case seen[code] != "":
			x.add(calc.Error, t.sheet, codeCell, fmt.Sprintf("规则代码 %s 重复（%s 已使用）", code, seen[code]), "每个代码只能出现一次")
			ok = false
		default:
			seen[code] = codeCell
		}
		catText, catCell := t.val(i, "类别")
		cat, known := rbCategory(catText)
		if !known {
			x.add(calc.Error, t.sheet, catCell, fmt.Sprintf("规则 %s 的类别「%s」未知", code, catText), "类别应为 加分、轻度违规、中度违规、重度违规、直接辞退 或 额外奖惩")
			ok = false
		}
		name, nameCell := t.val(i, "项目")
		if name == "" {
			x.add(calc.Error, t.sheet, nameCell, fmt.Sprintf("规则 %s 缺少项目名称", code), "填写制度中的项目名称")
			ok = false
		}
		lo, loBlank, okLo := x.dec(t, i, "最低分")
		hi, hiBlank, okHi := x.dec(t, i, "最高分")
		_, loCell := t.val(i, "最低分")
		switch {
		case !okLo || !okHi:
			ok = false
		case loBlank && hiBlank:
			if cat != calc.Dismissal {
				x.add(calc.Error, t.sheet, loCell, fmt.Sprintf("规则 %s 缺少分值", code), "填写最低分和最高分（固定分值两者相同）")
				ok = false
			}
			lo, hi = decimal.Zero, decimal.Zero
		case loBlank:
			lo = hi
		case hiBlank:
			hi = lo
		}
		if okLo && okHi && lo.GreaterThan(hi) {
			x.add(calc.Error, t.sheet, loCell, fmt.Sprintf("规则 %s 的最低分 %s 大于最高分 %s", code, lo, hi), "交换最低分与最高分")
			ok = false
		}
		if okLo && known && cat != calc.Discretionary && lo.IsNegative() {
			x.add(calc.Error, t.sheet, loCell, fmt.Sprintf("规则 %s 的分值为负数", code), "分值填正数，加分或扣分由类别决定")
			ok = false
		}
		perText, perCell := t.val(i, "计次方式")
		per, perOK := rbPerMonth(perText)
		if !perOK {
			x.add(calc.Error, t.sheet, perCell, fmt.Sprintf("规则 %s 的计次方式「%s」未知", code, perText), "填写 每次 或 每月一次")
			ok = false
		}
		note, _ := t.val(i, "说明")
		if ok {
			r.Catalogue = append(r.Catalogue, calc.Rule{Code: code, Category: cat, Name: name, Min: lo, Max: hi, PerMonth: per, Note: note})
			x.at.entry(t, "", i)
		}
	}
	if len(r.Catalogue) == 0 && x.errs == 0 {
		x.add(calc.Error, t.sheet, "", "规则表没有任何规则", "至少填写一条规则")
	}
}

// rbCategory reads a 类别: the exact name, or a unique prefix (轻度 → 轻度违规).
func rbCategory(s string) (calc.Category, bool) {
	s = sheets.NormText(s)
	if s == "" {
		return "", false
	}
	var hit []calc.Category
	for _, c := range rbCategories {
		if s == string(c) {
			return c, true
		}
		if strings.HasPrefix(string(c), s) {
			hit = append(hit, c)
		}
	}
	if len(hit) == 1 {
		return hit[0], true
	}
	return calc.Category(s), false
}

// rbPerMonth reads a 计次方式; blank is 每次.
func rbPerMonth(s string) (perMonth, ok bool) {
	switch strings.ReplaceAll(sheets.NormText(s), " ", "") {
	case "", rbEach, "次", "每次计", "按次":
		return false, true
	case rbMonthly, "每月", "每月1次", "每月一次计", "按月":
		return true, true
	}
	return false, false
}

// rbTierRow is a tier with the sheet row it came from.
type rbTierRow struct {
	t   calc.Tier
	row int  // 0-based
	bad bool // points or code invalid (already reported)
}

func (x *rbReader) readTiers(r *calc.Rules) {
	t := x.table(rbTiers, rbTierCols, true)
	if t == nil {
		return
	}
	var late, inc []rbTierRow
	for _, i := range t.data() {
		ok := true
		kind, kindCell := t.val(i, "类型")
		kind = sheets.NormText(kind)
		isLate := kind == rbLate || kind == "迟到" || kind == "早退" || kind == "迟到/早退"
		isInc := kind == rbIncident || kind == "突发事件超时"
		if !isLate && !isInc {
			x.add(calc.Error, t.sheet, kindCell, fmt.Sprintf("分档类型「%s」未知", kind), "填写 迟到早退 或 突发事件")
			ok = false
		}
		from, fromBlank, okFrom := x.int(t, i, "起始分钟")
		_, fromCell := t.val(i, "起始分钟")
		if okFrom && (fromBlank || from < 1) {
			x.add(calc.Error, t.sheet, fromCell, "起始分钟应为不小于1的整数", "每种类型的第一档从1分钟开始")
			okFrom = false
		}
		to, _, okTo := x.int(t, i, "截止分钟")
		_, toCell := t.val(i, "截止分钟")
		if okFrom && okTo && to != 0 && to < from {
			x.add(calc.Error, t.sheet, toCell, fmt.Sprintf("截止分钟 %d 小于起始分钟 %d", to, from), "截止分钟应不小于起始分钟；不封顶时留空")
			okTo = false
		}
		shape := ok && okFrom && okTo // the tier takes part in the overlap and gap checks
		tier := calc.Tier{From: from, To: to}
		pts, ptsBlank, okPts := x.dec(t, i, "分值")
		_, ptsCell := t.val(i, "分值")
		code, codeCell := t.val(i, "规则代码")
		code = strings.ToUpper(sheets.NormText(code))
		switch {
		case isLate:
			if okPts && (ptsBlank || !pts.IsPositive()) {
				x.add(calc.Error, t.sheet, ptsCell, "迟到早退分档的分值应为正数", "填写本档每次的扣分，如 2")
				okPts = false
			}
			ok = okPts
			tier.Points = pts
		case isInc:
			if !ptsBlank && okPts {
				x.add(calc.Warning, t.sheet, ptsCell, "突发事件分档的分值不使用，分值取自所引用的规则", "分值一列留空")
			}
			if code == "" {
				x.add(calc.Error, t.sheet, codeCell, "突发事件分档缺少规则代码", "填写本档适用的规则代码，如 L13")
				ok = false
			} else if _, found := r.Rule(code); !found && len(r.Catalogue) > 0 {
				x.add(calc.Error, t.sheet, codeCell, fmt.Sprintf("规则代码「%s」在规则表中不存在", code), "填写规则表中的代码")
				ok = false
			}
			tier.Code = code
		}
		if !shape {
			continue
		}
		if isLate {
			late = append(late, rbTierRow{tier, i, !ok})
		} else {
			inc = append(inc, rbTierRow{tier, i, !ok})
		}
	}
	r.LateTiers = x.checkTiers(t, rbLate, late)
	r.IncidentTiers = x.checkTiers(t, rbIncident, inc)
}

// checkTiers sorts the tiers of one kind and reports a first tier not
// starting at 1, overlaps and gaps at the 起始分钟 cell of the later tier.
func (x *rbReader) checkTiers(t *rbTable, kind string, rs []rbTierRow) []calc.Tier {
	if len(rs) == 0 {
		x.add(calc.Error, t.sheet, "", kind+"没有任何分档", "至少填写一档，第一档从1分钟开始")
		return nil
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].t.From < rs[j].t.From })
	span := func(tr calc.Tier) string {
		if tr.To == 0 {
			return fmt.Sprintf("%d分钟以上", tr.From)
		}
		return fmt.Sprintf("%d–%d分钟", tr.From, tr.To)
	}
	out := make([]calc.Tier, 0, len(rs))
	for i, cur := range rs {
		fromCell := rbCell(t.col["起始分钟"], cur.row+1)
		if i == 0 && cur.t.From != 1 {
			x.add(calc.Error, t.sheet, fromCell, fmt.Sprintf("%s的第一档应从1分钟开始，现从%d分钟开始", kind, cur.t.From), "第一档的起始分钟填 1")
		}
		if i > 0 {
			p := rs[i-1]
			switch {
			case p.t.To == 0 || cur.t.From <= p.t.To:
				x.add(calc.Error, t.sheet, fromCell, fmt.Sprintf("%s分档重叠：本档（%s）与第%d行（%s）重叠", kind, span(cur.t), p.row+1, span(p.t)), "相邻分档应首尾相接；只有最后一档的截止分钟可以留空")
			case cur.t.From > p.t.To+1:
				x.add(calc.Error, t.sheet, fromCell, fmt.Sprintf("%s分档有空缺：%d–%d分钟不属于任何一档（第%d行与本行之间）", kind, p.t.To+1, cur.t.From-1, p.row+1), fmt.Sprintf("本档的起始分钟应为 %d", p.t.To+1))
			}
		}
		if !cur.bad {
			out = append(out, cur.t)
			x.at.entry(t, kind, cur.row)
		}
	}
	return out
}

func (x *rbReader) readGrades(r *calc.Rules) {
	t := x.table(rbGrades, rbGradeCols, true)
	if t == nil {
		return
	}
	type band struct {
		g   calc.GradeBand
		row int
	}
	var bands []band
	seen := map[string]string{}
	failCell := ""
	for _, i := range t.data() {
		name, cell := t.val(i, "等级")
		name = sheets.NormText(name)
		if name == "" {
			x.add(calc.Error, t.sheet, cell, "缺少等级名称", "填写等级名称，如 A")
			continue
		}
		if prev := seen[name]; prev != "" {
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("等级「%s」重复（%s 已有）", name, prev), "每个等级只能出现一次")
			continue
		}
		seen[name] = cell
		lo, blank, ok := x.dec(t, i, "分数下限")
		if !ok {
			continue
		}
		incText, incCell := t.val(i, "含下限")
		if blank {
			if failCell != "" {
				_, loCell := t.val(i, "分数下限")
				x.add(calc.Error, t.sheet, loCell, fmt.Sprintf("等级「%s」没有分数下限，而最低等级已是 %s", name, failCell), "只有最低等级（不合格）的分数下限留空")
				continue
			}
			failCell = cell
			r.FailGrade = name
			continue
		}
		inc, okInc := rbYes(incText)
		if !okInc {
			x.add(calc.Error, t.sheet, incCell, fmt.Sprintf("含下限「%s」应为 是 或 否", incText), "是：分数 ≥ 下限；否：分数 > 下限")
			continue
		}
		bands = append(bands, band{calc.GradeBand{Grade: name, Min: lo, Exclusive: !inc}, i})
	}
	if failCell == "" {
		x.add(calc.Error, t.sheet, "", "缺少最低等级：应有一行等级（如 不合格）的分数下限留空", "在最后一行填写 不合格，分数下限留空")
	}
	if len(bands) == 0 {
		x.add(calc.Error, t.sheet, "", "没有任何有分数下限的等级", "至少填写一个等级及其分数下限")
		return
	}
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].g.Min.GreaterThan(bands[j].g.Min) })
	for i, b := range bands {
		if i > 0 && b.g.Min.Equal(bands[i-1].g.Min) {
			p := bands[i-1]
			x.add(calc.Error, t.sheet, rbCell(t.col["分数下限"], b.row+1),
				fmt.Sprintf("等级分段重叠：%s 与 %s（第%d行）的分数下限都是 %s", b.g.Grade, p.g.Grade, p.row+1, b.g.Min),
				"各等级的分数下限应互不相同")
			continue
		}
		r.Grades = append(r.Grades, b.g)
		x.at.entry(t, "", b.row)
	}
}

// rbYes reads 是/否 (blank is 是).
func rbYes(s string) (bool, bool) {
	switch strings.ToLower(sheets.NormText(s)) {
	case "", "是", "含", "包含", "y", "yes", "true", "1", "√", "≥", ">=":
		return true, true
	case "否", "不含", "不包含", "n", "no", "false", "0", "×", ">":
		return false, true
	}
	return false, false
}
