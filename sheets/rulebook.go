package sheets

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// The sheets of the rules workbook 考核规则.xlsx.
const (
	rbIntro      = "说明"
	rbRules      = "规则"
	rbTiers      = "分档"
	rbGrades     = "等级"
	rbParamSheet = "参数"
	rbQA         = "质检项目"
	rbHolidays   = "节假日"
	rbSymbols    = "考勤符号"
)

// Words of the rules workbook.
const (
	rbEach      = "每次"
	rbMonthly   = "每月一次"
	rbLate      = "迟到早退"
	rbIncident  = "突发事件"
	rbHoliday   = "休息日"
	rbWorkday   = "调休上班"
	rbByTimes   = "按次数"
	rbByRules   = "按规则"
	rbRulesFile = "考核规则.xlsx"
)

// rbCategories are the categories of the catalogue, in the policy's order.
var rbCategories = []calc.Category{calc.Bonus, calc.Light, calc.Medium, calc.Severe, calc.Dismissal, calc.Discretionary}

// rbResultWords returns the 考勤结果 words the attendance readers know
// (calc decides them).
func rbResultWords(r *calc.Rules) []string { return r.ResultWords() }

// rbParam is one scalar setting on the 参数 sheet. Exactly one accessor is set.
type rbParam struct {
	name, meaning string
	dec           func(*calc.Rules) *decimal.Decimal
	num           func(*calc.Rules) *int
	text          func(*calc.Rules) *string
	flag          func(*calc.Rules) *bool // 按规则 (true) / 按次数 (false)
	clock         func(*calc.Rules) *int  // minutes after midnight, written 09:00
	list          func(*calc.Rules) *[]string
	yes           func(*calc.Rules) *bool // 是/否
}

// rbParams lists every scalar setting of calc.Rules, in the order of the 参数
// sheet. The catalogue, tiers, grade bands (with the fail grade), QA items,
// holidays and symbols have sheets of their own.
var rbParams = []rbParam{
	{name: "基础分", meaning: "每人每月的日常考核基础分（制度：80分）", dec: func(r *calc.Rules) *decimal.Decimal { return &r.Base }},
	{name: "考核分上限", meaning: "考核分最高为此分，超出部分不计（制度：110分）", dec: func(r *calc.Rules) *decimal.Decimal { return &r.Cap }},
	{name: "考核分下限", meaning: "考核分最低为此分（默认0分）", dec: func(r *calc.Rules) *decimal.Decimal { return &r.Floor }},
	{name: "每分金额", meaning: "绩效浮动：考核分与基础分之差每分对应的金额（元）", dec: func(r *calc.Rules) *decimal.Decimal { return &r.YuanPerPoint }},
	{name: "浮动上限", meaning: "绩效浮动金额的上下限（元），即 −此值 … +此值", dec: func(r *calc.Rules) *decimal.Decimal { return &r.FloatMax }},
	{name: "开始浮动月数", meaning: "入职当月为第1个月，从第几个月起绩效工资浮动（制度：第3个月）", num: func(r *calc.Rules) *int { return &r.FloatFrom }},
	{name: "入职截止日", meaning: "在当月此日之后入职的，从下个月起算入职月数；0 表示不使用", num: func(r *calc.Rules) *int { return &r.HireCutoff }},
	{name: "解除合同分数线", meaning: "考核分低于此分时提示“可解除劳动合同（需人工复核）”", dec: func(r *calc.Rules) *decimal.Decimal { return &r.DismissBelow }},
	{name: "末位分数线", meaning: "连续两个月末位且两个月都低于此分时提示（需人工复核）", dec: func(r *calc.Rules) *decimal.Decimal { return &r.LastBelow }},
	{name: "追加扣分轻度次数", meaning: "当月轻度违规达到此次数时追加 S05 扣分", num: func(r *calc.Rules) *int { return &r.S05Light }},
	{name: "追加扣分中度次数", meaning: "当月中度违规达到此次数时追加 S05 扣分", num: func(r *calc.Rules) *int { return &r.S05Medium }},
	{name: "追加扣分计数方式", meaning: "按次数：同一规则多次分别计数；按规则：只数不同的规则", flag: func(r *calc.Rules) *bool { return &r.S05Distinct }},
	{name: "违纪分钟数", meaning: "迟到或早退达到此分钟数（未请假）时在备注中标记违纪；0 表示不标记", num: func(r *calc.Rules) *int { return &r.LateMarkMin }},
	{name: "默认差错扣分", meaning: "质检表“差错扣分”留空时每个差错的扣分（L14）", dec: func(r *calc.Rules) *decimal.Decimal { return &r.QAErrorDefault }},
	{name: "差错扣分下限", meaning: "质检表“差错扣分”允许的最小值", dec: func(r *calc.Rules) *decimal.Decimal { return &r.QAErrorMin }},
	{name: "差错扣分上限", meaning: "质检表“差错扣分”允许的最大值", dec: func(r *calc.Rules) *decimal.Decimal { return &r.QAErrorMax }},
	{name: "最少质检次数", meaning: "业务代表每月质检记录少于此数时提示抽查覆盖不足", num: func(r *calc.Rules) *int { return &r.QAMinRows }},
	{name: "考试不及格比例", meaning: "考试成绩低于满分的此比例时计 M07（0.6 即60%）", dec: func(r *calc.Rules) *decimal.Decimal { return &r.ExamFailRatio }},
	{name: "岗位列表", meaning: "花名册“岗位”可填的岗位，用顿号分隔；花名册模板的下拉列表与花名册检查都用它（额外奖惩岗位、质检覆盖岗位也算已知岗位）", list: func(r *calc.Rules) *[]string { return &r.Roles }},
	{name: "额外奖惩岗位", meaning: "可以获得额外奖惩（A01）的岗位，用顿号分隔", list: func(r *calc.Rules) *[]string { return &r.LeaderRoles }},
	{name: "质检覆盖岗位", meaning: "每月须有质检记录（最少质检次数）的岗位，用顿号分隔", list: func(r *calc.Rules) *[]string { return &r.QARoles }},
	{name: "额外奖惩下限", meaning: "额外奖惩分值的最小值", dec: func(r *calc.Rules) *decimal.Decimal { return &r.AdjustMin }},
	{name: "额外奖惩上限", meaning: "额外奖惩分值的最大值", dec: func(r *calc.Rules) *decimal.Decimal { return &r.AdjustMax }},
	{name: "赔偿比例上限", meaning: "赔偿扣款超过月基本工资的此比例时提示（工资支付暂行规定第十六条：20%）", dec: func(r *calc.Rules) *decimal.Decimal { return &r.CompRatio }},
	{name: "连续工作上限", meaning: "工作分钟（末次打卡 − 首次打卡 − 休息分钟）超过此分钟数时警告（制度：连续工作不超过8小时即480分钟），没有其他容差", num: func(r *calc.Rules) *int { return &r.MaxShiftMin }},
	{name: "休息分钟", meaning: "班次内不计入工作时间的休息（用餐）分钟数，从首末打卡间隔中扣除", num: func(r *calc.Rules) *int { return &r.BreakMin }},
	{name: "试用期上限", meaning: "花名册没有转正日期时，试用期按入职后此月数计算（劳动合同法第十九条：最长6个月）", num: func(r *calc.Rules) *int { return &r.ProbationMonths }},
	{name: "申诉天数", meaning: "考核通知单的申诉截止日期为生成日期后此天数（未记录生成日期时从考核月最后一天算起）；0 表示当天截止。申诉处理中申诉日期晚于考核月最后一天加此天数的，给出警告", num: func(r *calc.Rules) *int { return &r.AppealDays }},
	{name: "离职类型", meaning: "花名册“离职类型”下拉列表中的类型，用顿号分隔", list: func(r *calc.Rules) *[]string { return &r.ExitTypes }},
	{name: "辞职类型", meaning: "属于辞职的离职类型（用于试用期内辞职、上岗一个月内辞职的提示），用顿号分隔", list: func(r *calc.Rules) *[]string { return &r.ResignTypes }},
	{name: "请假类别", meaning: "考勤结果中表示请假的词，用顿号分隔；考勤表按它识别请假，考勤统计按它分列", list: func(r *calc.Rules) *[]string { return &r.LeaveWords }},
	{name: "突发事件名称", meaning: "奖惩记录“项目”中表示突发事件（按超时分钟分档）的词，用顿号分隔", list: func(r *calc.Rules) *[]string { return &r.IncidentWords }},
	{name: "备份保留份数", meaning: "每个输出文件保留最近几份被替换的旧版本（文件名.时间.bak）；0 表示不保留", num: func(r *calc.Rules) *int { return &r.BackupKeep }},
	{name: "默认班次", meaning: "打卡记录没有排班表时使用的班次名称", text: func(r *calc.Rules) *string { return &r.DefaultShift.Name }},
	{name: "默认上班时间", meaning: "默认班次的上班时间，如 09:00", clock: func(r *calc.Rules) *int { return &r.DefaultShift.Start }},
	{name: "默认下班时间", meaning: "默认班次的下班时间，如 18:00；跨夜班写 次日 02:00", clock: func(r *calc.Rules) *int { return &r.DefaultShift.End }},
	{name: "管理人员岗位", meaning: "请假制度 二：请假开始后才提出的请假，须经这些岗位之一批准方可生效，否则按旷工处理；用顿号分隔", list: func(r *calc.Rules) *[]string { return &r.ManagerRoles }},
	{name: "事假提前天数", meaning: "请假制度 二：一般事假需在一天提出；提前不足此天数的事假列入制度执行提醒；0 表示不检查", dec: func(r *calc.Rules) *decimal.Decimal { return &r.LeaveAheadDays }},
	{name: "病假证明天数", meaning: "请假制度 五：病假满此天数须有医疗单位证明，证明为“无”时提醒；0 表示不检查", dec: func(r *calc.Rules) *decimal.Decimal { return &r.SickProofDays }},
	{name: "夜班开始时间", meaning: "请假制度 六：请假开始时间在此时刻或之后的视为夜班请假；00:00 表示不检查", clock: func(r *calc.Rules) *int { return &r.NightFrom }},
	{name: "夜班请假截止时间", meaning: "请假制度 六：夜班请假须在当日此时刻之前提出（制度：十二点）", clock: func(r *calc.Rules) *int { return &r.NightAskBy }},
	{name: "节假日请假提前天数", meaning: "请假制度 七：包含节假日的请假须提前此天数提出（制度：二天）", dec: func(r *calc.Rules) *decimal.Decimal { return &r.HolidayAheadDays }},
	{name: "审批权限天数", meaning: "请假制度 三：此天数以内的请假由“短假审批岗位”批准，超过的由“长假审批岗位”批准（制度：一天）", dec: func(r *calc.Rules) *decimal.Decimal { return &r.ApproveDays }},
	{name: "短假审批岗位", meaning: "请假制度 三：可以批准一天以内请假的岗位（按花名册岗位），用顿号分隔；留空表示不检查", list: func(r *calc.Rules) *[]string { return &r.DayApprovers }},
	{name: "长假审批岗位", meaning: "请假制度 三：可以批准一天以上请假的岗位，用顿号分隔；留空表示不检查", list: func(r *calc.Rules) *[]string { return &r.LongApprovers }},
	{name: "每天请假小时数", meaning: "按小时请假时折算为天的小时数", dec: func(r *calc.Rules) *decimal.Decimal { return &r.LeaveDayHours }},
	{name: "每月换班上限", meaning: "换班制度 三：每人每月换班不得超过此次数，超过的列入制度执行提醒", num: func(r *calc.Rules) *int { return &r.SwapMax }},
	{name: "离岗违纪分钟数", meaning: "请假制度 八：L07 离岗分钟达到此数时标记违纪；0 表示不标记", num: func(r *calc.Rules) *int { return &r.AwayMarkMin }},
	{name: "每月监听上限", meaning: "质检员职责：每月每人监听1-5次；质检记录多于此数时提示；0 表示不检查", num: func(r *calc.Rules) *int { return &r.QAMaxRows }},
	{name: "提前到岗分钟", meaning: "交接班制度：提前10分钟到岗；有打卡时，考勤统计中统计上班打卡晚于班次开始前此分钟数的天数（不扣分）", num: func(r *calc.Rules) *int { return &r.ArriveLeadMin }},
}

