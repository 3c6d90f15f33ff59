package templates

import (
	"archive/zip"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/samples"
)

// TestDimensions: every sheet written by templates and sample declares
// the range its cells really cover, not "A1".
func TestDimensions(t *testing.T) {
	dir := t.TempDir()
	if err := samples.Write(filepath.Join(dir, "小"), samples.Options{Employees: 12, Year: 2026, Month: time.November, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	n := 0
	if !testing.Short() {
		// Big enough to stream its rows.
		if err := samples.Write(filepath.Join(dir, "大"), samples.Options{Employees: 400, Year: 2026, Month: time.November, Seed: 1, Attendance: "dingtalk"}); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.xlsx"))
	tpl, _ := filepath.Glob(filepath.Join(defaultSetDir(t), "*.xlsx")) // the templates of 2026-11
	files = append(files, tpl...)
	for _, path := range files {
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
				continue
			}
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			declared := reDim.FindSubmatch(b)
			maxCol, maxRow := 1, 1
			for _, m := range reCellRef.FindAllSubmatch(b, -1) {
				c, r, _ := excelize.CellNameToCoordinates(string(m[1]))
				maxCol, maxRow = max(maxCol, c), max(maxRow, r)
			}
			last, _ := excelize.CoordinatesToCellName(maxCol, maxRow)
			want := "A1:" + last
			if maxCol == 1 && maxRow == 1 {
				want = "A1"
			}
			if declared == nil || string(declared[1]) != want {
				t.Errorf("%s %s: dimension %q; want %q", filepath.Base(path), zf.Name, declared, want)
			}
			n++
		}
		zr.Close()
	}
	if n < 20 {
		t.Errorf("checked %d sheets; want the templates' and the sample's", n)
	}
}

var (
	reDim     = regexp.MustCompile(`<dimension ref="([^"]*)"`)
	reCellRef = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"`)
)
