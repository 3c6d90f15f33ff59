package templates

import (
	"appraise/calc"
	"appraise/sheets"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

// WriteRules writes r as the rules workbook 考核规则.xlsx to w. The sheets
// are 说明 (how to edit), 规则 (the catalogue), 分档 (late/early and
// incident tiers), 等级 (grade bands, the fail grade is the row without a
// lower bound), 参数 (every scalar setting), 质检项目, 节假日 and 考勤符号.
// The bytes depend only on r.
func WriteRules(w io.Writer, r *calc.Rules) error {
	f, err := rbNewFile("考核规则", rbIntro)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := rbNewStyles(f)
	if err != nil {
		return err
	}
	for _, s := range []string{rbRules, rbTiers, rbGrades, rbParamSheet, rbQA, rbHolidays, rbSymbols, rbInputs, rbIndicators} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	steps := []func() error{
		func() error { return rbWriteIntro(f, st, r) },
		func() error { return rbWriteCatalogue(f, st, r) },
		func() error { return rbWriteTiers(f, st, r) },
		func() error { return rbWriteGrades(f, st, r) },
		func() error { return rbWriteParams(f, st, r) },
		func() error { return rbWriteQA(f, st, r) },
		func() error { return rbWriteHolidays(f, st, r) },
		func() error { return rbWriteSymbols(f, st, r) },
		func() error { return rbWriteInputs(f, st, r) },
		func() error { return rbWriteIndicators(f, st, r) },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func rbWriteIntro(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbIntro
	lines := [][2]string{
		{"考核规则工作簿", ""},
		{"", "本工作簿是月度考核使用的全部规则。人事可以直接修改分值、分档、等级和参数，保存后用 appraise run --rules 考核规则.xlsx 使用修改后的规则。"},
		{"", "程序按工作表名称和表头名称读取：请勿修改工作表名称和表头（第1行）；列的顺序可以调整，可以增删数据行。"},
		{"", "读取时会检查每一个单元格，发现问题会给出工作表和单元格位置（例如 规则!D7），改正后再运行。本“说明”工作表不会被读取。"},
		{"", fmt.Sprintf("生成本工作簿时规则的校验码（SHA-256）：%s。修改规则后校验码会变化；运行时实际使用的规则及其校验码记录在月度考核表的“规则”工作表和 manifest.json 中。", r.Hash())},
	}
	sheetDocs := []struct {
		name, what string
		cols       []rbCol
	}{
		{rbRules, "奖惩规则目录：每行一条规则。", rbRuleCols},
		{rbTiers, "迟到早退的分钟分档（L04）和突发事件的超时分档（L13/M08/S06）。同一类型的各档按分钟首尾相接，不能重叠或有空缺。", rbTierCols},
		{rbGrades, "考核等级。按分数下限从高到低判断，第一个满足的等级即为结果；下限留空的一行为最低等级（不合格）。每一档自然延伸到上一档的下限，因此不会有空缺；两个等级的下限相同视为重叠。", rbGradeCols},
		{rbParamSheet, "其他参数：基础分、上下限、绩效浮动金额、入职月数、追加扣分门槛、质检、考试、额外奖惩、赔偿、班次等。只改“值”一列；删除的参数按默认值处理并给出警告。", rbParamCols},
		{rbQA, "服务质量综合考评表的质检项目及满分，顺序即考评表中各列的顺序。", rbQACols},
		{rbHolidays, "节假日和调休：周一至周五放假的日子填 休息日，周六、周日上班的日子填 调休上班。用于判断无打卡的工作日是否旷工。", rbHolidayCols},
		{rbSymbols, "手工考勤表（每人一行、每天一列）中使用的符号及其含义。没有分钟数的“迟”“早”按最低一档扣分。", rbSymbolCols},
		{rbInputs, rbInputsDoc, rbInputCols},
		{rbIndicators, "管理人员（主管、班长、组长、质检员、培训专员）的软性指标及权重：软性指标评分表的“指标”须与此一致，软性得分按权重加权平均。只用于“管理人员考核”表，不影响考核分和绩效工资。", rbIndicatorCols},
	}
	row := 1
	set := func(col int, v string, style int) error {
		c := rbCell(col, row)
		if err := f.SetCellStr(sh, c, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, c, c, style)
	}
	for i, l := range lines {
		if i == 0 {
			if err := set(0, l[0], st.heading); err != nil {
				return err
			}
		} else if err := set(0, l[1], st.intro); err != nil {
			return err
		}
		if i > 0 {
			if err := f.MergeCell(sh, rbCell(0, row), rbCell(2, row)); err != nil {
				return err
			}
			if err := rbFitRow(f, sh, row, l[1], 112); err != nil {
				return err
			}
		}
		row++
	}
	row++
	for _, d := range sheetDocs {
		if err := set(0, "工作表："+d.name, st.introHead); err != nil {
			return err
		}
		row++
		if err := set(0, d.what, st.intro); err != nil {
			return err
		}
		if err := f.MergeCell(sh, rbCell(0, row), rbCell(2, row)); err != nil {
			return err
		}
		if err := rbFitRow(f, sh, row, d.what, 112); err != nil {
			return err
		}
		row++
		for i, h := range []string{"列名", "说明"} {
			if err := set(i, h, st.header); err != nil {
				return err
			}
		}
		row++
		for _, c := range d.cols {
			if err := set(0, c.name, st.intro); err != nil {
				return err
			}
			if err := set(1, c.desc, st.intro); err != nil {
				return err
			}
			if err := f.MergeCell(sh, rbCell(1, row), rbCell(2, row)); err != nil {
				return err
			}
			if err := rbFitRow(f, sh, row, c.desc, 96); err != nil {
				return err
			}
			row++
		}
		row++
	}
	if err := f.SetColWidth(sh, "A", "A", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", "C", 50); err != nil {
		return err
	}
	return rbPrint(f, sh)
}

func rbWriteCatalogue(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbRules
	if err := rbHeader(f, st, sh, 1, rbRuleCols); err != nil {
		return err
	}
	for i, x := range r.Catalogue {
		row := i + 2
		per := rbEach
		if x.PerMonth {
			per = rbMonthly
		}
		for c, v := range []string{x.Code, string(x.Category), x.Name} {
			if err := f.SetCellStr(sh, rbCell(c, row), v); err != nil {
				return err
			}
		}
		if err := rbSetDec(f, sh, rbCell(3, row), x.Min); err != nil {
			return err
		}
		if err := rbSetDec(f, sh, rbCell(4, row), x.Max); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(5, row), per); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(6, row), x.Note); err != nil {
			return err
		}
	}
	if n := len(r.Catalogue); n > 0 {
		if err := f.SetCellStyle(sh, "C2", rbCell(2, n+1), st.wrap); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, "G2", rbCell(6, n+1), st.wrap); err != nil {
			return err
		}
	}
	cats := make([]string, len(rbCategories))
	for i, c := range rbCategories {
		cats[i] = string(c)
	}
	if err := rbList(f, sh, "B2:B1000", cats, true); err != nil {
		return err
	}
	if err := rbList(f, sh, "F2:F1000", []string{rbEach, rbMonthly}, true); err != nil {
		return err
	}
	return rbRange(f, sh, "D2:E1000", excelize.DataValidationTypeDecimal, -1000, 1000, "分值应为数字")
}

