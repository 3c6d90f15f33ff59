package templates

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/sheets"
)

// Layout of the blank templates: a merged title row, the header row, then
// data rows; data validation covers the rows up to tplLastRow.
const (
	tplTitleRow = 1
	tplHeadRow  = 2
	tplLastRow  = tplHeadRow + 10000
	tplListName = "规则列表" // hidden sheet of 奖惩记录 with the 项目 drop-down entries
)

// Cell formats of template columns.
const (
	tplGeneral = iota
	tplTextFmt
	tplDateFmt
	tplTimeFmt
	tplDateTimeFmt
)

// tplCol is one column of a template: its canonical header, whether it is
// required, its explanation and example for the 说明 sheet, its width and
// format, and the data validation of its data rows (nil: none).
type tplCol struct {
	name     string
	required bool
	desc     string
	example  string
	width    float64
	format   int
	check    func(f *excelize.File, sheet, sqref string) error
}

// tplKind is a template: the input kind's spec, its columns (QA items
// included) and a note for the 说明 sheet.
type tplKind struct {
	spec *sheets.Spec
	cols []tplCol
	note []string
}

// tplMonth describes the template month: year 0 means no month.
type tplMonth struct {
	year  int
	month time.Month
}

func (m tplMonth) set() bool { return m.year != 0 && m.month >= 1 && m.month <= 12 }

func (m tplMonth) text() string {
	if !m.set() {
		return "____年__月"
	}
	return fmt.Sprintf("%d年%02d月", m.year, int(m.month))
}

// tplDates returns a check limiting a date column to the month (none when
// no month is given).
func tplDates(m tplMonth) func(*excelize.File, string, string) error {
	if !m.set() {
		return nil
	}
	lo := rbSerial(m.year, m.month, 1)
	hi := rbSerial(m.year, m.month+1, 0)
	return func(f *excelize.File, sheet, sqref string) error {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref
		if err := dv.SetRange(int(lo), int(hi), excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "日期不在考核月份内", fmt.Sprintf("请填写%s内的日期，如 %d-%02d-03", m.text(), m.year, int(m.month)))
		return f.AddDataValidation(sheet, dv)
	}
}

// tplListCheck returns a drop-down check with inline items.
func tplListCheck(items []string, strict bool) func(*excelize.File, string, string) error {
	return func(f *excelize.File, sheet, sqref string) error { return rbList(f, sheet, sqref, items, strict) }
}

// tplNumCheck returns a number check: t is whole or decimal; lo and hi may
// be nil (no bound).
func tplNumCheck(t excelize.DataValidationType, lo, hi any, msg string) func(*excelize.File, string, string) error {
	return func(f *excelize.File, sheet, sqref string) error { return rbRange(f, sheet, sqref, t, lo, hi, msg) }
}

// tplDec converts a decimal bound for a data validation formula.
func tplDec(d decimal.Decimal) any {
	if d.IsInteger() {
		return int(d.IntPart())
	}
	v, _ := d.Float64()
	return v
}

const (
	tplWhole   = excelize.DataValidationTypeWhole
	tplDecimal = excelize.DataValidationTypeDecimal
)

