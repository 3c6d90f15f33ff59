package sheets

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"appraise/sheets/xlsx"
)

// An output set is a month's files (workbooks, CSV, manifest.json) that
// belong together. It is written whole into a staging folder beside the
// month folder (same file system), then switched in at once:
//
//   - the staging folder gets the new files, manifest.json last, and hard
//     links (copies where links are not possible) of everything of the
//     month folder that stays: backups, files of other tools, and the
//     previous outputs that change, under their backup names;
//   - on Linux the two folders are exchanged atomically (renameat2
//     RENAME_EXCHANGE); elsewhere the month folder is renamed aside and the
//     staging folder renamed in, with a rollback when that fails;
//   - the previous folder is then removed.
//
// A failure before the switch removes the staging folder and leaves the
// month folder as it was; after it the month folder holds the new set.
// A run killed at any moment leaves staging or old folders, which the next
// run removes (or, when a kill fell between the two renames, puts back).
const (
	stagePrefix = ".appraise-staging-" // + month folder name + "-" + random
	oldPrefix   = ".appraise-old-"
	stageMarker = ".appraise-staging" // inside a staging folder that was never switched in
	probeName   = ".appraise-probe"
)

var (
	backupRe     = regexp.MustCompile(`^(.+)\.(\d{8}-\d{6})(?:-(\d+))?\.bak$`)
	legacyTempRe = regexp.MustCompile(`^\..+\.\d+\.tmp$`)
)

// Written is what WriteSet did: the files of the new set (in the month
// folder) and notes for the user (previous files kept as backups, leftovers).
type Written struct {
	Files   []string
	Retired []Retired // previous outputs this set has no more
	Notes   []string  // leftovers of killed runs repaired or left
}

// Retired is a previous output that the new set does not have (a payroll
// when errors block it, a plaintext CSV beside an encrypted payroll): it
// went to Backup ("" when no backups are kept).
type Retired struct {
	Name, Backup string
}

type outSet struct {
	ops     FileOps
	dir     string // the month folder, symbolic links resolved
	parent  string
	base    string
	stage   string
	keep    int
	isSet   func(name string) bool // names of this month's outputs, for files of earlier versions
	files   []written
	notes   []string
	retired []Retired
	now     time.Time
	links   bool // hard links work in this folder
	hadOld  bool
}

// beginSet resolves the month folder, repairs what killed runs left behind
// and makes a staging folder.
func beginSet(dir string, ops FileOps, keep int, now time.Time, isSet func(string) bool) (*outSet, error) {
	if ops == nil {
		ops = osOps{}
	}
	if keep < 0 {
		keep = 0
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, &OutputError{Msg: fmt.Sprintf("无法确定输出文件夹 %s 的位置", Printable(dir)), Err: err}
	}
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// A month folder that is a link: the set is switched where it
		// points, so that staging and month folder share a file system.
		r, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return nil, &OutputError{Msg: fmt.Sprintf("输出文件夹 %s 是一个链接，但它指向的位置不存在。请删除这个链接或让它指向一个文件夹", Printable(abs)), Err: err}
		}
		abs = r
	}
	s := &outSet{ops: ops, dir: abs, parent: filepath.Dir(abs), base: filepath.Base(abs), keep: keep, isSet: isSet, now: now}
	if fi, err := os.Stat(abs); err == nil && !fi.IsDir() {
		return nil, &OutputError{Msg: fmt.Sprintf("输出位置 %s 是一个文件，不是文件夹。请把它改名或移走后重新运行", Printable(abs))}
	}
	if err := mkdirAll(ops, s.parent); err != nil {
		return nil, s.fail("创建输出文件夹", s.parent, err, false)
	}
	s.recover()
	s.stage = filepath.Join(s.parent, stagePrefix+s.base+"-"+randomHex())
	if err := ops.Mkdir(s.stage); err != nil {
		return nil, s.fail("在输出目录中写入", s.parent, err, false)
	}
	f, err := ops.Create(filepath.Join(s.stage, stageMarker))
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		s.abort()
		return nil, s.fail("在输出目录中写入", s.parent, err, false)
	}
	return s, nil
}

