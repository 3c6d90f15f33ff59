package calc

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
)

// engineCodes are the rules Appraise derives events for.
var engineCodes = []string{codeB01, codeB02, codeB05, codeL04, codeL14, codeM07, codeS01, codeS04, codeS05, codeA01}

// The sheets of the rules workbook, as Check locates its problems.
const (
	SheetCatalogue = "规则"
	SheetTiers     = "分档"
	SheetGrades    = "等级"
	SheetParams    = "参数"
	SheetQA        = "质检项目"
	SheetSymbols   = "考勤符号"
	SheetInputs    = "输入清单"
)

// RuleAt locates a problem of Rules.Check in the rules workbook, as data.
type RuleAt struct {
	Sheet string // SheetCatalogue … SheetInputs
	// Key names the entry: a rule code, the kind of a tier (迟到早退,
	// 突发事件), a grade, a QA item, a symbol, an input; "" when the problem
	// is about the sheet or a setting.
	Key string
	// Item is the 1-based position of the entry in its list of the Rules
	// (Catalogue, LateTiers or IncidentTiers, Grades, QAItems, Inputs); 0
	// when the problem is not about one entry of a list.
	Item int
	// Field is the column concerned (代码, 最低分, 起始分钟 …), or on 参数 the
	// setting (the first one when the problem names several); "" for a
	// whole entry or sheet.
	Field string
}

// RuleProblem is a problem of Rules.Check with its place in the rules.
// Problem.Loc holds At.Sheet; the caller completes it with the file (and
// a cell, when it knows the row of the entry).
type RuleProblem struct {
	Problem
	At RuleAt
}

