package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"appraise/sheets"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// runCLI runs the program with args and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// dumpDir dumps every output of a month folder as sorted lines: workbook
// cells, CSV lines and manifest.json.
func dumpDir(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() { // 班组/ (D31): its files as 班组/name
			b.WriteString(strings.ReplaceAll("\n"+dumpDir(t, p), "\n== ", "\n== "+e.Name()+"/")[1:])
			continue
		}
		b.WriteString("== " + e.Name() + "\n")
		switch filepath.Ext(e.Name()) {
		case ".xlsx":
			lines, err := sheets.Dump(p)
			if err != nil {
				t.Fatalf("Dump(%s): %v", p, err)
			}
			for _, l := range lines {
				b.WriteString(l + "\n")
			}
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(data)
			b.WriteString("\n")
		}
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/appraise -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test ./cmd/appraise -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

// goldenFiles names the per-feature golden files under testdata/golden/ by
// the start of the output file names they hold, so that a change shows in
// the golden of the feature it touches.
var goldenFiles = []struct{ prefix, golden string }{
	{"manifest.json", "manifest"},
	{"月度考核表_", "appraisal"},
	{"校验报告_", "report"},
	{"班组/", "teams"},
	{"绩效工资调整表_", "payroll"},
	{"考核通知单_", "notices"},
	{"更正", "corrections"},
	{"差额", "corrections"},
}

// goldenSplit compares a month dump (dumpDir) with the golden files of
// goldenFiles, each file's section going to the golden of its prefix.
func goldenSplit(t *testing.T, dump string) {
	t.Helper()
	parts := map[string]*strings.Builder{}
	var cur *strings.Builder
	for _, line := range strings.SplitAfter(dump, "\n") {
		if name, ok := strings.CutPrefix(line, "== "); ok {
			cur = nil
			for _, g := range goldenFiles {
				if strings.HasPrefix(name, g.prefix) {
					if parts[g.golden] == nil {
						parts[g.golden] = &strings.Builder{}
					}
					cur = parts[g.golden]
					break
				}
			}
			if cur == nil {
				t.Fatalf("output %s has no golden file: add its prefix to goldenFiles", strings.TrimSpace(name))
			}
		}
		if cur == nil && line != "" {
			t.Fatalf("dump does not start with a file name: %q", line)
		}
		if cur != nil {
			cur.WriteString(line)
		}
	}
	for _, g := range goldenFiles {
		if parts[g.golden] != nil {
			golden(t, filepath.Join("golden", g.golden+".golden"), parts[g.golden].String())
		}
	}
}

// hashTree returns the SHA-256 of every file under dir.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := sha256.Sum256(data)
		sums[p] = hex.EncodeToString(s[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// TestSampleGolden runs the README's command on the bundled sample month and
// compares every output cell with the golden dump.
func TestSampleGolden(t *testing.T) {
	t.Parallel()
	before := hashTree(t, "../../samples")
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out)
	if code != exitOK {
		t.Fatalf("run(samples/2026-11) = %d; want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	goldenSplit(t, dumpDir(t, filepath.Join(out, "2026-11")))

	after := hashTree(t, "../../samples")
	if len(after) != len(before) {
		t.Errorf("the run changed the number of files under samples/: %d → %d", len(before), len(after))
	}
	for p, sum := range before {
		if after[p] != sum {
			t.Errorf("input %s changed during the run", p)
		}
	}

	// A second run on the same inputs writes byte-identical files (sheets'
	// TestWriteDeterministic checks the writers fast).
	if testing.Short() {
		return
	}
	first := hashTree(t, filepath.Join(out, "2026-11"))
	if code, _, stderr := runCLI(t, "run", "../../samples/2026-11", "--out", out, "-q"); code != exitOK {
		t.Fatalf("second run = %d; want 0\n%s", code, stderr)
	}
	second := hashTree(t, filepath.Join(out, "2026-11"))
	for p, sum := range first {
		if second[p] != sum {
			t.Errorf("second run: %s differs from the first run", filepath.Base(p))
		}
	}
}
