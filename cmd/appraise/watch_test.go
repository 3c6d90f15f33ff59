package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"appraise/month"
	"appraise/sheets"
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

// fewInputs puts a month folder's inputs into dst for the tests of how a
// folder is handled (watch's settle clock, markers, conflicts and links;
// locks; refused links), not of what the run makes of it: two of the
// sample month's inputs, the exam scores and the leave records. Without a
// roster the run appraises nobody: it reports the missing inputs (exit 1)
// and writes its few outputs in a third of a full month's time. The scripts
// (watch.txtar, run.txtar) and TestSampleGolden run the whole sample month.
func fewInputs(t *testing.T, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"考试成绩_2026-11.xlsx", "请假记录_2026-11.xlsx"} {
		b, err := os.ReadFile(filepath.Join("../../samples/2026-11", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLockStopsSecondRun(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	// The lock of a live process (this test's own) stops a run.
	pid := strconv.Itoa(os.Getpid())
	if err := os.WriteFile(filepath.Join(out, month.LockName), []byte(pid+"\n"), 0o600); err != nil {
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
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("process liveness is only checked on Unix")
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true command:", err)
	}
	out := t.TempDir()
	dead := strconv.Itoa(cmd.Process.Pid)
	if err := os.WriteFile(filepath.Join(out, month.LockName), []byte(dead+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "2026-11")
	fewInputs(t, in)
	// The run goes on (exit 1 for the missing inputs, not the lock) and
	// writes its set.
	if code, _, stderr := runCLI(t, "run", in, "--out", out, "-q"); code != exitInput || strings.Contains(stderr, "正在写入") {
		t.Fatalf("run with the lock of an ended process = %d; want 1 for the missing inputs, no lock message\n%s", code, stderr)
	}
	if err := sheets.CheckSet(filepath.Join(out, "2026-11")); err != nil {
		t.Errorf("run with the lock of an ended process: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, month.LockName)); err == nil {
		t.Errorf("the lock stays after the run")
	}
}

// A month folder that appears while watch runs is processed only once its
// files have been still for the settle time.
func TestWatchWaitsForNewFolderToSettle(t *testing.T) {
	t.Parallel()
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
	w.poll(context.Background(), start) // the inbox is empty when watch starts
	fewInputs(t, filepath.Join(inbox, "2026-11"))
	w.poll(context.Background(), start.Add(time.Second))
	if strings.Contains(log.String(), "处理 2026-11") {
		t.Fatalf("a new folder was processed before it settled:\n%s", log.String())
	}
	w.poll(context.Background(), start.Add(12*time.Second))
	if !strings.Contains(log.String(), "处理 2026-11") {
		t.Fatalf("a settled new folder was not processed:\n%s", log.String())
	}
}

// newWatcher is a watcher of inbox writing to out, with a log in memory.
func newWatcher(inbox, out string, settle time.Duration) (*watcher, *strings.Builder) {
	var log strings.Builder
	w := &watcher{o: &options{out: out, quiet: true}, inbox: inbox, root: out, settle: settle,
		log: &log, out: &log, seen: map[string]snapshot{}}
	w.state.Months = map[string]watchEntry{}
	return w, &log
}

// A ready marker dropped while files are still being copied does not start
// the run: it starts the settle clock like any change.
func TestWatchMarkerStartsSettleClock(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	inbox, out := filepath.Join(base, "inbox"), filepath.Join(base, "outbox")
	month := filepath.Join(inbox, "2026-11")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	w, log := newWatcher(inbox, out, 10*time.Second)
	start := time.Now()
	ctx := context.Background()
	w.poll(ctx, start)
	// The folder with the marker first, then the files (a slow copy).
	if err := os.MkdirAll(month, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(month, "完成.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	w.poll(ctx, start.Add(time.Second))
	fewInputs(t, month)
	w.poll(ctx, start.Add(8*time.Second))
	if strings.Contains(log.String(), "处理 2026-11") {
		t.Fatalf("processed while the copy was going on:\n%s", log)
	}
	w.poll(ctx, start.Add(12*time.Second)) // 11s after the marker, 4s after the copy
	if strings.Contains(log.String(), "处理 2026-11") {
		t.Fatalf("processed before the copied files settled:\n%s", log)
	}
	w.poll(ctx, start.Add(19*time.Second))
	if n := strings.Count(log.String(), "处理 2026-11"); n != 1 {
		t.Fatalf("processed %d times after the files settled; want once:\n%s", n, log)
	}
}

// Two folders of one month write the same output folder: an error in the
// log, neither is processed, until one is removed.
func TestWatchTwoFoldersOneMonth(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	inbox, out := filepath.Join(base, "inbox"), filepath.Join(base, "outbox")
	fewInputs(t, filepath.Join(inbox, "2026-11"))
	fewInputs(t, filepath.Join(inbox, "2026年11月"))
	w, log := newWatcher(inbox, out, 0)
	ctx := context.Background()
	w.poll(ctx, time.Now())
	w.poll(ctx, time.Now())
	if n := strings.Count(log.String(), "错误：2026-11、2026年11月 这 2 个文件夹都是 2026-11 月份"); n != 1 {
		t.Errorf("the conflict is logged %d times; want once:\n%s", n, log)
	}
	if strings.Contains(log.String(), "处理 ") {
		t.Errorf("a month with two folders was processed:\n%s", log)
	}
	if _, err := os.Stat(filepath.Join(out, "2026-11")); err == nil {
		t.Errorf("outputs written for a month with two folders")
	}
	if err := os.RemoveAll(filepath.Join(inbox, "2026年11月")); err != nil {
		t.Fatal(err)
	}
	w.poll(ctx, time.Now())
	if !strings.Contains(log.String(), "处理 2026-11") {
		t.Errorf("the month was not processed once the second folder was gone:\n%s", log)
	}
}

// Links: a month folder that is a link is processed; an input that is a
// link is followed, and a change of its target is processed again; a
// month-named link to nowhere is reported.
func TestWatchLinks(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	base := t.TempDir()
	inbox, out, real := filepath.Join(base, "inbox"), filepath.Join(base, "outbox"), filepath.Join(base, "real")
	fewInputs(t, real)
	// One input is a link to a file outside the folder.
	target := filepath.Join(base, "exams.xlsx")
	if err := os.Rename(filepath.Join(real, "考试成绩_2026-11.xlsx"), target); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(real, "考试成绩_2026-11.xlsx")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, filepath.Join(inbox, "2026-11")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(base, "nowhere"), filepath.Join(inbox, "2026-10")); err != nil {
		t.Fatal(err)
	}
	w, log := newWatcher(inbox, out, 0)
	ctx := context.Background()
	w.poll(ctx, time.Now())
	if !strings.Contains(log.String(), "处理 2026-11") {
		t.Fatalf("a linked month folder was not processed:\n%s", log)
	}
	if !strings.Contains(log.String(), "警告：2026-10 不是文件夹") {
		t.Errorf("a month-named link to nowhere was not reported:\n%s", log)
	}
	if err := sheets.CheckSet(filepath.Join(out, "2026-11")); err != nil {
		t.Fatal(err)
	}
	// The link's target changes (another sample month's exams).
	b, err := os.ReadFile("../../samples/2026-10/考试成绩_2026-10.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, b, 0o644); err != nil {
		t.Fatal(err)
	}
	w.poll(ctx, time.Now())
	if !strings.Contains(log.String(), "处理 2026-11（输入已变化）") {
		t.Errorf("a change of a linked input's target was not processed:\n%s", log)
	}
}

// TestWatchStopsOnSignal: SIGTERM (and Ctrl-C) end a sleeping watch at once
// with a last log line, and the lock is removed.
func TestWatchStopsOnSignal(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		base := t.TempDir()
		inbox, out := filepath.Join(base, "inbox"), filepath.Join(base, "outbox")
		if err := os.MkdirAll(inbox, 0o755); err != nil {
			t.Fatal(err)
		}
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(exe, "-test.run=^TestWatchChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "APPRAISE_WATCH_CHILD="+inbox+"\n"+out)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		buf := make([]byte, 4096)
		for !strings.Contains(got.String(), "开始监视") {
			n, err := stderr.Read(buf)
			got.Write(buf[:n])
			if err != nil {
				t.Fatalf("watch did not start: %v\n%s", err, got.String())
			}
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			rest, _ := io.ReadAll(stderr)
			got.Write(rest)
			done <- cmd.Wait()
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%v: watch ended with %v; want exit 0\n%s", sig, err, got.String())
			}
		case <-time.After(60 * time.Second): // a hang, not a timing
			cmd.Process.Kill()
			t.Fatalf("%v: watch did not end\n%s", sig, got.String())
		}
		lines := strings.Split(strings.TrimSpace(got.String()), "\n")
		if last := lines[len(lines)-1]; !strings.Contains(last, "收到停止信号，停止监视") {
			t.Errorf("%v: last log line %q; want the stop", sig, last)
		}
		if _, err := os.Stat(filepath.Join(out, month.LockName)); err == nil {
			t.Errorf("%v: the lock stays after watch ended", sig)
		}
		if b, _ := os.ReadFile(filepath.Join(out, "watch.log")); !strings.Contains(string(b), "停止监视") {
			t.Errorf("%v: watch.log lacks the last line:\n%s", sig, b)
		}
	}
}

// TestWatchStopsWhileProcessing: a signal while a big month is being
// processed ends the watch after a short grace, the lock removed; the month
// folder holds no mixed set, and the next watch processes the month again
// and cleans up.
func TestWatchStopsWhileProcessing(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("processes a month of 3000 employees")
	}
	base := t.TempDir()
	inbox, out := filepath.Join(base, "inbox"), filepath.Join(base, "outbox")
	if code, _, stderr := runCLI(t, "sample", "--employees", "3000", "--month", "2026-11", filepath.Join(inbox, "2026-11")); code != exitOK {
		t.Fatalf("sample = %d\n%s", code, stderr)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestWatchChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "APPRAISE_WATCH_CHILD="+inbox+"\n"+out)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	buf := make([]byte, 4096)
	for !strings.Contains(got.String(), "处理 2026-11") {
		n, err := stderr.Read(buf)
		got.Write(buf[:n])
		if err != nil {
			t.Fatalf("watch did not start processing: %v\n%s", err, got.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		rest, _ := io.ReadAll(stderr)
		got.Write(rest)
		done <- cmd.Wait()
	}()
	select {
	case <-done:
	case <-time.After(120 * time.Second): // a hang, not a timing
		cmd.Process.Kill()
		t.Fatalf("watch did not end\n%s", got.String())
	}
	lines := strings.Split(strings.TrimSpace(got.String()), "\n")
	last := lines[len(lines)-1]
	if !strings.Contains(last, "停止监视") {
		t.Errorf("last log line %q; want the stop", last)
	}
	t.Logf("last log line: %s", last)
	if _, err := os.Stat(filepath.Join(out, month.LockName)); err == nil {
		t.Errorf("the lock stays after watch ended")
	}
	month := filepath.Join(out, "2026-11")
	if _, err := os.Stat(month); err == nil {
		if err := sheets.CheckSet(month); err != nil {
			t.Errorf("after the stop: %v", err)
		}
	}
	code, _, log := runCLI(t, "watch", inbox, "--out", out, "--once", "--settle", "0s", "-q")
	if code != exitOK {
		t.Fatalf("the next watch = %d\n%s", code, log)
	}
	if strings.Contains(got.String(), "未完成") && !strings.Contains(log, "处理 2026-11") {
		t.Errorf("the month interrupted by the stop was not processed again:\n%s", log)
	}
	if err := sheets.CheckSet(month); err != nil {
		t.Error(err)
	}
	ents, _ := os.ReadDir(out)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".appraise-") && e.Name() != stateName {
			t.Errorf("leftover %s after the next watch", e.Name())
		}
	}
}

// TestWatchChild is the watch of TestWatchStopsOnSignal and
// TestWatchStopsWhileProcessing.
func TestWatchChild(t *testing.T) {
	env := os.Getenv("APPRAISE_WATCH_CHILD")
	if env == "" {
		t.Skip("only run as the child of TestWatchStopsOnSignal")
	}
	inbox, out, _ := strings.Cut(env, "\n")
	os.Exit(run([]string{"watch", inbox, "--out", out, "--interval", "1h", "--settle", "0s", "-q"}, os.Stdout, os.Stderr))
}
