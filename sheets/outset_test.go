package sheets

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// faultOps are the system's file operations with one step made to fail:
// the fail-th call of any kind (1-based; 0 fails none). Every Write, Sync
// and Close of a created file is a step too.
type faultOps struct {
	osOps
	fail     int
	err      error
	n        int
	failed   string // the step that failed
	noSwap   bool   // Exchange unsupported (the two-rename switch)
	fullFrom int64  // > 0: writes fail with ENOSPC once this many bytes are written in all
	written  int64
}

func (f *faultOps) step(op, path string) error {
	f.n++
	if f.n == f.fail {
		f.failed = op + " " + filepath.Base(path)
		return &os.PathError{Op: op, Path: path, Err: f.err}
	}
	return nil
}

func (f *faultOps) Mkdir(p string) error {
	if err := f.step("mkdir", p); err != nil {
		return err
	}
	return f.osOps.Mkdir(p)
}

func (f *faultOps) Create(p string) (OutFile, error) {
	if err := f.step("create", p); err != nil {
		return nil, err
	}
	file, err := f.osOps.Create(p)
	if err != nil {
		return nil, err
	}
	return &faultFile{f: file, ops: f, path: p}, nil
}

func (f *faultOps) Rename(a, b string) error {
	if err := f.step("rename", a); err != nil {
		return err
	}
	return f.osOps.Rename(a, b)
}

func (f *faultOps) Exchange(a, b string) error {
	if f.noSwap {
		return errExchangeUnsupported
	}
	if err := f.step("exchange", a); err != nil {
		return err
	}
	return f.osOps.Exchange(a, b)
}

func (f *faultOps) Link(a, b string) error {
	if err := f.step("link", a); err != nil {
		return err
	}
	return f.osOps.Link(a, b)
}

func (f *faultOps) Remove(p string) error {
	if err := f.step("remove", p); err != nil {
		return err
	}
	return f.osOps.Remove(p)
}

func (f *faultOps) RemoveAll(p string) error {
	if err := f.step("removeall", p); err != nil {
		return err
	}
	return f.osOps.RemoveAll(p)
}

type faultFile struct {
	f      OutFile
	ops    *faultOps
	path   string
	writes int
}

func (w *faultFile) Write(p []byte) (int, error) {
	if w.ops.fullFrom > 0 && w.ops.written+int64(len(p)) > w.ops.fullFrom {
		n := int(max(w.ops.fullFrom-w.ops.written, 0))
		w.f.Write(p[:n])
		w.ops.written += int64(n)
		return n, &os.PathError{Op: "write", Path: w.path, Err: syscall.ENOSPC}
	}
	// The first and every later write are steps: a writer that fails at
	// its start and one that fails half-way.
	w.writes++
	if w.writes <= 2 {
		if err := w.ops.step("write", w.path); err != nil {
			return 0, err
		}
	}
	w.ops.written += int64(len(p))
	return w.f.Write(p)
}

func (w *faultFile) Sync() error {
	if err := w.ops.step("sync", w.path); err != nil {
		return err
	}
	return w.f.Sync()
}

func (w *faultFile) Close() error {
	err := w.ops.step("close", w.path)
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// setRun is a fixture run of version v with the rules' backups kept.
func setRun(v string, payroll bool, ops FileOps) *Run {
	r := outRun()
	r.Version = v
	r.Payroll = payroll
	r.Rules.BackupKeep = 10
	r.Ops = ops
	return r
}

// setVersion checks that dir holds one complete set and returns its
// version.
func setVersion(t *testing.T, dir string) string {
	t.Helper()
	if err := CheckSet(dir); err != nil {
		t.Fatalf("%s does not hold one complete set: %v\n%s", dir, err, listDir(dir))
	}
	return readManifest(t, dir).Version
}

func listDir(dir string) string {
	var b strings.Builder
	filepath.WalkDir(filepath.Dir(dir), func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			fmt.Fprintln(&b, "  ", p)
		}
		return nil
	})
	return b.String()
}

