package main

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"

	"appraise/sheets"
	"appraise/sheets/xlsx"
)

// TestMain lets the test binary act as the appraise command inside the
// scripts of testdata/script: `appraise run …` there runs the real main.
func TestMain(m *testing.M) {
	// The tests (and the script commands, which run in child processes of
	// this binary) write and read many small workbooks; a quarter of their
	// CPU time went to the garbage collector. Collect less often unless
	// GOGC is set; the program itself keeps the default.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	testscript.Main(m, map[string]func(){
		"appraise": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the CLI scripts of testdata/script: each is a txtar
// file of command lines with their exit codes and expected output (see
// README, 命令行测试). Scripts whose name ends in _slow.txtar are skipped under
// -short.
func TestScript(t *testing.T) {
	t.Parallel() // its scripts run beside the cases and the other tests
	samples, err := filepath.Abs("../../samples")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("testdata/script/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in testdata/script: %v", err)
	}
	if testing.Short() {
		var fast []string
		for _, f := range files {
			if !strings.HasSuffix(f, "_slow.txtar") {
				fast = append(fast, f)
			}
		}
		files = fast
	}
	testscript.Run(t, testscript.Params{
		Files: files,
		Setup: func(e *testscript.Env) error {
			e.Setenv("SAMPLES", samples)
			e.Setenv("VERSION", version)
			books := &cellBooks{open: map[string]*excelize.File{}}
			e.Values[cellBooksKey{}] = books
			e.Defer(books.close)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"cpdir":      cmdCpdir,
			"dump":       cmdDump,
			"texts":      cmdTexts,
			"setcell":    cmdSetcell,
			"cell":       cmdCell,
			"encrypt":    cmdEncrypt,
			"globhas":    cmdGlobhas,
			"checkset":   cmdCheckset,
			"opens":      cmdOpens,
			"count":      cmdCount,
			"status":     cmdStatus,
			"catglob":    cmdCatglob,
			"writebytes": cmdWritebytes,
			"head":       cmdHead,
			"hashes":     cmdHashes,
			"signedoff":  cmdSignedoff,
		},
	})
}

// cpdir SRC DST copies the folder SRC (its files, and its subfolders) to DST.
func cmdCpdir(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cpdir src dst")
	}
	src, dst := ts.MkAbs(args[0]), ts.MkAbs(args[1])
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	})
	ts.Check(err)
}

// dump FILE prints every cell of a workbook as sheet!cell=value lines
// (sheets.Dump, as in the golden files) to stdout, for `stdout` to match.
func cmdDump(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: dump file.xlsx")
	}
	lines, err := sheets.Dump(ts.MkAbs(args[0]))
	ts.Check(err)
	for _, l := range lines {
		fmt.Fprintln(ts.Stdout(), l)
	}
}

// texts FILE prints every non-empty cell of a workbook as sheet!cell=value
// lines like dump, but with the raw values (as typed; numbers and dates
// unformatted) read by sheets/xlsx: for a script that looks for texts, at a
// fraction of dump's cost (excelize formats every cell).
func cmdTexts(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: texts file.xlsx")
	}
	zr, err := zip.OpenReader(ts.MkAbs(args[0]))
	ts.Check(err)
	defer zr.Close()
	book, err := xlsx.Open(&zr.Reader)
	ts.Check(err)
	esc := strings.NewReplacer("\r", `\r`, "\n", `\n`)
	for _, sh := range book.Sheets() {
		rows, err := book.Rows(sh.Part)
		ts.Check(err)
		for {
			cells, row, ok, err := rows.Next()
			ts.Check(err)
			if !ok {
				break
			}
			for c, v := range cells {
				if v != "" {
					fmt.Fprintf(ts.Stdout(), "%s!%s=%s\n", sh.Name, xlsx.CellName(c, row), esc.Replace(v))
				}
			}
		}
		ts.Check(rows.Close())
	}
}

// setcell FILE SHEET CELL VALUE sets one cell of a workbook (a string, or a
// number when VALUE is one) and saves it: a user editing an input.
func cmdSetcell(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: setcell file.xlsx sheet cell value")
	}
	f, err := excelize.OpenFile(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	value := strings.ReplaceAll(args[3], `\n`, "\n")
	var n float64
	if _, err := fmt.Sscan(value, &n); err == nil && fmt.Sprint(n) == value {
		ts.Check(f.SetCellFloat(args[1], args[2], n, -1, 64))
	} else {
		ts.Check(f.SetCellStr(args[1], args[2], value))
	}
	ts.Check(f.Save())
}

// cell [-password=PW] FILE SHEET CELL WANT asserts one cell's shown value
// of a workbook; `! cell` asserts it differs.
func cmdCell(ts *testscript.TestScript, neg bool, args []string) {
	var opt excelize.Options
	if len(args) > 0 {
		if pw, ok := strings.CutPrefix(args[0], "-password="); ok {
			opt.Password, args = pw, args[1:]
		}
	}
	if len(args) != 4 {
		ts.Fatalf("usage: cell [-password=pw] file.xlsx sheet cell want")
	}
	f := ts.Value(cellBooksKey{}).(*cellBooks).get(ts, ts.MkAbs(args[0]), opt)
	got, err := f.GetCellValue(args[1], args[2])
	ts.Check(err)
	if want := strings.ReplaceAll(args[3], `\n`, "\n"); (got == want) == neg {
		if neg {
			ts.Fatalf("%s!%s = %q; want anything else", args[1], args[2], got)
		}
		ts.Fatalf("%s!%s = %q; want %q", args[1], args[2], got, want)
	}
}

// cellBooks are the workbooks cell opened in one script, by path, the
// SHA-256 of their bytes and password: a script asserting several cells of
// an output opens it once (excelize parses the whole workbook, hashing is
// cheap beside it), and again once a command has replaced it, even with a
// file of the same size within one tick of the file system's clock.
type cellBooks struct {
	open map[string]*excelize.File
}

