package sheets

import (
	"fmt"
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

// reserveRows grows the pending attendance days to the sheet's estimated
// size at once: appending 300,000 rows one by one would copy the slice as it
// grows, and the old and new arrays together set the peak memory.
func (ld *loader) reserveRows(k Kind, src *sheetSrc, read int) {
	if src.rowsHint == nil {
		return
	}
	more := src.rowsHint(read)*11/10 - read // 10% over: the estimate is rough
	if more <= 0 || more > maxReserve {
		return
	}
	switch k {
	case Attendance, DingTalk, WeCom:
		ld.days.grow(more)
	}
}

// maxReserve bounds reserveRows (Excel's rows per sheet).
const maxReserve = 1 << 20
