package templates

import (
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// TestRulesInputs: the 输入清单 sheet and the D19/D41 parameters round-trip,
// HR's edits take effect, and every bad cell is reported at its place.
func TestRulesInputs(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(t *testing.T, f *excelize.File)
		level calc.Level // of the one problem expected, when cell != ""
		cell  string     // sheet!cell; a trailing * matches any row
		check func(t *testing.T, r *calc.Rules)
	}{
		{name: "defaults", check: func(t *testing.T, r *calc.Rules) {
			if requiredText(r.Inputs) != "花名册、考勤、服务质量综合考评表、奖惩记录、考试成绩、投诉记录" || len(r.Inputs) != 13 {
				t.Errorf("Inputs = %+v", r.Inputs)
			}
			if !r.CoverageRatio.Equal(decimal.RequireFromString("0.5")) || r.Ledger {
				t.Errorf("CoverageRatio, Ledger = %s, %v; want 0.5, false", r.CoverageRatio, r.Ledger)
			}
		}},
		{name: "complaints made optional, workload required, ledger and ratio set", edit: func(t *testing.T, f *excelize.File) {
			rbSetCell(t, f, rbInputs, "B"+strconv.Itoa(rbRowOf(t, f, rbInputs, "A", "投诉记录")), "否")
			rbSetCell(t, f, rbInputs, "B"+strconv.Itoa(rbRowOf(t, f, rbInputs, "A", "工作量")), "是")
			rbSetCell(t, f, rbParamSheet, "B"+strconv.Itoa(rbRowOf(t, f, rbParamSheet, "A", "累计台账")), "是")
			rbSetCell(t, f, rbParamSheet, "B"+strconv.Itoa(rbRowOf(t, f, rbParamSheet, "A", "考勤缺失比例")), 0)
		}, check: func(t *testing.T, r *calc.Rules) {
			if inputRequired(r, "投诉记录") || !inputRequired(r, "工作量") || !r.Ledger || !r.CoverageRatio.IsZero() {
				t.Errorf("rules = 投诉记录 %v, 工作量 %v, Ledger %v, ratio %s; want false, true, true, 0",
					inputRequired(r, "投诉记录"), inputRequired(r, "工作量"), r.Ledger, r.CoverageRatio)
			}
		}},
		{name: "alias of a type", edit: func(t *testing.T, f *excelize.File) {
			rbSetCell(t, f, rbInputs, "A"+strconv.Itoa(rbRowOf(t, f, rbInputs, "A", "服务质量综合考评表")), "质检表")
		}, check: func(t *testing.T, r *calc.Rules) {
			if !inputRequired(r, "服务质量综合考评表") {
				t.Errorf("质检表 not read as 服务质量综合考评表: %+v", r.Inputs)
			}
		}},
		{name: "unknown type", level: calc.Error, cell: "输入清单!A3", edit: func(t *testing.T, f *excelize.File) {
			rbSetCell(t, f, rbInputs, "A3", "考勤卡")
		}},
		{name: "type twice", level: calc.Error, cell: "输入清单!A4", edit: func(t *testing.T, f *excelize.File) {
			rbSetCell(t, f, rbInputs, "A4", "花名册")
		}},
		{name: "bad 是否必需", level: calc.Error, cell: "输入清单!B5", edit: func(t *testing.T, f *excelize.File) {
			rbSetCell(t, f, rbInputs, "B5", "也许")
		}},
		{name: "roster cannot be optional", level: calc.Warning, cell: "输入清单!B2", edit: func(t *testing.T, f *excelize.File) {
			rbSetCell(t, f, rbInputs, "B2", "否")
		}, check: func(t *testing.T, r *calc.Rules) {
			if !inputRequired(r, "花名册") {
				t.Errorf("花名册 made optional")
			}
		}},
		{name: "bad 累计台账", level: calc.Error, cell: "参数!B*", edit: func(t *testing.T, f *excelize.File) {
			rbSetCell(t, f, rbParamSheet, "B"+strconv.Itoa(rbRowOf(t, f, rbParamSheet, "A", "累计台账")), "有时")
		}},
		{name: "ratio above 1", level: calc.Error, cell: "参数!B*", edit: func(t *testing.T, f *excelize.File) {
			rbSetCell(t, f, rbParamSheet, "B"+strconv.Itoa(rbRowOf(t, f, rbParamSheet, "A", "考勤缺失比例")), 2)
		}},
		{name: "sheet deleted: defaults with a warning", level: calc.Warning, cell: "输入清单!", edit: func(t *testing.T, f *excelize.File) {
			if err := f.DeleteSheet(rbInputs); err != nil {
				t.Fatal(err)
			}
		}, check: func(t *testing.T, r *calc.Rules) {
			if requiredText(r.Inputs) != requiredText(calc.DefaultInputs()) {
				t.Errorf("Inputs = %+v; want the defaults", r.Inputs)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := rbWriteTemp(t, calc.DefaultRules())
			if tt.edit != nil {
				rbEdit(t, p, func(f *excelize.File) { tt.edit(t, f) })
			}
			r, ps := ReadRules(p)
			var got []calc.Problem
			for _, q := range ps {
				if q.Level != calc.Info {
					got = append(got, q)
				}
			}
			if tt.cell == "" {
				if len(got) > 0 || r == nil {
					t.Fatalf("ReadRules = %v; problems:%s", r != nil, rbProblems(got))
				}
			} else {
				where := ""
				if len(got) == 1 {
					where = got[0].Loc.Sheet + "!" + got[0].Loc.Cell
				}
				match := where == tt.cell
				if prefix, ok := strings.CutSuffix(tt.cell, "*"); ok {
					match = strings.HasPrefix(where, prefix) && len(where) > len(prefix)
				}
				if len(got) != 1 || got[0].Level != tt.level || !match {
					t.Fatalf("problems =%s; want one %s at %s", rbProblems(got), tt.level, tt.cell)
				}
				if (tt.level == calc.Error) != (r == nil) {
					t.Errorf("ReadRules returned rules = %v with a %s", r != nil, tt.level)
				}
			}
			if tt.check != nil && r != nil {
				tt.check(t, r)
			}
		})
	}
}

// inputRequired reports whether the 输入清单 of r requires the named kind.
func inputRequired(r *calc.Rules, name string) bool {
	for _, k := range r.Inputs {
		if k.Name == name {
			return k.Required
		}
	}
	return false
}
