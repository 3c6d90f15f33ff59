package calc

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// dayKey names one person's day: 工号 and yyyymmdd.
type dayKey struct {
	id string
	k  int
}

// employment returns the first and last date keys of a row's employment;
// an unknown hire or leave date gives math.MinInt or math.MaxInt.
func employment(e *Employee) (from, to int) {
	from, to = math.MinInt, math.MaxInt
	if !e.Hired.IsZero() {
		from = key(e.Hired)
	}
	if !e.Left.IsZero() {
		to = key(e.Left)
	}
	return from, to
}

// attendance derives L04 (D6) and S01 (D7) from the days and fills the
// attendance statistics, warning on missing punches and long shifts (D17).
// The days are split among the shards by row.
func (s *state) attendance() {
	// seen[row] has bit d−1 set once day d of the month is counted.
	seen := make([]uint32, len(s.rows))
	from, to := make([]int, len(s.rows)), make([]int, len(s.rows))
	for row := range s.rows {
		from[row], to[row] = employment(&s.rows[row].Employee)
	}
	parts := make([]attPart, s.nparts())
	// one list of long shifts for every shard: a row's days are all
	// counted by the shard that has the row, so shards write apart
	long := newLongShifts(len(s.rows), len(s.m.Days))
	for j := range parts {
		parts[j] = attPart{leaveWord: map[string]bool{}, long: long}
	}
	rows := s.rowsOf(len(s.m.Days), func(i int) string { return s.m.Days[i].ID })
	s.byRecords(rows, func(sh *state, i int) {
		sh.attendanceDay(&parts[sh.shard], i, rows[i], seen, from, to)
	})
	s.dayOf = map[dayKey]Day{}
	leaveDays := 0
	for j := range parts {
		for _, i := range parts[j].swapDays {
			dd := &s.m.Days[i]
			s.dayOf[dayKey{dd.ID, key(dd.Date)}] = *dd // only swap and return days are looked up (D36)
		}
		leaveDays += parts[j].leaveDays
	}
	if len(s.m.Days) > 0 {
		s.missingDays(seen, from, to)
	}
	if !s.m.LeaveGiven && leaveDays > 0 {
		s.ps.add(Info, Loc{}, "", fmt.Sprintf("未提供请假记录：考勤中的%d个请假日按考勤结果计为请假，未核对审批", leaveDays),
			"提供请假记录（或钉钉请假审批导出）后，未经批准的请假按请假制度二按旷工处理")
	}
	// D17: one warning per employee listing every long shift.
	s.byRows(func(sh *state, row int) {
		if long.first[row] > 0 {
			sh.longShifts(row, &parts[sh.shard])
		}
	})
}

// longShifts warns about the long shifts of a row (D17), listed in p.
func (s *state) longShifts(row int, p *attPart) {
	long := p.long
	i := long.first[row] - 1
	e := &s.rows[row]
	days := p.buf[:0]
	n, first, most := 0, i, i
	for ; i >= 0; i = int(long.next[i]) - 1 {
		dd := &s.m.Days[i]
		if n > 0 {
			days = append(days, "、"...)
		}
		n++
		days = appendDayText(days, dd.Date)
		days = strconv.AppendInt(days, int64(dd.WorkedMin-s.r.BreakMin), 10)
		days = append(days, "分钟"...)
		if dd.WorkedMin > s.m.Days[most].WorkedMin {
			most = i
		}
	}
	p.buf = days
	m := &s.m.Days[most]
	s.ps.add(Warning, s.m.Days[first].Loc, e.ID, fmt.Sprintf("%s（%s）本月有%d个班次工作分钟超过连续工作上限%d分钟，最长为%s：首末打卡间隔%d分钟 − 休息%d分钟 = 工作%d分钟；超过的班次：%s",
		e.ID, e.Name, n, s.r.MaxShiftMin, dayText(m.Date), m.WorkedMin, s.r.BreakMin, m.WorkedMin-s.r.BreakMin, days),
		"制度规定每名员工连续工作时间不得超过8个小时；工作分钟 = 末次打卡 − 首次打卡 − 休息分钟（考核规则参数“休息分钟”“连续工作上限”）。请核实排班和加班安排")
}