func rbWriteTiers(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbTiers
	if err := rbHeader(f, st, sh, 1, rbTierCols); err != nil {
		return err
	}
	row := 2
	put := func(kind string, ts []calc.Tier) error {
		for _, t := range ts {
			if err := f.SetCellStr(sh, rbCell(0, row), kind); err != nil {
				return err
			}
			if err := f.SetCellInt(sh, rbCell(1, row), int64(t.From)); err != nil {
				return err
			}
			if t.To != 0 {
				if err := f.SetCellInt(sh, rbCell(2, row), int64(t.To)); err != nil {
					return err
				}
			}
			if !t.Points.IsZero() {
				if err := rbSetDec(f, sh, rbCell(3, row), t.Points); err != nil {
					return err
				}
			}
			if t.Code != "" {
				if err := f.SetCellStr(sh, rbCell(4, row), t.Code); err != nil {
					return err
				}
			}
			row++
		}
		return nil
	}
	if err := put(rbLate, r.LateTiers); err != nil {
		return err
	}
	if err := put(rbIncident, r.IncidentTiers); err != nil {
		return err
	}
	if err := rbList(f, sh, "A2:A200", []string{rbLate, rbIncident}, true); err != nil {
		return err
	}
	return rbRange(f, sh, "B2:C200", excelize.DataValidationTypeWhole, 1, 100000, "分钟数应为正整数")
}

