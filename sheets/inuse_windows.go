//go:build windows

package sheets

import (
	"errors"
	"syscall"
)

// probeInUse tells whether a file is open in another program that does not
// let it be moved (Excel and WPS open workbooks without FILE_SHARE_DELETE):
// opening it for DELETE access then fails with a sharing violation.
func probeInUse(path string) error {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil
	}
	const deleteAccess = 0x00010000
	h, err := syscall.CreateFile(p, deleteAccess, syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE|syscall.FILE_SHARE_DELETE,
		nil, syscall.OPEN_EXISTING, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		var en syscall.Errno
		if errors.As(err, &en) {
			if _, inUse := windowsErrnoText(uintptr(en)); inUse {
				return &inUseError{err: err}
			}
		}
		return nil
	}
	syscall.CloseHandle(h)
	return nil
}
