package sheets

import (
	"strings"
	"time"

	"appraise/calc"
)

// leaveColumns are the columns of 请假记录 (D34). DingTalk's approval export
// (审批编号, 标题, 审批状态, 审批结果, 发起时间, 完成时间, 发起人工号, 发起人姓名,
// 发起人部门, 历史审批人姓名, 请假类型, 开始时间, 结束时间, 时长 …) is read as
// the same kind through the aliases. 工号 is not required: a row without it
// is matched by a unique name, as in every kind.
var leaveColumns = []Column{
	{Name: "工号", Aliases: append([]string{"发起人工号", "申请人工号"}, colID.Aliases...)},
	{Name: "姓名", Aliases: append([]string{"发起人姓名", "申请人姓名", "申请人"}, colName.Aliases...)},
	{Name: "请假类型", Aliases: []string{"假期类型", "假别", "休假类型", "请假类别"}, Required: true},
	{Name: "开始时间", Aliases: []string{"请假开始时间", "开始日期", "起始时间"}, Required: true},
	{Name: "结束时间", Aliases: []string{"请假结束时间", "结束日期", "截止时间"}, Required: true},
	{Name: "申请时间", Aliases: []string{"发起时间", "提交时间", "申请日期", "创建时间"}, Required: true},
	{Name: "审批状态", Aliases: []string{"状态", "审批进度"}, Required: true},
	{Name: "审批结果"},
	{Name: "审批人", Aliases: []string{"历史审批人姓名", "审批人姓名", "历史审批人", "批准人"}},
	{Name: "证明", Aliases: []string{"医疗证明", "证明材料", "病假证明", "附件"}},
	{Name: "代请人", Aliases: []string{"代申请人", "代提交人", "代请假人"}},
	{Name: "时长", Aliases: []string{"请假时长", "请假天数", "天数", "请假小时数", "小时数"}},
	{Name: "完成时间", Aliases: []string{"审批完成时间", "审批时间"}},
	{Name: "审批编号", Aliases: []string{"审批单号", "单号"}},
	{Name: "请假事由", Aliases: []string{"事由", "请假原因", "备注"}},
}

// leaveReader returns the row reader of a 请假记录 sheet; the unit of 时长
// comes from its header ("时长(小时)", "请假小时数") unless a cell says
// otherwise ("4小时", "0.5天").
func (ld *loader) leaveReader(h *header) func(*rowCtx) {
	hours := false
	if i, ok := h.cols["时长"]; ok {
		for r := h.first; r <= h.last && r < len(h.head); r++ {
			if i < len(h.head[r]) && strings.Contains(h.head[r][i], "小时") {
				hours = true
			}
		}
	}
	return func(c *rowCtx) { ld.readLeaveRow(c, hours) }
}

// readLeaveRow parses a 请假记录 row. Rows entirely outside the month are
// left out quietly: approval exports span any range of dates.
func (ld *loader) readLeaveRow(c *rowCtx, hoursHeader bool) {
	who := c.identify()
	l := calc.Leave{Type: c.text("请假类型"), Approvers: c.text("审批人"), Proxy: c.text("代请人"), Ref: c.text("审批编号")}
	c.required("请假类型", l.Type)
	start, okS := c.moment("开始时间", false)
	end, okE := c.moment("结束时间", true)
	asked, okA := c.moment("申请时间", false)
	st, res := c.text("审批状态"), c.text("审批结果")
	if c.required("审批状态", st) {
		status, ok := calc.LeaveStatusOf(st, res)
		if !ok {
			c.errorf("审批状态", "审批状态请填写："+strings.Join(calc.LeaveStatuses, "、"), "审批状态「%s」无法识别", strings.TrimSpace(st+" "+res))
		}
		l.Status = status
	}
	if okS && okE && !end.After(start) {
		c.errorf("结束时间", "请检查开始时间和结束时间", "结束时间 %s 不晚于开始时间 %s", end.Format("2006-01-02 15:04"), start.Format("2006-01-02 15:04"))
	}
	l.Proof = calc.ProofOf(c.text("证明"))
	if v := c.text("时长"); v != "" {
		hours := hoursHeader
		v = strings.TrimSpace(v)
		for _, suf := range []struct {
			s     string
			hours bool
		}{{"小时", true}, {"h", true}, {"H", true}, {"天", false}, {"日", false}} {
			if strings.HasSuffix(v, suf.s) {
				v, hours = strings.TrimSpace(strings.TrimSuffix(v, suf.s)), suf.hours
				break
			}
		}
		n, err := ParseDecimal(v)
		if err != nil || n.IsNegative() {
			c.errorf("时长", "时长请填写数字，如 1、0.5 或 4小时", "时长「%s」无法识别", c.text("时长"))
		} else {
			l.Days = ld.r.LeaveDays(n, hours)
		}
	}
	if c.bad || !okS || !okE || !okA {
		return
	}
	l.Start, l.End, l.Asked = start, end, asked
	first := time.Date(ld.year, ld.month, 1, 0, 0, 0, 0, time.UTC)
	if !l.Start.Before(first.AddDate(0, 1, 0)) || !l.End.After(first) {
		c.ld.ledgerSkip(c.src, l.Start) // counted in one note per sheet (a year's export is normal)
		return
	}
	l.Loc = c.loc("请假类型")
	ld.leaves = append(ld.leaves, pending[calc.Leave]{l, who})
}

// moment parses a date-time cell of 请假记录: a date alone (the whole day:
// an end is the next midnight), a date with a time of day, or a date with
// 上午/下午 (DingTalk's half-day leave: the morning is 00:00–12:00, the
// afternoon 12:00–24:00). A blank cell is reported as required.
func (c *rowCtx) moment(col string, end bool) (time.Time, bool) {
	v := normText(c.raw(col))
	if v == "" {
		c.required(col, v)
		return time.Time{}, false
	}
	half := ""
	for _, w := range []string{"上午", "下午", "全天"} {
		if strings.HasSuffix(v, w) {
			half, v = w, strings.TrimSpace(strings.TrimSuffix(v, w))
			break
		}
	}
	bad := func() (time.Time, bool) {
		c.errorf(col, "请写成 2026-11-03、2026-11-03 09:00 或 2026-11-03 上午", "%s：无法识别的时间「%s」", col, c.raw(col))
		return time.Time{}, false
	}
	day, err := ParseDate(v, c.ld.year, c.ld.month, c.src.date1904)
	if err != nil {
		return bad()
	}
	hasClock := strings.ContainsAny(v, ":：点") || (plainNumber(v) > 0 && strings.Contains(v, "."))
	switch {
	case half == "上午" && end:
		return day.Add(12 * time.Hour), true
	case half == "上午":
		return day, true
	case half == "下午" && !end:
		return day.Add(12 * time.Hour), true
	case half != "" || !hasClock:
		if end {
			return day.AddDate(0, 0, 1), true
		}
		return day, true
	}
	m, next, err := ParseClock(v, c.src.date1904)
	if err != nil {
		return bad()
	}
	t := day.Add(time.Duration(m) * time.Minute)
	if next {
		t = t.AddDate(0, 0, 1)
	}
	return t, true
}
