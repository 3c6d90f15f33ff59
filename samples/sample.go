package samples

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// Options are the options of WriteSample.
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

// The department sizes WriteSample accepts.
const (
	MinEmployees = 12
	MaxEmployees = 30000
)

// WriteSample writes a realistic month of every input kind into dir (created
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

// generate fills the month's records.
func (s *sample) generate() {
	r := s.rng
	// The exam is on the fourth workday from the end of the month.
	wds := s.workdays()
	s.examDate = wds[max(len(wds)-4, 0)]

	// Cast: long-serving agents out of probation, shuffled by the month.
	var pool []string
	for _, e := range s.emps {
		if e.Role == "业务代表" && e.ID != s.cast.Last && e.ID != s.cast.Hire1 && e.ID != s.cast.Hire2 && e.ID != s.cast.Leaver &&
			!e.Regular.After(s.first) {
			pool = append(pool, e.ID)
		}
	}
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	c := &s.cast
	for _, p := range []*string{&c.S05Light, &c.S05Medium, &c.X01, &c.Incident1, &c.Incident2, &c.S04, &c.S03, &c.M04,
		&c.BonusA, &c.BonusB06, &c.B01, &c.Exam100, &c.ExamFail, &c.Complaint, &c.LightMix, &c.Talk, &c.Entry} {
		if len(pool) > 0 {
			*p, pool = pool[0], pool[1:]
		}
	}
	special := map[string]bool{c.Hire1: true, c.Hire2: true, c.Leaver: true}
	for _, id := range []string{c.Last, c.S05Light, c.S05Medium, c.X01, c.Incident1, c.Incident2, c.S04, c.S03, c.M04,
		c.BonusA, c.BonusB06, c.B01, c.Exam100, c.ExamFail, c.Complaint, c.LightMix, c.Talk, c.Entry} {
		if id != "" {
			special[id] = true
		}
	}

	// Designed attendance.
	if c.Last != "" {
		s.mark(c.Last, "旷工", 0, false, "未请假，电话联系不上")
		s.mark(c.Last, "迟到", 16+r.IntN(15), true, "")
	}
	if c.S05Light != "" {
		s.mark(c.S05Light, "迟到", 1+r.IntN(5), true, "")
		s.mark(c.S05Light, "迟到", 6+r.IntN(5), false, "")
		s.mark(c.S05Light, "迟到", 1+r.IntN(5), false, "")
	}
	// Noise for everyone else: a late arrival, an early leave, a day of leave.
	var plain []string
	for _, e := range s.emps {
		if special[e.ID] {
			continue
		}
		plain = append(plain, e.ID)
		if r.IntN(10) < 3 {
			s.mark(e.ID, "迟到", 1+r.IntN(15), r.IntN(2) == 0, "")
		}
		if r.IntN(100) < 8 {
			s.mark(e.ID, "早退", 3+r.IntN(10), r.IntN(2) == 0, "")
		}
		if r.IntN(10) < 2 {
			s.mark(e.ID, sampleLeaves[r.IntN(len(sampleLeaves))], 0, false, "已审批")
		}
	}
	if len(plain) > 0 {
		c.MissingPunch = plain[r.IntN(len(plain))]
		s.mark(c.MissingPunch, "缺卡", 0, false, "忘记打下班卡")
	}
	s.attendance()

	// Events.
	if c.Last != "" {
		s.event(c.Last, "未使用普通话", 0, 0, "", "与客户通话时使用方言")
	}
	if c.S05Light != "" {
		s.event(c.S05Light, "未使用普通话", 0, 0, "", "晨会抽查发现")
		s.event(c.S05Light, "B03", 0, 0, "", "周末活动期间主动顶班")
	}
	if c.S05Medium != "" {
		s.event(c.S05Medium, "玩游戏", 0, 0, "", "当班时间玩手机游戏")
		s.event(c.S05Medium, "缺席部门例会", 0, 0, "", "")
		s.event(c.S05Medium, "B03", 0, 0, "", "同事病假时主动顶班")
		s.event(c.S05Medium, "B04", 0, 0, "", "协助整理知识库")
	}
	s.event(c.X01, "X01", 0, 0, "", "当班时间趴在桌上睡觉，经监控核实")
	s.event(c.Incident1, "突发事件", 0, 1+r.IntN(10), "", "系统故障工单处理超时")
	s.event(c.Incident2, "M08", 0, 11+r.IntN(20), "", "大面积投诉未按流程及时上报处理")
	if c.S04 != "" {
		s.event(c.S04, "S04", 0, 0, "1200.00", "私自拆下耳麦和键盘带回家，已损坏")
		s.event(c.S04, "桌面凌乱", 0, 0, "", "")
	}
	s.event(c.S03, "将非公司人员带入工作区域", 0, 0, "", "带亲友进入坐席区")
	s.event(c.M04, "安装软件", 0, 0, "", "私自安装视频播放软件")
	s.event(c.BonusA, "主动顶班", 0, 0, "", "促销活动期间人手不足，主动加班顶岗")
	s.event(c.BonusA, "B04", 0, 0, "", "完成上级安排的话术整理")
	s.event(c.BonusB06, "B06", 0, 0, "", "提出的工单分级流程试行效果良好")
	s.event(c.B01, "B01", 0, 0, "", "当月接待量和质检均分均为第一")
	if c.LightMix != "" {
		s.event(c.LightMix, "桌面凌乱", 2, 0, "", "交接班检查两次")
		s.eventPts(c.LightMix, "L08", 4, "工单未按时跟进")
	}
	if c.Talk != "" {
		s.eventPts(c.Talk, "L09", 1, "上班时间闲聊")
		s.event(c.Talk, "大声喧哗", 0, 0, "", "")
	}
	if c.Entry != "" {
		s.event(c.Entry, "信息录入错误", 0, 0, "", "客户电话号码录错")
		s.eventPts(c.Entry, "L04", 3, "部门例会迟到8分钟")
	}
	s.event(c.Hire2, "B04", 0, 0, "", "协助制作新人培训资料")
	slices.SortStableFunc(s.events, func(a, b calc.Event) int { return a.Date.Compare(b.Date) })

	// QA form: every agent, one to three rows.
	for _, e := range s.emps {
		if e.Role != "业务代表" {
			continue
		}
		rows := 1 + r.IntN(3)
		errRow := -1
		if !special[e.ID] && r.IntN(10) < 3 {
			errRow = r.IntN(rows)
		}
		for i := range rows {
			q := calc.QARecord{ID: e.ID, Date: s.day(e.ID, e.OnDuty), Inspector: s.inspector}
			lo := 15
			if e.ID == c.Last {
				lo = 11
			}
			total := decimal.Zero
			for range s.rules.QAItems {
				v := decimal.NewFromInt(int64(lo + r.IntN(21-lo)))
				q.Items = append(q.Items, decimal.NewNullDecimal(v))
				total = total.Add(v)
			}
			q.Total = decimal.NewNullDecimal(total)
			if i == errRow {
				q.Errors = 1
				if v := r.IntN(5); v > 0 { // blank means the default 2
					q.ErrorPoints = decimal.NewNullDecimal(decimal.NewFromInt(int64(1 + v)))
				}
				q.Note = "业务解答有误"
			}
			s.qa = append(s.qa, q)
		}
	}
	slices.SortStableFunc(s.qa, func(a, b calc.QARecord) int { return a.Date.Compare(b.Date) })

	// Exams: everyone employed on the exam day.
	for _, e := range s.emps {
		if e.Hired.After(s.examDate) || (!e.Left.IsZero() && e.Left.Before(s.examDate)) {
			continue
		}
		score := int64(62 + r.IntN(38))
		switch e.ID {
		case c.Last:
			score = int64(45 + r.IntN(10))
		case c.ExamFail:
			score = int64(50 + r.IntN(8))
		case c.Exam100, c.BonusB06, c.S05Light, c.S05Medium, c.Hire2:
			score = 100
		}
		s.exams = append(s.exams, calc.Exam{ID: e.ID, Date: s.examDate, Score: decimal.NewFromInt(score), Full: decimal.NewFromInt(100)})
	}

	// Complaints: valid ones lose B05; invalid ones change nothing.
	if c.Last != "" {
		s.complaint(c.Last, true, "客户投诉服务态度差，经核实有效")
	}
	if c.Complaint != "" {
		s.complaint(c.Complaint, true, "未按承诺时间回电，经核实有效")
	}
	for i := 0; i < 2 && len(plain) > 0; i++ {
		id := plain[r.IntN(len(plain))]
		s.complaint(id, false, "客户对政策不满，经核实非客服责任")
	}
	slices.SortStableFunc(s.complaints, func(a, b calc.Complaint) int { return a.Date.Compare(b.Date) })

	// A01 for two leaders, assessed by the 培训专员.
	var leaders []string
	for _, e := range s.emps {
		if slices.Contains(s.rules.LeaderRoles, e.Role) {
			leaders = append(leaders, e.ID)
		}
	}
	r.Shuffle(len(leaders), func(i, j int) { leaders[i], leaders[j] = leaders[j], leaders[i] })
	adj := []struct {
		pts    int64
		reason string
	}{{3, "带组成绩突出，组员质检均分全部门第一"}, {-2, "交接班记录多次不完整，督促不力"}}
	for i := 0; i < len(adj) && i < len(leaders); i++ {
		s.adjust = append(s.adjust, calc.Adjustment{ID: leaders[i], Points: decimal.NewFromInt(adj[i].pts), Reason: adj[i].reason, Assessor: s.trainer})
		c.Adjusted = append(c.Adjusted, leaders[i])
	}
	s.samplePolicy(plain)
}

