package sheets

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// TestReadAppeals reads a 申诉处理 sheet (D32): a 来源, a rule code and a
// date, the three outcomes, and the cells of the rows it cannot read.
func TestReadAppeals(t *testing.T) {
	dir := t.TempDir()
	writeBook(t, filepath.Join(dir, "花名册.xlsx"), false, excelize.Options{}, formatsRoster())
	writeBook(t, filepath.Join(dir, "申诉.xlsx"), false, excelize.Options{}, testSheet{name: "申诉处理", rows: [][]any{
		{"工号", "姓名", "申诉日期", "涉及记录", "处理结果", "处理人", "说明"},
		{"1001", "张三", "2026-12-02", "奖惩.xlsx!奖惩记录!C5", "撤销", "王五", "录入错误"},
		{"1002", "李四", "2026-12-03", "L08 2026-11-05", "改为3分", "王五", ""},
		{"1003", "王五", "2026-12-03", "L08，11月6日", "维持", "赵六", ""},
		{"1001", "张三", "2026-12-04", "迟到", "撤销", "王五", ""},
		{"1002", "李四", "2026-12-04", "L04 2026-11-07", "改为零分", "王五", ""},
		{"1003", "王五", "2026-12-04", "L04 2026-11-07", "撤销", "", ""},
	}})
	ld, err := Load(dir, calc.DefaultRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, p := range ld.Problems {
		if p.Level == calc.Error && p.Loc.File == "申诉.xlsx" {
			errs = append(errs, p.Loc.Cell+" "+p.Msg)
		}
	}
	wantErrs := []string{"D5 涉及记录「迟到」无法识别", "E6 处理结果「改为零分」无法识别", "F7 处理人 不能为空"}
	if len(errs) != len(wantErrs) {
		t.Fatalf("errors %q; want %q", errs, wantErrs)
	}
	for i := range errs {
		if errs[i] != wantErrs[i] {
			t.Errorf("error %q; want %q", errs[i], wantErrs[i])
		}
	}
	loc := func(cell string) calc.Loc { return calc.Loc{File: "申诉.xlsx", Sheet: "申诉处理", Cell: cell} }
	want := []calc.Appeal{
		{ID: "1001", Date: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), Source: "奖惩.xlsx!奖惩记录!C5", Outcome: calc.AppealRevoke, Handler: "王五", Note: "录入错误", Loc: loc("D2"), DateLoc: loc("C2"), ResLoc: loc("E2")},
		{ID: "1002", Date: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), Code: "L08", On: at(5, 0, 0), Outcome: calc.AppealChange, Points: decimal.NewFromInt(3), Handler: "王五", Loc: loc("D3"), DateLoc: loc("C3"), ResLoc: loc("E3")},
		{ID: "1003", Date: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), Code: "L08", On: at(6, 0, 0), Outcome: calc.AppealKeep, Handler: "赵六", Loc: loc("D4"), DateLoc: loc("C4"), ResLoc: loc("E4")},
	}
	got := ld.Month.Appeals
	if len(got) != len(want) {
		t.Fatalf("%d appeals; want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.ID || !g.Date.Equal(w.Date) || g.Source != w.Source || g.Code != w.Code || !g.On.Equal(w.On) || g.Outcome != w.Outcome ||
			!g.Points.Equal(w.Points) || g.Handler != w.Handler || g.Note != w.Note || g.Loc != w.Loc || g.DateLoc != w.DateLoc || g.ResLoc != w.ResLoc {
			t.Errorf("appeal %d = %+v; want %+v", i, g, w)
		}
	}
}
