package sheets

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"appraise/calc"
)

// Inspection: how one input file is read (appraise inspect). HR uses it to
// see why a sheet was not recognised; tests use the row dump to compare the
// reader with other readers.

// Inspection is what Inspect found in a file.
type Inspection struct {
	File   string
	Year   int // the month the file was read for
	Month  time.Month
	Sheets []SheetInspection // in the order the file holds them
	// Problems are all the problems of reading the file (those of each
	// sheet are also in its SheetInspection).
	Problems []calc.Problem
}

// SheetInspection is how one sheet (or a CSV file) was read.
type SheetInspection struct {
	Sheet string // "" for a CSV file
	// Read is false for a sheet not read at all (hidden, instructions, a
	// chart, damaged); Problems say why.
	Read bool
	Kind Kind // Unknown when no kind was recognised
	// Reason says why no kind was recognised (empty when one was).
	Reason string
	// HeaderFirst and HeaderLast are the 1-based rows of the header (equal
	// for a one-row header); 0 when none was found.
	HeaderFirst, HeaderLast int
	Columns                 []ColumnMapping // each non-empty header column
	Missing                 []string        // required columns not found
	Problems                []calc.Problem
}

// ColumnMapping is a header column and the input column it was taken for.
type ColumnMapping struct {
	Col    string // column letters, "C"
	Header string // the header text (both rows of a two-row header)
	Name   string // the canonical column name; "" when the text names none
}

// RowDump is one row as the reader sees it: raw values as stored (shared
// strings resolved, numbers as written, no formatting).
type RowDump struct {
	Sheet string   `json:"sheet"`
	Row   int      `json:"row"`
	Cells []string `json:"cells"`
}

// inspection collects what the loader saw while it reads one file for
// Inspect or InspectRows; the loader's hooks do nothing when it is nil.
type inspection struct {
	sheets []SheetInspection
	// rows, if set, receives every non-empty row instead of the rows being
	// parsed; an error it returns stops the reading.
	rows    func(RowDump) error
	rowsErr error
}

// dumping reports whether rows are dumped rather than parsed.
func (in *inspection) dumping() bool { return in != nil && in.rows != nil }

// dump passes every non-empty row of a sheet to in.rows.
func (in *inspection) dump(ld *loader, src *sheetSrc) {
	for n := 1; in.rowsErr == nil; n++ {
		cells, ok, err := src.next()
		if err != nil {
			ld.add(calc.Error, src.loc(fmt.Sprintf("第%d行", n)), "", "读取工作表失败："+err.Error(), "文件可能已损坏，请用 Excel 打开后另存为 .xlsx")
			return
		}
		if !ok {
			return
		}
		if n > maxSheetRows {
			ld.add(calc.Error, src.loc(""), "", fmt.Sprintf("行号超出 Excel 的上限 %d 行，文件已损坏；其后的内容未读取", maxSheetRows),
				"请用 Excel 打开修复后另存为 .xlsx")
			return
		}
		if cells = trimEmpty(cells); len(cells) > 0 {
			in.rowsErr = in.rows(RowDump{Sheet: src.sheet, Row: n, Cells: cells})
		}
	}
}

// sawHeader records the outcome of header detection for a sheet.
func (in *inspection) sawHeader(src *sheetSrc, h *header, reason string, rows [][]string) {
	if in == nil {
		return
	}
	si := SheetInspection{Sheet: src.sheet, Read: true, Reason: reason}
	if h == nil {
		if isBlankSheet(rows) {
			si.Reason = "工作表为空"
		}
		in.sheets = append(in.sheets, si)
		return
	}
	si.Kind, si.HeaderFirst, si.HeaderLast, si.Missing = h.kind, h.first+1, h.last+1, h.missing
	byCol := map[int]string{}
	for name, c := range h.cols {
		byCol[c] = name
	}
	for c, cands := range headerTexts(h.head, h.first, h.last) {
		text := cands[0]
		if len(cands) > 1 {
			text = strings.TrimSpace(cands[1] + " " + cands[0]) // upper row, then lower
		}
		if text == "" && byCol[c] == "" {
			continue
		}
		si.Columns = append(si.Columns, ColumnMapping{Col: colLetters(c), Header: text, Name: byCol[c]})
	}
	in.sheets = append(in.sheets, si)
}