// rbCol is a column of a rules-workbook sheet with its explanation.
type rbCol struct {
	name, desc string
	width      float64
}

var (
	rbRuleCols = []rbCol{
		{"代码", "规则编号，唯一，如 L04；奖惩记录的“项目”可以填编号", 8},
		{"类别", "加分、轻度违规、中度违规、重度违规、直接辞退 或 额外奖惩；加分类加分，违规类扣分", 11},
		{"项目", "制度中的项目名称；奖惩记录也可以填名称或名称中唯一的一部分", 60},
		{"最低分", "每次的最低分值（填正数，加减由类别决定）；直接辞退填0", 8},
		{"最高分", "每次的最高分值；与最低分相同表示固定分值，不同表示奖惩记录须填写该范围内的分值", 8},
		{"计次方式", "每次：每发生一次计一次；每月一次：每人每月至多计一次", 10},
		{"说明", "补充说明，仅供阅读", 50},
	}
	rbTierCols = []rbCol{
		{"类型", "迟到早退（每次迟到或早退按分钟数扣分，规则 L04）或 突发事件（超时分钟数决定适用的规则）", 11},
		{"起始分钟", "本档的起始分钟数（含）；每种类型的第一档从1开始", 10},
		{"截止分钟", "本档的截止分钟数（含）；留空表示不封顶，只有最后一档可以留空；相邻两档须首尾相接，不能重叠或有空缺", 10},
		{"分值", "迟到早退：本档每次扣分；突发事件：留空（分值取自规则）", 8},
		{"规则代码", "突发事件：本档适用的规则编号（如 L13、M08、S06）；迟到早退：留空", 10},
	}
	rbGradeCols = []rbCol{
		{"等级", "等级名称，如 A、B", 10},
		{"分数下限", "达到此分数即为本等级；下限留空的一行是最低等级（不合格），低于所有下限的分数属于它", 10},
		{"含下限", "是：分数 ≥ 下限；否：分数 > 下限（如 A 为高于90分，填 否）", 8},
	}
	rbParamCols = []rbCol{
		{"名称", "参数名称，请勿修改", 18},
		{"值", "参数的值，可以修改", 12},
		{"含义", "参数的含义", 70},
	}
	rbQACols = []rbCol{
		{"项目", "质检项目名称；服务质量综合考评表按此顺序为每个项目设一列", 16},
		{"满分", "该项目的满分", 8},
	}
	rbHolidayCols = []rbCol{
		{"日期", "日期，如 2026-10-01", 12},
		{"类型", "休息日：周一至周五中放假的日子；调休上班：需要上班的周六、周日", 10},
		{"说明", "如 国庆节，仅供阅读", 20},
	}
	rbSymbolCols = []rbCol{
		{"符号", "手工考勤表中使用的符号，如 √、迟、旷", 8},
		{"含义", "对应的考勤结果：正常、迟到、早退、旷工、缺卡、休息、出差，或参数表“请假类别”中的请假词", 12},
	}
)

// rbNames returns the column names.
func rbNames(cols []rbCol) []string {
	s := make([]string, len(cols))
	for i, c := range cols {
		s[i] = c.name
	}
	return s
}