// englishRe finds a raw Go or system error text in a message.
var englishRe = regexp.MustCompile(`(?:input/output error|(?:rename|link|open|write|sync|close|mkdir|remove|unlinkat|exchange) /)`)

// TestWriteSetEveryStepFails fails every file operation of writing and
// switching a set in turn (create, write, sync, close, link, rename,
// exchange, remove, mkdir), each time from the same starting folder, for a
// set that replaces the previous one (also with its big parts deflated in
// chunks, the limits made small), one that retires the payroll and an
// encrypted one that retires the CSV, with the atomic exchange and with the
// two-rename switch. After each it checks that the month folder holds
// exactly one complete set (the previous or the new one), that a failed
// run says so in Chinese, that files of other tools survive, and that what
// the next run repairs leaves nothing behind.
func TestWriteSetEveryStepFails(t *testing.T) {
	if testing.Short() {
		t.Skip("slow; runs without -short (CI runs it)")
	}
	scenarios := []struct {
		name     string
		payroll  bool
		password string
		chunked  bool
	}{
		{"replace", true, "", false},
		{"replace chunked", true, "", true},
		{"retire payroll", false, "", false},
		{"encrypted", true, "pw", false},
	}
	for _, sc := range scenarios {
		for _, noSwap := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/noSwap=%v", sc.name, noSwap), func(t *testing.T) {
				if testing.Short() && sc.name != "replace" {
					t.Skip("one scenario under -short")
				}
				if sc.chunked {
					smallChunks(t, 8<<10, 4<<10)
				}
				pristine := filepath.Join(t.TempDir(), "2026-11")
				for _, v := range []string{"v-2", "v-1", "v0"} { // with backups of earlier runs
					if _, err := WriteSet(pristine, outFixture(), setRun(v, true, nil)); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.WriteFile(filepath.Join(pristine, "备注.txt"), []byte("note"), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(filepath.Join(pristine, "更正1"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(pristine, "更正1", "x.txt"), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
				failures, steps := 0, 0
				for k := 1; ; k++ {
					dir := filepath.Join(t.TempDir(), "2026-11")
					copyTree(t, pristine, dir)
					ops := &faultOps{fail: k, err: syscall.EIO, noSwap: noSwap}
					run := setRun("v1", sc.payroll, ops)
					run.Password = sc.password
					_, err := WriteSet(dir, outFixture(), run)
					if noSwap && err != nil {
						if _, serr := os.Stat(dir); serr != nil {
							t.Fatalf("step %d (%s): the month folder is gone after a failure", k, ops.failed)
						}
					}
					got := setVersion(t, dir)
					switch {
					case err != nil:
						failures++
						if got != "v0" {
							t.Fatalf("step %d (%s) failed but the folder holds %s; want the previous v0", k, ops.failed, got)
						}
						var oe *OutputError
						if !errors.As(err, &oe) || !errors.Is(err, syscall.EIO) || !strings.Contains(err.Error(), "磁盘读写出错") {
							t.Errorf("step %d (%s): error %q (%T); want an OutputError saying 磁盘读写出错", k, ops.failed, err, err)
						}
						if m := englishRe.FindString(err.Error()); m != "" {
							t.Errorf("step %d (%s): error %q shows the system's English text %q", k, ops.failed, err, m)
						}
					case got != "v1":
						t.Fatalf("step %d (%s): WriteSet succeeded but the folder holds %s; want v1", k, ops.failed, got)
					}
					if b, rerr := os.ReadFile(filepath.Join(dir, "备注.txt")); rerr != nil || string(b) != "note" {
						t.Fatalf("step %d (%s): 备注.txt = %q, %v; want kept", k, ops.failed, b, rerr)
					}
					// The next run repairs whatever this failure left.
					repair(t, dir)
					if v := setVersion(t, dir); v != got {
						t.Fatalf("step %d (%s): repair changed the set from %s to %s", k, ops.failed, got, v)
					}
					if ents, _ := os.ReadDir(filepath.Dir(dir)); len(ents) != 1 {
						t.Fatalf("step %d (%s): leftovers after the repair:\n%s", k, ops.failed, listDir(dir))
					}
					if b, rerr := os.ReadFile(filepath.Join(dir, "更正1", "x.txt")); rerr != nil || string(b) != "x" {
						t.Fatalf("step %d (%s): 更正1/x.txt = %q, %v; want kept", k, ops.failed, b, rerr)
					}
					if k > ops.n {
						break // no step left to fail: this run succeeded untouched
					}
					steps = k
				}
				t.Logf("%d file operations failed in turn: %d failed the run, the others came after the switch", steps, failures)
				if failures < 20 {
					t.Errorf("only %d of the steps failed the run; the fault injection does not reach the set", failures)
				}
			})
		}
	}
}

// oldSetSrc is a month folder holding one set written by WriteSet (version
// "old", with the payroll), made once for the tests that start from the
// set of a previous run: each copies it into a folder of its own
// (previousSet), a fraction of the cost of writing it. Removed by TestMain.
var oldSetSrc = sync.OnceValues(func() (string, error) {
	root, err := os.MkdirTemp("", "appraise-sheets-old-")
	oldSetRoot = root
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "2026-11")
	_, err = WriteSet(dir, outFixture(), setRun("old", true, nil))
	return dir, err
})

