package sheets

import (
	"strings"

	"appraise/calc"
)

// WeCom (企业微信) 上下班打卡_日报: a two-row grouped header (基础信息, 考勤概况,
// 上班1, 下班1 … merged above the real names; detection carries them to
// the right), "--" for empty, 考勤结果 like 正常（休息）, 打卡状态 like
// 迟到15分钟, the leave type in 假勤申请. People are matched by 账号 through
// the roster's 企业微信账号, else by a unique 姓名.

// weComLayout is where a WeCom sheet keeps the name and the account: by
// name, or (when the merged 时间 heading spans them, as exports do) in the
// two columns right of the date.
type weComLayout struct {
	pairs         []punchPair
	below         int // a header row under the detected one, not data
	name, account int
}

// weComReader returns the row parser of a WeCom daily report.
func (ld *loader) weComReader(h *header) func(*rowCtx) {
	lay := weComLayout{name: -1, account: -1}
	lay.pairs, lay.below = punchColumns(h)
	if c, ok := h.cols["姓名"]; ok {
		lay.name = c
	}
	if c, ok := h.cols["账号"]; ok {
		lay.account = c
	}
	if t, ok := h.cols["时间"]; ok && h.last < len(h.head) {
		row := h.head[h.last]
		same := func(c int) bool {
			return c < len(row) && !colUsed(h, c) && normHeader(row[c]) == normHeader(row[t])
		}
		if lay.name < 0 && same(t+1) {
			lay.name = t + 1
		}
		if lay.account < 0 && lay.name == t+1 && same(t+2) {
			lay.account = t + 2
		}
	}
	return func(c *rowCtx) {
		if c.num != lay.below {
			ld.readWeComRow(c, lay)
		}
	}
}

// colUsed reports whether column c is one of the header's known columns.
func colUsed(h *header, c int) bool {
	for _, i := range h.cols {
		if i == c {
			return true
		}
	}
	return false
}

func (ld *loader) readWeComRow(c *rowCtx, lay weComLayout) {
	name := normText(c.at(lay.name))
	account := NormalizeID(c.at(lay.account))
	if emptyMark(account) {
		account = ""
	}
	who := ident{name: name, alt: account, altCol: "企业微信账号",
		idLoc: c.pos("时间"), nameLoc: c.pos("时间"), rowLoc: c.rowPos()}
	if lay.name >= 0 {
		who.nameLoc = c.colPos(lay.name)
		who.idLoc = who.nameLoc
	}
	if lay.account >= 0 {
		who.altLoc = c.colPos(lay.account)
		who.idLoc = who.altLoc
	}
	if name == "" && account == "" {
		c.bad = true
		ld.add(calc.Error, who.idLoc.loc(), "", "姓名和账号都为空", "请填写姓名或企业微信账号")
		return
	}
	day, ok := c.date("时间", true)
	if !ok || !c.inMonth("时间", day, false) {
		return
	}
	in := calc.DayInput{LateMin: c.minutesOf("迟到时长"), EarlyMin: c.minutesOf("早退时长")}
	in.Shift, in.SchedIn, in.SchedOut = parseShiftText(c.raw("班次"))
	in.DefaultShift(ld.r)
	if v := c.raw("考勤结果"); v != "" {
		if bad := ld.words().ParseStatus(v, &in.Verdict); len(bad) > 0 {
			c.errorf("考勤结果", "可用：正常 异常 请假 旷工 正常（休息）…", "无法识别的考勤结果「%s」", strings.Join(bad, "、"))
		}
	}
	missing := c.dayFromPairs(lay.pairs, day, &in)
	if len(lay.pairs) == 0 {
		in.HasPunchCols = c.has("最早") || c.has("最晚")
		in.In = c.clockCell("最早", day)
		in.Out = c.clockCell("最晚", day)
		if in.In.Set && in.Out.Set && in.In.Min == in.Out.Min {
			in.Out = calc.Clock{} // one punch only
		}
	}
	in.ApplyLeave(ld.words().LeaveIn(c.text("假勤申请")))
	in.MarkAbsent(c.minutesOf("旷工次数"))
	missing = max(missing, c.minutesOf("缺卡次数"))
	loc := c.loc("时间")
	if c.has("考勤结果") {
		loc = c.loc("考勤结果")
	}
	ld.finishDay(c, who, day, in, missing, loc)
}
