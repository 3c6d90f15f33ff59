package samples

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"appraise/calc"
	"appraise/sheets"
)

// go test ./samples -run TestWriteSample -args -sample-out .
// regenerates the bundled samples (40 people, seed 1, 2026-10 and 2026-11).
var sampleOut = flag.String("sample-out", "", "write the bundled samples under this folder")

func TestWriteSample(t *testing.T) {
	if *sampleOut == "" {
		t.Skip("run with -args -sample-out DIR to regenerate the bundled samples")
	}
	for _, m := range []time.Month{time.October, time.November} {
		dir := filepath.Join(*sampleOut, fmt.Sprintf("2026-%02d", int(m)))
		if err := Write(dir, Options{Employees: 40, Year: 2026, Month: m, Seed: 1}); err != nil {
			t.Fatal(err)
		}
	}
}

func sampleReadDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// TestWriteSampleDeterministic: the same options write the same bytes,
// another seed other data. Under -short the same seed is written once:
// TestBundledSamples compares fresh writes of two months with the bundled
// files, byte for byte, already.
func TestWriteSampleDeterministic(t *testing.T) {
	opt := Options{Employees: 12, Year: 2026, Month: time.November, Seed: 7} // the fewest: determinism does not depend on size
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	if err := Write(a, opt); err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		b = a
	} else if err := Write(b, opt); err != nil {
		t.Fatal(err)
	}
	opt.Seed = 8
	if err := Write(c, opt); err != nil {
		t.Fatal(err)
	}
	fa, fb, fc := sampleReadDir(t, a), sampleReadDir(t, b), sampleReadDir(t, c)
	if len(fa) != 10 || len(fb) != len(fa) {
		t.Fatalf("files = %d and %d; want 10 (with 请假记录, 换班登记, 申诉处理)", len(fa), len(fb))
	}
	differ := 0
	for name, x := range fa {
		if !bytes.Equal(x, fb[name]) {
			t.Errorf("Write(seed 7) twice: %s differs", name)
		}
		if !bytes.Equal(x, fc[name]) {
			differ++
		}
	}
	if differ == 0 {
		t.Errorf("Write(seed 7) and (seed 8) gave identical files; want different data")
	}
}

func TestWriteSampleOptions(t *testing.T) {
	for _, opt := range []Options{
		{Employees: 5, Year: 2026, Month: 11},
		{Employees: 40, Year: 2026, Month: 13},
		{Employees: 40, Year: 1999, Month: 1},
	} {
		if err := Write(t.TempDir(), opt); err == nil {
			t.Errorf("Write(%+v) = nil; want error", opt)
		}
	}
}