// rbFixedStamp is the creation and modification time written into every
// workbook of this file, so that the same input gives the same bytes.
const rbFixedStamp = "2026-01-01T00:00:00Z"

// rbNewFile starts a workbook with fixed document properties and a
// deterministic zip writer; its first sheet is renamed to first.
func rbNewFile(title, first string) (*excelize.File, error) {
	f := excelize.NewFile()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w} })
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:        "appraise",
		LastModifiedBy: "appraise",
		Title:          title,
		Language:       "zh-CN",
		Created:        rbFixedStamp,
		Modified:       rbFixedStamp,
	}); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return nil, err
	}
	return f, nil
}

// rbStyles are the style ids shared by the rules workbook and the templates.
type rbStyles struct {
	title, header, required, text, wrap, date, intro, introHead, heading, value, valueText int
}

func rbNewStyles(f *excelize.File) (rbStyles, error) {
	var st rbStyles
	border := thinBorder
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	dateFmt := "yyyy-mm-dd"
	defs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&st.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill, Border: border, Alignment: center}},
		{&st.required, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Fill: fill, Border: border, Alignment: center}},
		{&st.text, &excelize.Style{NumFmt: 49}},
		{&st.wrap, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.date, &excelize.Style{CustomNumFmt: &dateFmt}},
		{&st.intro, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.introHead, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&st.value, &excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.valueText, &excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.heading, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Vertical: "center"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return st, err
		}
		*d.id = id
	}
	return st, nil
}

// rbCell returns the A1 name of a 0-based column and 1-based row.
func rbCell(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col+1, row)
	return s
}

// rbColName returns the letters of a 0-based column.
func rbColName(col int) string {
	s, _ := excelize.ColumnNumberToName(col + 1)
	return s
}

// rbHeader writes a styled header row and the column widths.
func rbHeader(f *excelize.File, st rbStyles, sheet string, row int, cols []rbCol) error {
	for i, c := range cols {
		if err := f.SetCellStr(sheet, rbCell(i, row), c.name); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, rbColName(i), rbColName(i), c.width); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, rbCell(0, row), rbCell(len(cols)-1, row), st.header); err != nil {
		return err
	}
	if err := rbPrint(f, sheet); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: rbCell(0, row+1), ActivePane: "bottomLeft"})
}

// rbList adds a drop-down list to a column's data rows.
func rbList(f *excelize.File, sheet, sqref string, items []string, strict bool) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	if err := dv.SetDropList(items); err != nil {
		return err
	}
	style := excelize.DataValidationErrorStyleWarning
	if strict {
		style = excelize.DataValidationErrorStyleStop
	}
	dv.SetError(style, "输入值不在列表中", "请从下拉列表中选择："+strings.Join(items, "、"))
	return f.AddDataValidation(sheet, dv)
}

// rbRange adds a number check to a range. lo or hi may be nil (no bound).
func rbRange(f *excelize.File, sheet, sqref string, t excelize.DataValidationType, lo, hi any, msg string) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	var err error
	switch {
	case lo != nil && hi != nil:
		err = dv.SetRange(lo, hi, t, excelize.DataValidationOperatorBetween)
	case lo != nil:
		err = dv.SetRange(lo, lo, t, excelize.DataValidationOperatorGreaterThanOrEqual)
		dv.Formula2 = ""
	default:
		err = dv.SetRange(hi, hi, t, excelize.DataValidationOperatorLessThanOrEqual)
		dv.Formula2 = ""
	}
	if err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "输入值不符合要求", msg)
	return f.AddDataValidation(sheet, dv)
}

// rbSetDec writes a decimal as a number cell.
func rbSetDec(f *excelize.File, sheet, cell string, d decimal.Decimal) error {
	if d.IsInteger() && d.Abs().LessThan(decimal.NewFromInt(1e15)) {
		return f.SetCellInt(sheet, cell, d.IntPart())
	}
	v, _ := d.Float64()
	return f.SetCellFloat(sheet, cell, v, -1, 64)
}

