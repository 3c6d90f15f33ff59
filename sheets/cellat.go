package sheets

import (
	"fmt"
	"slices"

	"appraise/calc"
)

// cellAt is a calc.Loc kept small while a row waits for the roster (a
// month of attendance holds 300,000 of them): the file and sheet are shared
// by every row of the sheet, the cell is a row and column number, and the
// text ("C7", "第7行") is built only when a problem needs it.
type cellAt struct {
	// at holds the sheet's File and Sheet; with col == posFull the whole
	// location. nil: no location (the zero calc.Loc).
	at  *calc.Loc
	row int32
	col int32 // 0-based column, or posRow / posFull
}

const (
	posRow  = -1 // the row as a whole: 第N行
	posFull = -2 // at is the location itself
)

// fullPos keeps any location as it is.
func fullPos(l calc.Loc) cellAt {
	if l == (calc.Loc{}) {
		return cellAt{}
	}
	return cellAt{at: &l, col: posFull}
}

// loc is the location the position names.
func (p cellAt) loc() calc.Loc {
	switch {
	case p.at == nil:
		return calc.Loc{}
	case p.col == posFull:
		return *p.at
	}
	l := calc.Loc{File: p.at.File, Sheet: p.at.Sheet}
	if p.col == posRow {
		l.Cell = fmt.Sprintf("第%d行", p.row)
	} else {
		l.Cell = cellName(int(p.col), int(p.row))
	}
	return l
}

// sheetOf is the position's file and sheet (no cell).
func (p cellAt) sheetOf() calc.Loc {
	if p.at == nil {
		return calc.Loc{}
	}
	return calc.Loc{File: p.at.File, Sheet: p.at.Sheet}
}

// base is the sheet's location without a cell, allocated once per sheet and
// shared by the positions of its rows.
func (s *sheetSrc) base() *calc.Loc {
	if s.at == nil {
		s.at = &calc.Loc{File: s.file, Sheet: s.sheet}
	}
	return s.at
}

// rowPos is the position of the whole row (第N行).
func (c *rowCtx) rowPos() cellAt {
	return cellAt{at: c.src.base(), row: int32(c.num), col: posRow}
}

// pos is the position of a column's cell in this row, or of the row when
// the sheet has no such column (as ref).
func (c *rowCtx) pos(col string) cellAt {
	i, ok := c.h.cols[col]
	if !ok {
		return c.rowPos()
	}
	return c.colPos(i)
}

// colPos is the position of the 0-based column i in this row.
func (c *rowCtx) colPos(i int) cellAt {
	return cellAt{at: c.src.base(), row: int32(c.num), col: int32(i)}
}

// pendingDays are the attendance days waiting for the roster: the days and
// their rows' identities side by side, so that finish resolves the days in
// place (the month's days reuse the array rather than a second copy of
// 300,000 days beside the first).
type pendingDays struct {
	recs []calc.Day
	who  []ident
}

func (p *pendingDays) add(d calc.Day, w ident) {
	p.recs = append(p.recs, d)
	p.who = append(p.who, w)
}

// grow makes room for n more days (reserveRows).
func (p *pendingDays) grow(n int) {
	p.recs = slices.Grow(p.recs, n)
	p.who = slices.Grow(p.who, n)
}

// drop leaves out the days of the rows whose sheet in reports.
func (p *pendingDays) drop(in func(calc.Loc) bool) {
	n := 0
	for i := range p.recs {
		if in(p.who[i].rowLoc.sheetOf()) {
			continue
		}
		p.recs[n], p.who[n] = p.recs[i], p.who[i]
		n++
	}
	clear(p.recs[n:])
	clear(p.who[n:])
	p.recs, p.who = p.recs[:n], p.who[:n]
}

// resolve keeps the days whose identity resolves, with the 工号 set, in
// the same array, and forgets the pending rows.
func (p *pendingDays) resolve(res func(ident) (string, bool)) []calc.Day {
	out := p.recs[:0]
	for i := range p.recs {
		id, ok := res(p.who[i])
		if !ok {
			continue
		}
		d := p.recs[i]
		d.ID = id
		out = append(out, d)
	}
	clear(p.recs[len(out):])
	*p = pendingDays{}
	return out
}
