package templates

import (
	"github.com/shopspring/decimal"

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
	rbEach     = "每次"
	rbMonthly  = "每月一次"
	rbLate     = "迟到早退"
	rbIncident = "突发事件"
	rbHoliday  = "休息日"
	rbWorkday  = "调休上班"
	rbByTimes  = "按次数"
	rbByRules  = "按规则"
)

// rbCategories are the categories of the catalogue, in the policy's order.
var rbCategories = []calc.Category{calc.Bonus, calc.Light, calc.Medium, calc.Severe, calc.Dismissal, calc.Discretionary}

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
