package calc

import (
	"time"

	"github.com/shopspring/decimal"
)

// The words of approval exports (请假记录 from DingTalk or a hand-made
// sheet, 换班登记) and what they mean for the policy, and the attendance
// coverage of a month (D19): decisions the readers of package sheets leave
// to calc.

// LeaveStatusOf maps a 请假记录 row's 审批状态 (and DingTalk's 审批结果) to one
// of LeaveStatuses; ok is false for words it does not know (DingTalk's
// 已完成 without a 审批结果 among them). The words are normalised text.
func LeaveStatusOf(status, result string) (string, bool) {
	switch result {
	case "同意", "通过", "已同意", "已通过":
		if status == "" || status == "已完成" || status == "完成" || status == "已通过" {
			return LeaveApproved, true
		}
	case "拒绝", "不同意", "已拒绝", "驳回":
		return LeaveRefused, true
	}
	switch status {
	case "已通过", "通过", "同意", "已同意", "已批准", "批准":
		return LeaveApproved, true
	case "审批中", "待审批", "进行中", "审核中":
		return LeavePending, true
	case "已拒绝", "拒绝", "不同意", "驳回", "已驳回":
		return LeaveRefused, true
	case "已撤销", "撤销", "已撤回", "撤回", "已终止", "终止", "已作废":
		return LeaveRevoked, true
	}
	return "", false
}

// ProofOf reads a 证明 cell of 请假记录: 有 when a proof is given (有, 是,
// 已提供, or anything else written, such as the file name of an
// attachment), 无 when the cell says none, "" when blank.
func ProofOf(v string) string {
	switch v {
	case "":
		return ""
	case "无", "否", "没有", "未提供":
		return "无"
	}
	return "有"
}

// LeaveDays converts a leave's 时长 to days: hours divide by the rules'
// 每天请假小时数 (8 when that is not positive), rounded to 0.01 day.
func (r *Rules) LeaveDays(n decimal.Decimal, hours bool) decimal.Decimal {
	if !hours {
		return n
	}
	per := r.LeaveDayHours
	if !per.IsPositive() {
		per = decimal.NewFromInt(8)
	}
	return n.Div(per).Round(2)
}

// SwapApproved reports whether a 班长审批 cell of 换班登记 approves: anything
// written but a refusal (同意, 是, √, the 班长's name …).
func SwapApproved(v string) bool {
	switch v {
	case "", "否", "不同意", "拒绝", "未批准", "未同意", "×", "x", "X", "无":
		return false
	}
	return true
}

// ShortDays returns the working days of the month on which more of the
// employees due that day than the rules' CoverageRatio have no attendance
// record, or only an absence without any punch (D19: the export is
// incomplete, e.g. it stops on the 15th, or a punch log that stops leaves
// inferred absences), and the most employees missing on one of them. A gap
// for one person stays a warning of Appraise (D7).
func ShortDays(r *Rules, year int, month time.Month, emps []Employee, days []Day) (short []int, worst int) {
	last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	// seen[slot] has bit d−1 set when day d of the 工号 of slot has a
	// record; one slot per distinct 工号 of the roster
	slot := make(map[string]int32, len(emps))
	of := make([]int32, len(emps))
	for i := range emps {
		n, ok := slot[emps[i].ID]
		if !ok {
			n = int32(len(slot))
			slot[emps[i].ID] = n
		}
		of[i] = n
	}
	seen := make([]uint32, len(slot))
	lastID, lastSlot := "", int32(-1) // the days of one person usually come together
	for i := range days {
		d := &days[i]
		y, m, dd := d.Date.Date()
		if y != year || m != month {
			continue
		}
		if d.Absent && d.WorkedMin == 0 && d.MissingPunches == 0 && d.LateMin == 0 {
			// an absence without a punch is what a punch log that stops
			// early leaves behind (D7 infers it): no evidence of the day
			continue
		}
		if lastSlot < 0 || d.ID != lastID {
			n, ok := slot[d.ID]
			if !ok {
				continue // not on the roster: never due
			}
			lastID, lastSlot = d.ID, n
		}
		seen[lastSlot] |= 1 << (dd - 1)
	}
	for day := 1; day <= last; day++ {
		t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
		if !r.Workday(t) {
			continue
		}
		bit := uint32(1) << (day - 1)
		due, missing := 0, 0
		for i := range emps {
			e := &emps[i]
			if (!e.Hired.IsZero() && e.Hired.After(t)) || (!e.Left.IsZero() && e.Left.Before(t)) {
				continue
			}
			due++
			if seen[of[i]]&bit == 0 {
				missing++
			}
		}
		if due == 0 {
			continue
		}
		if decimal.NewFromInt(int64(missing)).GreaterThan(r.CoverageRatio.Mul(decimal.NewFromInt(int64(due)))) {
			short = append(short, day)
			worst = max(worst, missing)
		}
	}
	return short, worst
}
