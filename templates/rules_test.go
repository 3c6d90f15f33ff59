package templates

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// rulesDiff compares two values field by field (decimals by value, times by
// instant) and returns the first difference, or "".
func rbDiff(path string, a, b reflect.Value) string {
	if a.Type() == reflect.TypeOf(decimal.Decimal{}) {
		x, y := a.Interface().(decimal.Decimal), b.Interface().(decimal.Decimal)
		if !x.Equal(y) {
			return fmt.Sprintf("%s: %s != %s", path, x, y)
		}
		return ""
	}
	if a.Type() == reflect.TypeOf(time.Time{}) {
		x, y := a.Interface().(time.Time), b.Interface().(time.Time)
		if !x.Equal(y) {
			return fmt.Sprintf("%s: %v != %v", path, x, y)
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil mismatch"
			}
			return ""
		}
		return rbDiff(path, a.Elem(), b.Elem())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if d := rbDiff(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: len %d != %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := rbDiff(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: len %d != %d", path, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			v := b.MapIndex(k)
			if !v.IsValid() {
				return fmt.Sprintf("%s[%v] missing", path, k)
			}
			if d := rbDiff(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), v); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return fmt.Sprintf("%s: %v != %v", path, a.Interface(), b.Interface())
	}
	return ""
}

// defaultRulesBook is the default rules workbook, written once for the
// many tests that edit a copy of it.
var defaultRulesBook = sync.OnceValues(func() ([]byte, error) {
	var buf bytes.Buffer
	err := WriteRules(&buf, calc.DefaultRules())
	return buf.Bytes(), err
})

// rbWriteTemp writes r as a rules workbook in a temp dir.
func rbWriteTemp(t *testing.T, r *calc.Rules) string {
	t.Helper()
	var data []byte
	if r.Hash() == calc.DefaultRules().Hash() {
		d, err := defaultRulesBook()
		if err != nil {
			t.Fatalf("WriteRules: %v", err)
		}
		data = d
	} else {
		var buf bytes.Buffer
		if err := WriteRules(&buf, r); err != nil {
			t.Fatalf("WriteRules: %v", err)
		}
		data = buf.Bytes()
	}
	p := filepath.Join(t.TempDir(), RulesFile)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// rbFastZip is the zip writer of the edited copies: deflate without
// compression (stored blocks, a valid deflate stream), the writers pooled
// as archive/zip pools its own. The copies are read once and thrown away;
// at the default level compressing them took a sixth of the package's
// test time. Compressed workbooks are read by every other test.
func rbFastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw, ok := rbFlatePool.Get().(*flate.Writer)
		if ok {
			fw.Reset(out)
			return &rbPooledFlate{fw}, nil
		}
		fw, err := flate.NewWriter(out, flate.NoCompression)
		return &rbPooledFlate{fw}, err
	})
	return zw
}

var rbFlatePool sync.Pool

// rbPooledFlate returns its flate.Writer to rbFlatePool when closed.
type rbPooledFlate struct{ fw *flate.Writer }

func (w *rbPooledFlate) Write(p []byte) (int, error) { return w.fw.Write(p) }

func (w *rbPooledFlate) Close() error {
	err := w.fw.Close()
	rbFlatePool.Put(w.fw)
	w.fw = nil
	return err
}