func (s *sample) workdays() []time.Time {
	var ds []time.Time
	for d := s.first; !d.After(s.last); d = d.AddDate(0, 0, 1) {
		if s.rules.Workday(d) {
			ds = append(ds, d)
		}
	}
	return ds
}

// day picks a workday of the month when id is at work (not on leave or
// absent), not before from when possible.
func (s *sample) day(id string, from time.Time) time.Time {
	var ok, any []time.Time
	for _, d := range s.present[id] {
		if s.busy[id][d.Day()] {
			continue
		}
		any = append(any, d)
		if !d.Before(from) {
			ok = append(ok, d)
		}
	}
	switch {
	case len(ok) > 0:
		return ok[s.rng.IntN(len(ok))]
	case len(any) > 0:
		return any[s.rng.IntN(len(any))]
	}
	if len(s.present[id]) > 0 {
		return s.present[id][0]
	}
	return s.first
}

// sampleMark is a special attendance result kept until attendance() writes
// the rows.
type sampleMark struct {
	status string
	min    int
	show   bool
	note   string
}

// mark reserves a free day of id for a special attendance result.
func (s *sample) mark(id, status string, minutes int, show bool, note string) {
	var free []time.Time
	for _, d := range s.present[id] {
		if !s.busy[id][d.Day()] {
			free = append(free, d)
		}
	}
	if len(free) == 0 {
		return
	}
	d := free[s.rng.IntN(len(free))]
	s.busy[id][d.Day()] = true
	if s.marks == nil {
		s.marks = map[string]map[int]sampleMark{}
	}
	if s.marks[id] == nil {
		s.marks[id] = map[int]sampleMark{}
	}
	s.marks[id][d.Day()] = sampleMark{status, minutes, show, note}
}

