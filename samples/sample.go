package samples

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"appraise/calc"
)

// Options are the options of Write.
type Options struct {
	Employees int // department size (default 40)
	Year      int
	Month     time.Month
	Seed      int64 // same seed + options → byte-identical files
	// Attendance is the attendance layout: "daily" (default, our 考勤明细
	// template), "punches" (a ZKTeco clock export, one punch per row, CSV in
	// GBK) or "dingtalk" (a DingTalk 每日统计 export).
	Attendance string
}

// The department sizes Write accepts.
const (
	MinEmployees = 12
	MaxEmployees = 30000
)

// Write writes a realistic month of every input kind into dir (created
// if missing). The roster depends on the seed alone, apart from the newest
// hires (one hired each month, hired two months ago leaves this month); the
// month's records depend on the seed and the month.
func Write(dir string, opt Options) error {
	s, err := newSample(opt)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, b := range s.books() {
		if err := b.save(filepath.Join(dir, b.file)); err != nil {
			return fmt.Errorf("写入 %s：%w", b.file, err)
		}
	}
	return nil
}

// Sample bounds.
const (
	sampleDefaultSize = 40
	sampleMinSize     = MinEmployees
	sampleMaxSize     = MaxEmployees
	// sampleCellSize is the largest department whose workbooks are written
	// cell by cell (as the bundled samples are); larger ones are streamed:
	// the same content, other XML bytes.
	sampleCellSize = 1000
	sampleDept     = "客服部"
	sampleChain    = 3 // newest hires in a roster: this month, last month, leaving
)

var (
	sampleTeams    = []string{"一组", "二组", "三组", "四组"}
	sampleSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡")
	// Given-name characters of the base roster and of the new hires are
	// disjoint, so a new hire's name never equals a long-serving one's.
	sampleGivenA = []rune("伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉萍红文辉建燕晨雪琳婷欣宇浩凯鹏")
	sampleGivenB = []rune("思雨梓涵嘉怡子轩可馨佳悦")
	sampleLeaves = []string{"事假", "病假", "年假"}
)

// sampleDay is one attendance row with what the sheet shows.
type sampleDay struct {
	calc.Day
	in, out             string // punches as text, "" = none
	showLate, showEarly bool   // minutes written (else derived from punches)
	noRecord            bool   // leave without an approved request (旷工, D34): no punches either
}

// sampleCast names who plays which scenario in a month (工号, "" if the
// department is too small for it).
type sampleCast struct {
	Last, S05Light, S05Medium, X01, Incident1, Incident2, S04, S03, M04 string
	BonusA, BonusB06, B01, Exam100, ExamFail, Complaint, LightMix, Talk string
	Entry, MissingPunch, Hire1, Hire2, Leaver                           string
	Adjusted                                                            []string
}

// sample is one generated month, as calc types plus what only the sheets show.
type sample struct {
	year        int
	month       time.Month
	first, last time.Time
	seed        int64
	layout      string // Options.Attendance
	stream      bool   // write with excelize's StreamWriter

	emps       []calc.Employee
	days       []sampleDay
	qa         []calc.QARecord
	events     []calc.Event
	exams      []calc.Exam
	complaints []calc.Complaint
	adjust     []calc.Adjustment
	leaves     []calc.Leave // sample_policy.go
	swaps      []sampleSwap
	cast       sampleCast

	byID               map[string]*calc.Employee
	chief, monitor     string // names: 主管, 班长
	inspector, trainer string // names: 质检员, 培训专员
	examDate           time.Time
	busy               map[string]map[int]bool // 工号 → day of month already used by a special attendance
	present            map[string][]time.Time  // 工号 → workdays employed
	rules              *calc.Rules
	rng                *rand.Rand
	marks              map[string]map[int]sampleMark // 工号 → day of month → special result
}

func sampleMonthIndex(y int, m time.Month) int { return y*12 + int(m) - 1 }