// rbClock formats minutes after midnight as 09:00.
func rbClock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// rbSymbolOrder sorts the symbols by the attendance result they mean, in
// the order of words, then by the symbol.
func rbSymbolOrder(syms map[string]string, words []string) []string {
	rank := map[string]int{}
	for i, w := range words {
		rank[w] = i
	}
	keys := make([]string, 0, len(syms))
	for k := range syms {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, oki := rank[syms[keys[i]]]
		rj, okj := rank[syms[keys[j]]]
		if !oki {
			ri = len(words)
		}
		if !okj {
			rj = len(words)
		}
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// WriteRules writes r as the rules workbook 考核规则.xlsx to w. The sheets
// are 说明 (how to edit), 规则 (the catalogue), 分档 (late/early and
// incident tiers), 等级 (grade bands, the fail grade is the row without a
// lower bound), 参数 (every scalar setting), 质检项目, 节假日 and 考勤符号.
// The bytes depend only on r.
func WriteRules(w io.Writer, r *calc.Rules) error {
	f, err := rbNewFile("考核规则", rbIntro)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := rbNewStyles(f)
	if err != nil {
		return err
	}
	for _, s := range []string{rbRules, rbTiers, rbGrades, rbParamSheet, rbQA, rbHolidays, rbSymbols, rbInputs, rbIndicators} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	steps := []func() error{
		func() error { return rbWriteIntro(f, st, r) },
		func() error { return rbWriteCatalogue(f, st, r) },
		func() error { return rbWriteTiers(f, st, r) },
		func() error { return rbWriteGrades(f, st, r) },
		func() error { return rbWriteParams(f, st, r) },
		func() error { return rbWriteQA(f, st, r) },
		func() error { return rbWriteHolidays(f, st, r) },
		func() error { return rbWriteSymbols(f, st, r) },
		func() error { return rbWriteInputs(f, st, r) },
		func() error { return rbWriteIndicators(f, st, r) },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func rbWriteIntro(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbIntro
	lines := [][2]string{
		{"考核规则工作簿", ""},
		{"", "本工作簿是月度考核使用的全部规则。人事可以直接修改分值、分档、等级和参数，保存后用 appraise run --rules 考核规则.xlsx 使用修改后的规则。"},
		{"", "程序按工作表名称和表头名称读取：请勿修改工作表名称和表头（第1行）；列的顺序可以调整，可以增删数据行。"},
		{"", "读取时会检查每一个单元格，发现问题会给出工作表和单元格位置（例如 规则!D7），改正后再运行。本“说明”工作表不会被读取。"},
		{"", fmt.Sprintf("生成本工作簿时规则的校验码（SHA-256）：%s。修改规则后校验码会变化；运行时实际使用的规则及其校验码记录在月度考核表的“规则”工作表和 manifest.json 中。", r.Hash())},
	}
	sheetDocs := []struct {
		name, what string
		cols       []rbCol
	}{
		{rbRules, "奖惩规则目录：每行一条规则。", rbRuleCols},
		{rbTiers, "迟到早退的分钟分档（L04）和突发事件的超时分档（L13/M08/S06）。同一类型的各档按分钟首尾相接，不能重叠或有空缺。", rbTierCols},
		{rbGrades, "考核等级。按分数下限从高到低判断，第一个满足的等级即为结果；下限留空的一行为最低等级（不合格）。每一档自然延伸到上一档的下限，因此不会有空缺；两个等级的下限相同视为重叠。", rbGradeCols},
		{rbParamSheet, "其他参数：基础分、上下限、绩效浮动金额、入职月数、追加扣分门槛、质检、考试、额外奖惩、赔偿、班次等。只改“值”一列；删除的参数按默认值处理并给出警告。", rbParamCols},
		{rbQA, "服务质量综合考评表的质检项目及满分，顺序即考评表中各列的顺序。", rbQACols},
		{rbHolidays, "节假日和调休：周一至周五放假的日子填 休息日，周六、周日上班的日子填 调休上班。用于判断无打卡的工作日是否旷工。", rbHolidayCols},
		{rbSymbols, "手工考勤表（每人一行、每天一列）中使用的符号及其含义。没有分钟数的“迟”“早”按最低一档扣分。", rbSymbolCols},
		{rbInputs, rbInputsDoc, rbInputCols},
		{rbIndicators, "管理人员（主管、班长、组长、质检员、培训专员）的软性指标及权重：软性指标评分表的“指标”须与此一致，软性得分按权重加权平均。只用于“管理人员考核”表，不影响考核分和绩效工资。", rbIndicatorCols},
	}
	row := 1
	set := func(col int, v string, style int) error {
		c := rbCell(col, row)
		if err := f.SetCellStr(sh, c, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, c, c, style)
	}
	for i, l := range lines {
		if i == 0 {
			if err := set(0, l[0], st.heading); err != nil {
				return err
			}
		} else if err := set(0, l[1], st.intro); err != nil {
			return err
		}
		if i > 0 {
			if err := f.MergeCell(sh, rbCell(0, row), rbCell(2, row)); err != nil {
				return err
			}
			if err := rbFitRow(f, sh, row, l[1], 112); err != nil {
				return err
			}
		}
		row++
	}
	row++
	for _, d := range sheetDocs {
		if err := set(0, "工作表："+d.name, st.introHead); err != nil {
			return err
		}
		row++
		if err := set(0, d.what, st.intro); err != nil {
			return err
		}
		if err := f.MergeCell(sh, rbCell(0, row), rbCell(2, row)); err != nil {
			return err
		}
		if err := rbFitRow(f, sh, row, d.what, 112); err != nil {
			return err
		}
		row++
		for i, h := range []string{"列名", "说明"} {
			if err := set(i, h, st.header); err != nil {
				return err
			}
		}
		row++
		for _, c := range d.cols {
			if err := set(0, c.name, st.intro); err != nil {
				return err
			}
			if err := set(1, c.desc, st.intro); err != nil {
				return err
			}
			if err := f.MergeCell(sh, rbCell(1, row), rbCell(2, row)); err != nil {
				return err
			}
			if err := rbFitRow(f, sh, row, c.desc, 96); err != nil {
				return err
			}
			row++
		}
		row++
	}
	if err := f.SetColWidth(sh, "A", "A", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", "C", 50); err != nil {
		return err
	}
	return rbPrint(f, sh)
}

func rbWriteCatalogue(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbRules
	if err := rbHeader(f, st, sh, 1, rbRuleCols); err != nil {
		return err
	}
	for i, x := range r.Catalogue {
		row := i + 2
		per := rbEach
		if x.PerMonth {
			per = rbMonthly
		}
		for c, v := range []string{x.Code, string(x.Category), x.Name} {
			if err := f.SetCellStr(sh, rbCell(c, row), v); err != nil {
				return err
			}
		}
		if err := rbSetDec(f, sh, rbCell(3, row), x.Min); err != nil {
			return err
		}
		if err := rbSetDec(f, sh, rbCell(4, row), x.Max); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(5, row), per); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(6, row), x.Note); err != nil {
			return err
		}
	}
	if n := len(r.Catalogue); n > 0 {
		if err := f.SetCellStyle(sh, "C2", rbCell(2, n+1), st.wrap); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, "G2", rbCell(6, n+1), st.wrap); err != nil {
			return err
		}
	}
	cats := make([]string, len(rbCategories))
	for i, c := range rbCategories {
		cats[i] = string(c)
	}
	if err := rbList(f, sh, "B2:B1000", cats, true); err != nil {
		return err
	}
	if err := rbList(f, sh, "F2:F1000", []string{rbEach, rbMonthly}, true); err != nil {
		return err
	}
	return rbRange(f, sh, "D2:E1000", excelize.DataValidationTypeDecimal, -1000, 1000, "分值应为数字")
}

func rbWriteTiers(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbTiers
	if err := rbHeader(f, st, sh, 1, rbTierCols); err != nil {
		return err
	}
	row := 2
	put := func(kind string, ts []calc.Tier) error {
		for _, t := range ts {
			if err := f.SetCellStr(sh, rbCell(0, row), kind); err != nil {
				return err
			}
			if err := f.SetCellInt(sh, rbCell(1, row), int64(t.From)); err != nil {
				return err
			}
			if t.To != 0 {
				if err := f.SetCellInt(sh, rbCell(2, row), int64(t.To)); err != nil {
					return err
				}
			}
			if !t.Points.IsZero() {
				if err := rbSetDec(f, sh, rbCell(3, row), t.Points); err != nil {
					return err
				}
			}
			if t.Code != "" {
				if err := f.SetCellStr(sh, rbCell(4, row), t.Code); err != nil {
					return err
				}
			}
			row++
		}
		return nil
	}
	if err := put(rbLate, r.LateTiers); err != nil {
		return err
	}
	if err := put(rbIncident, r.IncidentTiers); err != nil {
		return err
	}
	if err := rbList(f, sh, "A2:A200", []string{rbLate, rbIncident}, true); err != nil {
		return err
	}
	return rbRange(f, sh, "B2:C200", excelize.DataValidationTypeWhole, 1, 100000, "分钟数应为正整数")
}

func rbWriteGrades(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbGrades
	if err := rbHeader(f, st, sh, 1, rbGradeCols); err != nil {
		return err
	}
	row := 2
	for _, g := range r.Grades {
		if err := f.SetCellStr(sh, rbCell(0, row), g.Grade); err != nil {
			return err
		}
		if err := rbSetDec(f, sh, rbCell(1, row), g.Min); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(2, row), rbYesNo(!g.Exclusive)); err != nil {
			return err
		}
		row++
	}
	if err := f.SetCellStr(sh, rbCell(0, row), r.FailGrade); err != nil {
		return err
	}
	return rbList(f, sh, "C2:C100", []string{"是", "否"}, true)
}

func rbYesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func rbWriteParams(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbParamSheet
	if err := rbHeader(f, st, sh, 1, rbParamCols); err != nil {
		return err
	}
	for i, p := range rbParams {
		row := i + 2
		if err := f.SetCellStr(sh, rbCell(0, row), p.name); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(2, row), p.meaning); err != nil {
			return err
		}
		cell := rbCell(1, row)
		var err error
		style := st.value
		switch {
		case p.dec != nil:
			err = rbSetDec(f, sh, cell, *p.dec(r))
		case p.num != nil:
			err = f.SetCellInt(sh, cell, int64(*p.num(r)))
		case p.text != nil:
			err = f.SetCellStr(sh, cell, *p.text(r))
		case p.flag != nil:
			v := rbByTimes
			if *p.flag(r) {
				v = rbByRules
			}
			err = f.SetCellStr(sh, cell, v)
		case p.clock != nil:
			err = f.SetCellStr(sh, cell, rbClock(*p.clock(r)))
			style = st.valueText
		case p.list != nil:
			err = f.SetCellStr(sh, cell, strings.Join(*p.list(r), "、"))
		case p.yes != nil:
			err = f.SetCellStr(sh, cell, rbYesNo(*p.yes(r)))
		}
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cell, cell, style); err != nil {
			return err
		}
	}
	return f.SetCellStyle(sh, "C2", rbCell(2, len(rbParams)+1), st.wrap)
}

func rbWriteQA(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbQA
	if err := rbHeader(f, st, sh, 1, rbQACols); err != nil {
		return err
	}
	for i, it := range r.QAItems {
		if err := f.SetCellStr(sh, rbCell(0, i+2), it.Name); err != nil {
			return err
		}
		if err := rbSetDec(f, sh, rbCell(1, i+2), it.Max); err != nil {
			return err
		}
	}
	return rbRange(f, sh, "B2:B100", excelize.DataValidationTypeDecimal, 0, 10000, "满分应为正数")
}

