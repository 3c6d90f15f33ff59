package sheets

import (
	"bytes"
	"slices"
	"strings"
	"sync/atomic"
)

// Reading a large punch CSV on two cores. readCSV cuts the file at two
// line ends (csvCuts), where records are known to begin: a head holding
// the header, and two parts of the rest, and decodes the three at once.
// The loader reads the head as any sheet; once its header shows a punch
// log, a goroutine for each part reads its rows (csvTail.start) as
// readSheet and fastPunchRow would: the row's fingerprint, its time and
// identity, whether it is blank or outside the month. When the loader has
// read the head, it takes the parts' rows over in order (csvTail.finish):
// each identity is looked up at its first row, every punch and fingerprint
// is appended, and the loader's own state ends as reading the rows itself
// would leave it. Any row the common path does not read (a problem, a
// totals row, an over-long cell …) stops its part's goroutine there; the
// loader reads on from that row itself, as usual, to the part's end, then
// takes the next part over. So problems, their order and the month are
// those of reading the file in one goroutine (TestPunchCSVHalves).

// csvHalvesMin is the size of the smallest CSV read in parts.
var csvHalvesMin = 1 << 20

// csvTailSeen, when set (by tests), is told how many rows of a part its
// goroutine read and where it stopped.
var csvTailSeen func(rows, restRow int)

// csvCuts returns where the CSV data is cut (the start of each part after
// the head), nil for no cut: the head ends after csvHeadLines non-empty
// lines, the first part at a line end halfway through the rest. Only data
// without a quote before the last cut is cut, so that every record there
// is one line and each part begins with a record; the head holds the
// first lines header detection and the delimiter guess read. A byte below
// 0x30 is never part of a GB18030 or UTF-8 multi-byte character, so the
// cuts are line ends of the decoded text too. UTF-16 files are not cut.
func csvCuts(data []byte) []int {
	n := len(data)
	if n < csvHalvesMin || n < 2 || data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF {
		return nil
	}
	head, lines := 0, 0
	for lines < csvHeadLines {
		e := indexByteFrom(data, head, '\n')
		if e < 0 {
			return nil
		}
		if l := e - head; l > 1 || l == 1 && data[head] != '\r' {
			lines++
		}
		head = e + 1
	}
	i := indexByteFrom(data, head+(n-head)/2, '\n')
	if head >= n || i < 0 || i+1 >= n || bytes.IndexByte(data[:i+1], '"') >= 0 {
		return nil
	}
	return []int{head, i + 1}
}

// csvHeadLines is more than the lines readSheet reads for the header
// (headerBufRows) and csvDelimiter looks at (10).
const csvHeadLines = headerBufRows + 16

// indexByteFrom is the index of the first c in b from from on, -1 if none.
func indexByteFrom(b []byte, from int, c byte) int {
	if from >= len(b) {
		return -1
	}
	if i := bytes.IndexByte(b[from:], c); i >= 0 {
		return from + i
	}
	return -1
}

// csvTailRow is one row of a part read ahead.
type csvTailRow struct {
	fp  uint64 // rowSeen's fingerprint
	id  string // rowSeen's 工号
	at  int32  // punch: minutes from the month's first midnight
	who int32  // punch: index in csvPart.whos; tailBlank, tailOutside
}

const (
	tailBlank   = -1 // a blank row: skipped
	tailOutside = -2 // a punch outside the month and its edges
)

// tailWho is an identity of a part, by the key parts fastPunchRow
// gives, with the first row it appears in: the loader looks it up there.
type tailWho struct {
	id, alt, name    string
	altCol, altField string
	row              int // 1-based among the part's records
	cells            []string
	global           int32 // the loader's identity (takeOver)
	known            bool
}

// csvPart is a part of a CSV after its head and its reading on a
// goroutine.
type csvPart struct {
	text    string
	comma   rune
	claimed bool // start began the goroutine: src.next leaves it to finish
	stop    atomic.Bool
	done    chan struct{}

	// the goroutine's results, read after done
	rows []csvTailRow
	whos []tailWho
	// rest is where the goroutine stopped: the offset in text of the
	// record it did not read (len(text): none left) and its number
	rest    int
	restRow int
}

