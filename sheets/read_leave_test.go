package sheets

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

func at(d, h, m int) time.Time { return time.Date(2026, time.November, d, h, m, 0, 0, time.UTC) }

// TestReadDingTalkLeave reads DingTalk's approval export of leave as a
// 请假记录: half days (上午/下午), hours, 已完成 + 审批结果, a row without
// 工号 matched by its unique name, leave across the month's edge.
func TestReadDingTalkLeave(t *testing.T) {
	ld := loadFormat(t, "dingtalk_审批_请假_20261101-20261130.xlsx")
	if !ld.Month.LeaveGiven {
		t.Fatal("LeaveGiven = false; want true")
	}
	for _, p := range ld.Problems {
		if p.Level == calc.Error && p.Loc.File != "" {
			t.Errorf("error %v %s", p.Loc, p.Msg)
		}
	}
	file := "dingtalk_审批_请假_20261101-20261130.xlsx"
	want := []calc.Leave{
		{ID: "1001", Type: "事假", Start: at(4, 0, 0), End: at(5, 0, 0), Asked: at(2, 10, 15), Status: "已通过", Approvers: "王五", Days: decimal.NewFromInt(1), Ref: "202611021015000123456"},
		{ID: "1002", Type: "病假", Start: at(10, 0, 0), End: at(10, 12, 0), Asked: at(9, 19, 30), Status: "已通过", Approvers: "王五", Proof: "有", Days: decimal.RequireFromString("0.5"), Ref: "202611091930000223456"},
		{ID: "1004", Type: "调休", Start: at(12, 14, 0), End: at(12, 18, 0), Asked: at(11, 8, 30), Status: "已通过", Approvers: "王五", Days: decimal.RequireFromString("0.5"), Ref: "202611110830000323456"},
		{ID: "1001", Type: "事假", Start: at(17, 0, 0), End: at(19, 0, 0), Asked: at(16, 9, 5), Status: "已拒绝", Approvers: "王五", Days: decimal.NewFromInt(2), Ref: "202611160905000423456"},
		{ID: "1002", Type: "年假", Start: at(23, 0, 0), End: at(24, 0, 0), Asked: at(20, 8, 0), Status: "已撤销", Days: decimal.NewFromInt(1), Ref: "202611200800000523456"},
		{ID: "1003", Type: "事假", Start: at(27, 12, 0), End: at(28, 0, 0), Asked: at(26, 16, 0), Status: "审批中", Days: decimal.RequireFromString("0.5"), Ref: "202611261600000623456"},
		{ID: "1004", Type: "年假", Start: time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC), End: at(3, 0, 0), Asked: time.Date(2026, 10, 28, 9, 0, 0, 0, time.UTC), Status: "已通过", Approvers: "王五", Days: decimal.NewFromInt(2), Ref: "202610300900000723456"},
	}
	got := ld.Month.Leaves
	if len(got) != len(want) {
		t.Fatalf("%d leaves; want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		w.Loc = calc.Loc{File: file, Sheet: "请假", Cell: cellName(15, i+2)}
		if g.ID != w.ID || g.Type != w.Type || !g.Start.Equal(w.Start) || !g.End.Equal(w.End) || !g.Asked.Equal(w.Asked) ||
			g.Status != w.Status || g.Approvers != w.Approvers || g.Proof != w.Proof || !g.Days.Equal(w.Days) || g.Ref != w.Ref || g.Loc != w.Loc {
			t.Errorf("leave %d = %+v; want %+v", i, g, w)
		}
	}
	n := 0
	for _, p := range ld.Problems {
		if p.Level == calc.Warning && p.Msg == "工号为空，已按姓名「赵六」匹配为工号 1004" && p.Loc == (calc.Loc{File: file, Sheet: "请假", Cell: "H4"}) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("want one warning at H4 for the row matched by name; problems %v", ld.Problems)
	}
}

