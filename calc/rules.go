package calc

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Codes of the rules the engine derives itself.
const (
	codeB01 = "B01" // first in workload and quality (D12)
	codeB02 = "B02" // full marks in an exam (D10)
	codeB05 = "B05" // zero valid complaints (D11)
	codeL04 = "L04" // late or early (D6)
	codeL07 = "L07" // leaving the post (D37)
	codeL14 = "L14" // QA errors (D9)
	codeM07 = "M07" // failed exam (D10)
	codeS01 = "S01" // absence (D7)
	codeS04 = "S04" // equipment taken out, compensation (D16)
	codeS05 = "S05" // too many violations (D5)
	codeA01 = "A01" // discretionary adjustment
)

func d(v int64) decimal.Decimal { return decimal.NewFromInt(v) }

func rule(code string, c Category, name string, lo, hi int64, perMonth bool, note string) Rule {
	return Rule{Code: code, Category: c, Name: name, Min: d(lo), Max: d(hi), PerMonth: perMonth, Note: note}
}

// DefaultRules returns the department's policy (客服管理制度) as data.
func DefaultRules() *Rules {
	cat := []Rule{
		rule("B01", Bonus, "当月工作量、质量为全客服之首，并且无违规事件", 5, 5, true, "提供工作量表时自动计算"),
		rule("B02", Bonus, "客服考试分数为满分", 5, 5, false, "由考试成绩自动计算"),
		rule("B03", Bonus, "突发情况或者活动期间在人手不够的情况下，能随叫随到来公司主动顶班", 5, 5, false, ""),
		rule("B04", Bonus, "在完成本职工作情况下，能够完成上级提出的额外工作", 5, 5, false, ""),
		rule("B05", Bonus, "当月有效投诉率为零", 5, 5, true, "提供投诉记录时自动计算"),
		rule("B06", Bonus, "对于整个客服团队的管理，能够提出合理化建议。经试行后效果理想的", 5, 5, false, ""),

		rule("L01", Light, "工作时间未使用普通话", 2, 2, false, ""),
		rule("L02", Light, "交接班后本人办公桌面凌乱", 2, 2, false, ""),
		rule("L03", Light, "当班值日人员下班后未完成打扫卫生工作", 2, 2, false, ""),
		rule("L04", Light, "迟到早退", 2, 5, false, "按分钟分档：1–5分钟2分，6–10分钟3分，11–15分钟4分，16分钟以上5分"),
		rule("L05", Light, "未能认真记录填写交接班记录及相关表单", 5, 5, false, ""),
		rule("L06", Light, "当班时间未能及时回复顾客申诉，回复申诉不耐心，不友好", 5, 5, false, ""),
		rule("L07", Light, "当班时间离开工作岗位超过5分钟，未告知上级", 5, 5, false, ""),
		rule("L08", Light, "未能及时有效的执行客服的工作", 2, 5, false, ""),
		rule("L09", Light, "上班时间谈论与本职工作无关的事情", 1, 2, false, ""),
		rule("L10", Light, "在办公区域大声喧哗，影响他人工作", 2, 2, false, ""),
		rule("L11", Light, "在办公区域抽烟或就餐或吃膨化食品、瓜子等", 5, 5, false, ""),
		rule("L12", Light, "客服信息录入错误", 2, 2, false, ""),
		rule("L13", Light, "未在流程控制时间内处理突发事件，超过1~10分钟", 5, 5, false, ""),
		rule("L14", Light, "主管随机抽查得分", 2, 5, false, "每个差错扣分，由质检表自动计算"),

		rule("M01", Medium, "工作时间内观看在线播放电影、玩游戏", 10, 10, false, ""),
		rule("M02", Medium, "表单数据记录与实际工作量严重不符，虚报工作量", 10, 10, false, ""),
		rule("M03", Medium, "当班时间异常情况未能及时反映，或者知情不报", 10, 10, false, ""),
		rule("M04", Medium, "未经主管批准，私自在工作机器中下载、安装软件", 10, 10, false, ""),
		rule("M05", Medium, "私自跳过未处理的问题或其他工作记录", 10, 10, false, ""),
		rule("M06", Medium, "未请假缺席部门例会", 10, 10, false, ""),
		rule("M07", Medium, "客服考试，得分在60以下", 10, 10, false, "由考试成绩自动计算"),
		rule("M08", Medium, "未在流程控制时间内处理突发事件，超过11~30分钟", 10, 10, false, ""),

		rule("S01", Severe, "旷工", 20, 20, false, "每旷工一天计一次"),
		rule("S02", Severe, "当班时间与客户发生口角争执或冲突（有效投诉）", 20, 20, false, ""),
		rule("S03", Severe, "将非公司人员带入工作区域", 20, 20, false, ""),
		rule("S04", Severe, "未经允许私自拆卸公司的设备带出公司", 20, 20, false, "照价赔偿"),
		rule("S05", Severe, "当月未良好履行客服人员的工作职责", 20, 20, true, "当月中度违规2次或轻度违规4次以上，自动追加"),
		rule("S06", Severe, "未在流程控制时间内处理突发事件，超过30分钟以上", 20, 20, false, ""),

		rule("X01", Dismissal, "工作时间内睡觉", 0, 0, false, "直接辞退"),
		rule("X02", Dismissal, "工作时间内将客服电话挂起，导致用户无法打入电话", 0, 0, false, "直接辞退"),
		rule("X03", Dismissal, "拉帮结派，搞小团体，破坏团队健康发展，影响其他员工工作情绪", 0, 0, false, "直接辞退"),
		rule("X04", Dismissal, "利用职权徇私舞弊", 0, 0, false, "直接辞退并追究责任"),

		rule("A01", Discretionary, "额外奖惩", -5, 5, true, "培训专员对组长、班长的额外奖惩，须写明理由，每月至多一次"),
	}
	qa := []QAItem{}
	for _, n := range []string{"服务用语", "服务态度", "语气语调", "需求归纳能力", "应变能力"} {
		qa = append(qa, QAItem{Name: n, Max: d(20)})
	}
	return &Rules{
		Catalogue: cat,
		Base:      d(80), Cap: d(110), Floor: d(0),
		Grades: []GradeBand{
			{Grade: "A", Min: d(90), Exclusive: true},
			{Grade: "B", Min: d(80)},
			{Grade: "C", Min: d(70)},
			{Grade: "D", Min: d(65)},
			{Grade: "E", Min: d(60)},
		},
		FailGrade:    "不合格",
		YuanPerPoint: d(10),
		FloatMax:     d(300),
		FloatFrom:    3,
		HireCutoff:   0,
		DismissBelow: d(60),
		LastBelow:    d(70),
		S05Light:     4,
		S05Medium:    2,
		LateTiers: []Tier{
			{From: 1, To: 5, Points: d(2)},
			{From: 6, To: 10, Points: d(3)},
			{From: 11, To: 15, Points: d(4)},
			{From: 16, To: 0, Points: d(5)},
		},
		LateMarkMin: 20,
		IncidentTiers: []Tier{
			{From: 1, To: 10, Code: "L13"},
			{From: 11, To: 30, Code: "M08"},
			{From: 31, To: 0, Code: "S06"},
		},
		QAItems:         qa,
		Indicators:      DefaultIndicators(),
		QAErrorDefault:  d(2),
		QAErrorMin:      d(2),
		QAErrorMax:      d(5),
		QAMinRows:       1,
		ExamFailRatio:   decimal.RequireFromString("0.6"),
		LeaderRoles:     []string{"组长", "班长"},
		QARoles:         []string{"业务代表"},
		Roles:           []string{"业务代表", "组长", "班长", "质检员", "培训专员", "主管", "主任"},
		AdjustMin:       d(-5),
		AdjustMax:       d(5),
		CompRatio:       decimal.RequireFromString("0.2"),
		MaxShiftMin:     480,
		BreakMin:        60,
		ProbationMonths: 6,
		BackupKeep:      10,
		AppealDays:      7,
		IncidentWords:   []string{"突发事件"},
		ExitTypes:       []string{"主动辞职", "辞退", "试用期内辞职", "合同到期", "协商解除", "其他"},
		ResignTypes:     []string{"主动辞职", "辞职", "试用期内辞职"},
		LeaveWords: []string{"事假", "病假", "年假", "婚假", "丧假", "调休", "产假", "陪产假", "护理假", "哺乳假",
			"探亲假", "工伤假", "产检假", "公假", "育儿假", "请假"},
		DefaultShift:  Shift{Name: "白班", Start: 9 * 60, End: 18 * 60},
		Inputs:        DefaultInputs(),
		CoverageRatio: DefaultCoverage,

		ManagerRoles:     []string{"主管", "主任", "客服部主任", "客服中心主任"},
		LeaveAheadDays:   d(1),
		SickProofDays:    d(1),
		NightFrom:        18 * 60,
		NightAskBy:       12 * 60,
		HolidayAheadDays: d(2),
		ApproveDays:      d(1),
		DayApprovers:     []string{"主任", "客服部主任", "客服中心主任"},
		LongApprovers:    []string{"客服中心主任"},
		LeaveDayHours:    d(8),
		SwapMax:          2,
		AwayMarkMin:      20,
		QAMaxRows:        5,
		ArriveLeadMin:    10,
		Symbols: map[string]string{
			"√": "正常", "✓": "正常", "迟": "迟到", "早": "早退", "旷": "旷工",
			"事": "事假", "病": "病假", "休": "休息", "年": "年假", "调": "调休",
			"差": "出差", "婚": "婚假", "丧": "丧假", "缺": "缺卡",
		},
	}
}