// oldSetRoot is oldSetSrc's temporary folder once made.
var oldSetRoot string

// previousSet returns a new month folder "2026-11" holding a copy of the
// set of oldSetSrc (version "old"), as a previous run left it.
func previousSet(t *testing.T) string {
	t.Helper()
	src, err := oldSetSrc()
	if err != nil {
		t.Fatalf("WriteSet: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "2026-11")
	copyTree(t, src, dir)
	if v := setVersion(t, dir); v != "old" {
		t.Fatalf("the copied set holds %s; want old", v)
	}
	return dir
}

// copyTree copies the folder src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWriteSetDiskFull: a disk that fills up while a workbook is written
// leaves the previous set whole and says so in Chinese.
func TestWriteSetDiskFull(t *testing.T) {
	dir := previousSet(t)
	total := int64(0)
	for _, o := range readManifest(t, dir).Outputs {
		total += o.Size
	}
	fulls := []int64{1, total / 4, total / 2, total - 10}
	if testing.Short() {
		fulls = []int64{1, total - 10} // the first and the last file; the same path fails
	}
	for _, full := range fulls {
		ops := &faultOps{fullFrom: full}
		_, err := WriteSet(dir, outFixture(), setRun("new", true, ops))
		if err == nil {
			t.Fatalf("disk full after %d bytes: WriteSet succeeded", full)
		}
		if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "磁盘空间不足") || !strings.Contains(err.Error(), "仍是上次的完整结果") {
			t.Errorf("disk full after %d bytes: error %q; want 磁盘空间不足 and the old set kept", full, err)
		}
		if got := setVersion(t, dir); got != "old" {
			t.Errorf("disk full after %d bytes: folder holds %s; want old", full, got)
		}
	}
	// Nothing of the failed runs is left behind.
	ents, _ := os.ReadDir(filepath.Dir(dir))
	if len(ents) != 1 {
		t.Errorf("failed runs left:\n%s", listDir(dir))
	}
}

// TestWriteSetBackups: changed outputs are kept as 名称.YYYYMMDD-HHMMSS[-N].bak,
// never overwritten (three runs within one second), identical ones are not
// backed up, and only the newest BackupKeep per file are kept.
func TestWriteSetBackups(t *testing.T) {
	if testing.Short() {
		t.Skip("17 writes of a whole set; TestWriteSetRetires covers backups fast")
	}
	dir := filepath.Join(t.TempDir(), "2026-11")
	clock := time.Date(2026, 12, 1, 9, 30, 15, 0, time.Local)
	run := func(v string, at time.Time, keep int) {
		t.Helper()
		r := setRun(v, true, nil)
		r.Rules.BackupKeep = keep
		r.Now = func() time.Time { return at }
		if _, err := WriteSet(dir, outFixture(), r); err != nil {
			t.Fatal(err)
		}
	}
	baks := func(name string) []string {
		m, _ := filepath.Glob(filepath.Join(dir, name+".*.bak"))
		for i := range m {
			m[i] = filepath.Base(m[i])
		}
		sort.Strings(m)
		return m
	}
	manifest := func(p string) string {
		b, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		var v struct{ Version string }
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		return v.Version
	}
	run("v1", clock, 10)
	run("v1", clock, 10) // identical: no backup
	if got := baks(manifestName); len(got) != 0 {
		t.Fatalf("identical rewrite made backups %v", got)
	}
	run("v2", clock, 10)
	run("v3", clock, 10) // the same second: a new name, not the first's
	want := []string{"manifest.json.20261201-093015-2.bak", "manifest.json.20261201-093015.bak"}
	if got := baks(manifestName); !equalStrings(got, want) {
		t.Fatalf("backups after three runs in one second = %v; want %v", got, want)
	}
	if manifest(want[1]) != "v1" || manifest(want[0]) != "v2" || manifest(manifestName) != "v3" {
		t.Errorf("backups hold %s, %s and current %s; want v1, v2, v3", manifest(want[1]), manifest(want[0]), manifest(manifestName))
	}
	// Twelve more runs, one a second: the newest 10 stay.
	for i := 1; i <= 12; i++ {
		run(fmt.Sprintf("w%d", i), clock.Add(time.Duration(i)*time.Second), 10)
	}
	got := baks(manifestName)
	if len(got) != 10 || got[0] != "manifest.json.20261201-093018.bak" || got[9] != "manifest.json.20261201-093027.bak" {
		t.Errorf("after 14 replacements the backups are %v; want the newest 10 (093018 … 093027)", got)
	}
	// 0 keeps none.
	run("z", clock.Add(time.Hour), 0)
	if got := baks(manifestName); len(got) != 0 {
		t.Errorf("BackupKeep 0 kept %v", got)
	}
	if v := setVersion(t, dir); v != "z" {
		t.Errorf("folder holds %s; want z", v)
	}
}

// TestWriteSetRetires: a run blocked by errors retires the previous payroll
// (xlsx and CSV) as backups in the same switch; an encrypted run retires a
// previous plaintext CSV.
func TestWriteSetRetires(t *testing.T) {
	dir := previousSet(t) // a plaintext payroll, xlsx and CSV
	xlsx, csv := "绩效工资调整表_2026-11.xlsx", "绩效工资调整表_2026-11.csv"
	enc := setRun("encrypted", true, nil)
	enc.Password = "secret"
	w, err := WriteSet(dir, outFixture(), enc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, csv)); err == nil {
		t.Errorf("the plaintext CSV of the previous run stays beside the encrypted payroll")
	}
	if b, _ := filepath.Glob(filepath.Join(dir, csv+".*.bak")); len(b) != 1 {
		t.Errorf("plaintext CSV backups = %v; want one", b)
	}
	if len(w.Retired) != 1 || w.Retired[0].Name != csv || !strings.HasPrefix(w.Retired[0].Backup, csv+".") {
		t.Errorf("retired = %q; want the CSV, kept as a backup", w.Retired)
	}
	setVersion(t, dir)
	w, err = WriteSet(dir, outFixture(), setRun("blocked", false, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{xlsx, csv} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s stays after a run that may not write the payroll", n)
		}
	}
	// The plain payroll replaced by the encrypted one, the encrypted one
	// retired by the blocked run.
	if b, _ := filepath.Glob(filepath.Join(dir, xlsx+".*.bak")); len(b) != 2 {
		t.Errorf("payroll backups = %v; want two", b)
	}
	if len(w.Retired) != 1 || w.Retired[0].Name != xlsx || !strings.HasPrefix(w.Retired[0].Backup, xlsx+".") {
		t.Errorf("retired = %q; want %s, kept as a backup", w.Retired, xlsx)
	}
	if v := setVersion(t, dir); v != "blocked" {
		t.Errorf("folder holds %s", v)
	}
}

