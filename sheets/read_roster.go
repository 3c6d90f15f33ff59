package sheets

import (
	"fmt"
	"strings"

	"appraise/calc"
)

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
	// The roles and exit types come from the rules, as in the template's
	// drop-downs (issue 10 item 5).
	if e.Role != "" && !ld.r.KnownRole(e.Role) {
		roles := ld.r.KnownRoles()
		c.warnf("岗位", fmt.Sprintf("岗位应为 %s（考核规则 参数表“岗位列表”）；额外奖惩只给%s，质检覆盖只查%s", strings.Join(roles, "、"), strings.Join(ld.r.LeaderRoles, "、"), strings.Join(ld.r.QARoles, "、")), "岗位「%s」不是制度中的岗位", e.Role)
	}
	if e.LeftType != "" && !ld.r.KnownExitType(e.LeftType) {
		exits := ld.r.KnownExitTypes()
		c.warnf("离职类型", fmt.Sprintf("离职类型应为 %s（考核规则 参数表“离职类型”“辞职类型”）；只有辞职类型（%s）会检查试用期内辞职、上岗一个月内辞职", strings.Join(exits, "、"), strings.Join(ld.r.ResignTypes, "、")), "离职类型「%s」不是已知的离职类型", e.LeftType)
	}
	// A row with errors is still kept when it has a 工号: the errors block
	// the payroll anyway, and dropping the person would make every other
	// row about them an "unknown 工号" error.
	if e.ID == "" {
		return
	}
	ld.employees = append(ld.employees, e)
}
