package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

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
		return usagef("找不到文件夹：%s", inbox)
	}
	root := o.out
	if root == "" {
		abs, _ := filepath.Abs(inbox)
		root = filepath.Join(filepath.Dir(abs), "outbox")
	}
	if inside(root, inbox) {
		return usagef("输出目录 %s 不能位于收件文件夹 %s 之内", root, inbox)
	}
	o.out = root
	unlock, err := lock(root)
	if err != nil {
		return err
	}
	defer unlock()

	logf, err := os.OpenFile(filepath.Join(root, "watch.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("无法打开日志文件：%w", err)
	}
	defer logf.Close()
	w := &watcher{
		o: &o, inbox: inbox, root: root, settle: *settle,
		log:  &syncWriter{w: io.MultiWriter(stderr, logf)},
		seen: map[string]snapshot{},
		out:  stdout,
	}
	w.load()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	w.logf("开始监视 %s，结果写入 %s（文件静止 %s 后处理，或出现 完成.txt / READY）", inbox, root, *settle)
	for {
		w.poll(time.Now())
		if *once {
			return nil
		}
		select {
		case <-ctx.Done():
			w.logf("停止监视")
			return nil
		case <-time.After(*interval):
		}
	}
}

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
		w.logf("状态文件 %s 无法读取，将重新处理所有月份", w.statePath())
		w.state.Months = map[string]watchEntry{}
	}
}

func (w *watcher) save() {
	b, _ := json.MarshalIndent(&w.state, "", "  ")
	tmp := w.statePath() + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err == nil {
		os.Rename(tmp, w.statePath())
	}
}

// poll looks at every month folder once and processes those that are
// ready and whose inputs differ from what was processed last.
func (w *watcher) poll(now time.Time) {
	entries, err := os.ReadDir(w.inbox)
	if err != nil {
		w.logf("无法读取 %s：%v", w.inbox, err)
		return
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, _, ok := sheets.ParseMonth(e.Name()); !ok {
			continue
		}
		dir := filepath.Join(w.inbox, e.Name())
		sig, marker := signature(dir)
		s, ok := w.seen[e.Name()]
		if !ok || s.sig != sig {
			s = snapshot{sig: sig, changed: now}
			if !ok && !w.polled {
				// Folders already there when watch starts count as
				// settled; one that appears later must settle first.
				s.changed = now.Add(-w.settle)
			}
			w.seen[e.Name()] = s
		}
		if !marker && now.Sub(s.changed) < w.settle {
			continue
		}
		fp, err := fingerprint(dir)
		if err != nil {
			w.logf("%s：%v", e.Name(), err)
			continue
		}
		if w.state.Months[e.Name()].Fingerprint == fp {
			continue
		}
		if _, done := w.state.Months[e.Name()]; done {
			w.logf("处理 %s（输入已变化）", e.Name())
		} else {
			w.logf("处理 %s", e.Name())
		}
		code := exit(w.o.appraiseFolder("run", dir, w.out, w.log, true), w.log)
		w.logf("%s 处理完毕，退出码 %d", e.Name(), code)
		w.state.Months[e.Name()] = watchEntry{Fingerprint: fp, Exit: code, At: now.Format(time.RFC3339)}
		w.save()
	}
	w.polled = true
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

// signature lists names, sizes and times of a folder's files, and whether
// a ready marker is there.
func signature(dir string) (string, bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	marker := false
	for _, e := range entries {
		for _, m := range readyMarkers {
			if strings.EqualFold(e.Name(), m) {
				marker = true
			}
		}
		if fi, err := e.Info(); err == nil && inputFile(e.Name()) {
			fmt.Fprintf(&b, "%s|%d|%d\n", e.Name(), fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return b.String(), marker
}

// fingerprint hashes the contents of a folder's input files, so that the
// same inputs are never processed twice, even after a restart.
func fingerprint(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && inputFile(e.Name()) {
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
		fmt.Fprintf(h, "%s %x\n", n, fh.Sum(nil))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
