package sheets

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestRemoveAllFallback: when os.RemoveAll fails (as on a file system
// that refuses its calls), removeAll removes the tree entry by entry; an
// error of both tries is the first one.
func TestRemoveAllFallback(t *testing.T) {
	refused := errors.New("incorrect function")
	failing := func(string) error { return refused }
	tree := func(t *testing.T) string {
		t.Helper()
		root := filepath.Join(t.TempDir(), ".appraise-old-2026-11")
		for _, d := range []string{"班组", "班组/空", "深/一/二"} {
			if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for _, f := range []string{"月度考核表_2026-11.xlsx", "manifest.json", "班组/一组_2026-11.xlsx", "深/一/二/x.csv"} {
			if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(f)), []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return root
	}
	tests := []struct {
		name    string
		all     func(string) error
		missing bool // the path does not exist
		want    error
	}{
		{"os.RemoveAll works", os.RemoveAll, false, nil},
		{"os.RemoveAll refused: entry by entry", failing, false, nil},
		{"already gone", failing, true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := tree(t)
			if tc.missing {
				if err := os.RemoveAll(root); err != nil {
					t.Fatal(err)
				}
			}
			if err := removeAll(root, tc.all); err != tc.want {
				t.Fatalf("removeAll = %v; want %v", err, tc.want)
			}
			if _, err := os.Lstat(root); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s is still there (%v)", root, err)
			}
		})
	}
	// A link inside the tree is removed, not followed.
	t.Run("link not followed", func(t *testing.T) {
		root := tree(t)
		outside := filepath.Join(t.TempDir(), "外面")
		if err := os.MkdirAll(outside, 0o755); err != nil {
			t.Fatal(err)
		}
		keep := filepath.Join(outside, "保留.xlsx")
		if err := os.WriteFile(keep, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, filepath.Join(root, "链接")); err != nil {
			t.Skipf("symlinks not supported: %v", err)
		}
		if err := removeAll(root, failing); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("the file behind the link is gone: %v", err)
		}
	})
	// Both tries fail: the first error is returned (a name with a NUL
	// byte cannot even be looked at).
	t.Run("both fail", func(t *testing.T) {
		if err := removeAll(filepath.Join(t.TempDir(), "坏\x00名"), failing); err != refused {
			t.Fatalf("removeAll = %v; want %v", err, refused)
		}
	})
}
