package sheets

import (
	"fmt"
	"strconv"
)

// Kind is a kind of input sheet, recognised by its header row.
type Kind int

// The input kinds of the spec. Unknown is a sheet that matches none.
const (
	Unknown Kind = iota
	Roster
	Attendance // daily records, our template (kind 2a)
	QA
	Events
	Exams
	Complaints
	Adjustments
	Workload
	// Attendance in the shapes other systems export (kinds 2b–2d).
	DingTalk // DingTalk 考勤报表, sheet 每日统计
	WeCom    // WeCom 上下班打卡_日报
	Punches  // clock-machine punches, one per row
	Shifts   // 排班表: the shift of each person and day, for Punches
	Matrix   // hand-made monthly matrix: day columns holding symbols
	// DingTalk 月度汇总: a matrix whose day columns hold 打卡结果 words.
	DingTalkMonth
	Soft      // 软性指标评分 (D40), optional
	LeaveLog  // 请假记录, also DingTalk's leave approval export (D34)
	SwapLog   // 换班登记 (D36)
	AppealLog // 申诉处理 (D32)
)

// Column is one column of an input kind: the canonical header, the other
// headers accepted for it (compared after normalising spaces, brackets and
// full-width characters), and whether a sheet of the kind must have it.
type Column struct {
	Name     string
	Aliases  []string
	Required bool
}

// Spec describes an input kind: its Chinese name and columns.
type Spec struct {
	Kind    Kind
	Name    string // shown in the validation report and used as template file name
	Columns []Column
}

var (
	colID   = Column{Name: "工号", Aliases: []string{"员工编号", "编号", "人员编号", "职工号", "员工工号", "工号/编号"}, Required: true}
	colName = Column{Name: "姓名", Aliases: []string{"员工姓名", "名字", "人员姓名"}}
	colDate = Column{Name: "日期", Aliases: []string{"考勤日期", "Date", "时间", "发生日期"}, Required: true}
)

func req(c Column) Column { c.Required = true; return c }

