package samples

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"testing"
	"time"
)

// TestMain collects garbage less often than the default (GOGC=400 unless
// GOGC is set): the tests write and read many small workbooks, and a
// quarter of their CPU time went to the collector. Test processes have
// memory to spare; the program itself keeps the default.
func TestMain(m *testing.M) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	code := m.Run()
	if novRoot != "" {
		os.RemoveAll(novRoot)
	}
	os.Exit(code)
}

// novSet is the sample month the bundled samples/2026-11 holds (40 people,
// seed 1: Options' defaults), written once into a temporary folder for
// the tests that only read it: TestBundledSamples compares it with the
// bundled files, the others check its cells and read it back.
var novSet = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "appraise-samples-")
	if err != nil {
		return "", err
	}
	novRoot = dir
	dir = filepath.Join(dir, "2026-11")
	return dir, Write(dir, Options{Employees: sampleDefaultSize, Year: 2026, Month: time.November, Seed: 1})
})

// novRoot is novSet's temporary folder once made (removed by TestMain).
var novRoot string

func novSetDir(t *testing.T) string {
	t.Helper()
	dir, err := novSet()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
