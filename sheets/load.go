package sheets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"appraise/calc"
)

// Input is one input file read: base name, SHA-256 (hex) of its bytes, size.
type Input struct {
	Name   string
	SHA256 string
	Size   int64
	Kinds  []string // the 输入清单 types its sheets provide (花名册, 考勤, …)
}

// Loaded is what Load read from a month folder.
type Loaded struct {
	Month  calc.Month
	Inputs []Input // sorted by name
	// Problems holds every problem found, all files, in one pass; also Info
	// lines naming each sheet read and its detected kind, and each sheet
	// ignored with the reason.
	Problems []calc.Problem
	// Kinds are the 输入清单 types found (D19).
	Kinds map[string]bool
	// Unattributed are the errors of rows that name nobody (an unknown
	// 工号, an unmatched name): --force refuses while one remains (D28).
	Unattributed []calc.Problem
	// Internal are the panics recovered while reading (each also an 错误
	// in Problems with a short text), with their stacks for the log.
	Internal []*InternalError
}

// LoadOptions are the options of Load.
type LoadOptions struct {
	Password string // for encrypted workbooks (--password-env)
	// Progress, if set, is called as each file starts (done files of
	// total, what = the file's name), every 50,000 rows of a long sheet,
	// and once with done == total when everything is read.
	Progress func(done, total int, what string)
}

// maxFileSize is the largest input file read (bytes).
const maxFileSize = 256 << 20

// Load reads every .xlsx/.xlsm/.csv file in dir (not recursing), classifies
// each sheet by its header row, parses the rows into calc types for the given
// month and checks identities. It returns an error only when dir itself
// cannot be read; everything else is a Problem. Rows with an error are left
// out of the month (the error blocks the payroll anyway); rows dated outside
// the month are left out with a warning.
func Load(dir string, r *calc.Rules, year int, month time.Month, opt LoadOptions) (*Loaded, error) {
	l, _, err := load(dir, r, year, month, opt)
	return l, err
}

// load is Load, returning its loader too (for tests).
func load(dir string, r *calc.Rules, year int, month time.Month, opt LoadOptions) (*Loaded, *loader, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	if r == nil {
		r = &calc.Rules{}
	}
	ld := newLoader(r, year, month, opt)
	names := make([]string, 0, len(ents))
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 {
			if st, err := os.Stat(filepath.Join(dir, e.Name())); err == nil && st.IsDir() {
				ld.add(calc.Info, calc.Loc{File: e.Name()}, "", "已忽略：指向文件夹的链接（不读取子文件夹）", "")
				continue
			}
		}
		names = append(names, e.Name())
	}
	slices.Sort(names)
	ld.loadFiles(dir, names)
	ld.checkCopies()
	ld.finish()
	ld.checkRequired()
	ld.checkCoverage()
	ld.progressFile(len(names), len(names), "")
	ld.flushCapped()
	kinds := ld.fileKinds()
	for i := range ld.inputs {
		ld.inputs[i].Kinds = kinds[ld.inputs[i].Name]
	}
	return &Loaded{Month: ld.m, Inputs: ld.inputs, Problems: ld.problems, Kinds: ld.kindsPresent(), Unattributed: ld.unattributed, Internal: ld.internal}, ld, nil
}

// pending is a parsed row waiting for the roster to check its identity.
type pending[T any] struct {
	rec T
	who ident
}

// ident is the identity a row gives: 工号 and 姓名 with their cells.
type ident struct {
	id, name       string
	idLoc, nameLoc cellAt
	rowLoc         cellAt
	// alt is an attendance system's id (考勤号, 钉钉UserId, 企业微信账号)
	// when the row has no 工号; altCol names the roster column it maps to.
	alt, altCol string
	altLoc      cellAt
}

