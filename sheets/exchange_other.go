//go:build !linux

package sheets

// exchange is not available here: the switch uses two renames, and a run
// killed between them is repaired by the next run.
func exchange(a, b string) error { return errExchangeUnsupported }
