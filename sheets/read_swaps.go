package sheets

import "appraise/calc"

// swapColumns are the columns of 换班登记 (D36): the applicant gives the
// shift of 日期 to the stand-in and works the stand-in's shift on 还班日期.
var swapColumns = []Column{
	{Name: "日期", Aliases: []string{"换班日期", "换班时间"}, Required: true},
	{Name: "申请人工号", Aliases: []string{"换班人工号", "申请人编号"}, Required: true},
	{Name: "申请人姓名", Aliases: []string{"申请人", "换班人", "换班人姓名"}},
	{Name: "替班人工号", Aliases: []string{"顶班人工号", "接班人工号", "替班人编号"}, Required: true},
	{Name: "替班人姓名", Aliases: []string{"替班人", "顶班人", "接班人"}},
	{Name: "原班次", Aliases: []string{"班次", "换班班次"}},
	{Name: "还班日期", Aliases: []string{"还班时间"}},
	{Name: "申请人班长审批", Aliases: []string{"申请人班长", "换班人班长审批", "申请人班长意见"}, Required: true},
	{Name: "替班人班长审批", Aliases: []string{"替班人班长", "替班人班长意见"}, Required: true},
	{Name: "备注", Aliases: []string{"说明", "换班原因", "原因"}},
}

// swapPending is a 换班登记 row waiting for both identities.
type swapPending struct {
	rec      calc.Swap
	who, sub ident
}

// readSwapRow parses a 换班登记 row.
func (ld *loader) readSwapRow(c *rowCtx) {
	who := ident{id: NormalizeID(c.raw("申请人工号")), name: c.text("申请人姓名"), idLoc: c.pos("申请人工号"), nameLoc: c.pos("申请人姓名"),
		rowLoc: c.rowPos()}
	sub := ident{id: NormalizeID(c.raw("替班人工号")), name: c.text("替班人姓名"), idLoc: c.pos("替班人工号"), nameLoc: c.pos("替班人姓名"),
		rowLoc: who.rowLoc}
	if who.id == "" && who.name == "" {
		c.errorf("申请人工号", "请填写申请人工号", "申请人工号 不能为空")
	}
	if sub.id == "" && sub.name == "" {
		c.errorf("替班人工号", "请填写替班人工号", "替班人工号 不能为空")
	}
	sw := calc.Swap{Shift: c.text("原班次"), LeadText: c.text("申请人班长审批"), SubText: c.text("替班人班长审批")}
	sw.LeadOK, sw.SubOK = calc.SwapApproved(sw.LeadText), calc.SwapApproved(sw.SubText)
	day, ok := c.date("日期", true)
	if ok && !c.inMonth("日期", day, false) {
		return
	}
	sw.Date = day
	if ret, ok := c.date("还班日期", false); ok {
		sw.Return = ret
	}
	if !c.bad && who.id != "" && who.id == sub.id {
		c.errorf("替班人工号", "替班人应是另一名员工", "申请人与替班人是同一人（%s）", who.id)
	}
	if c.bad {
		return
	}
	sw.Loc = c.loc("日期")
	ld.swaps = append(ld.swaps, swapPending{sw, who, sub})
}

// resolvePolicy checks the identities of the 请假记录 and 换班登记 rows
// against the roster (called from finish).
func (ld *loader) resolvePolicy(res func(ident) (string, bool)) {
	ld.m.Leaves = resolveAll(ld.leaves, res, func(d *calc.Leave, id string) { d.ID = id })
	ld.m.Appeals = resolveAll(ld.appeals, res, func(d *calc.Appeal, id string) { d.ID = id })
	for _, p := range ld.swaps {
		id, ok1 := res(p.who)
		sub, ok2 := res(p.sub)
		if !ok1 || !ok2 {
			continue
		}
		p.rec.ID, p.rec.StandIn = id, sub
		ld.m.Swaps = append(ld.m.Swaps, p.rec)
	}
}
