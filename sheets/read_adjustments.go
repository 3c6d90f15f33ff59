package sheets

import "appraise/calc"

// readAdjustmentRow parses a 额外奖惩 row; 分值 is signed and 理由 is
// mandatory. The range, the role and once-a-month are checked by calc.
func (ld *loader) readAdjustmentRow(c *rowCtx) {
	who := c.identify()
	a := calc.Adjustment{Reason: c.note("理由"), Assessor: c.text("评定人")}
	p := c.dec("分值", true)
	a.Points = p.Decimal
	c.required("理由", a.Reason)
	if c.bad {
		return
	}
	a.Loc = c.loc("分值")
	ld.adjustments = append(ld.adjustments, pending[calc.Adjustment]{a, who})
}
