package sheets

import (
	"errors"

	"appraise/sheets/xlsx"
)

// InternalError is a recovered panic (the engine's type: its row reader
// recovers too). Its Error is the short Chinese text the user reads; Stack
// is for the log (stderr, watch.log) and the maintainers.
type InternalError = xlsx.InternalError

// Recovered makes the InternalError of a recovered panic p, capturing the
// stack; call it in the deferred function that recovered.
func Recovered(what string, p any) *InternalError { return xlsx.Recovered(what, p) }

// noteInternal keeps the stack of a recovered panic that reached the
// loader as an error, for Loaded.Internal.
func (ld *loader) noteInternal(err error) {
	var ie *InternalError
	if errors.As(err, &ie) {
		ld.internal = append(ld.internal, ie)
	}
}
