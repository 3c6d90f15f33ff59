package sheets

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"appraise/calc"
)

// Helpers shared by the attendance shapes other systems export (DingTalk,
// WeCom, clock punches, hand-made matrices): status words, shift texts,
// punch columns found by name, people found by an attendance system's id.

// shapeState holds what must wait until every file is read: punches and
// shift tables need the roster and each other, a matrix needs its legend
// written under the table.
type shapeState struct {
	punches punchLog
	// punchCols is readPunchRow's columns of the last punch header
	punchCols punchCols
	// csvRows bounds the records of csvSrc, the CSV being read (readCSV)
	csvSrc   *sheetSrc
	csvRows  int
	shifts   []shiftRow
	matrices []*matrixSheet
	// outside counts punches dated outside the month (and its edges), by
	// file!sheet, reported once each.
	outside map[calc.Loc]int
	// punchFiles is set when a punch source was read at all.
	punchFiles bool
}

// shapeDays turns the deferred shapes into days, resolving identities with
// res (the roster is complete now).
func (ld *loader) shapeDays(ro *roster, res func(ident) (string, bool)) []calc.Day {
	var days []calc.Day
	for _, ms := range ld.shapes.matrices {
		days = append(days, ld.readMatrix(ms, res)...)
	}
	pd := ld.punchDays(ro, res, days)
	if len(days) == 0 && len(pd) > 0 {
		return pd // not copied: half a million days from a month of punches
	}
	return append(days, pd...)
}

// resolveAlt matches a row without 工号 by an attendance system's id through
// the roster column altCol, then by a unique 姓名. done is false when the
// caller should go on with its own name matching.
func (ld *loader) resolveAlt(ro *roster, w ident) (id string, ok, done bool) {
	if ro.byAlt == nil {
		ro.byAlt = map[string]map[string][]string{}
		ro.warned = map[string]bool{}
		for _, e := range ld.m.Employees {
			for col, v := range map[string]string{"考勤号": e.ClockID, "钉钉UserId": e.DingTalkID, "企业微信账号": e.WeCom} {
				if k := altKey(v); k != "" {
					if ro.byAlt[col] == nil {
						ro.byAlt[col] = map[string][]string{}
					}
					ro.byAlt[col][k] = append(ro.byAlt[col][k], e.ID)
				}
			}
		}
	}
	loc := w.altLoc.loc()
	if loc == (calc.Loc{}) {
		loc = w.idLoc.loc()
	}
	ids := ro.byAlt[w.altCol][altKey(w.alt)]
	switch {
	case len(ids) == 1:
		e := ro.byID[ids[0]]
		if w.name != "" && nameKey(w.name) != nameKey(e.Name) {
			ld.add(calc.Error, w.nameLoc.loc(), e.ID, fmt.Sprintf("姓名「%s」与花名册中%s %s 对应的工号 %s 的姓名「%s」不一致", w.name, w.altCol, w.alt, e.ID, e.Name),
				"请核对花名册的"+w.altCol+"列")
			return "", false, true
		}
		return e.ID, true, true
	case len(ids) > 1:
		ld.add(calc.Error, loc, "", fmt.Sprintf("花名册中有 %d 人的%s为 %s（工号 %s），无法确定是谁", len(ids), w.altCol, w.alt, strings.Join(ids, "、")),
			"花名册中每人的"+w.altCol+"应不同")
		return "", false, true
	}
	if w.name == "" {
		ld.add(calc.Error, loc, "", fmt.Sprintf("%s %s 不在花名册中，且没有姓名", w.altCol, w.alt), "请在花名册的"+w.altCol+"列填写此人的"+w.altCol)
		return "", false, true
	}
	byName := ro.byName[nameKey(w.name)]
	if len(byName) != 1 {
		return "", false, false // the caller reports it
	}
	if k := w.altCol + "|" + w.alt + "|" + nameKey(w.name); !ro.warned[k] {
		ro.warned[k] = true
		ld.add(calc.Warning, loc, byName[0], fmt.Sprintf("%s %s 不在花名册中，已按姓名「%s」匹配为工号 %s", w.altCol, w.alt, w.name, byName[0]),
			"建议在花名册的"+w.altCol+"列填写此人的"+w.altCol)
	}
	return byName[0], true, true
}

// altKey normalises an attendance system's id for comparison.
func altKey(s string) string { return strings.ToLower(NormalizeID(s)) }

// emptyMark reports whether a cell means "nothing" (--, -, —, /).
func emptyMark(s string) bool {
	switch normText(s) {
	case "", "-", "--", "—", "——", "/":
		return true
	}
	return false
}

var reShiftTimes = regexp.MustCompile(`(\d{1,2}\s*[:：]\s*\d{2})\s*(?:-|~|～|至|到|—)\s*(?:次日\s*)?(\d{1,2}\s*[:：]\s*\d{2})`)

// parseShiftText reads a shift cell such as "白班 09:00-18:00" or
// "夜班21:00-次日06:00": the name before the times, and the times when given.
func parseShiftText(s string) (name string, start, end calc.Clock) {
	s = normText(s)
	m := reShiftTimes.FindStringSubmatchIndex(s)
	if m == nil {
		return s, calc.Clock{}, calc.Clock{}
	}
	a, _, err1 := ParseClock(s[m[2]:m[3]], false)
	b, _, err2 := ParseClock(s[m[4]:m[5]], false)
	name = strings.TrimSpace(s[:m[0]] + s[m[1]:])
	if err1 != nil || err2 != nil {
		return s, calc.Clock{}, calc.Clock{}
	}
	return name, calc.At(a), calc.At(b)
}

// punchPair is the columns of one 上班N or 下班N punch of an export: its
// time and its status (either may be -1).
type punchPair struct {
	in           bool
	n            int
	time, status int
	label        string // 上班1 …
}

