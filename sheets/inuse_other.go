//go:build !windows

package sheets

// probeInUse: Unix has no mandatory file locks; a file that cannot be
// replaced (immutable, or on a share locked by another PC) shows when it is
// linked or renamed.
func probeInUse(path string) error { return nil }
