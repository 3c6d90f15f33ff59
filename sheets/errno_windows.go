//go:build windows

package sheets

import "syscall"

// errnoText maps a Windows error code, or one of the Unix error numbers
// Go makes up on Windows (from APPLICATION_ERROR, 1<<29, on: syscall.ENOSPC
// and the like, which Go's own code and the tests' fault injection
// return), to a Chinese text and whether the file is open elsewhere.
func errnoText(en syscall.Errno) (string, bool) {
	if uintptr(en) >= 1<<29 {
		return unixErrnoText(en)
	}
	return windowsErrnoText(uintptr(en))
}