// editRules opens a rules workbook, applies edit and saves it.
func rbEdit(t *testing.T, path string, edit func(f *excelize.File)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f.SetZipWriter(rbFastZip)
	// No edit touches the theme: without the parsed copy, Save keeps the
	// theme part's bytes as written instead of marshalling it again.
	f.Theme = nil
	edit(f)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// rowOf returns the 1-based row whose column col holds v on sheet.
func rbRowOf(t *testing.T, f *excelize.File, sheet, col, v string) int {
	t.Helper()
	for row := 1; row < 200; row++ {
		got, _ := f.GetCellValue(sheet, fmt.Sprintf("%s%d", col, row), excelize.Options{RawCellValue: true}) // text: raw is what is shown
		if got == v {
			return row
		}
	}
	t.Fatalf("%s!%s: %q not found", sheet, col, v)
	return 0
}

func rbSetCell(t *testing.T, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

func rbProblems(ps []calc.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\n  %s %s %s", p.Level, p.Loc, p.Msg)
	}
	return b.String()
}

func TestRulesRoundTrip(t *testing.T) {
	def := calc.DefaultRules()
	// Holidays and a working weekend day are not in the default policy;
	// add some so that the 节假日 sheet is exercised too.
	withDays := calc.DefaultRules()
	withDays.Holidays = []time.Time{time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC)}
	withDays.Workdays = []time.Time{time.Date(2026, 10, 10, 0, 0, 0, 0, time.UTC)}
	withDays.S05Distinct = true
	withDays.ExamFailRatio = decimal.RequireFromString("0.55")
	for _, tc := range []struct {
		name string
		r    *calc.Rules
	}{{"default", def}, {"holidays", withDays}} {
		t.Run(tc.name, func(t *testing.T) {
			p := rbWriteTemp(t, tc.r)
			got, ps := ReadRules(p)
			if len(ps) != 0 || got == nil {
				t.Fatalf("ReadRules(WriteRules(%s)) problems:%s", tc.name, rbProblems(ps))
			}
			if d := rbDiff("Rules", reflect.ValueOf(got), reflect.ValueOf(tc.r)); d != "" {
				t.Errorf("ReadRules(WriteRules(%s)) differs: %s", tc.name, d)
			}
			if got.Hash() != tc.r.Hash() {
				t.Errorf("Hash() = %s; want %s", got.Hash(), tc.r.Hash())
			}
		})
	}
}

func TestWriteRulesDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteRules(&a, calc.DefaultRules()); err != nil {
		t.Fatal(err)
	}
	if err := WriteRules(&b, calc.DefaultRules()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("WriteRules(DefaultRules) gave different bytes on two runs")
	}
}