// attPart is what one shard of attendance keeps besides the state.
type attPart struct {
	leaveWord map[string]bool // status → s.r.LeaveWord(status)
	leaveDays int
	// The long shifts (D17) of each row, in the order of the days: a list
	// through s.m.Days indexes (no slice per row), shared by the shards.
	long     *longShifts
	swapDays []int  // the days counted on a swap or return day, for dayOf
	buf      []byte // for the texts of the long shifts
}

// attendanceDay counts day i of s.m.Days, when it is of one of the shard's
// rows.
func (s *state) attendanceDay(p *attPart, i int, r int32, seen []uint32, from, to []int) {
	dd := &s.m.Days[i]
	row := s.rowAt(r, dd.ID, dd.Loc, "考勤", Warning)
	if row < 0 {
		return
	}
	e := &s.rows[row]
	k := key(dd.Date)
	if dd.Date.IsZero() || k < s.first || k > s.last {
		s.ps.add(Warning, dd.Loc, dd.ID, fmt.Sprintf("考勤日期 %s 不在考核月份%s，已忽略", fmtDate(dd.Date), s.monthText()), "检查日期或月份")
		return
	}
	if k < from[row] || k > to[row] {
		s.ps.add(Warning, dd.Loc, dd.ID, fmt.Sprintf("%s（%s）%s的考勤不在在职期间（入职 %s，离职 %s），已忽略", dd.ID, e.Name, fmtDate(dd.Date), fmtDate(e.Hired), fmtDate(e.Left)), "检查入职、离职日期")
		return
	}
	bit := uint32(1) << (k%100 - 1)
	if seen[row]&bit != 0 {
		s.ps.add(Warning, dd.Loc, dd.ID, fmt.Sprintf("%s（%s）%s有重复的考勤记录，只计第一条", dd.ID, e.Name, fmtDate(dd.Date)), "删除重复的记录")
		return
	}
	seen[row] |= bit
	if len(s.swapDay) > 0 && s.hasSwapDay(dayKey{dd.ID, k}) {
		p.swapDays = append(p.swapDays, i)
	}
	st := &s.att[row]
	s.arrival(row, dd)
	day := "" // dayText(dd.Date), made when a message needs it
	leave := dd.Leave
	if leave == "" {
		lw, ok := p.leaveWord[dd.Status]
		if !ok {
			lw = s.r.LeaveWord(dd.Status)
			p.leaveWord[dd.Status] = lw
		}
		if lw {
			leave = dd.Status
		}
	}
	switch {
	case dd.Absent || dd.Status == "旷工":
		st.Absent++
		if rl, ok := s.need(codeS01); ok {
			day = dayText(dd.Date)
			s.add(row, rl, 1, rl.Min, dd.Date, true, joinNote(day+"旷工", dd.Note), dd.Loc)
		}
	case leave != "":
		p.leaveDays++
		if clause, why := s.leaveVerdict(dd, leave); clause != "" {
			st.Absent++
			s.absentForLeave(row, dd, clause, why)
			break
		}
		st.Leave[leave]++
	case dd.Status != "休息":
		st.WorkDays++
	}
	lateMin, earlyMin := max(dd.LateMin, 0), max(dd.EarlyMin, 0)
	if dd.Late || lateMin > 0 || dd.Status == "迟到" {
		st.Late++
		st.LateMin += lateMin
		if day == "" {
			day = dayText(dd.Date)
		}
		s.lateEarly(row, dd, "迟到", lateMin, day, leave)
	}
	if dd.Early || earlyMin > 0 || dd.Status == "早退" {
		st.Early++
		st.EarlyMin += earlyMin
		if day == "" {
			day = dayText(dd.Date)
		}
		s.lateEarly(row, dd, "早退", earlyMin, day, leave)
	}
	mp := max(dd.MissingPunches, 0)
	if mp == 0 && dd.Status == "缺卡" {
		mp = 1
	}
	if mp > 0 {
		st.MissingPunches += mp
		if day == "" {
			day = dayText(dd.Date)
		}
		s.ps.add(Warning, dd.Loc, dd.ID, dd.ID+"（"+e.Name+"）"+day+"缺卡"+strconv.Itoa(mp)+"次", "缺卡不扣分；请核实并补办手续")
	}
	// D26: worked minutes are the punch span less the break, compared
	// with the limit exactly: no other grace.
	if worked := dd.WorkedMin - s.r.BreakMin; dd.WorkedMin > 0 && worked > s.r.MaxShiftMin {
		st.LongShifts++
		p.long.add(row, i)
	}
}

