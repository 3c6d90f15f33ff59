package sheets

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

func TestParseLegend(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]string
		ok   bool
	}{
		{"说明：出勤√  迟到 迟  早退 早  旷工 旷  事假 事", map[string]string{"√": "正常", "迟": "迟到", "早": "早退", "旷": "旷工", "事": "事假"}, true},
		{"图例：√=出勤，×=旷工，△=迟到，○=事假", map[string]string{"√": "正常", "×": "旷工", "△": "迟到", "○": "事假"}, true},
		{"注：√出勤 ●病假 ◎年假", map[string]string{"√": "正常", "●": "病假", "◎": "年假"}, true},
		{"休息 休  调休 调  出差 差", map[string]string{"休": "休息", "调": "调休", "差": "出差"}, true},
		{"说明：请按时填写", nil, false},
		{"出勤 请用√表示 迟到", nil, false},
		{"出勤 √ 迟到 √", nil, false},
	}
	for _, tt := range tests {
		got, ok := parseLegend(calc.WordsOf(calc.DefaultRules()), tt.in)
		if ok != tt.ok || (ok && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("parseLegend(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// matrixBook writes a small matrix: 工号, 姓名, days 1 … 31 and rows.
func matrixBook(t *testing.T, path string, people [][]any, legend string) {
	t.Helper()
	head := []any{"工号", "姓名"}
	for d := 1; d <= 31; d++ {
		head = append(head, d)
	}
	rows := append([][]any{{"考勤表"}, head}, people...)
	if legend != "" {
		rows = append(rows, nil, []any{legend})
	}
	writeBook(t, path, false, excelize.Options{}, testSheet{name: "考勤", rows: rows})
}

func TestReadMatrix(t *testing.T) {
	loc := func(cell string) calc.Loc { return calc.Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: cell} }
	tests := []struct {
		name   string
		row    []any
		legend string
		days   []calc.Day
		errors []string
		info   string
		total  int // days read when more than the days listed (0: as many)
	}{
		{"legend decides", []any{"2001", "甲一", "○", "△", "迟", "×"}, "图例：○=出勤，△=迟到，×=旷工", []calc.Day{
			{ID: "2001", Date: day(11, 1), Status: "正常", Loc: loc("C3")},
			{ID: "2001", Date: day(11, 2), Status: "迟到", Late: true, Loc: loc("D3")},
			{ID: "2001", Date: day(11, 3), Status: "迟到", Late: true, Loc: loc("E3")}, // not in the legend: the rules' symbol
			{ID: "2001", Date: day(11, 4), Status: "旷工", Absent: true, Loc: loc("F3")},
		}, nil, "考勤.xlsx!考勤!第5行 按表中图例读取考勤符号（3 个）", 0},
		{"rules without a legend", []any{"2001", "甲一", "√", "迟15", "早", "事假", "病"}, "", []calc.Day{
			{ID: "2001", Date: day(11, 1), Status: "正常", Loc: loc("C3")},
			{ID: "2001", Date: day(11, 2), Status: "迟到", Late: true, LateMin: 15, Loc: loc("D3")},
			{ID: "2001", Date: day(11, 3), Status: "早退", Early: true, Loc: loc("E3")},
			{ID: "2001", Date: day(11, 4), Status: "事假", Leave: "事假", Loc: loc("F3")},
			{ID: "2001", Date: day(11, 5), Status: "病假", Leave: "病假", Loc: loc("G3")},
		}, nil, "考勤.xlsx!考勤 表中没有图例，按规则中的考勤符号读取", 0},
		{"unknown symbol", []any{"2001", "甲一", "√", "★", "√"}, "", []calc.Day{
			{ID: "2001", Date: day(11, 1), Status: "正常", Loc: loc("C3")},
			{ID: "2001", Date: day(11, 3), Status: "正常", Loc: loc("E3")},
		}, []string{"考勤.xlsx!考勤!D3 无法识别的考勤符号「★」"}, "", 0},
		{"clock grid", []any{"2001", "甲一", "", "09:07\n18:01", "08:59 12:00 13:00 18:30"}, "", []calc.Day{
			{ID: "2001", Date: day(11, 2), Status: "迟到", Late: true, LateMin: 7, WorkedMin: 534, Loc: loc("D3")},
			{ID: "2001", Date: day(11, 3), Status: "正常", WorkedMin: 571, Loc: loc("E3")},
			{ID: "2001", Date: day(11, 4), Status: "旷工", Absent: true, Loc: calc.Loc{File: "考勤.xlsx", Sheet: "考勤"}},
		}, nil, "", 21}, // punches: every other workday is an absence
		{"unreadable legend", []any{"2001", "甲一", "√"}, "说明：每天下班前填写", []calc.Day{
			{ID: "2001", Date: day(11, 1), Status: "正常", Loc: loc("C3")},
		}, nil, "考勤.xlsx!考勤!第5行 图例无法识别，按规则中的考勤符号读取", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeShapeRoster(t, dir)
			matrixBook(t, filepath.Join(dir, "考勤.xlsx"), [][]any{tt.row}, tt.legend)
			l, err := Load(dir, readerRules(), 2026, time.November, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			days := l.Month.Days
			if tt.total > 0 {
				if len(days) != tt.total {
					t.Errorf("read %d days; want %d", len(days), tt.total)
				}
				days = days[:min(len(days), len(tt.days))]
			}
			if !reflect.DeepEqual(noArrive(days), tt.days) {
				t.Errorf("days =\n%+v\nwant\n%+v", days, tt.days)
			}
			if got := problemLines(l.Problems, calc.Error); !reflect.DeepEqual(got, tt.errors) {
				t.Errorf("errors = %q; want %q", got, tt.errors)
			}
			if info := problemLines(l.Problems, calc.Info); tt.info != "" && !hasLine(info, tt.info) {
				t.Errorf("info = %q; want it to hold %q", info, tt.info)
			}
		})
	}
}

// TestMatrixDay31 warns about a symbol on a day the month does not have.
func TestMatrixDay31(t *testing.T) {
	dir := t.TempDir()
	writeShapeRoster(t, dir)
	row := []any{"2001", "甲一"}
	for d := 1; d <= 31; d++ {
		row = append(row, "√")
	}
	matrixBook(t, filepath.Join(dir, "考勤.xlsx"), [][]any{row}, "")
	l, err := Load(dir, readerRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Month.Days) != 30 {
		t.Errorf("read %d days; want 30", len(l.Month.Days))
	}
	want := []string{"考勤.xlsx!考勤!AG3 11月没有31日，已忽略「√」"}
	if got := problemLines(l.Problems, calc.Warning); !reflect.DeepEqual(got, want) {
		t.Errorf("warnings = %q; want %q", got, want)
	}
}