// TestReadRulesDefault: the default rules read back as the default policy;
// a file that is no workbook is one error at its base name.
func TestReadRulesDefault(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := WriteRules(&buf, calc.DefaultRules()); err != nil {
		t.Fatal(err)
	}
	good, bad := filepath.Join(dir, "默认规则.xlsx"), filepath.Join(dir, "坏文件.xlsx")
	if err := os.WriteFile(good, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, ps := ReadRules(good)
	if r == nil || len(ps) != 0 {
		t.Fatalf("ReadRules problems:%s", rbProblems(ps))
	}
	if r.Hash() != calc.DefaultRules().Hash() {
		t.Errorf("ReadRules hash = %s; want default", r.Hash())
	}
	_, ps = ReadRules(bad)
	if len(ps) != 1 || ps[0].Level != calc.Error || ps[0].Loc.File != "坏文件.xlsx" {
		t.Errorf("ReadRules(garbage) = %v; want one error at 坏文件.xlsx", ps)
	}
}

// TestRulesEdited changes a point value and a grade band as HR would and
// checks that the rules read back reflect it.
func TestRulesEdited(t *testing.T) {
	p := rbWriteTemp(t, calc.DefaultRules())
	rbEdit(t, p, func(f *excelize.File) {
		row := rbRowOf(t, f, rbRules, "A", "L01")
		rbSetCell(t, f, rbRules, fmt.Sprintf("D%d", row), 3)
		rbSetCell(t, f, rbRules, fmt.Sprintf("E%d", row), 3)
		rbSetCell(t, f, rbGrades, fmt.Sprintf("B%d", rbRowOf(t, f, rbGrades, "A", "B")), 82)
		// Time typed in Excel: a serial fraction.
		rbSetCell(t, f, rbParamSheet, fmt.Sprintf("B%d", rbRowOf(t, f, rbParamSheet, "A", "默认上班时间")), 0.375-1.0/24)
		rbSetCell(t, f, rbParamSheet, fmt.Sprintf("B%d", rbRowOf(t, f, rbParamSheet, "A", "额外奖惩岗位")), "组长，班长，主管")
	})
	r, ps := ReadRules(p)
	if r == nil {
		t.Fatalf("ReadRules(edited) problems:%s", rbProblems(ps))
	}
	l01, _ := r.Rule("L01")
	if !l01.Min.Equal(decimal.NewFromInt(3)) || !l01.Max.Equal(decimal.NewFromInt(3)) {
		t.Errorf("L01 points = %s–%s; want 3–3", l01.Min, l01.Max)
	}
	for _, tc := range []struct {
		score string
		want  string
	}{{"90", "B"}, {"82", "B"}, {"81.9", "C"}, {"80", "C"}, {"90.5", "A"}, {"59", "不合格"}} {
		if got := r.Grade(decimal.RequireFromString(tc.score)); got != tc.want {
			t.Errorf("Grade(%v) = %v; want %v", tc.score, got, tc.want)
		}
	}
	if r.DefaultShift.Start != 8*60 {
		t.Errorf("DefaultShift.Start = %v; want %v", r.DefaultShift.Start, 8*60)
	}
	if got := strings.Join(r.LeaderRoles, "/"); got != "组长/班长/主管" {
		t.Errorf("LeaderRoles = %v; want 组长/班长/主管", got)
	}
	if r.Hash() == calc.DefaultRules().Hash() {
		t.Errorf("edited rules have the default hash")
	}
}

// rbBrokenCase is one damage done to a copy of the default rules workbook and
// the cells where errors must be reported.
type rbBrokenCase struct {
	name string
	edit func(t *testing.T, f *excelize.File) []string // returns the expected "sheet!cell" of each error
}

var rbBrokenCases = []rbBrokenCase{
	{"duplicate code", func(t *testing.T, f *excelize.File) []string {
		row := rbRowOf(t, f, rbRules, "A", "L02")
		rbSetCell(t, f, rbRules, fmt.Sprintf("A%d", row), "L01")
		return []string{fmt.Sprintf("规则!A%d", row)}
	}},
	{"min above max", func(t *testing.T, f *excelize.File) []string {
		row := rbRowOf(t, f, rbRules, "A", "L08")
		rbSetCell(t, f, rbRules, fmt.Sprintf("D%d", row), 6)
		return []string{fmt.Sprintf("规则!D%d", row)}
	}},
	{"unknown category", func(t *testing.T, f *excelize.File) []string {
		row := rbRowOf(t, f, rbRules, "A", "L06")
		rbSetCell(t, f, rbRules, fmt.Sprintf("B%d", row), "轻微违规")
		return []string{fmt.Sprintf("规则!B%d", row)}
	}},
	{"not a number", func(t *testing.T, f *excelize.File) []string {
		row := rbRowOf(t, f, rbRules, "A", "L07")
		rbSetCell(t, f, rbRules, fmt.Sprintf("E%d", row), "五分")
		return []string{fmt.Sprintf("规则!E%d", row)}
	}},
	{"overlapping tiers", func(t *testing.T, f *excelize.File) []string {
		// 1–5, 6–10 → 1–5, 5–10
		rbSetCell(t, f, rbTiers, "B3", 5)
		return []string{"分档!B3"}
	}},
	{"gap in tiers", func(t *testing.T, f *excelize.File) []string {
		// 11–15, 16– → 11–15, 18–
		rbSetCell(t, f, rbTiers, "B5", 18)
		return []string{"分档!B5"}
	}},
	{"open tier not last", func(t *testing.T, f *excelize.File) []string {
		row := rbRowOf(t, f, rbTiers, "E", "M08")
		rbSetCell(t, f, rbTiers, fmt.Sprintf("C%d", row), "")
		return []string{fmt.Sprintf("分档!B%d", row+1)}
	}},
	{"unknown rule in tier", func(t *testing.T, f *excelize.File) []string {
		row := rbRowOf(t, f, rbTiers, "E", "S06")
		rbSetCell(t, f, rbTiers, fmt.Sprintf("E%d", row), "Z99")
		return []string{fmt.Sprintf("分档!E%d", row)}
	}},
	{"grade bands overlap", func(t *testing.T, f *excelize.File) []string {
		row := rbRowOf(t, f, rbGrades, "A", "C")
		rbSetCell(t, f, rbGrades, fmt.Sprintf("B%d", row), 80)
		return []string{fmt.Sprintf("等级!B%d", row)}
	}},
	{"unknown parameter", func(t *testing.T, f *excelize.File) []string {
		row := len(rbParams) + 2
		rbSetCell(t, f, rbParamSheet, fmt.Sprintf("A%d", row), "年终奖系数")
		rbSetCell(t, f, rbParamSheet, fmt.Sprintf("B%d", row), 2)
		return []string{fmt.Sprintf("参数!A%d", row)}
	}},
	{"bad parameter value", func(t *testing.T, f *excelize.File) []string {
		row := rbRowOf(t, f, rbParamSheet, "A", "开始浮动月数")
		rbSetCell(t, f, rbParamSheet, fmt.Sprintf("B%d", row), "2.5")
		return []string{fmt.Sprintf("参数!B%d", row)}
	}},
	{"bad holiday date", func(t *testing.T, f *excelize.File) []string {
		rbSetCell(t, f, rbHolidays, "A2", "十月一日")
		rbSetCell(t, f, rbHolidays, "B2", rbHoliday)
		return []string{"节假日!A2"}
	}},
}

func TestRulesBroken(t *testing.T) {
	for _, tc := range rbBrokenCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := rbWriteTemp(t, calc.DefaultRules())
			var want []string
			rbEdit(t, p, func(f *excelize.File) { want = tc.edit(t, f) })
			r, ps := ReadRules(p)
			rbCheckLocs(t, r, ps, want)
		})
	}
}

