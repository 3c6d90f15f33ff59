package sheets

import (
	"bufio"
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"appraise/calc"
	"appraise/sheets/xlsx"
)

// Clock-machine punches (ZKTeco-style 考勤记录 CSV/sheets with 登记号码 and
// 日期时间, and the device's attlog.dat) paired into shifts. The shift of a
// person and day comes from a 排班表 (工号, 日期, 班次 and/or 上班/下班 times)
// when one lists that day, else from the rules' default shift on working
// days. A scheduled shift without any punch is an absence (D7); a shift
// with one punch has a missing punch; late and early minutes are derived
// from the scheduled times. Night shifts end the next day.

// shiftRow is one row of a 排班表.
type shiftRow struct {
	who        ident
	date       time.Time
	name       string
	start, end calc.Clock // scheduled times; end ≤ start: next day
	res        calc.Verdict
	bad        bool // the row has an error: the day is left out
	loc        calc.Loc
}

// punchWindow reports whether a punch date is read at all: the month and a
// day either side (night shifts cross the month's edges).
func (ld *loader) punchWindow(d time.Time) bool {
	first := time.Date(ld.year, ld.month, 1, 0, 0, 0, 0, time.UTC)
	return !d.Before(first.AddDate(0, 0, -1)) && d.Before(first.AddDate(0, 1, 1))
}

func (ld *loader) outsidePunch(loc calc.Loc) {
	if ld.shapes.outside == nil {
		ld.shapes.outside = map[calc.Loc]int{}
	}
	ld.shapes.outside[calc.Loc{File: loc.File, Sheet: loc.Sheet}]++
}

// readPunchRow parses a row of a punch log.
func (ld *loader) readPunchRow(c *rowCtx) {
	ld.shapes.punchFiles = true
	if ld.fastPunchRow(c) {
		return
	}
	// the identity's parts; the whole ident (with its cells) is built only
	// for the first punch of a key
	id := NormalizeID(c.raw("工号"))
	name := c.text("姓名")
	var alt, altCol, altField string
	if id == "" && c.raw("登记号码") != "" {
		alt, altCol, altField = NormalizeID(c.raw("登记号码")), "考勤号", "登记号码"
	} else if id == "" && c.raw("UserId") != "" {
		alt, altCol, altField = NormalizeID(c.raw("UserId")), "钉钉UserId", "UserId"
	}
	if id == "" && name == "" && alt == "" {
		c.errorf("登记号码", "请填写登记号码、工号或姓名", "登记号码 不能为空")
		return
	}
	v := c.raw("打卡时间")
	if v == "" && c.raw("打卡结果") != "" {
		return // DingTalk 原始记录: a punch not made (缺卡, 未打卡)
	}
	if !c.required("打卡时间", v) {
		return
	}
	at, ok := parseStamp(v, ld.year, ld.month, c.src.date1904)
	if _, err := ParseDate(v, ld.year, ld.month, c.src.date1904); err != nil && c.raw("考勤日期") != "" {
		// a time of day; the date is in its own column
		if d, ok2 := c.date("考勤日期", false); ok2 {
			if m, next, err := ParseClock(v, c.src.date1904); err == nil {
				if next {
					m += 1440
				}
				at, ok = d.Add(time.Duration(m)*time.Minute), true
			}
		} else {
			return
		}
	}
	if !ok {
		c.errorf("打卡时间", "请写成 2026/11/02 08:52:11 这样的日期时间", "打卡时间：无法识别的日期时间「%s」", v)
		return
	}
	if !ld.punchWindow(at) {
		ld.outsidePunch(c.loc("打卡时间"))
		return
	}
	who := ld.shapes.punches.who(id, alt, name, punchIdent(c, alt, altCol, altField))
	col := -1
	if i, ok := c.h.cols["打卡时间"]; ok {
		col = i
	}
	ld.addPunch(who, at, c.src.file, c.src.sheet, col, c.num)
}

// punchIdent returns the builder of the identity of a punch row, called for
// the first punch of a key. Its texts are copied: a CSV's cells are parts of
// the whole file's text, which they would keep in memory.
func punchIdent(c *rowCtx, alt, altCol, altField string) func() ident {
	return func() ident {
		w := c.who()
		if altField != "" {
			w.alt, w.altCol, w.altLoc = alt, altCol, c.pos(altField)
			w.idLoc = w.altLoc
		}
		w.id, w.name, w.alt = strings.Clone(w.id), strings.Clone(w.name), strings.Clone(w.alt)
		return w
	}
}

