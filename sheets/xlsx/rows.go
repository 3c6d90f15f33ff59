package xlsx

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// Rows iterates over the rows of a worksheet part. A goroutine
// inflates and scans the part ahead of the caller, in batches of rows, so
// that reading and interpreting the rows use both cores; the rows come out
// in order, so results do not change.
//
// Rows are placed by their number, as Excel places them: several <row>
// elements with the same number are one row (their cells merged by
// column). A repeated or decreasing number is still an error at that row
// (D21): an input row must never count twice, or vanish, silently.
type Rows struct {
	x       *xmlScan
	rc      io.Closer
	size    int64         // inflated size of the part
	scanned *atomic.Int64 // bytes of it the scanner has consumed
	// estNum and estBytes are the number of the last row of the batch
	// taken last and the bytes scanned when it was sent (for Estimate).
	estNum   int
	estBytes int64
	sst      *sstTable
	sstFound bool // the package has a shared strings part
	date1904 bool
	formulas map[string]bool // formula cells without a value, merged as batches arrive
	issues   []Issue         // problems found in the rows taken so far

	// producer side
	lastNum   int               // number of the row scanned last
	inData    bool              // inside <sheetData>
	newForms  []string          // formula cells found since the last batch
	newIssues []Issue           // problems found since the last batch
	beyond    string            // first cell with a value right of MaxReadCols, sent with the next batch
	beyondSet bool              // beyond was sent
	sstMissed bool              // a shared-string cell without a table was reported
	vbuf      []byte            // the text of the current <v>
	isbuf     []byte            // the text of the current inline string
	refbuf    []byte            // the reference of the current cell
	width     int               // the most cells a row had: the capacity of the next row
	strs      map[string]string // short values read so far (Rows.text)
	lastText  []string          // the short value of each column's previous cell (Rows.text)
	nForms    int               // formula cells without a value seen

	// consumer side
	seenBeyond string // beyond of the batches taken (what Beyond reports)
	ch         chan rowBatch
	slots      chan struct{} // a batch ready ahead takes one; taking the batch gives it back
	owed       int           // slots not given back: the room Start gave beyond batchesAhead
	stop       chan struct{}
	wg         sync.WaitGroup
	started    bool
	cur        []rowItem
	curI       int
	err        error
	finished   bool
	num        int     // row number of the last row returned
	pending    rowItem // a row read ahead of its number
	hasPend    bool
}

// Issue is a problem in a worksheet's data: at a cell ("C7") or a row
// ("第7行"); an error (D21) unless warn.
type Issue struct {
	Cell, Msg, Hint string
	Warn            bool
}

// MaxFormulaCells bounds the formula cells without a cached value recorded
// for one sheet (a small zip of a million <c><f/></c> would otherwise fill
// memory).
const MaxFormulaCells = 1 << 18

// issues1 records a problem found by the producer.
func (r *Rows) issues1(is Issue) { r.newIssues = append(r.newIssues, is) }

// rowItem is a scanned row and its number.
type rowItem struct {
	cells []string
	num   int
}

// rowBatch is what the scanning goroutine hands over.
type rowBatch struct {
	rows     []rowItem
	formulas []string
	issues   []Issue
	beyond   string // the first cell right of MaxReadCols, in the first batch sent after it was found
	err      error
	scanned  int64 // bytes of the part scanned when the batch was sent
}

// rowBatchSize is the number of rows a batch holds.
const rowBatchSize = 256

// Batches the scanning goroutine may have ready ahead of the caller: a few
// once rows are being taken; many after Start until then, so that the
// scanner keeps going while the caller reads the sheet's merged ranges (a
// second pass over the part that takes a good share of the scanner's time
// on a large sheet). The room is taken back as the caller takes the
// batches ready, so that a caller slower than the scanner does not keep
// many rows waiting all along.
const (
	batchesAhead      = 4
	batchesAheadStart = 160
)

