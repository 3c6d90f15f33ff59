package templates

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/sheets"
)

// tplOpen opens a template written into dir.
func tplOpen(t *testing.T, dir, name string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// tplWantHeader is the canonical header of a kind, QA items in place.
func tplWantHeader(s *sheets.Spec, r *calc.Rules) []string {
	var out []string
	for _, c := range s.Columns {
		if s.Kind == sheets.QA && c.Name == "总分" {
			for _, it := range r.QAItems {
				out = append(out, it.Name)
			}
		}
		out = append(out, c.Name)
	}
	return out
}

// setRoot is the temporary folder of the template sets written once for
// the tests that only read them (removed by TestMain).
var setRoot = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "appraise-templates-")
	defaultSetRoot = dir
	return dir, err
})

// tplSet returns a OnceValues writing the templates of the default rules
// and a month (0 0: none) into a folder of setRoot.
func tplSet(name string, year int, month time.Month) func() (string, error) {
	return sync.OnceValues(func() (string, error) {
		root, err := setRoot()
		if err != nil {
			return "", err
		}
		dir := filepath.Join(root, name)
		return dir, Write(dir, calc.DefaultRules(), year, month)
	})
}

// defaultSet is the folder of templates for 2026-11; noMonthSet that of
// the templates without a month (what is embedded).
var (
	defaultSet = tplSet("2026-11", 2026, 11)
	noMonthSet = tplSet("no-month", 0, 0)
)

// defaultSetRoot is setRoot's folder once made.
var defaultSetRoot string

