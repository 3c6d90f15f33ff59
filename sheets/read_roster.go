package sheets

import (
	"strings"

	"appraise/calc"
)

// readerFor returns the row parser of a detected sheet, or nil.
func (ld *loader) readerFor(h *header, src *sheetSrc) func(*rowCtx) {
	switch h.kind {
	case Roster:
		return ld.readRosterRow
	case Attendance:
		return ld.readAttendanceRow
	case QA:
		ld.checkQAHeader(h, src)
		return ld.readQARow
	case Events:
		return ld.readEventRow
	case Exams:
		return ld.readExamRow
	case Complaints:
		ld.m.ComplaintsGiven = true
		return ld.readComplaintRow
	case Adjustments:
		return ld.readAdjustmentRow
	case Workload:
		ld.m.WorkloadGiven = true
		return ld.readWorkloadRow
	case DingTalk:
		return ld.dingTalkReader(h)
	case WeCom:
		return ld.weComReader(h)
	case Punches:
		return ld.readPunchRow
	case Shifts:
		return ld.readShiftRow
	case Matrix, DingTalkMonth:
		return ld.matrixReader(h, src)
	}
	return nil
}

// readRosterRow parses a 花名册 row. Identity (duplicate 工号) is checked
// when all files are read.
func (ld *loader) readRosterRow(c *rowCtx) {
	e := calc.Employee{
		ID:       NormalizeID(c.raw("工号")),
		Name:     c.text("姓名"),
		Dept:     c.text("部门"),
		Team:     c.text("班组"),
		Role:     c.text("岗位"),
		LeftType: c.text("离职类型"),
		ClockID:  NormalizeID(c.raw("考勤号")),
		WeCom:    c.text("企业微信账号"),
		Loc:      c.loc("工号"),
	}
	e.DingTalkID = c.text("钉钉UserId")
	c.required("工号", e.ID)
	c.required("姓名", e.Name)
	c.required("班组", e.Team)
	c.required("岗位", e.Role)
	e.Hired, _ = c.date("入职日期", true)
	e.OnDuty, _ = c.date("上岗日期", false)
	e.Regular, _ = c.date("转正日期", false)
	e.Left, _ = c.date("离职日期", false)
	e.Salary = c.dec("月基本工资", false)
	if e.Salary.Valid && e.Salary.Decimal.IsNegative() {
		c.errorf("月基本工资", "请填写不小于 0 的金额", "月基本工资 不能为负数")
	}
	if !e.Left.IsZero() && !e.Hired.IsZero() && e.Left.Before(e.Hired) {
		c.errorf("离职日期", "请检查入职日期和离职日期", "离职日期 早于 入职日期")
	}
	if e.Role != "" && !knownRoles[e.Role] {
		c.warnf("岗位", "岗位应为 业务代表、组长、班长、质检员、培训专员、主管 或 主任；额外奖惩只给组长和班长，质检覆盖只查业务代表", "岗位「%s」不是制度中的岗位", e.Role)
	}
	// A row with errors is still kept when it has a 工号: the errors block
	// the payroll anyway, and dropping the person would make every other
	// row about them an "unknown 工号" error.
	if e.ID == "" {
		return
	}
	ld.employees = append(ld.employees, e)
}

// nameKey normalises a 姓名 for comparison: full-width folded, spaces removed
// (HR often pads two-character names: "张  三").
func nameKey(s string) string {
	return strings.Join(strings.Fields(normText(s)), "")
}

// knownRoles are the roles of the policy (岗位).
var knownRoles = map[string]bool{"业务代表": true, "组长": true, "班长": true, "质检员": true, "培训专员": true, "主管": true, "主任": true}
