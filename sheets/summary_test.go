package sheets

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/samples"
)

// halfYear generates six sample months (2026-06 … 2026-11), runs each
// through the library as `appraise run` does (the previous month's result
// feeding D13) and returns the output root. It is made once per test binary
// and copied for each test, because tests change the root.
var halfYear = struct {
	once sync.Once
	root string
	err  error
}{}

func halfYearRoot(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("six generated months take a few seconds; skipped under -short")
	}
	halfYear.once.Do(func() {
		dir, err := os.MkdirTemp("", "appraise-halfyear-")
		if err != nil {
			halfYear.err = err
			return
		}
		halfYear.root = filepath.Join(dir, "outbox")
		rules := calc.DefaultRules()
		var prev map[string]calc.Previous
		for d := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC); d.Month() != 12; d = d.AddDate(0, 1, 0) {
			key := monthKey(d.Year(), d.Month())
			in := filepath.Join(dir, "inbox", key)
			if err := samples.Write(in, samples.Options{Employees: 24, Year: d.Year(), Month: d.Month(), Seed: 7}); err != nil {
				halfYear.err = err
				return
			}
			ld, err := Load(in, rules, d.Year(), d.Month(), LoadOptions{})
			if err != nil {
				halfYear.err = err
				return
			}
			m := ld.Month
			m.Prev, m.PrevGiven = prev, prev != nil
			res := calc.Appraise(&m, rules)
			res.Problems = append(ld.Problems, res.Problems...)
			if _, err := WriteSet(filepath.Join(halfYear.root, key), res, &Run{Version: "test", Rules: rules, Payroll: errorCount(res.Problems) == 0}); err != nil {
				halfYear.err = err
				return
			}
			prev = map[string]calc.Previous{}
			for _, a := range res.Rows {
				prev[a.ID] = calc.Previous{Score: a.Final, Last: a.Last}
			}
		}
	})
	if halfYear.err != nil {
		t.Fatal(halfYear.err)
	}
	root := filepath.Join(t.TempDir(), "outbox")
	if err := os.CopyFS(root, os.DirFS(halfYear.root)); err != nil {
		t.Fatal(err)
	}
	return root
}

// rawSheet reads a sheet's raw cell values.
func rawSheet(t *testing.T, path, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", filepath.Base(path), sheet, err)
	}
	return rows
}

func cell(rows [][]string, r, c int) string {
	if r < len(rows) && c < len(rows[r]) {
		return rows[r][c]
	}
	return ""
}

