package sheets

import (
	"fmt"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Dump returns every non-empty cell of a workbook as sorted "Sheet!A1=value" lines (formatted
// values as a user sees them), plus lines for merged ranges; used by golden tests.
//
// Lines are ordered by sheet (workbook order), then row, then column; each
// sheet's merged ranges follow its cells as "Sheet!A1:W1=<合并>". Line
// breaks inside a value are written as \n.
func Dump(path string) ([]string, error) {
	f, err := excelize.OpenFile(path, openOptions())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	type entry struct {
		sheet, kind, row, col int
		text                  string
	}
	var es []entry
	esc := strings.NewReplacer("\r", `\r`, "\n", `\n`)
	for si, sheet := range f.GetSheetList() {
		rows, err := f.Rows(sheet)
		if err != nil {
			return nil, err
		}
		r := 0
		for rows.Next() {
			r++
			cols, err := rows.Columns()
			if err != nil {
				_ = rows.Close()
				return nil, err
			}
			for c, v := range cols {
				if v == "" {
					continue
				}
				name, _ := excelize.CoordinatesToCellName(c+1, r)
				es = append(es, entry{si, 0, r, c + 1, fmt.Sprintf("%s!%s=%s", sheet, name, esc.Replace(v))})
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		merged, err := f.GetMergeCells(sheet)
		if err != nil {
			return nil, err
		}
		for _, m := range merged {
			c, r, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
			es = append(es, entry{si, 1, r, c, fmt.Sprintf("%s!%s:%s=<合并>", sheet, m.GetStartAxis(), m.GetEndAxis())})
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.sheet != b.sheet {
			return a.sheet < b.sheet
		}
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		if a.row != b.row {
			return a.row < b.row
		}
		return a.col < b.col
	})
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.text
	}
	return out, nil
}
