package calc

import (
	"fmt"
	"maps"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
)

// Appraise on several cores (issue 18). The costly phases work per person:
// attendance, the QA rows, the exams, the totals, the flags. Such a phase
// runs on shards, each a copy of the state that handles one contiguous range
// of the rows; the problems, events and findings a shard makes go to its own
// buffers, each tagged with the index of the record (or row) that made them,
// and are merged by that index, so they come out in exactly the order one
// goroutine makes them. What a shard writes in place belongs to its rows
// alone (a row's notes, flags, statistics, accumulators, per-month marks).

// minShardRows is the fewest rows for which a phase is split: below it the
// goroutines cost more than they save.
const minShardRows = 1024

// mark ends the output a shard made for the record tag: its problems,
// items and findings up to these lengths.
type mark struct{ tag, ps, items, findings int }

// missMark is a 规则表缺少 problem a shard made at position pos of its
// problems: kept only if no earlier record reported the code.
type missMark struct {
	pos  int
	code string
}

// workers is the number of goroutines Appraise uses: two at most (the
// phases split well in two, and the machines it runs on have few cores),
// or splitWorkers when set (tests).
func workers() int {
	if splitWorkers > 0 {
		return splitWorkers
	}
	return min(runtime.GOMAXPROCS(0), 2)
}

// splitWorkers, when positive, overrides the number of goroutines (tests).
var splitWorkers int

// piecesPerWorker is how many pieces of the rows each goroutine has on
// average: the goroutines take the pieces one by one, so that one slowed
// down (a busy machine) leaves more of them to the others instead of
// keeping everyone waiting.
const piecesPerWorker = 8

// nparts returns how many pieces (shards) a phase uses.
func (s *state) nparts() int {
	if s.workers < 2 || len(s.rows) < s.minSplit || len(s.rows) < 2 {
		return 1
	}
	return min(s.workers*piecesPerWorker, len(s.rows))
}

// bound returns the first row of shard j of k.
func bound(rows, j, k int) int { return rows * j / k }

// byRows runs body(sh, row) for every row on the shard sh holding it, and
// merges what the shards made; with one shard body runs on s itself. It
// returns the shards (s alone with one).
func (s *state) byRows(body func(sh *state, row int)) []*state {
	return s.shards(len(s.rows), nil, body)
}

// byRecords runs body(sh, i) for every record i of some input, whose row
// is rows[i] (rowsOf: −1 when not appraised), on the shard holding the row
// (shard 0 for −1), in the order of the records, and merges what the
// shards made; with one shard body runs on s itself. It returns the shards.
func (s *state) byRecords(rows []int32, body func(sh *state, i int)) []*state {
	return s.shards(len(rows), rows, body)
}

// shards is byRows (rows nil) and byRecords.
func (s *state) shards(n int, rows []int32, body func(sh *state, i int)) []*state {
	k := s.nparts()
	if k == 1 {
		for i := range n {
			body(s, i)
		}
		return []*state{s}
	}
	shs := make([]*state, k)
	for j := range k {
		c := *s
		c.shard, c.sharded = j, true
		c.lo, c.hi = bound(len(s.rows), j, k), bound(len(s.rows), j+1, k)
		c.ps, c.items, c.findings, c.marks, c.missAt = nil, nil, nil, nil, nil
		c.out = chunks{}
		if j < len(s.spare) {
			c.out.spare = s.spare[j]
		}
		c.missing = maps.Clone(s.missing)
		shs[j] = &c
	}
	var lists [][]int32 // shard → its records, in order
	if rows != nil {
		lists = s.bucket(rows, k)
	}
	s.each(k, func(j int) {
		if lists != nil {
			shs[j].walk(lists[j], 0, 0, body)
		} else {
			shs[j].walk(nil, shs[j].lo, shs[j].hi, body)
		}
	})
	s.merge(shs)
	s.spare = make([][][]item, k)
	for j, sh := range shs {
		s.spare[j] = sh.out.free()
	}
	return shs
}

// bucket returns the indexes of the records of each of k shards, in
// order: a record of row r goes to the shard holding r, one not appraised
// (−1) to shard 0.
func (s *state) bucket(rows []int32, k int) [][]int32 {
	if len(s.pieceOf) != len(s.rows) || s.pieces != k {
		s.pieceOf, s.pieces = make([]int32, len(s.rows)), k
		for j := range k {
			for r := bound(len(s.rows), j, k); r < bound(len(s.rows), j+1, k); r++ {
				s.pieceOf[r] = int32(j)
			}
		}
	}
	start := make([]int, k+1)
	for _, r := range rows {
		j := int32(0)
		if r >= 0 {
			j = s.pieceOf[r]
		}
		start[j+1]++
	}
	for j := range k {
		start[j+1] += start[j]
	}
	all := make([]int32, len(rows))
	next := slices.Clone(start[:k])
	for i, r := range rows {
		j := int32(0)
		if r >= 0 {
			j = s.pieceOf[r]
		}
		all[next[j]] = int32(i)
		next[j]++
	}
	lists := make([][]int32, k)
	for j := range k {
		lists[j] = all[start[j]:start[j+1]:start[j+1]]
	}
	return lists
}

// each runs f(0) … f(k−1) on s.workers goroutines (the caller's among
// them), each taking the next j until none is left.
func (s *state) each(k int, f func(j int)) {
	var next atomic.Int32
	parallel(min(s.workers, k), func(int) {
		for {
			j := int(next.Add(1)) - 1
			if j >= k {
				return
			}
			f(j)
		}
	})
}

