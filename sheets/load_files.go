package sheets

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"

	"appraise/calc"
)

// Reading the files of a folder on two cores. A month is usually one large
// attendance file and a few small ones; the large one's reading is bound by
// its scanner, which leaves the other core partly idle. So while the loader
// reads the files in their sorted order, a second goroutine reads other
// files (never the largest; see loadFiles) into child loaders of their
// own; when the loader reaches such a file it takes the child's
// results over. Everything a file's reading adds to the loader is the
// file's alone (its rows, sheets, problems …), so the results are the same
// as reading the files one by one: the child's are appended in the same
// place. Where that cannot be shown — a file's problems of a kind already
// counted (the cap on repeated problems), punches (whose identities are
// shared by every file of punches), anything else unexpected — the child is
// dropped and the file is read again by the loader itself.

// fileJob is one file of the folder: who reads it, and a child's results.
type fileJob struct {
	claimed bool          // by the loader or the second reader (under loadFiles.mu)
	done    chan struct{} // closed when the child is read
	child   *loader       // nil when the child's reading panicked
}

// progressEvent is a progress report of a child, replayed in order.
type progressEvent struct {
	done, total int
	what        string
}

// filesAtOnce is whether loadFiles may use a second reader (tests compare
// with one).
var filesAtOnce = true

// loadFiles reads the named files of dir in order, as loadFile does.
func (ld *loader) loadFiles(dir string, names []string) {
	if !filesAtOnce || ld.insp != nil || len(names) < 3 || runtime.GOMAXPROCS(0) < 2 {
		for i, name := range names {
			ld.progressFile(i, len(names), name)
			ld.loadFile(dir, name)
		}
		return
	}
	largest, size := -1, int64(-1)
	for i, name := range names {
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil && st.Mode().IsRegular() && st.Size() > size {
			largest, size = i, st.Size()
		}
	}
	if largest >= 0 {
		if p := startMergePrefetch(dir, names[largest], size); p != nil {
			ld.prefetch = p
			defer func() {
				<-p.done
				ld.prefetch = nil
			}()
		} else if a := startCSVAhead(dir, names[largest], size, ld.r, ld.year, ld.month); a != nil {
			ld.csvAhead = a
			defer func() {
				a.finish()
				ld.csvAhead = nil
			}()
		}
	}
	var mu sync.Mutex
	jobs := make([]fileJob, len(names))
	for i := range jobs {
		jobs[i].done = make(chan struct{})
	}
	claim := func(i int) bool {
		mu.Lock()
		defer mu.Unlock()
		if jobs[i].claimed {
			return false
		}
		jobs[i].claimed = true
		return true
	}
	// The second reader reads the files before the largest backwards
	// (meeting the loader, which reads them forwards, halfway), then those
	// after it from the end (while the loader reads the largest). The
	// first file of each part is claimed here, so that it is always read
	// by a child, whatever the goroutines' timing.
	var before, after []int
	for i := largest - 1; i >= 0; i-- {
		before = append(before, i)
	}
	for i := len(names) - 1; i > largest; i-- {
		after = append(after, i)
	}
	if len(before) > 0 {
		claim(before[0])
	}
	if len(after) > 0 {
		claim(after[0])
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, part := range [][]int{before, after} {
			for k, i := range part {
				if k > 0 && !claim(i) {
					break // the loader has come this far
				}
				jobs[i].child = ld.readChild(dir, names[i], i, len(names))
				close(jobs[i].done)
			}
		}
	}()
	for i, name := range names {
		ld.progressFile(i, len(names), name)
		mu.Lock()
		mine := !jobs[i].claimed
		jobs[i].claimed = true
		mu.Unlock()
		if mine {
			ld.loadFile(dir, name)
			continue
		}
		<-jobs[i].done
		if c := jobs[i].child; c != nil && ld.adopt(c) {
			ld.adopted++
		} else {
			ld.reread++
			ld.loadFile(dir, name)
		}
		jobs[i].child = nil
	}
	wg.Wait()
}

// readChild reads one file into a child loader, its progress reports kept
// for the parent; nil if the reading panicked outside loadFile's guard.
func (ld *loader) readChild(dir, name string, i, n int) (c *loader) {
	defer func() {
		if p := recover(); p != nil {
			c = nil
		}
	}()
	opt := ld.opt
	c = newLoader(ld.r, ld.year, ld.month, opt)
	if ld.opt.Progress != nil {
		c.opt.Progress = func(done, total int, what string) {
			c.progress = append(c.progress, progressEvent{done, total, what})
		}
	}
	c.prog = progressState{i, n}
	c.loadFile(dir, name)
	return c
}

