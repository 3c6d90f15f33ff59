package sheets

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/simplifiedchinese"

	"appraise/calc"
)

// readerRules are the default rules for tests of one reader on a partial
// folder: no input kind is required and attendance coverage (D19) is not
// checked, so that only the reader's own problems show.
func readerRules() *calc.Rules {
	r := calc.DefaultRules()
	for i := range r.Inputs {
		r.Inputs[i].Required = false
	}
	r.CoverageRatio = decimal.NewFromInt(1)
	return r
}

// monthCSVs is a complete small month as CSV files: a roster of three, a
// 正常 day for each on every workday of 2026-11, and header-only sheets of
// the other required kinds.
func monthCSVs() map[string]string {
	att := "工号,日期,考勤结果\n"
	r := calc.DefaultRules()
	for d := 1; d <= 30; d++ {
		t := time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC)
		if !r.Workday(t) {
			continue
		}
		for _, id := range []string{"001", "002", "003"} {
			att += fmt.Sprintf("%s,%s,正常\n", id, t.Format("2006-01-02"))
		}
	}
	return map[string]string{
		"花名册.csv": "工号,姓名,班组,岗位,入职日期\n001,张三,一组,业务代表,2026-01-05\n002,李四,一组,业务代表,2026-01-05\n003,王五,二组,组长,2025-03-01\n",
		"考勤.csv":  att,
		"质检.csv":  "日期,工号,姓名,服务用语,服务态度,语气语调,需求归纳能力,应变能力,总分,差错次数\n",
		"奖惩.csv":  "日期,工号,姓名,项目,次数\n",
		"考试.csv":  "工号,姓名,成绩,满分\n",
		"投诉.csv":  "日期,工号,是否有效\n",
	}
}

