package sheets

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// ReadPrevious reads a previous month's 月度考核表 (written by Write) and returns each employee's
// final score and whether they were last (D13: last = lowest 考核分 of that month, ties all).
func ReadPrevious(path string) (map[string]calc.Previous, error) {
	f, err := excelize.OpenFile(path, openOptions())
	if err != nil {
		return nil, fmt.Errorf("无法打开上月考核表 %s：%w", filepath.Base(path), err)
	}
	defer f.Close()
	sheet := sheetSummary
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		sheet = f.GetSheetName(0)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	idCol, scoreCol := -1, -1
	out := map[string]calc.Previous{}
	for r := 1; rows.Next(); r++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		if idCol < 0 {
			if r > 10 {
				break
			}
			for i, c := range cells {
				switch strings.TrimSpace(c) {
				case "工号":
					idCol = i
				case "考核分":
					scoreCol = i
				}
			}
			if idCol < 0 || scoreCol < 0 {
				idCol, scoreCol = -1, -1
			}
			continue
		}
		if idCol >= len(cells) || scoreCol >= len(cells) {
			continue
		}
		id := strings.TrimSpace(cells[idCol])
		score, err := decimal.NewFromString(strings.TrimSpace(cells[scoreCol]))
		if id == "" || err != nil {
			continue // the signature line, blank rows
		}
		if _, dup := out[id]; dup {
			return nil, fmt.Errorf("%s!%s：工号 %s 重复", filepath.Base(path), sheet, id)
		}
		out[id] = calc.Previous{Score: score}
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	if idCol < 0 {
		return nil, fmt.Errorf("%s 不是月度考核表：%s 工作表中找不到“工号”和“考核分”列", filepath.Base(path), sheet)
	}
	first := true
	var low decimal.Decimal
	for _, p := range out {
		if first || p.Score.LessThan(low) {
			low, first = p.Score, false
		}
	}
	for id, p := range out {
		p.Last = p.Score.Equal(low)
		out[id] = p
	}
	return out, nil
}

// ReadManifestKinds reads a manifest.json written by Write and returns, for
// each input kind its inputs provided, the names of the files (D19). ok is
// false when the manifest predates the recording of kinds.
func ReadManifestKinds(path string) (kinds map[string][]string, ok bool, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, err
	}
	var m struct {
		Inputs []manifestFile `json:"inputs"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, false, fmt.Errorf("%s 不是有效的 manifest.json：%w", filepath.Base(path), err)
	}
	kinds = map[string][]string{}
	for _, in := range m.Inputs {
		if in.Kinds != nil {
			ok = true
		}
		for _, k := range in.Kinds {
			kinds[k] = append(kinds[k], in.Name)
		}
	}
	return kinds, ok, nil
}