var rePunchCol = regexp.MustCompile(`^(上班|下班)(\d{1,2})(?:打卡)?(时间|结果|状态)$`)

// punchColumns finds the 上班N/下班N punch columns of an export by name: in
// one header row (上班1打卡时间) or under a group name in the row above
// (上班1 over 打卡时间), whatever their number. When the names sit in the
// row below the detected header (上班1 over 打卡时间, not merged), below is
// that row's 1-based number: it is a header row, not data.
func punchColumns(h *header) (pairs []punchPair, below int) {
	if h.last >= len(h.head) {
		return nil, 0
	}
	row := h.head[h.last]
	var up, down []string
	if h.last > 0 {
		up = h.head[h.last-1]
	}
	if h.last+1 < len(h.head) {
		down = h.head[h.last+1]
	}
	byKey := map[string]*punchPair{}
	var out []*punchPair
	for c := range row {
		cands := []string{row[c]}
		if c < len(up) {
			cands = append(cands, up[c]+row[c])
		}
		if c < len(down) {
			cands = append(cands, row[c]+down[c])
		}
		for ci, t := range cands {
			m := rePunchCol.FindStringSubmatch(normHeader(t))
			if m == nil {
				continue
			}
			n, _ := strconv.Atoi(m[2])
			k := m[1] + m[2]
			p := byKey[k]
			if p == nil {
				p = &punchPair{in: m[1] == "上班", n: n, time: -1, status: -1, label: k}
				byKey[k] = p
				out = append(out, p)
			}
			if ci == len(cands)-1 && c < len(down) && ci > 0 {
				below = h.last + 2
			}
			if m[3] == "时间" && p.time < 0 {
				p.time = c
			} else if m[3] != "时间" && p.status < 0 {
				p.status = c
			}
			break
		}
	}
	slices.SortFunc(out, func(a, b *punchPair) int {
		if a.n != b.n {
			return a.n - b.n
		}
		if a.in == b.in {
			return 0
		}
		if a.in {
			return -1
		}
		return 1
	})
	pairs = make([]punchPair, len(out))
	for i, p := range out {
		pairs[i] = *p
	}
	return pairs, below
}

// at returns the trimmed text of the cell in 0-based column i; a formula
// without a cached value is an error at the cell.
func (c *rowCtx) at(i int) string {
	if i < 0 {
		return ""
	}
	v := ""
	if i < len(c.cells) {
		v = strings.TrimSpace(c.cells[i])
	}
	if v == "" && c.src.formulas[cellName(i, c.num)] {
		c.bad = true
		c.ld.add(calc.Error, c.src.loc(cellName(i, c.num)), c.rowID(), errFormula.Error(), "请在 Excel 中打开此文件，按 F9 重新计算并保存；或把公式改成数值")
	}
	return v
}

// clockAt parses a punch-time cell in column i of the row dated day.
func (c *rowCtx) clockAt(i int, label string, day time.Time) calc.Clock {
	v := c.at(i)
	if emptyMark(v) || noPunchWords[normText(v)] {
		return calc.Clock{}
	}
	m, next, err := ParseClock(v, c.src.date1904)
	if err != nil {
		c.bad = true
		c.ld.add(calc.Error, c.src.loc(cellName(i, c.num)), c.rowID(), fmt.Sprintf("%s：%s「%s」", label, errClock, v), "时间请写成 08:59 或 次日 01:10")
		return calc.Clock{}
	}
	if d, ok := dateOfDateTime(v, c.ld.year, c.ld.month, c.src.date1904); ok && d.Equal(day.AddDate(0, 0, 1)) {
		next = true
	}
	if next {
		m += 1440
	}
	return calc.At(m)
}

// minutesOf parses a minutes column of an export ("12", "12分钟", "--");
// 0 when blank.
func (c *rowCtx) minutesOf(col string) int {
	if !c.has(col) || emptyMark(c.raw(col)) {
		return 0
	}
	return c.integer(col)
}

// dayFromPairs adds the punch pairs of an export row to in
// (calc.DayInput.AddPunch decides which punch counts). It returns the number
// of punches marked missing; unreadable words are errors at their cells.
func (c *rowCtx) dayFromPairs(pairs []punchPair, day time.Time, in *calc.DayInput) int {
	missing := 0
	for _, p := range pairs {
		var t calc.Clock
		if p.time >= 0 {
			in.HasPunchCols = true
			t = c.clockAt(p.time, p.label+"打卡时间", day)
		}
		var one calc.Verdict
		if p.status >= 0 {
			st := c.at(p.status)
			if bad := c.ld.words().ParseStatus(st, &one); len(bad) > 0 {
				c.bad = true
				c.ld.add(calc.Error, c.src.loc(cellName(p.status, c.num)), c.rowID(), fmt.Sprintf("无法识别的打卡结果「%s」", strings.Join(bad, "、")),
					"可用：正常 迟到 严重迟到 旷工迟到 早退 缺卡 旷工 请假 休息 外勤 补卡审批通过 …")
			}
		}
		if in.AddPunch(p.in, t, one) {
			missing++
		}
	}
	return missing
}

// finishDay interprets an export row and appends the day: missing punches
// counted from the status words when they say more than the times.
func (ld *loader) finishDay(c *rowCtx, who ident, day time.Time, in calc.DayInput, missing int, loc calc.Loc) {
	if c.bad {
		return
	}
	in.Missing = missing
	d, warn := calc.InterpretDay(ld.r, day, in)
	if warn != "" {
		ld.add(calc.Warning, loc, c.rowID(), warn, "请核对打卡记录；如确为正常出勤可忽略")
	}
	d.Loc = loc
	ld.days.add(d, who)
}