// lockOps make one file of the month folder behave as if open in Excel on
// Windows: linking it fails with a sharing violation (ERROR_SHARING_VIOLATION
// is mapped by windowsErrnoText, tested below).
type lockOps struct {
	osOps
	locked string
}

func (l lockOps) Link(a, b string) error {
	if filepath.Base(a) == l.locked && filepath.Base(filepath.Dir(a)) == "2026-11" {
		return &os.LinkError{Op: "link", Old: a, New: b, Err: &inUseError{err: syscall.Errno(32)}}
	}
	return os.Link(a, b)
}

func TestWriteSetFileOpenInExcel(t *testing.T) {
	dir := previousSet(t)
	payroll := "绩效工资调整表_2026-11.xlsx"
	_, err := WriteSet(dir, outFixture(), setRun("new", true, lockOps{locked: payroll}))
	want := "请先关闭 Excel/WPS 中打开的 " + payroll
	if err == nil || !strings.HasPrefix(err.Error(), want) || !errors.As(err, new(*inUseError)) {
		t.Fatalf("WriteSet with the payroll open = %v; want %q…", err, want)
	}
	if v := setVersion(t, dir); v != "old" {
		t.Errorf("folder holds %s; want old (nothing switched)", v)
	}
}

// TestWriteSetImmutable uses a real immutable file (chattr +i, root only),
// the stand-in for a workbook open in Excel on Windows.
func TestWriteSetImmutable(t *testing.T) {
	dir := previousSet(t)
	payroll := filepath.Join(dir, "绩效工资调整表_2026-11.xlsx")
	if out, err := exec.Command("chattr", "+i", payroll).CombinedOutput(); err != nil {
		t.Skipf("chattr +i not possible here: %v %s", err, out)
	}
	defer exec.Command("chattr", "-i", payroll).Run()
	_, err := WriteSet(dir, outFixture(), setRun("new", true, nil))
	if err == nil || !strings.HasPrefix(err.Error(), "请先关闭 Excel/WPS 中打开的 绩效工资调整表_2026-11.xlsx") {
		t.Fatalf("WriteSet with an immutable payroll = %v; want the Excel message", err)
	}
	if v := setVersion(t, dir); v != "old" {
		t.Errorf("folder holds %s; want old", v)
	}
}

