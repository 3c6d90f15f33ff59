package sheets

import (
	"strconv"
	"strings"
	"time"

	"appraise/calc"
	"appraise/sheets/xlsx"
)

// punchLog holds the month's clock punches until the days are built, in 16
// bytes a punch: the identity and the cell are indexes into small tables,
// and a calc.Loc is built only for a day or a problem. A month of a large
// department has a million punches.
type punchLog struct {
	ps []cpunch
	// whos holds the first identity read for each identity key (工号,
	// attendance id and name); the resolver sees that one, as it reported
	// its problems at the first punch of a key.
	whos  []ident
	keys  map[string]int32
	names map[string]string // name → nameKey(name)
	srcs  []punchSrc
	srcIx map[punchSrc]int32
	key   []byte // scratch
	// the last key and source looked up: a clock export lists a person's
	// punches one after another
	lastOK                    bool
	lastID, lastAlt, lastName string
	lastWho                   int32
	lastSrc                   punchSrc
	lastSrcIx                 int32
}

// cpunch is one punch.
type cpunch struct {
	who int32 // index in punchLog.whos
	min int32 // minutes from the month's first day, 00:00 UTC
	row int32 // 1-based row or line number
	src int32 // index in punchLog.srcs
}

// punchSrc is where punches were read: a file, a sheet and a 0-based
// column; col -1 gives the row ("第7行") as the cell.
type punchSrc struct {
	file, sheet string
	col         int32
}

// who returns the index of an identity by its key parts; mk builds the
// identity when the key is new.
func (pl *punchLog) who(id, alt, name string, mk func() ident) int32 {
	if pl.lastOK && id == pl.lastID && alt == pl.lastAlt && name == pl.lastName {
		return pl.lastWho
	}
	i := pl.lookup(id, alt, name, mk)
	pl.lastOK, pl.lastID, pl.lastAlt, pl.lastName, pl.lastWho = true, id, alt, name, i
	return i
}

// forgetCells drops what the punch reader keeps of the last row's cells:
// a CSV's cells are parts of its whole text, which they would keep in
// memory after the file is read.
func (st *shapeState) forgetCells() {
	st.punchCols = punchCols{}
	pl := &st.punches
	pl.lastOK, pl.lastID, pl.lastAlt, pl.lastName = false, "", "", ""
}

// sizeMaps makes the identity tables, if not made yet, with room for n
// identities (a CSV part's), instead of growing them one by one.
func (pl *punchLog) sizeMaps(n int) {
	if pl.keys == nil {
		pl.keys = make(map[string]int32, n)
	}
	if pl.names == nil {
		pl.names = make(map[string]string, n)
	}
}

func (pl *punchLog) lookup(id, alt, name string, mk func() ident) int32 {
	nk, ok := pl.names[name]
	if !ok {
		nk = nameKey(name)
		if pl.names == nil {
			pl.names = map[string]string{}
		}
		nk = strings.Clone(nk)
		pl.names[strings.Clone(name)] = nk
	}
	pl.key = append(pl.key[:0], id...)
	pl.key = append(pl.key, 0)
	pl.key = append(pl.key, alt...)
	pl.key = append(pl.key, 0)
	pl.key = append(pl.key, nk...)
	if i, ok := pl.keys[string(pl.key)]; ok {
		return i
	}
	if pl.keys == nil {
		pl.keys = map[string]int32{}
	}
	i := int32(len(pl.whos))
	pl.whos = append(pl.whos, mk())
	pl.keys[string(pl.key)] = i
	return i
}

// addPunch appends a punch of identity who at the given time, read at column
// col (-1: the row) of row of file and sheet.
func (ld *loader) addPunch(who int32, at time.Time, file, sheet string, col, row int) {
	ld.addPunchMin(who, int32(at.Sub(ld.monthStart())/time.Minute), file, sheet, col, row)
}

// addPunchMin is addPunch with the time in minutes from the month's first
// midnight.
func (ld *loader) addPunchMin(who, min int32, file, sheet string, col, row int) {
	pl := &ld.shapes.punches
	s := punchSrc{file, sheet, int32(col)}
	si := pl.lastSrcIx
	if len(pl.srcs) == 0 || s != pl.lastSrc {
		var ok bool
		si, ok = pl.srcIx[s]
		if !ok {
			if pl.srcIx == nil {
				pl.srcIx = map[punchSrc]int32{}
			}
			si = int32(len(pl.srcs))
			pl.srcs = append(pl.srcs, s)
			pl.srcIx[s] = si
		}
		pl.lastSrc, pl.lastSrcIx = s, si
	}
	pl.ps = append(pl.ps, cpunch{who: who, min: min, row: int32(row), src: si})
}

// monthStart is the month's first day, 00:00 UTC.
func (ld *loader) monthStart() time.Time {
	return time.Date(ld.year, ld.month, 1, 0, 0, 0, 0, time.UTC)
}

// appendCell appends the name of the cell a punch was read from ("D7", or
// "第7行" for a source without a column) to b.
func (pl *punchLog) appendCell(b []byte, p cpunch) []byte {
	s := pl.srcs[p.src]
	if s.col < 0 {
		return append(strconv.AppendInt(append(b, "第"...), int64(p.row), 10), "行"...)
	}
	return xlsx.AppendCellName(b, int(s.col), int(p.row))
}

// locsOf sets the places of the days sc.refs names to their punches'
// cells, with one string for all their cells (a month of punches
// has a place for nearly every one of its days, a string each otherwise).
func (pl *punchLog) locsOf(days []calc.Day, sc *dayScratch) {
	if len(sc.refs) == 0 {
		return
	}
	buf, ends := sc.cellBuf[:0], sc.cellEnds[:0]
	for _, r := range sc.refs {
		buf = pl.appendCell(buf, r.p)
		ends = append(ends, len(buf))
	}
	sc.cellBuf, sc.cellEnds = buf, ends
	cells := string(buf)
	from := 0
	for k, r := range sc.refs {
		s := pl.srcs[r.p.src]
		days[r.day].Loc = calc.Loc{File: s.file, Sheet: s.sheet, Cell: cells[from:ends[k]]}
		from = ends[k]
	}
}

// dayPunch is a day (its index in a person's days) placed at a punch.
type dayPunch struct {
	day int
	p   cpunch
}

// byPerson groups the punches by person, keeping their order: person
// gives each identity's person index (-1: not resolved), n is the number
// of persons. The log's own slice is released.
func (pl *punchLog) byPerson(person []int32, n int) [][]cpunch {
	count := make([]int, n+1)
	for _, p := range pl.ps {
		if k := person[p.who]; k >= 0 {
			count[k+1]++
		}
	}
	for k := 1; k <= n; k++ {
		count[k] += count[k-1]
	}
	all := make([]cpunch, count[n])
	next := append([]int(nil), count[:n]...)
	for _, p := range pl.ps {
		if k := person[p.who]; k >= 0 {
			all[next[k]] = p
			next[k]++
		}
	}
	pl.ps = nil
	out := make([][]cpunch, n)
	for k := range out {
		out[k] = all[count[k]:count[k+1]:count[k+1]]
	}
	return out
}
