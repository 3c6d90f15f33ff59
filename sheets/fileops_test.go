package sheets

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// TestRemoveAllFallback: when os.RemoveAll is refused (as Windows refuses
// its calls on some file systems), removeAll removes the tree entry by
// entry; other errors are returned as they are, and a path ending in "."
// is never emptied.
func TestRemoveAllFallback(t *testing.T) {
	incorrect := syscall.Errno(1) // ERROR_INVALID_FUNCTION on Windows
	failing := func(string) error { return &os.PathError{Op: "unlinkat", Path: "x", Err: incorrect} }
	always := func(error) bool { return true }
	never := func(error) bool { return false }
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
		refused func(error) bool
		missing bool // the path does not exist
		gone    bool // the tree is removed
		wantErr bool
	}{
		{"os.RemoveAll works", os.RemoveAll, never, false, true, false},
		{"os.RemoveAll refused: entry by entry", failing, always, false, true, false},
		{"other error: returned, nothing more done", failing, never, false, false, true},
		{"refused, already gone", failing, always, true, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := tree(t)
			if tc.missing {
				if err := os.RemoveAll(root); err != nil {
					t.Fatal(err)
				}
			}
			err := removeAll(root, tc.all, tc.refused)
			if (err != nil) != tc.wantErr {
				t.Fatalf("removeAll = %v; want error %v", err, tc.wantErr)
			}
			_, statErr := os.Lstat(root)
			if gone := errors.Is(statErr, os.ErrNotExist); gone != tc.gone {
				t.Errorf("%s removed = %v; want %v", root, gone, tc.gone)
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
		if err := removeAll(root, failing, always); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("the file behind the link is gone: %v", err)
		}
	})
	// "dir/." is refused as os.RemoveAll refuses it: dir keeps its files.
	t.Run("dot", func(t *testing.T) {
		root := tree(t)
		if err := removeAll(root+string(filepath.Separator)+".", failing, always); err == nil {
			t.Error("removeAll(dir/.) = nil; want the error")
		}
		if _, err := os.Stat(filepath.Join(root, "manifest.json")); err != nil {
			t.Errorf("removeAll(dir/.) removed the folder's files: %v", err)
		}
	})
	// The retry's error is the one returned (a name with a NUL byte
	// cannot even be looked at).
	t.Run("both fail", func(t *testing.T) {
		err := removeAll(filepath.Join(t.TempDir(), "坏\x00名"), failing, always)
		if err == nil || errors.Is(err, incorrect) {
			t.Fatalf("removeAll = %v; want the retry's error", err)
		}
	})
	// Only Windows' refusals are retried.
	t.Run("removeRefused", func(t *testing.T) {
		for _, tc := range []struct {
			err  error
			want bool
		}{
			{&os.PathError{Op: "unlinkat", Path: "x", Err: syscall.Errno(1)}, runtime.GOOS == "windows"},
			{syscall.Errno(50), runtime.GOOS == "windows"},
			{syscall.Errno(5), false},
			{errors.New("incorrect function"), false},
		} {
			if got := removeRefused(tc.err); got != tc.want {
				t.Errorf("removeRefused(%v) = %v; want %v", tc.err, got, tc.want)
			}
		}
	})
}
