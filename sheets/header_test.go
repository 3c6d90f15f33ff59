package sheets

import (
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"appraise/calc"
)

// testRules is the part of the rules the readers use.
func testRules() *calc.Rules {
	r := &calc.Rules{DefaultShift: calc.Shift{Name: "白班", Start: 9 * 60, End: 18 * 60}, CoverageRatio: decimal.NewFromInt(1)}
	d := calc.DefaultRules() // the word and role lists (issue 10 item 5)
	r.Roles, r.LeaderRoles, r.QARoles, r.LeaveWords = d.Roles, d.LeaderRoles, d.QARoles, d.LeaveWords
	r.ExitTypes, r.ResignTypes, r.IncidentWords = d.ExitTypes, d.ResignTypes, d.IncidentWords
	for _, n := range []string{"服务用语", "服务态度", "语气语调", "需求归纳能力", "应变能力"} {
		r.QAItems = append(r.QAItems, calc.QAItem{Name: n, Max: decimal.NewFromInt(20)})
	}
	return r
}

func grid(s string) [][]string {
	var rows [][]string
	for _, l := range strings.Split(s, "\n") {
		rows = append(rows, strings.Split(l, "|"))
	}
	return rows
}

func TestDetectHeader(t *testing.T) {
	tests := []struct {
		name        string
		rows        string
		kind        Kind
		first, last int
		cols        map[string]int
		missing     []string
	}{
		{"plain roster", "工号|姓名|班组|岗位|入职日期\n001|张三|一组|业务代表|2026-01-01",
			Roster, 0, 0, map[string]int{"工号": 0, "姓名": 1, "班组": 2, "岗位": 3, "入职日期": 4}, nil},
		{"title rows and aliases", "客服部2026年11月考勤表|||\n制表：人事部|||\n\n员工编号|员工姓名|考勤日期|打卡结果|迟到时长（分钟）\n001|张三|2026-11-02|正常|",
			Attendance, 3, 3, map[string]int{"工号": 0, "姓名": 1, "日期": 2, "考勤结果": 3, "迟到分钟": 4}, nil},
		{"full-width, spaces and stars", "  工 号* |（姓名）|ＤＡＴＥ|项  目*\n1|2|3|4",
			Events, 0, 0, map[string]int{"工号": 0, "日期": 2, "项目": 3}, nil},
		{"two-row header (merge carried)", "工号|姓名|日期|打卡|打卡\n|||上班|下班\n001|张三|2026-11-02|08:59|18:00",
			Attendance, 0, 1, map[string]int{"工号": 0, "姓名": 1, "日期": 2, "上班打卡": 3, "下班打卡": 4}, nil},
		{"QA with items", "日期|工号|姓名|服务用语|服务态度|语气语调|需求归纳能力|应变能力|总分\n2026-11-03|001|张三|20|20|20|20|20|100",
			QA, 0, 0, map[string]int{"日期": 0, "工号": 1, "姓名": 2, "服务用语": 3, "服务态度": 4, "语气语调": 5, "需求归纳能力": 6, "应变能力": 7, "总分": 8}, nil},
		{"exam, not QA", "工号|姓名|考试日期|成绩|满分\n1|张三|2026-11-20|95|100",
			Exams, 0, 0, map[string]int{"工号": 0, "姓名": 1, "考试日期": 2, "成绩": 3, "满分": 4}, nil},
		{"roster missing a required column", "工号|姓名|班组|入职日期\n1|张三|一组|2026-01-01",
			Roster, 0, 0, map[string]int{"工号": 0, "姓名": 1, "班组": 2, "入职日期": 3}, []string{"岗位"}},
	}
	for _, tt := range tests {
		h, reason := detectHeader(grid(tt.rows), testRules())
		if h == nil {
			t.Errorf("%s: detectHeader = nil (%s); want %v", tt.name, reason, tt.kind)
			continue
		}
		if h.kind != tt.kind || h.first != tt.first || h.last != tt.last || !reflect.DeepEqual(h.cols, tt.cols) || !reflect.DeepEqual(h.missing, tt.missing) {
			t.Errorf("%s: detectHeader = %v rows %d–%d cols %v missing %v; want %v rows %d–%d cols %v missing %v",
				tt.name, h.kind, h.first, h.last, h.cols, h.missing, tt.kind, tt.first, tt.last, tt.cols, tt.missing)
		}
	}
}