// Specs lists the input kinds in the order the validation report uses.
var Specs = []Spec{
	{Roster, "花名册", []Column{
		colID, req(colName),
		{Name: "部门", Aliases: []string{"所属部门"}},
		{Name: "班组", Aliases: []string{"组别", "小组", "班组名称"}, Required: true},
		{Name: "岗位", Aliases: []string{"职位", "职务"}, Required: true},
		{Name: "入职日期", Aliases: []string{"入职时间", "入司日期"}, Required: true},
		{Name: "上岗日期", Aliases: []string{"上岗时间", "培训结束日期"}},
		{Name: "转正日期", Aliases: []string{"转正时间"}},
		{Name: "离职日期", Aliases: []string{"离职时间"}},
		{Name: "离职类型", Aliases: []string{"离职原因类型"}},
		{Name: "月基本工资", Aliases: []string{"基本工资", "月薪", "基本月薪"}},
		{Name: "考勤号", Aliases: []string{"考勤编号", "登记号码", "打卡号"}},
		{Name: "钉钉UserId", Aliases: []string{"钉钉ID", "UserId", "钉钉userid"}},
		{Name: "企业微信账号", Aliases: []string{"企业微信ID", "企微账号", "企业微信"}},
	}},
	{Attendance, "考勤明细", []Column{
		colID, colName, colDate,
		{Name: "班次", Aliases: []string{"班次名称"}},
		{Name: "应上班时间", Aliases: []string{"上班时间"}},
		{Name: "应下班时间", Aliases: []string{"下班时间"}},
		{Name: "上班打卡", Aliases: []string{"上班打卡时间", "签到时间"}},
		{Name: "下班打卡", Aliases: []string{"下班打卡时间", "签退时间"}},
		{Name: "考勤结果", Aliases: []string{"考勤状态", "出勤状态", "打卡结果"}},
		{Name: "迟到分钟", Aliases: []string{"迟到时长", "迟到(分钟)", "迟到时长(分钟)"}},
		{Name: "早退分钟", Aliases: []string{"早退时长", "早退(分钟)", "早退时长(分钟)"}},
		{Name: "备注", Aliases: []string{"说明"}},
	}},
	{QA, "服务质量综合考评表", []Column{
		colDate, colID, colName,
		{Name: "质检员", Aliases: []string{"考评人", "评分人"}},
		// the check items come from the rules (Rules.QAItems)
		{Name: "总分", Aliases: []string{"合计得分", "得分"}},
		{Name: "差错次数", Aliases: []string{"错误次数"}},
		{Name: "差错扣分", Aliases: []string{"每次差错扣分"}},
		{Name: "备注", Aliases: []string{"说明"}},
	}},
	{Events, "奖惩记录", []Column{
		colDate, colID, colName,
		{Name: "项目", Aliases: []string{"规则", "奖惩项目", "违规项目", "考核项目", "事项"}, Required: true},
		{Name: "次数", Aliases: []string{"数量"}},
		{Name: "分值", Aliases: []string{"分数", "扣分", "加扣分"}},
		{Name: "超时分钟", Aliases: []string{"超时时长", "超时(分钟)"}},
		{Name: "离岗分钟", Aliases: []string{"离岗时长", "脱岗分钟", "离岗(分钟)"}},
		{Name: "赔偿金额", Aliases: []string{"赔偿", "赔偿款"}},
		{Name: "记录人", Aliases: []string{"登记人"}},
		{Name: "说明", Aliases: []string{"备注", "描述"}},
	}},
	{Exams, "考试成绩", []Column{
		colID, colName,
		{Name: "考试日期", Aliases: []string{"日期"}},
		{Name: "成绩", Aliases: []string{"分数", "考试成绩", "得分"}, Required: true},
		{Name: "满分", Aliases: []string{"总分"}},
	}},
	{Complaints, "投诉记录", []Column{
		colDate, colID, colName,
		{Name: "是否有效", Aliases: []string{"有效投诉", "是否有效投诉"}, Required: true},
		{Name: "描述", Aliases: []string{"投诉内容", "说明"}},
	}},
	{Adjustments, "额外奖惩", []Column{
		colID, colName,
		{Name: "分值", Aliases: []string{"分数", "奖惩分值"}, Required: true},
		{Name: "理由", Aliases: []string{"原因", "奖惩理由"}, Required: true},
		{Name: "评定人", Aliases: []string{"评定", "评分人"}},
	}},
	{Workload, "工作量", []Column{
		colID, colName,
		{Name: "接待量", Aliases: []string{"接待数", "接听量"}, Required: true},
		{Name: "解决量", Aliases: []string{"解决数"}},
		{Name: "平均处理时长", Aliases: []string{"平均时长"}},
		{Name: "满意度", Aliases: []string{"客户满意度"}},
	}},
	{Soft, "软性指标评分", []Column{colID, colName, {Name: "指标", Aliases: []string{"考核指标", "评分指标"}, Required: true},
		{Name: "分值", Aliases: []string{"分数", "评分"}, Required: true}, {Name: "评分人", Aliases: []string{"评分者", "考评人"}, Required: true},
		{Name: "说明", Aliases: []string{"备注"}}}},
	{LeaveLog, "请假记录", leaveColumns},
	{SwapLog, "换班登记", swapColumns},
	{AppealLog, "申诉处理", appealColumns},
}

