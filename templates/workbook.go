package templates

import (
	"appraise/sheets"
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// rbFixedStamp is the creation and modification time written into every
// workbook of this file, so that the same input gives the same bytes.
const rbFixedStamp = "2026-01-01T00:00:00Z"

// rbNewFile starts a workbook with fixed document properties and a
// deterministic zip writer; its first sheet is renamed to first.
func rbNewFile(title, first string) (*excelize.File, error) {
	f := excelize.NewFile()
	f.SetZipWriter(sheets.SortedZipWriter)
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:        "appraise",
		LastModifiedBy: "appraise",
		Title:          title,
		Language:       "zh-CN",
		Created:        rbFixedStamp,
		Modified:       rbFixedStamp,
	}); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return nil, err
	}
	return f, nil
}

// rbStyles are the style ids shared by the rules workbook and the templates.
type rbStyles struct {
	title, header, required, text, wrap, date, intro, introHead, heading, value, valueText int
}

func rbNewStyles(f *excelize.File) (rbStyles, error) {
	var st rbStyles
	border := sheets.ThinBorder()
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	dateFmt := "yyyy-mm-dd"
	defs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&st.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill, Border: border, Alignment: center}},
		{&st.required, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Fill: fill, Border: border, Alignment: center}},
		{&st.text, &excelize.Style{NumFmt: 49}},
		{&st.wrap, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.date, &excelize.Style{CustomNumFmt: &dateFmt}},
		{&st.intro, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.introHead, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&st.value, &excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.valueText, &excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.heading, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Vertical: "center"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return st, err
		}
		*d.id = id
	}
	return st, nil
}

// rbCell returns the A1 name of a 0-based column and 1-based row.
func rbCell(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col+1, row)
	return s
}

// rbColName returns the letters of a 0-based column.
func rbColName(col int) string {
	s, _ := excelize.ColumnNumberToName(col + 1)
	return s
}

// rbHeader writes a styled header row and the column widths.
func rbHeader(f *excelize.File, st rbStyles, sheet string, row int, cols []rbCol) error {
	for i, c := range cols {
		if err := f.SetCellStr(sheet, rbCell(i, row), c.name); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, rbColName(i), rbColName(i), c.width); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, rbCell(0, row), rbCell(len(cols)-1, row), st.header); err != nil {
		return err
	}
	if err := rbPrint(f, sheet); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: rbCell(0, row+1), ActivePane: "bottomLeft"})
}

// rbList adds a drop-down list to a column's data rows.
func rbList(f *excelize.File, sheet, sqref string, items []string, strict bool) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	if err := dv.SetDropList(items); err != nil {
		return err
	}
	style := excelize.DataValidationErrorStyleWarning
	if strict {
		style = excelize.DataValidationErrorStyleStop
	}
	dv.SetError(style, "输入值不在列表中", "请从下拉列表中选择："+strings.Join(items, "、"))
	return f.AddDataValidation(sheet, dv)
}

// rbRange adds a number check to a range. lo or hi may be nil (no bound).
func rbRange(f *excelize.File, sheet, sqref string, t excelize.DataValidationType, lo, hi any, msg string) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	var err error
	switch {
	case lo != nil && hi != nil:
		err = dv.SetRange(lo, hi, t, excelize.DataValidationOperatorBetween)
	case lo != nil:
		err = dv.SetRange(lo, lo, t, excelize.DataValidationOperatorGreaterThanOrEqual)
		dv.Formula2 = ""
	default:
		err = dv.SetRange(hi, hi, t, excelize.DataValidationOperatorLessThanOrEqual)
		dv.Formula2 = ""
	}
	if err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "输入值不符合要求", msg)
	return f.AddDataValidation(sheet, dv)
}

// rbSetDec writes a decimal as a number cell.
func rbSetDec(f *excelize.File, sheet, cell string, d decimal.Decimal) error {
	if d.IsInteger() && d.Abs().LessThan(decimal.NewFromInt(1e15)) {
		return f.SetCellInt(sheet, cell, d.IntPart())
	}
	v, _ := d.Float64()
	return f.SetCellFloat(sheet, cell, v, -1, 64)
}

// rbClock formats minutes after midnight as 09:00.
func rbClock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// rbSymbolOrder sorts the symbols by the attendance result they mean, in
// the order of words, then by the symbol.
func rbSymbolOrder(syms map[string]string, words []string) []string {
	rank := map[string]int{}
	for i, w := range words {
		rank[w] = i
	}
	keys := make([]string, 0, len(syms))
	for k := range syms {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, oki := rank[syms[keys[i]]]
		rj, okj := rank[syms[keys[j]]]
		if !oki {
			ri = len(words)
		}
		if !okj {
			rj = len(words)
		}
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// rbPrint sets a sheet to print landscape on A4, fitted to the page width.
func rbPrint(f *excelize.File, sheet string) error {
	size, orient, one, zero, yes := 9, "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes})
}

// rbFitRow sets the height of a row whose wrapped text spans width
// character units (Excel does not size merged cells by itself).
func rbFitRow(f *excelize.File, sheet string, row int, text string, width float64) error {
	return rbSetLines(f, sheet, row, rbLines(text, width))
}

// rbLines estimates the lines text takes when wrapped at width units.
func rbLines(text string, width float64) int {
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		lines += int(float64(tplTextWidth(l))/width) + 1
	}
	return lines
}

// rbSetLines sets a row's height to hold the given number of lines.
func rbSetLines(f *excelize.File, sheet string, row, lines int) error {
	if lines <= 1 {
		return nil
	}
	return f.SetRowHeight(sheet, row, float64(lines)*15+3)
}