// loader collects everything read from a folder.
type loader struct {
	r        *calc.Rules
	year     int
	month    time.Month
	opt      LoadOptions
	m        calc.Month
	inputs   []Input
	internal []*InternalError // recovered panics, with stacks
	problems []calc.Problem

	rosters int
	// rosterBroken: a roster sheet could not be read, so identities are
	// not checked (every row would be reported as not in the roster).
	rosterBroken bool
	attendances  int
	employees    []calc.Employee
	days         pendingDays
	events       []pending[calc.Event]
	qa           []pending[calc.QARecord]
	qaSlab       []decimal.NullDecimal // QA rows' item scores are cut from it (readQARow)
	exams        []pending[calc.Exam]
	complaints   []pending[calc.Complaint]
	adjustments  []pending[calc.Adjustment]
	workload     []pending[calc.Workload]
	soft         []pending[calc.SoftScore]
	leaves       []pending[calc.Leave]
	swaps        []swapPending
	appeals      []pending[calc.Appeal]
	shapes       shapeState // punches, shift tables and matrices, read at the end
	prog         progressState
	progress     []progressEvent // a child loader's progress reports (load_files.go)
	adopted      int             // files whose child loader's results were taken over
	reread       int             // files read by a child loader and then again by the loader
	cap          problemCap      // bounds repeated problems (guard.go)

	insp *inspection // appraise inspect's hooks (inspect.go); nil in a run
	// prefetch is the largest workbook and its merged ranges read ahead
	// (load_prefetch.go).
	prefetch   *mergePrefetch
	prefetched int // files whose merged ranges were read ahead (for tests)
	// csvAhead is the largest file, a CSV, read ahead (load_csvahead.go)
	csvAhead     *csvAhead
	csvAheadUsed int // CSVs whose parts' readers started ahead were taken (for tests)
	// completeness (inputs.go)
	sheetRecs    []*sheetRec
	ledger       map[calc.Loc]map[string]int // sheet → month → rows skipped (累计台账)
	outside      map[calc.Loc]int            // sheet → rows outside the month (errors)
	unattributed []calc.Problem
}

func newLoader(r *calc.Rules, year int, month time.Month, opt LoadOptions) *loader {
	return &loader{r: r, year: year, month: month, opt: opt, m: calc.Month{Year: year, Month: month}}
}

func (ld *loader) add(level calc.Level, loc calc.Loc, id, msg, hint string) {
	p := calc.Problem{Level: level, Loc: loc, ID: id, Msg: clipText(msg), Hint: hint}
	if ld.cap.admit(p) {
		ld.problems = append(ld.problems, p)
	}
}

// loadFile reads one file of the folder, never panicking.
func (ld *loader) loadFile(dir, name string) {
	loc := calc.Loc{File: name}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case strings.HasPrefix(name, "~$"):
		ld.add(calc.Info, loc, "", "已忽略：Excel 临时锁定文件", "")
		return
	case strings.HasPrefix(name, "."):
		return
	case ext != ".xlsx" && ext != ".xlsm" && ext != ".csv" && ext != ".xls" && !isAttlog(name):
		ld.add(calc.Info, loc, "", "已忽略：不是 .xlsx/.xlsm/.csv 文件", "")
		return
	}
	path := filepath.Join(dir, name)
	st, err := os.Stat(path)
	if err != nil {
		msg, hint := fileProblem(err)
		ld.add(calc.Error, loc, "", msg, hint)
		return
	}
	if !st.Mode().IsRegular() {
		ld.add(calc.Warning, loc, "", "已忽略：不是普通文件（文件夹、管道或设备）", "请把真正的文件放入文件夹")
		return
	}
	if t := systemTarget(path); t != "" {
		ld.add(calc.Warning, loc, "", "已忽略：这是指向系统文件 "+Printable(t)+" 的链接，不是输入文件", "请把真正的文件放入文件夹")
		return
	}
	if st.Size() > maxFileSize {
		ld.add(calc.Error, loc, "", fmt.Sprintf("文件过大（%d 字节）", st.Size()), "输入文件不应超过 256MB")
		return
	}
	data, err := ld.readInput(path, name)
	if err != nil {
		msg, hint := fileProblem(err)
		ld.add(calc.Error, loc, "", msg, hint)
		return
	}
	sum := sha256.Sum256(data)
	ld.inputs = append(ld.inputs, Input{Name: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))})
	defer func() {
		if p := recover(); p != nil {
			ie := Recovered("读取文件时发生内部错误", p)
			ld.internal = append(ld.internal, ie)
			ld.add(calc.Error, loc, "", ie.Msg, "请把此文件另存为新的 .xlsx 后重试，并把问题报告给维护人员")
		}
	}()
	if isAttlog(name) {
		ld.readAttlog(name, data)
		return
	}
	if ext == ".csv" && len(data) > 0 && !bytes.HasPrefix(data, zipMagic) && !bytes.HasPrefix(data, oleMagic) {
		ld.readCSV(name, data)
		return
	}
	ld.readWorkbook(name, data)
}

