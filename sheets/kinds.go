package sheets

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
}

// SpecOf returns the spec of a kind.
func SpecOf(k Kind) *Spec {
	for i := range Specs {
		if Specs[i].Kind == k {
			return &Specs[i]
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
