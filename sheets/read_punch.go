package sheets

import (
	"bufio"
	"fmt"
	"slices"
	"strings"
	"time"

	"appraise/calc"
)

// Clock-machine punches (ZKTeco-style 考勤记录 CSV/sheets with 登记号码 and
// 日期时间, and the device's attlog.dat) paired into shifts. The shift of a
// person and day comes from a 排班表 (工号, 日期, 班次 and/or 上班/下班 times)
// when one lists that day, else from the rules' default shift on working
// days. A scheduled shift without any punch is an absence (D7); a shift
// with one punch has a missing punch; late and early minutes are derived
// from the scheduled times. Night shifts end the next day.

// clockPunch is one punch of a person.
type clockPunch struct {
	who ident
	at  time.Time // to the minute, UTC
	loc calc.Loc
}

// shiftRow is one row of a 排班表.
type shiftRow struct {
	who        ident
	date       time.Time
	name       string
	start, end punch // scheduled times; end ≤ start: next day
	res        result
	bad        bool // the row has an error: the day is left out
	loc        calc.Loc
}

// maxPunchGap is how far (minutes) a punch may lie outside a shift and
// still belong to it.
const maxPunchGap = 6 * 60

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
	who := c.who()
	if who.id == "" && c.raw("登记号码") != "" {
		who.alt, who.altCol, who.altLoc = NormalizeID(c.raw("登记号码")), "考勤号", c.loc("登记号码")
		who.idLoc = who.altLoc
	} else if who.id == "" && c.raw("UserId") != "" {
		who.alt, who.altCol, who.altLoc = NormalizeID(c.raw("UserId")), "钉钉UserId", c.loc("UserId")
		who.idLoc = who.altLoc
	}
	if who.id == "" && who.name == "" && who.alt == "" {
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
	ld.shapes.punches = append(ld.shapes.punches, clockPunch{who, at, c.loc("打卡时间")})
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
		loc := calc.Loc{File: name, Cell: fmt.Sprintf("第%d行", n)}
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
			ld.add(calc.Error, loc, "", fmt.Sprintf("无法识别的打卡记录「%s」", clipLine(line)), "每行应为 登记号码、Tab、日期时间（2026-11-02 08:52:11）")
			continue
		}
		if read == 0 {
			ld.attendances++
			ld.shapes.punchFiles = true
			ld.add(calc.Info, calc.Loc{File: name}, "", "识别为 "+Punches.String()+"（考勤机 attlog.dat）", "")
		}
		read++
		if !ld.punchWindow(at) {
			ld.outsidePunch(loc)
			continue
		}
		who := ident{alt: enrol, altCol: "考勤号", idLoc: loc, nameLoc: loc, altLoc: loc, rowLoc: loc}
		ld.shapes.punches = append(ld.shapes.punches, clockPunch{who, at, loc})
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
	if t := c.clockCell("上班时间", day); t.set {
		s.start = t
	}
	if t := c.clockCell("下班时间", day); t.set {
		s.end = t
	}
	if s.start.set != s.end.set {
		c.errorf("上班时间", "请同时填写上班时间和下班时间", "只填了上班时间或下班时间之一")
	}
	if s.name != "" && !s.start.set {
		// a rest, leave or trip day written as the shift (休, 事假, 出差)
		var res result
		if bad := parseStatus(s.name, &res); len(bad) == 0 && (res.rest || res.leave != "" || res.trip) {
			s.res = res
		} else if strings.Contains(s.name, "休") {
			s.res = result{given: true, rest: true}
		}
	}
	if s.name == "" && !s.start.set {
		c.errorf("班次", "请填写班次名称或上下班时间", "班次 不能为空")
	}
	if c.bad {
		return
	}
	if s.start.set {
		s.start.min %= 1440
		s.end.min %= 1440
	}
	ld.shapes.shifts = append(ld.shapes.shifts, s)
}

