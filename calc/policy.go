package calc

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Leave is one row of the 请假记录, or one leave approval of DingTalk's
// approval export (D34).
type Leave struct {
	ID     string
	Type   string    // 请假类型: 事假 病假 年假 …
	Start  time.Time // first moment of the leave
	End    time.Time // end, exclusive: a date-only end is the next midnight
	Asked  time.Time // 申请时间 (DingTalk 发起时间)
	Status string    // 已通过 审批中 已拒绝 已撤销
	// Approvers is the 审批人 cell as written: 工号s or names, several
	// separated by commas; roles come from the roster.
	Approvers string
	Proof     string          // 证明: 有, 无, or "" when the sheet does not say
	Proxy     string          // 代请人, as written
	Days      decimal.Decimal // 时长 in days when given (hours already converted), else 0
	Ref       string          // 审批编号
	Loc       Loc
}

// Swap is one row of the 换班登记 (D36): ID gives the shift of Date to
// StandIn and works StandIn's shift on Return.
type Swap struct {
	Date          time.Time
	ID            string // 申请人
	StandIn       string // 替班人
	Shift         string // 原班次
	Return        time.Time
	LeadOK, SubOK bool   // 申请人班长审批, 替班人班长审批 given and not refused
	LeadText      string // as written
	SubText       string
	Loc           Loc
}

// Finding is one line of 制度执行: a clause of the policy the data shows
// was not kept, with what was found and what was done (D34–D38).
type Finding struct {
	ID, Name, Team string
	Date           time.Time // zero for the month
	Clause         string    // 请假制度 二
	Text           string    // the clause's text
	Found          string    // 发现
	Action         string    // 处理: the scoring rule, 提醒 or 人工复核
	Loc            Loc
	row            int
}

// Leave statuses.
const (
	LeaveApproved = "已通过"
	LeavePending  = "审批中"
	LeaveRefused  = "已拒绝"
	LeaveRevoked  = "已撤销"
)

// LeaveStatuses are the values of 审批状态.
var LeaveStatuses = []string{LeaveApproved, LeavePending, LeaveRefused, LeaveRevoked}

// LeaveTypes are the values of 请假类型 (D34).
var LeaveTypes = []string{"事假", "病假", "年假", "婚假", "丧假", "产假", "调休", "公假"}

// Clauses of 请假制度汇编 and 换班制度 the engine applies, by key.
var Clauses = map[string]string{
	"请假制度 二":  "遇病事假不能上班，必须提前请假。一般事假需在一天提出；特殊事假需在班前一小时提出；如不能提前请假需经管理人员批准后方可生效。否则，按旷工处理。",
	"请假制度 三":  "请事假要逐级办理，不允许越级请假和交叉请假。假期审批权限：一天由客服部主任批准；一天以上由客服中心主任批准。",
	"请假制度 四":  "事假必须由本人出面办理，不得由他人代请，病假除外。",
	"请假制度 五":  "病假满一天，必须持医疗单位证明方可生效（急诊除外）。",
	"请假制度 六":  "原则上夜班不允许请假，如遇特殊情况必须在当日十二点之前提出，经管理人员批准后方可生效。",
	"请假制度 七":  "节假日不允许请假，除极特殊情况需提前二天提出，经管理人员批准后方可生效。",
	"请假制度 八":  "班前未请假，迟到二十分钟及以上者；擅离值守脱岗二十分钟及以上者按违纪处理。",
	"请假制度 九":  "因公事及外出学习，需经客服中心主任批准。",
	"换班制度 二":  "换班必须经双方班长同意，填写换班登记表方可。",
	"换班制度 三":  "每人每月换班不得超过2次。不允许连续换班，换班者、还班者不允许连班。",
	"换班制度 五":  "换班双方必须交待清楚，若交代不清造成误班、空班的按旷工处理，并按责任大小考核双方当事人。",
	"换班制度 六":  "换班和还班均不得请假，否则按旷工处理。",
	"换班制度 九":  "节假日当班人员不允许换班或请假。",
	"考试":      "原则上每个月进行一次有关工作技巧的考试。",
	"质检员职责 三": "每月每人监听不少于1-5次。",
	"交接班制度 一": "提前10分钟到岗，认真听取班长点名点评。",
}