// punchCols are the columns readPunchRow reads (-1: absent), found once
// for each header, and the identity cells of the last row read with the
// identity they gave: a clock export lists a person's punches one after
// another.
type punchCols struct {
	h                            *header
	id, name, enrol, user, stamp int
	known                        bool
	raw                          [4]string // 工号, 姓名, 登记号码, UserId as written
	who                          int32
}

func (ld *loader) punchColsOf(h *header) *punchCols {
	pc := &ld.shapes.punchCols
	if pc.h == h {
		return pc
	}
	col := func(name string) int {
		if i, ok := h.cols[name]; ok {
			return i
		}
		return -1
	}
	*pc = punchCols{h: h, id: col("工号"), name: col("姓名"), enrol: col("登记号码"), user: col("UserId"), stamp: col("打卡时间")}
	return pc
}

// fastPunchRow reads the common punch row, a date-time such as
// "2026/11/02 08:52:11" and an identity, as readPunchRow's general path
// does, without its parsers' allocations; it returns false, having done
// nothing, for any other row (a formula cell, a blank or other time, an
// empty identity), which the general path then reads.
func (ld *loader) fastPunchRow(c *rowCtx) bool {
	if len(c.src.formulas) > 0 {
		return false
	}
	pc := ld.punchColsOf(c.h)
	cell := func(i int) string {
		if i < 0 || i >= len(c.cells) {
			return ""
		}
		return c.cells[i]
	}
	at, ok := ld.stampMinutes(trimSpace(cell(pc.stamp)))
	if !ok {
		return false
	}
	raw := [4]string{cell(pc.id), cell(pc.name), cell(pc.enrol), cell(pc.user)}
	if !pc.known || raw != pc.raw {
		id, name, alt, altCol, altField := punchIdentity(raw)
		if id == "" && name == "" && alt == "" {
			return false
		}
		if at < -1440 || at >= (ld.monthDays()+1)*1440 { // punchWindow
			ld.outsidePunch(c.src.loc(""))
			return true
		}
		pc.known, pc.raw = true, raw
		pc.who = ld.shapes.punches.who(id, alt, name, punchIdent(c, alt, altCol, altField))
	} else if at < -1440 || at >= (ld.monthDays()+1)*1440 {
		ld.outsidePunch(c.src.loc(""))
		return true
	}
	pl := &ld.shapes.punches
	if len(pl.ps) == cap(pl.ps) && c.src == ld.shapes.csvSrc {
		// the CSV's rows at once: growing step by step copies the log
		if more := ld.shapes.csvRows - c.num + 1; more > 0 {
			pl.ps = slices.Grow(pl.ps, more)
		}
	}
	ld.addPunchMin(pc.who, int32(at), c.src.file, c.src.sheet, pc.stamp, c.num)
	return true
}

// stampMinutes reads the date-time forms clock exports write, "2026/11/02
// 08:52:11" and "2026-11-02 08:52", as minutes from the month's first
// midnight, as parseStamp reads them (FuzzStampMinutes); ok is false for
// any other text.
func (ld *loader) stampMinutes(v string) (int, bool) {
	s := normText(v)
	y, m, d, rest, ok := ymdPrefix(s)
	if !ok || rest == "" || rest[0] != ' ' {
		return 0, false
	}
	hm, ok := fastClock(strings.TrimLeft(rest, " "))
	if !ok || y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return (civilDay(y, m, d)-civilDay(ld.year, int(ld.month), 1))*1440 + hm, true
}

// monthDays is the number of days of the month.
func (ld *loader) monthDays() int { return daysIn(ld.year, int(ld.month)) }

// daysIn is the number of days of month m of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civilDay numbers the days of the proleptic Gregorian calendar (1970-01-01
// is 0).
func civilDay(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400 // y ≥ 0 here
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// parseStamp reads a punch date-time ("2026/11/02 08:52:11", "2026-11-02
// 08:52", a serial with a fraction) to the minute.
func parseStamp(v string, year int, month time.Month, date1904 bool) (time.Time, bool) {
	d, err := ParseDate(v, year, month, date1904)
	if err != nil {
		return time.Time{}, false
	}
	m, next, err := ParseClock(v, date1904)
	if err != nil || next {
		return time.Time{}, false
	}
	return d.Add(time.Duration(m) * time.Minute), true
}

// isAttlog reports whether a file is a clock's attlog.dat.
func isAttlog(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".dat") && strings.Contains(n, "attlog")
}

