package sheets

import "io"

// written is one output file of a set.
type written struct {
	path   string
	name   string
	sha256 string
	size   int64
}

// hashWriter counts and hashes what passes through it.
type hashWriter struct {
	w io.Writer
	h io.Writer
	n int64
}

func (hw *hashWriter) Write(p []byte) (int, error) {
	n, err := hw.w.Write(p)
	hw.h.Write(p[:n])
	hw.n += int64(n)
	return n, err
}