// Actions of findings that do not score.
const (
	actRemind = "提醒（不扣分）"
	actReview = "人工复核"
)

// find records a finding for a row.
func (s *state) find(row int, date time.Time, clause, found, action string, loc Loc) {
	e := s.rows[row]
	s.findings = append(s.findings, Finding{ID: e.ID, Name: e.Name, Team: e.Team, Date: date, Clause: clause,
		Text: Clauses[clause], Found: found, Action: action, Loc: loc, row: row})
}

// sortedFindings returns the findings by team (in roster order of first
// appearance), person and date.
func (s *state) sortedFindings() []Finding {
	team := map[string]int{}
	for i, e := range s.rows {
		if _, ok := team[e.Team]; !ok {
			team[e.Team] = i
		}
	}
	out := slices.Clone(s.findings)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if team[a.Team] != team[b.Team] {
			return team[a.Team] < team[b.Team]
		}
		if a.row != b.row {
			return a.row < b.row
		}
		return a.Date.Before(b.Date)
	})
	return out
}

// dayStart is midnight of t's day.
func dayStart(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

// covers reports whether the leave overlaps day t.
func (l Leave) covers(t time.Time) bool {
	d0 := dayStart(t)
	return l.Start.Before(d0.AddDate(0, 0, 1)) && l.End.After(d0)
}

// late reports whether the leave was asked for after it began.
func (l Leave) late() bool { return l.Asked.After(l.Start) }

// leaveDays is the length of a leave in days: 时长 when given; else a
// leave shorter than a day (a night shift across midnight included) is
// its hours over LeaveDayHours, at most 1, rounded up to a half day, a
// half (00:00–12:00 or 12:00–24:00) ½; a longer leave counts each workday
// it covers (1 for a whole day, a part as above), so that a holiday inside
// a multi-day leave does not count.
func (s *state) leaveDays(l Leave) decimal.Decimal {
	if l.Days.IsPositive() {
		return l.Days
	}
	part := func(from, to time.Time) decimal.Decimal {
		h := to.Sub(from)
		switch {
		case h <= 0:
			return decimal.Zero
		case h >= 24*time.Hour:
			return d(1)
		case h == 12*time.Hour && (from.Hour() == 0 || from.Hour() == 12) && from.Minute() == 0:
			return decimal.RequireFromString("0.5")
		}
		frac := decimal.NewFromFloat(h.Hours())
		if s.r.LeaveDayHours.IsPositive() {
			frac = frac.Div(s.r.LeaveDayHours)
		}
		return decimal.Min(frac.Mul(d(2)).Ceil().Div(d(2)), d(1))
	}
	if l.End.Sub(l.Start) < 24*time.Hour {
		return part(l.Start, l.End)
	}
	total := decimal.Zero
	for day := dayStart(l.Start); day.Before(l.End); day = day.AddDate(0, 0, 1) {
		if s.r.Workday(day) {
			total = total.Add(part(maxTime(l.Start, day), minTime(l.End, day.AddDate(0, 0, 1))))
		}
	}
	return total
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func fmtClock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func fmtTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04")
}

func dayText(t time.Time) string {
	var buf [16]byte
	return string(appendDayText(buf[:0], t))
}

// appendDayText appends dayText(t) to b.
func appendDayText(b []byte, t time.Time) []byte {
	_, m, d := t.Date()
	b = strconv.AppendInt(b, int64(m), 10)
	b = append(b, "月"...)
	b = strconv.AppendInt(b, int64(d), 10)
	return append(b, "日"...)
}

// policyPrep indexes the roster by name for the approvers' roles and the
// swaps by person and day; it runs before attendance.
func (s *state) policyPrep() {
	s.byName = map[string][]int{}
	for i, e := range s.m.Employees {
		s.byName[norm(e.Name)] = append(s.byName[norm(e.Name)], i)
	}
	s.swapDay = map[dayKey]int{}
	for i, sw := range s.m.Swaps {
		for _, id := range []string{sw.ID, sw.StandIn} {
			if !sw.Date.IsZero() {
				s.swapDay[dayKey{id, key(sw.Date)}] = i
			}
			if !sw.Return.IsZero() {
				s.swapDay[dayKey{id, key(sw.Return)}] = i
			}
		}
	}
	s.leaves = map[string][]int{}
	for i, l := range s.m.Leaves {
		s.leaves[l.ID] = append(s.leaves[l.ID], i)
	}
}

// approverRoles returns the roster roles of the approvers written in a
// cell: each 工号 or unique name found in the roster.
func (s *state) approverRoles(text string) []string {
	var roles []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return strings.ContainsRune(",，、;；/ →>|\n", r)
	}) {
		w = norm(w)
		if i, ok := s.roster[w]; ok {
			roles = append(roles, s.m.Employees[i].Role)
		} else if ix := s.byName[w]; len(ix) == 1 {
			roles = append(roles, s.m.Employees[ix[0]].Role)
		}
	}
	return roles
}