// missingDays warns about workdays of the employment period that have no
// attendance record at all. They are not counted as absence: a missing row
// is more often an incomplete export than a day off without leave (D7
// counts a day as absence when the record says so or shows no punch).
// seen[row] has bit d−1 set for each day d with a record; from and to are
// the rows' employment bounds (employment).
func (s *state) missingDays(seen []uint32, from, to []int) {
	n := s.last % 100
	var work uint32 // bit d−1: day d is a workday
	for d := 1; d <= n; d++ {
		if s.r.Workday(time.Date(s.m.Year, s.m.Month, d, 0, 0, 0, 0, time.UTC)) {
			work |= 1 << (d - 1)
		}
	}
	base := s.first - 1 // yyyymm00
	s.byRows(func(s *state, row int) {
		if seen[row]&work == work {
			return // the common case: every workday has a record
		}
		e := &s.rows[row]
		var days []string
		for d := 1; d <= n; d++ {
			bit := uint32(1) << (d - 1)
			if k := base + d; k < from[row] || k > to[row] || work&bit == 0 {
				continue
			}
			if seen[row]&bit == 0 {
				days = append(days, strconv.Itoa(d)+"日")
			}
		}
		switch {
		case len(days) == 0:
		case len(days) > 10:
			s.ps.add(Warning, e.Loc, e.ID, fmt.Sprintf("%s（%s）本月有%d个工作日没有考勤记录（%s 等）", e.ID, e.Name, len(days), strings.Join(days[:10], "、")),
				"检查考勤文件是否齐全；没有记录的日子不计旷工，如确属旷工请在考勤结果中填写“旷工”")
		default:
			s.ps.add(Warning, e.Loc, e.ID, fmt.Sprintf("%s（%s）%d月有%d个工作日没有考勤记录：%s", e.ID, e.Name, int(s.m.Month), len(days), strings.Join(days, "、")),
				"检查考勤文件是否齐全；没有记录的日子不计旷工，如确属旷工请在考勤结果中填写“旷工”")
		}
	})
}

// longShifts lists the shifts over MaxShiftMin (D17, D26) of each row:
// first[row] and next[day] hold s.m.Days indexes + 1 (0 ends a list), so a
// month of long shifts costs two small arrays.
type longShifts struct {
	first, last []int   // row → first and last day of its list, + 1
	next        []int32 // day → the row's next day, + 1
}

// newLongShifts makes the lists of rows rows over days days.
func newLongShifts(rows, days int) *longShifts {
	return &longShifts{first: make([]int, rows), last: make([]int, rows), next: make([]int32, days)}
}

// add appends day i of s.m.Days to the list of row.
func (l *longShifts) add(row, i int) {
	if l.last[row] == 0 {
		l.first[row] = i + 1
	} else {
		l.next[l.last[row]-1] = int32(i + 1)
	}
	l.last[row] = i + 1
}

// lateEarly scores one late arrival or early leave (D6).
func (s *state) lateEarly(row int, dd *Day, what string, min int, day, leave string) {
	rl, ok := s.need(codeL04)
	if !ok {
		return
	}
	text := day + what
	if min > 0 {
		text += fmt.Sprintf("%d分钟", min)
	} else {
		text += "（分钟数不详，按最低档）"
	}
	if s.r.LateMarkMin > 0 && min >= s.r.LateMarkMin && leave == "" {
		s.note(row, fmt.Sprintf("违纪（请假制度 八）：%s%s%d分钟", day, what, min))
		text += "，违纪（请假制度 八）"
	}
	loc := dd.Loc
	if what == "早退" && dd.EarlyLoc != (Loc{}) {
		loc = dd.EarlyLoc
	}
	s.add(row, rl, 1, s.r.LatePoints(min), dd.Date, true, joinNote(text, dd.Note), loc)
}