func rbWriteHolidays(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbHolidays
	if err := f.SetColStyle(sh, "A", st.date); err != nil {
		return err
	}
	if err := rbHeader(f, st, sh, 1, rbHolidayCols); err != nil {
		return err
	}
	type day struct {
		serial float64
		kind   string
	}
	var days []day
	for _, h := range r.Holidays {
		days = append(days, day{rbSerial(h.Year(), h.Month(), h.Day()), rbHoliday})
	}
	for _, h := range r.Workdays {
		days = append(days, day{rbSerial(h.Year(), h.Month(), h.Day()), rbWorkday})
	}
	sort.SliceStable(days, func(i, j int) bool { return days[i].serial < days[j].serial })
	for i, d := range days {
		c := rbCell(0, i+2)
		if err := f.SetCellFloat(sh, c, d.serial, -1, 64); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, c, c, st.date); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(1, i+2), d.kind); err != nil {
			return err
		}
	}
	return rbList(f, sh, "B2:B1000", []string{rbHoliday, rbWorkday}, true)
}

func rbWriteSymbols(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbSymbols
	if err := rbHeader(f, st, sh, 1, rbSymbolCols); err != nil {
		return err
	}
	for i, k := range rbSymbolOrder(r.Symbols, rbResultWords(r)) {
		if err := f.SetCellStr(sh, rbCell(0, i+2), k); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(1, i+2), r.Symbols[k]); err != nil {
			return err
		}
	}
	return rbList(f, sh, "B2:B1000", rbResultWords(r), false)
}

// rbBase is the file name used in problem locations.
func rbBase(path string) string { return filepath.Base(path) }

// rbSerial returns the Excel (1900 system) serial of a date.
func rbSerial(y int, m time.Month, d int) float64 {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return float64(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// rbHeadText normalises a header cell: spaces, full-width characters and a
// required-column mark (*, （必填）) do not matter.
func rbHeadText(s string) string {
	s = normText(s)
	for _, m := range []string{"(必填)", "*"} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, m), m))
	}
	return strings.Join(strings.Fields(s), "")
}

// rbOptional reports whether a column of the rules workbook may be missing.
func rbOptional(name string) bool { return name == "说明" || name == "含义" }

// ReadRules reads a rules workbook (possibly edited in Excel or WPS) into a
// calc.Rules. Every problem is reported with the file's base name, the
// sheet and the cell; when the cell-level checks pass, (*calc.Rules).Check
// runs too (its warnings are always kept). On any error the rules are nil.
func ReadRules(path string) (*calc.Rules, []calc.Problem) {
	base := rbBase(path)
	f, err := excelize.OpenFile(path, openOptions())
	if err != nil {
		return nil, rbOpenProblem(base, err)
	}
	defer f.Close()
	return rbRead(f, base)
}

// ReadRulesFrom is ReadRules for a workbook held in rd (such as the embedded
// default); name is the file name used in problem locations.
func ReadRulesFrom(rd io.Reader, name string) (*calc.Rules, []calc.Problem) {
	f, err := excelize.OpenReader(rd, openOptions())
	if err != nil {
		return nil, rbOpenProblem(name, err)
	}
	defer f.Close()
	return rbRead(f, name)
}

func rbOpenProblem(file string, err error) []calc.Problem {
	return []calc.Problem{{Level: calc.Error, Loc: calc.Loc{File: file},
		Msg:  fmt.Sprintf("无法打开规则工作簿：%v", err),
		Hint: "规则工作簿应为 .xlsx 文件（可用 appraise templates 生成默认的 考核规则.xlsx）"}}
}

// rbReader collects the problems of one rules workbook.
type rbReader struct {
	f        *excelize.File
	file     string
	date1904 bool
	ps       []calc.Problem
	errs     int
}

func (x *rbReader) add(l calc.Level, sheet, cell, msg, hint string) {
	if l == calc.Error {
		x.errs++
	}
	x.ps = append(x.ps, calc.Problem{Level: l, Loc: calc.Loc{File: x.file, Sheet: sheet, Cell: cell}, Msg: msg, Hint: hint})
}

// rbTable is one sheet of the rules workbook with its header located.
type rbTable struct {
	sheet string
	rows  [][]string
	head  int            // 0-based index of the header row
	col   map[string]int // column name → 0-based index
}

// val returns the trimmed value of column name in the 0-based row i and the
// cell's A1 name.
func (t *rbTable) val(i int, name string) (string, string) {
	c, ok := t.col[name]
	if !ok {
		return "", ""
	}
	cell := rbCell(c, i+1)
	if c >= len(t.rows[i]) {
		return "", cell
	}
	return strings.TrimSpace(t.rows[i][c]), cell
}

