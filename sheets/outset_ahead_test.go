package sheets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"testing"
)

// TestWriteInOrder checks writeInOrder: the files are written whole and in
// order, each fill overlapping the one before it (fill i waits until fill
// i+1 has started: without the overlap it would never end) and never more
// than two at a time; after a failure or a panic nothing more is written
// and no fill is left running.
func TestWriteInOrder(t *testing.T) {
	errFill := errors.New("fill failed")
	errCreate := errors.New("create failed")
	const n = 5
	for _, tc := range []struct {
		name      string
		failFill  int // the fill (0-based) that returns errFill; -1 none
		failAdd   int // the file whose add fails before opening it (as a failed create); -1 none
		panicFill int // the fill that panics; -1 none
		want      string
		wantErr   error
		wantPanic bool
	}{
		{name: "all", failFill: -1, failAdd: -1, panicFill: -1, want: "f0:a|f0:b|f1:a|f1:b|f2:a|f2:b|f3:a|f3:b|f4:a|f4:b|"},
		{name: "first fill fails", failFill: 0, failAdd: -1, panicFill: -1, want: "f0:a|", wantErr: errFill},
		{name: "middle fill fails", failFill: 2, failAdd: -1, panicFill: -1, want: "f0:a|f0:b|f1:a|f1:b|f2:a|", wantErr: errFill},
		{name: "last fill fails", failFill: 4, failAdd: -1, panicFill: -1, want: "f0:a|f0:b|f1:a|f1:b|f2:a|f2:b|f3:a|f3:b|f4:a|", wantErr: errFill},
		{name: "create fails", failFill: -1, failAdd: 3, panicFill: -1, want: "f0:a|f0:b|f1:a|f1:b|f2:a|f2:b|", wantErr: errCreate},
		{name: "first create fails", failFill: -1, failAdd: 0, panicFill: -1, want: "", wantErr: errCreate},
		{name: "fill panics", failFill: -1, failAdd: -1, panicFill: 1, want: "f0:a|f0:b|f1:a|", wantPanic: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var live, maxLive, started, ended atomic.Int32
			begun := make([]chan struct{}, n+1)
			for i := range begun {
				begun[i] = make(chan struct{})
			}
			outs := make([]outputFile, n)
			for i := range outs {
				outs[i] = outputFile{name: fmt.Sprintf("f%d", i), fill: func(w io.Writer) error {
					started.Add(1)
					defer ended.Add(1)
					l := live.Add(1)
					defer live.Add(-1)
					for {
						m := maxLive.Load()
						if l <= m || maxLive.CompareAndSwap(m, l) {
							break
						}
					}
					close(begun[i])
					if _, err := fmt.Fprintf(w, "f%d:a|", i); err != nil {
						return err
					}
					if i == tc.panicFill {
						panic("boom")
					}
					if i == tc.failFill {
						return errFill
					}
					// Built and being written: the next fill starts now
					// (unless this is the last one, or the next one's
					// file is never opened).
					if i+1 < n && i+1 != tc.failAdd {
						<-begun[i+1]
					}
					_, err := fmt.Fprintf(w, "f%d:b|", i)
					return err
				}}
			}
			var out bytes.Buffer
			add := func(name string, a *fillAhead) error {
				if name == fmt.Sprintf("f%d", tc.failAdd) {
					a.cancel()
					return errCreate
				}
				return a.into(&out)
			}
			var err error
			panicked := func() (p bool) {
				defer func() { p = recover() != nil }()
				err = writeInOrder(outs, add)
				return false
			}()
			if panicked != tc.wantPanic {
				t.Fatalf("panicked = %v; want %v", panicked, tc.wantPanic)
			}
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Errorf("error %v; want %v", err, tc.wantErr)
			}
			if out.String() != tc.want {
				t.Errorf("written %q; want %q", out.String(), tc.want)
			}
			if s, e := started.Load(), ended.Load(); s != e {
				t.Errorf("%d fills started, %d ended: fills left running", s, e)
			}
			if m := maxLive.Load(); m > 2 {
				t.Errorf("%d fills at a time; want at most 2", m)
			}
		})
	}
}

// TestFillAheadCancelled checks that the writes of a cancelled fill fail
// and that cancel waits for the fill to end.
func TestFillAheadCancelled(t *testing.T) {
	var got error
	ended := false
	a := startFill(func(w io.Writer) error {
		_, got = w.Write([]byte("x"))
		ended = true
		return got
	}, nil)
	a.cancel()
	if !ended {
		t.Fatal("cancel returned before the fill ended")
	}
	if !errors.Is(got, errFillCancelled) {
		t.Errorf("write of a cancelled fill: %v; want errFillCancelled", got)
	}
}

// TestDoAll: every function runs once, whatever their number; a panic of
// one is raised again in the caller once all have ended.
func TestDoAll(t *testing.T) {
	for _, tc := range []struct {
		n, panicAt int // panicAt -1: none
	}{{0, -1}, {1, -1}, {2, -1}, {11, -1}, {11, 0}, {11, 10}} {
		t.Run(fmt.Sprintf("%d/%d", tc.n, tc.panicAt), func(t *testing.T) {
			ran := make([]atomic.Int32, tc.n)
			fns := make([]func(), tc.n)
			for i := range fns {
				fns[i] = func() {
					ran[i].Add(1)
					if i == tc.panicAt {
						panic("boom")
					}
				}
			}
			var got any
			func() {
				defer func() { got = recover() }()
				doAll(fns...)
			}()
			if (got != nil) != (tc.panicAt >= 0) {
				t.Errorf("panic %v; want one: %v", got, tc.panicAt >= 0)
			}
			for i := range ran {
				if n := ran[i].Load(); n != 1 && tc.panicAt < 0 {
					t.Errorf("function %d ran %d times; want once", i, n)
				}
			}
		})
	}
}
