package calc

import (
	"cmp"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// item is a scored event with the row it belongs to.
type item struct {
	row, seq int
	Scored
	comp decimal.Decimal // 赔偿金额 this event added (S04)
}

// state is the work area of one Appraise call.
type state struct {
	m  *Month
	r  *Rules
	ps problems

	first, last int            // month bounds as date keys (yyyymmdd)
	roster      map[string]int // 工号 → index in m.Employees
	idx         map[string]int // 工号 → row (appraised employees)
	rows        []Appraisal
	items       []item
	missing     map[string]bool // engine rules missing from the catalogue

	att      []AttendanceStat
	qa       []qaAcc
	comp     []decimal.Decimal
	perMonth []map[string]bool // row → per-month codes already scored
	noRoster bool              // the missing roster has been reported
	xs       [][]item          // row → dismissal events
	qaItems  []decimal.Decimal // the QA accumulators' item sums and counts
	qaItemN  []int

	// D34–D38 (policy.go)
	findings []Finding
	byName   map[string][]int // normalised name → roster indexes
	swapDay  map[dayKey]int   // 工号, yyyymmdd → swap index (swap and return days)
	leaves   map[string][]int // 工号 → leave indexes
	dayOf    map[dayKey]Day   // 工号, yyyymmdd → the attendance day counted

	revoked []item // events revoked on appeal (D32), shown but not counted

	// work split across goroutines (shard.go)
	workers  int  // goroutines a phase may use
	minSplit int  // fewest rows for which a phase is split
	sharded  bool // this state is a shard of a phase
	shard    int  // its index
	lo, hi   int  // the rows it handles
	marks    []mark
	missAt   []missMark
	out      chunks     // a shard's items
	spare    [][][]item // shard → blocks for its items, from the last phase
	pieceOf  []int32    // row → its shard of pieces shards (bucket)
	pieces   int
}

// qaAcc accumulates one employee's QA rows.
type qaAcc struct {
	count, errors, totals int
	total                 decimal.Decimal
	items                 []decimal.Decimal
	itemN                 []int
}

// Appraise computes a month's appraisal. It never panics: every problem of
// the input goes into Result.Problems. It does not validate r (see Check);
// a nil r means DefaultRules.
func Appraise(m *Month, r *Rules) (res *Result) {
	defer recoverInto(&res, m)
	return appraise(m, r, workers(), splitFrom)
}

// splitFrom is the fewest rows for which Appraise splits a phase; the
// tests run again with 1 to split every month.
var splitFrom = minShardRows

// recoverInto, deferred, turns a panic into one short 内部错误 problem for
// the user and keeps its stack in Result.Panic for the maintainer.
func recoverInto(res **Result, m *Month) {
	p := recover()
	if p == nil {
		return
	}
	stack := debug.Stack()
	if gp, ok := p.(goPanic); ok { // from one of the goroutines of a phase
		p, stack = gp.v, gp.stack
	}
	*res = &Result{Problems: []Problem{{Level: Error, Msg: fmt.Sprintf("内部错误：%v", p), Hint: "请把输入文件和规则表交给维护人员"}},
		Panic: stack}
	if m != nil {
		(*res).Year, (*res).Month = m.Year, m.Month
	}
}

// appraise is Appraise on up to workers goroutines, splitting the phases
// of months with at least minSplit rows.
func appraise(m *Month, r *Rules, workers, minSplit int) *Result {
	if r == nil {
		r = DefaultRules()
	}
	if m == nil {
		return &Result{Problems: []Problem{{Level: Error, Msg: "没有考核数据", Hint: "检查输入文件夹"}}}
	}
	res := &Result{Year: m.Year, Month: m.Month, Grades: map[string]int{}}
	if m.Year < 1 || m.Month < time.January || m.Month > time.December {
		res.Problems = []Problem{{Level: Error, Msg: fmt.Sprintf("考核月份 %d-%02d 无效", m.Year, int(m.Month)), Hint: "用 --month YYYY-MM 指定月份"}}
		return res
	}
	s := &state{m: m, r: r, missing: map[string]bool{}, workers: workers, minSplit: minSplit}
	s.first = m.Year*10000 + int(m.Month)*100 + 1
	s.last = key(time.Date(m.Year, m.Month+1, 0, 0, 0, 0, 0, time.UTC))

	emps := s.roll()
	s.lo, s.hi = 0, len(s.rows)
	if k := s.nparts(); k > 1 {
		s.each(k+1, func(j int) { // independent: pieces of the rows, the indexes of policy.go
			if j == k {
				s.policyPrep()
				return
			}
			s.fillRows(emps, bound(len(emps), j, k), bound(len(emps), j+1, k))
		})
	} else {
		s.fillRows(emps, 0, len(emps))
		s.policyPrep()
	}
	s.attendance()
	s.swaps()
	s.leaveRules()
	adj := s.events()
	s.away()
	s.qaRecords()
	s.exams()
	s.coverage()
	s.complaints()
	s.oneFact()
	s.b01Logged()
	s.adjustments(adj)
	s.appeals()
	s.totalsQA()
	s.b01()
	s.s05()
	s.finish()
	s.items = append(s.items, s.revoked...)

	res.Rows = s.rows
	res.Attendance = s.att
	res.Problems = s.ps
	// The statistics, the sorted events and the findings do not depend on
	// each other: the QA statistics are made while the rest is sorted.
	others := func() {
		res.Teams = teamStats(s.rows)
		for _, a := range s.rows {
			res.Grades[a.Grade]++
		}
		res.Events = s.sortedEvents()
		res.Findings = s.sortedFindings()
	}
	if s.nparts() > 1 {
		parallel(2, func(j int) {
			if j == 0 {
				res.QA = s.qaStatsOn(false)
			} else {
				others()
			}
		})
	} else {
		res.QA = s.qaStats()
		others()
	}
	res.Leaders = leaders(m, res, r, s.workers, s.minSplit)
	return res
}

// sortedEvents returns the scored events by row, date, rule code and the
// order they were scored in: a stable counting sort by row, then a stable
// sort of each row's few events (the same order as one stable sort of all
// events by the four keys, without moving the large items).
func (s *state) sortedEvents() []Scored {
	start := make([]int, len(s.rows)+1) // row → first position
	for i := range s.items {
		start[s.items[i].row+1]++
	}
	for r := range s.rows {
		start[r+1] += start[r]
	}
	next := slices.Clone(start[:len(s.rows)])
	order := make([]int, len(s.items))
	for i := range s.items {
		r := s.items[i].row
		order[next[r]] = i
		next[r]++
	}
	byDate := func(i, j int) int {
		a, b := &s.items[i], &s.items[j]
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		if c := strings.Compare(a.Rule.Code, b.Rule.Code); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	}
	for r := range s.rows {
		if start[r+1]-start[r] > 1 {
			slices.SortStableFunc(order[start[r]:start[r+1]], byDate)
		}
	}
	out := make([]Scored, len(s.items))
	for p, i := range order {
		out[p] = s.items[i].Scored
	}
	return out
}

var zeroTime time.Time

// key turns a date into yyyymmdd, ignoring the time of day.
func key(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

func (s *state) inMonth(t time.Time) bool {
	k := key(t)
	return !t.IsZero() && k >= s.first && k <= s.last
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return "（空）"
	}
	return t.Format("2006-01-02")
}

func (s *state) monthText() string { return fmt.Sprintf("%d年%d月", s.m.Year, int(s.m.Month)) }

// roll indexes the roster and makes the rows of the employees appraised,
// reporting missing and repeated 工号s; it returns the roster index of each
// row, whose fields fillRows fills.
func (s *state) roll() []int {
	n := len(s.m.Employees)
	s.roster = make(map[string]int, n)
	s.idx = make(map[string]int, n)
	emps := make([]int, 0, n)
	for i := range s.m.Employees {
		e := &s.m.Employees[i]
		if e.ID == "" {
			s.ps.add(Error, e.Loc, "", fmt.Sprintf("花名册第%d条记录（%s）缺少工号", i+1, e.Name), "补填工号")
			continue
		}
		if _, dup := s.roster[e.ID]; dup {
			s.ps.add(Error, e.Loc, e.ID, fmt.Sprintf("花名册中工号 %s 重复", e.ID), "每个工号只能出现一次，删除重复的行")
			continue
		}
		s.roster[e.ID] = i
		if !s.employed(*e) {
			continue
		}
		s.idx[e.ID] = len(emps)
		emps = append(emps, i)
	}
	rows, nq := len(emps), len(s.r.QAItems)
	s.rows = make([]Appraisal, rows, n)
	s.att = make([]AttendanceStat, rows, n)
	s.qa = make([]qaAcc, rows, n)
	s.comp = make([]decimal.Decimal, rows, n)
	s.perMonth = make([]map[string]bool, rows, n) // made by setPerMonth
	s.xs = make([][]item, rows, n)
	// the QA accumulators of all rows share two arrays
	s.qaItems, s.qaItemN = make([]decimal.Decimal, n*nq), make([]int, n*nq)
	// about two scored events an employee (B05, lates, exams) and the log
	s.items = make([]item, 0, 2*rows+len(s.m.Events)+len(s.m.QA)/8+16)
	return emps
}

// fillRows fills rows lo to hi−1, of the employees emps (roll).
func (s *state) fillRows(emps []int, lo, hi int) {
	nq := len(s.r.QAItems)
	for row := lo; row < hi; row++ {
		e := &s.m.Employees[emps[row]]
		s.rows[row] = Appraisal{Employee: *e, Base: s.r.Base}
		s.att[row] = AttendanceStat{ID: e.ID, Leave: map[string]int{}}
		a, b := row*nq, (row+1)*nq
		s.qa[row] = qaAcc{items: s.qaItems[a:b:b], itemN: s.qaItemN[a:b:b]}
		s.comp[row] = decimal.Zero
	}
}

// setPerMonth records whether a per-month code of a row is scored.
func (s *state) setPerMonth(row int, code string, v bool) {
	if s.perMonth[row] == nil {
		s.perMonth[row] = map[string]bool{}
	}
	s.perMonth[row][code] = v
}

// employed reports whether e worked on any day of the month.
func (s *state) employed(e Employee) bool {
	return (e.Hired.IsZero() || key(e.Hired) <= s.last) && (e.Left.IsZero() || key(e.Left) >= s.first)
}

// row returns the row of an appraised employee, or −1 with a problem: an
// unknown 工号 is an error, a roster member not employed this month gets lvl.
func (s *state) row(id string, loc Loc, what string, lvl Level) int {
	if i, ok := s.idx[id]; ok {
		return i
	}
	if id == "" {
		s.ps.add(Error, loc, "", what+"缺少工号", "补填工号")
		return -1
	}
	if len(s.m.Employees) == 0 {
		// Without a roster every record would be an unknown 工号: say it
		// once instead.
		if !s.noRoster {
			s.noRoster = true
			s.ps.add(Error, Loc{}, "", "没有花名册数据，无法核对工号，所有记录均未计分", "把当月花名册放进文件夹，或修正花名册的错误")
		}
		return -1
	}
	if i, ok := s.roster[id]; ok {
		e := s.m.Employees[i]
		s.ps.add(lvl, loc, id, fmt.Sprintf("%s：%s（%s）%s不在职（入职 %s，离职 %s），记录未计分", what, id, e.Name, s.monthText(), fmtDate(e.Hired), fmtDate(e.Left)), "检查工号或日期")
		return -1
	}
	s.ps.add(Error, loc, id, fmt.Sprintf("%s：工号 %s 不在花名册中", what, id), "检查工号，或把此人补进花名册")
	return -1
}

// need returns an engine rule, reporting a missing one once.
func (s *state) need(code string) (Rule, bool) {
	rl, ok := s.r.Rule(code)
	if !ok && !s.missing[code] {
		s.missing[code] = true
		if s.sharded {
			s.missAt = append(s.missAt, missMark{pos: len(s.ps), code: code})
		}
		s.ps.add(Error, Loc{}, "", fmt.Sprintf("规则表缺少 %s，相关项目无法计分", code), "在规则表中补回该编号")
	}
	return rl, ok
}

// sign returns the signed points of a rule for the given positive points.
func sign(rl Rule, pts decimal.Decimal) decimal.Decimal {
	switch rl.Category {
	case Bonus, Discretionary:
		return pts
	case Dismissal:
		return decimal.Zero
	}
	return pts.Neg()
}

// add records a scored event of a row.
func (s *state) add(row int, rl Rule, times int, pts decimal.Decimal, date time.Time, derived bool, note string, loc Loc) {
	p := sign(rl, pts)
	sc := Scored{
		ID: s.rows[row].ID, Name: s.rows[row].Name, Date: date, Rule: rl, Times: times,
		Points: p, Total: p.Mul(decimal.NewFromInt(int64(times))), Derived: derived, Note: note, Loc: loc,
	}
	if s.sharded {
		s.out.add(item{row: row, Scored: sc}) // numbered by merge
		if rl.PerMonth {
			s.setPerMonth(row, rl.Code, true)
		}
		return
	}
	it := item{row: row, seq: len(s.items) + len(s.revoked), Scored: sc}
	s.items = append(s.items, it)
	if rl.PerMonth {
		s.setPerMonth(row, rl.Code, true)
	}
	if rl.Category == Dismissal {
		s.xs[row] = append(s.xs[row], it)
	}
}

func (s *state) note(row int, text string) {
	s.rows[row].Notes = append(s.rows[row].Notes, text)
}

func (s *state) flag(row int, text, reason string) {
	s.rows[row].Flags = append(s.rows[row].Flags, Flag{Text: text + "（需人工复核）", Reason: reason})
}

func joinNote(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "；")
}
