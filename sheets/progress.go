package sheets

import "fmt"

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