// mkdirAll makes path and its missing parents through ops.
func mkdirAll(ops FileOps, path string) error {
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return nil
		}
		return &os.PathError{Op: "mkdir", Path: path, Err: syscall.ENOTDIR}
	}
	if parent := filepath.Dir(path); parent != path {
		if err := mkdirAll(ops, parent); err != nil {
			return err
		}
	}
	if err := ops.Mkdir(path); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

func randomHex() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return strconv.FormatInt(time.Now().UnixNano(), 16)
	}
	return hex.EncodeToString(b[:])
}

// fail makes the Chinese error of a step that failed before the switch.
func (s *outSet) fail(what, name string, err error, replacing bool) error {
	text, inUse := errText(err, replacing)
	state := "没有生成任何结果"
	if _, serr := os.Stat(filepath.Join(s.dir, manifestName)); serr == nil {
		state = "输出文件夹未改动，仍是上次的完整结果"
	} else if _, serr := os.Stat(s.dir); serr == nil {
		state = "输出文件夹未改动"
	}
	if inUse {
		return &OutputError{Msg: fmt.Sprintf("请先关闭 Excel/WPS 中打开的 %s，然后重新运行（%s）", Printable(filepath.Base(name)), state), Err: err}
	}
	hint := ""
	switch text {
	case "磁盘空间不足":
		hint = "。请清理磁盘或换一个输出目录（--out）后重新运行"
	case textPermission, "磁盘为只读":
		hint = "。请检查输出目录的权限，或换一个输出目录（--out）"
	}
	return &OutputError{Msg: fmt.Sprintf("%s %s 失败：%s（%s）%s", what, Printable(name), text, state, hint), Err: err}
}

// add writes one file of the set into the staging folder.
func (s *outSet) add(name string, fill func(io.Writer) error) error {
	return s.addAhead(name, startFill(fill, nil))
}

// addAhead writes one file of the set into the staging folder, filled by
// a, which may have started before (see fillAhead): the file is created
// and then opened to a's writes. When the file cannot be made, a is
// cancelled.
func (s *outSet) addAhead(name string, a *fillAhead) error {
	path := filepath.Join(s.stage, filepath.FromSlash(name))
	if sub := filepath.Dir(path); sub != s.stage { // 班组/<班组>_YYYY-MM.xlsx
		if err := mkdirAll(s.ops, sub); err != nil {
			a.cancel()
			return s.fail("写入", name, err, false)
		}
	}
	f, err := s.ops.Create(path)
	if err != nil {
		a.cancel()
		return s.fail("写入", name, err, false)
	}
	h := sha256.New()
	hw := &hashWriter{w: f, h: h}
	if err := a.into(hw); err != nil {
		f.Close()
		return s.fail("写入", name, err, false)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return s.fail("写入", name, err, false)
	}
	if err := f.Close(); err != nil {
		return s.fail("写入", name, err, false)
	}
	s.files = append(s.files, written{path: filepath.Join(s.dir, name), name: name, sha256: hex.EncodeToString(h.Sum(nil)), size: hw.n})
	return nil
}

// writeInOrder writes the outputs through add, in order, each file's
// fill started once the one before it is built and being written (see
// fillAhead): the building of a workbook, on one core, overlaps the
// deflating and writing of the one before, and at most two workbooks are
// in memory at a time. After the first error nothing more is written; no
// fill is left running.
func writeInOrder(outs []outputFile, add func(name string, a *fillAhead) error) error {
	// ahead[i] gets the fill of outs[i] once started (by the fill before
	// it, see fillAhead.next), nil when that one was cancelled.
	ahead := make([]chan *fillAhead, len(outs))
	for i := range ahead {
		ahead[i] = make(chan *fillAhead, 1)
	}
	var start func(i int) *fillAhead
	start = func(i int) *fillAhead {
		return startFill(outs[i].fill, func(cancelled bool) {
			switch {
			case i+1 == len(outs):
			case cancelled:
				ahead[i+1] <- nil
			default:
				ahead[i+1] <- start(i + 1)
			}
		})
	}
	if len(outs) == 0 {
		return nil
	}
	ahead[0] <- start(0)
	var cur *fillAhead // the fill add has taken
	next := 0          // the first fill not yet taken
	defer func() {
		if cur == nil {
			return
		}
		// After a failure (or a panic), the fill that add took is
		// ended (if add left it, cancelled), so the one after it has
		// been started (unless that one was cancelled): cancel it too.
		cur.cancel()
		if next < len(outs) {
			if a := <-ahead[next]; a != nil {
				a.cancel()
			}
		}
	}()
	for i, o := range outs {
		cur, next = <-ahead[i], i+1
		if err := add(o.name, cur); err != nil {
			return err
		}
	}
	cur = nil
	return nil
}

