package sheets

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

func outDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func outDay(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// outRules are the rules of the fixtures: the policy's grade bands and QA
// items, built here so that the tests do not depend on calc.DefaultRules.
func outRules() *calc.Rules {
	d := func(v int64) decimal.Decimal { return decimal.NewFromInt(v) }
	r := &calc.Rules{
		Catalogue: []calc.Rule{
			{Code: "B03", Category: calc.Bonus, Name: "突发情况或者活动期间在人手不够的情况下，能随叫随到来公司主动顶班", Min: d(5), Max: d(5)},
			{Code: "L04", Category: calc.Light, Name: "迟到早退", Min: d(2), Max: d(5), Note: "按分钟分档"},
			{Code: "S01", Category: calc.Severe, Name: "旷工", Min: d(20), Max: d(20)},
			{Code: "S04", Category: calc.Severe, Name: "未经允许私自拆卸公司的设备带出公司", Min: d(20), Max: d(20), Note: "照价赔偿"},
			{Code: "S05", Category: calc.Severe, Name: "当月未良好履行客服人员的工作职责", Min: d(20), Max: d(20), PerMonth: true},
		},
		Base: d(80), Cap: d(110), Floor: d(0),
		Grades: []calc.GradeBand{
			{Grade: "A", Min: d(90), Exclusive: true},
			{Grade: "B", Min: d(80)},
			{Grade: "C", Min: d(70)},
			{Grade: "D", Min: d(65)},
			{Grade: "E", Min: d(60)},
		},
		FailGrade: "不合格", YuanPerPoint: d(10), FloatMax: d(300), FloatFrom: 3,
		S05Light: 4, S05Medium: 2,
		LateTiers: []calc.Tier{{From: 1, To: 5, Points: d(2)}, {From: 6, To: 0, Points: d(3)}},
		QAItems:   []calc.QAItem{{Name: "服务用语", Max: d(20)}, {Name: "服务态度", Max: d(20)}},
	}
	return r
}

// outFixture is a small department: 6 people in 2 teams, a few events,
// problems and one new hire, in roster order.
func outFixture() *calc.Result {
	emp := func(id, name, team, role string, hired time.Time) calc.Employee {
		return calc.Employee{ID: id, Name: name, Dept: "客服部", Team: team, Role: role, Hired: hired,
			Loc: calc.Loc{File: "花名册.xlsx", Sheet: "花名册", Cell: "第3行"}}
	}
	row := func(e calc.Employee, tenure int, bonus, light, severe, extra, final, grade string, rank, teamRank int, float string) calc.Appraisal {
		a := calc.Appraisal{Employee: e, Tenure: tenure, Base: outDec("80"), Bonus: outDec(bonus), Light: outDec(light),
			Medium: decimal.Zero, Severe: outDec(severe), Extra: outDec(extra), Adjust: decimal.Zero, Grade: grade,
			Rank: rank, TeamRank: teamRank, Floats: tenure >= 3, Float: outDec(float), Compensation: decimal.Zero}
		a.Raw = a.Base.Add(a.Bonus).Sub(a.Light).Sub(a.Severe).Sub(a.Extra)
		a.Final = outDec(final)
		return a
	}
	rows := []calc.Appraisal{
		row(emp("000123", "张三", "一组", "组长", outDay(3, 1).AddDate(-2, 0, 0)), 33, "11", "0", "0", "0", "91", "A", 1, 1, "110"),
		row(emp("000124", "李四", "一组", "业务代表", outDay(1, 10)), 11, "0", "0", "0", "0", "80", "B", 3, 2, "0"),
		row(emp("000125", "王五", "一组", "业务代表", outDay(2, 1)), 10, "0", "12", "0", "0", "68", "D", 4, 3, "-120"),
		row(emp("000201", "赵六", "二组", "业务代表", outDay(1, 5)), 11, "0", "0", "60", "20", "0", "不合格", 6, 3, "-300"),
		row(emp("000202", "钱七", "二组", "业务代表", outDay(5, 6)), 7, "0", "2", "0", "0", "78", "C", 5, 2, "-20"),
		row(emp("000203", "孙八", "二组", "业务代表", outDay(10, 20)), 2, "5", "0", "0", "0", "85", "B", 2, 1, "0"),
	}
	rows[3].Raw = outDec("0")
	rows[3].Compensation = outDec("150.50")
	rows[3].Last = true
	rows[3].Flags = []calc.Flag{
		{Text: "可解除劳动合同（需人工复核）", Reason: "考核分低于60分"},
		{Text: "赔偿扣款超过月基本工资20%（需人工复核）", Reason: "赔偿150.50元"},
	}
	rows[4].Notes = []string{"-测试备注，含逗号"}
	rows[5].Notes = []string{"未满三个月不浮动"}
	rows[5].Float = decimal.Zero
	rows[2].Notes = []string{"违纪（请假制度 八）：11月3日迟到25分钟"}
	rows[0].QAAvg = decimal.NewNullDecimal(outDec("37.5"))

	rules := outRules()
	rl := func(code string) calc.Rule {
		for _, x := range rules.Catalogue {
			if x.Code == code {
				return x
			}
		}
		panic(code)
	}
	sc := func(i int, date time.Time, code string, times int, pts string, derived bool, loc calc.Loc, note string) calc.Scored {
		p := outDec(pts)
		return calc.Scored{ID: rows[i].ID, Name: rows[i].Name, Date: date, Rule: rl(code), Times: times, Points: p,
			Total: p.Mul(decimal.NewFromInt(int64(times))), Derived: derived, Loc: loc, Note: note}
	}
	att := calc.Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "第7行"}
	events := []calc.Scored{
		sc(0, outDay(11, 5), "B03", 1, "5", false, calc.Loc{File: "奖惩.xlsx", Sheet: "Sheet1", Cell: "D3"}, "双十一顶班"),
		sc(2, outDay(11, 3), "L04", 1, "-5", true, att, "迟到25分钟"),
		sc(3, outDay(11, 10), "S01", 2, "-20", true, calc.Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "第12行"}, ""),
		sc(3, outDay(11, 12), "S04", 1, "-20", false, calc.Loc{File: "奖惩.xlsx", Sheet: "Sheet1", Cell: "D9"}, "赔偿150.50元"),
		sc(3, time.Time{}, "S05", 1, "-20", true, calc.Loc{}, "中度违规2次"),
	}
	stats := make([]calc.AttendanceStat, len(rows))
	qa := make([]calc.QAStat, len(rows))
	for i, a := range rows {
		stats[i] = calc.AttendanceStat{ID: a.ID, WorkDays: 21, Leave: map[string]int{}}
		qa[i] = calc.QAStat{ID: a.ID, ItemAvg: make([]decimal.NullDecimal, 2)}
	}
	stats[2].Late, stats[2].LateMin = 1, 25
	stats[3].Absent, stats[3].WorkDays = 2, 19
	stats[1].Leave["病假"] = 1
	stats[4].Leave["事假"] = 2
	qa[0] = calc.QAStat{ID: "000123", Count: 2, Covered: true, Errors: 1, TotalAvg: decimal.NewNullDecimal(outDec("37.5")),
		ItemAvg: []decimal.NullDecimal{decimal.NewNullDecimal(outDec("18.5")), decimal.NewNullDecimal(outDec("19"))}}
	return &calc.Result{
		Year: 2026, Month: time.November, Rows: rows, Events: events, Attendance: stats, QA: qa,
		Teams: []calc.TeamStat{
			{Team: "一组", Count: 3, Avg: outDec("79.67"), Max: outDec("91"), Min: outDec("68"), Grades: map[string]int{"A": 1, "B": 1, "D": 1}, Float: outDec("-10")},
			{Team: "二组", Count: 3, Avg: outDec("54.33"), Max: outDec("85"), Min: outDec("0"), Grades: map[string]int{"不合格": 1, "C": 1, "B": 1}, Float: outDec("-320")},
		},
		Grades: map[string]int{"A": 1, "B": 2, "C": 1, "D": 1, "不合格": 1},
		Problems: []calc.Problem{
			{Level: calc.Info, Msg: "已读取 考勤.xlsx!考勤（考勤明细）"},
			{Level: calc.Warning, Loc: calc.Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "C10"}, ID: "000124", Msg: "缺卡1次", Hint: "请核实"},
			{Level: calc.Warning, Loc: calc.Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "C7"}, ID: "000125", Msg: "迟到25分钟，违纪", Hint: ""},
			{Level: calc.Warning, Loc: calc.Loc{File: "奖惩.xlsx", Sheet: "Sheet1", Cell: "B2"}, ID: "000201", Msg: "说明为空"},
			{Level: calc.Warning, Loc: calc.Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "C7"}, ID: "000125", Msg: "同一单元格的第二个问题"},
		},
	}
}

