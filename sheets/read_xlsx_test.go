package sheets

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

func TestMergeFiller(t *testing.T) {
	mf := newMergeFiller([]mergeRange{{1, 2, 3, 2}, {0, 0, 0, 3}})
	rows := [][]string{{"标题"}, {"001", "张三", "一组"}, {"002", "李四"}, {"003", "王五", ""}, {"004", "赵六"}}
	want := [][]string{{"标题"}, {"001", "张三", "一组"}, {"002", "李四", "一组"}, {"003", "王五", "一组"}, {"004", "赵六"}}
	for i, r := range rows {
		if got := mf.fill(i, r); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("fill(row %d) = %q; want %q", i, got, want[i])
		}
	}
}

func TestReadSheetSafe(t *testing.T) {
	ld := newLoader(testRules(), 2026, 11, LoadOptions{})
	calls := 0
	ld.readSheetSafe(&sheetSrc{file: "a.xlsx", sheet: "坏表", next: func() ([]string, bool, error) {
		calls++
		panic("boom")
	}})
	want := "a.xlsx!坏表 读取工作表时发生内部错误：boom"
	if len(ld.problems) != 1 || locString(ld.problems[0].Loc)+" "+ld.problems[0].Msg != want || calls != 1 {
		t.Errorf("problems = %+v; want one: %s", ld.problems, want)
	}
	if len(ld.internal) != 1 || ld.internal[0].Msg != "读取工作表时发生内部错误：boom" || !strings.Contains(string(ld.internal[0].Stack), "TestReadSheetSafe") {
		t.Errorf("internal = %+v; want the panic with its stack", ld.internal)
	}
}

func TestChartSheetIgnored(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"工号", "接待量"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"001", 5})
	err := f.AddChartSheet("图表", &excelize.Chart{Type: excelize.Col,
		Series: []excelize.ChartSeries{{Name: "Sheet1!$B$1", Categories: "Sheet1!$A$2", Values: "Sheet1!$B$2"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(filepath.Join(dir, "a.xlsx")); err != nil {
		t.Fatal(err)
	}
	l, err := Load(dir, testRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.xlsx!Sheet1!第1行 识别为 工作量（表头在第1行）", "a.xlsx!图表 已忽略：图表工作表"}
	if got := problemLines(l.Problems, calc.Info); !reflect.DeepEqual(got, want) {
		t.Errorf("info = %q; want %q", got, want)
	}
	if len(l.Month.Workload) != 1 || !l.Month.WorkloadGiven {
		t.Errorf("Workload = %+v; want one row", l.Month.Workload)
	}
}

// scanSheet reads a worksheet part as Load does and returns its formula
// cells without a cached value and its merged ranges.
