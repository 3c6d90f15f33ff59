package sheets

import (
	"github.com/shopspring/decimal"

	"appraise/calc"
)

var decimalHundred = decimal.NewFromInt(100)

// readWorkloadRow parses a 工作量 row.
func (ld *loader) readWorkloadRow(c *rowCtx) {
	who := c.identify()
	w := calc.Workload{}
	w.Handled = c.dec("接待量", true).Decimal
	w.Resolved = c.dec("解决量", false).Decimal
	w.AvgTime = c.dec("平均处理时长", false).Decimal
	w.Satisfaction = c.dec("满意度", false).Decimal
	if c.bad {
		return
	}
	w.Loc = c.loc("接待量")
	ld.workload = append(ld.workload, pending[calc.Workload]{w, who})
}