func outRun() *Run {
	r := outRules()
	return &Run{Version: "v0.1.0-test", Rules: r, RulesHash: strings.Repeat("ab", 32),
		Inputs:  []Input{{Name: "花名册.xlsx", SHA256: strings.Repeat("01", 32), Size: 1234}, {Name: "考勤.xlsx", SHA256: strings.Repeat("02", 32), Size: 5678}},
		Payroll: true}
}

// writeFixture writes the fixture into a new temporary folder.
func writeFixture(t *testing.T, res *calc.Result, run *Run) (string, []string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "2026-11")
	w, err := WriteSet(dir, res, run)
	if err != nil {
		t.Fatalf("WriteSet: %v", err)
	}
	return dir, w.Files
}

func dumpOf(t *testing.T, path string) []string {
	t.Helper()
	lines, err := Dump(path)
	if err != nil {
		t.Fatalf("Dump(%s): %v", path, err)
	}
	return lines
}

// lineMap turns "Sheet!A1=value" lines into a map of "Sheet!A1" → value.
func lineMap(lines []string) map[string]string {
	m := map[string]string{}
	for _, l := range lines {
		k, v, _ := strings.Cut(l, "=")
		m[k] = v
	}
	return m
}

func TestWritePaths(t *testing.T) {
	dir, paths := writeFixture(t, outFixture(), outRun())
	want := []string{"月度考核表_2026-11.xlsx", "考核通知单_2026-11.xlsx", "班组/一组_2026-11.xlsx", "班组/二组_2026-11.xlsx",
		"绩效工资调整表_2026-11.xlsx", "绩效工资调整表_2026-11.csv", "校验报告_2026-11.xlsx", "manifest.json"}
	var got []string
	for _, p := range paths {
		rel, err := filepath.Rel(dir, p)
		if err != nil || strings.HasPrefix(rel, "..") {
			t.Errorf("WriteSet file %s not in %s", p, dir)
		}
		got = append(got, filepath.ToSlash(rel))
	}
	if !slices.Equal(got, want) {
		t.Errorf("WriteSet files = %v; want %v", got, want)
	}
	// Exactly these files (no temp files), each readable by its owner only.
	var files []string
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, filepath.ToSlash(rel))
		info, err := e.Info()
		if err != nil {
			return err
		}
		if mode := info.Mode().Perm(); mode != 0o600 && runtime.GOOS != "windows" { // Windows has no such modes
			t.Errorf("mode(%s) = %v; want 0600", rel, mode)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	sorted := slices.Clone(want)
	slices.Sort(sorted)
	if !slices.Equal(files, sorted) {
		t.Errorf("folder holds %v; want exactly %v (no temp files)", files, sorted)
	}
}