func newSample(opt Options) (*sample, error) {
	n := opt.Employees
	if n == 0 {
		n = sampleDefaultSize
	}
	if n < sampleMinSize || n > sampleMaxSize {
		return nil, fmt.Errorf("人数须在 %d–%d 之间，给的是 %d", sampleMinSize, sampleMaxSize, n)
	}
	switch opt.Attendance {
	case "", "daily", "punches", "dingtalk":
	default:
		return nil, fmt.Errorf("考勤格式须为 daily、punches 或 dingtalk，给的是 %q", opt.Attendance)
	}
	if opt.Year < 2010 || opt.Year > 2099 || opt.Month < time.January || opt.Month > time.December {
		return nil, fmt.Errorf("月份 %d-%02d 无效（年份须在 2010–2099 之间）", opt.Year, int(opt.Month))
	}
	k := sampleMonthIndex(opt.Year, opt.Month)
	s := &sample{
		year: opt.Year, month: opt.Month, seed: opt.Seed, layout: opt.Attendance, stream: n > sampleCellSize,
		first:   time.Date(opt.Year, opt.Month, 1, 0, 0, 0, 0, time.UTC),
		last:    time.Date(opt.Year, opt.Month+1, 0, 0, 0, 0, 0, time.UTC),
		byID:    map[string]*calc.Employee{},
		busy:    map[string]map[int]bool{},
		present: map[string][]time.Time{},
		rules:   calc.DefaultRules(),
		rng:     rand.New(rand.NewPCG(uint64(opt.Seed), uint64(k)<<16|0x4d4f)),
	}
	base, lastID := sampleBase(opt.Seed, n-sampleChain)
	var hires []calc.Employee
	for i := sampleChain - 1; i >= 0; i-- {
		e, left := sampleHire(opt.Seed, k-i)
		if i == sampleChain-1 {
			e.Left, e.LeftType = left, "主动辞职"
			s.cast.Leaver = e.ID
		}
		hires = append(hires, e)
	}
	s.cast.Hire2, s.cast.Hire1 = hires[1].ID, hires[2].ID
	var emps []calc.Employee
	for _, e := range append(base, hires...) {
		if !e.Hired.After(s.last) {
			emps = append(emps, e)
		}
	}
	slices.SortStableFunc(emps, func(a, b calc.Employee) int {
		if c := slices.Index(sampleTeams, a.Team) - slices.Index(sampleTeams, b.Team); c != 0 {
			return c
		}
		if c := sampleRoleRank(a.Role) - sampleRoleRank(b.Role); c != 0 {
			return c
		}
		return a.Hired.Compare(b.Hired)
	})
	s.emps = emps
	for i := range s.emps {
		e := &s.emps[i]
		s.byID[e.ID] = e
		switch e.Role {
		case "主任", "主管":
			s.chief = e.Name
		case "班长":
			s.monitor = e.Name
		case "质检员":
			s.inspector = e.Name
		case "培训专员":
			s.trainer = e.Name
		}
		for d := s.first; !d.After(s.last); d = d.AddDate(0, 0, 1) {
			if s.rules.Workday(d) && !d.Before(e.Hired) && (e.Left.IsZero() || !d.After(e.Left)) {
				s.present[e.ID] = append(s.present[e.ID], d)
			}
		}
		s.busy[e.ID] = map[int]bool{}
	}
	if _, ok := s.byID[lastID]; ok {
		s.cast.Last = lastID
	}
	s.generate()
	return s, nil
}

func sampleRoleRank(role string) int {
	return slices.Index([]string{"主任", "主管", "班长", "质检员", "培训专员", "组长", "业务代表"}, role)
}