// data returns the 0-based indexes of the non-blank rows under the header.
func (t *rbTable) data() []int {
	var out []int
	for i := t.head + 1; i < len(t.rows); i++ {
		for _, v := range t.rows[i] {
			if strings.TrimSpace(v) != "" {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// table reads a sheet and locates its header row (within the first 10
// rows). A missing sheet or column is an error when the sheet is required.
func (x *rbReader) table(sheet string, cols []rbCol, required bool) *rbTable {
	if idx, err := x.f.GetSheetIndex(sheet); err != nil || idx < 0 {
		if required {
			x.add(calc.Error, sheet, "", fmt.Sprintf("规则工作簿缺少工作表「%s」", sheet), "请勿删除或重命名该工作表；可从 appraise templates 生成的默认规则中复制")
		}
		return nil
	}
	rows, err := x.f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		x.add(calc.Error, sheet, "", fmt.Sprintf("无法读取工作表「%s」：%v", sheet, err), "")
		return nil
	}
	names := rbNames(cols)
	t := &rbTable{sheet: sheet, rows: rows, head: -1}
	for i := 0; i < len(rows) && i < 10 && t.head < 0; i++ {
		m := map[string]int{}
		for j, v := range rows[i] {
			if h := rbHeadText(v); h != "" {
				if _, dup := m[h]; !dup {
					m[h] = j
				}
			}
		}
		if _, ok := m[names[0]]; ok {
			t.head, t.col = i, m
		}
	}
	if t.head < 0 {
		x.add(calc.Error, sheet, "A1", fmt.Sprintf("工作表「%s」找不到表头（应有列：%s）", sheet, strings.Join(names, "、")), "请勿修改表头的列名")
		return nil
	}
	ok := true
	for _, n := range names {
		if _, has := t.col[n]; !has && !rbOptional(n) {
			x.add(calc.Error, sheet, fmt.Sprintf("第%d行", t.head+1), fmt.Sprintf("工作表「%s」的表头缺少「%s」列", sheet, n), "请勿删除或修改表头的列名")
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return t
}

// dec parses a decimal cell; ok is false (and a problem added) when it is
// not a number. Blank cells return blank == true.
func (x *rbReader) dec(t *rbTable, i int, name string) (d decimal.Decimal, blank, ok bool) {
	v, cell := t.val(i, name)
	if v == "" {
		return decimal.Decimal{}, true, true
	}
	d, err := ParseDecimal(v)
	if err != nil {
		x.add(calc.Error, t.sheet, cell, fmt.Sprintf("%s「%s」不是数字", name, v), "填写数字，如 5 或 0.6")
		return decimal.Decimal{}, false, false
	}
	return d, false, true
}

// int parses a whole-number cell.
func (x *rbReader) int(t *rbTable, i int, name string) (n int, blank, ok bool) {
	d, blank, ok := x.dec(t, i, name)
	if blank || !ok {
		return 0, blank, ok
	}
	if !d.IsInteger() || d.Abs().GreaterThan(decimal.NewFromInt(1e9)) {
		v, cell := t.val(i, name)
		x.add(calc.Error, t.sheet, cell, fmt.Sprintf("%s「%s」应为整数", name, v), "填写整数")
		return 0, false, false
	}
	return int(d.IntPart()), false, true
}

// rbRead reads an opened rules workbook.
func rbRead(f *excelize.File, file string) (*calc.Rules, []calc.Problem) {
	x := &rbReader{f: f, file: file}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		x.date1904 = *p.Date1904
	}
	r := calc.DefaultRules()
	r.Catalogue, r.LateTiers, r.IncidentTiers, r.Grades, r.FailGrade = nil, nil, nil, nil, ""
	r.QAItems, r.Holidays, r.Workdays = nil, nil, nil

	x.readCatalogue(r)
	x.readTiers(r)
	x.readGrades(r)
	x.readParams(r)
	x.readQA(r)
	x.readHolidays(r)
	x.readSymbols(r)
	x.readInputs(r)
	x.readIndicators(r)

	mine := x.errs
	for _, cp := range r.Check() {
		p := cp.Problem
		if p.Level == calc.Error && mine > 0 {
			continue // most likely a consequence of a problem reported with its cell
		}
		p.Loc.File = file // calc gives the sheet (cp.At)
		if p.Level == calc.Error {
			x.errs++
		}
		x.ps = append(x.ps, p)
	}
	if x.errs > 0 {
		return nil, x.ps
	}
	return r, x.ps
}

func (x *rbReader) readCatalogue(r *calc.Rules) {
	t := x.table(rbRules, rbRuleCols, true)
	if t == nil {
		return
	}
	seen := map[string]string{}
	for _, i := range t.data() {
		ok := true
		code, codeCell := t.val(i, "代码")
		code = strings.ToUpper(normText(code))
		switch {
		case code == "":
			x.add(calc.Error, t.sheet, codeCell, "规则缺少代码", "为每条规则填写唯一的代码，如 L04")
			ok = false
		case seen[code] != "":
			x.add(calc.Error, t.sheet, codeCell, fmt.Sprintf("规则代码 %s 重复（%s 已使用）", code, seen[code]), "每个代码只能出现一次")
			ok = false
		default:
			seen[code] = codeCell
		}
		catText, catCell := t.val(i, "类别")
		cat, known := rbCategory(catText)
		if !known {
			x.add(calc.Error, t.sheet, catCell, fmt.Sprintf("规则 %s 的类别「%s」未知", code, catText), "类别应为 加分、轻度违规、中度违规、重度违规、直接辞退 或 额外奖惩")
			ok = false
		}
		name, nameCell := t.val(i, "项目")
		if name == "" {
			x.add(calc.Error, t.sheet, nameCell, fmt.Sprintf("规则 %s 缺少项目名称", code), "填写制度中的项目名称")
			ok = false
		}
		lo, loBlank, okLo := x.dec(t, i, "最低分")
		hi, hiBlank, okHi := x.dec(t, i, "最高分")
		_, loCell := t.val(i, "最低分")
		switch {
		case !okLo || !okHi:
			ok = false
		case loBlank && hiBlank:
			if cat != calc.Dismissal {
				x.add(calc.Error, t.sheet, loCell, fmt.Sprintf("规则 %s 缺少分值", code), "填写最低分和最高分（固定分值两者相同）")
				ok = false
			}
			lo, hi = decimal.Zero, decimal.Zero
		case loBlank:
			lo = hi
		case hiBlank:
			hi = lo
		}
		if okLo && okHi && lo.GreaterThan(hi) {
			x.add(calc.Error, t.sheet, loCell, fmt.Sprintf("规则 %s 的最低分 %s 大于最高分 %s", code, lo, hi), "交换最低分与最高分")
			ok = false
		}
		if okLo && known && cat != calc.Discretionary && lo.IsNegative() {
			x.add(calc.Error, t.sheet, loCell, fmt.Sprintf("规则 %s 的分值为负数", code), "分值填正数，加分或扣分由类别决定")
			ok = false
		}
		perText, perCell := t.val(i, "计次方式")
		per, perOK := rbPerMonth(perText)
		if !perOK {
			x.add(calc.Error, t.sheet, perCell, fmt.Sprintf("规则 %s 的计次方式「%s」未知", code, perText), "填写 每次 或 每月一次")
			ok = false
		}
		note, _ := t.val(i, "说明")
		if ok {
			r.Catalogue = append(r.Catalogue, calc.Rule{Code: code, Category: cat, Name: name, Min: lo, Max: hi, PerMonth: per, Note: note})
		}
	}
	if len(r.Catalogue) == 0 && x.errs == 0 {
		x.add(calc.Error, t.sheet, "", "规则表没有任何规则", "至少填写一条规则")
	}
}

// rbCategory reads a 类别: the exact name, or a unique prefix (轻度 → 轻度违规).
func rbCategory(s string) (calc.Category, bool) {
	s = normText(s)
	if s == "" {
		return "", false
	}
	var hit []calc.Category
	for _, c := range rbCategories {
		if s == string(c) {
			return c, true
		}
		if strings.HasPrefix(string(c), s) {
			hit = append(hit, c)
		}
	}
	if len(hit) == 1 {
		return hit[0], true
	}
	return calc.Category(s), false
}

// rbPerMonth reads a 计次方式; blank is 每次.
func rbPerMonth(s string) (perMonth, ok bool) {
	switch strings.ReplaceAll(normText(s), " ", "") {
	case "", rbEach, "次", "每次计", "按次":
		return false, true
	case rbMonthly, "每月", "每月1次", "每月一次计", "按月":
		return true, true
	}
	return false, false
}

// rbTierRow is a tier with the sheet row it came from.
type rbTierRow struct {
	t   calc.Tier
	row int  // 0-based
	bad bool // points or code invalid (already reported)
}

func (x *rbReader) readTiers(r *calc.Rules) {
	t := x.table(rbTiers, rbTierCols, true)
	if t == nil {
		return
	}
	var late, inc []rbTierRow
	for _, i := range t.data() {
		ok := true
		kind, kindCell := t.val(i, "类型")
		kind = normText(kind)
		isLate := kind == rbLate || kind == "迟到" || kind == "早退" || kind == "迟到/早退"
		isInc := kind == rbIncident || kind == "突发事件超时"
		if !isLate && !isInc {
			x.add(calc.Error, t.sheet, kindCell, fmt.Sprintf("分档类型「%s」未知", kind), "填写 迟到早退 或 突发事件")
			ok = false
		}
		from, fromBlank, okFrom := x.int(t, i, "起始分钟")
		_, fromCell := t.val(i, "起始分钟")
		if okFrom && (fromBlank || from < 1) {
			x.add(calc.Error, t.sheet, fromCell, "起始分钟应为不小于1的整数", "每种类型的第一档从1分钟开始")
			okFrom = false
		}
		to, _, okTo := x.int(t, i, "截止分钟")
		_, toCell := t.val(i, "截止分钟")
		if okFrom && okTo && to != 0 && to < from {
			x.add(calc.Error, t.sheet, toCell, fmt.Sprintf("截止分钟 %d 小于起始分钟 %d", to, from), "截止分钟应不小于起始分钟；不封顶时留空")
			okTo = false
		}
		shape := ok && okFrom && okTo // the tier takes part in the overlap and gap checks
		tier := calc.Tier{From: from, To: to}
		pts, ptsBlank, okPts := x.dec(t, i, "分值")
		_, ptsCell := t.val(i, "分值")
		code, codeCell := t.val(i, "规则代码")
		code = strings.ToUpper(normText(code))
		switch {
		case isLate:
			if okPts && (ptsBlank || !pts.IsPositive()) {
				x.add(calc.Error, t.sheet, ptsCell, "迟到早退分档的分值应为正数", "填写本档每次的扣分，如 2")
				okPts = false
			}
			ok = okPts
			tier.Points = pts
		case isInc:
			if !ptsBlank && okPts {
				x.add(calc.Warning, t.sheet, ptsCell, "突发事件分档的分值不使用，分值取自所引用的规则", "分值一列留空")
			}
			if code == "" {
				x.add(calc.Error, t.sheet, codeCell, "突发事件分档缺少规则代码", "填写本档适用的规则代码，如 L13")
				ok = false
			} else if _, found := r.Rule(code); !found && len(r.Catalogue) > 0 {
				x.add(calc.Error, t.sheet, codeCell, fmt.Sprintf("规则代码「%s」在规则表中不存在", code), "填写规则表中的代码")
				ok = false
			}
			tier.Code = code
		}
		if !shape {
			continue
		}
		if isLate {
			late = append(late, rbTierRow{tier, i, !ok})
		} else {
			inc = append(inc, rbTierRow{tier, i, !ok})
		}
	}
	r.LateTiers = x.checkTiers(t, rbLate, late)
	r.IncidentTiers = x.checkTiers(t, rbIncident, inc)
}

// checkTiers sorts the tiers of one kind and reports a first tier not
// starting at 1, overlaps and gaps at the 起始分钟 cell of the later tier.
func (x *rbReader) checkTiers(t *rbTable, kind string, rs []rbTierRow) []calc.Tier {
	if len(rs) == 0 {
		x.add(calc.Error, t.sheet, "", kind+"没有任何分档", "至少填写一档，第一档从1分钟开始")
		return nil
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].t.From < rs[j].t.From })
	span := func(tr calc.Tier) string {
		if tr.To == 0 {
			return fmt.Sprintf("%d分钟以上", tr.From)
		}
		return fmt.Sprintf("%d–%d分钟", tr.From, tr.To)
	}
	out := make([]calc.Tier, 0, len(rs))
	for i, cur := range rs {
		fromCell := rbCell(t.col["起始分钟"], cur.row+1)
		if i == 0 && cur.t.From != 1 {
			x.add(calc.Error, t.sheet, fromCell, fmt.Sprintf("%s的第一档应从1分钟开始，现从%d分钟开始", kind, cur.t.From), "第一档的起始分钟填 1")
		}
		if i > 0 {
			p := rs[i-1]
			switch {
			case p.t.To == 0 || cur.t.From <= p.t.To:
				x.add(calc.Error, t.sheet, fromCell, fmt.Sprintf("%s分档重叠：本档（%s）与第%d行（%s）重叠", kind, span(cur.t), p.row+1, span(p.t)), "相邻分档应首尾相接；只有最后一档的截止分钟可以留空")
			case cur.t.From > p.t.To+1:
				x.add(calc.Error, t.sheet, fromCell, fmt.Sprintf("%s分档有空缺：%d–%d分钟不属于任何一档（第%d行与本行之间）", kind, p.t.To+1, cur.t.From-1, p.row+1), fmt.Sprintf("本档的起始分钟应为 %d", p.t.To+1))
			}
		}
		if !cur.bad {
			out = append(out, cur.t)
		}
	}
	return out
}

func (x *rbReader) readGrades(r *calc.Rules) {
	t := x.table(rbGrades, rbGradeCols, true)
	if t == nil {
		return
	}
	type band struct {
		g   calc.GradeBand
		row int
	}
	var bands []band
	seen := map[string]string{}
	failCell := ""
	for _, i := range t.data() {
		name, cell := t.val(i, "等级")
		name = normText(name)
		if name == "" {
			x.add(calc.Error, t.sheet, cell, "缺少等级名称", "填写等级名称，如 A")
			continue
		}
		if prev := seen[name]; prev != "" {
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("等级「%s」重复（%s 已有）", name, prev), "每个等级只能出现一次")
			continue
		}
		seen[name] = cell
		lo, blank, ok := x.dec(t, i, "分数下限")
		if !ok {
			continue
		}
		incText, incCell := t.val(i, "含下限")
		if blank {
			if failCell != "" {
				_, loCell := t.val(i, "分数下限")
				x.add(calc.Error, t.sheet, loCell, fmt.Sprintf("等级「%s」没有分数下限，而最低等级已是 %s", name, failCell), "只有最低等级（不合格）的分数下限留空")
				continue
			}
			failCell = cell
			r.FailGrade = name
			continue
		}
		inc, okInc := rbYes(incText)
		if !okInc {
			x.add(calc.Error, t.sheet, incCell, fmt.Sprintf("含下限「%s」应为 是 或 否", incText), "是：分数 ≥ 下限；否：分数 > 下限")
			continue
		}
		bands = append(bands, band{calc.GradeBand{Grade: name, Min: lo, Exclusive: !inc}, i})
	}
	if failCell == "" {
		x.add(calc.Error, t.sheet, "", "缺少最低等级：应有一行等级（如 不合格）的分数下限留空", "在最后一行填写 不合格，分数下限留空")
	}
	if len(bands) == 0 {
		x.add(calc.Error, t.sheet, "", "没有任何有分数下限的等级", "至少填写一个等级及其分数下限")
		return
	}
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].g.Min.GreaterThan(bands[j].g.Min) })
	for i, b := range bands {
		if i > 0 && b.g.Min.Equal(bands[i-1].g.Min) {
			p := bands[i-1]
			x.add(calc.Error, t.sheet, rbCell(t.col["分数下限"], b.row+1),
				fmt.Sprintf("等级分段重叠：%s 与 %s（第%d行）的分数下限都是 %s", b.g.Grade, p.g.Grade, p.row+1, b.g.Min),
				"各等级的分数下限应互不相同")
			continue
		}
		r.Grades = append(r.Grades, b.g)
	}
}