// readAttlog reads a ZKTeco attlog.dat: tab-separated lines
// "enrolment-no<TAB>YYYY-MM-DD HH:MM:SS<TAB>…", no header.
func (ld *loader) readAttlog(name string, data []byte) {
	text, _ := decodeCSV(data)
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	read, bad := 0, 0
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		loc := func() calc.Loc { return calc.Loc{File: name, Cell: fmt.Sprintf("第%d行", n)} }
		f := strings.Split(line, "\t")
		var at time.Time
		ok := len(f) >= 2
		if ok {
			at, ok = parseStamp(strings.TrimSpace(f[1]), ld.year, ld.month, false)
		}
		enrol := NormalizeID(f[0])
		if !ok || enrol == "" {
			if read == 0 && bad == 0 && n <= 3 {
				ld.add(calc.Info, calc.Loc{File: name}, "", "已忽略：不是考勤机导出的 attlog 打卡文件（应为 登记号码<Tab>日期时间 …）", "")
				return
			}
			bad++
			ld.add(calc.Error, loc(), "", fmt.Sprintf("无法识别的打卡记录「%s」", clipLine(line)), "每行应为 登记号码、Tab、日期时间（2026-11-02 08:52:11）")
			continue
		}
		if read == 0 {
			ld.attendances++
			ld.shapes.punchFiles = true
			ld.add(calc.Info, calc.Loc{File: name}, "", "识别为 "+Punches.String()+"（考勤机 attlog.dat）", "")
		}
		read++
		if !ld.punchWindow(at) {
			ld.outsidePunch(calc.Loc{File: name})
			continue
		}
		who := ld.shapes.punches.who("", enrol, "", func() ident {
			l := fullPos(loc())
			return ident{alt: enrol, altCol: "考勤号", idLoc: l, nameLoc: l, altLoc: l, rowLoc: l}
		})
		ld.addPunch(who, at, name, "", -1, n)
	}
	if err := sc.Err(); err != nil {
		ld.add(calc.Error, calc.Loc{File: name}, "", "读取文件失败："+err.Error(), "请重新从考勤机导出")
	}
}