func TestWindowsErrnoText(t *testing.T) {
	tests := []struct {
		code  uintptr
		text  string
		inUse bool
	}{
		{32, "文件正被其他程序打开", true}, // ERROR_SHARING_VIOLATION
		{33, "文件正被其他程序打开", true}, // ERROR_LOCK_VIOLATION
		{5, "没有权限", false},       // ERROR_ACCESS_DENIED
		{112, "磁盘空间不足", false},   // ERROR_DISK_FULL
		{39, "磁盘空间不足", false},    // ERROR_HANDLE_DISK_FULL
		{2, "文件或文件夹不存在", false},
		{1, "该磁盘或网络文件夹不支持此操作", false}, // ERROR_INVALID_FUNCTION
		{1234, "系统错误（错误码 1234）", false},
	}
	for _, tt := range tests {
		text, inUse := windowsErrnoText(tt.code)
		if text != tt.text || inUse != tt.inUse {
			t.Errorf("windowsErrnoText(%d) = %q, %v; want %q, %v", tt.code, text, inUse, tt.text, tt.inUse)
		}
	}
	// Replacing a file: "access denied" means it is open elsewhere.
	if text, inUse := errText(&os.LinkError{Op: "rename", Err: syscall.EPERM}, true); !inUse || text != "文件正被其他程序打开" {
		t.Errorf("errText(EPERM, replacing) = %q, %v; want in use", text, inUse)
	}
	if text, inUse := errText(&os.PathError{Op: "open", Err: syscall.EACCES}, false); inUse || text != "没有权限" {
		t.Errorf("errText(EACCES) = %q, %v; want 没有权限", text, inUse)
	}
}

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"考勤.xlsx", "考勤.xlsx"},
		{"a\x1b[2Jb.xlsx", `a\x1b[2Jb.xlsx`},
		{"x\n错误：假的.csv", `x\n错误：假的.csv`},
		{"r\rt\t", `r\rt\t`},
		{"\u202egpj.exe", `\u202egpj.exe`},
		{"bad\xffbyte", `bad\ufffdbyte`},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestWriteSetKilled kills a process writing sets at random moments and
