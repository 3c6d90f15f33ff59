package sheets

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
)

// FileOps are the file operations that change the disk while an output set
// is written and switched in. The default is the operating system; tests
// inject faults through it (a failing create, write, sync, close, rename,
// link, remove or mkdir) to prove that every failure leaves one complete set.
type FileOps interface {
	Mkdir(path string) error
	// Create makes a new file (never an existing one) for writing, mode 0600.
	Create(path string) (OutFile, error)
	Rename(oldpath, newpath string) error
	// Exchange swaps two directories atomically; errExchangeUnsupported
	// when the system or file system cannot.
	Exchange(a, b string) error
	Link(oldpath, newpath string) error
	Remove(path string) error
	RemoveAll(path string) error
}

// OutFile is a file being written.
type OutFile interface {
	io.Writer
	Sync() error
	Close() error
}

// errExchangeUnsupported says that Exchange cannot swap directories here;
// the switch then uses two renames.
var errExchangeUnsupported = errors.New("不支持原子交换文件夹")

// osOps are the operating system's file operations.
type osOps struct{}

func (osOps) Mkdir(path string) error { return os.Mkdir(path, 0o755) }
func (osOps) Create(path string) (OutFile, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
}
func (osOps) Rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }
func (osOps) Exchange(a, b string) error           { return exchange(a, b) }
func (osOps) Link(oldpath, newpath string) error   { return os.Link(oldpath, newpath) }
func (osOps) Remove(path string) error             { return os.Remove(path) }
func (osOps) RemoveAll(path string) error          { return RemoveAll(path) }

// RemoveAll removes path and what it holds (os.RemoveAll), one entry at a
// time when the system refuses os.RemoveAll's calls (see removeAll).
func RemoveAll(path string) error { return removeAll(path, os.RemoveAll, removeRefused) }

// removeRefused is whether err is Windows refusing os.RemoveAll's way of
// deleting ("incorrect function", "not supported": Wine, some network
// shares and file systems), where the plain DeleteFile and RemoveDirectory
// of os.Remove work.
func removeRefused(err error) bool {
	var en syscall.Errno
	return runtime.GOOS == "windows" && errors.As(err, &en) && (en == 1 || en == 50)
}

// removeAll removes path and what it holds with all (os.RemoveAll) and,
// when that fails with an error refused accepts, once more one entry at a
// time with os.Remove, whose error it then returns (a file open elsewhere
// says so). A path ending in "." or ".." is never removed entry by entry
// (os.RemoveAll refuses those).
func removeAll(path string, all func(string) error, refused func(error) bool) error {
	err := all(path)
	if err == nil || !refused(err) {
		return err
	}
	if b := filepath.Base(path); b == "." || b == ".." {
		return err
	}
	return removeTree(path)
}

// removeTree removes path and what it holds, children first, without
// following links.
func removeTree(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.IsDir() {
		ents, err := os.ReadDir(path)
		if err != nil {
			return err
		}
		for _, e := range ents {
			if err := removeTree(filepath.Join(path, e.Name())); err != nil {
				return err
			}
		}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