// fillAhead is the fill of a file of the set started on a goroutine of
// its own before the file is created: it builds its workbook (and
// deflates its parts) while the file before it is written, and its first
// write waits until addAhead opens the file to it. The files are then
// still created and written one after the other, in order, with the same
// bytes: only the work in memory overlaps.
type fillAhead struct {
	gate   chan struct{} // closed when w (or err) is set
	opened bool          // gate closed (by the goroutine of the set only)
	w      io.Writer
	err    error // what the writes return when the file is not written
	done   chan struct{}
	res    error // the fill's result
	panic  any   // a panic of the fill, raised again by into
	// next, when set, is called once both the fill is built (at its
	// first write, when what is left is deflating and writing its
	// workbook, or at its end) and its file opened to it (or the fill
	// cancelled): it starts the fill of the next file, so that one
	// workbook is built while the one before it is written, and no more;
	// after a cancel it is told so (nothing more is to be written).
	next      func(cancelled bool)
	builtOnce sync.Once
	steps     atomic.Int32 // of the two
	cancelled atomic.Bool
}

// errFillCancelled is what the writes of a cancelled fill return.
var errFillCancelled = errors.New("内部错误：写入已取消")

// startFill starts fill on its own goroutine, writing into the returned
// fillAhead; next, when not nil, is the fillAhead's next.
func startFill(fill func(io.Writer) error, next func(cancelled bool)) *fillAhead {
	a := &fillAhead{gate: make(chan struct{}), done: make(chan struct{}), next: next}
	go func() {
		defer close(a.done)
		defer a.isBuilt()
		defer func() {
			if p := recover(); p != nil {
				a.panic = xlsx.Carry(p) // its stack, for Recovered where into raises it again
			}
		}()
		a.res = fill(a)
	}()
	return a
}

func (a *fillAhead) isBuilt() {
	a.builtOnce.Do(a.step)
}

// step counts one of the two conditions of next.
func (a *fillAhead) step() {
	if a.steps.Add(1) == 2 && a.next != nil {
		a.next(a.cancelled.Load())
	}
}

func (a *fillAhead) Write(p []byte) (int, error) {
	a.isBuilt()
	<-a.gate
	if a.err != nil {
		return 0, a.err
	}
	return a.w.Write(p)
}

// into opens the fill's writes to w and returns the fill's result once
// it is done; a panic of the fill is raised again here.
func (a *fillAhead) into(w io.Writer) error {
	a.w, a.opened = w, true
	close(a.gate)
	a.step()
	<-a.done
	if a.panic != nil {
		panic(a.panic)
	}
	return a.res
}

// cancel makes the fill's writes fail and waits for it to end (nothing
// of it is kept).
func (a *fillAhead) cancel() {
	if !a.opened {
		a.err, a.opened = errFillCancelled, true
		a.cancelled.Store(true)
		close(a.gate)
		a.step()
	}
	<-a.done
}

// abort removes the staging folder after a failure.
func (s *outSet) abort() {
	if s.stage != "" {
		_ = s.ops.RemoveAll(s.stage)
	}
}

