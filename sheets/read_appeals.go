package sheets

import (
	"regexp"
	"strings"

	"appraise/calc"
)

// appealColumns are the columns of 申诉处理 (D32).
var appealColumns = []Column{
	colID, colName,
	{Name: "申诉日期", Aliases: []string{"申诉时间", "提出日期", "申请日期"}, Required: true},
	{Name: "涉及记录", Aliases: []string{"申诉记录", "来源", "涉及扣分", "申诉内容"}, Required: true},
	{Name: "处理结果", Aliases: []string{"处理意见", "结果", "申诉结果"}, Required: true},
	{Name: "处理人", Aliases: []string{"处理人员", "审核人", "经办人"}, Required: true},
	{Name: "说明", Aliases: []string{"备注", "处理说明", "理由"}},
}

// appealCodeDate is 涉及记录 written as a rule code and a date: "L04 2026-11-05",
// "L04，11月5日".
var appealCodeDate = regexp.MustCompile(`^([A-Za-z]\d{1,3})[\s,，、/]*(.+)$`)

// appealChange is a 处理结果 that changes the points: 改为 3 分, 改为3, 改3分.
var appealChange = regexp.MustCompile(`^改(?:为|成)?\s*([0-9.]+)\s*分?$`)

// parseAppealOutcome maps a 处理结果 to calc's outcome and, for 改为, the
// new size; ok is false for a word it does not know.
func parseAppealOutcome(v string) (outcome, points string, ok bool) {
	v = strings.TrimSpace(v)
	switch v {
	case "维持", "维持原判", "维持原结果", "驳回", "不予撤销":
		return calc.AppealKeep, "", true
	case "撤销", "撤消", "取消", "撤回", "予以撤销":
		return calc.AppealRevoke, "", true
	}
	if m := appealChange.FindStringSubmatch(v); m != nil {
		return calc.AppealChange, m[1], true
	}
	return "", "", false
}

// readAppealRow parses a 申诉处理 row.
func (ld *loader) readAppealRow(c *rowCtx) {
	who := c.identify()
	a := calc.Appeal{Handler: c.text("处理人"), Note: c.note("说明")}
	c.required("处理人", a.Handler)
	date, okD := c.date("申诉日期", true)
	a.Date = date
	rec := c.text("涉及记录")
	if c.required("涉及记录", rec) {
		switch m := appealCodeDate.FindStringSubmatch(rec); {
		case strings.ContainsAny(rec, "!！"):
			a.Source = rec
		case m != nil:
			t, err := ParseDate(strings.TrimSpace(m[2]), ld.year, ld.month, c.src.date1904)
			if err != nil {
				c.errorf("涉及记录", "涉及记录填写扣分明细中该行的“来源”（文件!工作表!单元格），或规则代码加日期，如 L04 2026-11-05",
					"涉及记录「%s」中的日期无法识别", rec)
			}
			a.Code, a.On = strings.ToUpper(m[1]), t
		default:
			c.errorf("涉及记录", "涉及记录填写扣分明细中该行的“来源”（文件!工作表!单元格），或规则代码加日期，如 L04 2026-11-05",
				"涉及记录「%s」无法识别", rec)
		}
	}
	if res := c.text("处理结果"); c.required("处理结果", res) {
		out, pts, ok := parseAppealOutcome(res)
		if ok && pts != "" {
			n, err := ParseDecimal(pts)
			if err != nil || !n.IsPositive() {
				ok = false
			}
			a.Points = n
		}
		if !ok {
			c.errorf("处理结果", "处理结果填写维持、撤销或“改为 N 分”（N 为新的分值大小）", "处理结果「%s」无法识别", res)
		}
		a.Outcome = out
	}
	if c.bad || !okD {
		return
	}
	a.Loc, a.DateLoc, a.ResLoc = c.loc("涉及记录"), c.loc("申诉日期"), c.loc("处理结果")
	ld.appeals = append(ld.appeals, pending[calc.Appeal]{a, who})
}