// loadCSVs writes files into a folder and loads it for 2026-11.
func loadCSVs(t *testing.T, files map[string]string, r *calc.Rules) *Loaded {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := Load(dir, r, 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// inputProblem is a problem a test expects: exact level and location, and a
// part of the message (and of the hint, when given).
type inputProblem struct {
	level    calc.Level
	loc, msg string
	hintSub  string
}

func hasProblem(ps []calc.Problem, w inputProblem) bool {
	for _, p := range ps {
		if p.Level == w.level && locString(p.Loc) == w.loc && strings.Contains(p.Msg, w.msg) && strings.Contains(p.Hint, w.hintSub) {
			return true
		}
	}
	return false
}

func TestInputCompleteness(t *testing.T) {
	eventRow := func(rows ...string) string { return "日期,工号,姓名,项目,次数\n" + strings.Join(rows, "") }
	octoberRows := ""
	for i := 1; i <= 5; i++ {
		octoberRows += fmt.Sprintf("2026-10-%02d,001,张三,L01,1\n", i+5)
	}
	cutAttendance := func(last int) string {
		var b strings.Builder
		for _, l := range strings.Split(monthCSVs()["考勤.csv"], "\n") {
			if l == "" {
				continue
			}
			if f := strings.Split(l, ","); len(f) == 3 && strings.HasPrefix(f[1], "2026-11-") {
				if d, _ := strconv.Atoi(f[1][8:]); d > last {
					continue
				}
			}
			b.WriteString(l + "\n")
		}
		return b.String()
	}
	tests := []struct {
		name   string
		change map[string]string // file → content; "" removes the file
		rules  func(r *calc.Rules)
		errors int
		want   []inputProblem
		events int // events read, −1: not checked
	}{
		{name: "complete month: header-only sheets declare none", errors: 0, events: 0, want: []inputProblem{
			{calc.Info, "奖惩.csv", "本月无奖惩记录（工作表只有表头", ""},
			{calc.Info, "投诉.csv", "本月无投诉记录", ""},
		}},
		{name: "required kind missing", change: map[string]string{"投诉.csv": ""}, errors: 1, events: 0, want: []inputProblem{
			{calc.Error, "", "缺少必需的输入：投诉记录", "只有表头行的空白模板"},
		}},
		{name: "kind made optional in 输入清单", change: map[string]string{"投诉.csv": ""}, errors: 0, events: 0,
			rules: func(r *calc.Rules) { r.Inputs[5].Required = false }},
		{name: "near miss by columns names the column and aliases", change: map[string]string{"考试.csv": "", "data.csv": "工号,姓名,考试日期,考试分数,满分\n001,张三,2026-11-20,90,100\n"},
			errors: 1, events: 0, want: []inputProblem{
				{calc.Error, "data.csv!第1行", "表头像是 考试成绩，但表头（第1行）缺少必需列：「成绩」（也可写作：分数、考试成绩、得分）", "考试分数"},
			}},
		{name: "near miss by file name", change: map[string]string{"考试.csv": "", "考试成绩.csv": "工号,姓名,分数值\n001,张三,90\n"},
			errors: 1, events: 0, want: []inputProblem{{calc.Error, "考试成绩.csv!第1行", "名称表明是 考试成绩，但表头（第1行）缺少必需列：「成绩」", ""}}},
		{name: "near miss of an optional kind by file name (申诉处理)", change: map[string]string{"申诉处理.csv": "工号,姓名,申诉日子,记录,结果\n001,张三,2026-12-02,L01 2026-11-03,撤销\n"},
			errors: 1, events: 0, want: []inputProblem{{calc.Error, "申诉处理.csv!第1行", "名称表明是 申诉处理，但表头（第1行）缺少必需列：「申诉日期」", ""}}},
		{name: "sheet named as a kind without its header", change: map[string]string{"考试.csv": "", "考试成绩.csv": "人员,分数值\n张三,90\n"},
			errors: 1, events: 0, want: []inputProblem{{calc.Error, "考试成绩.csv", "名称表明是 考试成绩，但前2行中找不到它的表头（必需列：「工号」（也可写作", ""}}},
		{name: "recognised kind lacking a column", change: map[string]string{"投诉.csv": "日期,工号,有效性,描述\n2026-11-03,001,是,x\n"},
			errors: 1, events: 0, want: []inputProblem{{calc.Error, "投诉.csv!第1行", "识别为 投诉记录，但表头（第1行）缺少必需列：「是否有效」（也可写作：有效投诉、是否有效投诉）", ""}}},
		{name: "unrecognised sheet with data is a warning", change: map[string]string{"统计.csv": "甲,乙\n1,2\n"}, errors: 0, events: 0,
			want: []inputProblem{{calc.Warning, "统计.csv", "未识别的工作表（有数据", ""}}},
		{name: "blank sheet is a note", change: map[string]string{"空.csv": "\n,,\n"}, errors: 0, events: 0,
			want: []inputProblem{{calc.Info, "空.csv", "已忽略：工作表为空", ""}}},
		{name: "copy of a file is one error and counts once", change: map[string]string{
			"奖惩.csv":      eventRow("2026-11-03,001,张三,L01,1\n", "2026-11-04,002,李四,L02,1\n"),
			"奖惩 - 副本.csv": eventRow("2026-11-03,001,张三,L01,1\n", "2026-11-04,002,李四,L02,1\n")},
			errors: 1, events: 2, want: []inputProblem{{calc.Error, "奖惩 - 副本.csv", "与 奖惩.csv 的数据完全重复", "删除其中一个"}}},
		{name: "sheet whose rows all repeat another's", change: map[string]string{
			"奖惩.csv": eventRow("2026-11-03,001,张三,L01,1\n", "2026-11-04,002,李四,L02,1\n"),
			"补录.csv": eventRow("2026-11-04,002,李四,L02,1\n")},
			errors: 1, events: 2, want: []inputProblem{{calc.Error, "补录.csv", "此文件的 1 行数据与 奖惩.csv 的数据完全重复", ""}}},
		{name: "row repeated in another file: error at both cells", change: map[string]string{
			"奖惩.csv": eventRow("2026-11-03,001,张三,L01,1\n", "2026-11-04,002,李四,L02,1\n"),
			"补录.csv": eventRow("2026-11-05,003,王五,L01,1\n", "2026-11-03,001,张三,L01,1\n")},
			errors: 2, events: 4, want: []inputProblem{
				{calc.Error, "补录.csv!B3", "此行与 奖惩.csv 第2行完全相同", "填写次数"},
				{calc.Error, "奖惩.csv!B2", "此行与 补录.csv 第3行完全相同", "填写次数"},
			}},
		{name: "row repeated within one sheet: warning", change: map[string]string{
			"奖惩.csv": eventRow("2026-11-03,001,张三,L01,1\n", "2026-11-04,002,李四,L02,1\n", "2026-11-03,001,张三,L01,1\n")},
			errors: 0, events: 3, want: []inputProblem{{calc.Warning, "奖惩.csv!B4", "第4行与第2行完全相同", "填写次数"}}},
		{name: "exact second roster: one error", change: map[string]string{"花名册(1).csv": monthCSVs()["花名册.csv"]},
			errors: 1, events: 0, want: []inputProblem{{calc.Error, "花名册(1).csv", "与 花名册.csv 的数据完全重复", "删除其中一个"}}},
		{name: "two versions of the roster: one error naming both", change: map[string]string{"花名册旧.csv": "工号,姓名,班组,岗位,入职日期\n001,张三,一组,业务代表,2026-01-05\n002,李四,二组,业务代表,2026-01-05\n"},
			errors: 1, events: 0, want: []inputProblem{{calc.Error, "花名册旧.csv", "文件夹中有两份花名册：花名册.csv 和 花名册旧.csv（2 个工号两边都有）", "删除其中一个"}}},
		{name: "累计台账 是: other months skipped with one note", change: map[string]string{
			"奖惩.csv": eventRow("2026-09-30,002,李四,L01,1\n", "2026-10-08,001,张三,L01,1\n", "2026-11-03,001,张三,L02,1\n", "2026-10-09,001,张三,L01,1\n")},
			rules: func(r *calc.Rules) { r.Ledger = true }, errors: 0, events: 1,
			want: []inputProblem{{calc.Info, "奖惩.csv", "累计台账：跳过其他月份的 3 行（2026-09 1 行，2026-10 2 行）", ""}}},
		{name: "累计台账 否: rows outside stay errors, many suggest the parameter", change: map[string]string{
			"奖惩.csv": eventRow(octoberRows, "2026-11-03,001,张三,L02,1\n")},
			errors: 5, events: 1, want: []inputProblem{{calc.Error, "奖惩.csv!A2", "日期 2026-10-06 不在考核月份 2026-11 内", "“累计台账”改为 是"}}},
		{name: "a few rows outside: no ledger hint", change: map[string]string{
			"奖惩.csv": eventRow("2026-10-30,001,张三,L01,1\n", "2026-11-03,001,张三,L02,1\n")},
			errors: 1, events: 1, want: []inputProblem{{calc.Error, "奖惩.csv!A2", "不在考核月份", "如属其他月份请放入该月文件夹"}}},
		{name: "attendance stops on the 15th", change: map[string]string{"考勤.csv": cutAttendance(15)}, errors: 1, events: 0,
			want: []inputProblem{{calc.Error, "考勤.csv", "考勤不完整：11月有11个工作日多数应出勤人员没有任何考勤记录（或只有无打卡的旷工）：16日、17日、18日、19日、20日、23日、24日、25日、26日、27日、30日（每天最多 3 人）", "重新导出整月考勤"}}},
		{name: "punches that stop on the 15th leave inferred absences", change: map[string]string{"考勤.csv": punchesUntil(15)}, errors: 1, events: 0,
			want: []inputProblem{{calc.Error, "考勤.csv", "11个工作日多数应出勤人员没有任何考勤记录（或只有无打卡的旷工）：16日、17日", ""}}},
		{name: "header-only attendance is not a month without attendance", change: map[string]string{"考勤.csv": "工号,日期,考勤结果\n"}, errors: 1, events: 0,
			want: []inputProblem{{calc.Error, "考勤.csv", "考勤不完整：11月有21个工作日多数应出勤人员没有任何考勤记录", ""}}},
		{name: "coverage check off with 考勤缺失比例 1", change: map[string]string{"考勤.csv": cutAttendance(15)}, errors: 0, events: 0,
			rules: func(r *calc.Rules) { r.CoverageRatio = decimal.NewFromInt(1) }},
		{name: "one person's gap is not incomplete attendance", change: map[string]string{"考勤.csv": dropLines(monthCSVs()["考勤.csv"], "003,2026-11-1")},
			errors: 0, events: 0}, // calc warns about 003's days (D7)
		{name: "考勤缺失比例 0: any missing record makes the day incomplete", change: map[string]string{"考勤.csv": strings.Replace(monthCSVs()["考勤.csv"], "003,2026-11-02,正常\n", "", 1)},
			rules: func(r *calc.Rules) { r.CoverageRatio = decimal.Zero }, errors: 1, events: 0,
			want: []inputProblem{{calc.Error, "考勤.csv", "1个工作日多数应出勤人员没有任何考勤记录（或只有无打卡的旷工）：2日", ""}}},
		{name: "CSV with a stray byte: error at its line, kind counted", change: map[string]string{"奖惩.csv": eventRow("2026-11-03,001,张三,L01,1\n", "2026-11-04,002,李四\xff,L02,1\n")},
			errors: 1, events: 0, want: []inputProblem{{calc.Error, "奖惩.csv!第3行", "无法识别文件编码：第3行含有不是 UTF-8 的字节", "CSV UTF-8"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := monthCSVs()
			for k, v := range tt.change {
				if v == "" {
					delete(files, k)
				} else {
					files[k] = v
				}
			}
			r := calc.DefaultRules()
			if tt.rules != nil {
				tt.rules(r)
			}
			l := loadCSVs(t, files, r)
			if got := problemLines(l.Problems, calc.Error); len(got) != tt.errors {
				t.Errorf("errors = %d; want %d:\n%s", len(got), tt.errors, strings.Join(got, "\n"))
			}
			for _, w := range tt.want {
				if !hasProblem(l.Problems, w) {
					t.Errorf("no %s at %q with %q (hint %q); problems:\n%s", w.level, w.loc, w.msg, w.hintSub, dumpProblems(l.Problems))
				}
			}
			if tt.events >= 0 && len(l.Month.Events) != tt.events {
				t.Errorf("events = %d; want %d", len(l.Month.Events), tt.events)
			}
		})
	}
}

func dumpProblems(ps []calc.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %s %s %s （%s）\n", p.Level, locString(p.Loc), p.Msg, p.Hint)
	}
	return b.String()
}

// dropLines removes the lines that start with prefix.
func dropLines(text, prefix string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(text, "\n") {
		if !strings.HasPrefix(l, prefix) {
			b.WriteString(l)
		}
	}
	return b.String()
}

// TestUnattributed: rows that name nobody are listed for --force (D28);
// rows with a known 工号 and another error are not.
func TestUnattributed(t *testing.T) {
	files := monthCSVs()
	files["奖惩.csv"] = "日期,工号,姓名,项目,次数\n" +
		"2026-11-03,0O1,,L01,1\n" + // unknown 工号
		"2026-11-04,,赵六,L01,1\n" + // name not in the roster
		"2026-11-05,002,错名,L01,1\n" + // known 工号, wrong name: attributable
		"2026-11-06,,,L01,1\n" + // nobody at all
		"2026-11-07,001,张三,L01,1\n"
	l := loadCSVs(t, files, calc.DefaultRules())
	var got []string
	for _, p := range l.Unattributed {
		got = append(got, locString(p.Loc)+" "+p.Msg)
	}
	want := []string{"奖惩.csv!B5 工号 不能为空", "奖惩.csv!B2 工号 0O1 不在花名册中", "奖惩.csv!B3 姓名「赵六」对应不到花名册中唯一的人"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Unattributed =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDecodeCSVStrict(t *testing.T) {
	const text = "日期,工号,姓名,项目\n2026-11-03,001,张三,L01\n2026-11-04,002,李四,L02\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(text)
	lines := strings.SplitAfter(text, "\n")
	gbkLine, _ := simplifiedchinese.GBK.NewEncoder().String(lines[2])
	mixed := lines[0] + lines[1] + gbkLine
	stray := lines[0] + strings.TrimSuffix(lines[1], "\n") + "\xff\n" + lines[2]
	gbkTitle, _ := simplifiedchinese.GBK.NewEncoder().String("随便写的\n一些文字\n")
	ld := newLoader(calc.DefaultRules(), 2026, time.November, LoadOptions{})
	tests := []struct {
		name, in, text, enc string
		bad                 int
	}{
		{"UTF-8", text, text, "UTF-8", 0},
		{"UTF-8 with BOM", "\xef\xbb\xbf" + text, text, "UTF-8", 0},
		{"GBK, header recognised", gbk, text, "GB18030", 0},
		{"UTF-8 with a GBK line", mixed, "", "", 3},
		{"UTF-8 with a stray 0xFF", stray, "", "", 2},
		{"BOM then a stray byte", "\xef\xbb\xbf" + stray, "", "", 2},
		{"GBK without a header", gbkTitle, "", "", 1},
	}
	for _, tt := range tests {
		text, enc, bad := decodeCSVStrict([]byte(tt.in), ld.csvRecognised)
		if text != tt.text || enc != tt.enc || bad != tt.bad {
			t.Errorf("%s: decodeCSVStrict = %q, %q, %d; want %q, %q, %d", tt.name, text, enc, bad, tt.text, tt.enc, tt.bad)
		}
	}
}

func TestCopyName(t *testing.T) {
	for name, want := range map[string]bool{
		"质检 副本.xlsx": true, "奖惩记录 - 复制.xlsx": true, "奖惩记录_2026-11 (1).xlsx": true, "奖惩记录（2）.csv": true,
		"Copy of 考勤.xlsx": true, "奖惩记录_2026-11.xlsx": false, "考勤(一组).xlsx": false, "花名册.xlsx": false,
	} {
		if got := copyName(name); got != want {
			t.Errorf("copyName(%q) = %v; want %v", name, got, want)
		}
	}
}

func TestMissingSince(t *testing.T) {
	prev := map[string][]string{"投诉记录": {"投诉记录_2026-10.xlsx"}, "花名册": {"花名册.xlsx"}, "工作量": {"a.xlsx", "b.xlsx"}, "申诉处理": {"申诉处理_2026-10.xlsx"}}
	ps := MissingSince(prev, map[string]bool{"花名册": true}, "2026-10")
	var got []string
	for _, p := range ps {
		got = append(got, p.Level.String()+" "+p.Msg)
	}
	want := []string{"警告 上月（2026-10）的输入有工作量（a.xlsx、b.xlsx），本月没有", "警告 上月（2026-10）的输入有投诉记录（投诉记录_2026-10.xlsx），本月没有"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("MissingSince =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReadManifestKinds(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	kinds, ok, err := ReadManifestKinds(write("new.json", `{"inputs":[{"name":"a.xlsx","kinds":["花名册","考勤"]},{"name":"b.csv","kinds":["考勤"]}],"outputs":[{"name":"x"}]}`))
	if err != nil || !ok || strings.Join(kinds["考勤"], ",") != "a.xlsx,b.csv" || strings.Join(kinds["花名册"], ",") != "a.xlsx" {
		t.Errorf("ReadManifestKinds(new) = %v, %v, %v", kinds, ok, err)
	}
	if _, ok, err := ReadManifestKinds(write("old.json", `{"inputs":[{"name":"a.xlsx","sha256":"x","size":1}]}`)); ok || err != nil {
		t.Errorf("ReadManifestKinds(old manifest) ok = %v, %v; want false, nil (kinds not recorded)", ok, err)
	}
	if _, _, err := ReadManifestKinds(write("bad.json", `{`)); err == nil {
		t.Errorf("ReadManifestKinds(bad json) error = nil")
	}
}

// punchesUntil is attendance with punch times up to the given day of
// 2026-11 and rows without punches after it.
func punchesUntil(last int) string {
	var b strings.Builder
	b.WriteString("工号,日期,上班打卡,下班打卡\n")
	r := calc.DefaultRules()
	for d := 1; d <= 30; d++ {
		t := time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC)
		if !r.Workday(t) {
			continue
		}
		for _, id := range []string{"001", "002", "003"} {
			if d <= last {
				fmt.Fprintf(&b, "%s,%s,08:55,18:05\n", id, t.Format("2006-01-02"))
			} else {
				fmt.Fprintf(&b, "%s,%s,,\n", id, t.Format("2006-01-02"))
			}
		}
	}
	return b.String()
}

// TestLeaveOutsideMonth: leave outside the month is not counted, but never
// silently: one note per sheet counts it by month, so a year typed wrong
// (2025 for 2026) is seen.
func TestLeaveOutsideMonth(t *testing.T) {
	files := monthCSVs()
	files["请假.csv"] = "工号,姓名,请假类型,开始时间,结束时间,申请时间,审批状态,审批人\n" +
		"001,张三,事假,2025-11-05,2025-11-05,2025-11-01 09:00,已通过,张三\n" +
		"001,张三,年假,2026-10-12,2026-10-13,2026-10-01 09:00,已通过,张三\n"
	l := loadCSVs(t, files, readerRules())
	want := inputProblem{calc.Info, "请假.csv", "不在考核月份内的请假 2 条未计入（按开始时间：2025-11 1 行，2026-10 1 行）", ""}
	if !hasProblem(l.Problems, want) {
		t.Errorf("no note %+v in %v", want, l.Problems)
	}
	if len(l.Month.Leaves) != 0 {
		t.Errorf("leaves = %d; want 0", len(l.Month.Leaves))
	}
}

// TestRowIDs checks that a sheet's row fingerprints give back the 工号 of
// each row (stored once per run of equal ones) and that repeated rows are
// reported with them.
func TestRowIDs(t *testing.T) {
	ld := newLoader(testRules(), 2026, 11, LoadOptions{})
	a := ld.beginSheet(&sheetSrc{file: "a.xlsx", sheet: "S"}, Events, false)
	b := ld.beginSheet(&sheetSrc{file: "b.xlsx", sheet: "T"}, Events, false)
	a.idCol, b.idCol = 1, 1
	rows := []struct {
		rec *sheetRec
		h   uint64
		num int
		id  string
	}{
		{a, 7, 2, "001"},
		{a, 7, 3, "001"},
		{a, 9, 4, ""},
		{a, 8, 5, "002"},
		{a, 6, 6, "001"},
		{b, 8, 2, "003"},
	}
	for _, r := range rows {
		r.rec.addRow(r.h, r.num, r.id)
	}
	var got []string
	for _, rec := range []*sheetRec{a, b} {
		for _, r := range rec.rows {
			got = append(got, fmt.Sprintf("%d:%s", r.num, rec.id(r)))
		}
	}
	want := []string{"2:001", "3:001", "4:", "5:002", "6:001", "2:003"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %q; want %q", got, want)
	}
	if want := []string{"001", "002", "001"}; !reflect.DeepEqual(a.ids, want) {
		t.Errorf("ids stored = %q; want %q", a.ids, want)
	}
	ld.repeatedRows()
	var probs []string
	for _, p := range ld.problems {
		probs = append(probs, fmt.Sprintf("%s %s %s %s", p.Level, locString(p.Loc), p.ID, p.Msg))
	}
	wantProbs := []string{
		"警告 a.xlsx!S!B3 001 第3行与第2行完全相同",
		"错误 b.xlsx!T!B2 003 此行与 a.xlsx!S 第5行完全相同（同一人、日期和内容）",
		"错误 a.xlsx!S!B5 002 此行与 b.xlsx!T 第2行完全相同（同一人、日期和内容）",
	}
	if !reflect.DeepEqual(probs, wantProbs) {
		t.Errorf("problems =\n%s\nwant\n%s", strings.Join(probs, "\n"), strings.Join(wantProbs, "\n"))
	}
}
