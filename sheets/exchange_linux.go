//go:build linux

package sheets

import (
	"errors"
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// renameat2 system call numbers (the syscall package lacks some).
var sysRenameat2 = map[string]uintptr{
	"amd64": 316, "386": 353, "arm": 382, "arm64": 276, "riscv64": 276, "loong64": 276,
	"ppc64": 357, "ppc64le": 357, "s390x": 347, "mips64": 5311, "mips64le": 5311,
}

const (
	atFDCWD        = -100
	renameExchange = 1 << 1
)

// exchange swaps two directories with renameat2(RENAME_EXCHANGE): at every
// moment each name holds one complete folder.
func exchange(a, b string) error {
	nr, ok := sysRenameat2[runtime.GOARCH]
	if !ok {
		return errExchangeUnsupported
	}
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	cwd := atFDCWD
	_, _, e := syscall.Syscall6(nr, uintptr(cwd), uintptr(unsafe.Pointer(pa)), uintptr(cwd), uintptr(unsafe.Pointer(pb)), renameExchange, 0)
	runtime.KeepAlive(pa)
	runtime.KeepAlive(pb)
	switch {
	case e == 0:
		return nil
	case errors.Is(e, syscall.ENOSYS), errors.Is(e, syscall.EINVAL), errors.Is(e, syscall.EOPNOTSUPP):
		return errExchangeUnsupported
	}
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: e}
}
