package sheets

import (
	"fmt"
	"slices"
	"strings"

	"appraise/calc"
)

// readSoftRow parses a 软性指标评分 row (D40): one rater's score of one soft
// indicator of one person. An indicator that the rules' 指标 sheet does not
// name is listed but not weighed (a warning at its cell).
func (ld *loader) readSoftRow(c *rowCtx) {
	who := c.identify()
	s := calc.SoftScore{Indicator: c.text("指标"), Rater: c.text("评分人")}
	c.required("指标", s.Indicator)
	c.required("评分人", s.Rater)
	p := c.dec("分值", true)
	if p.Valid && p.Decimal.IsNegative() {
		c.errorf("分值", "请填写不小于 0 的分数", "分值：应为不小于 0 的分数「%s」", p.Decimal.String())
	}
	if c.bad {
		return
	}
	s.Score = p.Decimal
	s.Loc = c.loc("分值")
	if ld.r != nil && !slices.ContainsFunc(ld.r.Indicators, func(x calc.Indicator) bool { return x.Name == s.Indicator }) {
		var names []string
		for _, x := range ld.r.Indicators {
			names = append(names, x.Name)
		}
		ld.add(calc.Warning, c.loc("指标"), who.id, fmt.Sprintf("指标「%s」不在考核规则的“指标”表中，只列出、不计入软性得分", s.Indicator),
			"指标应为："+strings.Join(names, "、")+"；或在考核规则工作簿的“指标”表中增加此指标")
	}
	ld.soft = append(ld.soft, pending[calc.SoftScore]{s, who})
}

// softTemplateCols are the template columns of 软性指标评分; 指标 offers the
// rules' indicators as a drop-down list.
func softTemplateCols(r *calc.Rules, id, name tplCol) []tplCol {
	var names []string
	for _, x := range r.Indicators {
		names = append(names, x.Name)
	}
	ind := tplCol{name: "指标", desc: "软性指标：" + strings.Join(names, "、") + "（考核规则“指标”表）", width: 12}
	if len(names) > 0 {
		ind.example = names[0]
		ind.check = tplListCheck(names, false)
	}
	return []tplCol{id, name, ind,
		{name: "分值", desc: "评分，0–100", example: "90", width: 8, check: tplNumCheck(tplDecimal, 0, 100, "分值应在 0–100 之间")},
		{name: "评分人", desc: "评分的主管或同事", example: "王主管", width: 10},
		{name: "说明", desc: "评分依据", width: 30},
	}
}
