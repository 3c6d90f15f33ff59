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
// heap whenever the live heap passes 85% of it: a month too large
// for the limit then runs as with the default GOGC instead of collecting
// without end.
func softMemoryLimit(limit int64) {
	debug.SetMemoryLimit(limit)
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	for range time.Tick(20 * time.Millisecond) {
		metrics.Read(live)
		if live[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		if n := int64(live[0].Value.Uint64()); n > limit/100*85 {
			limit = 2 * n
			debug.SetMemoryLimit(limit)
		}
	}
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