// column finds a header (in the header row hr) and returns its index.
func column(t *testing.T, rows [][]string, hr int, name string) int {
	t.Helper()
	for i, h := range rows[hr] {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %q", name, rows[hr])
	return -1
}

func monthly(root, key string) string {
	return filepath.Join(root, key, appraisalPrefix+key+".xlsx")
}

// TestSummaryEqualsMonths checks the summary cell for cell against the six
// monthly workbooks it was made from.
func TestSummaryEqualsMonths(t *testing.T) {
	root := halfYearRoot(t)
	from, to, ok := DefaultSummaryRange(root)
	if !ok || monthKey(from.Year(), from.Month()) != "2026-06" || monthKey(to.Year(), to.Month()) != "2026-11" {
		t.Fatalf("default range = %v–%v, %v; want 2026-06–2026-11", from, to, ok)
	}
	s, err := WriteSummary(root, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(s.Path) != "考核汇总_2026-06至2026-11.xlsx" || len(s.Months) != 6 || len(s.Missing) != 0 {
		t.Fatalf("summary %s: %d months, missing %v", s.Path, len(s.Months), s.Missing)
	}
	keys := []string{"2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"}

	// 个人汇总: every employee's 考核分, 等级 and 浮动 of every month.
	people := rawSheet(t, s.Path, sumSheetPeople)
	pid := column(t, people, 1, "工号")
	byID := map[string][]string{}
	for _, r := range people[2:] {
		if len(r) > pid && r[pid] != "" && !strings.HasPrefix(r[pid], "各月列") && !strings.HasPrefix(r[pid], "缺少") {
			byID[r[pid]] = r
		}
	}
	seen := map[string]bool{}
	for _, key := range keys {
		mon := rawSheet(t, monthly(root, key), sheetSummary)
		id, sc, gr, fl := column(t, mon, 1, "工号"), column(t, mon, 1, "考核分"), column(t, mon, 1, "等级"), column(t, mon, 1, "绩效浮动(元)")
		pre := fmt.Sprintf("%d月*", int(mustMonth(key)))
		ps, pg, pf := column(t, people, 1, pre+"分"), column(t, people, 1, pre+"等级"), column(t, people, 1, pre+"浮动")
		n := 0
		for _, r := range mon[2:] {
			if cell([][]string{r}, 0, sc) == "" {
				continue // the signature line
			}
			n++
			seen[r[id]] = true
			p, ok := byID[r[id]]
			if !ok {
				t.Fatalf("%s: %s missing from 个人汇总", key, r[id])
			}
			for _, c := range [][2]int{{sc, ps}, {gr, pg}, {fl, pf}} {
				if got, want := cell([][]string{p}, 0, c[1]), r[c[0]]; got != want {
					t.Errorf("%s %s %s: summary %q, monthly %q", key, r[id], people[1][c[1]], got, want)
				}
			}
		}
		if n == 0 {
			t.Fatalf("%s: no rows read", key)
		}

		// 班组月度 equals the monthly 班组统计, cell for cell.
		teams := rawSheet(t, s.Path, sumSheetTeams)
		mt := rawSheet(t, monthly(root, key), sheetTeams)
		label := key + "(草稿)"
		for _, r := range mt[2:] {
			if len(r) == 0 || r[0] == "全部" {
				continue
			}
			found := false
			for _, sr := range teams[2:] {
				if len(sr) > 1 && sr[0] == r[0] && sr[1] == label {
					found = true
					if want := append([]string{r[0], label}, r[1:]...); !reflect.DeepEqual(sr, want) {
						t.Errorf("%s %s: 班组月度 %q, 班组统计 %q", key, r[0], sr, want)
					}
				}
			}
			if !found {
				t.Errorf("%s %s: not in 班组月度", key, r[0])
			}
		}

		// 月度合计: the float total equals 班组统计's 全部 row.
		tot := rawSheet(t, s.Path, sumSheetTotals)
		fcol := column(t, tot, 1, "绩效浮动合计(元)")
		for _, r := range tot[2:] {
			if len(r) > fcol && r[0] == key && r[fcol] != mt[len(mt)-1][len(mt[len(mt)-1])-1] {
				t.Errorf("%s: 绩效浮动合计 %q, 班组统计 全部 %q", key, r[fcol], mt[len(mt)-1][len(mt[len(mt)-1])-1])
			}
		}
	}
	// 扣分排行: each month's count per rule equals the 次数 of that
	// month's 扣分明细 rows with a negative 分值; 末位记录 names the month's
	// lowest 考核分.
	ded := rawSheet(t, s.Path, sumSheetDeduct)
	last := rawSheet(t, s.Path, sumSheetLast)
	for _, key := range keys {
		det := rawSheet(t, monthly(root, key), sheetDetail)
		code, times, pts := column(t, det, 1, "规则"), column(t, det, 1, "次数"), column(t, det, 1, "分值")
		want := map[string]int{}
		for _, r := range det[2:] {
			if len(r) > pts && strings.HasPrefix(r[pts], "-") {
				n := 0
				fmt.Sscan(r[times], &n)
				want[r[code]] += n
			}
		}
		col := column(t, ded, 1, fmt.Sprintf("%d月*次数", int(mustMonth(key))))
		got := map[string]int{}
		for _, r := range ded[2:] {
			if len(r) > col && r[col] != "0" {
				n := 0
				fmt.Sscan(r[col], &n)
				got[r[1]] = n
			}
		}
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s 扣分排行 %v; 扣分明细 %v", key, got, want)
		}
		mon := rawSheet(t, monthly(root, key), sheetSummary)
		id, sc := column(t, mon, 1, "工号"), column(t, mon, 1, "考核分")
		low, lows := "", []string{}
		for _, r := range mon[2:] {
			if len(r) <= sc || r[sc] == "" {
				continue
			}
			var v, l float64
			fmt.Sscan(r[sc], &v)
			fmt.Sscan(low, &l)
			switch {
			case low == "" || v < l:
				low, lows = r[sc], []string{r[id]}
			case v == l:
				lows = append(lows, r[id])
			}
		}
		var named []string
		for _, r := range last[2:] {
			if len(r) > 5 && r[0] == key+"(草稿)" {
				named = append(named, r[1])
				if r[5] != low {
					t.Errorf("%s 末位 %s score %s; want %s", key, r[1], r[5], low)
				}
			}
		}
		if !reflect.DeepEqual(named, lows) {
			t.Errorf("%s 末位记录 %v; want %v", key, named, lows)
		}
	}
	if len(seen) != len(byID) {
		t.Errorf("个人汇总 has %d people, the months %d", len(byID), len(seen))
	}

	// 月度例会 of the summary equals the last month's, below the title.
	got := rawSheet(t, s.Path, sheetMeeting)
	want := rawSheet(t, monthly(root, "2026-11"), sheetMeeting)
	if len(got) < 10 || !reflect.DeepEqual(got[1:], want[1:]) {
		t.Errorf("月度例会 differs from the month's:\nsummary %q\nmonthly %q", got, want)
	}
	// 人员变动: the sample hires one agent a month and lets one go two
	// months later.
	ch := rawSheet(t, s.Path, sumSheetChanges)
	var joined, left []string
	for _, r := range ch[2:] {
		if len(r) < 6 {
			continue
		}
		switch cell([][]string{r}, 0, 4) {
		case "新进":
			joined = append(joined, r[0]+"@"+r[5])
		case "离开":
			left = append(left, r[0]+"@"+r[5])
		}
	}
	wantJoined := []string{"KF2607@2026-07", "KF2608@2026-08", "KF2609@2026-09", "KF2610@2026-10", "KF2611@2026-11"}
	wantLeft := []string{"KF2604@2026-06", "KF2605@2026-07", "KF2606@2026-08", "KF2607@2026-09", "KF2608@2026-10"}
	if !reflect.DeepEqual(joined, wantJoined) || !reflect.DeepEqual(left, wantLeft) {
		t.Errorf("人员变动: joined %v, left %v; want %v, %v", joined, left, wantJoined, wantLeft)
	}
}

func mustMonth(key string) time.Month {
	_, m, _ := ParseMonth(key)
	return m
}

// TestSummaryMarksAndMissing: a month missing from the range is named; the
// signed-off month, the corrected month and the drafts are marked.
func TestSummaryMarksAndMissing(t *testing.T) {
	root := halfYearRoot(t)
	if err := os.RemoveAll(filepath.Join(root, "2026-08")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "2026-09", finalName), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	// 2026-10 signed off and corrected twice: the latest correction counts.
	if err := os.WriteFile(filepath.Join(root, "2026-10", finalName), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"更正1", "更正2"} {
		if err := os.CopyFS(filepath.Join(root, "2026-10", n), os.DirFS(filepath.Join(root, "2026-11"))); err != nil {
			t.Fatal(err)
		}
	}
	// 更正2 holds the November workbook under the October name: its rows
	// show that this set was read.
	if err := os.Rename(filepath.Join(root, "2026-10", "更正2", "月度考核表_2026-11.xlsx"), filepath.Join(root, "2026-10", "更正2", "月度考核表_2026-10.xlsx")); err != nil {
		t.Fatal(err)
	}
	// 2026-07 as a run with input errors writes it: the workbook titled a
	// draft, no payroll.
	jul := monthly(root, "2026-07")
	f, err := excelize.OpenFile(jul)
	if err != nil {
		t.Fatal(err)
	}
	title, _ := f.GetCellValue(sheetSummary, "A1")
	if err := f.SetCellValue(sheetSummary, "A1", title+" 草稿（存在1个错误，不可作为发放依据）"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, ext := range []string{".xlsx", ".csv"} {
		if err := os.Remove(filepath.Join(root, "2026-07", payrollPrefix+"2026-07"+ext)); err != nil {
			t.Fatal(err)
		}
	}
	s, err := WriteSummary(root, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Missing, []string{"2026-08"}) {
		t.Errorf("Missing = %v, want [2026-08]", s.Missing)
	}
	var sets []string
	for _, m := range s.Months {
		sets = append(sets, m.Key()+" "+m.SetLabel())
	}
	wantSets := []string{"2026-06 草稿（未定稿）", "2026-07 草稿（未定稿），输入有错误", "2026-09 定稿", "2026-10 更正2（定稿后更正）", "2026-11 草稿（未定稿）"}
	if !reflect.DeepEqual(sets, wantSets) {
		t.Errorf("sets = %q, want %q", sets, wantSets)
	}
	months := rawSheet(t, s.Path, sumSheetMonths)
	var got [][]string
	for _, r := range months[2:8] {
		got = append(got, r[:4])
	}
	want := [][]string{
		{"2026-06", "草稿（未定稿）", "24", "2026-06/月度考核表_2026-06.xlsx"},
		{"2026-07", "草稿（未定稿），输入有错误", "24", "2026-07/月度考核表_2026-07.xlsx"},
		{"2026-08", "缺失", "0", ""},
		{"2026-09", "定稿", "24", "2026-09/月度考核表_2026-09.xlsx"},
		{"2026-10", "更正2（定稿后更正）", "24", "2026-10/更正2/月度考核表_2026-10.xlsx"},
		{"2026-11", "草稿（未定稿）", "24", "2026-11/月度考核表_2026-11.xlsx"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("月份说明 = %q\nwant %q", got, want)
	}
	if note := months[3][4]; note != "本月尚未定稿，数字可能还会更正；本月考核表标为草稿（输入有错误）；没有可读取的绩效工资调整表，赔偿扣款不详" {
		t.Errorf("月份说明 2026-07 note %q", note)
	}
	totals := rawSheet(t, s.Path, sumSheetTotals)
	comp := column(t, totals, 1, "赔偿扣款合计(元)")
	var comps []string
	for _, r := range totals[2:] {
		if len(r) > comp {
			comps = append(comps, r[0]+"="+r[comp])
		}
	}
	if len(comps) != 6 || comps[1] != "2026-07=不详" || comps[5] != "合计=不详" || strings.Contains(comps[0], "不详") {
		t.Errorf("赔偿扣款合计 %v; want 不详 for 2026-07 and the total only", comps)
	}
	people := rawSheet(t, s.Path, sumSheetPeople)
	hdr := strings.Join(people[1], "|")
	for _, h := range []string{"6月*分", "9月分", "10月′分", "11月*分"} {
		if !strings.Contains(hdr, "|"+h+"|") {
			t.Errorf("个人汇总 header lacks %q: %s", h, hdr)
		}
	}
	if strings.Contains(hdr, "8月") {
		t.Errorf("个人汇总 has a column of the missing month: %s", hdr)
	}
	foot := people[len(people)-1][0]
	if !strings.Contains(foot, "缺少月份：2026-08") {
		t.Errorf("个人汇总 footer %q does not name the missing month", foot)
	}
	// The corrected October is November's workbook: KF2611 (hired in
	// November) appears in October's column.
	pid := column(t, people, 1, "工号")
	oct := column(t, people, 1, "10月′分")
	nov := column(t, people, 1, "11月*分")
	found := false
	for _, r := range people[2:] {
		if len(r) > nov && r[pid] == "KF2611" {
			found = true
			if cell([][]string{r}, 0, oct) == "" || r[oct] != r[nov] {
				t.Errorf("KF2611: October %q, November %q; want October read from 更正2", cell([][]string{r}, 0, oct), r[nov])
			}
		}
	}
	if !found {
		t.Error("KF2611 not in 个人汇总")
	}

	// A range with no month at all.
	if _, err := WriteSummary(root, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)); err != ErrNoMonths {
		t.Errorf("empty range: err = %v, want ErrNoMonths", err)
	}
}