// sheetSrc is one sheet (or CSV file) being read: where it is, its date
// system, its formula cells without cached values, its merged ranges and a
// row iterator.
type sheetSrc struct {
	file, sheet string
	date1904    bool
	formulas    map[string]bool // "C7" → formula without a cached value
	merges      []mergeRange
	// next returns the next row's cells; the first call returns row 1.
	next func() ([]string, bool, error)
	// rowsHint, if set, estimates the sheet's rows from the rows read so
	// far (0 when unknown); see reserveRows.
	rowsHint func(read int) int
	at       *calc.Loc // File and Sheet, shared by the sheet's cellAt (base)
	// tail, when set, reads the rows of a CSV's parts after its head on
	// goroutines (punch_tail.go); next ends with the head when it does.
	tail *csvTail
}

func (s *sheetSrc) loc(cell string) calc.Loc {
	return calc.Loc{File: s.file, Sheet: s.sheet, Cell: cell}
}

// readSheet classifies a sheet by its header and parses its data rows.
func (ld *loader) readSheet(src *sheetSrc) {
	sheetLoc := calc.Loc{File: src.file, Sheet: src.sheet}
	if ld.insp.dumping() {
		ld.insp.dump(ld, src)
		return
	}
	var buf [][]string
	rowNo := 0
	var readErr error
	for len(buf) < headerBufRows {
		cells, ok, err := src.next()
		if err != nil {
			ld.noteInternal(err)
			readErr = err
			break
		}
		if !ok {
			break
		}
		rowNo++
		buf = append(buf, cells)
	}
	if readErr != nil {
		ld.add(calc.Error, sheetLoc, "", "读取工作表失败："+readErr.Error(), "文件可能已损坏，请用 Excel 打开后另存为 .xlsx")
		return
	}
	head := make([][]string, len(buf))
	for i := range buf {
		head[i] = append([]string(nil), buf[i][:min(len(buf[i]), maxHeaderCols)]...)
	}
	fillMergedHeader(head, src.merges)
	h, reason := detectHeader(head, ld.r)
	ld.insp.sawHeader(src, h, reason, buf)
	if h == nil {
		if isBlankSheet(buf) {
			ld.add(calc.Info, sheetLoc, "", "已忽略：工作表为空", "")
			return
		}
		if k := ld.nearMiss(src, head); k != Unknown {
			ld.countKind(k, true)
			ld.beginSheet(src, k, true)
		}
		return
	}
	hloc := sheetLoc
	hloc.Cell = fmt.Sprintf("第%d行", h.rowNum())
	ld.countKind(h.kind, len(h.missing) > 0)
	if len(h.missing) > 0 {
		ld.beginSheet(src, h.kind, true)
		parts := make([]string, len(h.missing))
		for i, m := range h.missing {
			parts[i] = "「" + m + "」" + aliasText(h.kind, m)
		}
		ld.add(calc.Error, hloc, "", fmt.Sprintf("识别为 %s，但表头（第%d行）缺少必需列：%s；此工作表未读取", h.kind, h.rowNum(), strings.Join(parts, "；")),
			"请按模板补上这些列（列名或其别名之一）")
		return
	}
	rec := ld.beginSheet(src, h.kind, false)
	defer ld.endSheet(rec)
	ld.add(calc.Info, hloc, "", fmt.Sprintf("识别为 %s（表头在第%d行）", h.kind, h.rowNum()), "")
	rd, ms := ld.readerFor(h, src)
	if ms != nil {
		ld.shapes.matrices = append(ld.shapes.matrices, ms)
	}
	if h.kind == QA {
		ld.checkQAHeader(h, src)
	}
	if rd == nil {
		return
	}
	mf := newMergeFiller(src.merges)
	src.tail.start(ld, src, h, rec)
	process := func(num int, cells []string) bool {
		cells = mf.fill(num-1, trimEmpty(cells))
		if num-1 <= h.last {
			return true
		}
		if isBlankRow(cells) {
			return true
		}
		if isTotalsRow(cells) {
			return false
		}
		rec.rowSeen(h, num, cells)
		rd(&rowCtx{ld: ld, src: src, h: h, num: num, cells: cells})
		return true
	}
	for i, cells := range buf {
		if !process(i+1, cells) {
			return
		}
	}
	for {
		cells, ok, err := src.next()
		if err != nil {
			ld.noteInternal(err)
			ld.add(calc.Error, calc.Loc{File: src.file, Sheet: src.sheet, Cell: fmt.Sprintf("第%d行", rowNo+1)}, "",
				"读取工作表失败："+err.Error(), "文件可能已损坏，请用 Excel 打开后另存为 .xlsx")
			return
		}
		if !ok {
			if src.tail.finish(ld, src, h, rec, &rowNo) {
				continue // rows of the CSV's parts left to read here (csvTail.finish)
			}
			return
		}
		rowNo++
		if rowNo > maxSheetRows && src.sheet != "" {
			ld.add(calc.Error, calc.Loc{File: src.file, Sheet: src.sheet}, "", fmt.Sprintf("行号超出 Excel 的上限 %d 行，文件已损坏；其后的内容未读取", maxSheetRows),
				"请用 Excel 打开修复后另存为 .xlsx")
			return
		}
		ld.progressRow(src, rowNo)
		if rowNo == reserveAfter {
			ld.reserveRows(h.kind, src, rec, rowNo)
		}
		if !process(rowNo, cells) {
			return
		}
	}
}