// TestRulesBrokenOnePass damages everything at once: every problem must be
// reported in the same call.
func TestRulesBrokenOnePass(t *testing.T) {
	p := rbWriteTemp(t, calc.DefaultRules())
	var want []string
	rbEdit(t, p, func(f *excelize.File) {
		for _, tc := range rbBrokenCases {
			want = append(want, tc.edit(t, f)...)
		}
	})
	r, ps := ReadRules(p)
	rbCheckLocs(t, r, ps, want)
}

func rbCheckLocs(t *testing.T, r *calc.Rules, ps []calc.Problem, want []string) {
	t.Helper()
	if r != nil {
		t.Errorf("ReadRules returned rules despite errors")
	}
	var got []string
	for _, p := range ps {
		if p.Level != calc.Error {
			continue
		}
		if p.Loc.File != RulesFile {
			t.Errorf("problem %q has file %q; want %q", p.Msg, p.Loc.File, RulesFile)
		}
		got = append(got, p.Loc.Sheet+"!"+p.Loc.Cell)
	}
	sort.Strings(got)
	want = append([]string(nil), want...)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("error cells = %v; want %v%s", got, want, rbProblems(ps))
	}
}

func TestRulesMissingSheet(t *testing.T) {
	p := rbWriteTemp(t, calc.DefaultRules())
	rbEdit(t, p, func(f *excelize.File) {
		if err := f.DeleteSheet(rbTiers); err != nil {
			t.Fatal(err)
		}
	})
	r, ps := ReadRules(p)
	rbCheckLocs(t, r, ps, []string{"分档!"})
}

// TestRulesCheckPassThrough: problems only (*calc.Rules).Check finds are
// reported too, with the file and sheet; a deleted 参数 row falls back to
// the default with a warning.
func TestRulesCheckPassThrough(t *testing.T) {
	p := rbWriteTemp(t, calc.DefaultRules())
	rbEdit(t, p, func(f *excelize.File) {
		if err := f.RemoveRow(rbRules, rbRowOf(t, f, rbRules, "A", "L04")); err != nil {
			t.Fatal(err)
		}
		if err := f.RemoveRow(rbParamSheet, rbRowOf(t, f, rbParamSheet, "A", "违纪分钟数")); err != nil {
			t.Fatal(err)
		}
	})
	r, ps := ReadRules(p)
	if r != nil {
		t.Fatalf("ReadRules without L04 returned rules")
	}
	var l04, param bool
	for _, q := range ps {
		if q.Level == calc.Error && strings.Contains(q.Msg, "L04") && q.Loc.Sheet == rbRules && q.Loc.File == RulesFile {
			l04 = true
		}
		if q.Level == calc.Warning && strings.Contains(q.Msg, "违纪分钟数") && q.Loc.Sheet == rbParamSheet {
			param = true
		}
	}
	if !l04 || !param {
		t.Errorf("missing L04 error (%v) or 违纪分钟数 warning (%v):%s", l04, param, rbProblems(ps))
	}
}