func sampleClock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// attendance writes a row for every workday of every employee.
func (s *sample) attendance() {
	marks := s.marks
	sh := s.rules.DefaultShift
	r := s.rng
	for _, e := range s.emps {
		for _, d := range s.present[e.ID] {
			m, special := marks[e.ID][d.Day()]
			day := sampleDay{Day: calc.Day{ID: e.ID, Date: d, Status: "正常"}}
			in, out := sh.Start-1-r.IntN(25), sh.End+r.IntN(20)
			if special {
				day.Status, day.Note = m.status, m.note
			}
			switch day.Status {
			case "迟到":
				in = sh.Start + m.min
				day.Late, day.LateMin, day.showLate = true, m.min, m.show
			case "早退":
				out = sh.End - m.min
				day.Early, day.EarlyMin, day.showEarly = true, m.min, m.show
			case "缺卡":
				out = -1
				day.MissingPunches = 1
			case "旷工":
				in, out = -1, -1
				day.Absent = true
			case "事假", "病假", "年假":
				in, out = -1, -1
				day.Leave = day.Status
			}
			if in >= 0 {
				day.in = sampleClock(in)
			}
			if out >= 0 {
				day.out = sampleClock(out)
			}
			s.days = append(s.days, day)
		}
	}
}

// event logs an item for id on a day at work.
func (s *sample) event(id, item string, times, overdue int, comp, note string) {
	if id == "" {
		return
	}
	ev := calc.Event{ID: id, Name: s.byID[id].Name, Date: s.day(id, s.first), Item: item, Times: times, OverdueMin: overdue, Recorder: s.monitor, Note: note}
	if comp != "" {
		ev.Compensation = decimal.RequireFromString(comp)
		ev.Recorder = s.chief
	}
	s.events = append(s.events, ev)
}

