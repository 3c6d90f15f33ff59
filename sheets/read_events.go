package sheets

import (
	"strings"

	"appraise/calc"
)

// readEventRow parses a 奖惩记录 row. 项目 is kept as written (calc resolves
// it against the catalogue); 分值 keeps its sign as written: calc uses it for
// A01 and warns when it contradicts another rule's category (D22).
func (ld *loader) readEventRow(c *rowCtx) {
	who := c.identify()
	e := calc.Event{Recorder: c.text("记录人"), Note: c.note("说明")}
	day, ok := c.date("日期", true)
	if ok && !c.inMonth("日期", day, true) {
		return
	}
	e.Date = day
	e.Item = c.text("项目")
	c.required("项目", e.Item)
	e.Times = c.integer("次数")
	if c.raw("次数") != "" && e.Times == 0 && !c.bad {
		c.errorf("次数", "请填写不小于 1 的整数，或留空表示 1 次", "次数 不能为 0")
	}
	e.Points = c.dec("分值", false)
	e.PointsPlus = e.Points.Valid && strings.HasPrefix(normText(c.raw("分值")), "+")
	e.OverdueMin = c.integer("超时分钟")
	e.AwayMin = c.integer("离岗分钟")
	if comp := c.dec("赔偿金额", false); comp.Valid {
		if comp.Decimal.IsNegative() {
			c.errorf("赔偿金额", "请填写不小于 0 的金额", "赔偿金额 不能为负数")
		}
		e.Compensation = comp.Decimal
	}
	if c.bad {
		return
	}
	e.Loc = c.loc("项目")
	if c.has("分值") {
		e.PointsLoc = c.loc("分值")
	}
	ld.events = append(ld.events, pending[calc.Event]{e, who})
}