// rbYes reads 是/否 (blank is 是).
func rbYes(s string) (bool, bool) {
	switch strings.ToLower(normText(s)) {
	case "", "是", "含", "包含", "y", "yes", "true", "1", "√", "≥", ">=":
		return true, true
	case "否", "不含", "不包含", "n", "no", "false", "0", "×", ">":
		return false, true
	}
	return false, false
}

func (x *rbReader) readParams(r *calc.Rules) {
	t := x.table(rbParamSheet, rbParamCols, true)
	if t == nil {
		return
	}
	byName := map[string]*rbParam{}
	var names []string
	for i := range rbParams {
		byName[rbParams[i].name] = &rbParams[i]
		names = append(names, rbParams[i].name)
	}
	seen := map[string]string{}
	for _, i := range t.data() {
		name, nameCell := t.val(i, "名称")
		name = strings.Join(strings.Fields(normText(name)), "")
		if now, ok := rbParamAliases[name]; ok {
			name = now
		}
		p := byName[name]
		switch {
		case p == nil && rbParamObsolete[name] != "":
			x.add(calc.Warning, t.sheet, nameCell, fmt.Sprintf("参数「%s」已不再使用，已忽略", name), rbParamObsolete[name])
			continue
		case p == nil:
			x.add(calc.Error, t.sheet, nameCell, fmt.Sprintf("未知参数「%s」", name), "参数名称应为："+strings.Join(names, "、"))
			continue
		case seen[name] != "":
			x.add(calc.Error, t.sheet, nameCell, fmt.Sprintf("参数「%s」重复（%s 已有）", name, seen[name]), "每个参数只能出现一次")
			continue
		}
		seen[name] = nameCell
		v, cell := t.val(i, "值")
		bad := func(want string) {
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("参数「%s」的值「%s」无效：%s", name, v, want), p.meaning)
		}
		if v == "" {
			// Only a blank cell means the default: 0 is a value like any other.
			x.add(calc.Info, t.sheet, cell, fmt.Sprintf("参数「%s」未填写，使用默认值 %s", name, rbParamText(p, calc.DefaultRules())), p.meaning)
			continue
		}
		switch {
		case p.dec != nil:
			d, err := ParseDecimal(v)
			if err != nil {
				bad("应为数字")
				continue
			}
			*p.dec(r) = d
		case p.num != nil:
			d, err := ParseDecimal(v)
			if err != nil || !d.IsInteger() || d.Abs().GreaterThan(decimal.NewFromInt(1e9)) {
				bad("应为整数")
				continue
			}
			*p.num(r) = int(d.IntPart())
		case p.text != nil:
			*p.text(r) = v
		case p.flag != nil:
			switch strings.ReplaceAll(normText(v), " ", "") {
			case rbByTimes, "次数", "按次", "否":
				*p.flag(r) = false
			case rbByRules, "规则", "按规则数", "是":
				*p.flag(r) = true
			default:
				bad("应为 " + rbByTimes + " 或 " + rbByRules)
				continue
			}
		case p.clock != nil:
			m, next, err := ParseClock(v, x.date1904)
			if err != nil || next && p.name != "默认下班时间" {
				bad("应为时间，如 09:00")
				continue
			}
			*p.clock(r) = m
		case p.list != nil:
			*p.list(r) = rbSplitList(v)
		case p.yes != nil:
			b, ok := rbYes(v)
			if !ok {
				bad("应为 是 或 否")
				continue
			}
			*p.yes(r) = b
		}
	}
	def := calc.DefaultRules()
	for _, p := range rbParams {
		if seen[p.name] != "" {
			continue
		}
		x.add(calc.Warning, t.sheet, "", fmt.Sprintf("缺少参数「%s」，使用默认值 %s", p.name, rbParamText(&p, def)), p.meaning)
	}
}

