package samples

import (
	"appraise/calc"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

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
