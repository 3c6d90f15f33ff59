package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"appraise/month"
	"appraise/sheets"
)

// Marker files that say a month folder is complete.
var readyMarkers = []string{"完成.txt", "READY", "READY.txt"}

const stateName = ".appraise-watch.json"

// watchState is what watch remembers under the output root: for each month
// folder, the fingerprint of the inputs it last processed.
type watchState struct {
	Months map[string]watchEntry `json:"months"`
}

type watchEntry struct {
	Fingerprint string `json:"fingerprint"`
	Exit        int    `json:"exit"`
	At          string `json:"at"`
}

func cmdWatch(args []string, stdout, stderr io.Writer) error {
	var o options
	fs := o.flags("watch", stderr, true)
	settle := fs.Duration("settle", 10*time.Second, "文件静止多久（`时长`，如 10s、1m）后开始处理")
	interval := fs.Duration("interval", 2*time.Second, "检查文件夹的间隔（`时长`）")
	once := fs.Bool("once", false, "处理当前已就绪的月份后退出")
	_ = fs.MarkHidden("month")
	_ = fs.MarkHidden("prev")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("watch 需要收件文件夹，例如：appraise watch inbox")
	}
	if o.month != "" {
		return usagef("watch 从文件夹名得出月份，不接受 --month")
	}
	inbox := fs.Arg(0)
	if !isDir(inbox) {
		return usagef("找不到文件夹：%s", sheets.Printable(inbox))
	}
	root := o.out
	if root == "" {
		abs, _ := filepath.Abs(inbox)
		root = filepath.Join(filepath.Dir(abs), "outbox")
	}
	if month.Inside(root, inbox) {
		return usagef("输出目录 %s 不能位于收件文件夹 %s 之内", sheets.Printable(root), sheets.Printable(inbox))
	}
	o.out = root
	unlock, err := month.Lock(root)
	if err != nil {
		return err
	}
	defer unlock()

	logf, err := os.OpenFile(filepath.Join(root, "watch.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("无法打开日志文件 %s（%s）", sheets.Printable(filepath.Join(root, "watch.log")), sheets.ErrorText(err))
	}
	defer logf.Close()
	w := &watcher{
		o: &o, inbox: inbox, root: root, settle: *settle,
		log:  &syncWriter{w: io.MultiWriter(stderr, logf)},
		seen: map[string]snapshot{},
		out:  stdout,
	}
	w.load()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	w.logf("开始监视 %s，结果写入 %s（月份文件夹的文件静止 %s 后处理；完成.txt / READY 出现后同样要等文件静止）", sheets.Printable(inbox), sheets.Printable(root), *settle)
	// A signal while a month is being processed: the set being written is
	// only staged, so the watch may end at once; the next start processes
	// the month again (its state was not saved).
	busy := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-busy:
			return
		}
		select {
		case <-busy:
		case <-time.After(stopGrace):
			w.logf("收到停止信号，停止监视（正在处理的月份未完成，下次启动时重新处理）")
			unlock()
			logf.Close()
			osExit(exitInput)
		}
	}()
	defer close(busy)
	for {
		month.TouchLock(root)
		w.poll(ctx, time.Now())
		if *once {
			return nil
		}
		select {
		case <-ctx.Done():
			w.logf("收到停止信号，停止监视")
			return nil
		case <-time.After(*interval):
		}
	}
}

// stopGrace is how long a signal waits for the month being processed
// before watch ends anyway.
const stopGrace = 2 * time.Second

// osExit ends the program (a variable for tests).
var osExit = os.Exit

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// snapshot is a cheap view of a folder (names, sizes, times) to notice
// changes, and when it last changed.
type snapshot struct {
	sig     string
	changed time.Time
}

type watcher struct {
	o      *options
	inbox  string
	root   string
	settle time.Duration
	log    io.Writer
	out    io.Writer
	seen   map[string]snapshot
	state  watchState
	polled bool // a first poll has been made
	// reported are the messages logged once (a conflict, a folder that
	// cannot be read), not every poll.
	reported map[string]bool
	live     map[string]bool
}

func (w *watcher) logf(format string, a ...any) {
	fmt.Fprintf(w.log, "%s %s\n", time.Now().Format("2006-01-02 15:04:05"), fmt.Sprintf(format, a...))
}

func (w *watcher) statePath() string { return filepath.Join(w.root, stateName) }

func (w *watcher) load() {
	w.state.Months = map[string]watchEntry{}
	b, err := os.ReadFile(w.statePath())
	if err != nil {
		return
	}
	if err := json.Unmarshal(b, &w.state); err != nil || w.state.Months == nil {
		w.logf("警告：状态文件 %s 无法读取，将重新处理所有月份", sheets.Printable(w.statePath()))
		w.state.Months = map[string]watchEntry{}
	}
}

func (w *watcher) save() {
	b, _ := json.MarshalIndent(&w.state, "", "  ")
	_ = sheets.ReplaceFile(w.statePath(), 0o600, func(f io.Writer) error {
		_, err := f.Write(b)
		return err
	})
}

