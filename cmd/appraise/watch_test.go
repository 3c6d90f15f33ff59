package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// copyDir copies the files of src into a new folder dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWatchProcessesOnceAndAgainOnChange(t *testing.T) {
	base := t.TempDir()
	inbox, out := filepath.Join(base, "收件 箱"), filepath.Join(base, "结果")
	copyDir(t, "../../samples/2026-11", filepath.Join(inbox, "2026-11"))

	watch := func() string {
		t.Helper()
		code, _, stderr := runCLI(t, "watch", inbox, "--out", out, "--once", "--settle", "0s")
		if code != exitOK {
			t.Fatalf("watch = %d; want 0\n%s", code, stderr)
		}
		return stderr
	}
	if log := watch(); !strings.Contains(log, "处理 2026-11") {
		t.Fatalf("first watch did not process 2026-11:\n%s", log)
	}
	if _, err := os.Stat(filepath.Join(out, "2026-11", "月度考核表_2026-11.xlsx")); err != nil {
		t.Fatalf("watch wrote no appraisal workbook: %v", err)
	}
	if log := watch(); strings.Contains(log, "处理 2026-11") {
		t.Errorf("second watch processed unchanged inputs again:\n%s", log)
	}
	// A marker file is not an input: it does not make the month new.
	if err := os.WriteFile(filepath.Join(inbox, "2026-11", "完成.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if log := watch(); strings.Contains(log, "处理 2026-11") {
		t.Errorf("a marker file made watch process unchanged inputs:\n%s", log)
	}
	// A new input file makes it process the month again.
	src := filepath.Join(inbox, "2026-11")
	entries, _ := os.ReadDir(src)
	var first string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".xlsx") {
			first = e.Name()
			break
		}
	}
	b, err := os.ReadFile(filepath.Join(src, first))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "副本_"+first), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if log := watch(); !strings.Contains(log, "处理 2026-11") {
		t.Errorf("watch did not process changed inputs:\n%s", log)
	}
	if _, err := os.Stat(filepath.Join(out, "watch.log")); err != nil {
		t.Errorf("watch wrote no log file: %v", err)
	}
}

func TestLockStopsSecondRun(t *testing.T) {
	out := t.TempDir()
	// The lock of a live process (this test's own) stops a run.
	pid := strconv.Itoa(os.Getpid())
	if err := os.WriteFile(filepath.Join(out, lockName), []byte(pid+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out)
	if code != exitInput || !strings.Contains(stderr, "正在写入") || !strings.Contains(stderr, pid) {
		t.Errorf("run with a held lock = %d, %q; want 1 and a message naming the other process", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "2026-11")); err == nil {
		t.Errorf("run with a held lock wrote outputs")
	}
}

func TestLockOfEndedProcessTakenOver(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("process liveness is only checked on Unix")
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true command:", err)
	}
	out := t.TempDir()
	dead := strconv.Itoa(cmd.Process.Pid)
	if err := os.WriteFile(filepath.Join(out, lockName), []byte(dead+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out, "-q"); code != exitOK {
		t.Fatalf("run with the lock of an ended process = %d; want 0\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, lockName)); err == nil {
		t.Errorf("the lock stays after the run")
	}
}

// A month folder that appears while watch runs is processed only once its
// files have been still for the settle time.
func TestWatchWaitsForNewFolderToSettle(t *testing.T) {
	base := t.TempDir()
	inbox, out := filepath.Join(base, "inbox"), filepath.Join(base, "outbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	w := &watcher{o: &options{out: out, quiet: true}, inbox: inbox, root: out, settle: 10 * time.Second,
		log: &log, out: &log, seen: map[string]snapshot{}}
	w.state.Months = map[string]watchEntry{}
	start := time.Now()
	w.poll(start) // the inbox is empty when watch starts
	copyDir(t, "../../samples/2026-11", filepath.Join(inbox, "2026-11"))
	w.poll(start.Add(time.Second))
	if strings.Contains(log.String(), "处理 2026-11") {
		t.Fatalf("a new folder was processed before it settled:\n%s", log.String())
	}
	w.poll(start.Add(12 * time.Second))
	if !strings.Contains(log.String(), "处理 2026-11") {
		t.Fatalf("a settled new folder was not processed:\n%s", log.String())
	}
}