// Rule returns the rule with the given code (exact match).
func (r *Rules) Rule(code string) (Rule, bool) {
	for _, x := range r.Catalogue {
		if x.Code == code {
			return x, true
		}
	}
	return Rule{}, false
}

// norm folds full-width ASCII to half-width and trims spaces, so that
// "Ｌ０４" and "L04" or "（" and "(" compare equal.
func norm(s string) string {
	s = strings.Map(func(c rune) rune {
		switch {
		case c == '\u3000':
			return ' '
		case c >= '\uFF01' && c <= '\uFF5E':
			return c - 0xFEE0
		}
		return c
	}, s)
	return strings.TrimSpace(s)
}

// Lookup resolves what a user wrote in 项目: a rule code (any case), a whole
// rule name, a part of a name that only one rule contains, or a code
// followed by (part of) its name ("L04 迟到早退"). The error, in Chinese,
// says whether the item is unknown or ambiguous and lists candidates.
func (r *Rules) Lookup(item string) (Rule, error) {
	it := norm(item)
	if it == "" {
		return Rule{}, fmt.Errorf("项目为空")
	}
	for _, x := range r.Catalogue {
		if strings.EqualFold(it, norm(x.Code)) {
			return x, nil
		}
	}
	for _, x := range r.Catalogue {
		if it == norm(x.Name) {
			return x, nil
		}
	}
	// A code followed by (part of) its name.
	for _, x := range r.Catalogue {
		c := norm(x.Code)
		if c == "" || len(it) <= len(c) || !strings.EqualFold(it[:len(c)], c) {
			continue
		}
		rest := strings.Trim(it[len(c):], " \t-_:.、，,：")
		if rest != "" && strings.Contains(norm(x.Name), rest) {
			return x, nil
		}
	}
	var hits []Rule
	for _, x := range r.Catalogue {
		if affirmed(norm(x.Name), it) {
			hits = append(hits, x)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		if c := r.similar(it); len(c) > 0 {
			return Rule{}, fmt.Errorf("未知项目「%s」，可能是：%s", item, listRules(c))
		}
		return Rule{}, fmt.Errorf("未知项目「%s」：既不是规则编号，也不是任何规则名称的一部分", item)
	}
	return Rule{}, fmt.Errorf("项目「%s」不唯一，符合的规则有：%s；请填写规则编号", item, listRules(hits))
}

// affirmed reports whether part occurs in name other than right after a
// negation: 「违规」 must not pick B01 「…并且无违规事件」, whose name only
// denies it. A part of a single character matches nothing.
func affirmed(name, part string) bool {
	if utf8.RuneCountInString(part) < 2 {
		return false
	}
	for i := 0; ; {
		j := strings.Index(name[i:], part)
		if j < 0 {
			return false
		}
		j += i
		prev, _ := utf8.DecodeLastRuneInString(name[:j])
		if j == 0 || !strings.ContainsRune("无未不非没", prev) {
			return true
		}
		i = j + len(part)
	}
}

// similar returns up to 3 rules whose names share the most two-character
// pieces with s.
func (r *Rules) similar(s string) []Rule {
	rs := []rune(s)
	type cand struct {
		r Rule
		n int
	}
	var cs []cand
	for _, x := range r.Catalogue {
		name, n := norm(x.Name), 0
		for i := 0; i+1 < len(rs); i++ {
			if strings.Contains(name, string(rs[i:i+2])) {
				n++
			}
		}
		if n > 0 {
			cs = append(cs, cand{x, n})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].n > cs[j].n })
	var out []Rule
	for i := 0; i < len(cs) && i < 3; i++ {
		out = append(out, cs[i].r)
	}
	return out
}

