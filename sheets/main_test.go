package sheets

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
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
	if onceFixtureRoot != "" { // fixtures_test.go
		os.RemoveAll(onceFixtureRoot)
	}
	if oldSetRoot != "" { // outset_test.go
		os.RemoveAll(oldSetRoot)
	}
	if halfYear.root != "" { // made once per binary (summary_test.go)
		os.RemoveAll(filepath.Dir(halfYear.root))
	}
	os.Exit(code)
}
