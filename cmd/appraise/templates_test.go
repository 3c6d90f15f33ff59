package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTemplatesNeverOverwrite: templates refuses to replace a changed file
// (a filled roster, an edited rules workbook) and names it; with --force it
// backs the file up first. Identical files are simply rewritten.
func TestTemplatesNeverOverwrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "模板")
	if code, _, stderr := runCLI(t, "templates", dir); code != exitOK {
		t.Fatalf("templates = %d\n%s", code, stderr)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 13 {
		t.Fatalf("templates wrote %d files; want 13", len(ents))
	}
	if code, _, stderr := runCLI(t, "templates", dir); code != exitOK {
		t.Fatalf("templates again into unchanged files = %d; want 0\n%s", code, stderr)
	}
	roster, rules := filepath.Join(dir, "花名册.xlsx"), filepath.Join(dir, "考核规则.xlsx")
	for _, p := range []string{roster, rules} {
		if err := os.WriteFile(p, []byte("filled in"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runCLI(t, "templates", dir)
	if code != exitInput || !strings.Contains(stderr, "考核规则.xlsx、花名册.xlsx") || !strings.Contains(stderr, "--force") {
		t.Fatalf("templates over filled files = %d, %q; want 1 naming both files and --force", code, stderr)
	}
	for _, p := range []string{roster, rules} {
		if b, _ := os.ReadFile(p); string(b) != "filled in" {
			t.Errorf("%s was overwritten without --force", filepath.Base(p))
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 13 {
		t.Errorf("a refused templates left %d files; want 13", len(ents))
	}
	code, _, stderr = runCLI(t, "templates", dir, "--force")
	if code != exitOK {
		t.Fatalf("templates --force = %d\n%s", code, stderr)
	}
	for _, p := range []string{roster, rules} {
		baks, _ := filepath.Glob(p + ".*.bak")
		if len(baks) != 1 {
			t.Fatalf("backups of %s = %v; want one", filepath.Base(p), baks)
		}
		if b, _ := os.ReadFile(baks[0]); string(b) != "filled in" {
			t.Errorf("backup of %s holds %q", filepath.Base(p), b)
		}
		if b, _ := os.ReadFile(p); string(b) == "filled in" {
			t.Errorf("%s not replaced under --force", filepath.Base(p))
		}
		if !strings.Contains(stderr, filepath.Base(p)+" 已备份为 ") {
			t.Errorf("--force does not say where %s went:\n%s", filepath.Base(p), stderr)
		}
	}
}