// eventPts logs a range rule with its points.
func (s *sample) eventPts(id, item string, pts int64, note string) {
	if id == "" {
		return
	}
	s.event(id, item, 0, 0, "", note)
	s.events[len(s.events)-1].Points = decimal.NewNullDecimal(decimal.NewFromInt(pts))
}

func (s *sample) complaint(id string, valid bool, desc string) {
	s.complaints = append(s.complaints, calc.Complaint{ID: id, Date: s.day(id, s.first), Valid: valid, Desc: desc})
}

// calcMonth returns the generated month as calc would read it (Loc left empty).
func (s *sample) calcMonth() *calc.Month {
	m := &calc.Month{Year: s.year, Month: s.month, Employees: s.emps, Events: s.events, QA: s.qa, Exams: s.exams,
		Complaints: s.complaints, Adjustments: s.adjust, ComplaintsGiven: true,
		Leaves: s.leaves, LeaveGiven: true, ExamsGiven: true, SwapsGiven: true}
	for _, sw := range s.swaps {
		m.Swaps = append(m.Swaps, sw.Swap)
	}
	for _, d := range s.days {
		m.Days = append(m.Days, d.Day)
	}
	// The events carry their cells, as read from the files, so that an
	// appeal naming its 来源 finds them.
	m.Events = slices.Clone(s.events)
	for i := range m.Events {
		m.Events[i].Loc = s.eventLoc(i)
	}
	m.Appeals = s.sampleAppeals()
	return m
}

// Cell values of a sample sheet besides string, int and nil.
type (
	xDate  time.Time       // Excel date, yyyy-mm-dd
	xTime  int             // Excel time of day, minutes after midnight
	xMoney decimal.Decimal // number with 2 decimals
	xID    string          // text kept as text (工号, 考勤号)
)

// sampleSheet is one sheet of a sample workbook.
type sampleSheet struct {
	name, title, subtitle string
	headers               []string
	widths                []float64
	rows                  [][]any
	lines                 []string // a sheet of text lines (说明) instead of a table
	// count and at give the rows lazily instead of rows (large sheets).
	count int
	at    func(i int) []any
	// blankRow adds an empty row under the header (DingTalk's second
	// header row).
	blankRow bool
}

// size is the number of data rows.
func (sh *sampleSheet) size() int {
	if sh.at != nil {
		return sh.count
	}
	return len(sh.rows)
}

// row returns data row i.
func (sh *sampleSheet) row(i int) []any {
	if sh.at != nil {
		return sh.at(i)
	}
	return sh.rows[i]
}

// sampleBook is one sample workbook.
type sampleBook struct {
	file, title, created string
	sheets               []sampleSheet
	stream               bool                  // write with StreamWriter
	csv                  func(io.Writer) error // a CSV file instead of a workbook
}

func (s *sample) ym() string { return fmt.Sprintf("%d-%02d", s.year, int(s.month)) }

func (s *sample) title(what string) string {
	return fmt.Sprintf("%s%d年%d月%s", sampleDept, s.year, int(s.month), what)
}

func sampleDateOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return xDate(t)
}

func sampleNull(v decimal.NullDecimal) any {
	if !v.Valid {
		return nil
	}
	return int(v.Decimal.IntPart())
}