// qaRecords derives L14 from QA errors (D9) and accumulates the averages.
func (s *state) qaRecords() {
	maxSum := decimal.Zero
	for _, it := range s.r.QAItems {
		maxSum = maxSum.Add(it.Max)
	}
	rows := s.rowsOf(len(s.m.QA), func(i int) string { return s.m.QA[i].ID })
	s.byRecords(rows, func(sh *state, i int) { sh.qaRecord(&s.m.QA[i], rows[i], maxSum) })
}

// qaRecord counts a QA row (of row r) when it is of one of the shard's rows.
func (s *state) qaRecord(q *QARecord, r int32, maxSum decimal.Decimal) {
	row := s.rowAt(r, q.ID, q.Loc, "质检", Warning)
	if row < 0 {
		return
	}
	name := s.rows[row].Name
	if !s.inMonth(q.Date) {
		s.ps.add(Error, q.Loc, q.ID, fmt.Sprintf("质检日期 %s 不在考核月份%s，记录未计", fmtDate(q.Date), s.monthText()), "检查日期")
		return
	}
	acc := &s.qa[row]
	acc.count++
	// Total, or the sum of the items.
	total, have := q.Total.Decimal, q.Total.Valid
	sum, n := decimal.Zero, 0
	for i, v := range q.Items {
		if !v.Valid {
			continue
		}
		if i < len(s.r.QAItems) {
			if v.Decimal.IsNegative() || v.Decimal.GreaterThan(s.r.QAItems[i].Max) {
				s.ps.add(Warning, q.Loc, q.ID, fmt.Sprintf("%s（%s）质检项目「%s」得分 %s 不在 0–%s 之间", q.ID, name, s.r.QAItems[i].Name, v.Decimal, s.r.QAItems[i].Max), "检查得分")
			}
			acc.items[i] = acc.items[i].Add(v.Decimal)
			acc.itemN[i]++
		}
		if !have { // the items make the total
			sum = sum.Add(v.Decimal)
			n++
		}
	}
	if !have && n > 0 {
		total, have = sum, true
	}
	if have {
		if total.IsNegative() || (maxSum.IsPositive() && total.GreaterThan(maxSum)) {
			s.ps.add(Warning, q.Loc, q.ID, fmt.Sprintf("%s（%s）质检总分 %s 不在 0–%s 之间", q.ID, name, total, maxSum), "检查总分")
		}
		acc.total = acc.total.Add(total)
		acc.totals++
	} else {
		s.ps.add(Warning, q.Loc, q.ID, fmt.Sprintf("%s（%s）的质检记录既没有总分也没有分项得分", q.ID, name), "补填总分或分项得分")
	}
	// Errors.
	if q.Errors < 0 {
		s.ps.add(Error, q.Loc, q.ID, fmt.Sprintf("%s（%s）差错次数 %d 为负数", q.ID, name, q.Errors), "填写 0 或正整数")
		return
	}
	acc.errors += q.Errors
	if q.Errors == 0 {
		return
	}
	pts := s.r.QAErrorDefault
	if q.ErrorPoints.Valid {
		pts = q.ErrorPoints.Decimal
	}
	if pts.LessThan(s.r.QAErrorMin) || pts.GreaterThan(s.r.QAErrorMax) {
		s.ps.add(Error, q.Loc, q.ID, fmt.Sprintf("%s（%s）差错扣分 %s 不在 %s–%s 之间，差错未计分", q.ID, name, pts, s.r.QAErrorMin, s.r.QAErrorMax),
			fmt.Sprintf("每个差错扣 %s–%s 分，留空按 %s 分", s.r.QAErrorMin, s.r.QAErrorMax, s.r.QAErrorDefault))
		return
	}
	if rl, ok := s.need(codeL14); ok {
		s.add(row, rl, q.Errors, pts, q.Date, true, joinNote(fmt.Sprintf("质检差错%d次，每次%s分", q.Errors, pts), q.Note), q.Loc)
	}
}