func openRows(zr *zip.Reader, part string, sst *sstTable, sstFound, date1904 bool, formulas map[string]bool) (*Rows, error) {
	zf := zipFile(zr, part)
	if zf == nil {
		return nil, errors.New("找不到工作表 " + part)
	}
	rc, err := openPart(zr, part, UnzipSizeLimit)
	if err != nil {
		return nil, err
	}
	cr := &countReader{r: rc, n: new(atomic.Int64)}
	return &Rows{x: newXMLScan(cr, zf.UncompressedSize64), rc: rc, size: int64(zf.UncompressedSize64), scanned: cr.n,
		sst: sst, sstFound: sstFound, date1904: date1904, formulas: formulas}, nil
}

// countReader counts the bytes read through it (for Rows.Estimate).
type countReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// Estimate is the number of rows the sheet will have, from the rows
// scanned and the share of the part they took (0 when unknown, or before
// any row is returned). It is measured at the batch of rows handed over
// last, so that it does not depend on how far the scanner has run ahead:
// the rows scanned are counted with the bytes scanned.
func (r *Rows) Estimate(rows int) int {
	done := r.estBytes
	if done <= 0 || r.size <= 0 || rows <= 0 || r.estNum <= 0 {
		return 0
	}
	return int(float64(r.estNum) * float64(r.size) / float64(done))
}

// Close stops the scanning goroutine and closes the part.
func (r *Rows) Close() error {
	if r.started {
		close(r.stop)
		r.wg.Wait()
	}
	return r.rc.Close()
}

// issue records an error found by the producer.
func (r *Rows) issue(cell, msg, hint string) {
	r.issues1(Issue{Cell: cell, Msg: msg, Hint: hint})
}

// produce scans rows into batches until the end, an error or Close. A row
// is held back until the next one is read, so that a repeated <row> of the
// same number is merged into it.
func (r *Rows) produce() {
	defer r.wg.Done()
	defer close(r.ch)
	var b rowBatch
	sentNum := 0 // the number of the last row sent
	send := func() bool {
		if n := len(b.rows); n > 0 {
			sentNum = b.rows[n-1].num
		}
		b.formulas, r.newForms = r.newForms, nil
		b.issues, r.newIssues = r.newIssues, nil
		if r.beyond != "" && !r.beyondSet {
			b.beyond, r.beyondSet = r.beyond, true
		}
		b.scanned = r.scanned.Load()
		select {
		case <-r.slots:
			r.ch <- b // room for every slot
			b = rowBatch{rows: make([]rowItem, 0, rowBatchSize)}
			return true
		case <-r.stop:
			return false
		}
	}
	defer func() {
		if p := recover(); p != nil {
			b.err = Recovered("读取工作表时发生内部错误", p)
			send()
		}
	}()
	b.rows = make([]rowItem, 0, rowBatchSize)
	var held rowItem
	hasHeld, repeats := false, 0
	emit := func() {
		if repeats > 0 {
			r.issue(fmt.Sprintf("第%d行", held.num), fmt.Sprintf("行号 %d 在工作表数据中出现了 %d 次（行号重复），已按列合并为一行", held.num, repeats+1), rowOrderHint)
		}
		b.rows = append(b.rows, held)
	}
	for {
		cells, num, ok, err := r.read()
		if err != nil || !ok {
			if hasHeld {
				emit()
			}
			b.err = err
			send()
			return
		}
		switch {
		case hasHeld && num == held.num:
			held.cells = mergeCells(held.cells, cells)
			repeats++
			continue
		case hasHeld && num < held.num:
			// placed by its number while that row is not handed over yet
			at := fmt.Sprintf("第%d行", num)
			i := sort.Search(len(b.rows), func(i int) bool { return b.rows[i].num >= num })
			switch {
			case i < len(b.rows) && b.rows[i].num == num:
				b.rows[i].cells = mergeCells(b.rows[i].cells, cells)
				r.issue(at, fmt.Sprintf("行号 %d 在第%d行之后再次出现（行号重复），已按列合并为一行", num, held.num), rowOrderHint)
			case num > sentNum:
				b.rows = slices.Insert(b.rows, i, rowItem{cells, num})
				r.issue(at, fmt.Sprintf("第%d行出现在第%d行之后（行号倒序），已按行号放回", num, held.num), rowOrderHint)
			default:
				r.issue(at, fmt.Sprintf("第%d行出现在第%d行之后（行号倒序），与前面的行相隔太远，此行内容未读取", num, held.num), rowOrderHint)
			}
			continue
		}
		if hasHeld {
			emit()
			if len(b.rows) >= rowBatchSize && !send() {
				return
			}
		}
		held, hasHeld, repeats = rowItem{cells, num}, true, 0
	}
}

