package sheets

import (
	"strings"

	"appraise/calc"
)

// DingTalk (钉钉) 考勤报表, sheet 每日统计: one row per person and day, the
// 上班N/下班N punch columns found by name (their number varies), 打卡结果
// words, 迟到时长/严重迟到时长/早退时长 in minutes and the leave type in
// 关联的审批单. People are matched by 工号, else the roster's 钉钉UserId, else
// a unique 姓名.

// dingTalkReader returns the row parser of a 每日统计 sheet.
func (ld *loader) dingTalkReader(h *header) func(*rowCtx) {
	pairs, below := punchColumns(h)
	return func(c *rowCtx) {
		if c.num != below {
			ld.readDingTalkRow(c, pairs)
		}
	}
}

func (ld *loader) readDingTalkRow(c *rowCtx, pairs []punchPair) {
	who := c.who()
	if who.id == "" {
		who.alt, who.altCol, who.altLoc = NormalizeID(c.raw("UserId")), "钉钉UserId", c.pos("UserId")
	}
	if who.id == "" && who.name == "" && who.alt == "" {
		c.errorf("姓名", "请填写姓名或工号", "姓名 不能为空")
		return
	}
	day, ok := c.date("日期", true)
	if !ok || !c.inMonth("日期", day, false) {
		return
	}
	in := calc.DayInput{LateMin: c.minutesOf("迟到时长") + c.minutesOf("严重迟到时长"), EarlyMin: c.minutesOf("早退时长")}
	in.Shift, in.SchedIn, in.SchedOut = parseShiftText(c.raw("班次"))
	in.DefaultShift(ld.r)
	missing := c.dayFromPairs(pairs, day, &in)
	if approval := c.text("关联的审批单"); approval != "" {
		in.NameLeave(ld.words().LeaveIn(approval))
	}
	if !in.Verdict.Given {
		// the words judge a day that has them (D24): 旷工天数 is read only
		// for a day without any
		in.MarkAbsent(c.minutesOf("旷工天数"))
	}
	// The day's place is its first 打卡结果 that says something other
	// than 正常 (an early leave sits in 下班N打卡结果), else the first one.
	loc, first, unusualSeen := c.loc("日期"), true, false
	for _, p := range pairs {
		if p.status < 0 {
			continue
		}
		v := ""
		if p.status < len(c.cells) {
			v = strings.TrimSpace(c.cells[p.status])
		}
		cell := c.src.loc(cellName(p.status, c.num))
		unusual := v != "" && !strings.HasPrefix(v, "正常")
		if first || (unusual && !unusualSeen) {
			loc = cell
		}
		first, unusualSeen = false, unusualSeen || unusual
		if strings.Contains(v, "早退") && in.EarlyLoc == (calc.Loc{}) {
			in.EarlyLoc = cell
		}
	}
	ld.finishDay(c, who, day, in, missing, loc)
}