func rbWriteGrades(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbGrades
	if err := rbHeader(f, st, sh, 1, rbGradeCols); err != nil {
		return err
	}
	row := 2
	for _, g := range r.Grades {
		if err := f.SetCellStr(sh, rbCell(0, row), g.Grade); err != nil {
			return err
		}
		if err := rbSetDec(f, sh, rbCell(1, row), g.Min); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(2, row), rbYesNo(!g.Exclusive)); err != nil {
			return err
		}
		row++
	}
	if err := f.SetCellStr(sh, rbCell(0, row), r.FailGrade); err != nil {
		return err
	}
	return rbList(f, sh, "C2:C100", []string{"是", "否"}, true)
}

func rbYesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func rbWriteParams(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbParamSheet
	if err := rbHeader(f, st, sh, 1, rbParamCols); err != nil {
		return err
	}
	for i, p := range rbParams {
		row := i + 2
		if err := f.SetCellStr(sh, rbCell(0, row), p.name); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(2, row), p.meaning); err != nil {
			return err
		}
		cell := rbCell(1, row)
		var err error
		style := st.value
		switch {
		case p.dec != nil:
			err = rbSetDec(f, sh, cell, *p.dec(r))
		case p.num != nil:
			err = f.SetCellInt(sh, cell, int64(*p.num(r)))
		case p.text != nil:
			err = f.SetCellStr(sh, cell, *p.text(r))
		case p.flag != nil:
			v := rbByTimes
			if *p.flag(r) {
				v = rbByRules
			}
			err = f.SetCellStr(sh, cell, v)
		case p.clock != nil:
			err = f.SetCellStr(sh, cell, rbClock(*p.clock(r)))
			style = st.valueText
		case p.list != nil:
			err = f.SetCellStr(sh, cell, strings.Join(*p.list(r), "、"))
		case p.yes != nil:
			err = f.SetCellStr(sh, cell, rbYesNo(*p.yes(r)))
		}
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cell, cell, style); err != nil {
			return err
		}
	}
	return f.SetCellStyle(sh, "C2", rbCell(2, len(rbParams)+1), st.wrap)
}

func rbWriteQA(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbQA
	if err := rbHeader(f, st, sh, 1, rbQACols); err != nil {
		return err
	}
	for i, it := range r.QAItems {
		if err := f.SetCellStr(sh, rbCell(0, i+2), it.Name); err != nil {
			return err
		}
		if err := rbSetDec(f, sh, rbCell(1, i+2), it.Max); err != nil {
			return err
		}
	}
	return rbRange(f, sh, "B2:B100", excelize.DataValidationTypeDecimal, 0, 10000, "满分应为正数")
}

func rbWriteHolidays(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbHolidays
	if err := f.SetColStyle(sh, "A", st.date); err != nil {
		return err
	}
	if err := rbHeader(f, st, sh, 1, rbHolidayCols); err != nil {
		return err
	}
	type day struct {
		serial float64
		kind   string
	}
	var days []day
	for _, h := range r.Holidays {
		days = append(days, day{rbSerial(h.Year(), h.Month(), h.Day()), rbHoliday})
	}
	for _, h := range r.Workdays {
		days = append(days, day{rbSerial(h.Year(), h.Month(), h.Day()), rbWorkday})
	}
	sort.SliceStable(days, func(i, j int) bool { return days[i].serial < days[j].serial })
	for i, d := range days {
		c := rbCell(0, i+2)
		if err := f.SetCellFloat(sh, c, d.serial, -1, 64); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, c, c, st.date); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(1, i+2), d.kind); err != nil {
			return err
		}
	}
	return rbList(f, sh, "B2:B1000", []string{rbHoliday, rbWorkday}, true)
}

func rbWriteSymbols(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbSymbols
	if err := rbHeader(f, st, sh, 1, rbSymbolCols); err != nil {
		return err
	}
	for i, k := range rbSymbolOrder(r.Symbols, sheets.ResultWords(r)) {
		if err := f.SetCellStr(sh, rbCell(0, i+2), k); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(1, i+2), r.Symbols[k]); err != nil {
			return err
		}
	}
	return rbList(f, sh, "B2:B1000", sheets.ResultWords(r), false)
}