// rowOrderHint is the hint of a repeated or decreasing row number.
const rowOrderHint = "文件由其他程序生成，行的顺序有误；请用 Excel 打开核对此行后另存为 .xlsx"

// mergeCells places the cells of a repeated row over those of the row
// already read (a later value wins, as a later cell of the same reference
// does).
func mergeCells(dst, src []string) []string {
	for c, v := range src {
		if v == "" {
			continue
		}
		for len(dst) <= c {
			dst = append(dst, "")
		}
		dst[c] = v
	}
	return dst
}

// Start starts scanning the rows ahead of the first Next, with room for
// many batches: the caller may do other work on the part meanwhile (read
// its merged ranges). The rows, their order and the problems found are the
// same as without Start. Close stops the scanning.
func (r *Rows) Start() { r.start(batchesAheadStart) }

// start starts the scanning goroutine once, with room for ahead batches.
func (r *Rows) start(ahead int) {
	if !r.started {
		r.started = true
		r.ch, r.stop = make(chan rowBatch, ahead), make(chan struct{})
		r.slots, r.owed = make(chan struct{}, ahead), ahead-batchesAhead
		for range ahead {
			r.slots <- struct{}{}
		}
		r.wg.Add(1)
		go r.produce()
	}
}

// take returns the next scanned row.
func (r *Rows) take() (rowItem, bool, error) {
	r.start(batchesAhead)
	for r.curI >= len(r.cur) {
		if r.err != nil || r.finished {
			return rowItem{}, false, r.err
		}
		b, ok := <-r.ch
		if !ok {
			r.finished = true
			continue
		}
		if r.owed > 0 {
			r.owed--
		} else {
			r.slots <- struct{}{}
		}
		for _, f := range b.formulas {
			r.formulas[f] = true
		}
		r.issues = append(r.issues, b.issues...)
		if b.beyond != "" && r.seenBeyond == "" {
			r.seenBeyond = b.beyond
		}
		r.cur, r.curI, r.err = b.rows, 0, b.err
		if n := len(b.rows); n > 0 {
			r.estNum, r.estBytes = b.rows[n-1].num, b.scanned
		}
	}
	it := r.cur[r.curI]
	r.cur[r.curI] = rowItem{}
	r.curI++
	return it, true, nil
}

// Next returns the next row and its number (1-based). Row numbers without
// a <row> give empty rows, so the numbers come one by one from 1; ok is
// false after the last row.
func (r *Rows) Next() (cells []string, row int, ok bool, err error) {
	if !r.hasPend {
		it, ok, err := r.take()
		if err != nil || !ok {
			return nil, r.num, false, err
		}
		r.pending, r.hasPend = it, true
	}
	r.num++
	if r.pending.num > r.num {
		return nil, r.num, true, nil
	}
	r.hasPend = false
	return r.pending.cells, r.num, true, nil
}

// Issues returns the problems found in the rows returned so far (all of
// them after the last row).
func (r *Rows) Issues() []Issue { return r.issues }

// Formulas returns the formula cells without a cached value ("C5") of the
// rows returned so far; the map is filled as rows are read.
func (r *Rows) Formulas() map[string]bool { return r.formulas }

// Beyond returns the first cell with a value right of MaxReadCols (not
// read), or "". Call it after Close.
func (r *Rows) Beyond() string { return r.seenBeyond }