func TestRulesMissingParamDefault(t *testing.T) {
	p := rbWriteTemp(t, calc.DefaultRules())
	rbEdit(t, p, func(f *excelize.File) {
		if err := f.RemoveRow(rbParamSheet, rbRowOf(t, f, rbParamSheet, "A", "违纪分钟数")); err != nil {
			t.Fatal(err)
		}
	})
	r, ps := ReadRules(p)
	if r == nil {
		t.Fatalf("ReadRules problems:%s", rbProblems(ps))
	}
	if len(ps) != 1 || ps[0].Level != calc.Warning {
		t.Errorf("problems = %s; want one warning", rbProblems(ps))
	}
	if r.LateMarkMin != 20 {
		t.Errorf("LateMarkMin = %v; want %v", r.LateMarkMin, 20)
	}
}

func TestRulesNoFile(t *testing.T) {
	r, ps := ReadRules(filepath.Join(t.TempDir(), "没有.xlsx"))
	if r != nil || len(ps) != 1 || ps[0].Loc.File != "没有.xlsx" {
		t.Errorf("ReadRules(missing) = %v, %v; want nil and one error at 没有.xlsx", r, ps)
	}
}

// TestRulesEveryFieldHasAPlace fails when calc.Rules gains a field that the
// rules workbook does not hold (add it to rbParams or give it a sheet).
func TestRulesEveryFieldHasAPlace(t *testing.T) {
	onSheets := map[string]bool{"Catalogue": true, "Grades": true, "FailGrade": true, "LateTiers": true,
		"IncidentTiers": true, "QAItems": true, "Holidays": true, "Workdays": true, "Symbols": true, "Inputs": true, "Indicators": true}
	r := &calc.Rules{}
	covered := map[uintptr]bool{}
	for _, p := range rbParams {
		var ptr any
		switch {
		case p.dec != nil:
			ptr = p.dec(r)
		case p.num != nil:
			ptr = p.num(r)
		case p.text != nil:
			ptr = p.text(r)
		case p.flag != nil:
			ptr = p.flag(r)
		case p.clock != nil:
			ptr = p.clock(r)
		case p.list != nil:
			ptr = p.list(r)
		case p.yes != nil:
			ptr = p.yes(r)
		}
		covered[reflect.ValueOf(ptr).Pointer()] = true
	}
	v := reflect.ValueOf(r).Elem()
	for i := 0; i < v.NumField(); i++ {
		name := v.Type().Field(i).Name
		if onSheets[name] {
			continue
		}
		fv := v.Field(i)
		if fv.Kind() == reflect.Struct && fv.Type() != reflect.TypeOf(decimal.Decimal{}) {
			for j := 0; j < fv.NumField(); j++ {
				if !covered[fv.Field(j).Addr().Pointer()] {
					t.Errorf("calc.Rules.%s.%s has no place in the rules workbook", name, fv.Type().Field(j).Name)
				}
			}
			continue
		}
		if !covered[fv.Addr().Pointer()] {
			t.Errorf("calc.Rules.%s has no place in the rules workbook", name)
		}
	}
}

// TestRulesEditedScores: a point value and a grade band edited in the
// workbook change an employee's score and grade.
func TestRulesEditedScores(t *testing.T) {
	month := &calc.Month{
		Year: 2026, Month: 11,
		Employees: []calc.Employee{{ID: "1001", Name: "张三", Team: "一组", Role: "业务代表", Hired: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}},
		Events: []calc.Event{
			{ID: "1001", Date: time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC), Item: "B03"},
			{ID: "1001", Date: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC), Item: "L01"},
		},
	}
	p := rbWriteTemp(t, calc.DefaultRules())
	def, ps := ReadRules(p)
	if def == nil {
		t.Fatalf("ReadRules problems:%s", rbProblems(ps))
	}
	rbEdit(t, p, func(f *excelize.File) {
		row := rbRowOf(t, f, rbRules, "A", "L01")
		rbSetCell(t, f, rbRules, fmt.Sprintf("D%d", row), 3)
		rbSetCell(t, f, rbRules, fmt.Sprintf("E%d", row), 3)
		rbSetCell(t, f, rbGrades, fmt.Sprintf("B%d", rbRowOf(t, f, rbGrades, "A", "B")), 84)
	})
	edited, ps := ReadRules(p)
	if edited == nil {
		t.Fatalf("ReadRules(edited) problems:%s", rbProblems(ps))
	}
	for _, tc := range []struct {
		name         string
		r            *calc.Rules
		final, grade string
	}{{"default", def, "83", "B"}, {"edited", edited, "82", "C"}} {
		res := calc.Appraise(month, tc.r)
		if len(res.Rows) != 1 {
			t.Fatalf("%s: %d rows; want 1", tc.name, len(res.Rows))
		}
		a := res.Rows[0]
		if a.Final.String() != tc.final || a.Grade != tc.grade {
			t.Errorf("Appraise(%s) = %s %s; want %s %s", tc.name, a.Final, a.Grade, tc.final, tc.grade)
		}
	}
}

