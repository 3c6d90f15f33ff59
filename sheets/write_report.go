package sheets

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

const sheetReport = "校验报告"

var reportHeaders = []string{"级别", "文件", "工作表", "单元格", "工号", "问题", "建议"}

// SortProblems returns the problems in report order: errors first, then
// warnings, then notes; within a level by file, sheet and cell (C7 before
// C10: rows compare as numbers, then columns); otherwise in their original
// order.
func SortProblems(ps []calc.Problem) []calc.Problem {
	out := append([]calc.Problem(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Level != b.Level {
			return a.Level < b.Level
		}
		if a.Loc.File != b.Loc.File {
			return a.Loc.File < b.Loc.File
		}
		if a.Loc.Sheet != b.Loc.Sheet {
			return a.Loc.Sheet < b.Loc.Sheet
		}
		return cellLess(a.Loc.Cell, b.Loc.Cell)
	})
	return out
}

// cellPos parses "C7" (row 7, column 3) or "第7行" (row 7, column 0); ok is
// false for anything else.
func cellPos(s string) (row, col int, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ":："); i >= 0 {
		s = s[:i]
	}
	if strings.HasPrefix(s, "第") && strings.HasSuffix(s, "行") {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(s, "第"), "行"))
		return n, 0, err == nil
	}
	c, r, err := excelize.CellNameToCoordinates(strings.ReplaceAll(s, "$", ""))
	if err != nil {
		return 0, 0, false
	}
	return r, c, true
}

// cellLess orders cells by row, then column; an empty cell comes first and
// text that is not a cell reference last, by text.
func cellLess(a, b string) bool {
	if a == "" || b == "" {
		return a == "" && b != ""
	}
	ra, ca, oka := cellPos(a)
	rb, cb, okb := cellPos(b)
	switch {
	case oka && okb:
		if ra != rb {
			return ra < rb
		}
		return ca < cb
	case oka != okb:
		return oka
	}
	return a < b
}

// levelCounts counts the problems by level.
func levelCounts(ps []calc.Problem) (errs, warns, infos int) {
	for _, p := range ps {
		switch p.Level {
		case calc.Error:
			errs++
		case calc.Warning:
			warns++
		default:
			infos++
		}
	}
	return
}

// writeReport writes the 校验报告 workbook.
func writeReport(w io.Writer, res *calc.Result, run *Run) error {
	name := deptName(res.Rows) + monthText(res.Year, res.Month) + "校验报告"
	b, err := newBook(name, run.Rules, res.Year, res.Month)
	if err != nil {
		return err
	}
	e, wn, in := levelCounts(res.Problems)
	title := fmt.Sprintf("%s：错误%d个，警告%d个，提示%d个", name, e, wn, in)
	t := &xlTable{sheet: sheetReport, title: title, headers: reportHeaders, filter: true, print: true,
		wrapCol: map[int]bool{5: true, 6: true}}
	for _, p := range SortProblems(res.Problems) {
		lv := excelize.Cell{StyleID: b.st.text, Value: p.Level.String()}
		switch p.Level {
		case calc.Error:
			lv.StyleID = b.st.levelErr
		case calc.Warning:
			lv.StyleID = b.st.levelWarn
		}
		t.rows = append(t.rows, []excelize.Cell{lv, b.str(p.Loc.File), b.str(p.Loc.Sheet), b.str(p.Loc.Cell),
			b.idCell(p.ID), b.wrapped(ChineseErrorText(p.Msg)), b.wrapped(ChineseErrorText(p.Hint))})
	}
	if err := b.write(t); err != nil {
		return err
	}
	return b.save(w, "")
}