func TestAppraisalWorkbook(t *testing.T) {
	sp10 := strings.Repeat("\u3000", 10)
	dir, _ := writeFixture(t, outFixture(), outRun())
	path := filepath.Join(dir, "月度考核表_2026-11.xlsx")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	f.Close()
	wantSheets := []string{"考核汇总", "处理建议", "扣分明细", "考勤统计", "制度执行", "质检统计", "班组统计", "等级分布", "月度例会", "管理人员考核", "规则", "参数"}
	if !slices.Equal(sheets, wantSheets) {
		t.Errorf("sheets = %v; want %v", sheets, wantSheets)
	}
	m := lineMap(dumpOf(t, path))
	for i, h := range summaryHeaders {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if got := m["考核汇总!"+col+"2"]; got != h {
			t.Errorf("考核汇总!%s2 = %q; want %q", col, got, h)
		}
	}
	tests := []struct{ cell, want string }{
		{"考核汇总!A1", "客服部2026年11月月度考核表"},
		{"考核汇总!A1:W1", "<合并>"},
		{"考核汇总!A3", "1"},
		{"考核汇总!B3", "000123"},
		{"考核汇总!C3", "张三"},
		{"考核汇总!G3", "33"},
		{"考核汇总!H3", "80.0"},
		{"考核汇总!I3", "11.0"},
		{"考核汇总!P3", "91.0"},
		{"考核汇总!Q3", "A"},
		{"考核汇总!R3", "1"},
		{"考核汇总!T3", "110.00"},
		{"考核汇总!U3", "是"},
		{"考核汇总!J5", "12.0"},
		{"考核汇总!T5", "-120.00"},
		{"考核汇总!Q6", "不合格"},
		{"考核汇总!T6", "-300.00"},
		{"考核汇总!V6", "可解除劳动合同（需人工复核）；赔偿扣款超过月基本工资20%（需人工复核）"},
		{"考核汇总!W6", "依据见“处理建议”表"},
		{"处理建议!A3", "000201"},
		{"处理建议!G3", "可解除劳动合同（需人工复核）"},
		{"处理建议!H3", "考核分低于60分"},
		{"处理建议!G4", "赔偿扣款超过月基本工资20%（需人工复核）"},
		{"处理建议!H4", "赔偿150.50元"},
		{"考核汇总!G8", "2"},
		{"考核汇总!U8", "否"},
		{"考核汇总!W8", "未满三个月不浮动"},
		{"考核汇总!A10", "制表：" + sp10 + "审核：" + sp10 + "批准：" + sp10 + "日期："},
		{"考核汇总!A10:W10", "<合并>"},
		{"扣分明细!A1", "客服部2026年11月扣分明细"},
		{"扣分明细!A2", "工号"},
		{"扣分明细!J2", "说明"},
		{"扣分明细!A3", "000123"},
		{"扣分明细!C3", "2026-11-05"},
		{"扣分明细!D3", "加分"},
		{"扣分明细!E3", "B03"},
		{"扣分明细!H3", "5.0"},
		{"扣分明细!I3", "奖惩.xlsx!Sheet1!D3"},
		{"扣分明细!I4", "自动计算（考勤.xlsx!考勤!第7行）"},
		{"扣分明细!G5", "2"},
		{"扣分明细!H5", "-40.0"},
		{"扣分明细!C7", ""},
		{"扣分明细!I7", "自动计算"},
		{"考勤统计!D2", "出勤天数"},
		{"考勤统计!K2", "事假(天)"},
		{"考勤统计!L2", "病假(天)"},
		{"考勤统计!M2", "超长班次"},
		{"考勤统计!F5", "25"},
		{"考勤统计!K7", "2"},
		{"质检统计!E2", "服务用语(均分)"},
		{"质检统计!F2", "服务态度(均分)"},
		{"质检统计!E3", "18.50"},
		{"质检统计!G3", "37.50"},
		{"质检统计!I3", "达标"},
		{"质检统计!I4", "不足"},
		{"班组统计!A3", "一组"},
		{"班组统计!C3", "79.67"},
		{"班组统计!F3", "1"},
		{"班组统计!A5", "全部"},
		{"班组统计!B5", "6"},
		{"班组统计!C5", "67.00"},
		{"班组统计!E5", "0.0"},
		{"班组统计!L5", "-330.00"},
		{"等级分布!A3", "A"},
		{"等级分布!B3", "90 < 分 ≤ 110"},
		{"等级分布!B4", "80 ≤ 分 ≤ 90"},
		{"等级分布!B5", "70 ≤ 分 < 80"},
		{"等级分布!C4", "2"},
		{"等级分布!D4", "33.3%"},
		{"等级分布!A8", "不合格"},
		{"等级分布!B8", "分 < 60"},
		{"等级分布!C9", "6"},
		{"规则!A3", "B03"},
		{"规则!F3", "每次"},
		{"规则!F7", "每月一次"},
	}
	for _, tt := range tests {
		if got := m[tt.cell]; got != tt.want {
			t.Errorf("Dump[%s] = %q; want %q", tt.cell, got, tt.want)
		}
	}
	var hash bool
	for k, v := range m {
		if strings.HasPrefix(k, "参数!B") && v == strings.Repeat("ab", 32) {
			hash = true
		}
	}
	if !hash {
		t.Errorf("参数 sheet lacks the rules hash %s", strings.Repeat("ab", 32))
	}
}