// exams derives B02 and M07 (D10).
func (s *state) exams() {
	rows := s.rowsOf(len(s.m.Exams), func(i int) string { return s.m.Exams[i].ID })
	s.byRecords(rows, func(sh *state, i int) { sh.exam(&s.m.Exams[i], rows[i]) })
}

// exam scores one exam (of row r) when it is of one of the shard's rows.
func (s *state) exam(x *Exam, r int32) {
	row := s.rowAt(r, x.ID, x.Loc, "考试成绩", Warning)
	if row < 0 {
		return
	}
	name := s.rows[row].Name
	if !x.Date.IsZero() && !s.inMonth(x.Date) {
		s.ps.add(Error, x.Loc, x.ID, fmt.Sprintf("考试日期 %s 不在考核月份%s，成绩未计", fmtDate(x.Date), s.monthText()), "检查日期")
		return
	}
	full := x.Full
	if full.IsZero() {
		full = d(100)
	}
	if !full.IsPositive() || x.Score.IsNegative() || x.Score.GreaterThan(full) {
		s.ps.add(Error, x.Loc, x.ID, fmt.Sprintf("%s（%s）考试成绩 %s 不在 0–%s 之间，成绩未计", x.ID, name, x.Score, full), "检查成绩和满分")
		return
	}
	text := fmt.Sprintf("考试成绩 %s/%s", x.Score, full)
	switch {
	case x.Score.Equal(full):
		if rl, ok := s.need(codeB02); ok {
			s.add(row, rl, 1, rl.Min, x.Date, true, text+"，满分", x.Loc)
		}
	case x.Score.LessThan(s.r.ExamFailRatio.Mul(full)):
		if rl, ok := s.need(codeM07); ok {
			s.add(row, rl, 1, rl.Min, x.Date, true, fmt.Sprintf("%s，低于满分的%s%%", text, s.r.ExamFailRatio.Mul(d(100))), x.Loc)
		}
	}
}

// complaints counts valid complaints and awards B05 (D11).
func (s *state) complaints() {
	valid := make([]int, len(s.rows))
	for _, c := range s.m.Complaints {
		row := s.row(c.ID, c.Loc, "投诉记录", Error)
		if row < 0 {
			continue
		}
		if !s.inMonth(c.Date) {
			s.ps.add(Error, c.Loc, c.ID, fmt.Sprintf("投诉日期 %s 不在考核月份%s，记录未计", fmtDate(c.Date), s.monthText()), "检查日期")
			continue
		}
		if c.Valid {
			valid[row]++
		}
	}
	if !s.m.ComplaintsGiven {
		return
	}
	s.byRows(func(s *state, row int) {
		if valid[row] > 0 || s.perMonth[row][codeB05] {
			return
		}
		if rl, ok := s.need(codeB05); ok {
			s.add(row, rl, 1, rl.Min, zeroTime, true, "本月无有效投诉（根据投诉记录）", Loc{})
		}
	})
}

// violated reports whether a row has any violation (deduction or dismissal
// offence) so far.
func (s *state) violated(row int) bool {
	for _, it := range s.items {
		if it.row == row {
			switch it.Rule.Category {
			case Light, Medium, Severe, Dismissal:
				return true
			}
		}
	}
	return false
}

// b01Logged refuses a B01 from the event log for someone with a violation
// in the month: the rule says 并且无违规事件.
func (s *state) b01Logged() {
	keep := s.items[:0]
	for _, it := range s.items {
		if it.Rule.Code == codeB01 && !it.Derived && s.violated(it.row) {
			a := s.rows[it.row]
			s.ps.add(Error, it.Loc, a.ID, fmt.Sprintf("%s（%s）：B01 要求当月无违规事件，但本月有违规记录，本条未计分", a.ID, a.Name), "核实后删除这一行")
			delete(s.perMonth[it.row], codeB01)
			continue
		}
		keep = append(keep, it)
	}
	s.items = keep
}

