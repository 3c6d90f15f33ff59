package xlsx

import "io"

// readAhead reads (inflates) a part in a goroutine of its own, a few
// chunks ahead of the scanner that reads it: inflating, tokenising and the
// caller's parsing of the rows run at the same time on the cores there
// are. The bytes and errors come out in the order the part gives them, so
// results do not change. The goroutine starts at the first Read; close
// stops it (call it before closing the part).
type readAhead struct {
	src     io.Reader
	started bool
	full    chan aheadChunk // chunks read, in order
	free    chan []byte     // buffers to read into
	stop    chan struct{}
	done    chan struct{}
	cur     []byte // the unread rest of the current chunk
	last    []byte // the buffer of the current chunk
	err     error  // the error after the current chunk
}

type aheadChunk struct {
	b   []byte
	err error
}

const (
	aheadChunkSize = 256 << 10
	aheadChunks    = 6
)

func (a *readAhead) start() {
	a.started = true
	a.full = make(chan aheadChunk, aheadChunks)
	a.free = make(chan []byte, aheadChunks)
	a.stop, a.done = make(chan struct{}), make(chan struct{})
	for range aheadChunks {
		a.free <- make([]byte, aheadChunkSize)
	}
	go a.run()
}

// run fills buffers from src until an error (io.EOF at the end) or stop.
func (a *readAhead) run() {
	defer close(a.done)
	for {
		var buf []byte
		select {
		case buf = <-a.free:
		case <-a.stop:
			return
		}
		n := 0
		var err error
		for n < len(buf) && err == nil {
			var m int
			m, err = a.src.Read(buf[n:])
			n += m
		}
		select {
		case a.full <- aheadChunk{buf[:n], err}:
		case <-a.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

func (a *readAhead) Read(p []byte) (int, error) {
	if !a.started {
		a.start()
	}
	for len(a.cur) == 0 {
		if a.err != nil {
			return 0, a.err
		}
		if a.last != nil {
			a.free <- a.last[:cap(a.last)] // never blocks: free holds every buffer
			a.last = nil
		}
		c := <-a.full
		a.cur, a.last, a.err = c.b, c.b, c.err
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// close stops the goroutine and waits for it.
func (a *readAhead) close() {
	if a.started {
		close(a.stop)
		<-a.done
		a.started = false
	}
}