func TestAppraisalDraftTitle(t *testing.T) {
	res := outFixture()
	res.Problems = append(res.Problems,
		calc.Problem{Level: calc.Error, Loc: calc.Loc{File: "奖惩.xlsx", Sheet: "Sheet1", Cell: "B5"}, ID: "999", Msg: "工号 999 不在花名册中"},
		calc.Problem{Level: calc.Error, Msg: "规则表缺少 S05"})
	run := outRun()
	run.Payroll = false
	dir, paths := writeFixture(t, res, run)
	if len(paths) != 6 {
		t.Errorf("Write without payroll wrote %v; want 6 files (appraisal, notices, 2 team packets, report, manifest)", paths)
	}
	for _, name := range []string{"绩效工资调整表_2026-11.xlsx", "绩效工资调整表_2026-11.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("Stat(%s) = %v; want not exist", name, err)
		}
	}
	m := lineMap(dumpOf(t, filepath.Join(dir, "月度考核表_2026-11.xlsx")))
	want := "客服部2026年11月月度考核表 草稿（存在2个错误，不可作为发放依据）"
	if got := m["考核汇总!A1"]; got != want {
		t.Errorf("考核汇总!A1 = %q; want %q", got, want)
	}
}

// TestWriteDeterministic writes the same result twice and compares bytes.
func TestWriteDeterministic(t *testing.T) {
	dir1, p1 := writeFixture(t, outFixture(), outRun())
	dir2, p2 := writeFixture(t, outFixture(), outRun())
	if len(p1) != len(p2) {
		t.Fatalf("Write wrote %d and %d files", len(p1), len(p2))
	}
	for i := range p1 {
		a, err := os.ReadFile(p1[i])
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p2[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two writes (%s, %s)", filepath.Base(p1[i]), dir1, dir2)
		}
	}
}

