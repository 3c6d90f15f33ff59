package sheets

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"appraise/calc"
)

// checkQAHeader reports check-item columns of the rules missing from a QA
// sheet, and header columns that name no known column (perhaps an item
// renamed in the form but not in the rules).
func (ld *loader) checkQAHeader(h *header, src *sheetSrc) {
	loc := src.loc(fmt.Sprintf("第%d行", h.rowNum()))
	var missing []string
	for _, it := range ld.r.QAItems {
		if _, ok := h.cols[it.Name]; !ok {
			missing = append(missing, it.Name)
		}
	}
	if len(missing) > 0 {
		ld.add(calc.Warning, loc, "", "服务质量综合考评表缺少考评项目列："+strings.Join(missing, "、"),
			"考评项目来自规则工作簿的 质检项目 表；请让表头与之一致")
	}
	if len(h.unknown) > 0 {
		ld.add(calc.Warning, loc, "", "服务质量综合考评表中有未识别的列，已忽略："+strings.Join(h.unknown, "、"),
			"如果这是考评项目，请把它加入规则工作簿的 质检项目 表")
	}
}

// readQARow parses a 服务质量综合考评表 row. Item scores must lie in
// 0…max; a blank 总分 is left for calc to compute from the items.
func (ld *loader) readQARow(c *rowCtx) {
	who := c.identify()
	q := calc.QARecord{Inspector: c.text("质检员"), Note: c.note("备注")}
	day, ok := c.date("日期", true)
	if ok && !c.inMonth("日期", day, true) {
		return
	}
	q.Date = day
	q.Items = ld.qaItems(len(ld.r.QAItems))
	for _, it := range ld.r.QAItems {
		v := c.dec(it.Name, false)
		if v.Valid && (v.Decimal.IsNegative() || (it.Max.IsPositive() && v.Decimal.GreaterThan(it.Max))) {
			c.errorf(it.Name, "请填写 0 到满分之间的分数", "%s 的得分 %s 超出 0–%s", it.Name, v.Decimal, it.Max)
		}
		q.Items = append(q.Items, v)
	}
	q.Total = c.dec("总分", false)
	if q.Total.Valid && q.Total.Decimal.IsNegative() {
		c.errorf("总分", "请填写不小于 0 的分数", "总分 不能为负数")
	}
	q.Errors = c.integer("差错次数")
	q.ErrorPoints = c.dec("差错扣分", false)
	if q.ErrorPoints.Valid {
		q.ErrorPoints.Decimal = q.ErrorPoints.Decimal.Abs()
	}
	if !q.Total.Valid && allNull(q.Items) && q.Errors == 0 {
		c.warnf("总分", "此行已忽略", "没有总分也没有考评项目得分")
		return
	}
	if c.bad {
		return
	}
	// The record's place is where its QA errors (L14) come from.
	switch {
	case c.has("差错扣分") && c.raw("差错扣分") != "":
		q.Loc = c.loc("差错扣分")
	case c.has("差错次数"):
		q.Loc = c.loc("差错次数")
	case c.has("总分"):
		q.Loc = c.loc("总分")
	default:
		q.Loc = c.loc("日期")
	}
	ld.qa = append(ld.qa, pending[calc.QARecord]{q, who})
}

// qaItems returns an empty slice with room for n item scores, cut from a
// slab shared by many rows instead of grown row by row.
func (ld *loader) qaItems(n int) []decimal.NullDecimal {
	const rows = 512 // rows a slab serves
	if n == 0 {
		return nil
	}
	if cap(ld.qaSlab)-len(ld.qaSlab) < n {
		ld.qaSlab = make([]decimal.NullDecimal, 0, n*rows)
	}
	k := len(ld.qaSlab)
	ld.qaSlab = ld.qaSlab[:k+n]
	return ld.qaSlab[k : k : k+n]
}

func allNull(v []decimal.NullDecimal) bool {
	for _, d := range v {
		if d.Valid {
			return false
		}
	}
	return true
}