// tplKinds describes the templates of every input kind for rules r.
func tplKinds(r *calc.Rules, m tplMonth) []tplKind {
	dates := tplDates(m)
	dateDesc := "日期，如 2026-11-03"
	if m.set() {
		dateDesc = fmt.Sprintf("日期，须在%s内，如 %d-%02d-03", m.text(), m.year, int(m.month))
	}
	example := func(day int) string {
		if m.set() {
			return fmt.Sprintf("%d-%02d-%02d", m.year, int(m.month), day)
		}
		return fmt.Sprintf("2026-11-%02d", day)
	}
	id := tplCol{name: "工号", required: true, desc: "员工工号，须与花名册一致；按文本保存，开头的0会保留", example: "1001", width: 10, format: tplTextFmt}
	name := tplCol{name: "姓名", desc: "员工姓名，须与花名册一致；没有工号时按姓名匹配（花名册中须唯一）", example: "张三", width: 10}
	date := tplCol{name: "日期", required: true, desc: dateDesc, example: example(3), width: 12, format: tplDateFmt, check: dates}
	// The roster reader checks 岗位 against the same list (issue 10 item 5).
	roles := r.KnownRoles()
	leaders := strings.Join(r.LeaderRoles, "、")

	qaSum := decimal.Zero
	var qaItems []tplCol
	for _, it := range r.QAItems {
		qaSum = qaSum.Add(it.Max)
		qaItems = append(qaItems, tplCol{name: it.Name, desc: fmt.Sprintf("该项得分，满分 %s 分", it.Max), example: it.Max.String(), width: 10,
			check: tplNumCheck(tplDecimal, 0, tplDec(it.Max), fmt.Sprintf("%s的得分应在 0–%s 之间", it.Name, it.Max))})
	}
	maxPts := decimal.Zero
	for _, x := range r.Catalogue {
		if x.Category != calc.Discretionary && x.Max.GreaterThan(maxPts) {
			maxPts = x.Max
		}
	}
	var incCodes []string
	for _, t := range r.IncidentTiers {
		incCodes = append(incCodes, t.Code)
	}
	lateTiers := make([]string, 0, len(r.LateTiers))
	for _, t := range r.LateTiers {
		if t.To == 0 {
			lateTiers = append(lateTiers, fmt.Sprintf("%d分钟以上%s分", t.From, t.Points))
		} else {
			lateTiers = append(lateTiers, fmt.Sprintf("%d–%d分钟%s分", t.From, t.To, t.Points))
		}
	}
	examB02, examM07 := "B02", "M07"
	failPct := r.ExamFailRatio.Shift(2).String() + "%"

	qaCols := []tplCol{date, id, name,
		{name: "质检员", desc: "抽查评分的质检员或主管", example: "李四", width: 10},
	}
	qaCols = append(qaCols, qaItems...)
	qaCols = append(qaCols,
		tplCol{name: "总分", desc: fmt.Sprintf("各项合计，满分 %s；留空时按各项相加", qaSum), example: qaSum.String(), width: 8,
			check: tplNumCheck(tplDecimal, 0, tplDec(qaSum), fmt.Sprintf("总分应在 0–%s 之间", qaSum))},
		tplCol{name: "差错次数", desc: "本次抽查发现的差错次数；每个差错按“差错扣分”计入 L14（主管随机抽查得分）", example: "1", width: 10,
			check: tplNumCheck(tplWhole, 0, 1000, "差错次数应为不小于0的整数")},
		tplCol{name: "差错扣分", desc: fmt.Sprintf("每个差错的扣分，%s–%s 分；留空按 %s 分", r.QAErrorMin, r.QAErrorMax, r.QAErrorDefault), example: r.QAErrorDefault.String(), width: 10,
			check: tplNumCheck(tplDecimal, tplDec(r.QAErrorMin), tplDec(r.QAErrorMax), fmt.Sprintf("差错扣分应在 %s–%s 之间", r.QAErrorMin, r.QAErrorMax))},
		tplCol{name: "备注", desc: "补充说明", width: 24},
	)

	kinds := []tplKind{
		{spec: sheets.SpecOf(sheets.Roster), cols: []tplCol{
			id,
			{name: "姓名", required: true, desc: "员工姓名", example: "张三", width: 10},
			{name: "部门", desc: "所属部门", example: "客服部", width: 10},
			{name: "班组", required: true, desc: "所在班组，用于班组排名和班组统计", example: "一组", width: 10},
			{name: "岗位", required: true, desc: "岗位：" + strings.Join(roles, "、") + "；可从下拉列表选择。额外奖惩只适用于 " + leaders, example: "业务代表", width: 12,
				check: tplListCheck(roles, false)},
			{name: "入职日期", required: true, desc: fmt.Sprintf("入职公司的日期；入职当月为第1个月，从第%d个月起绩效工资浮动", r.FloatFrom), example: "2026-03-02", width: 12, format: tplDateFmt},
			{name: "上岗日期", desc: "培训结束、正式上岗的日期；用于“上岗一个月内辞职”的提示", example: "2026-03-16", width: 12, format: tplDateFmt},
			{name: "转正日期", desc: fmt.Sprintf("试用期结束转正的日期，试用期到前一天为止；留空时按入职后%d个月计算试用期并给出提示（试用期内获得A等级会提示可申请提前转正）", r.ProbationMonths), example: "2026-06-02", width: 12, format: tplDateFmt},
			{name: "离职日期", desc: "离职的日期，在职留空；当月任何一天在职的员工都参加考核", width: 12, format: tplDateFmt},
			{name: "离职类型", desc: "离职类型：" + strings.Join(r.KnownExitTypes(), "、") + "；可从下拉列表选择。属于辞职的类型（" + strings.Join(r.ResignTypes, "、") + "）用于试用期内辞职、上岗一个月内辞职的提示", width: 12, check: tplListCheck(r.KnownExitTypes(), false)},
			{name: "月基本工资", desc: fmt.Sprintf("月基本工资（元），可留空；用于判断赔偿扣款是否超过月工资的 %s%%", r.CompRatio.Shift(2)), example: "3000", width: 12,
				check: tplNumCheck(tplDecimal, 0, nil, "月基本工资应为不小于0的数字")},
			{name: "考勤号", desc: "考勤机的登记号码；考勤导出没有工号时用它对应员工", width: 10, format: tplTextFmt},
			{name: "钉钉UserId", desc: "钉钉的 UserId；钉钉考勤导出没有工号时用它对应员工", width: 14, format: tplTextFmt},
			{name: "企业微信账号", desc: "企业微信的账号；企业微信考勤导出没有工号时用它对应员工", width: 14, format: tplTextFmt},
		}, note: []string{"每位员工一行。当月任何一天在职的员工都参加考核；离职员工请保留并填写离职日期。"}},
		{spec: sheets.SpecOf(sheets.Attendance), cols: []tplCol{
			id, name, date,
			{name: "班次", desc: "班次名称，如 白班、夜班", example: r.DefaultShift.Name, width: 8},
			{name: "应上班时间", desc: "排班的上班时间，如 09:00", example: rbClock(r.DefaultShift.Start), width: 11, format: tplTimeFmt},
			{name: "应下班时间", desc: "排班的下班时间，如 18:00；跨夜班写 次日 01:10", example: rbClock(r.DefaultShift.End), width: 11, format: tplTimeFmt},
			{name: "上班打卡", desc: "实际上班打卡时间；未打卡留空", example: "08:56", width: 10, format: tplTimeFmt},
			{name: "下班打卡", desc: "实际下班打卡时间；未打卡留空；跨夜写 次日 01:10", example: "18:05", width: 10, format: tplTimeFmt},
			{name: "考勤结果", desc: "考勤结果：" + strings.Join(sheets.ResultWords(r), "、") + "；可从下拉列表选择。有考勤结果时按考勤结果判定，打卡时间只用于计算分钟数", example: "正常", width: 10,
				check: tplListCheck(sheets.ResultWords(r), false)},
			{name: "迟到分钟", desc: "迟到分钟数；留空时按应上班时间与上班打卡计算。每次迟到按分档扣分（L04）：" + strings.Join(lateTiers, "，"), width: 10,
				check: tplNumCheck(tplWhole, 0, 1440, "迟到分钟应为 0–1440 的整数")},
			{name: "早退分钟", desc: "早退分钟数；留空时按应下班时间与下班打卡计算；分档同迟到", width: 10,
				check: tplNumCheck(tplWhole, 0, 1440, "早退分钟应为 0–1440 的整数")},
			{name: "备注", desc: "补充说明，如请假单号", width: 20},
		}, note: []string{
			"每人每天一行。旷工每天计一次 S01；无打卡又无请假的工作日按旷工计；缺卡只提示人事核对，不扣分。",
			fmt.Sprintf("迟到或早退达到 %d 分钟（未请假）时另在备注中标记违纪。", r.LateMarkMin),
		}},
		{spec: sheets.SpecOf(sheets.QA), cols: qaCols, note: []string{
			"每次抽查一行。质检项目及满分来自考核规则工作簿的“质检项目”表。",
			fmt.Sprintf("%s每月的质检记录少于 %d 条时提示抽查覆盖不足。", strings.Join(r.QARoles, "、"), r.QAMinRows),
		}},
		{spec: sheets.SpecOf(sheets.Events), cols: []tplCol{
			date, id, name,
			{name: "项目", required: true, desc: "奖惩项目：可从下拉列表选择“编号 名称”，也可以只填规则编号（如 L04）、完整名称或名称中只属于一条规则的一部分", example: "L01 工作时间未使用普通话", width: 44,
				check: tplEventList(r)},
			{name: "次数", desc: "发生次数，留空为1", example: "1", width: 6,
				check: tplNumCheck(tplWhole, 1, 1000, "次数应为不小于1的整数")},
			{name: "分值", desc: "每次的分值大小，加分或扣分由规则类别决定（写了相反的正负号会警告）；分值为范围的规则（如 L08 2–5分）必须填写，且在规则范围内；固定分值的规则可留空。只有额外奖惩（A01）的分值带正负号，如 -3 为扣3分", width: 6,
				check: tplNumCheck(tplDecimal, tplDec(decimal.Min(maxPts.Neg(), r.AdjustMin)), tplDec(decimal.Max(maxPts, r.AdjustMax)), fmt.Sprintf("分值应在该规则的范围内；额外奖惩为 %s 至 %s", r.AdjustMin, r.AdjustMax))},
			{name: "超时分钟", desc: "突发事件填写超时的分钟数，按分档归入 " + strings.Join(incCodes, "、"), width: 10,
				check: tplNumCheck(tplWhole, 0, 100000, "超时分钟应为不小于0的整数")},
			{name: "离岗分钟", desc: fmt.Sprintf("L07 离开工作岗位的分钟数；达到 %d 分钟按违纪处理（请假制度 八），在备注和“制度执行”中标记", r.AwayMarkMin), width: 10,
				check: tplNumCheck(tplWhole, 0, 100000, "离岗分钟应为不小于0的整数")},
			{name: "赔偿金额", desc: "S04 照价赔偿的金额（元），单列于绩效工资调整表", width: 10,
				check: tplNumCheck(tplDecimal, 0, nil, "赔偿金额应为不小于0的数字")},
			{name: "记录人", desc: "登记人", example: "王五", width: 10},
			{name: "说明", desc: "事情经过等补充说明", width: 30},
		}, note: []string{
			"违规和加分都记在本表，一次事件一行（同一天同一事项也可在“次数”中合计）。",
			"迟到早退（L04）、质检差错（L14）、考试（B02/M07）、旷工（S01）和追加扣分（S05）由程序根据考勤、质检表和考试成绩自动计算，无需在本表重复登记。",
			"额外奖惩（A01）请填写在“额外奖惩”表中。",
		}},
		{spec: sheets.SpecOf(sheets.Exams), cols: []tplCol{
			id, name,
			{name: "考试日期", desc: dateDesc, example: example(20), width: 12, format: tplDateFmt, check: dates},
			{name: "成绩", required: true, desc: fmt.Sprintf("考试成绩；等于满分计 %s 加分，低于满分的 %s 计 %s 扣分", examB02, failPct, examM07), example: "92", width: 8,
				check: tplNumCheck(tplDecimal, 0, nil, "成绩应为不小于0的数字")},
			{name: "满分", desc: "本次考试的满分，留空为100", example: "100", width: 8,
				check: tplNumCheck(tplDecimal, 1, nil, "满分应为正数")},
		}, note: []string{"每人每次考试一行。"}},
		{spec: sheets.SpecOf(sheets.Complaints), cols: []tplCol{
			date, id, name,
			{name: "是否有效", required: true, desc: "是：经核实的有效投诉；否：无效投诉。提供本表时，当月没有有效投诉的员工自动获得 B05 加分", example: "是", width: 10,
				check: tplListCheck([]string{"是", "否"}, true)},
			{name: "描述", desc: "投诉内容", width: 40},
		}, note: []string{"每条投诉一行。本月没有投诉也请提交一份只有表头的本表，以便自动计算 B05（当月有效投诉率为零）。"}},
		{spec: sheets.SpecOf(sheets.Adjustments), cols: []tplCol{
			id, name,
			{name: "分值", required: true, desc: fmt.Sprintf("额外奖惩分值，%s 至 %s（负数为扣分）", r.AdjustMin, r.AdjustMax), example: "3", width: 8,
				check: tplNumCheck(tplDecimal, tplDec(r.AdjustMin), tplDec(r.AdjustMax), fmt.Sprintf("分值应在 %s 至 %s 之间", r.AdjustMin, r.AdjustMax))},
			{name: "理由", required: true, desc: "奖惩理由，必须填写", example: "组织培训效果好", width: 40},
			{name: "评定人", desc: "评定的培训专员", example: "赵六", width: 10},
		}, note: []string{fmt.Sprintf("培训专员对 %s 的额外奖惩（A01），每人每月至多一条。", leaders)}},
		{spec: sheets.SpecOf(sheets.Workload), cols: []tplCol{
			id, name,
			{name: "接待量", required: true, desc: "当月接待（接听）量；提供本表时用于计算 B01（工作量、质量为全客服之首）", example: "1200", width: 10,
				check: tplNumCheck(tplDecimal, 0, nil, "接待量应为不小于0的数字")},
			{name: "解决量", desc: "当月解决量", example: "1150", width: 10,
				check: tplNumCheck(tplDecimal, 0, nil, "解决量应为不小于0的数字")},
			{name: "平均处理时长", desc: "平均处理时长（分钟）", example: "4.5", width: 12,
				check: tplNumCheck(tplDecimal, 0, nil, "平均处理时长应为不小于0的数字")},
			{name: "满意度", desc: "客户满意度，如 98%", example: "98%", width: 10,
				check: tplNumCheck(tplDecimal, 0, nil, "满意度应为不小于0的数字")},
		}, note: []string{"每人一行（可选）。"}},
		{spec: sheets.SpecOf(sheets.Soft), cols: softTemplateCols(r, id, name), note: []string{"可选：主管等对管理人员（" + strings.Join(calc.KPIRoles, "、") + "）的软性指标评分，每人每个指标每位评分人一行；只用于“管理人员考核”表，不影响考核分和绩效工资。"}},
	}
	kinds = append(kinds, tplPolicyKinds(r, id, name, date, example)...)
	for i := range kinds {
		for j := range kinds[i].cols {
			c := &kinds[i].cols[j]
			c.required = false
			for _, sc := range kinds[i].spec.Columns {
				if sc.Name == c.name {
					c.required = sc.Required
				}
			}
		}
	}
	return kinds
}