// checks each time that the month folder holds one complete set, and that
// the next run cleans up what the killed one left.
func TestWriteSetKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 20 child processes")
	}
	dir := filepath.Join(t.TempDir(), "2026-11")
	if _, err := WriteSet(dir, outFixture(), setRun("v0", true, nil)); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	versions := map[string]bool{}
	for i := 0; i < 20; i++ {
		cmd := exec.Command(exe, "-test.run=^TestKillChild$", "-test.count=1")
		// Every third child switches with two renames (as on Windows):
		// a kill between them is repaired by the next run.
		noSwap := i%3 == 2
		cmd.Env = append(os.Environ(), "APPRAISE_KILL_DIR="+dir, "APPRAISE_KILL_RUN="+strconv.Itoa(i), "APPRAISE_KILL_NOSWAP="+strconv.FormatBool(noSwap))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait until the child writes (every other child: until it has
		// switched a whole set in, however slow the machine, so that some
		// kills surely find a set of the children's), then kill it a
		// random time later.
		lines := bufio.NewReader(out)
		if l, err := lines.ReadString('\n'); err != nil || l != "start\n" {
			t.Fatalf("child %d did not start: %q, %v", i, l, err)
		}
		if i%2 == 1 {
			if l, err := lines.ReadString('\n'); err != nil || l != "set\n" {
				t.Fatalf("child %d wrote no set: %q, %v", i, l, err)
			}
		}
		delay := time.Duration((seed+int64(i)*7919)%300) * time.Millisecond
		time.Sleep(delay)
		cmd.Process.Kill()
		cmd.Wait()
		if _, err := os.Stat(dir); err != nil && noSwap {
			t.Logf("kill %d fell between the two renames", i)
			repair(t, dir)
		}
		v := setVersion(t, dir)
		versions[v] = true
		t.Logf("kill %d after %v: folder holds %s", i, delay, v)
	}
	if len(versions) < 2 {
		t.Errorf("every kill left the same set %v: the children never switched a set in", versions)
	}
	if _, err := WriteSet(dir, outFixture(), setRun("final", true, nil)); err != nil {
		t.Fatal(err)
	}
	if v := setVersion(t, dir); v != "final" {
		t.Errorf("folder holds %s; want final", v)
	}
	ents, _ := os.ReadDir(filepath.Dir(dir))
	if len(ents) != 1 {
		t.Errorf("the run after the kills left:\n%s", listDir(dir))
	}
	left, _ := os.ReadDir(dir)
	for _, e := range left {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("hidden leftover %s in the month folder", e.Name())
		}
	}
}

