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