// tplTextWidth is the display width of s: CJK and other wide characters
// count 2.
func tplTextWidth(s string) int {
	n := 0
	for _, c := range s {
		if c >= 0x1100 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// tplEventRules are the rules offered in 奖惩记录's 项目 drop-down: the whole
// catalogue except the discretionary adjustment, as "code name".
func tplEventRules(r *calc.Rules) []string {
	var out []string
	for _, x := range r.Catalogue {
		if x.Category != calc.Discretionary {
			out = append(out, x.Code+" "+x.Name)
		}
	}
	return out
}

// tplEventList returns the 项目 check: a drop-down referring to the entries
// on the hidden sheet 规则列表 (the list is longer than the 255 characters
// Excel allows inline). Other values are allowed after a warning, since a
// bare code or part of a name is valid too.
func tplEventList(r *calc.Rules) func(*excelize.File, string, string) error {
	n := len(tplEventRules(r))
	return func(f *excelize.File, sheet, sqref string) error {
		if n == 0 {
			return nil
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$A$1:$A$%d", tplListName, n))
		dv.SetError(excelize.DataValidationErrorStyleWarning, "项目不在列表中",
			"请从下拉列表选择“编号 名称”；也可以只填规则编号（如 L04）或名称中只属于一条规则的一部分。")
		return f.AddDataValidation(sheet, dv)
	}
}
