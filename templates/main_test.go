package templates

import (
	"os"
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
	if defaultSetRoot != "" {
		os.RemoveAll(defaultSetRoot)
	}
	os.Exit(code)
}
