package sheets

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// systemTarget returns where a link among the inputs points when that is a
// system pseudo file (/proc, /sys, /dev on Linux and similar systems): such
// a "file" looks regular but is the process's environment, a kernel value
// or a device, and is never an input. It returns "" for anything else.
func systemTarget(path string) string {
	if runtime.GOOS == "windows" {
		return ""
	}
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return ""
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return ""
	}
	for _, root := range []string{"/proc", "/sys", "/dev"} {
		if target == root || strings.HasPrefix(target, root+"/") {
			return target
		}
	}
	return ""
}

// SystemFile reports whether path is a link to a system pseudo file
// (see systemTarget); watch leaves such files out of its fingerprints.
func SystemFile(path string) bool { return systemTarget(path) != "" }
