package sheets

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"appraise/calc"
)

func TestReportOrder(t *testing.T) {
	res := outFixture()
	res.Problems = append(res.Problems,
		calc.Problem{Level: calc.Error, Loc: calc.Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "A10"}, ID: "000124", Msg: "错误B"},
		calc.Problem{Level: calc.Error, Loc: calc.Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "B9"}, ID: "000124", Msg: "错误A"},
		calc.Problem{Level: calc.Error, Msg: "规则表缺少 S05"},
	)
	run := outRun()
	run.Payroll = false
	dir, _ := writeFixture(t, res, run)
	m := lineMap(dumpOf(t, filepath.Join(dir, "校验报告_2026-11.xlsx")))
	for i, h := range reportHeaders {
		if got := m[fmt.Sprintf("校验报告!%c2", 'A'+i)]; got != h {
			t.Errorf("校验报告!%c2 = %q; want %q", 'A'+i, got, h)
		}
	}
	if got, want := m["校验报告!A1"], "客服部2026年11月校验报告：错误3个，警告4个，提示1个"; got != want {
		t.Errorf("校验报告!A1 = %q; want %q", got, want)
	}
	var got []string
	for r := 3; ; r++ {
		lv, ok := m[fmt.Sprintf("校验报告!A%d", r)]
		if !ok {
			break
		}
		got = append(got, lv+"|"+m[fmt.Sprintf("校验报告!B%d", r)]+"|"+m[fmt.Sprintf("校验报告!D%d", r)]+"|"+m[fmt.Sprintf("校验报告!F%d", r)])
	}
	want := []string{
		"错误|||规则表缺少 S05",
		"错误|考勤.xlsx|B9|错误A",
		"错误|考勤.xlsx|A10|错误B",
		"警告|奖惩.xlsx|B2|说明为空",
		"警告|考勤.xlsx|C7|迟到25分钟，违纪",
		"警告|考勤.xlsx|C7|同一单元格的第二个问题",
		"警告|考勤.xlsx|C10|缺卡1次",
		"提示|||已读取 考勤.xlsx!考勤（考勤明细）",
	}
	if !slices.Equal(got, want) {
		t.Errorf("report rows =\n%v\nwant\n%v", got, want)
	}
}

func TestCellLess(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"C7", "C10", true},
		{"C10", "C7", false},
		{"B7", "A8", true},
		{"A7", "B7", true},
		{"Z7", "AA7", true},
		{"第7行", "第10行", true},
		{"第7行", "A7", true},
		{"A7", "第7行", false},
		{"", "A1", true},
		{"A1", "", false},
		{"", "", false},
		{"A1", "（表头）", true},
		{"（表头）", "A1", false},
		{"C7", "C7", false},
		{"C7:D9", "C8", true},
	}
	for _, tt := range tests {
		if got := cellLess(tt.a, tt.b); got != tt.want {
			t.Errorf("cellLess(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
