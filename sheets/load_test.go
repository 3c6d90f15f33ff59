package sheets

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"appraise/calc"
)

// testSheet describes a sheet to write: rows from A1 (a nil row stays
// empty), merged ranges, formulas without cached values, hidden or not.
type testSheet struct {
	name     string
	rows     [][]any
	merges   [][2]string
	formulas map[string]string
	hidden   bool
}

// writeBook writes a workbook with excelize.
func writeBook(t *testing.T, path string, date1904 bool, save excelize.Options, sheets ...testSheet) {
	t.Helper()
	// The same book is asked for by several tests: its bytes are kept
	// (not those of an encrypted one, whose salt is random).
	key := ""
	if save.Password == "" {
		key = fmt.Sprintf("%v|%#v|%#v", date1904, save, sheets)
		writtenBooks.Lock()
		b, ok := writtenBooks.m[key]
		writtenBooks.Unlock()
		if ok {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		defer func() {
			if b, err := os.ReadFile(path); err == nil && !t.Failed() {
				writtenBooks.Lock()
				writtenBooks.m[key] = b
				writtenBooks.Unlock()
			}
		}()
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(fastZip)
	f.Theme = nil // Save keeps excelize's theme part as it is instead of marshalling it again
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			if row == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range s.merges {
			if err := f.MergeCell(s.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
		for c, fx := range s.formulas {
			if err := f.SetCellFormula(s.name, c, fx); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, s := range sheets {
		if s.hidden {
			if err := f.SetSheetVisible(s.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path, save); err != nil {
		t.Fatal(err)
	}
}

// writtenBooks holds the bytes of the books writeBook made, by what was
// asked for.
var writtenBooks = struct {
	sync.Mutex
	m map[string][]byte
}{m: map[string][]byte{}}

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

// problemLines renders problems as "级别 file!sheet!cell 消息" lines.
func problemLines(ps []calc.Problem, level calc.Level) []string {
	var out []string
	for _, p := range ps {
		if p.Level == level {
			out = append(out, locString(p.Loc)+" "+p.Msg)
		}
	}
	return out
}

func rosterSheet() testSheet {
	return testSheet{
		name: "花名册",
		rows: [][]any{
			{"客服部2026年11月花名册"},
			nil,
			{"工号", "姓名", "班组", "岗位", "入职日期", "月基本工资", "考勤号"},
			{"00123", "张三", "一组", "业务代表", time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), "5,000", ""},
			{1002, "李 四", "一组", "组长", "2026/03/01", 6000, "A-17"},
			{"ＫＦ００３", "王五", "二组", "业务代表", "2025年12月1日", "", 3.0},
			{1002, "赵六", "二组", "业务代表", "2026-02-01"},
			{"合计", "4人"},
			{"X9", "不读", "二组", "业务代表", "2026-02-01"},
		},
		merges: [][2]string{{"A1", "G1"}},
	}
}

func TestLoadFolder(t *testing.T) {
	dir := t.TempDir()
	writeBook(t, filepath.Join(dir, "名单.xlsx"), false, excelize.Options{},
		rosterSheet(),
		testSheet{name: "说明", rows: [][]any{{"本表由人事部维护"}}},
		testSheet{name: "旧表", rows: [][]any{{"工号", "姓名", "班组", "岗位", "入职日期"}, {"555", "旧人", "一组", "业务代表", "2020-01-01"}}, hidden: true},
		testSheet{name: "统计", rows: [][]any{{"部门", "人数"}, {"客服部", 4}}},
	)
	writeBook(t, filepath.Join(dir, "考勤一组.xlsx"), false, excelize.Options{}, testSheet{
		name: "11月",
		rows: [][]any{
			{"客服部2026年11月考勤表"},
			{"工号", "姓名", "日期", "考勤结果", "打卡", "", "迟到分钟", "备注"},
			{"", "", "", "", "上班", "下班"},
			{"00123", "张三", time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), "迟到", "09:07", "18:00"},
			{"00123", "张三", "11-03"},
			{1002, "李四", "2026/11/04", "事假"},
			{1002, "", "26-11-05 星期四", "", "08:50", "次日 01:10"},
			{"KF003", "王五", 46332, "缺卡", 0.3680555555555556},
			{"", "张三", "2026-11-09", "正常", "08:58", "18:01"},
			{"9999", "某某", "2026-11-09", "正常", "08:58", "18:01"},
			{"00123", "王五", "2026-11-10", "正常", "08:58", "18:01"},
			{"00123", "张三", "2026-12-01", "正常", "08:58", "18:01"},
			{"00123", "张三", "2026-11-11", "迟到", "09:30", "18:00", "15"},
			{"00123", "张三", "2026-11-12", "请吃饭"},
			nil,
			{"00123", "张三", "2026-11-13", "", "09:03", "17:50", "", "堵车"},
			{123, "张三", "2026-11-16", "正常", "08:58", "18:01"},
			{"合计", "", "", "", "", "", "22"},
		},
		merges: [][2]string{{"A1", "H1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "C3"}, {"D2", "D3"}, {"E2", "F2"}, {"G2", "G3"}, {"H2", "H3"}},
	})
	writeBook(t, filepath.Join(dir, "奖惩.xlsx"), false, excelize.Options{}, testSheet{
		name: "奖惩",
		rows: [][]any{
			{"日期", "工号", "姓名", "项目", "次数", "分值", "赔偿金额"},
			{time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC), "00123", "张三", "L01", 1},
			{"2026.11.6", "１００２", "李四", "迟到早退", "", "3"},
			{"2026-11-07", "KF003", "王五", "S04", 1, "", "¥1,200.50"},
		},
		formulas: map[string]string{"F2": "1+1"},
	})
	// 1904 date system: serial 44867 is 2026-11-03
	writeBook(t, filepath.Join(dir, "质检.xlsx"), true, excelize.Options{}, testSheet{
		name: "Sheet1",
		rows: [][]any{
			{"日期", "工号", "姓名", "服务用语", "服务态度", "语气语调", "需求归纳能力", "应变能力", "总分", "差错次数"},
			{44867, "KF003", "王五", 18, 19, 20, 17, 16, "", 1},
			{44868, "KF003", "王五", 25, 19, 20, 17, 16, 97, 0},
		},
	})
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String("工号,姓名,成绩,满分\r\n00123,张三,100,100\r\n1002,李四,５８,\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "考试成绩.csv"), []byte(gbk), 0o644); err != nil {
		t.Fatal(err)
	}
	writeBook(t, filepath.Join(dir, "其他.xlsx"), false, excelize.Options{},
		testSheet{name: "投诉", rows: [][]any{{"日期", "工号", "是否有效", "描述"}, {"11月20日", "00123", "是", "态度差"}, {"11月21日", "1002", "无效", ""}, {"11月22日", "1002", "也许", ""}}},
		testSheet{name: "额外奖惩", rows: [][]any{{"工号", "姓名", "分值", "理由"}, {1002, "李四", -2, "交接不清"}, {"00123", "张三", 3, ""}}},
		testSheet{name: "工作量", rows: [][]any{{"工号", "接待量", "满意度"}, {"00123", 1200, "98.5%"}}},
	)
	if err := os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}

	l, err := Load(dir, testRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := l.Month

	wantEmp := []calc.Employee{
		{ID: "00123", Name: "张三", Team: "一组", Role: "业务代表", Hired: day(1, 5), Salary: decimal.NewNullDecimal(decimal.NewFromInt(5000)),
			Loc: calc.Loc{File: "名单.xlsx", Sheet: "花名册", Cell: "A4"}},
		{ID: "1002", Name: "李 四", Team: "一组", Role: "组长", Hired: day(3, 1), Salary: decimal.NewNullDecimal(decimal.NewFromInt(6000)), ClockID: "A-17",
			Loc: calc.Loc{File: "名单.xlsx", Sheet: "花名册", Cell: "A5"}},
		{ID: "KF003", Name: "王五", Team: "二组", Role: "业务代表", Hired: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), ClockID: "3",
			Loc: calc.Loc{File: "名单.xlsx", Sheet: "花名册", Cell: "A6"}},
	}
	if len(m.Employees) != len(wantEmp) {
		t.Fatalf("Employees = %d %+v; want %d", len(m.Employees), m.Employees, len(wantEmp))
	}
	for i, e := range m.Employees {
		w := wantEmp[i]
		if e.ID != w.ID || e.Name != w.Name || e.Team != w.Team || e.Role != w.Role || !e.Hired.Equal(w.Hired) ||
			e.Salary.Valid != w.Salary.Valid || !e.Salary.Decimal.Equal(w.Salary.Decimal) || e.ClockID != w.ClockID || e.Loc != w.Loc {
			t.Errorf("Employee[%d] = %+v; want %+v", i, e, w)
		}
	}

	att := func(cell string) calc.Loc { return calc.Loc{File: "考勤一组.xlsx", Sheet: "11月", Cell: cell} }
	wantDays := []calc.Day{
		{ID: "00123", Date: day(11, 2), Status: "迟到", Late: true, LateMin: 7, WorkedMin: 533, Loc: att("D4")},
		{ID: "00123", Date: day(11, 3), Status: "旷工", Absent: true, Loc: att("D5")},
		{ID: "1002", Date: day(11, 4), Status: "事假", Leave: "事假", Loc: att("D6")},
		{ID: "1002", Date: day(11, 5), Status: "正常", WorkedMin: 980, Loc: att("D7")},
		{ID: "KF003", Date: day(11, 6), Status: "缺卡", MissingPunches: 1, Loc: att("D8")},
		{ID: "00123", Date: day(11, 9), Status: "正常", WorkedMin: 543, Loc: att("D9")},
		{ID: "00123", Date: day(11, 11), Status: "迟到", Late: true, LateMin: 15, WorkedMin: 510, Loc: att("D13")},
		{ID: "00123", Date: day(11, 13), Status: "迟到", Late: true, LateMin: 3, Early: true, EarlyMin: 10, WorkedMin: 527, Note: "堵车", Loc: att("D16")},
		{ID: "00123", Date: day(11, 16), Status: "正常", WorkedMin: 543, Loc: att("D17")},
	}
	if !reflect.DeepEqual(noArrive(m.Days), wantDays) {
		t.Errorf("Days =\n%+v\nwant\n%+v", m.Days, wantDays)
	}

	wantEvents := []calc.Event{
		{ID: "1002", Name: "李 四", Date: day(11, 6), Item: "迟到早退", Points: decimal.NewNullDecimal(decimal.NewFromInt(3)),
			Loc: calc.Loc{File: "奖惩.xlsx", Sheet: "奖惩", Cell: "D3"}},
		{ID: "KF003", Name: "王五", Date: day(11, 7), Item: "S04", Times: 1, Compensation: decimal.RequireFromString("1200.5"),
			Loc: calc.Loc{File: "奖惩.xlsx", Sheet: "奖惩", Cell: "D4"}},
	}
	if len(m.Events) != len(wantEvents) {
		t.Fatalf("Events = %+v; want %+v", m.Events, wantEvents)
	}
	for i, e := range m.Events {
		w := wantEvents[i]
		if e.ID != w.ID || e.Name != w.Name || !e.Date.Equal(w.Date) || e.Item != w.Item || e.Times != w.Times ||
			e.Points.Valid != w.Points.Valid || !e.Points.Decimal.Equal(w.Points.Decimal) || !e.Compensation.Equal(w.Compensation) || e.Loc != w.Loc {
			t.Errorf("Event[%d] = %+v; want %+v", i, e, w)
		}
	}

	if len(m.QA) != 1 {
		t.Fatalf("QA = %+v; want 1 record", m.QA)
	}
	q := m.QA[0]
	var items []string
	for _, it := range q.Items {
		items = append(items, it.Decimal.String())
	}
	if q.ID != "KF003" || !q.Date.Equal(day(11, 3)) || strings.Join(items, ",") != "18,19,20,17,16" || q.Total.Valid || q.Errors != 1 ||
		q.Loc != (calc.Loc{File: "质检.xlsx", Sheet: "Sheet1", Cell: "J2"}) {
		t.Errorf("QA[0] = %+v (items %v); want KF003 2026-11-03 items 18,19,20,17,16, no total, 1 error at J2 (差错次数)", q, items)
	}

	if len(m.Exams) != 2 || m.Exams[0].ID != "00123" || !m.Exams[0].Score.Equal(decimal.NewFromInt(100)) || !m.Exams[0].Full.Equal(decimal.NewFromInt(100)) ||
		m.Exams[1].ID != "1002" || !m.Exams[1].Score.Equal(decimal.NewFromInt(58)) || !m.Exams[1].Full.IsZero() ||
		m.Exams[1].Loc != (calc.Loc{File: "考试成绩.csv", Cell: "C3"}) {
		t.Errorf("Exams = %+v; want 00123 100/100, 1002 58/(100) at 考试成绩.csv!C3", m.Exams)
	}
	if !m.ComplaintsGiven || len(m.Complaints) != 2 || !m.Complaints[0].Valid || m.Complaints[0].Desc != "态度差" || !m.Complaints[0].Date.Equal(day(11, 20)) || m.Complaints[1].Valid {
		t.Errorf("Complaints = %+v (given %v); want 00123 valid, 1002 not", m.Complaints, m.ComplaintsGiven)
	}
	if len(m.Adjustments) != 1 || m.Adjustments[0].ID != "1002" || !m.Adjustments[0].Points.Equal(decimal.NewFromInt(-2)) || m.Adjustments[0].Reason != "交接不清" {
		t.Errorf("Adjustments = %+v; want 1002 -2 交接不清", m.Adjustments)
	}
	if !m.WorkloadGiven || len(m.Workload) != 1 || !m.Workload[0].Handled.Equal(decimal.NewFromInt(1200)) || !m.Workload[0].Satisfaction.Equal(decimal.RequireFromString("0.985")) {
		t.Errorf("Workload = %+v; want 00123 1200 0.985", m.Workload)
	}

	wantErrors := []string{
		"名单.xlsx!花名册!A7 工号 1002 在花名册中重复（首次出现在 名单.xlsx!花名册!A5）",
		"奖惩.xlsx!奖惩!F2 分值：公式单元格没有计算结果",
		"考勤一组.xlsx!11月!D14 无法识别的考勤结果「请吃饭」",
		"质检.xlsx!Sheet1!D3 服务用语 的得分 25 超出 0–20",
		"其他.xlsx!投诉!C4 是否有效：应填 是 或 否「也许」",
		"其他.xlsx!额外奖惩!D3 理由 不能为空",
		"考勤一组.xlsx!11月!A10 工号 9999 不在花名册中",
		"考勤一组.xlsx!11月!B11 姓名「王五」与花名册中工号 00123 的姓名「张三」不一致",
	}
	sortLines := func(s []string) []string { s = append([]string(nil), s...); sortStrings(s); return s }
	if got := problemLines(l.Problems, calc.Error); !reflect.DeepEqual(sortLines(got), sortLines(wantErrors)) {
		t.Errorf("errors =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantErrors, "\n"))
	}
	wantWarnings := []string{
		"名单.xlsx!统计 未识别的工作表（有数据，但表头不是任何一种输入），未读取",
		"考勤一组.xlsx!11月!C12 日期 2026-12-01 不在考核月份 2026-11 内",
		"考勤一组.xlsx!11月!A9 工号为空，已按姓名「张三」匹配为工号 00123",
		"考勤一组.xlsx!11月!A17 工号 123 不在花名册中，已按花名册的工号 00123 匹配（前导零丢失）",
	}
	if got := problemLines(l.Problems, calc.Warning); !reflect.DeepEqual(sortLines(got), sortLines(wantWarnings)) {
		t.Errorf("warnings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantWarnings, "\n"))
	}
	wantInfo := []string{
		"名单.xlsx!花名册!第3行 识别为 花名册（表头在第3行）",
		"名单.xlsx!说明 已忽略：说明工作表",
		"名单.xlsx!旧表 已忽略：隐藏的工作表",
		"考勤一组.xlsx!11月!第3行 识别为 考勤明细（表头在第3行）",
		"奖惩.xlsx!奖惩!第1行 识别为 奖惩记录（表头在第1行）",
		"质检.xlsx!Sheet1!第1行 识别为 服务质量综合考评表（表头在第1行）",
		"考试成绩.csv 按 GBK/GB18030 编码读取",
		"考试成绩.csv!第1行 识别为 考试成绩（表头在第1行）",
		"其他.xlsx!投诉!第1行 识别为 投诉记录（表头在第1行）",
		"其他.xlsx!额外奖惩!第1行 识别为 额外奖惩（表头在第1行）",
		"其他.xlsx!工作量!第1行 识别为 工作量（表头在第1行）",
		"readme.txt 已忽略：不是 .xlsx/.xlsm/.csv 文件",
	}
	if got := problemLines(l.Problems, calc.Info); !reflect.DeepEqual(sortLines(got), sortLines(wantInfo)) {
		t.Errorf("info =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantInfo, "\n"))
	}

	var names []string
	for _, in := range l.Inputs {
		names = append(names, in.Name)
		if len(in.SHA256) != 64 || in.Size <= 0 {
			t.Errorf("Input %+v; want a SHA-256 and a size", in)
		}
	}
	if want := []string{"其他.xlsx", "名单.xlsx", "奖惩.xlsx", "考勤一组.xlsx", "考试成绩.csv", "质检.xlsx"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Inputs = %v; want %v", names, want)
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestLoadBadFiles(t *testing.T) {
	dir := t.TempDir()
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, bytes.Repeat([]byte{0}, 600)...)
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("旧考勤.xls", ole)
	write("改名的.xlsx", ole)
	write("空.xlsx", nil)
	write("文本.xlsx", []byte("工号,姓名\n"))
	good := filepath.Join(t.TempDir(), "good.xlsx")
	writeBook(t, good, false, excelize.Options{}, rosterSheet())
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write("截断.xlsx", b[:len(b)/2])
	writeBook(t, filepath.Join(dir, "加密.xlsx"), false, excelize.Options{Password: "密码123"}, rosterSheet())

	l, err := Load(dir, testRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		" 没有找到 花名册（表头含 工号、姓名、班组、岗位、入职日期 的工作表）",
		" 没有找到 考勤明细（表头含 工号、日期 的考勤工作表）",
		"旧考勤.xls 这是旧版 Excel 97-2003（.xls）文件，不能直接读取",
		"改名的.xlsx 这是旧版 Excel 97-2003（.xls）文件，不能直接读取",
		"空.xlsx 文件为空（0 字节）",
		"文本.xlsx 不是有效的 Excel 工作簿（文件已损坏或并非 .xlsx 格式）",
		"加密.xlsx 此工作簿已加密（设置了打开密码）",
	}
	got := problemLines(l.Problems, calc.Error)
	var rest []string
	for _, g := range got {
		if strings.HasPrefix(g, "截断.xlsx 工作簿已损坏或不完整") {
			continue
		}
		rest = append(rest, g)
	}
	if len(got) != len(want)+1 || !reflect.DeepEqual(sortLinesCopy(rest), sortLinesCopy(want)) {
		t.Errorf("errors =\n%s\nwant\n%s\n截断.xlsx 工作簿已损坏或不完整…", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// with the password the encrypted roster reads; the wrong one is an error
	l, err = Load(dir, testRules(), 2026, time.November, LoadOptions{Password: "密码123"})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Month.Employees) != 3 || l.Month.Employees[0].ID != "00123" {
		t.Errorf("Employees with password = %+v; want the 3 of the roster", l.Month.Employees)
	}
	l, err = Load(dir, testRules(), 2026, time.November, LoadOptions{Password: "错"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, g := range problemLines(l.Problems, calc.Error) {
		found = found || strings.HasPrefix(g, "加密.xlsx 无法解密此工作簿")
	}
	if !found {
		t.Errorf("errors with a wrong password = %v; want 加密.xlsx 无法解密此工作簿…", problemLines(l.Problems, calc.Error))
	}

	if _, err := Load(filepath.Join(dir, "不存在"), testRules(), 2026, time.November, LoadOptions{}); err == nil {
		t.Errorf("Load(missing dir) error = nil; want an error")
	}
}

func sortLinesCopy(s []string) []string {
	s = append([]string(nil), s...)
	sortStrings(s)
	return s
}

func TestLoadMissingColumns(t *testing.T) {
	dir := t.TempDir()
	writeBook(t, filepath.Join(dir, "名单.xlsx"), false, excelize.Options{}, testSheet{
		name: "Sheet1",
		rows: [][]any{{"2026年11月花名册"}, {"工号", "姓名", "班组", "入职日期"}, {"001", "张三", "一组", "2026-01-01"}},
	})
	writeBook(t, filepath.Join(dir, "考勤.xlsx"), false, excelize.Options{}, testSheet{
		name: "Sheet1",
		rows: [][]any{{"工号", "日期", "考勤结果"}, {"001", "2026-11-02", "正常"}},
	})
	l, err := Load(dir, testRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"名单.xlsx!Sheet1!第2行 识别为 花名册，但表头（第2行）缺少必需列：「岗位」（也可写作：职位、职务）；此工作表未读取"}
	if got := problemLines(l.Problems, calc.Error); !reflect.DeepEqual(got, want) {
		t.Errorf("errors = %q; want %q", got, want)
	}
	if len(l.Month.Employees) != 0 || len(l.Month.Days) != 1 || l.Month.Days[0].ID != "001" {
		t.Errorf("Employees = %+v, Days = %+v; want none and one unchecked day", l.Month.Employees, l.Month.Days)
	}
}

// FuzzReadCSV feeds arbitrary bytes through the whole reading path of a CSV
// file: it must never panic and every problem must have a location.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("工号,姓名,班组,岗位,入职日期\n001,张三,一组,业务代表,2026-01-01\n合计,1\n"))
	f.Add([]byte("标题\n\n工号,姓名,日期,考勤结果,上班打卡,下班打卡\n001,张三,11-03,迟到,09:10,次日 01:00\n"))
	f.Add([]byte("日期,工号,项目,次数,分值\n2026/11/3,１,L04,2次,5\n"))
	f.Add([]byte("\xef\xbb\xbf工号\t接待量\n1\t1e5\n"))
	f.Add([]byte("\"a,b\nc\"\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ld := newLoader(testRules(), 2026, time.November, LoadOptions{})
		ld.readCSV("x.csv", data)
		ld.finish()
		for _, p := range ld.problems {
			if p.Loc.File != "x.csv" && p.Loc.File != "" {
				t.Errorf("problem %+v; want it in x.csv", p)
			}
			if p.Msg == "" {
				t.Errorf("problem %+v without a message", p)
			}
		}
	})
}

func TestReserveRows(t *testing.T) {
	caps := func(ld *loader, rec *sheetRec) [5]int {
		return [5]int{cap(rec.rows), cap(ld.days.recs), cap(ld.qa), cap(ld.exams), cap(ld.employees)}
	}
	est := func(read int) int { return 100 * read } // 10,000 rows from 100 read
	tests := []struct {
		name string
		kind Kind
		hint func(int) int
		want [5]int // at least: fingerprints, days, QA, exams, roster rows
	}{
		{"attendance", Attendance, est, [5]int{10900, 10900, 0, 0, 0}},
		{"DingTalk", DingTalk, est, [5]int{10900, 10900, 0, 0, 0}},
		{"QA", QA, est, [5]int{10900, 0, 10900, 0, 0}},
		{"exams", Exams, est, [5]int{10900, 0, 0, 10900, 0}},
		{"roster", Roster, est, [5]int{10900, 0, 0, 0, 10900}},
		{"events: fingerprints only", Events, est, [5]int{10900, 0, 0, 0, 0}},
		{"absurd estimate", QA, func(int) int { return 1 << 30 }, [5]int{}},
		{"estimate below the rows read", QA, func(int) int { return 50 }, [5]int{}},
		{"no estimate", QA, nil, [5]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ld := newLoader(testRules(), 2026, 11, LoadOptions{})
			rec := &sheetRec{}
			ld.reserveRows(tt.kind, &sheetSrc{rowsHint: tt.hint}, rec, 100)
			got := caps(ld, rec)
			for k := range got {
				if (tt.want[k] == 0) != (got[k] == 0) || got[k] < tt.want[k] {
					t.Errorf("capacities (fingerprints, days, QA, exams, roster) = %v; want at least %v, and 0 where 0", got, tt.want)
					break
				}
			}
		})
	}
}