// oldManifestNames lists the outputs of the month folder's manifest.json.
func oldManifestNames(dir string) map[string]bool {
	names := map[string]bool{}
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return names
	}
	var m struct {
		Outputs []manifestFile `json:"outputs"`
	}
	if json.Unmarshal(b, &m) == nil {
		for _, o := range m.Outputs {
			if o.Name != "" && !strings.ContainsAny(o.Name, `/\`) {
				names[o.Name] = true
			}
		}
	}
	return names
}

func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// keepFile puts a file of the month folder into the staging folder under
// name: a hard link where possible, else a copy.
func (s *outSet) keepFile(src, name string) error {
	dst := filepath.Join(s.stage, name)
	if s.links {
		err := s.ops.Link(src, dst)
		if err == nil || !permissionErr(err) {
			return err
		}
		// A file that cannot be linked although links work here: it is
		// locked (immutable, or open elsewhere) unless it merely belongs
		// to someone else (protected hard links); then it is copied.
		if lockedFile(src) {
			return &inUseError{err: err}
		}
	}
	return s.copyFile(src, dst)
}

func permissionErr(err error) bool {
	return errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES)
}

// lockedFile reports whether a file refuses to be opened for writing with
// "operation not permitted" (an immutable file; on Windows a locked one).
func lockedFile(path string) bool {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err == nil {
		f.Close()
		return false
	}
	if _, inUse := errText(err, false); inUse {
		return true
	}
	return errors.Is(err, syscall.EPERM)
}

func (s *outSet) copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := s.ops.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// checkReplaceable tells whether an output of the month folder can be
// replaced: not open in Excel/WPS (Windows) nor locked (Unix: the link probe).
func (s *outSet) checkReplaceable(src string) error {
	if err := probeInUse(src); err != nil {
		return err
	}
	if !s.links {
		return nil
	}
	probe := filepath.Join(s.stage, probeName)
	if err := s.ops.Link(src, probe); err != nil {
		if permissionErr(err) && !lockedFile(src) {
			return nil
		}
		return err
	}
	return s.ops.Remove(probe)
}

// commit prepares the staging folder as the future month folder and
// switches it in. Called after every file of the set, manifest.json last,
// has been added.
func (s *outSet) commit() error {
	// Do hard links work here? (Not on FAT drives and some shares.)
	probe := filepath.Join(s.stage, probeName)
	if err := s.ops.Link(filepath.Join(s.stage, stageMarker), probe); err == nil {
		s.links = true
		if err := s.ops.Remove(probe); err != nil {
			return s.fail("在输出目录中写入", s.parent, err, false)
		}
	}
	newHash := map[string]string{}
	for _, w := range s.files {
		newHash[w.name] = w.sha256
	}
	ents, err := os.ReadDir(s.dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return s.fail("读取输出文件夹", s.dir, err, false)
	}
	s.hadOld = err == nil
	oldSet := oldManifestNames(s.dir)
	taken := map[string]bool{}
	for _, e := range ents {
		taken[e.Name()] = true
	}
	var (
		backups    = map[string][]backupInfo{} // by the file they keep
		fresh      = map[string]bool{}         // backups made by this run
		foreignDir []string
		retired    []string
	)
	for _, e := range ents {
		name := e.Name()
		src := filepath.Join(s.dir, name)
		switch {
		case name == stageMarker:
			// Left by a run killed just after its switch. It must go: a
			// previous folder with a marker would pass for a staging
			// folder when this run is killed after its own switch.
			if err := s.ops.Remove(src); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return s.fail("整理输出文件夹", name, err, false)
			}
		case name == probeName || legacyTempRe.MatchString(name):
			// leftovers of killed runs: not carried over
		case e.IsDir() && name == teamDir:
			// The previous team packets go with the previous folder: the
			// new set has its own 班组 folder (a team gone this month
			// leaves no stale packet behind).
		case e.IsDir() && (newHash[name] != "" || (s.isSet != nil && s.isSet(name))):
			return s.fail("替换", name, &OutputError{Msg: "输出文件夹中有一个同名的文件夹，请把它改名或移走"}, false)
		case e.IsDir():
			foreignDir = append(foreignDir, name)
		case oldSet[name] || newHash[name] != "" || name == manifestName || (s.isSet != nil && s.isSet(name)):
			if b, ok := parseBackup(name); ok {
				backups[b.of] = append(backups[b.of], b)
				continue
			}
			sum, err := fileHash(src)
			if err != nil {
				return s.fail("读取上次的结果", name, err, true)
			}
			if sum == newHash[name] || s.keep == 0 {
				if err := s.checkReplaceable(src); err != nil {
					return s.fail("替换", name, err, true)
				}
			} else {
				if err := probeInUse(src); err != nil {
					return s.fail("替换", name, err, true)
				}
				bn := BackupName(name, s.now, func(n string) bool { return taken[n] })
				taken[bn] = true
				if err := s.keepFile(src, bn); err != nil {
					return s.fail("备份", name, err, true)
				}
				b, _ := parseBackup(bn)
				backups[name] = append(backups[name], b)
				fresh[bn] = true
			}
			if newHash[name] == "" {
				retired = append(retired, name)
			}
		default:
			if b, ok := parseBackup(name); ok {
				backups[b.of] = append(backups[b.of], b)
				continue
			}
			if err := s.keepFile(src, name); err != nil {
				return s.fail("保留", name, err, true)
			}
		}
	}
	// The newest backups of each file are kept, the older ones go with
	// the previous folder.
	kept := map[string]string{} // retired file → its backup
	for of, bs := range backups {
		sort.Slice(bs, func(i, j int) bool { return newer(bs[i], bs[j]) })
		for i, b := range bs {
			switch {
			case i < s.keep && fresh[b.name]:
				kept[of] = b.name
			case i < s.keep:
				if err := s.keepFile(filepath.Join(s.dir, b.name), b.name); err != nil {
					return s.fail("保留备份", b.name, err, true)
				}
			case fresh[b.name]:
				if err := s.ops.Remove(filepath.Join(s.stage, b.name)); err != nil {
					return s.fail("整理备份", b.name, err, false)
				}
			}
		}
	}
	syncDir(s.stage)
	if err := s.switchIn(); err != nil {
		return err
	}
	for _, name := range retired {
		s.retired = append(s.retired, Retired{Name: name, Backup: kept[name]})
	}
	s.finish(foreignDir)
	return nil
}

// switchIn puts the staging folder in the month folder's place.
func (s *outSet) switchIn() error {
	folder := s.base + " 文件夹中的文件"
	if !s.hadOld {
		if err := s.ops.Rename(s.stage, s.dir); err != nil {
			return s.fail("移入结果文件夹", s.base, err, false)
		}
		s.stage = ""
		return nil
	}
	err := s.ops.Exchange(s.stage, s.dir)
	if err == nil {
		return nil // s.stage now holds the previous folder
	}
	if !errors.Is(err, errExchangeUnsupported) {
		return s.fail("替换", folder, err, true)
	}
	old := filepath.Join(s.parent, oldPrefix+s.base+"-"+randomHex())
	if err := s.ops.Rename(s.dir, old); err != nil {
		return s.fail("替换", folder, err, true)
	}
	if err := s.ops.Rename(s.stage, s.dir); err != nil {
		if rerr := s.ops.Rename(old, s.dir); rerr != nil {
			text, _ := errText(err, false)
			return &OutputError{Msg: fmt.Sprintf("替换 %s 失败：%s；上次的结果暂存在 %s，下次运行时会自动恢复", Printable(s.base), text, Printable(old)), Err: err}
		}
		return s.fail("替换", folder, err, true)
	}
	s.stage = old
	return nil
}

// finish tidies up after the switch: the marker goes, folders of other
// tools move into the new month folder, the previous folder is removed.
// Failures here leave the new set complete; they become notes and the
// next run finishes the job.
func (s *outSet) finish(foreignDir []string) {
	_ = s.ops.Remove(filepath.Join(s.dir, stageMarker))
	old := s.stage
	s.stage = ""
	if old == "" {
		return
	}
	left := false
	for _, d := range foreignDir {
		if err := s.ops.Rename(filepath.Join(old, d), filepath.Join(s.dir, d)); err != nil {
			left = true
			text, _ := errText(err, false)
			s.notes = append(s.notes, fmt.Sprintf("文件夹 %s 未能移入新的结果文件夹（%s），暂在 %s，下次运行时会再试", Printable(d), text, Printable(old)))
		}
	}
	if !left {
		if err := s.ops.RemoveAll(old); err != nil {
			text, _ := errText(err, false)
			s.notes = append(s.notes, fmt.Sprintf("上次的结果文件夹 %s 未能删除（%s），下次运行时会再试", Printable(old), text))
		}
	}
	syncDir(s.parent)
}

// syncDir flushes a folder's entries to disk where the system allows it.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		f.Close()
	}
}
