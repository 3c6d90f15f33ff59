package templates

import (
	"fmt"
	"strings"

	"appraise/calc"
	"appraise/sheets"
)

// tplPolicyKinds are the templates of 请假记录, 换班登记 and 申诉处理 (D34, D36, D32).
func tplPolicyKinds(r *calc.Rules, id, name, date tplCol, example func(int) string) []tplKind {
	approve := tplListCheck([]string{"同意", "不同意"}, false)
	when := func(desc, ex string) tplCol {
		return tplCol{desc: desc, example: ex, width: 17, format: tplDateTimeFmt}
	}
	start := when("请假开始时间，如 2026-11-05 09:00；只写日期表示从当天开始，写“2026-11-05 下午”表示下午半天", example(5)+" 09:00")
	start.name = "开始时间"
	end := when("请假结束时间，如 2026-11-05 18:00；只写日期表示到当天结束，写“2026-11-05 上午”表示到上午为止", example(5)+" 18:00")
	end.name = "结束时间"
	asked := when(fmt.Sprintf("提出请假的时间。请假开始后才提出的，须经管理人员（%s）批准，否则按旷工处理（请假制度 二）", strings.Join(r.ManagerRoles, "、")), example(3)+" 10:30")
	asked.name = "申请时间"
	id.required, name.required = false, false
	return []tplKind{
		{spec: sheets.SpecOf(sheets.LeaveLog), cols: []tplCol{
			id, name,
			{name: "请假类型", desc: "请假类型：" + strings.Join(calc.LeaveTypes, "、") + "；可从下拉列表选择", example: "事假", width: 10, check: tplListCheck(calc.LeaveTypes, false)},
			start, end, asked,
			{name: "审批状态", desc: "审批状态：" + strings.Join(calc.LeaveStatuses, "、") + "；只有“已通过”的请假有效", example: calc.LeaveApproved, width: 10, check: tplListCheck(calc.LeaveStatuses, true)},
			{name: "审批结果", desc: "钉钉导出的审批结果（同意、拒绝），可留空；审批状态为“已完成”时按它判断", width: 10, check: tplListCheck([]string{"同意", "拒绝"}, false)},
			{name: "审批人", desc: fmt.Sprintf("批准人的工号或姓名（按花名册的岗位判断审批权限：%s天以内由%s批准，以上由%s批准），多人用顿号分隔", r.ApproveDays, strings.Join(r.DayApprovers, "或"), strings.Join(r.LongApprovers, "或")), example: "1002", width: 12},
			{name: "证明", desc: fmt.Sprintf("病假是否有医疗单位证明：有、无（病假满%s天须有证明，请假制度 五）", r.SickProofDays), width: 8, check: tplListCheck([]string{"有", "无"}, true)},
			{name: "代请人", desc: "他人代为请假时填写代请人姓名（事假须本人办理，病假除外，请假制度 四）", width: 10},
			{name: "时长", desc: "请假时长（天），如 1、0.5；留空时按开始、结束时间计算。写“4小时”按每天" + r.LeaveDayHours.String() + "小时折算", width: 8},
			{name: "完成时间", desc: "审批完成的时间（可选）", width: 17, format: tplDateTimeFmt},
			{name: "审批编号", desc: "审批单号（可选）", width: 14},
			{name: "请假事由", desc: "请假原因（可选）", width: 24},
		}, note: []string{
			"每次请假一行；也可以直接放入钉钉“审批”导出的请假记录（审批编号、审批状态、审批结果、发起时间、开始时间、结束时间、时长 …），按表头识别。",
			"提供本表后，考勤中的请假日如果没有覆盖当天的“已通过”请假，按旷工（S01）计分；不提供本表时，考勤中的请假按请假计。",
		}},
		{spec: sheets.SpecOf(sheets.SwapLog), cols: []tplCol{
			date,
			{name: "申请人工号", required: true, desc: "申请换班的员工工号（把“日期”的班换给替班人）", example: "1001", width: 10, format: tplTextFmt},
			{name: "申请人姓名", desc: "申请人姓名", example: "张三", width: 10},
			{name: "替班人工号", required: true, desc: "替班（顶班）的员工工号", example: "1003", width: 10, format: tplTextFmt},
			{name: "替班人姓名", desc: "替班人姓名", example: "王五", width: 10},
			{name: "原班次", desc: "换出的班次，如 白班、夜班", example: r.DefaultShift.Name, width: 8},
			{name: "还班日期", desc: "申请人还班（替对方上班）的日期；换班日、还班日均不得请假（换班制度 六）", example: example(12), width: 12, format: tplDateFmt},
			{name: "申请人班长审批", required: true, desc: "申请人班长是否同意（换班制度 二：须经双方班长同意）", example: "同意", width: 14, check: approve},
			{name: "替班人班长审批", required: true, desc: "替班人班长是否同意", example: "同意", width: 14, check: approve},
			{name: "备注", desc: "换班原因等", width: 20},
		}, note: []string{
			fmt.Sprintf("每次换班一行。每人每月换班不超过%d次、不得连续换班、节假日不得换班、须双方班长同意，不符合的列入“制度执行”提醒。", r.SwapMax),
			"替班人当天旷工或未到岗的按旷工处理，并提示按责任大小考核双方（换班制度 五）。",
		}},
		{spec: sheets.SpecOf(sheets.AppealLog), cols: []tplCol{
			id, name,
			{name: "申诉日期", desc: fmt.Sprintf("员工提出申诉的日期；晚于考核月最后一天后%d天（申诉天数）的给出警告", r.AppealDays), example: example(30), width: 12, format: tplDateFmt},
			{name: "涉及记录", desc: "申诉针对的记录：考核表“扣分明细”中该行的“来源”（文件!工作表!单元格，可直接复制），或规则代码加日期，如 L04 2026-11-05", example: "奖惩记录.xlsx!奖惩记录!C5", width: 30},
			{name: "处理结果", desc: "维持、撤销，或“改为 N 分”（N 为新的分值大小，须在规则的分值范围内）；可从下拉列表选择或直接输入", example: "改为 3 分", width: 12,
				check: tplListCheck([]string{calc.AppealKeep, calc.AppealRevoke, "改为 1 分", "改为 2 分", "改为 3 分", "改为 4 分", "改为 5 分"}, false)},
			{name: "处理人", desc: "处理申诉的人（姓名）", example: "张三", width: 10},
			{name: "说明", desc: "处理理由（可选），写入扣分明细的说明", width: 30},
		}, note: []string{
			"每条申诉处理一行，填写处理结果后再生成考核表：撤销的记录不再计分（扣分明细中保留并注明），改为的记录按新分值计，维持的注明已申诉。",
			"找不到涉及记录、或改为的分值超出规则范围的，列为错误，该条申诉不生效。",
		}},
	}
}

// softTemplateCols are the template columns of 软性指标评分; 指标 offers the
// rules' indicators as a drop-down list.
func softTemplateCols(r *calc.Rules, id, name tplCol) []tplCol {
	var names []string
	for _, x := range r.Indicators {
		names = append(names, x.Name)
	}
	ind := tplCol{name: "指标", desc: "软性指标：" + strings.Join(names, "、") + "（考核规则“指标”表）", width: 12}
	if len(names) > 0 {
		ind.example = names[0]
		ind.check = tplListCheck(names, false)
	}
	return []tplCol{id, name, ind,
		{name: "分值", desc: "评分，0–100", example: "90", width: 8, check: tplNumCheck(tplDecimal, 0, 100, "分值应在 0–100 之间")},
		{name: "评分人", desc: "评分的主管或同事", example: "王主管", width: 10},
		{name: "说明", desc: "评分依据", width: 30},
	}
}
