package templates

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// TestRulesProblemCells: every problem of a rules workbook has its exact
// cell, whether the reader finds it in a cell or (*calc.Rules).Check finds
// it in the rules read (its calc.RuleAt turned into a cell by rbPlaces).
// Each case edits a copy of the default rules workbook; cases with after
// reach a problem of Check that the reader already rejects in the sheet by
// changing the rules read in place (the entry keeps its row) before Check.
func TestRulesProblemCells(t *testing.T) {
	row := func(t *testing.T, f *excelize.File, sheet, col, v string) int {
		return rbRowOf(t, f, sheet, col, v)
	}
	cell := func(col string, row int) string { return fmt.Sprintf("%s%d", col, row) }
	param := func(t *testing.T, f *excelize.File, name string) int { return row(t, f, rbParamSheet, "A", name) }
	tests := []struct {
		name  string
		edit  func(t *testing.T, f *excelize.File) (cell, msg string)
		after func(r *calc.Rules)
		sheet string
		level calc.Level
	}{
		{"规则: duplicate code (reader)", func(t *testing.T, f *excelize.File) (string, string) {
			r1, r2 := row(t, f, rbRules, "A", "L01"), row(t, f, rbRules, "A", "L02")
			rbSetCell(t, f, rbRules, cell("A", r2), "L01")
			return cell("A", r2), fmt.Sprintf("规则代码 L01 重复（A%d 已使用）", r1)
		}, nil, rbRules, calc.Error},
		{"规则: same name after a skipped row (Check: Item counts appended rules)", func(t *testing.T, f *excelize.File) (string, string) {
			rbSetCell(t, f, rbRules, cell("B", row(t, f, rbRules, "A", "L01")), "轻微违规") // an error: L01 is not appended
			r2, r3 := row(t, f, rbRules, "A", "L02"), row(t, f, rbRules, "A", "L03")
			name, _ := f.GetCellValue(rbRules, cell("C", r2))
			rbSetCell(t, f, rbRules, cell("C", r3), name)
			return cell("C", r3), "规则 L03 与 L02 的项目名称相同"
		}, nil, rbRules, calc.Warning},
		{"规则: dismissal with points (Check)", func(t *testing.T, f *excelize.File) (string, string) {
			r := row(t, f, rbRules, "A", "X01")
			rbSetCell(t, f, rbRules, cell("D", r), 1)
			rbSetCell(t, f, rbRules, cell("E", r), 1)
			return cell("D", r), "直接辞退规则 X01 带有分值，分值将被忽略"
		}, nil, rbRules, calc.Warning},
		{"规则: engine rule missing (Check, no row: no cell)", func(t *testing.T, f *excelize.File) (string, string) {
			if err := f.RemoveRow(rbRules, row(t, f, rbRules, "A", "L04")); err != nil {
				t.Fatal(err)
			}
			return "", "缺少规则 L04，相关自动计算无法进行"
		}, nil, rbRules, calc.Error},
		{"分档: overlap (reader)", func(t *testing.T, f *excelize.File) (string, string) {
			rbSetCell(t, f, rbTiers, "B3", 5) // 1–5, 6–10 → 1–5, 5–10
			return "B3", "迟到早退分档重叠：本档（5–10分钟）与第2行（1–5分钟）重叠"
		}, nil, rbTiers, calc.Error},
		{"分档: gap (reader)", func(t *testing.T, f *excelize.File) (string, string) {
			rbSetCell(t, f, rbTiers, "B5", 18) // 11–15, 16– → 11–15, 18–
			return "B5", "迟到早退分档有空缺：16–17分钟不属于任何一档（第4行与本行之间）"
		}, nil, rbTiers, calc.Error},
		{"分档: last late tier capped, rows out of order, a tier skipped (Check)", func(t *testing.T, f *excelize.File) (string, string) {
			// row 2: 16–30, row 3: 6–10 with bad points (not appended),
			// row 4: 11–15, row 5: 1–5. LateTiers = 1–5, 11–15, 16–30.
			for c, v := range []any{rbLate, 16, 30, 5} {
				rbSetCell(t, f, rbTiers, rbCell(c, 2), v)
			}
			rbSetCell(t, f, rbTiers, "D3", "三分")
			for c, v := range []any{rbLate, 1, 5, 2} {
				rbSetCell(t, f, rbTiers, rbCell(c, 5), v)
			}
			return "C2", "迟到早退分档最后一档有上限 30 分钟，超出的分钟按最高一档计"
		}, nil, rbTiers, calc.Warning},
		{"分档: last incident tier capped (Check, its own list)", func(t *testing.T, f *excelize.File) (string, string) {
			r := row(t, f, rbTiers, "E", "S06")
			rbSetCell(t, f, rbTiers, cell("C", r), 60)
			return cell("C", r), "突发事件分档最后一档有上限 60 分钟，超出的分钟按最高一档计"
		}, nil, rbTiers, calc.Warning},
		{"等级: bands overlap (reader)", func(t *testing.T, f *excelize.File) (string, string) {
			rc := row(t, f, rbGrades, "A", "C")
			rbSetCell(t, f, rbGrades, cell("B", rc), 80)
			return cell("B", rc), fmt.Sprintf("等级分段重叠：C 与 B（第%d行）的分数下限都是 80", row(t, f, rbGrades, "A", "B"))
		}, nil, rbGrades, calc.Error},
		{"等级: order (Check), grades written lowest first", func(t *testing.T, f *excelize.File) (string, string) {
			// rows 2–6 become E, D, C, B, A; the reader sorts them A…E
			var rows [][]string
			for r := 2; r <= 6; r++ {
				var v []string
				for c := 0; c < 3; c++ {
					s, _ := f.GetCellValue(rbGrades, rbCell(c, r))
					v = append(v, s)
				}
				rows = append(rows, v)
			}
			for i, v := range rows {
				for c, s := range v {
					rbSetCell(t, f, rbGrades, rbCell(c, 6-i), s)
				}
			}
			return cell("B", row(t, f, rbGrades, "A", "D")), "等级分段未按从高到低排列：D（75）不低于 C（70）"
		}, func(r *calc.Rules) { r.Grades[3].Min = decimal.NewFromInt(75) }, rbGrades, calc.Error},
		{"质检项目: weight 0 (reader)", func(t *testing.T, f *excelize.File) (string, string) {
			r := row(t, f, rbQA, "A", "语气语调")
			rbSetCell(t, f, rbQA, cell("B", r), 0)
			return cell("B", r), "质检项目「语气语调」的满分应为正数"
		}, nil, rbQA, calc.Error},
		{"质检项目: weight 0 (Check), after a blank row", func(t *testing.T, f *excelize.File) (string, string) {
			if err := f.InsertRows(rbQA, 3, 1); err != nil {
				t.Fatal(err)
			}
			return cell("B", row(t, f, rbQA, "A", "服务态度")), "质检项目「服务态度」的满分应大于0"
		}, func(r *calc.Rules) { r.QAItems[1].Max = decimal.Zero }, rbQA, calc.Error},
		{"考勤符号: no meaning (reader)", func(t *testing.T, f *excelize.File) (string, string) {
			r := row(t, f, rbSymbols, "A", "迟")
			rbSetCell(t, f, rbSymbols, cell("B", r), "")
			return cell("B", r), "考勤符号「迟」缺少含义"
		}, nil, rbSymbols, calc.Error},
		{"考勤符号: incomplete (Check)", func(t *testing.T, f *excelize.File) (string, string) {
			return cell("B", row(t, f, rbSymbols, "A", "旷")), "考勤符号「旷」→「」不完整"
		}, func(r *calc.Rules) { r.Symbols["旷"] = "" }, rbSymbols, calc.Error},
		{"输入清单: type twice (reader)", func(t *testing.T, f *excelize.File) (string, string) {
			rbSetCell(t, f, rbInputs, "A4", "花名册")
			return "A4", "输入类型「花名册」重复（A2 已有）"
		}, nil, rbInputs, calc.Error},
		{"输入清单: type twice (Check), after a blank row", func(t *testing.T, f *excelize.File) (string, string) {
			if err := f.InsertRows(rbInputs, 3, 1); err != nil {
				t.Fatal(err)
			}
			name, _ := f.GetCellValue(rbInputs, "A2")
			return "A6", fmt.Sprintf("输入清单中「%s」重复", name) // the 4th input, on row 6
		}, func(r *calc.Rules) { r.Inputs[3].Name = r.Inputs[0].Name }, rbInputs, calc.Error},
		{"参数: setting out of range (Check)", func(t *testing.T, f *excelize.File) (string, string) {
			r := param(t, f, "试用期上限")
			rbSetCell(t, f, rbParamSheet, cell("B", r), 7)
			return cell("B", r), "试用期上限 7 个月超过劳动合同法第十九条规定的最长6个月"
		}, nil, rbParamSheet, calc.Warning},
		{"参数: the first setting a problem names (Check)", func(t *testing.T, f *excelize.File) (string, string) {
			rbSetCell(t, f, rbParamSheet, cell("B", param(t, f, "基础分")), 120)
			return cell("B", param(t, f, "考核分下限")), "分数设置不合理：下限 0、基础分 120、上限 110"
		}, nil, rbParamSheet, calc.Error},
		{"参数: a default setting has no cell (Check)", func(t *testing.T, f *excelize.File) (string, string) {
			if err := f.RemoveRow(rbParamSheet, param(t, f, "考核分下限")); err != nil {
				t.Fatal(err)
			}
			rbSetCell(t, f, rbParamSheet, cell("B", param(t, f, "基础分")), 120)
			return "", "分数设置不合理：下限 0、基础分 120、上限 110"
		}, nil, rbParamSheet, calc.Error},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := rbWriteTemp(t, calc.DefaultRules())
			var want calc.Problem
			rbEdit(t, p, func(f *excelize.File) {
				c, msg := tc.edit(t, f)
				want = calc.Problem{Level: tc.level, Loc: calc.Loc{File: RulesFile, Sheet: tc.sheet, Cell: c}, Msg: msg}
			})
			b, err := rbOpen(p)
			if err != nil {
				t.Fatal(err)
			}
			x, r := rbReadSheets(b, RulesFile)
			if tc.after != nil {
				if x.errs > 0 {
					t.Fatalf("the edited workbook has errors before Check:%s", rbProblems(x.ps))
				}
				tc.after(r)
			}
			_, ps := x.check(r)
			type seen struct {
				Level calc.Level
				Loc   calc.Loc
				Msg   string
			}
			var got []seen
			for _, q := range ps {
				if q.Msg == want.Msg {
					got = append(got, seen{q.Level, q.Loc, q.Msg})
				}
			}
			if len(got) != 1 || got[0] != (seen{want.Level, want.Loc, want.Msg}) {
				t.Errorf("problems with message %q = %+v; want %+v; all:%s", want.Msg, got, want, rbProblems(ps))
			}
		})
	}
}