// books lays out the month as HR's workbooks.
func (s *sample) books() []sampleBook {
	ym := s.ym()
	created := s.first.Format("2006-01-02") + "T09:00:00Z"
	book := func(file, title string, sh ...sampleSheet) sampleBook {
		return sampleBook{file: file, title: title, created: created, sheets: sh}
	}
	name := func(id string) string { return s.byID[id].Name }

	roster := sampleSheet{name: "花名册", title: fmt.Sprintf("%s员工花名册（截至%d年%d月）", sampleDept, s.year, int(s.month)),
		headers: []string{"序号", "工号", "姓名", "部门", "班组", "岗位", "入职日期", "上岗日期", "转正日期", "离职日期", "离职类型", "月基本工资", "考勤号"},
		widths:  []float64{6, 10, 10, 8, 8, 10, 12, 12, 12, 12, 10, 12, 8}}
	for i, e := range s.emps {
		var lt any
		if e.LeftType != "" {
			lt = e.LeftType
		}
		roster.rows = append(roster.rows, []any{i + 1, xID(e.ID), e.Name, e.Dept, e.Team, e.Role, xDate(e.Hired), sampleDateOrNil(e.OnDuty),
			sampleDateOrNil(e.Regular), sampleDateOrNil(e.Left), lt, xMoney(e.Salary.Decimal), xID(e.ClockID)})
	}

	att := sampleSheet{name: "考勤明细", title: s.title("考勤明细"),
		subtitle: fmt.Sprintf("统计周期：%s 至 %s    制表：%s", s.first.Format("2006-01-02"), s.last.Format("2006-01-02"), s.monitor),
		headers:  []string{"工号", "姓名", "日期", "班次", "应上班时间", "应下班时间", "上班打卡", "下班打卡", "考勤结果", "迟到分钟", "早退分钟", "备注"},
		widths:   []float64{10, 10, 12, 8, 11, 11, 10, 10, 10, 10, 10, 24}}
	sh := s.rules.DefaultShift
	att.count = len(s.days)
	att.at = func(i int) []any {
		d := s.days[i]
		row := []any{xID(d.ID), name(d.ID), xDate(d.Date), sh.Name, xTime(sh.Start), xTime(sh.End), nil, nil, d.Status, nil, nil, nil}
		if d.in != "" {
			row[6] = d.in
		}
		if d.out != "" {
			row[7] = d.out
		}
		if d.showLate {
			row[9] = d.LateMin
		}
		if d.showEarly {
			row[10] = d.EarlyMin
		}
		if d.Note != "" {
			row[11] = d.Note
		}
		return row
	}

	qa := sampleSheet{name: "质检评分", title: s.title("服务质量综合考评表"),
		headers: []string{"日期", "工号", "姓名", "质检员"}, widths: []float64{12, 10, 10, 10}}
	for _, it := range s.rules.QAItems {
		qa.headers = append(qa.headers, it.Name)
		qa.widths = append(qa.widths, 10)
	}
	qa.headers = append(qa.headers, "总分", "差错次数", "差错扣分", "备注")
	qa.widths = append(qa.widths, 8, 9, 9, 16)
	for _, q := range s.qa {
		row := []any{xDate(q.Date), xID(q.ID), name(q.ID), q.Inspector}
		for _, v := range q.Items {
			row = append(row, sampleNull(v))
		}
		row = append(row, sampleNull(q.Total), q.Errors, sampleNull(q.ErrorPoints), nil)
		if q.Note != "" {
			row[len(row)-1] = q.Note
		}
		qa.rows = append(qa.rows, row)
	}

	ev := sampleSheet{name: "奖惩记录", title: s.title("奖惩记录"),
		headers: []string{"日期", "工号", "姓名", "项目", "次数", "分值", "超时分钟", "赔偿金额", "记录人", "说明", "离岗分钟"},
		widths:  []float64{12, 10, 10, 24, 6, 6, 9, 10, 10, 32, 9}}
	for _, e := range s.events {
		row := []any{xDate(e.Date), xID(e.ID), e.Name, e.Item, nil, sampleNull(e.Points), nil, nil, e.Recorder, nil, nil}
		if e.Times > 0 {
			row[4] = e.Times
		}
		if e.OverdueMin > 0 {
			row[6] = e.OverdueMin
		}
		if !e.Compensation.IsZero() {
			row[7] = xMoney(e.Compensation)
		}
		if e.Note != "" {
			row[9] = e.Note
		}
		if e.AwayMin > 0 {
			row[10] = e.AwayMin // added with issue 14, after the older columns
		}
		ev.rows = append(ev.rows, row)
	}
	help := sampleSheet{name: "说明", lines: []string{
		"填写说明",
		"1. 项目可填写规则编号（如 L04）、完整的项目名称，或只属于一条规则的部分名称（如“未使用普通话”）。",
		"2. 分值只在有分值范围的规则（如 L04 2–5分、L08 2–5分、L09 1–2分）时填写。",
		"3. 突发事件填写超时分钟：1–10分钟 L13，11–30分钟 M08，30分钟以上 S06。",
		"4. 赔偿金额只用于 S04（私自拆卸公司设备带出公司）。",
		"5. 迟到早退、旷工由考勤自动计算，质检差错由服务质量综合考评表自动计算，考试由考试成绩自动计算；B05 由投诉记录自动计算，不要在本表填写。",
	}}

	exams := sampleSheet{name: "考试成绩", title: s.title("业务考试成绩"),
		headers: []string{"工号", "姓名", "考试日期", "成绩", "满分"}, widths: []float64{10, 10, 12, 8, 8}}
	for _, x := range s.exams {
		exams.rows = append(exams.rows, []any{xID(x.ID), name(x.ID), xDate(x.Date), int(x.Score.IntPart()), int(x.Full.IntPart())})
	}

	comp := sampleSheet{name: "投诉记录", title: s.title("客户投诉记录"),
		headers: []string{"日期", "工号", "姓名", "是否有效", "描述"}, widths: []float64{12, 10, 10, 10, 36}}
	for _, x := range s.complaints {
		v := "否"
		if x.Valid {
			v = "是"
		}
		comp.rows = append(comp.rows, []any{xDate(x.Date), xID(x.ID), name(x.ID), v, x.Desc})
	}

	adj := sampleSheet{name: "额外奖惩", title: s.title("组长、班长额外奖惩"),
		headers: []string{"工号", "姓名", "分值", "理由", "评定人"}, widths: []float64{10, 10, 8, 40, 10}}
	for _, a := range s.adjust {
		adj.rows = append(adj.rows, []any{xID(a.ID), name(a.ID), int(a.Points.IntPart()), a.Reason, a.Assessor})
	}

	attBook := book("考勤明细_"+ym+".xlsx", s.title("考勤明细"), att)
	switch s.layout {
	case "punches":
		attBook = s.punchBook()
	case "dingtalk":
		attBook = s.dingTalkBook()
	}
	books := []sampleBook{
		book("花名册.xlsx", sampleDept+"员工花名册", roster),
		attBook,
		book("服务质量综合考评表_"+ym+".xlsx", s.title("服务质量综合考评表"), qa),
		book("奖惩记录_"+ym+".xlsx", s.title("奖惩记录"), ev, help),
		book("考试成绩_"+ym+".xlsx", s.title("业务考试成绩"), exams),
		book("投诉记录_"+ym+".xlsx", s.title("客户投诉记录"), comp),
		book("额外奖惩_"+ym+".xlsx", s.title("组长、班长额外奖惩"), adj),
	}
	books = append(books, s.policyBooks(book)...)
	for i := range books {
		books[i].stream = books[i].stream || s.stream
	}
	return books
}

