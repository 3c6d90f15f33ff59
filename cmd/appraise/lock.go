package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// lockName is the lock file in an output root; it stops two runs from
// writing one output root at once.
const lockName = ".appraise.lock"

// staleLock is the age after which a lock left behind by a crashed run is
// taken over.
const staleLock = 6 * time.Hour

// lock takes the output root's lock and returns a function that releases
// it.
func lock(root string) (func(), error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("无法创建输出目录 %s：%w", root, err)
	}
	path := filepath.Join(root, lockName)
	for attempt := 0; attempt < 2; attempt++ {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			fmt.Fprintf(f, "%d\n%s\n", os.Getpid(), time.Now().Format(time.RFC3339))
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("无法创建锁文件 %s：%w", path, err)
		}
		holder := ""
		pid := 0
		if b, rerr := os.ReadFile(path); rerr == nil {
			if p, perr := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0]); perr == nil {
				pid = p
				holder = fmt.Sprintf("（进程 %d）", pid)
			}
		}
		fi, serr := os.Stat(path)
		if serr == nil && (time.Since(fi.ModTime()) > staleLock || (pid > 0 && !alive(pid))) {
			os.Remove(path) // left by a run that ended without removing it
			continue
		}
		return nil, fmt.Errorf("另一个 appraise%s 正在写入 %s。如果确定没有其他运行，请删除 %s 后重试", holder, root, path)
	}
	return nil, fmt.Errorf("无法获得锁 %s", path)
}