// TestRulesParamsBlankZeroLists: a blank 参数 cell means the default with a
// 提示 at the cell; 0 is a value like any other; the word lists are read;
// the former names are accepted and 超时容忍分钟 is reported as obsolete.
func TestRulesParamsBlankZeroLists(t *testing.T) {
	p := rbWriteTemp(t, calc.DefaultRules())
	var blankCell, graceCell string
	rbEdit(t, p, func(f *excelize.File) {
		set := func(name string, v any) int {
			row := rbRowOf(t, f, rbParamSheet, "A", name)
			rbSetCell(t, f, rbParamSheet, fmt.Sprintf("B%d", row), v)
			return row
		}
		set("解除合同分数线", 0)
		set("末位分数线", 0)
		set("休息分钟", 0)
		set("试用期上限", 3)
		blankCell = fmt.Sprintf("B%d", set("违纪分钟数", ""))
		set("岗位列表", "业务代表、组长、热线专员")
		set("额外奖惩岗位", "组长、值班长")
		set("质检覆盖岗位", "业务代表，热线专员")
		set("辞职类型", "个人辞职")
		set("请假类别", "事假、病假、年假、婚假、丧假、调休、献血假")
		set("突发事件名称", "突发事件、紧急工单")
		// A workbook of the former release: old names, and the obsolete grace.
		rbSetCell(t, f, rbParamSheet, fmt.Sprintf("A%d", rbRowOf(t, f, rbParamSheet, "A", "连续工作上限")), "最长连续工作分钟")
		row := len(rbParams) + 2
		graceCell = fmt.Sprintf("A%d", row)
		rbSetCell(t, f, rbParamSheet, graceCell, "超时容忍分钟")
		rbSetCell(t, f, rbParamSheet, fmt.Sprintf("B%d", row), 60)
	})
	r, ps := ReadRules(p)
	if r == nil {
		t.Fatalf("ReadRules problems:%s", rbProblems(ps))
	}
	if !r.DismissBelow.IsZero() || !r.LastBelow.IsZero() || r.BreakMin != 0 || r.ProbationMonths != 3 {
		t.Errorf("DismissBelow %v, LastBelow %v, BreakMin %d, ProbationMonths %d; want 0 0 0 3", r.DismissBelow, r.LastBelow, r.BreakMin, r.ProbationMonths)
	}
	if r.LateMarkMin != 20 || r.MaxShiftMin != 480 {
		t.Errorf("LateMarkMin %d (blank), MaxShiftMin %d (former name); want 20 and 480", r.LateMarkMin, r.MaxShiftMin)
	}
	for _, c := range []struct {
		name string
		got  []string
		want string
	}{
		{"Roles", r.Roles, "业务代表/组长/热线专员"},
		{"LeaderRoles", r.LeaderRoles, "组长/值班长"},
		{"QARoles", r.QARoles, "业务代表/热线专员"},
		{"KnownRoles", r.KnownRoles(), "业务代表/组长/热线专员/值班长"},
		{"ResignTypes", r.ResignTypes, "个人辞职"},
		{"LeaveWords", r.LeaveWords, "事假/病假/年假/婚假/丧假/调休/献血假"},
		{"IncidentWords", r.IncidentWords, "突发事件/紧急工单"},
	} {
		if got := strings.Join(c.got, "/"); got != c.want {
			t.Errorf("%s = %s; want %s", c.name, got, c.want)
		}
	}
	want := []string{
		"提示 考核规则.xlsx!参数!" + blankCell + " 参数「违纪分钟数」未填写，使用默认值 20",
		"警告 考核规则.xlsx!参数!" + graceCell + " 参数「超时容忍分钟」已不再使用，已忽略",
	}
	var got []string
	for _, p := range ps {
		got = append(got, fmt.Sprintf("%s %s %s", p.Level, p.Loc, p.Msg))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