func defaultSetDir(t *testing.T) string {
	t.Helper()
	dir, err := defaultSet()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func noMonthSetDir(t *testing.T) string {
	t.Helper()
	dir, err := noMonthSet()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestWriteTemplatesHeaders(t *testing.T) {
	dir := defaultSetDir(t)
	r := calc.DefaultRules()
	for _, s := range sheets.Specs {
		t.Run(s.Name, func(t *testing.T) {
			f := tplOpen(t, dir, s.Name+".xlsx")
			rows, err := f.GetRows(s.Name)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) < 2 {
				t.Fatalf("%s: %d rows; want title and header", s.Name, len(rows))
			}
			if want := "客服部2026年11月" + s.Name; rows[0][0] != want {
				t.Errorf("title = %q; want %q", rows[0][0], want)
			}
			want := tplWantHeader(&s, r)
			if got := strings.Join(rows[1], ","); got != strings.Join(want, ",") {
				t.Errorf("header = %v; want %v", got, strings.Join(want, ","))
			}
			if len(rows) != 2 {
				t.Errorf("template has %d rows; want 2 (blank)", len(rows))
			}
			// Required columns are styled differently from the others.
			req, opt := -1, -1
			for i, c := range s.Columns {
				if c.Required && req < 0 {
					req = i
				}
				if !c.Required && opt < 0 {
					opt = i
				}
			}
			if req >= 0 && opt >= 0 {
				a, _ := f.GetCellStyle(s.Name, rbCell(req, tplHeadRow))
				b, _ := f.GetCellStyle(s.Name, rbCell(opt, tplHeadRow))
				if a == b {
					t.Errorf("required and optional headers share style %d", a)
				}
			}
			// The 说明 sheet explains every column.
			intro, err := f.GetRows(rbIntro)
			if err != nil {
				t.Fatalf("no 说明 sheet: %v", err)
			}
			explained := map[string]bool{}
			for _, row := range intro {
				if len(row) > 2 && row[2] != "" {
					explained[row[0]] = true
				}
			}
			for _, h := range want {
				if !explained[h] {
					t.Errorf("说明 does not explain column %s", h)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, RulesFile)); err != nil {
		t.Errorf("rules workbook not written: %v", err)
	}
}

// tplDV returns the data validation of a sheet covering column col.
func tplDV(t *testing.T, f *excelize.File, sheet, col string) *excelize.DataValidation {
	t.Helper()
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, dv := range dvs {
		if strings.HasPrefix(dv.Sqref, fmt.Sprintf("%s%d:", col, tplHeadRow+1)) {
			return dv
		}
	}
	return nil
}

func TestTemplateEventsDropDown(t *testing.T) {
	dir := defaultSetDir(t)
	r := calc.DefaultRules()
	f := tplOpen(t, dir, "奖惩记录.xlsx")
	entries := tplEventRules(r)
	if inline := len([]rune(strings.Join(entries, ","))); inline <= 255 {
		t.Fatalf("entries are %d characters; the hidden-sheet list is only needed above 255", inline)
	}
	dv := tplDV(t, f, "奖惩记录", "D")
	if dv == nil {
		t.Fatal("no data validation on 项目 (column D)")
	}
	want := fmt.Sprintf("'%s'!$A$1:$A$%d", tplListName, len(entries))
	if dv.Type != "list" || dv.Formula1 != want {
		t.Errorf("项目 validation = %s %q; want list %q", dv.Type, dv.Formula1, want)
	}
	visible, err := f.GetSheetVisible(tplListName)
	if err != nil || visible {
		t.Errorf("GetSheetVisible(%s) = %v, %v; want hidden", tplListName, visible, err)
	}
	for i, e := range entries {
		got, _ := f.GetCellValue(tplListName, fmt.Sprintf("A%d", i+1))
		if got != e {
			t.Errorf("%s!A%d = %q; want %q", tplListName, i+1, got, e)
		}
		if _, err := r.Lookup(got); err != nil {
			t.Errorf("Lookup(%q) = %v; want the rule", got, err)
		}
	}
	if d := tplDV(t, f, "奖惩记录", "A"); d == nil || d.Type != "date" || d.Formula1 != "46327" || d.Formula2 != "46356" {
		t.Errorf("日期 validation = %+v; want date between 46327 (2026-11-01) and 46356 (2026-11-30)", d)
	}
}

func TestTemplateChecks(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, calc.DefaultRules(), 2026, 2); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file, sheet, col string
		typ, f1, f2      string
	}{
		{"投诉记录.xlsx", "投诉记录", "D", "list", `"是,否"`, ""},
		{"额外奖惩.xlsx", "额外奖惩", "C", "decimal", "-5", "5"},
		{"考试成绩.xlsx", "考试成绩", "D", "decimal", "0", ""},
		{"服务质量综合考评表.xlsx", "服务质量综合考评表", "L", "decimal", "2", "5"},
		{"服务质量综合考评表.xlsx", "服务质量综合考评表", "E", "decimal", "0", "20"},
		{"花名册.xlsx", "花名册", "E", "list", `"业务代表,组长,班长,质检员,培训专员,主管,主任"`, ""},
		{"考勤明细.xlsx", "考勤明细", "C", "date", "46054", "46081"}, // 2026-02-01 … 2026-02-28
	} {
		f := tplOpen(t, dir, tc.file)
		dv := tplDV(t, f, tc.sheet, tc.col)
		if dv == nil {
			t.Errorf("%s!%s: no data validation", tc.sheet, tc.col)
			continue
		}
		if dv.Type != tc.typ || dv.Formula1 != tc.f1 || dv.Formula2 != tc.f2 {
			t.Errorf("%s!%s validation = %s %q %q; want %s %q %q", tc.sheet, tc.col, dv.Type, dv.Formula1, dv.Formula2, tc.typ, tc.f1, tc.f2)
		}
	}
}

func TestTemplatesNoMonth(t *testing.T) {
	dir := noMonthSetDir(t)
	f := tplOpen(t, dir, "投诉记录.xlsx")
	if title, _ := f.GetCellValue("投诉记录", "A1"); title != "客服部____年__月投诉记录" {
		t.Errorf("title = %q; want 客服部____年__月投诉记录", title)
	}
	if dv := tplDV(t, f, "投诉记录", "A"); dv != nil {
		t.Errorf("日期 has a validation %s %q without a month; want none", dv.Type, dv.Formula1)
	}
}

func TestWriteTemplatesDeterministic(t *testing.T) {
	a, b := defaultSetDir(t), t.TempDir()
	if err := Write(b, calc.DefaultRules(), 2026, 11); err != nil {
		t.Fatal(err)
	}
	files, err := os.ReadDir(a)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(sheets.Specs)+1 {
		t.Errorf("Write wrote %d files; want %d", len(files), len(sheets.Specs)+1)
	}
	for _, e := range files {
		x, _ := os.ReadFile(filepath.Join(a, e.Name()))
		y, err := os.ReadFile(filepath.Join(b, e.Name()))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs (%v)", e.Name(), err)
		}
	}
}

// TestTemplatesLoad fills each blank template with a row, as HR would in
// Excel, and checks that Load recognises every sheet and reads the rows.
func TestTemplatesLoad(t *testing.T) {
	dir := t.TempDir()
	r := calc.DefaultRules() // one attendance row: coverage (D19) is not what this tests
	for i := range r.Inputs {
		r.Inputs[i].Required = false
	}
	r.CoverageRatio = decimal.NewFromInt(1)
	if err := Write(dir, r, 2026, 11); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, RulesFile)); err != nil {
		t.Fatal(err)
	}
	date := 46329.0 // 2026-11-03 as Excel stores a typed date
	rows := map[string][]any{
		"花名册":       {"1001", "张三", "客服部", "一组", "业务代表", 46083.0},
		"考勤明细":      {"1001", "张三", date, "白班", "09:00", "18:00", "09:07", "18:01", "迟到", 7},
		"服务质量综合考评表": {date, "1001", "张三", "李四", 18, 19, 17, 18, 20, 92, 1, 2},
		"奖惩记录":      {date, "1001", "张三", "L01 工作时间未使用普通话", 1},
		"考试成绩":      {"1001", "张三", date, 100, 100},
		"投诉记录":      {date, "1001", "张三", "否", "态度问题"},
		"额外奖惩":      {"1001", "张三", 3, "组织培训", "赵六"},
		"工作量":       {"1001", "张三", 1200, 1150, 4.5, 0.98},
		"请假记录":      {"1001", "张三", "事假", 46331.375, 46331.75, 46329.4375, "已通过"},
	}
	for _, s := range sheets.Specs {
		p := filepath.Join(dir, s.Name+".xlsx")
		f, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f.SetZipWriter(rbFastZip)
		f.Theme = nil // Save keeps the theme part as written
		for i, v := range rows[s.Name] {
			if err := f.SetCellValue(s.Name, rbCell(i, tplHeadRow+1), v); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		_ = f.Close()
	}
	ld, err := sheets.Load(dir, r, 2026, 11, sheets.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ld.Problems {
		if p.Level == calc.Error {
			t.Errorf("Load: %s %s", p.Loc, p.Msg)
		}
	}
	m := ld.Month
	for _, tc := range []struct {
		what      string
		got, want int
	}{
		{"Employees", len(m.Employees), 1}, {"Days", len(m.Days), 1}, {"QA", len(m.QA), 1},
		{"Events", len(m.Events), 1}, {"Exams", len(m.Exams), 1}, {"Complaints", len(m.Complaints), 1},
		{"Adjustments", len(m.Adjustments), 1}, {"Workload", len(m.Workload), 1}, {"Leaves", len(m.Leaves), 1},
	} {
		if tc.got != tc.want {
			t.Errorf("len(%s) = %v; want %v", tc.what, tc.got, tc.want)
		}
	}
}
