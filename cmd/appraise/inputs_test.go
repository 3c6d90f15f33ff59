package main

import (
	"strings"
	"testing"
)

// TestRulesPrintsInputs: appraise rules shows the 输入清单 (D19).
func TestRulesPrintsInputs(t *testing.T) {
	code, stdout, stderr := runCLI(t, "rules")
	want := "每月必需的输入：花名册、考勤、服务质量综合考评表、奖惩记录、考试成绩、投诉记录；可选：额外奖惩、工作量、排班表、请假记录、换班登记、申诉处理、软性指标评分。"
	if code != exitOK || !strings.Contains(stdout, want) {
		t.Errorf("rules = %d, %q; want 0 and %q\n%s", code, stdout, want, stderr)
	}
}