// csvTail is the parts of a CSV after its head, in order.
type csvTail struct {
	parts []*csvPart
	next  int // the part to take over next
	// n is readCSV's count of records; more makes src.next go on with the
	// records of a text
	n    *int
	more func(text string)
	// ahead is the parts started ahead (csvAhead) with aheadKey, until
	// start takes or stops them
	ahead    []*csvPart
	aheadKey csvPartKey
}

// unclaimed returns the text of the next part when no goroutine reads it:
// src.next reads it itself.
func (t *csvTail) unclaimed() (string, bool) {
	if t == nil || t.next >= len(t.parts) || t.parts[t.next].claimed {
		return "", false
	}
	t.next++
	return t.parts[t.next-1].text, true
}

// start begins reading the rows of every part on a goroutine of its own,
// when the sheet is a punch log read as readSheet reads one (no merged
// cells) and no part has been read yet. Parts started ahead (csvAhead) are
// taken when they were started with the same parameters, else stopped.
func (t *csvTail) start(ld *loader, src *sheetSrc, h *header, rec *sheetRec) {
	ahead := t.takeAhead()
	if t == nil || t.next > 0 || len(t.parts) == 0 || t.parts[0].claimed || h.kind != Punches || len(src.merges) > 0 || len(src.formulas) > 0 || ld.insp != nil {
		haltAll(ahead)
		return
	}
	if src == ld.shapes.csvSrc {
		// the fingerprints of every row at once: growing step by step
		// copies them
		rec.rows = slices.Grow(rec.rows, ld.shapes.csvRows)
	}
	key := csvPartKeyOf(h, rec.kind, t.parts[0].comma, ld.year, ld.month)
	if len(ahead) == len(t.parts) && key == t.aheadKey {
		t.parts = ahead
		ld.csvAheadUsed++
		return
	}
	haltAll(ahead)
	for _, p := range t.parts {
		p.launch(key)
	}
}

// takeAhead returns the parts started ahead, no longer the tail's.
func (t *csvTail) takeAhead() []*csvPart {
	if t == nil {
		return nil
	}
	a := t.ahead
	t.ahead = nil
	return a
}

// launch begins reading the part's rows on a goroutine with key's
// parameters.
func (p *csvPart) launch(key csvPartKey) {
	p.claimed = true
	p.done = make(chan struct{})
	go func() {
		defer close(p.done)
		defer func() {
			if r := recover(); r != nil {
				// the loader reads the whole part itself
				p.rows, p.whos, p.rest, p.restRow = nil, nil, 0, 1
			}
		}()
		p.read(key)
	}()
}

// halt stops the part's goroutine, if any, and waits for it.
func (p *csvPart) halt() {
	if p.done != nil {
		p.stop.Store(true)
		<-p.done
	}
}

func haltAll(parts []*csvPart) {
	for _, p := range parts {
		p.halt()
	}
}

