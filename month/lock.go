package month

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"appraise/sheets"
)

// LockName is the lock file in an output root; it stops two runs from
// writing one output root at once.
const LockName = ".appraise.lock"

// lockLimit is the run time limit: a lock whose holder cannot be checked
// (another computer on a shared folder, another PID namespace such as a
// container) is taken over only when it has not been refreshed for this
// long. watch refreshes its lock at every poll.
const lockLimit = 6 * time.Hour

// lockYoung is how long a lock file that is still being written (on file
// systems without hard links) may look empty.
const lockYoung = 5 * time.Second

// takeoverName guards taking over a stale lock, so that two runs that find
// the same stale lock cannot both get in.
const takeoverName = ".appraise.lock.takeover"

// lockInfo is the content of a lock file.
type lockInfo struct {
	pid   int
	host  string
	pidNS string // e.g. pid:[4026531836] on Linux, "" where unknown
	start time.Time
}

func (l lockInfo) encode() []byte {
	return fmt.Appendf(nil, "appraise lock\npid: %d\nhost: %s\npidns: %s\nstart: %s\n", l.pid, l.host, l.pidNS, l.start.Format(time.RFC3339))
}

// parseLock reads a lock file's content; ok is false for an empty or
// unrecognised one. The two-line form of earlier versions (PID, time) is
// read as a lock of this computer.
func parseLock(b []byte) (lockInfo, bool) {
	var l lockInfo
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) >= 1 && len(lines) <= 2 {
		if pid, err := strconv.Atoi(strings.TrimSpace(lines[0])); err == nil && pid > 0 {
			l.pid = pid
			l.host, l.pidNS = hostName(), pidNamespace()
			if len(lines) == 2 {
				l.start, _ = time.Parse(time.RFC3339, strings.TrimSpace(lines[1]))
			}
			return l, true
		}
		return l, false
	}
	if lines[0] != "appraise lock" {
		return l, false
	}
	for _, line := range lines[1:] {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return l, false
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "pid":
			l.pid, _ = strconv.Atoi(v)
		case "host":
			l.host = v
		case "pidns":
			l.pidNS = v
		case "start":
			l.start, _ = time.Parse(time.RFC3339, v)
		}
	}
	return l, l.pid > 0 && l.host != "" && !l.start.IsZero()
}

func hostName() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "未知主机"
	}
	return h
}

// Lock takes the output root's lock and returns a function that releases
// it. A lock held by a live run (or one that cannot be checked and is
// younger than lockLimit) is an error naming the holder; an unreadable
// lock file is an error naming the file and what to do.
func Lock(root string) (func(), error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		text := "无法创建"
		if errors.Is(err, fs.ErrPermission) {
			text = "没有权限创建"
		}
		return nil, fmt.Errorf("%s输出目录 %s", text, sheets.Printable(root))
	}
	path := filepath.Join(root, LockName)
	me := lockInfo{pid: os.Getpid(), host: hostName(), pidNS: pidNamespace(), start: time.Now()}
	content := me.encode()
	release := func() {
		// Only our own lock: after a takeover it is someone else's.
		if b, err := os.ReadFile(path); err == nil && bytes.Equal(b, content) {
			os.Remove(path)
		}
	}
	for attempt := 0; attempt < 50; attempt++ {
		err := createLock(path, content)
		if err == nil {
			cleanLockTemps(root)
			return release, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("无法创建锁文件 %s（%s）", sheets.Printable(path), sheets.ErrorText(err))
		}
		held, heldErr := checkLock(path, root)
		if heldErr != nil {
			return nil, heldErr
		}
		if held == nil {
			continue // it went away meanwhile
		}
		switch err := takeOver(path, held); {
		case errors.Is(err, errBusy):
			time.Sleep(20 * time.Millisecond)
		case err != nil:
			return nil, err
		}
	}
	return nil, fmt.Errorf("无法获得锁 %s：其他 appraise 正在同时启动，请稍后重试", sheets.Printable(path))
}

var errBusy = errors.New("锁正被接管")

// createLock makes the lock file atomically with its whole content: written
// to a temporary file and hard-linked into place (the link fails when a
// lock exists). Where links are not possible the file is created with
// O_EXCL and written, and a reader may briefly see it empty (lockYoung).
func createLock(path string, content []byte) error {
	tmp := path + "." + randomID() + ".tmp"
	if err := os.WriteFile(tmp, content, 0o600); err != nil {
		return err
	}
	defer os.Remove(tmp)
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, werr := f.Write(content)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
	}
	return werr
}

