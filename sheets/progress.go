package sheets

import (
	"fmt"
	"slices"
)

// progressEvery is how many rows of a sheet pass between two progress
// reports.
const progressEvery = 50000

// progressState is where Load is, for LoadOptions.Progress.
type progressState struct{ file, files int }

// progressFile reports that file i of n (0-based; i == n: all read) starts.
func (ld *loader) progressFile(i, n int, name string) {
	ld.prog = progressState{i, n}
	if ld.opt.Progress != nil {
		ld.opt.Progress(i, n, name)
	}
}

// progressRow reports every progressEvery rows of a long sheet.
func (ld *loader) progressRow(src *sheetSrc, row int) {
	if ld.opt.Progress != nil && row%progressEvery == 0 {
		ld.opt.Progress(ld.prog.file, ld.prog.files, fmt.Sprintf("%s 第%d行", src.file, row))
	}
}

// reserveAfter is the row of a sheet at which reserveRows estimates its
// size.
const reserveAfter = 4096

// reserveRows grows the sheet's row fingerprints and its pending rows
// (attendance days, QA records, exams, roster rows) to the sheet's
// estimated size at once: appending 300,000 rows one by one would copy the
// slice as it grows, and the old and new arrays together set the peak memory
// (and each copy is work for the processor and the garbage collector).
func (ld *loader) reserveRows(k Kind, src *sheetSrc, rec *sheetRec, read int) {
	if src.rowsHint == nil {
		return
	}
	more := src.rowsHint(read)*11/10 - read // 10% over: the estimate is rough
	if more <= 0 || more > maxReserve {
		return
	}
	rec.rows = slices.Grow(rec.rows, more)
	switch k {
	case Attendance, DingTalk, WeCom:
		ld.days.grow(more)
	case QA:
		ld.qa = slices.Grow(ld.qa, more)
	case Exams:
		ld.exams = slices.Grow(ld.exams, more)
	case Roster:
		ld.employees = slices.Grow(ld.employees, more)
	}
}

// maxReserve bounds reserveRows (Excel's rows per sheet).
const maxReserve = 1 << 20