// TestReadLeaveAndSwapTemplates reads our own 请假记录 and 换班登记 with the
// errors each cell can have.
func TestReadLeaveAndSwapTemplates(t *testing.T) {
	dir := t.TempDir()
	writeBook(t, filepath.Join(dir, "花名册.xlsx"), false, excelize.Options{}, formatsRoster())
	writeBook(t, filepath.Join(dir, "请假.xlsx"), false, excelize.Options{}, testSheet{name: "请假记录", rows: [][]any{
		{"工号", "姓名", "请假类型", "开始时间", "结束时间", "申请时间", "审批状态", "审批人", "证明", "代请人", "时长(小时)"},
		{"1001", "张三", "事假", "2026-11-05 22:00", "2026-11-06 06:00", "2026-11-05 14:10", "已通过", "1003", "", "", "8"},
		{"1002", "李四", "病假", "2026-11-09", "2026-11-10", "2026-11-09 07:50", "待定", "", "无", "张三", ""},
		{"1003", "王五", "事假", "2026-11-12 18:00", "2026-11-12 09:00", "2026-11-10", "已通过", "", "", "", ""},
		{"1004", "赵六", "年假", "2026-12-01", "2026-12-02", "2026-11-20", "已通过", "", "", "", ""},
	}})
	writeBook(t, filepath.Join(dir, "换班.xlsx"), false, excelize.Options{}, testSheet{name: "换班登记", rows: [][]any{
		{"日期", "申请人工号", "申请人姓名", "替班人工号", "替班人姓名", "原班次", "还班日期", "申请人班长审批", "替班人班长审批"},
		{"2026-11-03", "1001", "张三", "1002", "李四", "夜班", "2026-11-10", "同意", ""},
		{"2026-11-04", "1001", "张三", "1001", "张三", "白班", "", "同意", "同意"},
		{"2026-11-05", "1004", "赵六", "1009", "", "白班", "", "同意", "不同意"},
	}})
	ld, err := Load(dir, calc.DefaultRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, p := range ld.Problems {
		if p.Level == calc.Error && p.Loc.File != "" { // no attendance: not this test's subject
			errs = append(errs, p.Loc.File+"!"+p.Loc.Cell+" "+p.Msg)
		}
	}
	wantErrs := []string{
		"换班.xlsx!D3 申请人与替班人是同一人（1001）",
		"请假.xlsx!G3 审批状态「待定」无法识别",
		"请假.xlsx!E4 结束时间 2026-11-12 09:00 不晚于开始时间 2026-11-12 18:00",
		"换班.xlsx!D4 工号 1009 不在花名册中",
	}
	if len(errs) != len(wantErrs) {
		t.Fatalf("errors %q; want %q", errs, wantErrs)
	}
	for _, w := range wantErrs {
		found := false
		for _, e := range errs {
			found = found || e == w
		}
		if !found {
			t.Errorf("missing error %q in %q", w, errs)
		}
	}
	if len(ld.Month.Leaves) != 1 {
		t.Fatalf("leaves %+v; want the night shift one only (December is outside the month)", ld.Month.Leaves)
	}
	l := ld.Month.Leaves[0]
	if !l.Start.Equal(at(5, 22, 0)) || !l.End.Equal(at(6, 6, 0)) || !l.Days.Equal(decimal.NewFromInt(1)) || l.Approvers != "1003" {
		t.Errorf("night leave = %+v; want 11-05 22:00 to 11-06 06:00, 1 day (8 hours), approver 1003", l)
	}
	if len(ld.Month.Swaps) != 1 {
		t.Fatalf("swaps %+v; want one", ld.Month.Swaps)
	}
	sw := ld.Month.Swaps[0]
	if sw.ID != "1001" || sw.StandIn != "1002" || !sw.Date.Equal(at(3, 0, 0)) || !sw.Return.Equal(at(10, 0, 0)) || !sw.LeadOK || sw.SubOK || sw.Shift != "夜班" {
		t.Errorf("swap = %+v", sw)
	}
	if !ld.Month.SwapsGiven || !ld.Month.LeaveGiven {
		t.Errorf("given flags = %v, %v; want both", ld.Month.SwapsGiven, ld.Month.LeaveGiven)
	}
}

// noArrive clears the arrival of days (D38, 提前10分钟到岗), which the
// attendance readers' tests written before it do not state.
func noArrive(days []calc.Day) []calc.Day {
	out := slices.Clone(days)
	for i := range out {
		out[i].ArriveLead, out[i].ArriveKnown = 0, false
	}
	return out
}

func noArrive1(d calc.Day) calc.Day { return noArrive([]calc.Day{d})[0] }