func clipLine(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// readShiftRow parses a row of a 排班表.
func (ld *loader) readShiftRow(c *rowCtx) {
	who := c.identify()
	day, ok := c.date("日期", true)
	if !ok || c.bad {
		return
	}
	if !ld.punchWindow(day) {
		return
	}
	s := shiftRow{who: who, date: day, loc: c.loc("日期")}
	if c.has("班次") {
		s.loc = c.loc("班次")
	}
	s.name, s.start, s.end = parseShiftText(c.raw("班次"))
	if t := c.clockCell("上班时间", day); t.Set {
		s.start = t
	}
	if t := c.clockCell("下班时间", day); t.Set {
		s.end = t
	}
	if s.start.Set != s.end.Set {
		c.errorf("上班时间", "请同时填写上班时间和下班时间", "只填了上班时间或下班时间之一")
	}
	if s.name != "" && !s.start.Set {
		// a rest, leave or trip day written as the shift (休, 事假, 出差)
		s.res, _ = ld.words().ShiftVerdict(s.name)
	}
	if s.name == "" && !s.start.Set {
		c.errorf("班次", "请填写班次名称或上下班时间", "班次 不能为空")
	}
	if c.bad {
		return
	}
	if s.start.Set {
		s.start.Min %= 1440
		s.end.Min %= 1440
	}
	ld.shapes.shifts = append(ld.shapes.shifts, s)
}

// sched is the schedule of one person on one day.
type sched struct {
	date      time.Time
	name      string
	work      bool
	day       int          // minutes from the month's first midnight to date
	span      calc.Span    // work only: the shift, in minutes from the month's first midnight
	res       calc.Verdict // rest, leave or trip days from the 排班表
	fromTable bool
	loc       calc.Loc
	punches   punchSet
}

// punchSet is what a day needs of its punches, taken in time order: how
// many, the first and the last.
type punchSet struct {
	n           int
	first, last cpunch
}

func (ps *punchSet) add(p cpunch) {
	if ps.n == 0 {
		ps.first = p
	}
	ps.last = p
	ps.n++
}

// punchCal is the calendar every person's days are built on, computed once:
// the dates from the day before the month to its last day and whether the
// default shift is worked on each.
type punchCal struct {
	first, last time.Time
	dates       []time.Time // dates[k] is k-1 days after first
	def         []bool      // DefaultShiftOn(dates[k])
}

func (ld *loader) punchCalendar() *punchCal {
	first := time.Date(ld.year, ld.month, 1, 0, 0, 0, 0, time.UTC)
	c := &punchCal{first: first, last: first.AddDate(0, 1, -1)}
	for d := first.AddDate(0, 0, -1); !d.After(c.last); d = d.AddDate(0, 0, 1) {
		_, def := ld.r.DefaultShiftOn(d)
		c.dates = append(c.dates, d)
		c.def = append(c.def, def)
	}
	return c
}

// punchDays pairs every person's punches with their shifts. other holds the
// days read so far from other shapes: a scheduled day without punches that
// another sheet reports (a leave in the template) is not an absence, and
// only people nobody reported are warned about.
func (ld *loader) punchDays(ro *roster, res func(ident) (string, bool), other []calc.Day) []calc.Day {
	st := &ld.shapes
	for l, n := range st.outside {
		ld.add(calc.Info, l, "", fmt.Sprintf("有 %d 条打卡不在考核月份 %d-%02d 内，已忽略", n, ld.year, int(ld.month)), "")
	}
	if len(st.punches.ps) == 0 && len(st.shifts) == 0 {
		return nil
	}
	// shift names with their times, for rows giving only the name
	named := map[string][2]calc.Clock{}
	if n := ld.r.DefaultShift; n.Name != "" && n.Start != n.End {
		named[n.Name] = [2]calc.Clock{calc.At(n.Start), calc.At(n.End)}
	}
	for _, s := range st.shifts {
		if s.start.Set && s.name != "" {
			if _, ok := named[s.name]; !ok {
				named[s.name] = [2]calc.Clock{s.start, s.end}
			}
		}
	}
	table := map[string]map[time.Time]shiftRow{}
	var order []string
	seen := map[string]bool{}
	note := func(id string) {
		if !seen[id] {
			seen[id] = true
			order = append(order, id)
		}
	}
	for _, s := range st.shifts {
		id, ok := res(s.who)
		if !ok {
			continue
		}
		if !s.start.Set && !s.res.Given {
			t, ok := named[s.name]
			if ok {
				s.start, s.end = t[0], t[1]
			} else {
				ld.add(calc.Error, s.loc, id, fmt.Sprintf("班次「%s」没有上下班时间", s.name), "请在排班表中填写此班次的上班时间和下班时间（写一次即可），或写成 班次 09:00-18:00")
				s.bad = true
			}
		}
		if table[id] == nil {
			table[id] = map[time.Time]shiftRow{}
		}
		if first, dup := table[id][s.date]; dup {
			ld.add(calc.Error, s.loc, id, fmt.Sprintf("工号 %s 在 %s 有重复的排班（另见 %s）", id, s.date.Format("2006-01-02"), locString(first.loc)), "同一人同一天只能排一个班次")
			continue
		}
		table[id][s.date] = s
		note(id)
	}
	// each identity key resolved once, in the order first punched (its
	// first punch's cells for the problems), then the punches grouped by
	// person in the order read
	pl := &st.punches
	person := make([]int32, len(pl.whos))
	index := map[string]int32{}
	var ids []string
	for i, w := range pl.whos {
		person[i] = -1
		id, ok := res(w)
		if !ok {
			continue
		}
		k, ok := index[id]
		if !ok {
			k = int32(len(ids))
			index[id] = k
			ids = append(ids, id)
		}
		person[i] = k
		note(id)
	}
	grouped := pl.byPerson(person, len(ids))
	pl.whos, pl.keys, pl.names = nil, nil, nil
	byID := func(id string) []cpunch {
		if k, ok := index[id]; ok {
			return grouped[k]
		}
		return nil
	}
	// roster order, then the rest as found
	pos := map[string]int{}
	for i, e := range ld.m.Employees {
		pos[e.ID] = i
	}
	slices.SortStableFunc(order, func(a, b string) int {
		pa, oka := pos[a]
		pb, okb := pos[b]
		switch {
		case oka && okb:
			return pa - pb
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	// days other sheets give (a leave in the template, say) win over a
	// scheduled day without punches
	type dayKey struct {
		id   string
		date int64
	}
	covered := map[dayKey]bool{}
	for _, d := range append(slices.Clip(ld.m.Days), other...) {
		covered[dayKey{d.ID, d.Date.Unix()}] = true
	}
	cal := ld.punchCalendar()
	// room for every person's days at once (a million punches give half a
	// million days), each person's from bound[i] on (dayBound is at least
	// their number); built on every core, then kept in order
	bound := make([]int, len(order)+1)
	eachPerson(len(order), func(_ *dayScratch, i int) {
		id := order[i]
		bound[i+1] = cal.dayBound(ro.byID[id], table[id], byID(id))
	})
	for i := range order {
		bound[i+1] += bound[i]
	}
	days := make([]calc.Day, bound[len(order)])
	per := make([][]calc.Day, len(order))
	eachPerson(len(order), func(sc *dayScratch, i int) {
		id := order[i]
		per[i] = ld.personDays(days[bound[i]:bound[i]:bound[i+1]], sc, cal, ro.byID[id], id, table[id], byID(id))
	})
	// the days kept are moved down in place, never past a person's days
	// not yet looked at, unless a person had more days than bound
	kept, inPlace := days[:0], true
	for i := range per {
		if len(per[i]) > bound[i+1]-bound[i] {
			kept, inPlace = make([]calc.Day, 0, len(days)), false
			break
		}
	}
	firstFile := ""
	if len(pl.srcs) > 0 {
		firstFile = pl.srcs[0].file
	}
	for i, id := range order {
		var inferred []string
		for j := range per[i] {
			d := &per[i][j]
			if d.Absent && d.WorkedMin == 0 && d.MissingPunches == 0 {
				if covered[dayKey{id, d.Date.Unix()}] {
					continue
				}
				if _, scheduled := table[id][d.Date]; !scheduled {
					inferred = append(inferred, fmt.Sprintf("%d日", d.Date.Day()))
				}
			}
			if inPlace && len(kept) == bound[i]+j {
				kept = kept[:len(kept)+1] // the day is in its place already
				continue
			}
			kept = append(kept, *d)
		}
		per[i] = nil
		if len(inferred) > 0 {
			e := ro.byID[id]
			name := ""
			if e != nil {
				name = e.Name
			}
			ld.add(calc.Warning, calc.Loc{File: firstFile}, id, fmt.Sprintf("%s（%s）按默认班次推定旷工 %d 天（当天工作日无打卡、无请假）：%d月%s", id, name, len(inferred), int(ld.month), strings.Join(inferred, "、")),
				"如当天休息、请假或出差，请在排班表中写明（休、假别），或在考勤表中注明；否则每天按旷工扣分")
		}
	}
	days = kept
	st.punches, st.punchCols = punchLog{}, punchCols{}
	if st.punchFiles {
		ld.warnUnpunched(seen, other, days)
	}
	return days
}

// warnUnpunched warns about employees with neither punches nor shifts nor
// days from any other attendance sheet.
func (ld *loader) warnUnpunched(seen map[string]bool, other, days []calc.Day) {
	has := map[string]bool{}
	for _, d := range append(slices.Clip(ld.m.Days), other...) {
		has[d.ID] = true
	}
	for i, d := range days {
		if i == 0 || d.ID != days[i-1].ID { // a person's days come together
			has[d.ID] = true
		}
	}
	first := time.Date(ld.year, ld.month, 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1)
	for _, e := range ld.m.Employees {
		if seen[e.ID] || has[e.ID] || (!e.Hired.IsZero() && e.Hired.After(last)) || (!e.Left.IsZero() && e.Left.Before(first)) {
			continue
		}
		ld.add(calc.Warning, e.Loc, e.ID, fmt.Sprintf("%s（%s）在打卡记录和考勤表中都没有记录，未计算其考勤", e.ID, e.Name),
			"请核对花名册的考勤号，或补充此人的考勤")
	}
}

// employedOn reports whether e is employed on d, a day of the month from
// first to last.
func employedOn(e *calc.Employee, first, last, d time.Time) bool {
	if d.Before(first) || d.After(last) || e == nil {
		return false
	}
	return (e.Hired.IsZero() || !d.Before(e.Hired)) && (e.Left.IsZero() || !d.After(e.Left))
}

// dayBound is at least the number of days personDays gives a person: the
// employed days with a 排班表 row, the default shift or a punch.
func (c *punchCal) dayBound(e *calc.Employee, table map[time.Time]shiftRow, punches []cpunch) int {
	if e == nil {
		return 0
	}
	var punched uint64 // bit k: a punch on day k+1
	for _, p := range punches {
		if p.min >= 0 && p.min < 64*1440 {
			punched |= 1 << (p.min / 1440)
		}
	}
	n := 0
	for k := 0; k+1 < len(c.dates); k++ {
		d := c.dates[k+1]
		if !employedOn(e, c.first, c.last, d) {
			continue
		}
		if _, ok := table[d]; ok || punched&(1<<k) != 0 || c.def[k+1] {
			n++
		}
	}
	return n
}

// personDays appends one person's days of the month, built from the
// schedule and the punches (in the order read), to days.
// It reads the loader's rules and punch log only: people's days are built
// at the same time (eachPerson), each with its own scratch sc.
func (ld *loader) personDays(days []calc.Day, sc *dayScratch, cal *punchCal, e *calc.Employee, id string, table map[time.Time]shiftRow, punches []cpunch) []calc.Day {
	first, last := cal.first, cal.last
	pl := &ld.shapes.punches
	st := sc
	var fallback calc.Loc
	if len(punches) > 0 {
		s := pl.srcs[punches[0].src]
		fallback = calc.Loc{File: s.file, Sheet: s.sheet}
	}
	sh := ld.r.DefaultShift
	plan := st.plan[:0]
	for k, d := range cal.dates {
		day := (k - 1) * 1440
		s := sched{date: d, day: day, loc: fallback}
		if row, ok := table[d]; ok && row.bad {
			continue
		} else if ok {
			s.fromTable, s.loc, s.name, s.res = true, row.loc, row.name, row.res
			if row.start.Set {
				s.work, s.span = true, calc.SpanOf(day, row.start.Min, row.end.Min)
			}
		} else if cal.def[k] {
			s.work, s.name, s.span = true, sh.Name, calc.SpanOf(day, sh.Start, sh.End)
		}
		plan = append(plan, s)
	}
	st.plan = plan
	// each punch to the nearest work shift (calc.NearestSpan); the others
	// are punches on a day off, kept by date (off[k] is cal.dates[k])
	spans, work := st.spans[:0], st.spanAt[:0] // work: the plan index of each span
	for i, s := range plan {
		if s.work {
			spans = append(spans, s.span)
			work = append(work, i)
		}
	}
	st.spans, st.spanAt = spans, work
	off := st.off[:0]
	off = append(off, make([]punchSet, len(cal.dates))...)
	st.off = off
	slices.SortStableFunc(punches, func(a, b cpunch) int { return cmp.Compare(a.min, b.min) })
	near := newSpanFinder(spans)
	for _, p := range punches {
		if k := near.nearest(int(p.min)); k >= 0 {
			plan[work[k]].punches.add(p)
			continue
		}
		if k := floorDiv(int(p.min), 1440) + 1; k >= 0 && k < len(off) {
			off[k].add(p)
		} // else the day after the month: no day of the plan
	}
	start := len(days)
	refs := st.refs[:0]
	for i := range plan {
		s := &plan[i]
		if !employedOn(e, first, last, s.date) {
			continue
		}
		var d calc.Day
		var at cpunch // the punch the day is placed at, if placed
		placed := false
		switch ps, offs := s.punches, off[s.day/1440+1]; {
		case s.work:
			sp := calc.Span{Start: s.span.Start - s.day, End: s.span.End - s.day}
			var in calc.DayInput
			switch ps.n {
			case 0:
				in = calc.ShiftInput(s.name, sp)
			case 1:
				in = calc.ShiftInput(s.name, sp, int(ps.first.min)-s.day)
			default:
				in = calc.ShiftInput(s.name, sp, int(ps.first.min)-s.day, int(ps.last.min)-s.day)
			}
			d, _ = calc.InterpretDay(ld.r, s.date, in)
			if ps.n > 0 {
				at, placed = ps.first, true
			}
		case s.res.Given:
			d, _ = calc.InterpretDay(ld.r, s.date, calc.DayInput{Verdict: s.res, Shift: s.name})
		case offs.n > 0:
			if offs.n >= 2 {
				d = calc.RestDayPunched(s.date, int(offs.first.min), int(offs.last.min))
			} else {
				d = calc.RestDayPunched(s.date)
			}
			at, placed = offs.first, true
		default:
			continue
		}
		d.ID, d.Loc = id, s.loc
		if placed {
			refs = append(refs, dayPunch{day: len(days) - start, p: at})
		}
		days = append(days, d)
	}
	st.refs = refs
	pl.locsOf(days[start:], st)
	return days
}

// dayScratch is personDays' scratch, reused from one person to the next:
// the plan of the days, the punches of days off, the work shifts and their
// places in the plan.
type dayScratch struct {
	plan   []sched
	off    []punchSet
	spans  []calc.Span
	spanAt []int
	// the days placed at a punch, their cells' names end to end and
	// where each ends (punchLog.locsOf)
	refs     []dayPunch
	cellBuf  []byte
	cellEnds []int
}

// punchAtOnce is whether eachPerson may use several goroutines (tests
// compare with one).
var punchAtOnce = true

// eachPerson calls f for persons 0 to n-1, on up to GOMAXPROCS goroutines
// (the caller's among them) taking runs of persons in turn, each goroutine
// with a scratch of its own. A panic in f is raised again in the caller.
func eachPerson(n int, f func(sc *dayScratch, i int)) {
	const run = 64
	workers := min(runtime.GOMAXPROCS(0), (n+run-1)/run, 8)
	if !punchAtOnce || workers < 2 {
		var sc dayScratch
		for i := 0; i < n; i++ {
			f(&sc, i)
		}
		return
	}
	var next atomic.Int64
	var failed atomic.Bool
	var mu sync.Mutex
	var panicked any
	work := func() {
		defer func() {
			if p := recover(); p != nil {
				failed.Store(true)
				mu.Lock()
				if panicked == nil {
					panicked = xlsx.Carry(p)
				}
				mu.Unlock()
			}
		}()
		var sc dayScratch
		for !failed.Load() {
			from := int(next.Add(run)) - run
			if from >= n {
				return
			}
			for i := from; i < min(from+run, n); i++ {
				f(&sc, i)
			}
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}

// floorDiv is a/b rounded down (b > 0).
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// spanFinder is calc.NearestSpan for punches taken in time order
// (FuzzSpanFinder). When the spans start one after another (as a plan's
// days do) and none is longer than a day, only those starting from
// MaxPunchGap+1440 before a punch to MaxPunchGap after it can lie within
// MaxPunchGap of it, a window that only moves on; else every span is
// looked at.
type spanFinder struct {
	spans   []calc.Span
	ordered bool
	lo      int
}

func newSpanFinder(spans []calc.Span) spanFinder {
	f := spanFinder{spans: spans, ordered: true}
	for i, s := range spans {
		if s.End < s.Start || s.End-s.Start > 1440 || (i > 0 && s.Start <= spans[i-1].Start) {
			f.ordered = false
			break
		}
	}
	return f
}

// nearest is calc.NearestSpan(f.spans, t); t must not decrease from one
// call to the next.
func (f *spanFinder) nearest(t int) int {
	if !f.ordered {
		return calc.NearestSpan(f.spans, t)
	}
	for f.lo < len(f.spans) && f.spans[f.lo].Start < t-calc.MaxPunchGap-1440 {
		f.lo++
	}
	hi := f.lo
	for hi < len(f.spans) && f.spans[hi].Start <= t+calc.MaxPunchGap {
		hi++
	}
	// the window keeps the spans' order, so calc's rule (the nearest, the
	// earliest on a tie) picks the same span
	if i := calc.NearestSpan(f.spans[f.lo:hi], t); i >= 0 {
		return f.lo + i
	}
	return -1
}

// punchIdentity is the identity a punch row's 工号, 姓名, 登记号码 and
// UserId as written give: the 工号 and 姓名, and without a 工号 the
// attendance system's id with the roster column and the field it is.
func punchIdentity(raw [4]string) (id, name, alt, altCol, altField string) {
	id = NormalizeID(trimSpace(raw[0]))
	name = normText(trimSpace(raw[1]))
	if id == "" {
		if v := trimSpace(raw[2]); v != "" {
			alt, altCol, altField = NormalizeID(v), "考勤号", "登记号码"
		} else if v := trimSpace(raw[3]); v != "" {
			alt, altCol, altField = NormalizeID(v), "钉钉UserId", "UserId"
		}
	}
	return id, name, alt, altCol, altField
}