// sched is the schedule of one person on one day.
type sched struct {
	date       time.Time
	name       string
	work       bool
	start, end time.Time // work only
	res        result    // rest, leave or trip days from the 排班表
	fromTable  bool
	loc        calc.Loc
	punches    []clockPunch
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
	if len(st.punches) == 0 && len(st.shifts) == 0 {
		return nil
	}
	// shift names with their times, for rows giving only the name
	named := map[string][2]punch{}
	if n := ld.r.DefaultShift; n.Name != "" && n.Start != n.End {
		named[n.Name] = [2]punch{{true, n.Start}, {true, n.End}}
	}
	for _, s := range st.shifts {
		if s.start.set && s.name != "" {
			if _, ok := named[s.name]; !ok {
				named[s.name] = [2]punch{s.start, s.end}
			}
		}
	}
	cache := map[string]string{}
	resolve := func(w ident) (string, bool) {
		k := w.id + "\x00" + w.alt + "\x00" + nameKey(w.name)
		if id, ok := cache[k]; ok {
			return id, id != ""
		}
		id, ok := res(w)
		if !ok {
			id = ""
		}
		cache[k] = id
		return id, ok
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
		if !s.start.set && !s.res.given {
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
	byID := map[string][]clockPunch{}
	for _, p := range st.punches {
		id, ok := resolve(p.who)
		if !ok {
			continue
		}
		byID[id] = append(byID[id], p)
		note(id)
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
	covered := map[string]bool{}
	for _, d := range append(slices.Clip(ld.m.Days), other...) {
		covered[d.ID+"|"+d.Date.Format(time.DateOnly)] = true
	}
	var days []calc.Day
	for _, id := range order {
		for _, d := range ld.personDays(ro.byID[id], id, table[id], byID[id]) {
			if d.Absent && d.WorkedMin == 0 && d.MissingPunches == 0 && covered[id+"|"+d.Date.Format(time.DateOnly)] {
				continue
			}
			days = append(days, d)
		}
	}
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
	for _, d := range days {
		has[d.ID] = true
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

// personDays builds one person's days of the month from the schedule and
// the punches.
func (ld *loader) personDays(e *calc.Employee, id string, table map[time.Time]shiftRow, punches []clockPunch) []calc.Day {
	first := time.Date(ld.year, ld.month, 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1)
	var fallback calc.Loc
	if len(punches) > 0 {
		fallback = calc.Loc{File: punches[0].loc.File, Sheet: punches[0].loc.Sheet}
	}
	var plan []*sched
	for d := first.AddDate(0, 0, -1); !d.After(last); d = d.AddDate(0, 0, 1) {
		s := &sched{date: d, loc: fallback}
		if row, ok := table[d]; ok && row.bad {
			continue
		} else if ok {
			s.fromTable, s.loc, s.name, s.res = true, row.loc, row.name, row.res
			if row.start.set {
				s.work = true
				s.start = d.Add(time.Duration(row.start.min) * time.Minute)
				end := row.end.min
				if end <= row.start.min {
					end += 1440
				}
				s.end = d.Add(time.Duration(end) * time.Minute)
			}
		} else if sh := ld.r.DefaultShift; sh.Start != sh.End && ld.r.Workday(d) {
			s.work, s.name = true, sh.Name
			s.start = d.Add(time.Duration(sh.Start) * time.Minute)
			end := sh.End
			if end <= sh.Start {
				end += 1440
			}
			s.end = d.Add(time.Duration(end) * time.Minute)
		}
		plan = append(plan, s)
	}
	// each punch to the nearest work shift within maxPunchGap; the others
	// are punches on a day off, kept by date
	off := map[time.Time][]clockPunch{}
	slices.SortStableFunc(punches, func(a, b clockPunch) int { return a.at.Compare(b.at) })
	for _, p := range punches {
		var best *sched
		bestGap := maxPunchGap + 1
		for _, s := range plan {
			if !s.work {
				continue
			}
			gap := 0
			if p.at.Before(s.start) {
				gap = int(s.start.Sub(p.at) / time.Minute)
			} else if p.at.After(s.end) {
				gap = int(p.at.Sub(s.end) / time.Minute)
			}
			if gap < bestGap {
				best, bestGap = s, gap
			}
		}
		if best != nil {
			best.punches = append(best.punches, p)
			continue
		}
		d := time.Date(p.at.Year(), p.at.Month(), p.at.Day(), 0, 0, 0, 0, time.UTC)
		off[d] = append(off[d], p)
	}
	employed := func(d time.Time) bool {
		if d.Before(first) || d.After(last) || e == nil {
			return false
		}
		return (e.Hired.IsZero() || !d.Before(e.Hired)) && (e.Left.IsZero() || !d.After(e.Left))
	}
	mins := func(d, t time.Time) int { return int(t.Sub(d) / time.Minute) }
	var days []calc.Day
	for _, s := range plan {
		if !employed(s.date) {
			continue
		}
		var d calc.Day
		switch {
		case s.work:
			in := dayInput{shift: s.name, hasPunchCols: true,
				schedIn: punch{true, mins(s.date, s.start)}, schedOut: punch{true, mins(s.date, s.end)}}
			if in.shift == "" {
				in.shift = "排班"
			}
			ps := s.punches
			switch {
			case len(ps) >= 2:
				in.in = punch{true, mins(s.date, ps[0].at)}
				in.out = punch{true, mins(s.date, ps[len(ps)-1].at)}
			case len(ps) == 1:
				t := ps[0].at
				if t.Sub(s.start).Abs() <= t.Sub(s.end).Abs() {
					in.in = punch{true, mins(s.date, t)}
				} else {
					in.out = punch{true, mins(s.date, t)}
				}
			}
			d, _ = interpretDay(ld.r, s.date, in)
			if len(ps) > 0 {
				s.loc = ps[0].loc
			}
		case s.res.given:
			d, _ = interpretDay(ld.r, s.date, dayInput{res: s.res, shift: s.name})
		case len(off[s.date]) > 0:
			ps := off[s.date]
			d = calc.Day{Date: s.date, Status: "休息", Note: "休息日打卡"}
			if len(ps) >= 2 {
				d.WorkedMin = mins(ps[0].at, ps[len(ps)-1].at)
			}
			s.loc = ps[0].loc
		default:
			continue
		}
		d.ID, d.Loc = id, s.loc
		days = append(days, d)
	}
	return days
}
