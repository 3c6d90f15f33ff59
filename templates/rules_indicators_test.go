package templates

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// TestRulesIndicators: the 指标 sheet round-trips, can be edited, may be
// missing (older workbooks keep the defaults) and names the cell of a bad
// row.
func TestRulesIndicators(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(t *testing.T, f *excelize.File)
		want   string   // indicators as name:weight, when no errors
		errors []string // error cells
	}{
		{"default", func(*testing.T, *excelize.File) {}, "工作态度:0.25 团队管理:0.25 执行力:0.25 沟通协作:0.25", nil},
		{"edited", func(t *testing.T, f *excelize.File) {
			rbSetCell(t, f, rbIndicators, "B2", 0.5)
			rbSetCell(t, f, rbIndicators, "A6", "服务创新")
			rbSetCell(t, f, rbIndicators, "B6", 0)
		}, "工作态度:0.5 团队管理:0.25 执行力:0.25 沟通协作:0.25 服务创新:0", nil},
		{"missing sheet", func(t *testing.T, f *excelize.File) {
			if err := f.DeleteSheet(rbIndicators); err != nil {
				t.Fatal(err)
			}
		}, "工作态度:0.25 团队管理:0.25 执行力:0.25 沟通协作:0.25", nil},
		{"bad rows", func(t *testing.T, f *excelize.File) {
			rbSetCell(t, f, rbIndicators, "B2", -1)
			rbSetCell(t, f, rbIndicators, "A3", "工作态度")
			rbSetCell(t, f, rbIndicators, "B4", "很高")
			rbSetCell(t, f, rbIndicators, "B6", 1)
		}, "", []string{"指标!B2", "指标!A3", "指标!B4", "指标!A6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rbWriteTemp(t, calc.DefaultRules())
			rbEdit(t, p, func(f *excelize.File) { tc.edit(t, f) })
			r, ps := ReadRules(p)
			if tc.errors != nil {
				rbCheckLocs(t, r, ps, tc.errors)
				return
			}
			if r == nil || len(ps) != 0 {
				t.Fatalf("ReadRules problems:%s", rbProblems(ps))
			}
			var got []string
			for _, ind := range r.Indicators {
				got = append(got, ind.Name+":"+ind.Weight.String())
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("Indicators = %v; want %s", got, tc.want)
			}
		})
	}
}