// poll looks at every month folder once and processes those that have
// been still for the settle time and whose inputs differ from what was
// processed last. A ready marker (完成.txt, READY) is a change like any
// other: the copy may still be going on when it appears. Two folders of
// one month (2026-11 and 2026年11月) are an error and neither is processed.
func (w *watcher) poll(ctx context.Context, now time.Time) {
	entries, err := os.ReadDir(w.inbox)
	if err != nil {
		w.logf("错误：无法读取收件文件夹 %s（%s）", sheets.Printable(w.inbox), sheets.ErrorText(err))
		return
	}
	live := map[string]bool{} // the reported messages that still apply
	defer func() {
		for k := range w.reported {
			if !live[k] {
				delete(w.reported, k) // solved: say it again if it comes back
			}
		}
	}()
	w.live = live
	byMonth := map[string][]string{}
	var months []string
	for _, e := range entries {
		y, m, ok := month.FolderMonth(e.Name()) // 客服部2026年11月, 2026-11 (2) … as run accepts them
		if !ok {
			continue
		}
		dir := filepath.Join(w.inbox, e.Name())
		if !e.IsDir() {
			if _, _, strict := sheets.ParseMonth(e.Name()); !strict && e.Type().IsRegular() {
				continue // an ordinary file whose name merely mentions a month
			}
			// A link to a month folder is a month folder; anything else
			// with a month's name is reported once.
			fi, err := os.Stat(dir)
			if err != nil || !fi.IsDir() {
				w.once("notdir "+e.Name(), "警告：%s 不是文件夹（或是指向不存在位置的链接），已跳过", sheets.Printable(e.Name()))
				continue
			}
		}
		key := period(y, m)
		if len(byMonth[key]) == 0 {
			months = append(months, key)
		}
		byMonth[key] = append(byMonth[key], e.Name())
	}
	for _, key := range months {
		if ctx.Err() != nil {
			return
		}
		names := byMonth[key]
		if len(names) > 1 {
			quoted := make([]string, len(names))
			for i, n := range names {
				quoted[i] = sheets.Printable(n)
			}
			w.once("dup "+strings.Join(names, "|"), "错误：%s 这 %d 个文件夹都是 %s 月份，结果都会写入 %s，均未处理。请只保留一个（把文件合并到其中一个文件夹）",
				strings.Join(quoted, "、"), len(names), key, sheets.Printable(filepath.Join(w.root, key)))
			continue
		}
		w.pollMonth(ctx, names[0], now)
	}
	w.polled = true
}

// once logs a message the first time its key is seen.
func (w *watcher) once(key, format string, a ...any) {
	if w.reported == nil {
		w.reported = map[string]bool{}
	}
	if w.live != nil {
		w.live[key] = true
	}
	if w.reported[key] {
		return
	}
	w.reported[key] = true
	w.logf(format, a...)
}

func (w *watcher) pollMonth(ctx context.Context, name string, now time.Time) {
	dir := filepath.Join(w.inbox, name)
	sig := signature(dir)
	s, ok := w.seen[name]
	if !ok || s.sig != sig {
		s = snapshot{sig: sig, changed: now}
		if !ok && !w.polled {
			// Folders already there when watch starts count as
			// settled; one that appears later must settle first.
			s.changed = now.Add(-w.settle)
		}
		w.seen[name] = s
	}
	if now.Sub(s.changed) < w.settle {
		return
	}
	fp, err := fingerprint(dir)
	if err != nil {
		w.once("fp "+name+sheets.ErrorText(err), "错误：%s 无法读取（%s）", sheets.Printable(name), sheets.ErrorText(err))
		return
	}
	if w.state.Months[name].Fingerprint == fp {
		return
	}
	if _, done := w.state.Months[name]; done {
		w.logf("处理 %s（输入已变化）", sheets.Printable(name))
	} else {
		w.logf("处理 %s", sheets.Printable(name))
	}
	err = w.o.appraiseFolder(ctx, "run", dir, w.out, w.log, true)
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		// Stopped before the outputs were switched in: nothing written,
		// the state is not saved, the next start processes it again.
		w.logf("%s 未处理完（收到停止信号），下次启动时重新处理", sheets.Printable(name))
		return
	}
	code := exit(err, w.log)
	w.logf("%s 处理完毕，退出码 %d", sheets.Printable(name), code)
	w.state.Months[name] = watchEntry{Fingerprint: fp, Exit: code, At: now.Format(time.RFC3339)}
	w.save()
}

// inputFile reports whether a folder entry is an input the run reads or a
// marker; Office's lock files (~$…) and hidden files are not.
func inputFile(name string) bool {
	for _, m := range readyMarkers {
		if strings.EqualFold(name, m) {
			return false
		}
	}
	return !strings.HasPrefix(name, "~$") && !strings.HasPrefix(name, ".")
}

// signature lists names, sizes and times of a folder's files, markers
// included, following links to their targets.
func signature(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "~$") {
			continue
		}
		if fi, err := os.Stat(filepath.Join(dir, e.Name())); err == nil {
			fmt.Fprintf(&b, "%q|%d|%d|%v\n", e.Name(), fi.Size(), fi.ModTime().UnixNano(), fi.Mode())
		} else {
			fmt.Fprintf(&b, "%q|?\n", e.Name())
		}
	}
	return b.String()
}

// fingerprint hashes the contents of a folder's input files (regular
// files, links followed), so that the same inputs are never processed
// twice, even after a restart, and a link whose target changed is.
func fingerprint(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var names []string
	for _, e := range entries {
		if !inputFile(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && !sheets.SystemFile(p) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			return "", err
		}
		fh := sha256.New()
		_, err = io.Copy(fh, f)
		f.Close()
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%q %x\n", n, fh.Sum(nil))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