// countKind counts a detected sheet: a roster or attendance sheet for
// finish (a broken roster stops the identity checks), and an optional input
// the month records as given when its sheet is read (not broken).
func (ld *loader) countKind(k Kind, broken bool) {
	switch k {
	case Roster:
		ld.rosters++
		ld.rosterBroken = ld.rosterBroken || broken
	case Attendance, DingTalk, WeCom, Punches, Matrix, DingTalkMonth:
		ld.attendances++
	case Exams:
		ld.m.ExamsGiven = ld.m.ExamsGiven || !broken
	case LeaveLog:
		ld.m.LeaveGiven = ld.m.LeaveGiven || !broken
	case SwapLog:
		ld.m.SwapsGiven = ld.m.SwapsGiven || !broken
	case Complaints:
		ld.m.ComplaintsGiven = ld.m.ComplaintsGiven || !broken
	case Workload:
		ld.m.WorkloadGiven = ld.m.WorkloadGiven || !broken
	}
}

func isBlankSheet(rows [][]string) bool {
	for _, r := range rows {
		if !isBlankRow(r) {
			return false
		}
	}
	return true
}

// mergeFiller carries a vertically merged value (e.g. a 班组 merged over its
// members' rows) down into the first column of the merged range.
type mergeFiller struct {
	byStart map[int][]mergeRange
	active  []mergeRange
	vals    []string
}

func newMergeFiller(ms []mergeRange) *mergeFiller {
	mf := &mergeFiller{byStart: map[int][]mergeRange{}}
	for _, m := range ms {
		if m.r2 > m.r1 {
			mf.byStart[m.r1] = append(mf.byStart[m.r1], m)
		}
	}
	return mf
}

// fill updates the active ranges for 0-based row i and fills its cells.
func (mf *mergeFiller) fill(i int, cells []string) []string {
	if len(mf.byStart) == 0 && len(mf.active) == 0 {
		return cells
	}
	for k := 0; k < len(mf.active); k++ {
		m := mf.active[k]
		if m.r2 < i {
			mf.active = slices.Delete(mf.active, k, k+1)
			mf.vals = slices.Delete(mf.vals, k, k+1)
			k--
			continue
		}
		if m.c1 >= len(cells) && m.c1 < 1<<14 {
			cells = append(cells, make([]string, m.c1+1-len(cells))...)
		}
		if m.c1 < len(cells) && cells[m.c1] == "" {
			cells[m.c1] = mf.vals[k]
		}
	}
	for _, m := range mf.byStart[i] {
		v := ""
		if m.c1 < len(cells) {
			v = cells[m.c1]
		}
		mf.active = append(mf.active, m)
		mf.vals = append(mf.vals, v)
	}
	delete(mf.byStart, i)
	return cells
}