// parallel runs f(0) … f(k−1), each on its own goroutine but the first
// on the caller's, and returns when all are done; a panic in one is raised
// again on the caller's goroutine (Appraise's recoverInto reports it).
func parallel(k int, f func(j int)) {
	if k == 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	panics := make([]any, k)
	run := func(j int) {
		defer func() {
			if p := recover(); p != nil {
				if _, ok := p.(goPanic); !ok {
					p = goPanic{v: p, stack: debug.Stack()}
				}
				panics[j] = p
			}
		}()
		f(j)
	}
	for j := 1; j < k; j++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(j)
		}()
	}
	run(0)
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
}

// goPanic is a panic raised again on the caller's goroutine, with the
// stack of the goroutine where it happened.
type goPanic struct {
	v     any
	stack []byte
}

func (p goPanic) String() string { return fmt.Sprint(p.v) }

// rowsOf returns the row of the 工号 of each of n records (id(i)), −1 for
// one not appraised, looked up in parts on the shards' goroutines.
func (s *state) rowsOf(n int, id func(i int) string) []int32 {
	out := make([]int32, n)
	k := s.nparts()
	s.each(k, func(j int) {
		lastID, last := "", int32(-1)
		for i := n * j / k; i < n*(j+1)/k; i++ {
			if x := id(i); i == n*j/k || x != lastID {
				lastID, last = x, -1
				if r, ok := s.idx[x]; ok {
					last = int32(r)
				}
			}
			out[i] = last
		}
	})
	return out
}

// rowAt is row for a record whose row rowsOf found (r): the row when it
// is one of the shard's, −2 when it is another shard's; an unknown 工号 is
// reported (row) by shard 0 alone, −1 in the others.
func (s *state) rowAt(r int32, id string, loc Loc, what string, lvl Level) int {
	if r >= 0 {
		if int(r) >= s.lo && int(r) < s.hi {
			return int(r)
		}
		return -2
	}
	if s.shard != 0 {
		return -1
	}
	return s.row(id, loc, what, lvl)
}

// walk runs body on the records of shard s (list), or on the rows from
// lo to hi, and marks its output.
func (s *state) walk(list []int32, lo, hi int, body func(sh *state, i int)) {
	last := mark{}
	step := func(i int) {
		body(s, i)
		if len(s.ps) != last.ps || s.out.n != last.items || len(s.findings) != last.findings {
			last = mark{tag: i, ps: len(s.ps), items: s.out.n, findings: len(s.findings)}
			s.marks = append(s.marks, last)
		}
	}
	if list != nil {
		for _, i := range list {
			step(int(i))
		}
		return
	}
	for i := lo; i < hi; i++ {
		step(i)
	}
}

// merge appends the output of the shards to s in the order of the tags.
func (s *state) merge(shs []*state) {
	head := make([]int, len(shs))
	done := make([]mark, len(shs)) // output of each shard already taken
	miss := make([]int, len(shs))  // next missMark of each shard
	for {
		j := -1
		for k, sh := range shs {
			if head[k] < len(sh.marks) && (j < 0 || sh.marks[head[k]].tag < shs[j].marks[head[j]].tag) {
				j = k
			}
		}
		if j < 0 {
			break
		}
		sh, m, from := shs[j], shs[j].marks[head[j]], done[j]
		head[j]++
		for p := from.ps; p < m.ps; p++ {
			if mm := sh.missAt; miss[j] < len(mm) && mm[miss[j]].pos == p {
				miss[j]++
				if s.missing[mm[miss[j]-1].code] {
					continue
				}
				s.missing[mm[miss[j]-1].code] = true
			}
			s.ps = append(s.ps, sh.ps[p])
		}
		for range m.items - from.items {
			it := sh.out.next()
			it.seq = len(s.items) + len(s.revoked)
			s.items = append(s.items, it)
			if it.Rule.Category == Dismissal {
				s.xs[it.row] = append(s.xs[it.row], it)
			}
		}
		s.findings = append(s.findings, sh.findings[from.findings:m.findings]...)
		done[j] = m
	}
	// only shard 0 reports unknown 工号s, so only it can have said there is
	// no roster
	s.noRoster = s.noRoster || shs[0].noRoster
}

// chunks holds a shard's items in blocks that are never copied to grow;
// the blocks of one phase serve the next (spare).
type chunks struct {
	blocks [][]item
	spare  [][]item // empty blocks to use first
	n      int      // items added
	bi, at int      // the next item to take: block, index
}

func (c *chunks) add(it item) {
	if k := len(c.blocks); k == 0 || len(c.blocks[k-1]) == cap(c.blocks[k-1]) {
		if len(c.spare) > 0 {
			c.blocks = append(c.blocks, c.spare[0])
			c.spare = c.spare[1:]
		} else {
			size := 64
			if k > 0 {
				size = min(2*cap(c.blocks[k-1]), 2048)
			}
			c.blocks = append(c.blocks, make([]item, 0, size))
		}
	}
	b := &c.blocks[len(c.blocks)-1]
	*b = append(*b, it)
	c.n++
}

// next returns the items in the order they were added.
func (c *chunks) next() item {
	for c.at == len(c.blocks[c.bi]) {
		c.bi, c.at = c.bi+1, 0
	}
	c.at++
	return c.blocks[c.bi][c.at-1]
}

// free returns the blocks, emptied, with the spare ones left.
func (c *chunks) free() [][]item {
	out := c.spare
	for _, b := range c.blocks {
		out = append(out, b[:0])
	}
	return out
}
