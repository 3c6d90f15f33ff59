//go:build unix

package month

import (
	"errors"
	"os"
	"syscall"
)

// alive reports whether a process with this id runs on this machine (in
// this PID namespace).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// pidNamespace names this process's PID namespace (Linux: "pid:[4026531836]"),
// so that a lock of a container or of the host is not judged by a PID that
// means another process here. Empty where there are no namespaces.
func pidNamespace() string {
	s, _ := os.Readlink("/proc/self/ns/pid")
	return s
}