// read reads the rows of the part (the goroutine of launch).
func (t *csvPart) read(pk csvPartKey) {
	probe := &loader{year: pk.year, month: pk.month} // stampMinutes reads the month only
	pc := punchCols{id: pk.id, name: pk.name, enrol: pk.enrol, user: pk.user, stamp: pk.stamp}
	idCol, withID := pk.id, pk.withID // the 工号 column
	sp := newCSVSplit(t.text, t.comma)
	sp.reuse = true // a row's cells are not kept: the identities' are copied
	t.rows = make([]csvTailRow, 0, min(strings.Count(t.text, "\n")+1, len(t.text)/20+1))
	index := map[string]int32{}
	var key []byte
	var lastRaw [4]string
	last := int32(-1)
	lo, hi := -1440, (probe.monthDays()+1)*1440 // punchWindow
	cell := func(cells []string, i int) string {
		if i < 0 || i >= len(cells) {
			return ""
		}
		return cells[i]
	}
	for n := 1; ; n++ {
		at := sp.pos
		rec, ok := sp.next()
		if !ok {
			t.rest, t.restRow = len(t.text), n
			return
		}
		stop := n&1023 == 0 && t.stop.Load()
		for _, f := range rec {
			if len(f) > maxCellText {
				stop = true // boundFields reports it
			}
		}
		cells := trimEmpty(rec)
		if !stop && isBlankRow(cells) {
			t.rows = append(t.rows, csvTailRow{who: tailBlank})
			continue
		}
		var m int
		if !stop {
			m, ok = probe.stampMinutes(trimSpace(cell(cells, pc.stamp)))
			stop = !ok || isTotalsRow(cells)
		}
		raw := [4]string{cell(cells, pc.id), cell(cells, pc.name), cell(cells, pc.enrol), cell(cells, pc.user)}
		outside := m < lo || m >= hi
		who := last
		if !stop && (last < 0 || raw != lastRaw) {
			id, name, alt, altCol, altField := punchIdentity(raw)
			switch {
			case id == "" && name == "" && alt == "":
				stop = true // readPunchRow's general path
			case !outside:
				// an identity is looked up at its first punch in the month
				key = append(append(append(append(append(key[:0], id...), 0), alt...), 0), name...)
				k, ok := index[string(key)]
				if !ok {
					k = int32(len(t.whos))
					index[string(key)] = k
					t.whos = append(t.whos, tailWho{id: id, alt: alt, name: name, altCol: altCol, altField: altField, row: n, cells: slices.Clone(cells)}) // not the splitter's slab
				}
				who, last, lastRaw = k, k, raw
			}
		}
		if stop {
			t.rest, t.restRow = at, n
			return
		}
		r := csvTailRow{at: int32(m), who: who}
		if outside {
			r.who = tailOutside
		}
		r.fp = rowFingerprint(cells)
		if withID && idCol >= 0 && idCol < len(cells) {
			r.id = NormalizeID(cells[idCol])
		}
		t.rows = append(t.rows, r)
	}
}

// finish takes the rows of the next parts read ahead over, as readSheet's
// process would have read them, rowNo counting; it returns true when rows
// are left for src.next (a goroutine stopped before its part's end, or
// none read the part), having set it to go on from there.
func (t *csvTail) finish(ld *loader, src *sheetSrc, h *header, rec *sheetRec, rowNo *int) bool {
	for t != nil && t.next < len(t.parts) {
		p := t.parts[t.next]
		t.next++
		if !p.claimed {
			t.more(p.text)
			return true
		}
		<-p.done
		if csvTailSeen != nil {
			csvTailSeen(len(p.rows), p.restRow)
		}
		p.takeOver(ld, src, h, rec, rowNo)
		*t.n = *rowNo
		rest := p.rest
		p.rows, p.whos = nil, nil
		if rest < len(p.text) {
			t.more(p.text[rest:])
			return true
		}
	}
	return false
}

// takeOver appends the part's rows read ahead.
func (t *csvPart) takeOver(ld *loader, src *sheetSrc, h *header, rec *sheetRec, rowNo *int) {
	base := *rowNo
	pl := &ld.shapes.punches
	if len(t.rows) > 0 {
		pl.ps = slices.Grow(pl.ps, len(t.rows))
		pl.whos = slices.Grow(pl.whos, len(t.whos)) // at most these are new
		pl.sizeMaps(len(t.whos))
	}
	idCol, hasID := h.cols["工号"]
	pc := ld.punchColsOf(h)
	for k, r := range t.rows {
		*rowNo = base + k + 1
		ld.progressRow(src, *rowNo)
		if *rowNo == reserveAfter {
			ld.reserveRows(h.kind, src, rec, *rowNo)
		}
		if r.who == tailBlank {
			continue
		}
		if hasID {
			rec.idCol = idCol
		}
		rec.addRow(r.fp, *rowNo, r.id)
		ld.shapes.punchFiles = true
		if r.who == tailOutside {
			ld.outsidePunch(src.loc(""))
			continue
		}
		w := &t.whos[r.who]
		if !w.known {
			c := &rowCtx{ld: ld, src: src, h: h, num: base + w.row, cells: w.cells}
			w.global, w.known = pl.who(w.id, w.alt, w.name, punchIdent(c, w.alt, w.altCol, w.altField)), true
		}
		ld.addPunchMin(w.global, r.at, src.file, src.sheet, pc.stamp, *rowNo)
	}
	*rowNo = base + len(t.rows)
}

// halt stops the goroutines, if any, and waits for them.
func (t *csvTail) halt() {
	if t == nil {
		return
	}
	haltAll(t.parts)
	haltAll(t.takeAhead())
}