func anyIn(have, want []string) bool {
	for _, h := range have {
		if slices.Contains(want, h) {
			return true
		}
	}
	return false
}

// leaveVerdict decides whether a day marked as leave is 旷工 (D34, D36):
// it returns the clause and the reason, or "" when the leave stands.
func (s *state) leaveVerdict(dd *Day, leave string) (clause, why string) {
	if clause, why := s.swapLeave(dd); clause != "" {
		return clause, why
	}
	if !s.m.LeaveGiven {
		return "", ""
	}
	var seen []string
	lateNoManager := false
	for _, i := range s.leaves[dd.ID] {
		l := s.m.Leaves[i]
		if !l.covers(dd.Date) {
			continue
		}
		if l.Status != LeaveApproved {
			seen = append(seen, l.Status)
			continue
		}
		if l.late() && !anyIn(s.approverRoles(l.Approvers), s.r.ManagerRoles) {
			lateNoManager = true
			continue
		}
		return "", ""
	}
	switch {
	case lateNoManager:
		return "请假制度 二", fmt.Sprintf("%s%s的请假在开始后才申请，且未经管理人员（%s）批准", dayText(dd.Date), leave, strings.Join(s.r.ManagerRoles, "、"))
	case len(seen) > 0:
		return "请假制度 二", fmt.Sprintf("%s%s的请假记录审批状态为%s，没有已通过的请假", dayText(dd.Date), leave, strings.Join(slices.Compact(seen), "、"))
	}
	return "请假制度 二", fmt.Sprintf("%s考勤为%s，但请假记录中没有覆盖这一天的请假", dayText(dd.Date), leave)
}

// hasSwapDay reports whether k is a swap or return day of its person.
func (s *state) hasSwapDay(k dayKey) bool {
	_, ok := s.swapDay[k]
	return ok
}

// swapLeave returns the clause and reason when dd is a swap or return day
// of its person (换班和还班均不得请假), else "".
func (s *state) swapLeave(dd *Day) (clause, why string) {
	if len(s.swapDay) == 0 {
		return "", ""
	}
	i, ok := s.swapDay[dayKey{dd.ID, key(dd.Date)}]
	if !ok {
		return "", ""
	}
	sw := s.m.Swaps[i]
	what := "换班日"
	if sameDay(sw.Return, dd.Date) && !sameDay(sw.Date, dd.Date) {
		what = "还班日"
	}
	return "换班制度 六", fmt.Sprintf("%s是%s（%s 与 %s 换班），%s不得请假", dayText(dd.Date), what, sw.ID, sw.StandIn, what)
}

// absentForLeave scores a leave day that is 旷工 (S01) with the clause.
func (s *state) absentForLeave(row int, dd *Day, clause, why string) {
	rl, ok := s.need(codeS01)
	if !ok {
		return
	}
	note := joinNote(fmt.Sprintf("%s，按旷工处理（%s：%s）", why, clause, Clauses[clause]), dd.Note)
	s.add(row, rl, 1, rl.Min, dd.Date, true, note, dd.Loc)
	s.find(row, dd.Date, clause, why, fmt.Sprintf("按旷工处理：%s %s −%s分", rl.Code, rl.Name, rl.Min), dd.Loc)
}