func listRules(rs []Rule) string {
	s := make([]string, len(rs))
	for i, x := range rs {
		s[i] = x.Code + " " + x.Name
	}
	return strings.Join(s, "、")
}

// family returns the incident rules (the codes of IncidentTiers).
func (r *Rules) family(code string) bool {
	for _, t := range r.IncidentTiers {
		if t.Code == code {
			return true
		}
	}
	return false
}

// KnownRoles returns every 岗位 the rules name: Roles, then the leader and
// QA roles not already among them. The roster reader and the roster
// template's drop-down both use it, so a role added to any of the lists is
// accepted and offered alike.
func (r *Rules) KnownRoles() []string { return joinLists(r.roleLists()...) }

// KnownRole reports whether role is one of KnownRoles.
func (r *Rules) KnownRole(role string) bool { return inLists(role, r.roleLists()...) }

func (r *Rules) roleLists() [][]string { return [][]string{r.Roles, r.LeaderRoles, r.QARoles} }

// KnownExitTypes returns ExitTypes followed by the resignation types not
// among them.
func (r *Rules) KnownExitTypes() []string { return joinLists(r.exitLists()...) }

// KnownExitType reports whether t is one of KnownExitTypes.
func (r *Rules) KnownExitType(t string) bool { return inLists(t, r.exitLists()...) }