// ShapeSpecs are the attendance shapes other systems export (DingTalk,
// WeCom, clock punches with their 排班表, hand-made matrices): recognised
// like Specs, but without a template of their own.
var ShapeSpecs = []Spec{
	{DingTalk, "钉钉每日统计", []Column{
		req(colName),
		{Name: "工号", Aliases: []string{"员工工号", "职工号"}},
		{Name: "UserId", Aliases: []string{"钉钉UserId", "钉钉ID", "userid"}},
		{Name: "日期", Aliases: []string{"考勤日期"}, Required: true},
		{Name: "考勤组"}, {Name: "部门"}, {Name: "职位"}, {Name: "班次"},
		{Name: "上班1打卡时间"}, {Name: "上班1打卡结果"}, {Name: "下班1打卡时间"}, {Name: "下班1打卡结果"},
		{Name: "关联的审批单", Aliases: []string{"审批单"}},
		{Name: "出勤天数"}, {Name: "休息天数"}, {Name: "工作时长"},
		{Name: "迟到时长"}, {Name: "严重迟到时长"}, {Name: "早退时长"},
		{Name: "旷工迟到次数"}, {Name: "旷工天数"}, {Name: "上班缺卡次数"}, {Name: "下班缺卡次数"},
	}},
	{WeCom, "企业微信打卡日报", []Column{
		{Name: "时间", Aliases: []string{"日期"}, Required: true},
		colName,
		{Name: "账号", Aliases: []string{"企业微信账号", "成员账号", "UserID"}},
		{Name: "部门"}, {Name: "职务"}, {Name: "所属规则"}, {Name: "班次"},
		{Name: "最早"}, {Name: "最晚"}, {Name: "打卡次数"},
		{Name: "标准工作时长"}, {Name: "实际工作时长"}, {Name: "假勤申请"}, {Name: "考勤结果"},
		{Name: "异常合计"}, {Name: "迟到次数"}, {Name: "迟到时长"}, {Name: "早退次数"}, {Name: "早退时长"},
		{Name: "旷工次数"}, {Name: "旷工时长"}, {Name: "缺卡次数"},
	}},
	{Punches, "打卡记录", []Column{
		{Name: "工号", Aliases: []string{"员工编号", "员工工号", "职工号"}},
		colName,
		{Name: "登记号码", Aliases: []string{"考勤号", "考勤号码", "考勤编号", "用户号", "用户编号", "AC-No.", "AC-No"}},
		{Name: "打卡时间", Aliases: []string{"日期时间", "签到时间", "刷卡时间"}, Required: true},
		{Name: "部门"}, {Name: "机器号", Aliases: []string{"设备号", "机器编号"}},
		{Name: "比对方式", Aliases: []string{"验证方式"}}, {Name: "卡号"},
		// DingTalk 原始记录: one row per punch
		{Name: "UserId", Aliases: []string{"钉钉UserId", "钉钉ID", "userid"}},
		{Name: "考勤日期", Aliases: []string{"日期"}},
		{Name: "考勤组"}, {Name: "职位"}, {Name: "考勤时间"}, {Name: "打卡结果"}, {Name: "打卡地址"}, {Name: "打卡备注"},
	}},
	{Shifts, "排班表", []Column{
		colID, colName, colDate,
		{Name: "班次", Aliases: []string{"班次名称", "排班"}},
		{Name: "上班时间", Aliases: []string{"应上班时间", "开始时间"}},
		{Name: "下班时间", Aliases: []string{"应下班时间", "结束时间"}},
	}},
	{Matrix, "手工考勤表", matrixColumns()},
	{DingTalkMonth, "钉钉月度汇总", append(matrixColumns(),
		Column{Name: "考勤组"}, Column{Name: "职位"}, Column{Name: "出勤天数"}, Column{Name: "休息天数"},
		Column{Name: "工作时长"}, Column{Name: "迟到次数"}, Column{Name: "迟到时长"}, Column{Name: "早退次数"},
		Column{Name: "早退时长"}, Column{Name: "旷工天数"}, Column{Name: "上班缺卡次数"}, Column{Name: "下班缺卡次数"})},
}

// matrixColumns are the columns of the hand-made matrix: who, and one
// column per day of the month (1 … 31, also written 1日 or 01).
func matrixColumns() []Column {
	cols := []Column{colID, req(colName), {Name: "序号"}, {Name: "班组", Aliases: []string{"组别", "小组"}}, {Name: "部门"},
		{Name: "UserId", Aliases: []string{"钉钉UserId", "钉钉ID", "userid"}}} // DingTalk 月度汇总
	cols[0].Required = false
	for d := 1; d <= 31; d++ {
		n := strconv.Itoa(d)
		cols = append(cols, Column{Name: n, Aliases: []string{n + "日", n + "号", fmt.Sprintf("%02d", d)}})
	}
	return cols
}

// detectSpecs are the kinds header detection tries.
var detectSpecs = append(append([]Spec(nil), Specs...), ShapeSpecs...)

// SpecOf returns the spec of a kind.
func SpecOf(k Kind) *Spec {
	for i := range Specs {
		if Specs[i].Kind == k {
			return &Specs[i]
		}
	}
	for i := range ShapeSpecs {
		if ShapeSpecs[i].Kind == k {
			return &ShapeSpecs[i]
		}
	}
	return nil
}

// String is the Chinese name of the kind.
func (k Kind) String() string {
	if s := SpecOf(k); s != nil {
		return s.Name
	}
	return "未识别"
}
