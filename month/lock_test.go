package month

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// deadPID is the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs the true command")
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true command:", err)
	}
	return cmd.Process.Pid
}

func writeLock(t *testing.T, root string, content string, age time.Duration) string {
	t.Helper()
	p := filepath.Join(root, LockName)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-age)
	if err := os.Chtimes(p, at, at); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLockContent(t *testing.T) {
	root := t.TempDir()
	// A temporary lock file of a run killed while taking the lock.
	stale := writeLock(t, root, "x", 0)
	if err := os.Rename(stale, stale+".0badc0ffee.tmp"); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(stale+".0badc0ffee.tmp", old, old); err != nil {
		t.Fatal(err)
	}
	unlock, err := Lock(root)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, LockName))
	if err != nil {
		t.Fatal(err)
	}
	l, ok := parseLock(b)
	if !ok || l.pid != os.Getpid() || l.host != hostName() || l.pidNS != pidNamespace() || time.Since(l.start) > time.Minute {
		t.Errorf("lock content %q parses to %+v, %v; want this process, host and start", b, l, ok)
	}
	if _, err := Lock(root); err == nil || !strings.Contains(err.Error(), strconv.Itoa(os.Getpid())) {
		t.Errorf("second lock = %v; want refused naming process %d", err, os.Getpid())
	}
	unlock()
	if _, err := os.Stat(filepath.Join(root, LockName)); err == nil {
		t.Errorf("unlock left the lock file")
	}
	if ents, _ := os.ReadDir(root); len(ents) != 0 {
		t.Errorf("lock left files: %v", ents)
	}
}

func TestLockCases(t *testing.T) {
	dead := deadPID(t)
	tests := []struct {
		name    string
		content string
		age     time.Duration
		taken   bool   // the lock is taken over
		msg     string // else the error says this
	}{
		{"ended process here", lockInfo{pid: dead, host: hostName(), pidNS: pidNamespace(), start: time.Now()}.encodeS(), time.Minute, true, ""},
		{"ended process, old form", strconv.Itoa(dead) + "\n2026-11-30T10:00:00Z\n", time.Minute, true, ""},
		{"live process here", lockInfo{pid: os.Getpid(), host: hostName(), pidNS: pidNamespace(), start: time.Now()}.encodeS(), time.Minute, false, "正在写入"},
		{"other computer, young", lockInfo{pid: dead, host: "PC-财务", start: time.Now()}.encodeS(), 5 * time.Hour, false, "另一台电脑或容器"},
		{"other computer, old", lockInfo{pid: dead, host: "PC-财务", start: time.Now()}.encodeS(), 7 * time.Hour, true, ""},
		{"other PID namespace, young", lockInfo{pid: dead, host: hostName(), pidNS: "pid:[1]", start: time.Now()}.encodeS(), time.Hour, false, "另一台电脑或容器"},
		{"empty", "", time.Minute, false, "内容无法识别"},
		{"garbage", "\x00\x00zz", 7 * time.Hour, false, "内容无法识别"},
		{"empty, being written", "", 0, false, "正在启动"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			p := writeLock(t, root, tt.content, tt.age)
			unlock, err := Lock(root)
			if tt.taken {
				if err != nil {
					t.Fatalf("lock = %v; want the stale lock taken over", err)
				}
				b, _ := os.ReadFile(p)
				if l, ok := parseLock(b); !ok || l.pid != os.Getpid() {
					t.Errorf("lock after takeover = %q", b)
				}
				unlock()
				return
			}
			if err == nil {
				unlock()
				t.Fatalf("lock taken; want refused with %q", tt.msg)
			}
			if !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "删除") {
				t.Errorf("lock error %q; want %q, the lock's path and what to do", err, tt.msg)
			}
			if b, _ := os.ReadFile(p); string(b) != tt.content {
				t.Errorf("a refused lock was changed to %q", b)
			}
		})
	}
}

// TestLockStaleRace: runs that find the same stale lock at once never both
// get in. Each try costs the losers Lock's 20 ms wait; -short makes 15
// tries, the full run 90.
func TestLockStaleRace(t *testing.T) {
	dead := deadPID(t)
	root := t.TempDir()
	tries := 90
	if testing.Short() {
		tries = 15
	}
	for i := 0; i < tries; i++ {
		writeLock(t, root, string(lockInfo{pid: dead, host: hostName(), pidNS: pidNamespace(), start: time.Now()}.encode()), time.Minute)
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			in      int
			unlocks []func()
			start   = make(chan struct{})
		)
		for g := 0; g < 3; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if unlock, err := Lock(root); err == nil {
					mu.Lock()
					in++
					unlocks = append(unlocks, unlock)
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
		if in != 1 {
			t.Fatalf("try %d: %d runs got the lock; want exactly 1", i, in)
		}
		for _, u := range unlocks {
			u()
		}
	}
}

func (l lockInfo) encodeS() string { return string(l.encode()) }
