package templates

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/sheets"
)

// rbIndicators is the rules workbook's sheet of the leaders' soft
// indicators and their weights (D40). Reporting only: the weights give the
// 软性得分 of the 管理人员考核 sheet and change no score or pay.
const rbIndicators = "指标"

var rbIndicatorCols = []rbCol{
	{"指标", "软性指标名称；软性指标评分表的“指标”列须与此一致", 16},
	{"权重", "该指标在软性得分中的权重（各指标权重按比例计算，不必合计为1）", 10},
	{"说明", "指标的含义，仅供阅读", 40},
}

func rbWriteIndicators(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbIndicators
	if err := rbHeader(f, st, sh, 1, rbIndicatorCols); err != nil {
		return err
	}
	for i, ind := range r.Indicators {
		if err := f.SetCellStr(sh, rbCell(0, i+2), ind.Name); err != nil {
			return err
		}
		if err := rbSetDec(f, sh, rbCell(1, i+2), ind.Weight); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, rbCell(2, i+2), ind.Note); err != nil {
			return err
		}
	}
	return rbRange(f, sh, "B2:B100", excelize.DataValidationTypeDecimal, 0, 10000, "权重应为不小于0的数字")
}

// readIndicators reads 指标. A rules workbook without the sheet (written
// before D40) keeps the default indicators.
func (x *rbReader) readIndicators(r *calc.Rules) {
	t := x.table(rbIndicators, rbIndicatorCols, false)
	if t == nil {
		return
	}
	r.Indicators = nil
	seen := map[string]string{}
	for _, i := range t.data() {
		name, cell := t.val(i, "指标")
		name = sheets.NormText(name)
		if name == "" {
			x.add(calc.Error, t.sheet, cell, "指标缺少名称", "填写指标名称，如 工作态度")
			continue
		}
		if seen[name] != "" {
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("指标「%s」重复（%s 已有）", name, seen[name]), "每个指标只能出现一次")
			continue
		}
		seen[name] = cell
		w, blank, ok := x.dec(t, i, "权重")
		if !ok {
			continue
		}
		if blank || w.IsNegative() {
			_, wc := t.val(i, "权重")
			x.add(calc.Error, t.sheet, wc, fmt.Sprintf("指标「%s」的权重应为不小于0的数字", name), "如 0.25；0 表示只列出、不计入软性得分")
			continue
		}
		note, _ := t.val(i, "说明")
		r.Indicators = append(r.Indicators, calc.Indicator{Name: name, Weight: w, Note: note})
	}
}