func TestDetectHeaderNone(t *testing.T) {
	tests := []struct{ rows, reason string }{
		{"部门|人数\n客服部|40", "前2行中没有可识别的表头"},
		{"工号|姓名|接听时长\n1|张三|3", "前2行中没有可识别的表头（最接近 考试成绩，缺少 成绩）"},
	}
	for _, tt := range tests {
		h, reason := detectHeader(grid(tt.rows), testRules())
		if h != nil || reason != tt.reason {
			t.Errorf("detectHeader(%q) = %v, %q; want nil, %q", tt.rows, h, reason, tt.reason)
		}
	}
}

func TestHeaderMatches(t *testing.T) {
	tests := []struct {
		h, n string
		want bool
	}{
		{"工号", "工号", true},
		{" 工 号 ", "工号", true},
		{"工号*", "工号", true},
		{"迟到时长（分钟）", "迟到时长", true},
		{"迟到时长(分钟)", "迟到(分钟)", false},
		{"迟到(分钟)", "迟到(分钟)", true},
		{"USERID", "UserId", true},
		{"日期", "考试日期", false},
		{"", "工号", false},
		{"(分钟)", "(小时)", false},
	}
	for _, tt := range tests {
		if got := newNorm(tt.h).matches(newNorm(tt.n)); got != tt.want {
			t.Errorf("newNorm(%q).matches(newNorm(%q)) = %v; want %v", tt.h, tt.n, got, tt.want)
		}
	}
}

func TestIsTotalsRow(t *testing.T) {
	tests := []struct {
		row  []string
		want bool
	}{
		{[]string{"合计", "", "12"}, true},
		{[]string{"", "总计：", "12"}, true},
		{[]string{"", "", "合 计"}, true},
		{[]string{"001", "张三", "合计"}, true},
		{[]string{"001", "张三", "一组", "合计"}, false},
		{[]string{"001", "合计员"}, true},
		{[]string{"001", "张三"}, false},
	}
	for _, tt := range tests {
		if got := isTotalsRow(tt.row); got != tt.want {
			t.Errorf("isTotalsRow(%q) = %v; want %v", tt.row, got, tt.want)
		}
	}
}

func FuzzDetectHeader(f *testing.F) {
	f.Add("工号|姓名|班组|岗位|入职日期\n001|张三|一组|业务代表|2026-01-01")
	f.Add("客服部2026年11月考勤表\n\n员工编号|员工姓名|考勤日期|打卡结果\n1|2|3|4")
	f.Add("工号|姓名|日期|打卡|\n|||上班|下班")
	f.Add("日期|工号|服务用语|总分\n")
	f.Add("(|)|【|】|*\n合计")
	f.Fuzz(func(t *testing.T, s string) {
		rows := grid(s)
		if len(rows) > headerBufRows {
			rows = rows[:headerBufRows]
		}
		h, reason := detectHeader(rows, testRules())
		if h == nil {
			if reason == "" {
				t.Errorf("detectHeader(%q) = nil without a reason", s)
			}
			return
		}
		if h.first > h.last || h.last >= len(rows) || h.last-h.first > 1 {
			t.Errorf("detectHeader(%q) rows %d–%d of %d", s, h.first, h.last, len(rows))
		}
		seen := map[int]bool{}
		for name, c := range h.cols {
			if seen[c] {
				t.Errorf("detectHeader(%q): column %d used twice (%s)", s, c, name)
			}
			seen[c] = true
			w := 0
			for i := h.first; i <= h.last; i++ {
				w = max(w, len(rows[i]))
			}
			if c < 0 || c >= w {
				t.Errorf("detectHeader(%q): column %s at %d outside the header", s, name, c)
			}
		}
	})
}

func TestDetectHeaderMatrixNotRoster(t *testing.T) {
	row := "工号|姓名|班组"
	for d := 1; d <= 30; d++ {
		row += "|" + string(rune('0'+d/10)) + string(rune('0'+d%10))
	}
	h, reason := detectHeader(grid("2026年11月考勤表\n"+row+"\n001|张三|一组|√"), testRules())
	if h == nil || h.kind != Matrix || h.last != 1 || len(matrixDays(h)) != 30 {
		t.Errorf("detectHeader(day matrix) = %+v, %q; want 手工考勤表 at row 2 with 30 days, not a broken 花名册", h, reason)
	}
}