// leaveRules checks the leave records themselves (D35): reminders only.
func (s *state) leaveRules() {
	if !s.m.LeaveGiven {
		return
	}
	monthStart := time.Date(s.m.Year, s.m.Month, 1, 0, 0, 0, 0, time.UTC)
	monthEnd := monthStart.AddDate(0, 1, 0)
	rows := s.rowsOf(len(s.m.Leaves), func(i int) string { return s.m.Leaves[i].ID })
	s.byRecords(rows, func(sh *state, i int) { sh.leaveRule(&s.m.Leaves[i], rows[i], monthStart, monthEnd) })
}

// leaveRule checks one leave record (D35) of row r (−1: not appraised)
// when it is of one of the shard's rows; shard 0 reports an unknown 工号.
func (s *state) leaveRule(l *Leave, r int32, monthStart, monthEnd time.Time) {
	if r < 0 {
		if _, known := s.roster[l.ID]; !known && s.shard == 0 {
			s.row(l.ID, l.Loc, "请假记录", Error)
		}
		return
	}
	row := int(r)
	if row < s.lo || row >= s.hi || !l.Start.Before(monthEnd) || !l.End.After(monthStart) || l.Status != LeaveApproved {
		return
	}
	ahead := decimal.NewFromFloat(l.Start.Sub(l.Asked).Hours()).Div(d(24))
	span := fmt.Sprintf("%s（%s 至 %s，申请于 %s）", l.Type, fmtTime(l.Start), fmtTime(l.End), fmtTime(l.Asked))
	days := s.leaveDays(*l)
	if l.Type == "事假" && s.r.LeaveAheadDays.IsPositive() && ahead.LessThan(s.r.LeaveAheadDays) {
		s.find(row, l.Start, "请假制度 二", fmt.Sprintf("事假提前不足%s天提出：%s", s.r.LeaveAheadDays, span), actRemind, l.Loc)
	}
	if l.Type == "事假" && l.Proxy != "" && norm(l.Proxy) != norm(s.rows[row].Name) && norm(l.Proxy) != l.ID {
		s.find(row, l.Start, "请假制度 四", fmt.Sprintf("事假由%s代请：%s", l.Proxy, span), actRemind, l.Loc)
	}
	if l.Type == "病假" && l.Proof == "无" && s.r.SickProofDays.IsPositive() && !days.LessThan(s.r.SickProofDays) {
		s.find(row, l.Start, "请假制度 五", fmt.Sprintf("病假%s天，没有医疗单位证明：%s", days, span), actRemind, l.Loc)
	}
	manager := anyIn(s.approverRoles(l.Approvers), s.r.ManagerRoles)
	if mins := l.Start.Hour()*60 + l.Start.Minute(); mins >= s.r.NightFrom && s.r.NightFrom > 0 {
		askMin := l.Asked.Hour()*60 + l.Asked.Minute()
		if sameDay(l.Asked, l.Start) && askMin > s.r.NightAskBy {
			s.find(row, l.Start, "请假制度 六", fmt.Sprintf("夜班请假在当日%s之后才提出：%s", fmtClock(s.r.NightAskBy), span), actRemind, l.Loc)
		}
		if !manager {
			s.find(row, l.Start, "请假制度 六", "夜班请假未经管理人员批准："+span, actRemind, l.Loc)
		}
	}
	for d0 := dayStart(l.Start); d0.Before(l.End); d0 = d0.AddDate(0, 0, 1) {
		if !s.holiday(d0) {
			continue
		}
		if ahead.LessThan(s.r.HolidayAheadDays) {
			s.find(row, l.Start, "请假制度 七", fmt.Sprintf("请假包含节假日%s，提前不足%s天提出：%s", dayText(d0), s.r.HolidayAheadDays, span), actRemind, l.Loc)
		}
		if !manager {
			s.find(row, l.Start, "请假制度 七", fmt.Sprintf("请假包含节假日%s，未经管理人员批准：%s", dayText(d0), span), actRemind, l.Loc)
		}
		break
	}
	want, who, clause := s.r.DayApprovers, "一天以内", "请假制度 三"
	switch {
	case l.Type == "公假":
		want, who, clause = s.r.LongApprovers, "公假", "请假制度 九"
	case days.GreaterThan(s.r.ApproveDays):
		want, who = s.r.LongApprovers, "一天以上"
	}
	if len(want) > 0 && !anyIn(s.approverRoles(l.Approvers), want) {
		approver := l.Approvers
		if approver == "" {
			approver = "（空）"
		}
		s.find(row, l.Start, clause, fmt.Sprintf("请假%s天（%s）应由%s批准，审批人为%s：%s", days, who, strings.Join(want, "或"), approver, span), actRemind, l.Loc)
	}
}