func (r *Rules) exitLists() [][]string { return [][]string{r.ExitTypes, r.ResignTypes} }

// joinLists is the first list followed by the words of the others not
// already in it.
func joinLists(lists ...[]string) []string {
	out := slices.Clone(lists[0])
	for _, l := range lists[1:] {
		for _, x := range l {
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

// inLists reports whether x is in one of the lists (as in joinLists'
// result, without building it).
func inLists(x string, lists ...[]string) bool {
	for _, l := range lists {
		if slices.Contains(l, x) {
			return true
		}
	}
	return false
}

// Leader reports whether a role may get A01.
func (r *Rules) Leader(role string) bool { return slices.Contains(r.LeaderRoles, norm(role)) }

// QARole reports whether the QA coverage check applies to a role (D9).
func (r *Rules) QARole(role string) bool { return slices.Contains(r.QARoles, norm(role)) }

// Resigned reports whether a 离职类型 is a resignation (D15).
func (r *Rules) Resigned(exit string) bool { return slices.Contains(r.ResignTypes, norm(exit)) }

// LeaveWord reports whether a 考勤结果 word is a day of leave.
func (r *Rules) LeaveWord(w string) bool { return slices.Contains(r.LeaveWords, norm(w)) }

// Workday reports whether d is a working day: Monday to Friday unless it is
// in Holidays; a weekend day listed in Workdays works.
func (r *Rules) Workday(t time.Time) bool {
	for _, h := range r.Holidays {
		if sameDay(h, t) {
			return false
		}
	}
	for _, w := range r.Workdays {
		if sameDay(w, t) {
			return true
		}
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// Hash returns the hex SHA-256 of a canonical text form of the rules: the
// same rules always give the same hash. Lists whose order carries no meaning
// (catalogue, grades, tiers, leader roles, calendar) are sorted first; the QA
// items keep their order, which the QA form follows.
func (r *Rules) Hash() string {
	c := *r
	c.Catalogue = slices.Clone(r.Catalogue)
	sort.SliceStable(c.Catalogue, func(i, j int) bool { return c.Catalogue[i].Code < c.Catalogue[j].Code })
	c.Grades = slices.Clone(r.Grades)
	sort.SliceStable(c.Grades, func(i, j int) bool { return c.Grades[i].Min.GreaterThan(c.Grades[j].Min) })
	c.LateTiers = slices.Clone(r.LateTiers)
	sort.SliceStable(c.LateTiers, func(i, j int) bool { return c.LateTiers[i].From < c.LateTiers[j].From })
	c.IncidentTiers = slices.Clone(r.IncidentTiers)
	sort.SliceStable(c.IncidentTiers, func(i, j int) bool { return c.IncidentTiers[i].From < c.IncidentTiers[j].From })
	for _, l := range []*[]string{&c.LeaderRoles, &c.QARoles, &c.Roles, &c.IncidentWords, &c.ExitTypes, &c.ResignTypes, &c.LeaveWords,
		&c.ManagerRoles, &c.DayApprovers, &c.LongApprovers} {
		*l = slices.Clone(*l)
		sort.Strings(*l)
	}
	byDate := func(ts []time.Time) []time.Time {
		out := slices.Clone(ts)
		sort.SliceStable(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
		return out
	}
	c.Holidays, c.Workdays = byDate(r.Holidays), byDate(r.Workdays)
	return c.hash()
}

func (r *Rules) hash() string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	dec := func(x decimal.Decimal) string { return x.String() }
	for _, x := range r.Catalogue {
		w("rule %s %s %s %s %s %t %s", q(x.Code), q(string(x.Category)), q(x.Name), dec(x.Min), dec(x.Max), x.PerMonth, q(x.Note))
	}
	w("base %s cap %s floor %s", dec(r.Base), dec(r.Cap), dec(r.Floor))
	for _, g := range r.Grades {
		w("grade %s %s %t", q(g.Grade), dec(g.Min), g.Exclusive)
	}
	w("fail %s", q(r.FailGrade))
	w("pay %s %s %d %d", dec(r.YuanPerPoint), dec(r.FloatMax), r.FloatFrom, r.HireCutoff)
	w("flags %s %s", dec(r.DismissBelow), dec(r.LastBelow))
	w("s05 %d %d %t", r.S05Light, r.S05Medium, r.S05Distinct)
	for _, t := range r.LateTiers {
		w("late %d %d %s %s", t.From, t.To, dec(t.Points), q(t.Code))
	}
	w("latemark %d", r.LateMarkMin)
	for _, t := range r.IncidentTiers {
		w("incident %d %d %s %s", t.From, t.To, dec(t.Points), q(t.Code))
	}
	for _, it := range r.QAItems {
		w("qa %s %s", q(it.Name), dec(it.Max))
	}
	for _, x := range r.Indicators {
		w("indicator %s %s", q(x.Name), dec(x.Weight))
	}
	w("qaerr %s %s %s %d", dec(r.QAErrorDefault), dec(r.QAErrorMin), dec(r.QAErrorMax), r.QAMinRows)
	w("exam %s", dec(r.ExamFailRatio))
	for _, l := range r.LeaderRoles {
		w("leader %s", q(l))
	}
	for _, l := range []struct {
		name  string
		words []string
	}{{"qarole", r.QARoles}, {"role", r.Roles}, {"incidentword", r.IncidentWords}, {"exit", r.ExitTypes}, {"resign", r.ResignTypes}, {"leave", r.LeaveWords},
		{"manager", r.ManagerRoles}, {"dayapprover", r.DayApprovers}, {"longapprover", r.LongApprovers}} {
		for _, x := range l.words {
			w("%s %s", l.name, q(x))
		}
	}
	w("adjust %s %s comp %s shift %d", dec(r.AdjustMin), dec(r.AdjustMax), dec(r.CompRatio), r.MaxShiftMin)
	w("break %d probation %d", r.BreakMin, r.ProbationMonths)
	w("appeal %d", r.AppealDays)
	w("defaultshift %s %d %d", q(r.DefaultShift.Name), r.DefaultShift.Start, r.DefaultShift.End)
	w("leaverules %s %s %d %d %s %s %s", dec(r.LeaveAheadDays), dec(r.SickProofDays), r.NightFrom, r.NightAskBy, dec(r.HolidayAheadDays), dec(r.ApproveDays), dec(r.LeaveDayHours))
	w("swap %d away %d qamax %d arrive %d", r.SwapMax, r.AwayMarkMin, r.QAMaxRows, r.ArriveLeadMin)
	for _, h := range r.Holidays {
		w("holiday %s", h.Format("2006-01-02"))
	}
	for _, h := range r.Workdays {
		w("workday %s", h.Format("2006-01-02"))
	}
	r.hashInputs(w)
	keys := make([]string, 0, len(r.Symbols))
	for k := range r.Symbols {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w("symbol %s %s", q(k), q(r.Symbols[k]))
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}
