//go:build !windows

package sheets

import "syscall"

func errnoText(en syscall.Errno) (string, bool) { return unixErrnoText(en) }