// b01 awards B01 from the workload sheet (D12).
func (s *state) b01() {
	if !s.m.WorkloadGiven {
		return
	}
	handled := map[int]decimal.Decimal{}
	for _, w := range s.m.Workload {
		row := s.row(w.ID, w.Loc, "工作量", Warning)
		if row < 0 {
			continue
		}
		if _, dup := handled[row]; dup {
			s.ps.add(Info, w.Loc, w.ID, fmt.Sprintf("%s（%s）有多条工作量记录，接待量已合计", w.ID, s.rows[row].Name), "")
		}
		handled[row] = handled[row].Add(w.Handled)
	}
	info := func(msg string) { s.ps.add(Info, Loc{}, "", msg, "B01 可在奖惩记录中人工填写") }
	if len(handled) == 0 {
		info("工作量表没有有效记录，B01（工作量、质量为全客服之首）未自动授予")
		return
	}
	top := func(val map[int]decimal.Decimal) []int {
		var best []int
		for row := range s.rows {
			v, ok := val[row]
			if !ok {
				continue
			}
			switch {
			case len(best) == 0 || v.GreaterThan(val[best[0]]):
				best = []int{row}
			case v.Equal(val[best[0]]):
				best = append(best, row)
			}
		}
		return best
	}
	qa := map[int]decimal.Decimal{}
	for row, a := range s.rows {
		if a.QAAvg.Valid {
			qa[row] = a.QAAvg.Decimal
		}
	}
	tw, tq := top(handled), top(qa)
	switch {
	case len(tw) != 1:
		info(fmt.Sprintf("工作量并列第一：%s，B01 未自动授予", s.names(tw)))
	case len(tq) == 0:
		info("没有质检均分，B01 未自动授予")
	case len(tq) != 1:
		info(fmt.Sprintf("质检均分并列第一：%s，B01 未自动授予", s.names(tq)))
	case tw[0] != tq[0]:
		info(fmt.Sprintf("工作量第一（%s）与质检均分第一（%s）不是同一人，B01 未自动授予", s.names(tw), s.names(tq)))
	case s.violated(tw[0]):
		info(fmt.Sprintf("%s 工作量与质检均分均为第一，但本月有违规，B01 未授予", s.names(tw)))
	case s.perMonth[tw[0]][codeB01]:
	default:
		row := tw[0]
		if rl, ok := s.need(codeB01); ok {
			s.add(row, rl, 1, rl.Min, zeroTime, true, fmt.Sprintf("接待量 %s、质检均分 %s，均为全客服第一，且无违规", handled[row], qa[row]), Loc{})
		}
	}
}

func (s *state) names(rows []int) string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = s.rows[r].ID + " " + s.rows[r].Name
	}
	return strings.Join(out, "、")
}

// s05 adds the monthly S05 deduction (D5).
func (s *state) s05() {
	light := make([]int, len(s.rows))
	medium := make([]int, len(s.rows))
	distinct := make([]map[string]bool, len(s.rows)) // made when needed
	for i := range s.items {
		it := &s.items[i]
		switch it.Rule.Category {
		case Light:
			light[it.row] += it.Times
		case Medium:
			medium[it.row] += it.Times
		default:
			continue
		}
		if !s.r.S05Distinct {
			continue
		}
		if distinct[it.row] == nil {
			distinct[it.row] = map[string]bool{}
		}
		distinct[it.row][it.Rule.Code] = true
	}
	for row := range s.rows {
		l, m := light[row], medium[row]
		how := "次"
		if s.r.S05Distinct {
			l, m, how = 0, 0, "项"
			for c := range distinct[row] {
				if rl, ok := s.r.Rule(c); ok && rl.Category == Light {
					l++
				} else if ok && rl.Category == Medium {
					m++
				}
			}
		}
		if l < s.r.S05Light && m < s.r.S05Medium {
			continue
		}
		if s.perMonth[row][codeS05] {
			continue
		}
		if rl, ok := s.need(codeS05); ok {
			s.add(row, rl, 1, rl.Min, zeroTime, true, fmt.Sprintf("本月轻度违规%d%s、中度违规%d%s", l, how, m, how), Loc{})
		}
	}
}