// sampleEpoch is day 0 of the 1900 date system as Excel counts after 1900-03-01.
var sampleEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// sampleBorder is the grey box around the table cells (the colour sheets'
// writers use too; samples does not import sheets, so that the tests of
// sheets can generate months with WriteSample).
var sampleBorder = []excelize.Border{
	{Type: "left", Color: "A6A6A6", Style: 1},
	{Type: "right", Color: "A6A6A6", Style: 1},
	{Type: "top", Color: "A6A6A6", Style: 1},
	{Type: "bottom", Color: "A6A6A6", Style: 1},
}

// sampleStyles are the cell styles of a sample workbook.
type sampleStyles struct {
	title, subtitle, header, text, id, date, time, money, num int
}

func newSampleStyles(f *excelize.File) (*sampleStyles, error) {
	border := sampleBorder
	font := &excelize.Font{Family: "宋体", Size: 11}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	fmtDate, fmtTime, fmtMoney := "yyyy-mm-dd", "hh:mm", "#,##0.00"
	specs := []*excelize.Style{
		{Font: &excelize.Font{Family: "黑体", Size: 16, Bold: true}, Alignment: center},
		{Font: &excelize.Font{Family: "宋体", Size: 10, Color: "595959"}, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}},
		{Font: &excelize.Font{Family: "宋体", Size: 11, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: border},
		{Font: font, Border: border, Alignment: &excelize.Alignment{Vertical: "center"}},
		{Font: font, Border: border, NumFmt: 49, Alignment: center},
		{Font: font, Border: border, CustomNumFmt: &fmtDate, Alignment: center},
		{Font: font, Border: border, CustomNumFmt: &fmtTime, Alignment: center},
		{Font: font, Border: border, CustomNumFmt: &fmtMoney},
		{Font: font, Border: border, Alignment: center},
	}
	ids := make([]int, len(specs))
	for i, sp := range specs {
		id, err := f.NewStyle(sp)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return &sampleStyles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8]}, nil
}