// holiday reports whether t is in the holiday calendar.
func (s *state) holiday(t time.Time) bool {
	return slices.ContainsFunc(s.r.Holidays, func(h time.Time) bool { return sameDay(h, t) })
}

// swaps applies 换班制度 (D36) after attendance: counts, consecutive days,
// holidays, approvals and a stand-in absent on the day.
func (s *state) swaps() {
	if !s.m.SwapsGiven {
		return
	}
	type dated struct {
		date time.Time
		loc  Loc
	}
	per := map[int][]dated{}
	for _, sw := range s.m.Swaps {
		row := s.row(sw.ID, sw.Loc, "换班登记", Warning)
		sub := s.row(sw.StandIn, sw.Loc, "换班登记（替班人）", Warning)
		if row < 0 || sub < 0 || !s.inMonth(sw.Date) {
			if row >= 0 && sub >= 0 && !sw.Date.IsZero() {
				s.ps.add(Warning, sw.Loc, sw.ID, fmt.Sprintf("换班日期 %s 不在考核月份%s，已忽略", fmtDate(sw.Date), s.monthText()), "检查日期或月份")
			}
			continue
		}
		per[row] = append(per[row], dated{sw.Date, sw.Loc})
		pair := fmt.Sprintf("%s与%s（%s）换班", dayText(sw.Date), s.rows[sub].Name, sw.StandIn)
		if !sw.LeadOK || !sw.SubOK {
			var miss []string
			if !sw.LeadOK {
				miss = append(miss, "申请人班长审批")
			}
			if !sw.SubOK {
				miss = append(miss, "替班人班长审批")
			}
			s.find(row, sw.Date, "换班制度 二", pair+"，缺少"+strings.Join(miss, "、"), actRemind, sw.Loc)
		}
		for _, t := range []time.Time{sw.Date, sw.Return} {
			if !t.IsZero() && s.holiday(t) {
				s.find(row, sw.Date, "换班制度 九", fmt.Sprintf("%s，%s是节假日", pair, dayText(t)), actRemind, sw.Loc)
			}
		}
		s.standIn(sub, row, sw.Date, sw)
		if !sw.Return.IsZero() && s.inMonth(sw.Return) {
			s.standIn(row, sub, sw.Return, sw)
		}
	}
	for row, ds := range per {
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].date.Before(ds[j].date) })
		for i, x := range ds {
			if s.r.SwapMax >= 0 && i >= s.r.SwapMax {
				s.find(row, x.date, "换班制度 三", fmt.Sprintf("本月第%d次换班（%s），每月不得超过%d次", i+1, dayText(x.date), s.r.SwapMax), actRemind, x.loc)
			}
			if i > 0 && key(ds[i-1].date.AddDate(0, 0, 1)) == key(x.date) {
				s.find(row, x.date, "换班制度 三", fmt.Sprintf("%s与%s连续换班", dayText(ds[i-1].date), dayText(x.date)), actRemind, x.loc)
			}
		}
	}
}

