package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"time"

	"appraise/sheets"
)

// defaultMemoryLimit is the soft memory limit of the process unless
// GOMEMLIMIT sets one: the garbage collector then works harder near it
// instead of letting the heap grow to twice the live data, which keeps a
// 10,000-agent month (about 200 MB live) under 400 MB.
const defaultMemoryLimit = 300 << 20

func init() {
	if os.Getenv("GOMEMLIMIT") == "" {
		go softMemoryLimit(defaultMemoryLimit)
	}
}

// softMemoryLimit sets the memory limit and raises it to twice the live
// heap once the live heap has stayed above 85% of it for overCycles
// garbage collections in a row: a month too large for the limit then runs as
// with the default GOGC instead of collecting without end. One collection
// is not enough: near the limit the live heap a collection reports includes
// what was allocated while it marked, and a single high reading (a 10,000-
// agent month writing its notices, about 225 MB really live) used to double
// the limit and let the process grow to 500 MB.
func softMemoryLimit(limit int64) {
	debug.SetMemoryLimit(limit)
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	var cycle uint64
	over := 0
	for range time.Tick(20 * time.Millisecond) {
		metrics.Read(s)
		if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
			return
		}
		if c := s[1].Value.Uint64(); c != cycle {
			cycle = c
			old := limit
			if limit, over = raiseLimit(limit, int64(s[0].Value.Uint64()), over); limit != old {
				debug.SetMemoryLimit(limit)
			}
		}
	}
}

// overCycles is how many collections in a row must find the live heap above
// 85% of the memory limit before softMemoryLimit raises it.
const overCycles = 3

// raiseLimit is softMemoryLimit's step after a collection found live bytes
// live: over counts the collections in a row above 85% of limit. It returns
// the new limit and count.
func raiseLimit(limit, live int64, over int) (int64, int) {
	if live <= limit/100*85 {
		return limit, 0
	}
	if over++; over < overCycles {
		return limit, over
	}
	return 2 * live, 0
}

// progress returns the callback that shows how far reading the inputs has
// got on w: a bar redrawn in place when w is a terminal, otherwise a plain
// line per file (and per 50,000 rows of a long sheet). --quiet silences it.
func (o *options) progress(w io.Writer) func(done, total int, what string) {
	if o.quiet {
		return nil
	}
	p := &progressBar{w: w, tty: isTerminal(w), start: time.Now()}
	return p.report
}

// progressBar draws the progress of sheets.Load.
type progressBar struct {
	w     io.Writer
	tty   bool
	start time.Time
	drawn bool // a bar is on the current line
}

func (p *progressBar) report(done, total int, what string) {
	what = sheets.Printable(what) // a file name with ESC or newline
	elapsed := time.Since(p.start).Seconds()
	if !p.tty {
		if done >= total {
			fmt.Fprintf(p.w, "读取完成：%d 个文件（%.1f 秒）\n", total, elapsed)
			return
		}
		fmt.Fprintf(p.w, "读取 %d/%d：%s\n", done+1, total, what)
		return
	}
	const width = 24
	filled := 0
	if total > 0 {
		filled = width * done / total
	}
	bar := strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
	if done >= total {
		fmt.Fprintf(p.w, "\r\033[K读取 %s %d/%d 完成（%.1f 秒）\n", bar, total, total, elapsed)
		p.drawn = false
		return
	}
	fmt.Fprintf(p.w, "\r\033[K读取 %s %d/%d %s", bar, done, total, clipRunes(what, 40))
	p.drawn = true
}

// clipRunes shortens s to at most n runes.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