// Check validates a Rules value and returns every problem found, each
// located in the rules workbook by sheet, entry and column (RuleAt).
func (r *Rules) Check() []RuleProblem {
	var ps []RuleProblem
	add := func(l Level, at RuleAt, msg, hint string) {
		ps = append(ps, RuleProblem{Problem: Problem{Level: l, Loc: Loc{Sheet: at.Sheet}, Msg: msg, Hint: hint}, At: at})
	}
	bad := func(at RuleAt, msg, hint string) { add(Error, at, msg, hint) }
	warn := func(at RuleAt, msg, hint string) { add(Warning, at, msg, hint) }
	param := func(name string) RuleAt { return RuleAt{Sheet: SheetParams, Field: name} }

	cats := map[Category]bool{Bonus: true, Light: true, Medium: true, Severe: true, Dismissal: true, Discretionary: true}
	codes := map[string]bool{}
	names := map[string]string{}
	for i, x := range r.Catalogue {
		at := func(field string) RuleAt {
			return RuleAt{Sheet: SheetCatalogue, Key: x.Code, Item: i + 1, Field: field}
		}
		switch {
		case x.Code == "":
			bad(at("代码"), fmt.Sprintf("第%d条规则缺少编号", i+1), "为每条规则填写唯一的编号，如 L04")
		case codes[x.Code]:
			bad(at("代码"), fmt.Sprintf("规则编号 %s 重复", x.Code), "每个编号只能出现一次")
		}
		codes[x.Code] = true
		if x.Name == "" {
			bad(at("项目"), fmt.Sprintf("规则 %s 缺少项目名称", x.Code), "填写制度中的项目名称")
		} else if c, dup := names[x.Name]; dup {
			warn(at("项目"), fmt.Sprintf("规则 %s 与 %s 的项目名称相同", x.Code, c), "名称相同时奖惩记录只能用编号引用")
		} else {
			names[x.Name] = x.Code
		}
		if !cats[x.Category] {
			bad(at("类别"), fmt.Sprintf("规则 %s 的类别「%s」未知", x.Code, x.Category), "类别应为 加分、轻度违规、中度违规、重度违规、直接辞退 或 额外奖惩")
		}
		if x.Min.GreaterThan(x.Max) {
			bad(at("最低分"), fmt.Sprintf("规则 %s 的最低分 %s 大于最高分 %s", x.Code, x.Min, x.Max), "交换最低分与最高分")
		}
		if x.Category != Discretionary && x.Min.IsNegative() {
			bad(at("最低分"), fmt.Sprintf("规则 %s 的分值为负数", x.Code), "分值填正数，加减由类别决定")
		}
		if x.Category == Dismissal && !(x.Min.IsZero() && x.Max.IsZero()) {
			warn(at("最低分"), fmt.Sprintf("直接辞退规则 %s 带有分值，分值将被忽略", x.Code), "直接辞退情形不计分，只提示人工复核")
		}
	}
	for _, c := range engineCodes {
		if !codes[c] {
			bad(RuleAt{Sheet: SheetCatalogue, Key: c, Field: "代码"}, fmt.Sprintf("缺少规则 %s，相关自动计算无法进行", c), "在规则表中补回该编号")
		}
	}

	checkTiers := func(what string, ts []Tier, needCode bool) {
		if len(ts) == 0 {
			bad(RuleAt{Sheet: SheetTiers, Key: what}, what+"分档为空", "至少填写一档")
			return
		}
		// the tiers by start, each with its place in ts
		order := make([]int, len(ts))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(i, j int) bool { return ts[order[i]].From < ts[order[j]].From })
		s := make([]Tier, len(ts))
		for i, k := range order {
			s[i] = ts[k]
		}
		at := func(i int, field string) RuleAt {
			return RuleAt{Sheet: SheetTiers, Key: what, Item: order[i] + 1, Field: field}
		}
		if s[0].From != 1 {
			bad(at(0, "起始分钟"), fmt.Sprintf("%s分档应从1分钟开始，现从%d分钟开始", what, s[0].From), "第一档的起始分钟填 1")
		}
		for i, t := range s {
			if t.To != 0 && t.To < t.From {
				bad(at(i, "截止分钟"), fmt.Sprintf("%s分档 %d–%d 的结束小于开始", what, t.From, t.To), "检查分档的起止分钟")
			}
			if t.To == 0 && i != len(s)-1 {
				bad(at(i, "截止分钟"), fmt.Sprintf("%s分档 %d 分钟以上不是最后一档，与后面的分档重叠", what, t.From), "只有最后一档可以不填结束分钟")
			}
			if i > 0 {
				p := s[i-1]
				switch {
				case p.To == 0 || t.From <= p.To:
					bad(at(i, "起始分钟"), fmt.Sprintf("%s分档重叠：%d 分钟起的一档与前一档重叠", what, t.From), "相邻分档的起止分钟应首尾相接")
				case t.From > p.To+1:
					bad(at(i, "起始分钟"), fmt.Sprintf("%s分档有空缺：%d–%d 分钟不属于任何一档", what, p.To+1, t.From-1), "相邻分档的起止分钟应首尾相接")
				}
			}
			if needCode {
				if _, ok := r.Rule(t.Code); !ok {
					bad(at(i, "规则代码"), fmt.Sprintf("%s分档引用了不存在的规则「%s」", what, t.Code), "填写规则表中的编号")
				}
			} else if !t.Points.IsPositive() {
				bad(at(i, "分值"), fmt.Sprintf("%s分档 %d 分钟起的分值应大于0", what, t.From), "填写正的扣分")
			}
		}
		if s[len(s)-1].To != 0 {
			warn(at(len(s)-1, "截止分钟"), fmt.Sprintf("%s分档最后一档有上限 %d 分钟，超出的分钟按最高一档计", what, s[len(s)-1].To), "最后一档的结束分钟可留空")
		}
	}
	checkTiers("迟到早退", r.LateTiers, false)
	checkTiers("突发事件", r.IncidentTiers, true)

	if len(r.Grades) == 0 {
		bad(RuleAt{Sheet: SheetGrades}, "没有等级分段", "至少填写一个等级")
	}
	for i := 1; i < len(r.Grades); i++ {
		if !r.Grades[i].Min.LessThan(r.Grades[i-1].Min) {
			bad(RuleAt{Sheet: SheetGrades, Key: r.Grades[i].Grade, Item: i + 1, Field: "分数下限"}, fmt.Sprintf("等级分段未按从高到低排列：%s（%s）不低于 %s（%s）", r.Grades[i].Grade, r.Grades[i].Min, r.Grades[i-1].Grade, r.Grades[i-1].Min), "等级按分数下限从高到低排列")
		}
	}
	if r.FailGrade == "" {
		bad(RuleAt{Sheet: SheetGrades, Field: "等级"}, "缺少最低等级（不合格）的名称", "填写 不合格")
	}

	if r.Floor.GreaterThan(r.Base) || r.Base.GreaterThan(r.Cap) {
		bad(param("考核分下限"), fmt.Sprintf("分数设置不合理：下限 %s、基础分 %s、上限 %s", r.Floor, r.Base, r.Cap), "应满足 下限 ≤ 基础分 ≤ 上限")
	}
	if r.YuanPerPoint.IsNegative() || r.FloatMax.IsNegative() {
		bad(param("每分金额"), "每分金额和浮动上限不能为负数", "默认每分10元，浮动上限300元")
	}
	if r.FloatFrom < 1 {
		bad(param("开始浮动月数"), fmt.Sprintf("开始浮动的入职月数 %d 应不小于1", r.FloatFrom), "默认从第3个月起浮动")
	}
	if r.HireCutoff < 0 || r.HireCutoff > 31 {
		bad(param("入职截止日"), fmt.Sprintf("入职截止日 %d 应在 0–31 之间", r.HireCutoff), "0 表示不使用截止日")
	}
	if r.S05Light < 1 || r.S05Medium < 1 {
		bad(param("追加扣分轻度次数"), "追加扣分（S05）的次数门槛应至少为1", "默认轻度4次、中度2次")
	}
	if r.LateMarkMin < 0 {
		bad(param("违纪分钟数"), "违纪标记分钟数不能为负数", "默认20分钟")
	}
	if r.QAErrorMin.GreaterThan(r.QAErrorMax) {
		bad(param("差错扣分下限"), fmt.Sprintf("差错扣分下限 %s 大于上限 %s", r.QAErrorMin, r.QAErrorMax), "默认 2–5 分")
	}
	if r.QAErrorDefault.LessThan(r.QAErrorMin) || r.QAErrorDefault.GreaterThan(r.QAErrorMax) {
		bad(param("默认差错扣分"), fmt.Sprintf("默认差错扣分 %s 不在 %s–%s 之间", r.QAErrorDefault, r.QAErrorMin, r.QAErrorMax), "默认 2 分")
	}
	if r.QAMinRows < 0 {
		bad(param("最少质检次数"), "每人最少质检次数不能为负数", "默认 1 次")
	}
	qn := map[string]bool{}
	for i, it := range r.QAItems {
		at := func(field string) RuleAt { return RuleAt{Sheet: SheetQA, Key: it.Name, Item: i + 1, Field: field} }
		if it.Name == "" || qn[it.Name] {
			bad(at("项目"), fmt.Sprintf("质检项目「%s」为空或重复", it.Name), "每个质检项目名称唯一")
		}
		qn[it.Name] = true
		if !it.Max.IsPositive() {
			bad(at("满分"), fmt.Sprintf("质检项目「%s」的满分应大于0", it.Name), "默认每项20分")
		}
	}
	if !r.ExamFailRatio.IsPositive() || r.ExamFailRatio.GreaterThan(decimal.NewFromInt(1)) {
		bad(param("考试不及格比例"), fmt.Sprintf("考试不及格比例 %s 应在 0–1 之间", r.ExamFailRatio), "默认 0.6，即满分的60%")
	}
	if len(r.LeaderRoles) == 0 {
		warn(param("额外奖惩岗位"), "没有可获得额外奖惩的岗位", "默认 组长、班长")
	}
	if r.AdjustMin.GreaterThan(r.AdjustMax) {
		bad(param("额外奖惩下限"), fmt.Sprintf("额外奖惩下限 %s 大于上限 %s", r.AdjustMin, r.AdjustMax), "默认 −5…+5")
	}
	if r.CompRatio.IsNegative() {
		bad(param("赔偿比例上限"), "赔偿比例不能为负数", "默认 0.2")
	}
	if r.MaxShiftMin < 0 {
		bad(param("连续工作上限"), "连续工作上限不能为负数", "默认480分钟（8小时）")
	}
	if r.BreakMin < 0 {
		bad(param("休息分钟"), "休息分钟不能为负数", "默认60分钟")
	}
	if r.AppealDays < 0 {
		bad(param("申诉天数"), "申诉天数不能为负数", "默认7天")
	}
	if r.ProbationMonths < 0 {
		bad(param("试用期上限"), "试用期上限不能为负数", "默认6个月（劳动合同法第十九条）")
	} else if r.ProbationMonths > 6 {
		warn(param("试用期上限"), fmt.Sprintf("试用期上限 %d 个月超过劳动合同法第十九条规定的最长6个月", r.ProbationMonths), "默认6个月")
	}
	lists := []struct {
		name  string
		words []string
		hint  string
	}{
		{"岗位列表", r.Roles, "默认 业务代表、组长、班长、质检员、培训专员、主管、主任"},
		{"质检覆盖岗位", r.QARoles, "默认 业务代表"},
		{"突发事件名称", r.IncidentWords, "默认 突发事件"},
		{"辞职类型", r.ResignTypes, "默认 主动辞职、辞职、试用期内辞职"},
		{"请假类别", r.LeaveWords, "默认 事假、病假、年假 等"},
	}
	for _, l := range lists {
		seen := map[string]bool{}
		for _, w := range l.words {
			if seen[w] {
				warn(param(l.name), fmt.Sprintf("参数「%s」中「%s」重复", l.name, w), "每项只写一次")
			}
			seen[w] = true
		}
		if len(l.words) == 0 {
			warn(param(l.name), fmt.Sprintf("参数「%s」为空", l.name), l.hint)
		}
	}
	if r.BackupKeep < 0 {
		bad(param("备份保留份数"), "备份保留份数不能为负数", "默认10份；0 表示不保留备份")
	}
	s := r.DefaultShift
	if s.Start < 0 || s.Start >= 24*60 || s.End < 0 || s.End > 24*60 || s.Start == s.End {
		bad(param("默认上班时间"), fmt.Sprintf("默认班次「%s」的时间不合理", s.Name), "例如 09:00–18:00")
	}
	// D34–D38: days and counts are never negative; clocks are times of day.
	if r.LeaveAheadDays.IsNegative() || r.SickProofDays.IsNegative() || r.HolidayAheadDays.IsNegative() || r.ApproveDays.IsNegative() {
		bad(param("事假提前天数"), "请假的天数参数（事假提前天数、病假证明天数、节假日请假提前天数、审批权限天数）不能为负数", "默认 1、1、2、1 天；0 表示不检查")
	}
	if !r.LeaveDayHours.IsPositive() {
		bad(param("每天请假小时数"), "每天请假小时数应大于 0", "默认 8 小时")
	}
	if r.SwapMax < 0 || r.AwayMarkMin < 0 || r.QAMaxRows < 0 || r.ArriveLeadMin < 0 {
		bad(param("每月换班上限"), "每月换班上限、离岗违纪分钟数、每月监听上限、提前到岗分钟不能为负数", "默认 2 次、20 分钟、5 次、10 分钟")
	}
	if r.NightFrom < 0 || r.NightFrom >= 24*60 || r.NightAskBy < 0 || r.NightAskBy >= 24*60 {
		bad(param("夜班开始时间"), "夜班开始时间和夜班请假截止时间应为一天中的时刻", "默认 18:00 和 12:00")
	}
	if r.DismissBelow.IsNegative() || r.LastBelow.IsNegative() {
		bad(param("解除合同分数线"), "解除劳动合同分数线和末位分数线不能为负数", "默认 60 分和 70 分；0 表示不提示")
	}
	keys := make([]string, 0, len(r.Symbols))
	for k := range r.Symbols {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v := r.Symbols[k]; k == "" || v == "" {
			bad(RuleAt{Sheet: SheetSymbols, Key: k, Field: "含义"}, fmt.Sprintf("考勤符号「%s」→「%s」不完整", k, v), "符号和考勤结果都要填写")
		}
	}
	r.checkInputs(bad)
	return ps
}
