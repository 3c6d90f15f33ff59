package sheets

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// TestWriteLongTexts: a 说明 of 30 lines (Alt+Enter) and a note longer than
// an Excel cell are legal input; the writers do not fail, the row height
// stays within Excel's 409 points, the CSV keeps the whole text and the
// xlsx keeps as much as a cell holds, with a note saying what is missing.
func TestWriteLongTexts(t *testing.T) {
	lines := make([]string, 30)
	for i := range lines {
		lines[i] = "第" + strings.Repeat("说", 3) + "行"
	}
	tall := strings.Join(lines, "\n")
	huge := strings.Repeat("很长的备注", 8000) // 40,000 characters
	res := outFixture()
	res.Events[0].Note = tall
	res.Rows[4].Notes = []string{huge}
	dir, _ := writeFixture(t, res, outRun())

	f, err := excelize.OpenFile(filepath.Join(dir, "月度考核表_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The event is the first data row of 扣分明细 (title, header, data).
	if got, _ := f.GetCellValue(sheetDetail, "J3"); got != tall {
		t.Errorf("扣分明细!J3 = %q; want the 30 lines", got)
	}
	if h, _ := f.GetRowHeight(sheetDetail, 3); h != excelize.MaxRowHeight {
		t.Errorf("扣分明细 row 3 height = %v; want %v", h, excelize.MaxRowHeight)
	}

	p, err := excelize.OpenFile(filepath.Join(dir, "绩效工资调整表_2026-11.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	got, _ := p.GetCellValue(sheetPayroll, "K6")
	checkCut(t, "payroll K6", payrollNote(res.Rows[4]), got)

	fh, err := os.Open(filepath.Join(dir, "绩效工资调整表_2026-11.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if note := recs[5][10]; !strings.HasSuffix(note, huge) {
		t.Errorf("CSV 备注 of 000202 has %d characters; want the whole note", utf8.RuneCountInString(note))
	}
}

func TestCellText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		cut  bool
	}{
		{"short", "张三", false},
		{"at the limit", strings.Repeat("a", maxCellChars), false},
		{"one over", strings.Repeat("a", maxCellChars+1), true},
		{"wide", strings.Repeat("很长", 20000), true},
		{"astral", strings.Repeat("𬱖", 20000), true}, // 2 UTF-16 units each
	}
	for _, tt := range tests {
		got := cellText(tt.in)
		if !tt.cut {
			if got != tt.in {
				t.Errorf("%s: changed", tt.name)
			}
			continue
		}
		checkCut(t, tt.name, tt.in, got)
	}
}

// checkCut asserts that got is the start of in followed by the note that
// names the whole length and the missing characters, within Excel's limit.
func checkCut(t *testing.T, name, in, got string) {
	t.Helper()
	n := utf16Len(got)
	if n > maxCellChars || n < maxCellChars-8 {
		t.Errorf("%s: %d UTF-16 units; want at most %d and close to it", name, n, maxCellChars)
	}
	i := strings.LastIndex(got, "……（全文 ")
	if i < 0 || !strings.HasPrefix(in, got[:i]) {
		t.Fatalf("%s: no note, or the kept text is not the start of the input", name)
	}
	total, kept := utf8.RuneCountInString(in), utf8.RuneCountInString(got[:i])
	want := fmt.Sprintf("……（全文 %d 字，超出 Excel 单元格 32767 字的上限，以下 %d 字未显示）", total, total-kept)
	if got[i:] != want {
		t.Errorf("%s: note %q; want %q", name, got[i:], want)
	}
}