// save writes the workbook to path with fixed document properties.
func (b sampleBook) save(path string) (err error) {
	if b.csv != nil {
		return saveSampleCSV(path, b.csv)
	}
	f := excelize.NewFile()
	defer func() { err = errors.Join(err, f.Close()) }()
	st, err := newSampleStyles(f)
	if err != nil {
		return err
	}
	for i, sh := range b.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		// Large months stream their rows (to a temporary file instead of
		// the cell model), so that 20,000 agents take seconds.
		write := writeSampleSheet
		if b.stream && sh.lines == nil {
			write = streamSampleSheet
		}
		if err := write(f, st, sh); err != nil {
			return fmt.Errorf("%s：%w", sh.name, err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: b.title, Creator: sampleDept, LastModifiedBy: sampleDept, Created: b.created, Modified: b.created,
		Description: "appraise sample 生成的示例数据", Language: "zh-CN",
	}); err != nil {
		return err
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	if _, err := f.WriteTo(bw); err != nil {
		return errors.Join(err, out.Close())
	}
	return errors.Join(bw.Flush(), out.Close())
}

func writeSampleSheet(f *excelize.File, st *sampleStyles, sh sampleSheet) error {
	name := sh.name
	if sh.lines != nil {
		for i, l := range sh.lines {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetCellStr(name, cell, l); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(name, "A", "A", 100); err != nil {
			return err
		}
		// excelize keeps "A1" as the dimension; declare the real range for
		// readers that trust it.
		return f.SetSheetDimension(name, fmt.Sprintf("A1:A%d", max(len(sh.lines), 1)))
	}
	ncol := len(sh.headers)
	lastCol, _ := excelize.ColumnNumberToName(ncol)
	row := 1
	for _, t := range sh.titleRows(st) {
		if t.text == "" {
			continue
		}
		a, b := fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", lastCol, row)
		if err := errors.Join(f.SetCellStr(name, a, t.text), f.MergeCell(name, a, b),
			f.SetCellStyle(name, a, b, t.style), f.SetRowHeight(name, row, t.height)); err != nil {
			return err
		}
		row++
	}
	hdr := row
	for i, h := range sh.headers {
		cell, _ := excelize.CoordinatesToCellName(i+1, hdr)
		if err := f.SetCellStr(name, cell, h); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, sh.widths[i]); err != nil {
			return err
		}
	}
	if err := errors.Join(f.SetCellStyle(name, fmt.Sprintf("A%d", hdr), fmt.Sprintf("%s%d", lastCol, hdr), st.header),
		f.SetRowHeight(name, hdr, 22)); err != nil {
		return err
	}
	for i := range sh.size() {
		vals := sh.row(i)
		r := hdr + 1 + i
		for j, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(j+1, r)
			var err error
			style := st.text
			switch v := v.(type) {
			case nil:
			case string:
				err = f.SetCellStr(name, cell, v)
			case xID:
				err, style = f.SetCellStr(name, cell, string(v)), st.id
			case int:
				err, style = f.SetCellInt(name, cell, int64(v)), st.num
			case xDate:
				days := int64(time.Time(v).Sub(sampleEpoch).Hours() / 24)
				err, style = f.SetCellInt(name, cell, days), st.date
			case xTime:
				err, style = f.SetCellFloat(name, cell, float64(v)/1440, -1, 64), st.time
			case xMoney:
				fl, _ := decimal.Decimal(v).Float64()
				err, style = f.SetCellFloat(name, cell, fl, 2, 64), st.money
			default:
				err = fmt.Errorf("内部错误：示例数据中有不支持的值类型 %T", v)
			}
			if err == nil {
				err = f.SetCellStyle(name, cell, cell, style)
			}
			if err != nil {
				return err
			}
		}
	}
	if err := f.SetSheetDimension(name, fmt.Sprintf("A1:%s%d", lastCol, hdr+sh.size())); err != nil {
		return err
	}
	return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: hdr, TopLeftCell: fmt.Sprintf("A%d", hdr+1), ActivePane: "bottomLeft"})
}
