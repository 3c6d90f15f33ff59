package sheets

import "appraise/calc"

var (
	yesWords = map[string]bool{"是": true, "有效": true, "y": true, "yes": true, "true": true, "1": true, "√": true, "✓": true, "有效投诉": true}
	noWords  = map[string]bool{"否": true, "无效": true, "n": true, "no": true, "false": true, "0": true, "×": true, "x": true, "无效投诉": true}
)

// readComplaintRow parses a 投诉记录 row; 是否有效 takes 是/否 (有效/无效,
// Y/N, 1/0, √/×).
func (ld *loader) readComplaintRow(c *rowCtx) {
	who := c.identify()
	x := calc.Complaint{Desc: c.note("描述")}
	day, ok := c.date("日期", true)
	if ok && !c.inMonth("日期", day, true) {
		return
	}
	x.Date = day
	v := normHeader(c.raw("是否有效"))
	switch {
	case yesWords[v]:
		x.Valid = true
	case noWords[v]:
	case v == "":
		c.required("是否有效", v)
	default:
		c.errorf("是否有效", "请填写 是 或 否", "是否有效：%s「%s」", errBool, c.raw("是否有效"))
	}
	if c.bad {
		return
	}
	x.Loc = c.loc("是否有效")
	ld.complaints = append(ld.complaints, pending[calc.Complaint]{x, who})
}
