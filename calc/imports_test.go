package calc

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// calc decides; it never reads. Files, streams and workbooks belong to the
// readers (package sheets and below): calc takes typed values with their
// locations. io is banned as well: calc has no reader of its own to take.
func forbiddenImport(path string) bool {
	switch {
	case path == "os", strings.HasPrefix(path, "os/"),
		path == "io", strings.HasPrefix(path, "io/"),
		path == "path/filepath", path == "syscall",
		strings.HasPrefix(path, "github.com/xuri/excelize"),
		strings.HasPrefix(path, "appraise/"): // calc is the bottom of the house
		return true
	}
	return false
}

// TestImports fails when a non-test file of calc imports a forbidden
// package (issue 15 item 1).
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, imp := range af.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			if forbiddenImport(path) {
				t.Errorf("%s imports %q: calc takes typed values, never files, streams or workbooks", fset.Position(imp.Pos()), path)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no calc source files found")
	}
}

// TestForbiddenImport pins the list TestImports applies.
func TestForbiddenImport(t *testing.T) {
	for path, want := range map[string]bool{
		"os": true, "os/exec": true, "io": true, "io/fs": true, "io/ioutil": true, "path/filepath": true,
		"github.com/xuri/excelize/v2": true, "appraise/sheets": true, "appraise/sheets/xlsx": true, "appraise/templates": true,
		"fmt": false, "strings": false, "time": false, "github.com/shopspring/decimal": false, "golang.org/x/text/width": false,
	} {
		if got := forbiddenImport(path); got != want {
			t.Errorf("forbiddenImport(%q) = %v; want %v", path, got, want)
		}
	}
}

// TestDeps checks the transitive dependencies with go list: neither the
// xlsx library nor any package of this module may be reached from calc
// (os is reached through fmt, which cannot be helped).
func TestDeps(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	gobin := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		if gobin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command")
		}
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 || deps[len(deps)-1] != "appraise/calc" {
		t.Fatalf("go list -deps gave %d packages, not ending in appraise/calc", len(deps))
	}
	for _, d := range deps[:len(deps)-1] {
		if strings.HasPrefix(d, "github.com/xuri/excelize") || strings.HasPrefix(d, "appraise/") {
			t.Errorf("calc depends on %s", d)
		}
	}
}
