package sheets

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// TestReadWeCom reads a WeCom report whose name and account columns are
// named, with the punch names in an unmerged row under the groups (the row
// is skipped as a header): minutes from the status words when there is no
// minutes column, people by 企业微信账号, else by a unique name.
func TestReadWeCom(t *testing.T) {
	dir := t.TempDir()
	writeShapeRoster(t, dir)
	writeBook(t, filepath.Join(dir, "日报.xlsx"), false, excelize.Options{}, testSheet{name: "日报", rows: [][]any{
		{"时间", "姓名", "账号", "部门", "所属规则", "班次", "考勤结果", "上班1", "", "下班1", ""},
		{"", "", "", "", "", "", "", "打卡时间", "打卡状态", "打卡时间", "打卡状态"},
		{"2026/11/02 星期一", "甲一", "wx2001", "客服部", "规则", "白班09:00-18:00", "异常", "09:15", "迟到15分钟", "17:58", "早退2分钟"},
		{"2026/11/02 星期一", "乙二", "wxOLD", "客服部", "规则", "白班09:00-18:00", "正常", "08:50", "正常", "18:00", "补卡审批通过"},
		{"2026/11/02 星期一", "别人", "wx2003", "客服部", "规则", "白班09:00-18:00", "正常", "08:50", "正常", "18:00", "正常"},
		{"2026/11/03 星期二", "丁四", "--", "客服部", "规则", "白班09:00-18:00", "外出", "--", "--", "--", "--"},
	}, merges: [][2]string{{"H1", "I1"}, {"J1", "K1"}}})
	l, err := Load(dir, readerRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	loc := func(cell string) calc.Loc { return calc.Loc{File: "日报.xlsx", Sheet: "日报", Cell: cell} }
	want := []calc.Day{
		{ID: "2001", Date: day(11, 2), Status: "迟到", Late: true, LateMin: 15, Early: true, EarlyMin: 2, WorkedMin: 523, Loc: loc("G3")},
		{ID: "2002", Date: day(11, 2), Status: "正常", WorkedMin: 550, Loc: loc("G4")},
		{ID: "2004", Date: day(11, 3), Status: "出差", Loc: loc("G6")},
	}
	if !reflect.DeepEqual(noArrive(l.Month.Days), want) {
		t.Errorf("days =\n%+v\nwant\n%+v", l.Month.Days, want)
	}
	wantErr := []string{"日报.xlsx!日报!B5 姓名「别人」与花名册中企业微信账号 wx2003 对应的工号 2003 的姓名「丙三」不一致"}
	if got := problemLines(l.Problems, calc.Error); !reflect.DeepEqual(got, wantErr) {
		t.Errorf("errors = %q; want %q", got, wantErr)
	}
	wantWarn := []string{
		"日报.xlsx!日报!C4 企业微信账号 wxOLD 不在花名册中，已按姓名「乙二」匹配为工号 2002",
		"日报.xlsx!日报!C6 工号为空，已按姓名「丁四」匹配为工号 2004",
	}
	if got := problemLines(l.Problems, calc.Warning); !reflect.DeepEqual(got, wantWarn) {
		t.Errorf("warnings = %q; want %q", got, wantWarn)
	}
	if info := problemLines(l.Problems, calc.Info); !hasLine(info, "日报.xlsx!日报!第1行 识别为 企业微信打卡日报（表头在第1行）") {
		t.Errorf("info = %q; want 识别为 企业微信打卡日报 at row 1", info)
	}
}
