package sheets

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

func TestParseShiftText(t *testing.T) {
	tests := []struct {
		in         string
		name       string
		start, end calc.Clock
	}{
		{"白班 09:00-18:00", "白班", calc.At(540), calc.At(1080)},
		{"白班09:00-18:00", "白班", calc.At(540), calc.At(1080)},
		{"夜班 21:00-次日06:00", "夜班", calc.At(1260), calc.At(360)},
		{"早班 8:30~17:30", "早班", calc.At(510), calc.At(1050)},
		{"休息", "休息", calc.Clock{}, calc.Clock{}},
		{"", "", calc.Clock{}, calc.Clock{}},
	}
	for _, tt := range tests {
		name, s, e := parseShiftText(tt.in)
		if name != tt.name || s != tt.start || e != tt.end {
			t.Errorf("parseShiftText(%q) = %q, %v, %v; want %q, %v, %v", tt.in, name, s, e, tt.name, tt.start, tt.end)
		}
	}
}

func TestPunchColumns(t *testing.T) {
	tests := []struct {
		name  string
		head  string
		last  int
		want  []punchPair
		below int
	}{
		{"dingtalk", "姓名|上班1打卡时间|上班1打卡结果|下班1打卡时间|下班1打卡结果|上班2打卡时间|上班2打卡结果|下班2打卡时间|下班2打卡结果", 0,
			[]punchPair{{true, 1, 1, 2, "上班1"}, {false, 1, 3, 4, "下班1"}, {true, 2, 5, 6, "上班2"}, {false, 2, 7, 8, "下班2"}}, 0},
		{"wecom", "时间|上班1|上班1|下班1|下班1\n时间|打卡时间|打卡状态|打卡时间|打卡状态", 1,
			[]punchPair{{true, 1, 1, 2, "上班1"}, {false, 1, 3, 4, "下班1"}}, 0},
		{"only results", "姓名|下班1打卡结果|上班1打卡结果", 0,
			[]punchPair{{true, 1, -1, 2, "上班1"}, {false, 1, -1, 1, "下班1"}}, 0},
		{"names below", "时间|上班1|上班1|下班1|下班1\n|打卡时间|打卡状态|打卡时间|打卡状态", 0,
			[]punchPair{{true, 1, 1, 2, "上班1"}, {false, 1, 3, 4, "下班1"}}, 2},
	}
	for _, tt := range tests {
		h := &header{last: tt.last, head: grid(tt.head)}
		if got, below := punchColumns(h); !reflect.DeepEqual(got, tt.want) || below != tt.below {
			t.Errorf("punchColumns(%s) = %+v, %d; want %+v, %d", tt.name, got, below, tt.want, tt.below)
		}
	}
}

// TestDingTalkIdentity matches rows without 工号 by the roster's
// 钉钉UserId, then by a unique name (warned once per id), and reports an
// unknown word at its cell.
func TestDingTalkIdentity(t *testing.T) {
	dir := t.TempDir()
	writeShapeRoster(t, dir)
	rows := [][]any{
		{"姓名", "工号", "UserId", "日期", "班次", "上班1打卡时间", "上班1打卡结果", "下班1打卡时间", "下班1打卡结果"},
		{"甲一", "", "dt2001", "26-11-02 星期一", "白班 09:00-18:00", "08:58", "正常", "18:00", "正常"},
		{"乙二", "", "unknown9", "26-11-02 星期一", "白班 09:00-18:00", "08:58", "正常", "18:00", "正常"},
		{"乙二", "", "unknown9", "26-11-03 星期二", "白班 09:00-18:00", "08:58", "正常", "18:00", "正常"},
		{"别人", "", "dt2003", "26-11-02 星期一", "白班 09:00-18:00", "08:58", "正常", "18:00", "正常"},
		{"丁四", "", "dt2004", "26-11-02 星期一", "白班 09:00-18:00", "08:58", "迟到吧", "18:00", "正常"},
		{"甲一", "", "dt2001", "26-11-03 星期二", "白班", "", "补卡审批通过", "18:00", "正常"},
	}
	writeBook(t, filepath.Join(dir, "钉钉.xlsx"), false, excelize.Options{}, testSheet{name: "每日统计", rows: rows})
	l, err := Load(dir, readerRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range l.Month.Days {
		ids = append(ids, d.ID+"@"+d.Date.Format("01-02"))
	}
	if want := []string{"2001@11-02", "2002@11-02", "2002@11-03", "2001@11-03"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("days = %v; want %v", ids, want)
	}
	// a punch made good by approval counts as punched at the shift's start
	if d := dayOf(l.Month.Days, "2001", 3); d.Status != "正常" || d.MissingPunches != 0 || d.WorkedMin != 540 {
		t.Errorf("day 2001 11-03 = %+v; want 正常, no missing punch, 540 minutes", d)
	}
	wantErr := []string{
		"钉钉.xlsx!每日统计!A5 姓名「别人」与花名册中钉钉UserId dt2003 对应的工号 2003 的姓名「丙三」不一致",
		"钉钉.xlsx!每日统计!G6 无法识别的打卡结果「吧」",
	}
	if got := problemLines(l.Problems, calc.Error); !reflect.DeepEqual(sortLinesCopy(got), sortLinesCopy(wantErr)) {
		t.Errorf("errors = %q; want %q", got, wantErr)
	}
	wantWarn := []string{"钉钉.xlsx!每日统计!C3 钉钉UserId unknown9 不在花名册中，已按姓名「乙二」匹配为工号 2002"}
	if got := problemLines(l.Problems, calc.Warning); !reflect.DeepEqual(got, wantWarn) {
		t.Errorf("warnings = %q; want %q", got, wantWarn)
	}
	if !strings.Contains(strings.Join(problemLines(l.Problems, calc.Info), "\n"), "识别为 钉钉每日统计") {
		t.Errorf("info = %q; want 识别为 钉钉每日统计", problemLines(l.Problems, calc.Info))
	}
}
