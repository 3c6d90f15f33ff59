package sheets

import (
	"appraise/samples"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// conformanceFiles lists the workbooks the reader is compared on: the
// corpus of files written by other applications (../shared/corpus, when
// present), the project's test workbooks and a generated sample month.
func conformanceFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	corpus, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "*.xlsx"))
	if len(corpus) == 0 {
		t.Log("../shared/corpus not found: comparing the project's own workbooks only")
	}
	files = append(files, corpus...)
	_ = filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".xlsx") || strings.HasSuffix(p, ".xlsm")) {
			files = append(files, p)
		}
		return nil
	})
	for _, att := range []string{"daily", "dingtalk"} {
		sample := filepath.Join(t.TempDir(), "2026-11")
		if err := samples.Write(sample, samples.Options{Employees: 30, Year: 2026, Month: 11, Seed: 1, Attendance: att}); err != nil {
			t.Fatal(err)
		}
		gen, _ := filepath.Glob(filepath.Join(sample, "*.xlsx"))
		files = append(files, gen...)
	}
	return files
}

// excelizeCells returns every non-empty cell of every worksheet as
// excelize's GetRows reads it (raw values): "sheet!A1" → value.
func excelizeCells(path string) (map[string]string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return out, fmt.Errorf("%s: %w", sheet, err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v != "" {
					out[sheet+"!"+cellName(c, r+1)] = v
				}
			}
		}
	}
	return out, nil
}

// conformanceAllowed are the cells where the reader differs from
// excelize (v2.11) and Excel agrees with the reader. Key: file name prefix
// and "sheet!cell" ("*": every cell of the file); value: the reason.
// Strict Open XML, backslash entry names and repeated <row r> numbers are
// not listed: excelize reads those as the reader does.
var conformanceAllowed = map[string]string{
	"PHPOffice__issue.4724|Worksheet!A5":         "_xD801__xDC05_ is one surrogate pair: Excel shows 𐐅; excelize drops both halves",
	"PHPOffice__issue.4724|Worksheet!A6":         "_xD801_ alone is no character: the reader shows U+FFFD (never drops it silently); excelize drops it",
	"PHPOffice__issue.4724|Worksheet!A7":         "_xDC05_ alone: U+FFFD, as for A6",
	"PHPOffice__issue.4724|Worksheet!A8":         "two low surrogates: two U+FFFD, as for A6",
	"SheetJS__xlsx-stream-d-date-cell|Sheet1!B5": "t=\"d\" ISO 8601 cell: Excel stores the date serial (the reader gives it); excelize's raw value is the text",
	"SheetJS__wtf_path|*":                        "parts under wtf/ instead of xl/: excelize looks for xl/sharedStrings.xml and shows shared-string cells empty; Excel follows the relationships, as the reader does",
	"tafia__empty_s_attribute|*":                 "cells with s=\"\": excelize fails to parse the sheet and shows it empty; Excel shows the cells",
	"apache__poc-shared-strings|*":               "the sheet starts with <row r=\"0\">: excelize stops after row 999; the part holds cells up to row 3999, which the reader reads (and reports the bad row number)",
}

// TestInspectRowsMatchExcelize compares every cell of the inspect row dump
// with excelize on the corpus and the project's workbooks.
func TestInspectRowsMatchExcelize(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: reads every corpus workbook twice")
	}
	for _, path := range conformanceFiles(t) {
		base := filepath.Base(path)
		t.Run(base, func(t *testing.T) {
			ours := map[string]string{}
			problems, err := InspectRows(path, LoadOptions{}, func(r RowDump) error {
				for c, v := range r.Cells {
					if v != "" {
						ours[r.Sheet+"!"+cellName(c, r.Row)] = v
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := excelizeCells(path)
			if err != nil {
				t.Logf("excelize cannot open %s: %v", base, err)
				theirs = map[string]string{}
			}
			allowed := func(cell string) bool {
				for k := range conformanceAllowed {
					prefix, what, _ := strings.Cut(k, "|")
					if strings.HasPrefix(base, prefix) && (what == "*" || what == cell) {
						return true
					}
				}
				return false
			}
			var diffs []string
			for cell, v := range ours {
				if theirs[cell] != v && !allowed(cell) {
					diffs = append(diffs, fmt.Sprintf("%s: reader %q, excelize %q", cell, short(v), short(theirs[cell])))
				}
			}
			for cell, v := range theirs {
				if _, ok := ours[cell]; !ok && !allowed(cell) {
					diffs = append(diffs, fmt.Sprintf("%s: reader none, excelize %q", cell, short(v)))
				}
			}
			sort.Strings(diffs)
			for i, d := range diffs {
				if i == 10 {
					t.Errorf("… %d differences in all", len(diffs))
					break
				}
				t.Error(d)
			}
			for _, p := range problems {
				t.Logf("%v %v %s", p.Level, p.Loc, p.Msg)
			}
		})
	}
}

// short cuts a value for a message.
func short(s string) string {
	if len(s) > 40 {
		return strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}