// adopt appends what child c read to ld, as if ld had read the file itself;
// false (ld unchanged) when that cannot be shown to be the same.
func (ld *loader) adopt(c *loader) bool {
	if !ld.adoptable(c) {
		return false
	}
	for _, e := range c.progress {
		if ld.opt.Progress != nil {
			ld.opt.Progress(e.done, e.total, e.what)
		}
	}
	// problems and the cap: every kind of c's problems is new to ld, so
	// c listed and counted them as ld would have
	if ld.cap.seen == nil {
		ld.cap.seen = map[problemKey]int{}
		ld.cap.suppressed = map[problemKey]map[uint64]bool{}
	}
	for _, k := range c.cap.order {
		ld.cap.seen[k] = c.cap.seen[k]
		ld.cap.order = append(ld.cap.order, k)
		if s := c.cap.suppressed[k]; s != nil {
			ld.cap.suppressed[k] = s
		}
	}
	ld.problems = appendAll(ld.problems, c.problems)
	ld.inputs = appendAll(ld.inputs, c.inputs)
	ld.internal = appendAll(ld.internal, c.internal)
	ld.rosters += c.rosters
	ld.rosterBroken = ld.rosterBroken || c.rosterBroken
	ld.attendances += c.attendances
	ld.m.ExamsGiven = ld.m.ExamsGiven || c.m.ExamsGiven
	ld.m.LeaveGiven = ld.m.LeaveGiven || c.m.LeaveGiven
	ld.m.SwapsGiven = ld.m.SwapsGiven || c.m.SwapsGiven
	ld.m.ComplaintsGiven = ld.m.ComplaintsGiven || c.m.ComplaintsGiven
	ld.m.WorkloadGiven = ld.m.WorkloadGiven || c.m.WorkloadGiven
	ld.employees = appendAll(ld.employees, c.employees)
	ld.days.recs = appendAll(ld.days.recs, c.days.recs)
	ld.days.who = appendAll(ld.days.who, c.days.who)
	ld.events = appendAll(ld.events, c.events)
	ld.qa = appendAll(ld.qa, c.qa)
	ld.exams = appendAll(ld.exams, c.exams)
	ld.complaints = appendAll(ld.complaints, c.complaints)
	ld.adjustments = appendAll(ld.adjustments, c.adjustments)
	ld.workload = appendAll(ld.workload, c.workload)
	ld.soft = appendAll(ld.soft, c.soft)
	ld.leaves = appendAll(ld.leaves, c.leaves)
	ld.swaps = appendAll(ld.swaps, c.swaps)
	ld.appeals = appendAll(ld.appeals, c.appeals)
	ld.shapes.shifts = appendAll(ld.shapes.shifts, c.shapes.shifts)
	ld.shapes.matrices = appendAll(ld.shapes.matrices, c.shapes.matrices)
	ld.shapes.punchFiles = ld.shapes.punchFiles || c.shapes.punchFiles
	for k, n := range c.shapes.outside {
		if ld.shapes.outside == nil {
			ld.shapes.outside = map[calc.Loc]int{}
		}
		ld.shapes.outside[k] += n
	}
	ld.sheetRecs = appendAll(ld.sheetRecs, c.sheetRecs)
	for k, by := range c.ledger {
		if ld.ledger == nil {
			ld.ledger = map[calc.Loc]map[string]int{}
		}
		if ld.ledger[k] == nil {
			ld.ledger[k] = map[string]int{}
		}
		for m, n := range by {
			ld.ledger[k][m] += n
		}
	}
	for k, n := range c.outside {
		if ld.outside == nil {
			ld.outside = map[calc.Loc]int{}
		}
		ld.outside[k] += n
	}
	ld.unattributed = appendAll(ld.unattributed, c.unattributed)
	return true
}

// appendAll appends src to dst; an empty dst is replaced by src (no copy:
// a child loader's slices are not used after adopt).
func appendAll[T any](dst, src []T) []T {
	if len(dst) == 0 && len(src) > 0 {
		return src
	}
	return append(dst, src...)
}

// adoptable reports whether child c's results can be appended to ld with
// the outcome of ld reading the file itself.
func (ld *loader) adoptable(c *loader) bool {
	// the cap: a kind of problem ld has counted already would be listed
	// and counted on from ld's count
	for _, k := range c.cap.order {
		if _, ok := ld.cap.seen[k]; ok {
			return false
		}
	}
	// punches: a punch's identity is checked at the first punch of its
	// key in the whole folder
	if !reflect.ValueOf(c.shapes.punches).IsZero() {
		return false
	}
	// the month: a file's reading sets only the flags of the optional
	// inputs given
	m := c.m
	m.ExamsGiven, m.LeaveGiven, m.SwapsGiven, m.ComplaintsGiven, m.WorkloadGiven = false, false, false, false, false
	if !reflect.DeepEqual(m, calc.Month{Year: ld.year, Month: ld.month}) {
		return false
	}
	// per-sheet maps are keyed by file and sheet: c's are new to ld
	for k := range c.ledger {
		if _, ok := ld.ledger[k]; ok {
			return false
		}
	}
	for k := range c.outside {
		if _, ok := ld.outside[k]; ok {
			return false
		}
	}
	for k := range c.shapes.outside {
		if _, ok := ld.shapes.outside[k]; ok {
			return false
		}
	}
	return c.insp == nil
}