// colLetters returns the letters of a 0-based column ("C" for 2).
func colLetters(c int) string {
	name := cellName(c, 1)
	return strings.TrimSuffix(name, "1")
}

// reNameMonth finds a month in a file name: "2026-11", "202611",
// "2026年11月", "_20261101-20261130".
var reNameMonth = regexp.MustCompile(`(20\d{2})\s*[-_.年]?\s*(0[1-9]|1[0-2]|[1-9](?:\D|$))`)

// inspectMonth is the month an inspected file is read for: the month its
// folder names ("inbox/2026-11/考勤.xlsx"), else one its name holds, else
// the current month.
func inspectMonth(path string) (int, time.Month) {
	if abs, err := filepath.Abs(path); err == nil {
		if y, m, ok := ParseMonth(filepath.Base(filepath.Dir(abs))); ok {
			return y, m
		}
	}
	if m := reNameMonth.FindStringSubmatch(filepath.Base(path)); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(strings.TrimRightFunc(m[2], func(r rune) bool { return r < '0' || r > '9' }))
		return y, time.Month(mo)
	}
	now := time.Now()
	return now.Year(), now.Month()
}

// Inspect reads one input file as Load would (without the checks across
// files: identities against the roster, punches against shifts) and
// reports, for each sheet, the kind found or why none, the header and how
// each column was taken, and the problems. r may be nil (the built-in
// columns only); year 0 means the month the file's folder or name holds,
// else the current one. Only an unreadable path is an error.
func Inspect(path string, r *calc.Rules, year int, month time.Month, opt LoadOptions) (*Inspection, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	if r == nil {
		r = &calc.Rules{}
	}
	if year == 0 {
		year, month = inspectMonth(path)
	}
	ld := newLoader(r, year, month, opt)
	ld.insp = &inspection{}
	name := filepath.Base(path)
	ld.loadFile(filepath.Dir(path), name)
	ld.flushCapped()
	out := &Inspection{File: name, Year: year, Month: month, Problems: ld.problems}
	// every sheet named by a problem or seen by the header hook, in order
	index := map[string]int{}
	for _, si := range ld.insp.sheets {
		if _, ok := index[si.Sheet]; !ok {
			index[si.Sheet] = len(out.Sheets)
			out.Sheets = append(out.Sheets, si)
		}
	}
	for _, p := range ld.problems {
		if p.Loc.Sheet == "" && !(len(out.Sheets) == 1 && out.Sheets[0].Sheet == "" && p.Loc.Cell != "") {
			continue // a problem of the file
		}
		i, ok := index[p.Loc.Sheet]
		if !ok {
			i = len(out.Sheets)
			index[p.Loc.Sheet] = i
			out.Sheets = append(out.Sheets, SheetInspection{Sheet: p.Loc.Sheet})
		}
		out.Sheets[i].Problems = append(out.Sheets[i].Problems, p)
	}
	return out, nil
}

// InspectRows reads one file and passes every non-empty row of every sheet
// (hidden and instructions sheets too; not chart sheets) to fn, as the
// reader sees it. It returns the problems found reading (damaged parts,
// repeated row numbers …); an error of fn stops the reading and is returned.
func InspectRows(path string, opt LoadOptions, fn func(RowDump) error) ([]calc.Problem, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	y, m := inspectMonth(path)
	ld := newLoader(&calc.Rules{}, y, m, opt)
	ld.insp = &inspection{rows: fn}
	ld.loadFile(filepath.Dir(path), filepath.Base(path))
	ld.flushCapped()
	return ld.problems, ld.insp.rowsErr
}
