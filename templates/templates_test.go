package templates

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"appraise/calc"
)

var update = flag.Bool("update", false, "rewrite the embedded templates from Write")

// TestEmbeddedUpToDate regenerates the templates and compares them byte for
// byte with the embedded files, so that the committed files never drift
// from the code. With -update it rewrites them in this directory instead.
func TestEmbeddedUpToDate(t *testing.T) {
	fresh, err := filepath.Glob(filepath.Join(noMonthSetDir(t), "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		old, _ := filepath.Glob("*.xlsx")
		for _, p := range old {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range fresh {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Base(p), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("rewrote %d templates; rebuild to embed them", len(fresh))
		return
	}
	var names []string
	for _, p := range fresh {
		name := filepath.Base(p)
		names = append(names, name)
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := FS.ReadFile(name)
		if err != nil {
			t.Errorf("%s is not embedded; run go test ./templates -update", name)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("embedded %s differs from what Write writes; run go test ./templates -update", name)
		}
	}
	embedded, err := fs.Glob(FS, "*.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	sort.Strings(embedded)
	if len(embedded) != len(names) {
		t.Errorf("embedded files = %v; want %v", embedded, names)
	}
}

// TestRules checks that the embedded rules workbook reads back as the
// default policy.
func TestRules(t *testing.T) {
	r, ps := ReadRules(RulesFile) // the embedded file, in this folder
	if r == nil || len(ps) != 0 {
		t.Fatalf("ReadRules(embedded %s) = %v problems: %v", RulesFile, r != nil, ps)
	}
	if got, want := r.Hash(), calc.DefaultRules().Hash(); got != want {
		t.Errorf("embedded rules hash = %s; want %s (the default policy)", got, want)
	}
}
