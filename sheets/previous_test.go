package sheets

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestReadPreviousRoundTrip(t *testing.T) {
	res := outFixture()
	// Two people share the lowest score: both are last (D13).
	res.Rows[1].Final = outDec("0")
	res.Rows[2].Final = outDec("67.5")
	dir, _ := writeFixture(t, res, outRun())
	got, err := ReadPrevious(filepath.Join(dir, AppraisalName(2026, 11)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(res.Rows) {
		t.Errorf("ReadPrevious returned %d employees; want %d", len(got), len(res.Rows))
	}
	for _, a := range res.Rows {
		p, ok := got[a.ID]
		if !ok {
			t.Errorf("ReadPrevious lacks %s", a.ID)
			continue
		}
		wantLast := a.Final.IsZero()
		if !p.Score.Equal(a.Final) || p.Last != wantLast {
			t.Errorf("ReadPrevious[%s] = %v, last %v; want %v, last %v", a.ID, p.Score, p.Last, a.Final, wantLast)
		}
	}
}

func TestReadPreviousErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadPrevious(filepath.Join(dir, "none.xlsx")); err == nil {
		t.Errorf("ReadPrevious(missing file) = nil error; want an error")
	}
	f := excelize.NewFile()
	_ = f.SetCellValue("Sheet1", "A1", "姓名")
	other := filepath.Join(dir, "other.xlsx")
	if err := f.SaveAs(other); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPrevious(other); err == nil {
		t.Errorf("ReadPrevious(not an appraisal) = nil error; want an error")
	}
}