// TestKillChild is the child of TestWriteSetKilled: it writes sets into
// APPRAISE_KILL_DIR until killed.
func TestKillChild(t *testing.T) {
	dir := os.Getenv("APPRAISE_KILL_DIR")
	if dir == "" {
		t.Skip("only run as the child of TestWriteSetKilled")
	}
	fmt.Print("start\n")
	for j := 0; ; j++ {
		v := fmt.Sprintf("run%s-%d", os.Getenv("APPRAISE_KILL_RUN"), j)
		var ops FileOps
		if os.Getenv("APPRAISE_KILL_NOSWAP") == "true" {
			ops = &faultOps{noSwap: true}
		}
		if _, err := WriteSet(dir, outFixture(), setRun(v, j%3 != 0, ops)); err != nil {
			t.Fatal(err)
		}
		fmt.Print("set\n")
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A folder where an output should be stops the run before anything is
// switched, naming it.
func TestWriteSetDirectoryInTheWay(t *testing.T) {
	dir := previousSet(t)
	csv := filepath.Join(dir, "绩效工资调整表_2026-11.csv")
	if err := os.Remove(csv); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(csv, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := WriteSet(dir, outFixture(), setRun("new", true, nil))
	if err == nil || !strings.Contains(err.Error(), "绩效工资调整表_2026-11.csv") || !strings.Contains(err.Error(), "同名的文件夹") {
		t.Fatalf("WriteSet with a folder in the way = %v; want an error naming it", err)
	}
	if v := readManifest(t, dir).Version; v != "old" {
		t.Errorf("folder holds %s; want old", v)
	}
	if fi, err := os.Stat(csv); err != nil || !fi.IsDir() {
		t.Errorf("the folder in the way was touched")
	}
}

// repair runs what the next run does first: it repairs the leftovers of
// killed runs.
func repair(t *testing.T, dir string) []string {
	t.Helper()
	s, err := beginSet(dir, nil, 10, time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	s.abort()
	return s.notes
}

func TestRecoverAfterKill(t *testing.T) {
	t.Run("between the two renames", func(t *testing.T) {
		dir := previousSet(t)
		root := filepath.Dir(dir)
		if err := os.Rename(dir, filepath.Join(root, oldPrefix+"2026-11-aaaa")); err != nil {
			t.Fatal(err)
		}
		stage := filepath.Join(root, stagePrefix+"2026-11-bbbb")
		for _, f := range []string{stageMarker, "月度考核表_2026-11.xlsx"} {
			if err := os.MkdirAll(stage, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(stage, f), []byte("new"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		notes := repair(t, dir)
		if v := setVersion(t, dir); v != "old" {
			t.Errorf("restored %s; want old", v)
		}
		if len(notes) != 1 || !strings.Contains(notes[0], "已恢复上次的完整结果") {
			t.Errorf("notes = %q; want one saying the previous set was restored", notes)
		}
		if ents, _ := os.ReadDir(root); len(ents) != 1 {
			t.Errorf("leftovers:\n%s", listDir(dir))
		}
	})
	t.Run("after the exchange", func(t *testing.T) {
		dir := previousSet(t)
		root := filepath.Dir(dir)
		// The previous folder, with a folder of another tool not yet
		// moved; the marker still in the month folder.
		old := filepath.Join(root, stagePrefix+"2026-11-cccc")
		if err := os.MkdirAll(filepath.Join(old, "更正1"), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{filepath.Join(old, "manifest.json"), filepath.Join(old, "更正1", "x.txt"), filepath.Join(dir, stageMarker)} {
			if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		repair(t, dir)
		if v := setVersion(t, dir); v != "old" {
			t.Errorf("folder holds %s; want old", v)
		}
		if b, err := os.ReadFile(filepath.Join(dir, "更正1", "x.txt")); err != nil || string(b) != "x" {
			t.Errorf("the other tool's folder was not moved in: %q, %v", b, err)
		}
		if ents, _ := os.ReadDir(root); len(ents) != 1 {
			t.Errorf("leftovers:\n%s", listDir(dir))
		}
		if _, err := os.Stat(filepath.Join(dir, stageMarker)); err == nil {
			t.Errorf("the marker stays in the month folder")
		}
	})
}