func mustSample(t *testing.T, opt Options) *sample {
	t.Helper()
	s, err := newSample(opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSampleRoster: the same seed gives the same people whatever the month,
// and a month's roster holds nobody hired after it.
func TestSampleRoster(t *testing.T) {
	oct := mustSample(t, Options{Year: 2026, Month: time.October, Seed: 1})
	nov := mustSample(t, Options{Year: 2026, Month: time.November, Seed: 1})
	for _, s := range []*sample{oct, nov} {
		if len(s.emps) != sampleDefaultSize {
			t.Errorf("roster(%s) has %d people; want %d", s.ym(), len(s.emps), sampleDefaultSize)
		}
		for _, e := range s.emps {
			if e.Hired.After(s.last) {
				t.Errorf("roster(%s) has %s hired %s; want nobody hired after the month", s.ym(), e.ID, e.Hired.Format(time.DateOnly))
			}
		}
	}
	if _, ok := oct.byID[nov.cast.Hire1]; ok {
		t.Errorf("roster(2026-10) has %s, hired in November", nov.cast.Hire1)
	}
	for _, e := range oct.emps {
		n, ok := nov.byID[e.ID]
		switch {
		case e.ID == oct.cast.Leaver:
			if ok {
				t.Errorf("roster(2026-11) has %s, who left in October", e.ID)
			}
		case !ok:
			t.Errorf("roster(2026-11) lacks %s (%s)", e.ID, e.Name)
		case n.Name != e.Name || !n.Hired.Equal(e.Hired) || n.Role != e.Role || n.Team != e.Team:
			t.Errorf("roster(2026-11)[%s] = %s %s %s; want %s %s %s as in 2026-10", e.ID, n.Name, n.Role, n.Team, e.Name, e.Role, e.Team)
		}
	}
	if oct.cast.Hire1 != nov.cast.Hire2 {
		t.Errorf("October's new hire %s; want November's second-month hire %s", oct.cast.Hire1, nov.cast.Hire2)
	}
	if oct.cast.Hire2 != nov.cast.Leaver {
		t.Errorf("October's second-month hire %s; want November's leaver %s", oct.cast.Hire2, nov.cast.Leaver)
	}
	if oct.cast.Last == "" || oct.cast.Last != nov.cast.Last {
		t.Errorf("last place 2026-10 %q, 2026-11 %q; want the same person", oct.cast.Last, nov.cast.Last)
	}
	// Earlier months leave out the people hired later.
	early := mustSample(t, Options{Year: 2021, Month: time.June, Seed: 1})
	if len(early.emps) >= len(nov.emps) {
		t.Errorf("roster(2021-06) has %d people; want fewer than 2026-11's %d", len(early.emps), len(nov.emps))
	}
}

// sampleFiles maps each sample file (by its name prefix) to its kind.
var sampleFiles = []struct {
	prefix string
	kind   sheets.Kind
	header int // row of the header
}{
	{"花名册", sheets.Roster, 2},
	{"考勤明细_", sheets.Attendance, 3},
	{"服务质量综合考评表_", sheets.QA, 2},
	{"奖惩记录_", sheets.Events, 2},
	{"考试成绩_", sheets.Exams, 2},
	{"投诉记录_", sheets.Complaints, 2},
	{"额外奖惩_", sheets.Adjustments, 2},
}

func TestWriteSampleHeaders(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, Options{Employees: 12, Year: 2026, Month: time.November, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	items := []string{}
	for _, it := range calc.DefaultRules().QAItems {
		items = append(items, it.Name)
	}
	for _, sf := range sampleFiles {
		name := sf.prefix + "2026-11.xlsx"
		if sf.kind == sheets.Roster {
			name = "花名册.xlsx"
		}
		f, err := excelize.OpenFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("open %s: %v", name, err)
			continue
		}
		sheet := f.GetSheetName(0)
		title, _ := f.GetCellValue(sheet, "A1")
		if !strings.HasPrefix(title, sampleDept) {
			t.Errorf("%s!A1 = %q; want a title starting with %s", name, title, sampleDept)
		}
		merged, _ := f.GetMergeCells(sheet)
		if len(merged) == 0 || merged[0].GetStartAxis() != "A1" {
			t.Errorf("%s: merged cells %v; want the title merged from A1", name, merged)
		}
		rows, _ := f.GetRows(sheet) // small test files
		if len(rows) <= sf.header {
			t.Errorf("%s has %d rows; want a header in row %d and data", name, len(rows), sf.header)
			f.Close()
			continue
		}
		hdr := rows[sf.header-1]
		want := []string{}
		for _, c := range sheets.SpecOf(sf.kind).Columns {
			if c.Name != "钉钉UserId" && c.Name != "企业微信账号" { // other systems' ids: not in the sample
				want = append(want, c.Name)
			}
		}
		if sf.kind == sheets.QA {
			want = append(want, items...)
		}
		for _, w := range want {
			if !slices.Contains(hdr, w) {
				t.Errorf("%s header %v lacks %s", name, hdr, w)
			}
		}
		f.Close()
	}
}

// TestSampleCells checks the cell forms HR uses: 工号 as text, dates as
// real dates with a date format, times as text or Excel times.
func TestSampleCells(t *testing.T) {
	dir := novSetDir(t) // Options{Year: 2026, Month: time.November, Seed: 1}
	f, err := excelize.OpenFile(filepath.Join(dir, "考勤明细_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh := f.GetSheetName(0)
	tests := []struct {
		cell string
		typ  excelize.CellType
	}{
		{"A4", excelize.CellTypeInlineString}, // 工号
		{"C4", excelize.CellTypeUnset},        // 日期: a number
		{"E4", excelize.CellTypeUnset},        // 应上班时间: a number
	}
	for _, tt := range tests {
		typ, err := f.GetCellType(sh, tt.cell)
		if err != nil || (typ != tt.typ && !(tt.typ == excelize.CellTypeInlineString && typ == excelize.CellTypeSharedString)) {
			t.Errorf("type(%s) = %v, %v; want %v", tt.cell, typ, err, tt.typ)
		}
	}
	raw, _ := f.GetCellValue(sh, "C4", excelize.Options{RawCellValue: true})
	shown, _ := f.GetCellValue(sh, "C4")
	if raw == shown || !strings.HasPrefix(shown, "2026-11-") {
		t.Errorf("C4 raw %q shown %q; want a date serial shown as 2026-11-dd", raw, shown)
	}
	if v, _ := f.GetCellValue(sh, "E4"); v != "09:00" {
		t.Errorf("E4 = %q; want 09:00", v)
	}
}

func TestSampleEventItems(t *testing.T) {
	r := calc.DefaultRules()
	for _, m := range []time.Month{time.October, time.November} {
		s := mustSample(t, Options{Year: 2026, Month: m, Seed: 1})
		codes := map[string]bool{}
		for _, e := range s.events {
			rl, err := r.Lookup(e.Item)
			switch {
			case err == nil:
				codes[rl.Code] = true
				if rl.Code == "B05" {
					t.Errorf("event %s %s is B05; want none (the complaints sheet gives it)", e.ID, e.Item)
				}
			case strings.Contains(e.Item, "突发事件") && e.OverdueMin > 0:
				inc, _ := r.Incident(e.OverdueMin)
				codes[inc.Code] = true
			default:
				t.Errorf("Lookup(%q) = %v; want a rule", e.Item, err)
			}
		}
		for _, c := range []string{"L01", "L02", "L04", "L08", "L09", "L10", "L12", "L13", "M01", "M04", "M06", "M08", "S03", "S04", "X01", "B01", "B03", "B04", "B06"} {
			if !codes[c] {
				t.Errorf("events(%s) lack %s", s.ym(), c)
			}
		}
	}
}

// appraiseSample runs calc on a generated month, with prev as the
// previous month's result.
func appraiseSample(t *testing.T, s *sample, prev *calc.Result) *calc.Result {
	t.Helper()
	m := calcMonth(s)
	if prev != nil {
		m.PrevGiven, m.Prev = true, map[string]calc.Previous{}
		for _, a := range prev.Rows {
			m.Prev[a.ID] = calc.Previous{Score: a.Final, Last: a.Last}
		}
	}
	res := calc.Appraise(m, calc.DefaultRules())
	for _, p := range res.Problems {
		if p.Level == calc.Error {
			t.Errorf("Appraise(%s): %s %s", s.ym(), p.ID, p.Msg)
		}
	}
	return res
}

func sampleHasFlag(a calc.Appraisal, text string) bool {
	for _, f := range a.Flags {
		if strings.Contains(f.Text, text) {
			return true
		}
	}
	return false
}

// TestSampleScenarios runs the engine on both sample months and checks that
// every scenario the README describes happens.
func TestSampleScenarios(t *testing.T) {
	oct := mustSample(t, Options{Year: 2026, Month: time.October, Seed: 1})
	nov := mustSample(t, Options{Year: 2026, Month: time.November, Seed: 1})
	rOct := appraiseSample(t, oct, nil)
	rNov := appraiseSample(t, nov, rOct)
	for _, c := range []struct {
		s *sample
		r *calc.Result
	}{{oct, rOct}, {nov, rNov}} {
		s, res := c.s, c.r
		rows := map[string]calc.Appraisal{}
		for _, a := range res.Rows {
			rows[a.ID] = a
		}
		s05 := map[string]bool{}
		for _, e := range res.Events {
			if e.Rule.Code == "S05" {
				s05[e.ID] = true
			}
		}
		cs := s.cast
		if !s05[cs.S05Light] || !s05[cs.S05Medium] {
			t.Errorf("%s: S05 for %v; want %s and %s", s.ym(), s05, cs.S05Light, cs.S05Medium)
		}
		for _, g := range []string{"A", "B", "C", "D", "E", "不合格"} {
			if res.Grades[g] == 0 {
				t.Errorf("%s: grades %v; want some %s", s.ym(), res.Grades, g)
			}
		}
		if n := res.Grades["不合格"]; n > 2 {
			t.Errorf("%s: %d below 60; want 1 or 2", s.ym(), n)
		}
		last := rows[cs.Last]
		if !last.Last || !last.Final.LessThan(calc.DefaultRules().LastBelow) {
			t.Errorf("%s: %s last=%v final=%s; want last place below 70", s.ym(), cs.Last, last.Last, last.Final)
		}
		for _, a := range res.Rows {
			if a.Last && a.ID != cs.Last {
				t.Errorf("%s: %s also last with %s; want %s alone", s.ym(), a.ID, a.Final, cs.Last)
			}
		}
		if !sampleHasFlag(rows[cs.X01], "直接辞退") {
			t.Errorf("%s: flags of %s %v; want 直接辞退情形", s.ym(), cs.X01, rows[cs.X01].Flags)
		}
		if !sampleHasFlag(rows[cs.Leaver], "试用期内辞职") {
			t.Errorf("%s: flags of %s %v; want 试用期内辞职", s.ym(), cs.Leaver, rows[cs.Leaver].Flags)
		}
		if !sampleHasFlag(rows[cs.S04], "赔偿") || !rows[cs.S04].Compensation.IsPositive() {
			t.Errorf("%s: %s compensation %s flags %v; want an S04 amount over 20%%", s.ym(), cs.S04, rows[cs.S04].Compensation, rows[cs.S04].Flags)
		}
		for id, want := range map[string]int{cs.Hire1: 1, cs.Hire2: 2} {
			if a := rows[id]; a.Tenure != want || a.Floats {
				t.Errorf("%s: %s tenure %d floats %v; want %d, no float", s.ym(), id, a.Tenure, a.Floats, want)
			}
		}
		if h := rows[cs.Hire2]; h.Grade != "A" || !slices.Contains(h.Notes, "可申请提前转正") {
			t.Errorf("%s: %s grade %s notes %v; want A with 可申请提前转正", s.ym(), cs.Hire2, h.Grade, h.Notes)
		}
		adj := 0
		for _, a := range res.Rows {
			if !a.Adjust.IsZero() {
				adj++
			}
		}
		if adj != len(cs.Adjusted) || adj == 0 {
			t.Errorf("%s: %d people adjusted; want %d", s.ym(), adj, len(cs.Adjusted))
		}
	}
	if a := sampleRow(rNov, nov.cast.Last); !sampleHasFlag(a, "连续两月末位") {
		t.Errorf("2026-11: flags of %s %v; want 连续两月末位", nov.cast.Last, a.Flags)
	}
}

func sampleRow(res *calc.Result, id string) calc.Appraisal {
	for _, a := range res.Rows {
		if a.ID == id {
			return a
		}
	}
	return calc.Appraisal{}
}

// TestSampleLoads reads the written sample back with Load: it must run
// clean (no error), with every kind recognised.
func TestSampleLoads(t *testing.T) {
	dir := novSetDir(t)
	opt := Options{Year: 2026, Month: time.November, Seed: 1} // novSet's
	ld, err := sheets.Load(dir, calc.DefaultRules(), opt.Year, opt.Month, sheets.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ld.Problems {
		if p.Level == calc.Error {
			t.Errorf("Load: %s %s", p.Loc, p.Msg)
		}
	}
	s := mustSample(t, opt)
	m := ld.Month
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"employees", len(m.Employees), len(s.emps)},
		{"days", len(m.Days), len(s.days)},
		{"events", len(m.Events), len(s.events)},
		{"qa", len(m.QA), len(s.qa)},
		{"exams", len(m.Exams), len(s.exams)},
		{"complaints", len(m.Complaints), len(s.complaints)},
		{"adjustments", len(m.Adjustments), len(s.adjust)},
	} {
		if c.got != c.want {
			t.Errorf("sheets.Load(sample) %s = %d; want %d", c.what, c.got, c.want)
		}
	}
	res := calc.Appraise(&m, calc.DefaultRules())
	want := calc.Appraise(calcMonth(s), calc.DefaultRules())
	for i, a := range res.Rows {
		if i < len(want.Rows) && !a.Final.Equal(want.Rows[i].Final) {
			t.Errorf("score(%s) from the files = %s; want %s", a.ID, a.Final, want.Rows[i].Final)
		}
	}
}

// TestBundledSamples checks that samples/2026-10 and samples/2026-11 are
// what the generator writes now (regenerate with -sample-out when not).
func TestBundledSamples(t *testing.T) {
	for _, m := range []time.Month{time.October, time.November} {
		ym := fmt.Sprintf("2026-%02d", int(m))
		want := ym // the bundled month beside this file
		if _, err := os.Stat(want); err != nil {
			t.Fatalf("no bundled sample month: %v", err)
		}
		var dir string
		if m == time.November {
			dir = novSetDir(t) // the same options
		} else {
			dir = t.TempDir()
			if err := Write(dir, Options{Employees: 40, Year: 2026, Month: m, Seed: 1}); err != nil {
				t.Fatal(err)
			}
		}
		got, have := sampleReadDir(t, dir), sampleReadDir(t, want)
		for name, b := range got {
			if !bytes.Equal(b, have[name]) {
				t.Errorf("samples/%s/%s differs from Write(seed 1); regenerate: go test ./samples -run TestWriteSample -args -sample-out .", ym, name)
			}
		}
	}
}

// TestSampleLayouts reads the month back in each attendance layout: every
// layout runs clean and gives the scores of the daily records (a clock
// knows nothing of leave, but leave costs no points), and is deterministic.
func TestSampleLayouts(t *testing.T) {
	if testing.Short() {
		t.Skip("slow; runs without -short (CI runs it)")
	}
	scores := map[string]map[string]string{}
	for _, layout := range []string{"daily", "dingtalk", "punches"} {
		dir := t.TempDir()
		opt := Options{Employees: 60, Year: 2026, Month: time.November, Seed: 3, Attendance: layout}
		if err := Write(dir, opt); err != nil {
			t.Fatal(err)
		}
		again := t.TempDir()
		if err := Write(again, opt); err != nil {
			t.Fatal(err)
		}
		a, b := sampleReadDir(t, dir), sampleReadDir(t, again)
		if len(a) != 10 {
			t.Errorf("Write(%s) wrote %d files; want 10", layout, len(a))
		}
		for name, x := range a {
			if !bytes.Equal(x, b[name]) {
				t.Errorf("Write(%s) twice: %s differs", layout, name)
			}
		}
		ld, err := sheets.Load(dir, calc.DefaultRules(), 2026, time.November, sheets.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ld.Problems {
			if p.Level == calc.Error {
				t.Errorf("sheets.Load(%s): %s %s", layout, p.Loc, p.Msg)
			}
		}
		res := calc.Appraise(&ld.Month, calc.DefaultRules())
		scores[layout] = map[string]string{}
		for _, r := range res.Rows {
			scores[layout][r.ID] = r.Final.String() + " " + r.Grade
		}
	}
	for _, layout := range []string{"dingtalk", "punches"} {
		if len(scores[layout]) != len(scores["daily"]) {
			t.Errorf("%s: %d rows; want %d as daily", layout, len(scores[layout]), len(scores["daily"]))
		}
		for id, want := range scores["daily"] {
			if got := scores[layout][id]; got != want {
				t.Errorf("%s: score(%s) = %s; want %s as daily", layout, id, got, want)
			}
		}
	}
}

func TestSampleLayoutFiles(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, Options{Employees: 20, Year: 2026, Month: time.November, Seed: 1, Attendance: "punches"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "考勤记录_202611.csv"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := simplifiedchinese.GBK.NewDecoder().String(string(b))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(text, "\r\n")
	if lines[0] != "部门,姓名,登记号码,日期时间,机器号,编号,比对方式,卡号" {
		t.Errorf("punch header = %q", lines[0])
	}
	if f := strings.Split(lines[1], ","); len(f) != 8 || len(f[3]) != len("2026/11/02 08:52:11") || f[3][4] != '/' {
		t.Errorf("punch row = %q; want 8 fields, YYYY/MM/DD HH:MM:SS", lines[1])
	}
	if err := Write(t.TempDir(), Options{Employees: 20, Year: 2026, Month: 11, Attendance: "wecom"}); err == nil {
		t.Errorf("Write(Attendance: wecom) = nil; want an error")
	}
}

// TestSampleLarge: a department above the cell-by-cell size is streamed,
// with IDs that never collide with the new hires' and unique names.
func TestSampleLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,700-person month (the streamed generator)")
	}
	s := mustSample(t, Options{Employees: 2700, Year: 2026, Month: time.November, Seed: 1})
	ids, clocks, names := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, e := range s.emps {
		if ids[e.ID] || clocks[e.ClockID] || names[e.Name] {
			t.Errorf("duplicate 工号 %s, 考勤号 %s or 姓名 %s", e.ID, e.ClockID, e.Name)
		}
		ids[e.ID], clocks[e.ClockID], names[e.Name] = true, true, true
	}
	if len(s.emps) != 2700 || !s.stream {
		t.Errorf("sample(2700) has %d people, stream %v; want 2700, true", len(s.emps), s.stream)
	}
	if err := Write(t.TempDir(), Options{Employees: sampleMaxSize + 1, Year: 2026, Month: 11}); err == nil {
		t.Errorf("Write(%d people) = nil; want an error", sampleMaxSize+1)
	}
}