// bigFixture is a department of n people, 10 events each, for the benchmark.
func bigFixture(n int) *calc.Result {
	base := outFixture()
	res := &calc.Result{Year: 2026, Month: time.November, Grades: map[string]int{}}
	for i := 0; i < n; i++ {
		a := base.Rows[i%len(base.Rows)]
		a.ID = fmt.Sprintf("%06d", i+1)
		a.Name = fmt.Sprintf("员工%d", i+1)
		a.Team = fmt.Sprintf("%d组", i%40+1)
		res.Rows = append(res.Rows, a)
		res.Grades[a.Grade]++
		st := base.Attendance[i%len(base.Rows)]
		st.ID = a.ID
		res.Attendance = append(res.Attendance, st)
		q := base.QA[0]
		q.ID = a.ID
		res.QA = append(res.QA, q)
		for j := 0; j < 10; j++ {
			e := base.Events[j%len(base.Events)]
			e.ID, e.Name = a.ID, a.Name
			res.Events = append(res.Events, e)
		}
		if i%10 == 0 {
			res.Problems = append(res.Problems, calc.Problem{Level: calc.Warning, ID: a.ID, Msg: "缺卡",
				Loc: calc.Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: fmt.Sprintf("C%d", n-i)}})
		}
	}
	res.Teams = base.Teams
	return res
}

func BenchmarkWrite10k(b *testing.B) {
	res := bigFixture(10000)
	run := outRun()
	for b.Loop() {
		if _, err := WriteSet(b.TempDir(), res, run); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite40 writes a month of 40 people in 4 teams, the size of
// the sample month, where the fixed cost of each workbook counts most.
func BenchmarkWrite40(b *testing.B) {
	res := bigFixture(40)
	for i := range res.Rows {
		res.Rows[i].Team = fmt.Sprintf("%d组", i%4+1)
	}
	run := outRun()
	for b.Loop() {
		if _, err := WriteSet(b.TempDir(), res, run); err != nil {
			b.Fatal(err)
		}
	}
}

func TestWriteEdgeCases(t *testing.T) {
	// An empty month: every sheet is still written.
	empty := &calc.Result{Year: 2026, Month: time.November}
	dir, paths := writeFixture(t, empty, outRun())
	if len(paths) != 6 {
		t.Errorf("Write(empty) wrote %v; want 6 files (no team packets)", paths)
	}
	m := lineMap(dumpOf(t, filepath.Join(dir, AppraisalName(2026, 11))))
	if got := m["考核汇总!A1"]; got != "客服部2026年11月月度考核表" {
		t.Errorf("empty 考核汇总!A1 = %q", got)
	}
	if got := m["等级分布!C9"]; got != "0" {
		t.Errorf("empty 等级分布!C9 = %q; want 0", got)
	}

	// Markup and control characters in texts survive as text.
	res := outFixture()
	res.Rows[0].Name = `<b>&"张三'`
	res.Rows[0].Notes = []string{"第一行\n第二行\x07"}
	dir, _ = writeFixture(t, res, outRun())
	m = lineMap(dumpOf(t, filepath.Join(dir, AppraisalName(2026, 11))))
	if got := m["考核汇总!C3"]; got != `<b>&"张三'` {
		t.Errorf("考核汇总!C3 = %q; want the name unchanged", got)
	}
	if got := m["考核汇总!W3"]; !strings.HasPrefix(got, `第一行\n第二行`) {
		t.Errorf("考核汇总!W3 = %q; want 第一行\\n第二行…", got)
	}
}
