package calc

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestLeaveStatusOf(t *testing.T) {
	tests := []struct {
		status, result string
		want           string
		ok             bool
	}{
		{"已通过", "", LeaveApproved, true},
		{"批准", "", LeaveApproved, true},
		{"已完成", "同意", LeaveApproved, true}, // DingTalk
		{"", "通过", LeaveApproved, true},
		{"已完成", "拒绝", LeaveRefused, true},
		{"审批中", "同意", LeavePending, true}, // not finished yet
		{"待审批", "", LeavePending, true},
		{"驳回", "", LeaveRefused, true},
		{"已撤回", "", LeaveRevoked, true},
		{"已作废", "", LeaveRevoked, true},
		{"已完成", "", "", false}, // DingTalk: 审批结果 tells
		{"不知道", "", "", false},
	}
	for _, tt := range tests {
		got, ok := LeaveStatusOf(tt.status, tt.result)
		if got != tt.want || ok != tt.ok {
			t.Errorf("LeaveStatusOf(%q, %q) = %q, %v; want %q, %v", tt.status, tt.result, got, ok, tt.want, tt.ok)
		}
	}
}

func TestProofOf(t *testing.T) {
	for in, want := range map[string]string{"": "", "有": "有", "已交": "有", "诊断书.jpg": "有", "无": "无", "未提供": "无", "否": "无"} {
		if got := ProofOf(in); got != want {
			t.Errorf("ProofOf(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestLeaveDays(t *testing.T) {
	r := DefaultRules()
	zero := DefaultRules()
	zero.LeaveDayHours = decimal.Zero
	tests := []struct {
		name  string
		r     *Rules
		n     string
		hours bool
		want  string
	}{
		{"days stay days", r, "1.5", false, "1.5"},
		{"hours by 每天请假小时数", r, "4", true, "0.5"},
		{"rounded to 0.01 day", r, "1", true, "0.13"},
		{"8 hours when the setting is 0", zero, "12", true, "1.5"},
	}
	for _, tt := range tests {
		if got := tt.r.LeaveDays(dec(tt.n), tt.hours); !got.Equal(dec(tt.want)) {
			t.Errorf("%s: LeaveDays(%s, %v) = %s; want %s", tt.name, tt.n, tt.hours, got, tt.want)
		}
	}
}

func TestSwapApproved(t *testing.T) {
	for in, want := range map[string]bool{"同意": true, "是": true, "√": true, "王班长": true, "": false, "否": false, "不同意": false, "×": false, "X": false, "无": false} {
		if got := SwapApproved(in); got != want {
			t.Errorf("SwapApproved(%q) = %v; want %v", in, got, want)
		}
	}
}

// TestShortDays covers D19: a workday is short when more than
// CoverageRatio of the employees due have no record, or only an absence
// without a punch.
func TestShortDays(t *testing.T) {
	r := DefaultRules() // CoverageRatio 0.5
	emps := []Employee{agent("1"), agent("2"), agent("3")}
	late := agent("4")
	late.Hired = nov(20) // due from the 20th only
	emps = append(emps, late)
	worked := func(id string, d int) Day { return Day{ID: id, Date: nov(d), Status: "正常", WorkedMin: 480} }
	var days []Day
	for d := 1; d <= 30; d++ {
		if !r.Workday(nov(d)) {
			continue
		}
		for _, id := range []string{"1", "2", "3", "4"} {
			switch {
			case d == 3 && id != "1": // three of four missing
			case d == 5 && id != "1": // absences without a punch are no evidence
				days = append(days, Day{ID: id, Date: nov(d), Status: "旷工", Absent: true})
			case d == 6 && id == "3": // one missing: a person's gap, not the export's
			case d < 20 && id == "4": // not hired yet
			default:
				days = append(days, worked(id, d))
			}
		}
	}
	days = append(days, worked("1", 31)) // not November: ignored
	short, worst := ShortDays(r, 2026, time.November, emps, days)
	if len(short) != 2 || short[0] != 3 || short[1] != 5 || worst != 2 {
		t.Errorf("ShortDays = %v, %d; want [3 5], 2", short, worst)
	}
	r.CoverageRatio = dec("0.6") // 2 of 3 is more than 0.6: still short
	if short, _ := ShortDays(r, 2026, time.November, emps, days); len(short) != 2 {
		t.Errorf("ShortDays(ratio 0.6) = %v; want [3 5]", short)
	}
	r.CoverageRatio = dec("0.7")
	if short, _ := ShortDays(r, 2026, time.November, emps, days); len(short) != 0 {
		t.Errorf("ShortDays(ratio 0.7) = %v; want none", short)
	}
}