// rbParamAliases maps former names of parameters to their names now.
var rbParamAliases = map[string]string{"最长连续工作分钟": "连续工作上限", "班内休息分钟": "休息分钟"}

// rbParamObsolete are parameters no longer used, with the reason.
var rbParamObsolete = map[string]string{
	"超时容忍分钟": "工作分钟 = 末次打卡 − 首次打卡 − 休息分钟，超过连续工作上限即警告，不再另设容差（D26）；可删除这一行",
}

// rbParamText formats a parameter's value of r for messages.
func rbParamText(p *rbParam, r *calc.Rules) string {
	switch {
	case p.dec != nil:
		return p.dec(r).String()
	case p.num != nil:
		return fmt.Sprint(*p.num(r))
	case p.text != nil:
		return *p.text(r)
	case p.flag != nil:
		if *p.flag(r) {
			return rbByRules
		}
		return rbByTimes
	case p.clock != nil:
		return rbClock(*p.clock(r))
	case p.list != nil:
		return strings.Join(*p.list(r), "、")
	case p.yes != nil:
		return rbYesNo(*p.yes(r))
	}
	return ""
}

// rbSplitList splits 组长、班长 (also commas, semicolons, spaces).
func rbSplitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(normText(s), func(c rune) bool { return strings.ContainsRune("、,，;；/ \t", c) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (x *rbReader) readQA(r *calc.Rules) {
	t := x.table(rbQA, rbQACols, true)
	if t == nil {
		return
	}
	seen := map[string]string{}
	for _, i := range t.data() {
		name, cell := t.val(i, "项目")
		name = normText(name)
		if name == "" {
			x.add(calc.Error, t.sheet, cell, "质检项目缺少名称", "填写项目名称，如 服务用语")
			continue
		}
		if seen[name] != "" {
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("质检项目「%s」重复（%s 已有）", name, seen[name]), "每个项目只能出现一次")
			continue
		}
		seen[name] = cell
		max, blank, ok := x.dec(t, i, "满分")
		if !ok {
			continue
		}
		if blank || !max.IsPositive() {
			_, mc := t.val(i, "满分")
			x.add(calc.Error, t.sheet, mc, fmt.Sprintf("质检项目「%s」的满分应为正数", name), "如 20")
			continue
		}
		r.QAItems = append(r.QAItems, calc.QAItem{Name: name, Max: max})
	}
}

func (x *rbReader) readHolidays(r *calc.Rules) {
	t := x.table(rbHolidays, rbHolidayCols, false)
	if t == nil {
		return
	}
	seen := map[time.Time]string{}
	for _, i := range t.data() {
		v, cell := t.val(i, "日期")
		d, err := ParseDate(v, 0, 0, x.date1904)
		if err != nil {
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("日期「%s」无法识别", v), "填写完整日期，如 2026-10-01")
			continue
		}
		if prev := seen[d]; prev != "" {
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("日期 %s 重复（%s 已有）", d.Format("2006-01-02"), prev), "每个日期只能出现一次")
			continue
		}
		seen[d] = cell
		kind, kindCell := t.val(i, "类型")
		switch normText(kind) {
		case rbHoliday, "休息", "放假", "节假日", "假日", "法定节假日":
			r.Holidays = append(r.Holidays, d)
		case rbWorkday, "上班", "补班", "工作日":
			r.Workdays = append(r.Workdays, d)
		default:
			x.add(calc.Error, t.sheet, kindCell, fmt.Sprintf("节假日类型「%s」未知", kind), "填写 休息日 或 调休上班")
		}
	}
	sort.Slice(r.Holidays, func(i, j int) bool { return r.Holidays[i].Before(r.Holidays[j]) })
	sort.Slice(r.Workdays, func(i, j int) bool { return r.Workdays[i].Before(r.Workdays[j]) })
}

func (x *rbReader) readSymbols(r *calc.Rules) {
	t := x.table(rbSymbols, rbSymbolCols, false)
	if t == nil {
		if idx, err := x.f.GetSheetIndex(rbSymbols); err != nil || idx < 0 {
			x.add(calc.Warning, rbSymbols, "", "规则工作簿没有「考勤符号」工作表，使用默认符号", "")
		}
		return
	}
	known := map[string]bool{}
	for _, w := range rbResultWords(r) {
		known[w] = true
	}
	syms := map[string]string{}
	seen := map[string]string{}
	for _, i := range t.data() {
		sym, cell := t.val(i, "符号")
		mean, meanCell := t.val(i, "含义")
		switch {
		case sym == "":
			x.add(calc.Error, t.sheet, cell, "考勤符号为空", "填写符号，如 √")
			continue
		case seen[sym] != "":
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("考勤符号「%s」重复（%s 已有）", sym, seen[sym]), "每个符号只能出现一次")
			continue
		case mean == "":
			x.add(calc.Error, t.sheet, meanCell, fmt.Sprintf("考勤符号「%s」缺少含义", sym), "填写考勤结果，如 正常")
			continue
		}
		seen[sym] = cell
		if !known[mean] {
			x.add(calc.Warning, t.sheet, meanCell, fmt.Sprintf("考勤符号「%s」的含义「%s」不是已知的考勤结果", sym, mean), "已知的考勤结果："+strings.Join(rbResultWords(r), "、")+"；请假词可在参数表“请假类别”中增加")
		}
		syms[sym] = mean
	}
	r.Symbols = syms
}

// rbPrint sets a sheet to print landscape on A4, fitted to the page width.
func rbPrint(f *excelize.File, sheet string) error {
	size, orient, one, zero, yes := 9, "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes})
}

// rbFitRow sets the height of a row whose wrapped text spans width
// character units (Excel does not size merged cells by itself).
func rbFitRow(f *excelize.File, sheet string, row int, text string, width float64) error {
	return rbSetLines(f, sheet, row, rbLines(text, width))
}

// rbLines estimates the lines text takes when wrapped at width units.
func rbLines(text string, width float64) int {
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		lines += int(float64(tplTextWidth(l))/width) + 1
	}
	return lines
}

// rbSetLines sets a row's height to hold the given number of lines.
func rbSetLines(f *excelize.File, sheet string, row, lines int) error {
	if lines <= 1 {
		return nil
	}
	return f.SetRowHeight(sheet, row, float64(lines)*15+3)
}
