package sheets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"
)

// DefaultBackupKeep is how many backups of one output file are kept when
// the rules do not say (参数 备份保留份数).
const DefaultBackupKeep = 10

// backupInfo is a backup file name taken apart.
type backupInfo struct {
	name, of, stamp string
	n               int
}

func parseBackup(name string) (backupInfo, bool) {
	m := backupRe.FindStringSubmatch(name)
	if m == nil {
		return backupInfo{}, false
	}
	n := 1
	if m[3] != "" {
		n, _ = strconv.Atoi(m[3])
	}
	return backupInfo{name: name, of: m[1], stamp: m[2], n: n}, true
}

// newer orders backups newest first.
func newer(a, b backupInfo) bool {
	if a.stamp != b.stamp {
		return a.stamp > b.stamp
	}
	return a.n > b.n
}

// BackupName returns a backup name for file name that is not in taken:
// 名称.YYYYMMDD-HHMMSS.bak, or 名称.YYYYMMDD-HHMMSS-N.bak (N = 2, 3, …)
// when that exists already.
func BackupName(name string, now time.Time, taken func(string) bool) string {
	stamp := now.Format("20060102-150405")
	b := name + "." + stamp + ".bak"
	for i := 2; taken(b); i++ {
		b = fmt.Sprintf("%s.%s-%d.bak", name, stamp, i)
	}
	return b
}

// BackupFile keeps a copy of path beside it as 名称.YYYYMMDD-HHMMSS[-N].bak
// (a hard link where possible), never overwriting an existing backup, and
// removes the older backups of the same file beyond keep (at least the new
// one stays). It returns the backup's path.
func BackupFile(path string, now time.Time, keep int) (string, error) {
	dir, name := filepath.Dir(path), filepath.Base(path)
	var bak string
	for tries := 0; ; tries++ {
		ents, err := os.ReadDir(dir)
		if err != nil {
			return "", &OutputError{Msg: fmt.Sprintf("无法读取文件夹 %s（%s）", Printable(dir), ErrorText(err)), Err: err}
		}
		taken := map[string]bool{}
		for _, e := range ents {
			taken[e.Name()] = true
		}
		bak = filepath.Join(dir, BackupName(name, now, func(n string) bool { return taken[n] }))
		err = os.Link(path, bak)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			s := &outSet{ops: osOps{}}
			err = s.copyFileExcl(path, bak)
		}
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || tries > 10 {
			return "", &OutputError{Msg: fmt.Sprintf("无法备份 %s（%s）", Printable(name), ErrorText(err)), Err: err}
		}
	}
	pruneBackups(dir, name, max(keep, 1))
	return bak, nil
}

// copyFileExcl copies src to a new file dst (never an existing one).
func (s *outSet) copyFileExcl(src, dst string) error {
	err := s.copyFile(src, dst)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		_ = os.Remove(dst)
	}
	return err
}

// pruneBackups removes the backups of name in dir beyond the newest keep.
func pruneBackups(dir, name string, keep int) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var bs []backupInfo
	for _, e := range ents {
		if b, ok := parseBackup(e.Name()); ok && b.of == name {
			bs = append(bs, b)
		}
	}
	sort.Slice(bs, func(i, j int) bool { return newer(bs[i], bs[j]) })
	for i := keep; i < len(bs); i++ {
		_ = os.Remove(filepath.Join(dir, bs[i].name))
	}
}
