package sheets

import (
	"cmp"
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
	punches  punchLog
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
	loc := w.altLoc
	if loc == (calc.Loc{}) {
		loc = w.idLoc
	}
	ids := ro.byAlt[w.altCol][altKey(w.alt)]
	switch {
	case len(ids) == 1:
		e := ro.byID[ids[0]]
		if w.name != "" && nameKey(w.name) != nameKey(e.Name) {
			ld.add(calc.Error, w.nameLoc, e.ID, fmt.Sprintf("姓名「%s」与花名册中%s %s 对应的工号 %s 的姓名「%s」不一致", w.name, w.altCol, w.alt, e.ID, e.Name),
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

// wordEffect is what a status word of an attendance export says.
type wordEffect int

const (
	weNeutral wordEffect = iota // 异常, 加班: says nothing by itself
	weNormal
	weLate
	weEarly
	weMissed
	weAbsent
	weLeave
	weRest
	weTrip
)

// statusWord is a status word and what it says.
type statusWord struct {
	w string
	e wordEffect
}

// statusWords are the status words of DingTalk, WeCom and clock software,
// longest first so that 严重迟到 and 旷工迟到 are not read as 迟到.
func buildStatusWords(leave []string) []statusWord {
	ws := []statusWord{
		{"旷工迟到", weAbsent}, {"严重迟到", weLate}, {"迟到", weLate}, {"早退", weEarly},
		{"上班缺卡", weMissed}, {"下班缺卡", weMissed}, {"缺卡", weMissed}, {"未打卡", weMissed}, {"漏打卡", weMissed},
		{"旷工", weAbsent}, {"请假", weLeave},
		{"休息", weRest}, {"公休", weRest}, {"休息日", weRest}, {"节假日", weRest}, {"法定假日", weRest},
		{"出差", weTrip}, {"外出", weTrip}, {"公出", weTrip},
		{"正常", weNormal}, {"外勤", weNormal}, {"补卡审批通过", weNormal}, {"补卡", weNormal},
		{"管理员改为正常", weNormal}, {"已打卡", weNormal}, {"免打卡", weNormal}, {"出勤", weNormal},
		{"异常", weNeutral}, {"加班", weNeutral}, {"无排班", weNeutral},
	}
	for _, l := range leave {
		if l != "请假" {
			ws = append(ws, statusWord{l, weLeave})
		}
	}
	slices.SortStableFunc(ws, func(a, b statusWord) int { return cmp.Compare(len(b.w), len(a.w)) })
	return ws
}

var (
	reStatusSep = regexp.MustCompile(`[,;/、，；()（）\s]+`)
	reDuration  = regexp.MustCompile(`^(?:(\d{1,2})小时)?(?:(\d{1,4})分钟?)?`)
)

// emptyMark reports whether a cell means "nothing" (--, -, —, /).
func emptyMark(s string) bool {
	switch normText(s) {
	case "", "-", "--", "—", "——", "/":
		return true
	}
	return false
}

// parseStatus adds the words of a status cell of an export ("正常", "迟到15分钟",
// "严重迟到", "正常（休息）", "补卡审批通过") to res, longest word first. It
// returns the text it could not read.
func parseStatus(aw *attWords, s string, res *result) []string {
	if emptyMark(s) {
		return nil
	}
	var unknown []string
	for _, tok := range reStatusSep.Split(normText(s), -1) {
	scan:
		for tok != "" {
			for _, sw := range aw.status {
				if !strings.HasPrefix(tok, sw.w) {
					continue
				}
				tok = tok[len(sw.w):]
				res.given = true
				mins := 0
				if m := reDuration.FindStringSubmatch(tok); m != nil && m[0] != "" {
					h, _ := strconv.Atoi(m[1])
					mi, _ := strconv.Atoi(m[2])
					mins = h*60 + mi
					tok = tok[len(m[0]):]
				}
				switch sw.e {
				case weNormal:
					res.normal = true
				case weLate:
					res.late = true
					res.lateMin += mins
				case weEarly:
					res.early = true
					res.earlyMin += mins
				case weMissed:
					res.missed = true
				case weAbsent:
					res.absent = true
				case weLeave:
					if res.leave == "" || res.leave == "请假" {
						res.leave = sw.w
					}
				case weRest:
					res.rest = true
				case weTrip:
					res.trip = true
				}
				continue scan
			}
			unknown = append(unknown, tok)
			break
		}
	}
	return unknown
}

// leaveIn returns the first leave word in a text such as an approval
// (关联的审批单 "事假11-03 09:00到11-03 18:00", 假勤申请 "事假 1天"), or "".
func leaveIn(aw *attWords, s string) string {
	s = normText(s)
	best, at := "", len(s)
	for _, l := range aw.leave {
		if l == "请假" {
			continue
		}
		if i := strings.Index(s, l); i >= 0 && (i < at || (i == at && len(l) > len(best))) {
			best, at = l, i
		}
	}
	return best
}

var reShiftTimes = regexp.MustCompile(`(\d{1,2}\s*[:：]\s*\d{2})\s*(?:-|~|～|至|到|—)\s*(?:次日\s*)?(\d{1,2}\s*[:：]\s*\d{2})`)

// parseShiftText reads a shift cell such as "白班 09:00-18:00" or
// "夜班21:00-次日06:00": the name before the times, and the times when given.
func parseShiftText(s string) (name string, start, end punch) {
	s = normText(s)
	m := reShiftTimes.FindStringSubmatchIndex(s)
	if m == nil {
		return s, punch{}, punch{}
	}
	a, _, err1 := ParseClock(s[m[2]:m[3]], false)
	b, _, err2 := ParseClock(s[m[4]:m[5]], false)
	name = strings.TrimSpace(s[:m[0]] + s[m[1]:])
	if err1 != nil || err2 != nil {
		return s, punch{}, punch{}
	}
	return name, punch{true, a}, punch{true, b}
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
func (c *rowCtx) clockAt(i int, label string, day time.Time) punch {
	v := c.at(i)
	if emptyMark(v) || noPunchWords[normText(v)] {
		return punch{}
	}
	m, next, err := ParseClock(v, c.src.date1904)
	if err != nil {
		c.bad = true
		c.ld.add(calc.Error, c.src.loc(cellName(i, c.num)), c.rowID(), fmt.Sprintf("%s：%s「%s」", label, errClock, v), "时间请写成 08:59 或 次日 01:10")
		return punch{}
	}
	if d, ok := dateOfDateTime(v, c.ld.year, c.ld.month, c.src.date1904); ok && d.Equal(day.AddDate(0, 0, 1)) {
		next = true
	}
	if next {
		m += 1440
	}
	return punch{true, m}
}

// minutesOf parses a minutes column of an export ("12", "12分钟", "--");
// 0 when blank.
func (c *rowCtx) minutesOf(col string) int {
	if !c.has(col) || emptyMark(c.raw(col)) {
		return 0
	}
	return c.integer(col)
}

// defaultSched fills the scheduled times from the rules' default shift when
// the shift cell gave none and names no other shift.
func (ld *loader) defaultSched(in *dayInput) {
	sh := ld.r.DefaultShift
	if in.schedIn.set || sh.Start == sh.End || (in.shift != "" && in.shift != sh.Name) {
		return
	}
	in.schedIn, in.schedOut = punch{true, sh.Start}, punch{true, sh.End}
}

// dayFromPairs reduces the punch pairs of an export row to a dayInput: the
// first 上班 time in, the last 下班 time out, every status word added to
// res. It returns the number of punches marked missing; unreadable words
// are errors at their cells.
func (c *rowCtx) dayFromPairs(pairs []punchPair, day time.Time, in *dayInput) int {
	missing := 0
	for _, p := range pairs {
		var t punch
		if p.time >= 0 {
			in.hasPunchCols = true
			t = c.clockAt(p.time, p.label+"打卡时间", day)
		}
		var one result
		if p.status >= 0 {
			st := c.at(p.status)
			if bad := parseStatus(c.ld.words(), st, &one); len(bad) > 0 {
				c.bad = true
				c.ld.add(calc.Error, c.src.loc(cellName(p.status, c.num)), c.rowID(), fmt.Sprintf("无法识别的打卡结果「%s」", strings.Join(bad, "、")),
					"可用：正常 迟到 严重迟到 旷工迟到 早退 缺卡 旷工 请假 休息 外勤 补卡审批通过 …")
			}
			mergeResult(&in.res, one)
			if one.missed {
				missing++
			}
		}
		if !t.set && one.normal && !one.missed {
			// a punch made good by an approval (补卡) or an administrator
			if p.in {
				t = in.schedIn
			} else {
				t = in.schedOut
			}
		}
		if !t.set {
			continue
		}
		if p.in && !in.in.set {
			in.in = t
		}
		if !p.in {
			in.out = t
		}
	}
	return missing
}

// mergeResult adds the words of b to a.
func mergeResult(a *result, b result) {
	a.given = a.given || b.given
	a.absent = a.absent || b.absent
	a.late = a.late || b.late
	a.early = a.early || b.early
	a.missed = a.missed || b.missed
	a.rest = a.rest || b.rest
	a.trip = a.trip || b.trip
	a.normal = a.normal || b.normal
	a.lateMin += b.lateMin
	a.earlyMin += b.earlyMin
	if b.leave != "" && (a.leave == "" || a.leave == "请假") {
		a.leave = b.leave
	}
}

// finishDay interprets an export row and appends the day: missing punches
// counted from the status words when they say more than the times.
func (ld *loader) finishDay(c *rowCtx, who ident, day time.Time, in dayInput, missing int, loc calc.Loc) {
	if c.bad {
		return
	}
	d, warn := interpretDay(ld.r, day, in)
	if warn != "" {
		ld.add(calc.Warning, loc, c.rowID(), warn, "请核对打卡记录；如确为正常出勤可忽略")
	}
	if !d.Absent && d.Leave == "" && d.Status != "休息" && d.Status != "出差" && missing > d.MissingPunches {
		d.MissingPunches = missing
		if !d.Late && !d.Early {
			d.Status = "缺卡"
		}
	}
	d.Loc = loc
	ld.days = append(ld.days, pending[calc.Day]{d, who})
}
