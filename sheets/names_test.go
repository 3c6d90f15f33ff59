package sheets

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestNames(t *testing.T) {
	got := Names(2026, 3)
	want := OutputNames{
		Appraisal: "月度考核表_2026-03.xlsx", Notice: "考核通知单_2026-03.xlsx",
		Payroll: "绩效工资调整表_2026-03.xlsx", PayrollCSV: "绩效工资调整表_2026-03.csv",
		Report: "校验报告_2026-03.xlsx", Manifest: "manifest.json", Final: "定稿.json", TeamDir: "班组",
	}
	if got != want {
		t.Errorf("Names(2026, 3) = %+v; want %+v", got, want)
	}
	from, to := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct{ got, want string }{
		{AppraisalName(2026, 11), "月度考核表_2026-11.xlsx"},
		{NoticeName(2026, 11), "考核通知单_2026-11.xlsx"},
		{DiffName(2026, 11, 2), "绩效工资差额表_2026-11_更正2"},
		{CorrectionDir(2), "更正2"},
		{SummaryName(from, to), "考核汇总_2026-06至2026-11.xlsx"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("name %q; want %q", tt.got, tt.want)
		}
	}
	for name, want := range map[string]bool{got.Payroll: true, got.PayrollCSV: true, got.Appraisal: false, "绩效工资差额表_2026-03_更正1.csv": false} {
		if IsPayrollName(name) != want {
			t.Errorf("IsPayrollName(%q) = %v; want %v", name, !want, want)
		}
	}
}

func panicky() { panic(fmt.Errorf("索引越界")) }

// TestRecovered: a recovered panic keeps a short Chinese text and the
// stack of the function that panicked.
func TestRecovered(t *testing.T) {
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				err = Recovered("读取工作表时发生内部错误", p)
			}
		}()
		panicky()
	}()
	var ie *InternalError
	if !errors.As(err, &ie) {
		t.Fatalf("Recovered = %T; want *InternalError", err)
	}
	if ie.Error() != "读取工作表时发生内部错误：索引越界" || !strings.Contains(string(ie.Stack), "sheets.panicky") {
		t.Errorf("InternalError %q; stack without sheets.panicky:\n%s", ie.Error(), ie.Stack)
	}
}