// cleanLockTemps removes temporary lock files of runs killed while taking
// the lock (createLock's, older than a minute).
func cleanLockTemps(root string) {
	tmps, _ := filepath.Glob(filepath.Join(root, LockName+".*.tmp"))
	for _, t := range tmps {
		if fi, err := os.Stat(t); err == nil && time.Since(fi.ModTime()) > time.Minute {
			os.Remove(t)
		}
	}
}

func randomID() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// staleLock is a lock that may be taken over, with the bytes it had.
type staleLock struct{ content []byte }

// checkLock looks at an existing lock: it returns an error when the lock
// is held (or unreadable), the stale lock when it may be taken over, and
// nil, nil when it is gone.
func checkLock(path, root string) (*staleLock, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	fi, serr := os.Stat(path)
	if err != nil || serr != nil {
		return nil, fmt.Errorf("无法读取锁文件 %s。如果确定没有其他 appraise 正在写入 %s，请删除这个文件后重试", sheets.Printable(path), sheets.Printable(root))
	}
	age := time.Since(fi.ModTime())
	l, ok := parseLock(b)
	if !ok {
		if age < lockYoung {
			return nil, errLockBusy(path, root, "另一个 appraise 正在启动")
		}
		return nil, fmt.Errorf("锁文件 %s 的内容无法识别（空文件或已损坏，可能是 appraise 被强制结束或磁盘写满时留下的）。"+
			"如果确定没有其他 appraise 正在写入 %s，请删除这个文件后重试", sheets.Printable(path), sheets.Printable(root))
	}
	who := fmt.Sprintf("另一个 appraise（主机 %s，进程 %d，%s 开始）", sheets.Printable(l.host), l.pid, l.start.Local().Format("2006-01-02 15:04:05"))
	local := l.host == hostName() && l.pidNS == pidNamespace()
	switch {
	case local && !alive(l.pid):
		return &staleLock{content: b}, nil // its run ended without removing it
	case age > lockLimit:
		return &staleLock{content: b}, nil // not refreshed for the run time limit
	case local:
		return nil, errLockBusy(path, root, who)
	default:
		// Another computer or container: its process cannot be checked.
		return nil, fmt.Errorf("%s正在写入 %s（该进程在另一台电脑或容器中，无法确认是否仍在运行；锁在 %s 后失效）。"+
			"请等它结束；如果确定它已不在运行，请删除 %s 后重试",
			who, sheets.Printable(root), fi.ModTime().Add(lockLimit).Local().Format("2006-01-02 15:04"), sheets.Printable(path))
	}
}

func errLockBusy(path, root, who string) error {
	return fmt.Errorf("%s正在写入 %s。请等它结束；如果确定没有其他运行，请删除 %s 后重试", who, sheets.Printable(root), sheets.Printable(path))
}

// takeOver replaces a stale lock under the takeover guard: only the run
// that holds the guard removes the lock, and only when it still has the
// content judged stale, so two runs never both get in.
func takeOver(path string, stale *staleLock) error {
	guard := filepath.Join(filepath.Dir(path), takeoverName)
	if err := createLock(guard, lockInfo{pid: os.Getpid(), host: hostName(), pidNS: pidNamespace(), start: time.Now()}.encode()); err != nil {
		if !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("无法接管过期的锁文件 %s（%s）", sheets.Printable(path), sheets.ErrorText(err))
		}
		// A guard left by a run killed while taking over is old.
		if fi, serr := os.Stat(guard); serr == nil && time.Since(fi.ModTime()) > 30*time.Second {
			os.Remove(guard)
		}
		return errBusy
	}
	defer os.Remove(guard)
	b, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(b, stale.content) {
		return errBusy // replaced meanwhile: look again
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("无法删除过期的锁文件 %s（%s），请手工删除后重试", sheets.Printable(path), sheets.ErrorText(err))
	}
	return nil // the lock is free: the caller creates its own
}

// TouchLock refreshes the lock's time, so that a long watch is not taken
// for a stale lock by another computer.
func TouchLock(root string) {
	now := time.Now()
	os.Chtimes(filepath.Join(root, LockName), now, now)
}