// cellBooksKey is the key of a script's cellBooks in its Values.
type cellBooksKey struct{}

func (b *cellBooks) get(ts *testscript.TestScript, path string, opt excelize.Options) *excelize.File {
	data, err := os.ReadFile(path)
	ts.Check(err)
	key := fmt.Sprintf("%s|%x|%s", path, sha256.Sum256(data), opt.Password)
	if f := b.open[key]; f != nil {
		return f
	}
	f, err := excelize.OpenFile(path, opt)
	ts.Check(err)
	b.open[key] = f
	return f
}

func (b *cellBooks) close() {
	for _, f := range b.open {
		f.Close()
	}
}

// opens FILE asserts that a workbook opens without a password; `! opens`
// that it does not (an encrypted workbook).
func cmdOpens(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: opens file.xlsx")
	}
	f, err := excelize.OpenFile(ts.MkAbs(args[0]))
	if err == nil {
		f.Close()
	}
	if (err == nil) == neg {
		ts.Fatalf("%s: open error %v", args[0], err)
	}
}

// count N GLOB asserts that GLOB matches N files.
func cmdCount(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: count n glob")
	}
	m, err := filepath.Glob(ts.MkAbs(args[1]))
	ts.Check(err)
	if fmt.Sprint(len(m)) != args[0] {
		ts.Fatalf("%s matches %d files %v; want %s", args[1], len(m), m, args[0])
	}
}

// status N PROG ARGS… runs a program like exec and asserts its exit code is
// N (exec and ! exec tell only zero from non-zero; appraise has 0, 1 and 2).
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status n program [args...]")
	}
	err := ts.Exec(args[1], args[2:]...)
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		ts.Check(err)
	}
	if fmt.Sprint(code) != args[0] {
		ts.Fatalf("%s exited %d; want %s", args[1], code, args[0])
	}
}

// catglob GLOB prints the files GLOB matches to stdout (a backup whose
// name holds a time).
func cmdCatglob(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: catglob glob")
	}
	m, err := filepath.Glob(ts.MkAbs(args[0]))
	ts.Check(err)
	if len(m) == 0 {
		ts.Fatalf("%s matches no file", args[0])
	}
	for _, p := range m {
		ts.Stdout().Write([]byte(ts.ReadFile(p)))
	}
}

// writebytes FILE "GO STRING" writes a Go-quoted string (bytes like \xd0
// allowed) to FILE.
func cmdWritebytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: writebytes file go-quoted-string")
	}
	s, err := strconv.Unquote(`"` + args[1] + `"`)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(s), 0o644))
}

// head N SRC DST writes the first N bytes of SRC to DST (a truncated file).
func cmdHead(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: head n src dst")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	data, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[2]), data[:min(n, len(data))], 0o644))
}

// hashes DIR prints the SHA-256 of every file under DIR but those of the
// corrections (更正N/), one "path hash" a line, to stdout: `cp stdout` keeps
// them to show later that a signed-off set did not change.
func cmdHashes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: hashes dir")
	}
	sums := treeHashes(ts, ts.MkAbs(args[0]))
	for _, p := range slices.Sorted(maps.Keys(sums)) {
		if !strings.HasPrefix(p, "更正") {
			fmt.Fprintf(ts.Stdout(), "%s %s\n", p, sums[p])
		}
	}
}

// treeHashes returns the SHA-256 of every file under dir by slash path.
func treeHashes(ts *testscript.TestScript, dir string) map[string]string {
	sums := map[string]string{}
	ts.Check(filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		s := sha256.Sum256(data)
		sums[filepath.ToSlash(rel)] = hex.EncodeToString(s[:])
		return nil
	}))
	return sums
}

// signedoff DIR checks 定稿.json of a month folder: it lists every file of
// the set but itself (the corrections aside) with its true hash.
func cmdSignedoff(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: signedoff dir")
	}
	dir := ts.MkAbs(args[0])
	var rec struct {
		Files []struct{ Name, SHA256 string } `json:"files"`
	}
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(filepath.Join(dir, "定稿.json"))), &rec))
	sums := treeHashes(ts, dir)
	n := 0
	for p := range sums {
		if !strings.HasPrefix(p, "更正") && p != "定稿.json" {
			n++
		}
	}
	if len(rec.Files) != n {
		ts.Fatalf("定稿.json lists %d files; the set has %d", len(rec.Files), n)
	}
	for _, f := range rec.Files {
		if sums[f.Name] != f.SHA256 {
			ts.Fatalf("定稿.json: %s hash %s does not match the file", f.Name, f.SHA256)
		}
	}
}

// globhas GLOB FILE asserts that one of the files GLOB matches has FILE's
// content (a backup whose name holds a time).
func cmdGlobhas(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: globhas glob file")
	}
	m, err := filepath.Glob(ts.MkAbs(args[0]))
	ts.Check(err)
	want := ts.ReadFile(args[1])
	for _, p := range m {
		if ts.ReadFile(p) == want {
			return
		}
	}
	ts.Fatalf("none of %v holds the content of %s", m, args[1])
}

// checkset DIR asserts that an output folder holds a complete set: every
// file of its manifest, with its hash (sheets.CheckSet).
func cmdCheckset(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: checkset dir")
	}
	ts.Check(sheets.CheckSet(ts.MkAbs(args[0])))
}

// encrypt FILE PASSWORD re-saves a workbook with an open password.
func cmdEncrypt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: encrypt file.xlsx password")
	}
	f, err := excelize.OpenFile(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	ts.Check(f.SaveAs(ts.MkAbs(args[0]), excelize.Options{Password: args[1]}))
}