// standIn checks that the person who owes the shift of day t (worker) was
// there: 旷工 when absent (already S01 from attendance) or resting, and a
// review flag for both (换班制度 五).
func (s *state) standIn(worker, other int, t time.Time, sw Swap) {
	dd, ok := s.dayOf[dayKey{s.rows[worker].ID, key(t)}]
	if !ok {
		return
	}
	leave := dd.Leave
	if leave == "" && s.r.LeaveWord(dd.Status) {
		leave = dd.Status
	}
	// a leave day here is already 旷工 (换班制度 六, leaveVerdict)
	absent := dd.Absent || dd.Status == "旷工" || leave != ""
	rest := !absent && leave == "" && dd.Status == "休息"
	if !absent && !rest {
		return
	}
	w, o := s.rows[worker], s.rows[other]
	found := fmt.Sprintf("%s应由%s（%s）上%s的班（换班登记），当天%s", dayText(t), w.Name, w.ID, o.Name, map[bool]string{true: "旷工", false: "未到岗（考勤为休息）"}[absent])
	action := "按旷工处理（考勤已计 S01）"
	if rest {
		if rl, ok := s.need(codeS01); ok {
			s.add(worker, rl, 1, rl.Min, t, true, fmt.Sprintf("%s，按旷工处理（换班制度 五：%s）", found, Clauses["换班制度 五"]), dd.Loc)
			s.att[worker].Absent++
			action = fmt.Sprintf("按旷工处理：%s %s −%s分", rl.Code, rl.Name, rl.Min)
		}
	}
	s.find(worker, t, "换班制度 五", found, action+"；双方按责任大小考核，"+actReview, dd.Loc)
	s.find(other, t, "换班制度 五", found, actReview+"：按责任大小考核双方", sw.Loc)
	reason := fmt.Sprintf("换班制度 五：%s", found)
	s.flag(worker, "换班空班，按责任大小考核", reason)
	s.flag(other, "换班空班，按责任大小考核", reason)
}

// away marks 违纪 for L07 rows with 离岗分钟 ≥ AwayMarkMin (D37).
func (s *state) away() {
	if s.r.AwayMarkMin <= 0 {
		return
	}
	for _, e := range s.m.Events {
		row, ok := s.idx[e.ID]
		if !ok || e.AwayMin < s.r.AwayMarkMin || !s.inMonth(e.Date) {
			continue
		}
		if rl, err := s.r.Lookup(e.Item); err != nil || rl.Code != codeL07 {
			continue
		}
		found := fmt.Sprintf("%s擅离值守脱岗%d分钟", dayText(e.Date), e.AwayMin)
		s.note(row, fmt.Sprintf("违纪（请假制度 八）：%s", found))
		s.find(row, e.Date, "请假制度 八", found, fmt.Sprintf("按违纪处理（%s 另计分），在备注中标记", codeL07), e.Loc)
	}
}

// coverage applies D38: every roster member has an exam row when a
// 考试成绩 sheet is supplied; QA listens above QAMaxRows; 提前10分钟到岗.
func (s *state) coverage() {
	if s.m.ExamsGiven {
		has := map[string]bool{}
		for _, x := range s.m.Exams {
			has[x.ID] = true
		}
		for row, e := range s.rows {
			if has[e.ID] || (!e.Left.IsZero() && key(e.Left) < s.last) {
				continue
			}
			found := fmt.Sprintf("%s（%s）本月没有考试成绩", e.ID, e.Name)
			s.ps.add(Warning, e.Loc, e.ID, found, "制度：原则上每个月进行一次有关工作技巧的考试；请补录成绩或说明原因")
			s.find(row, zeroTime, "考试", found, actRemind, e.Loc)
		}
	}
	if s.r.QAMaxRows > 0 {
		for row, q := range s.qa {
			if q.count > s.r.QAMaxRows {
				e := s.rows[row]
				found := fmt.Sprintf("%s（%s）本月被监听%d次，多于%d次", e.ID, e.Name, q.count, s.r.QAMaxRows)
				s.ps.add(Info, e.Loc, e.ID, found, "制度：每月每人监听1-5次；请核实质检记录是否重复")
				s.find(row, zeroTime, "质检员职责 三", found, actRemind, e.Loc)
			}
		}
	}
}

// arrival counts 提前10分钟到岗 for a day with known punches (D38).
func (s *state) arrival(row int, dd *Day) {
	if !dd.ArriveKnown {
		return
	}
	st := &s.att[row]
	st.ArriveDays++
	if dd.ArriveLead < s.r.ArriveLeadMin {
		st.LateForBrief++
	}
}