// sampleWeekday moves d forward to a Monday–Friday.
func sampleWeekday(d time.Time) time.Time {
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func sampleName(rng *rand.Rand, given []rune, taken map[string]bool) string {
	for {
		name := string(sampleSurnames[rng.IntN(len(sampleSurnames))])
		name += string(given[rng.IntN(len(given))])
		if rng.IntN(3) > 0 {
			name += string(given[rng.IntN(len(given))])
		}
		if !taken[name] {
			taken[name] = true
			return name
		}
	}
}

// sampleBase returns the long-serving staff: a function of the seed only.
// The second result is the 工号 of the agent who comes last every month.
func sampleBase(seed int64, n int) ([]calc.Employee, string) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x524f53544552))
	day := func(from time.Time, span int) time.Time { return sampleWeekday(from.AddDate(0, 0, rng.IntN(span))) }
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	taken := map[string]bool{}
	var es []calc.Employee
	for i := range n {
		e := calc.Employee{Name: sampleName(rng, sampleGivenA, taken), Dept: sampleDept, Role: "业务代表"}
		var salary int64
		switch {
		case i == 0:
			e.Role, e.Team, e.Hired, salary = "主任", sampleTeams[0], day(date(2018, 3, 1), 365), 8500
		case i < 4:
			e.Role = []string{"班长", "质检员", "培训专员"}[i-1]
			e.Team, e.Hired = sampleTeams[i], day(date(2019, 1, 1), 900)
			salary = []int64{6500, 5800, 6000}[i-1]
		case i < 4+len(sampleTeams):
			e.Role, e.Team, e.Hired = "组长", sampleTeams[i-4], day(date(2020, 1, 1), 1200)
			salary = 5500 + 100*rng.Int64N(6)
		default:
			e.Team = sampleTeams[(i-8)%len(sampleTeams)]
			e.Hired = day(date(2021, 1, 1), int(date(2026, 5, 31).Sub(date(2021, 1, 1)).Hours()/24))
			salary = 4200 + 100*rng.Int64N(11)
		}
		e.OnDuty = sampleWeekday(e.Hired.AddDate(0, 0, 7+rng.IntN(8)))
		e.Regular = e.Hired.AddDate(0, 3, 0)
		e.Salary = decimal.NewNullDecimal(decimal.NewFromInt(salary))
		es = append(es, e)
	}
	slices.SortStableFunc(es, func(a, b calc.Employee) int { return a.Hired.Compare(b.Hired) })
	var agents []string
	for i := range es {
		es[i].ID = fmt.Sprintf("KF%04d", i+1)
		es[i].ClockID = fmt.Sprintf("%03d", i+1)
		if n > sampleCellSize-sampleChain {
			// Longer IDs than a new hire's (KF2611, 考勤号 2611).
			es[i].ID = fmt.Sprintf("KF%06d", i+1)
			es[i].ClockID = fmt.Sprint(100000 + i + 1)
		}
		if es[i].Role == "业务代表" && es[i].Hired.Year() < 2024 {
			agents = append(agents, es[i].ID)
		}
	}
	last := ""
	if len(agents) > 0 {
		last = agents[rng.IntN(len(agents))]
	}
	return es, last
}

// sampleHire returns the agent hired in month k (sampleMonthIndex) and the day
// that person leaves two months later (主动辞职, still in probation).
func sampleHire(seed int64, k int) (calc.Employee, time.Time) {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(k)<<16|0x4849))
	y, m := k/12, time.Month(k%12+1)
	hired := sampleWeekday(time.Date(y, m, 3+rng.IntN(8), 0, 0, 0, 0, time.UTC))
	g := func() string { return string(sampleGivenB[rng.IntN(len(sampleGivenB))]) }
	e := calc.Employee{
		ID:     fmt.Sprintf("KF%02d%02d", y%100, int(m)),
		Name:   string(sampleSurnames[k%len(sampleSurnames)]) + g() + g(),
		Dept:   sampleDept,
		Team:   sampleTeams[k%len(sampleTeams)],
		Role:   "业务代表",
		Hired:  hired,
		OnDuty: sampleWeekday(hired.AddDate(0, 0, 10)),
		Salary: decimal.NewNullDecimal(decimal.NewFromInt(4000)),
	}
	e.ClockID = e.ID[2:]
	left := sampleWeekday(time.Date(y, m+2, 10+rng.IntN(8), 0, 0, 0, 0, time.UTC))
	return e, left
}
