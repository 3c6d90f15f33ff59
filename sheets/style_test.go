package sheets

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestTextWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"工号", 4},
		{"A级", 3},
		{"（需人工复核）", 14},
		{"１２", 4},
	}
	for _, tt := range tests {
		if got := textWidth(tt.in); got != tt.want {
			t.Errorf("textWidth(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestGradeRanges(t *testing.T) {
	r := outRules()
	got := gradeRanges(r)
	want := map[string]string{
		"A": "90 < 分 ≤ 110", "B": "80 ≤ 分 ≤ 90", "C": "70 ≤ 分 < 80", "D": "65 ≤ 分 < 70", "E": "60 ≤ 分 < 65", "不合格": "分 < 60",
	}
	for g, w := range want {
		if got[g] != w {
			t.Errorf("gradeRanges[%s] = %q; want %q", g, got[g], w)
		}
	}
	if order := gradeOrder(r); !slices.Equal(order, []string{"A", "B", "C", "D", "E", "不合格"}) {
		t.Errorf("gradeOrder = %v; want A…不合格", order)
	}
}

func TestSortDefaults(t *testing.T) {
	in := `<Types><Default Extension="xml" ContentType="x"></Default><Default Extension="bmp" ContentType="b"></Default><Override PartName="/a"></Override></Types>`
	want := `<Types><Default Extension="bmp" ContentType="b"></Default><Default Extension="xml" ContentType="x"></Default><Override PartName="/a"></Override></Types>`
	if got := string(sortDefaults([]byte(in))); got != want {
		t.Errorf("sortDefaults = %s; want %s", got, want)
	}
}

// TestWorkbookParts checks the print setup and the chart in the package.
func TestWorkbookParts(t *testing.T) {
	dir, _ := writeFixture(t, outFixture(), outRun())
	zr, err := zip.OpenReader(filepath.Join(dir, AppraisalName(2026, 11)))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string]string{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		parts[f.Name] = buf.String()
		names = append(names, f.Name)
	}
	if names[0] != "[Content_Types].xml" {
		t.Errorf("first part = %s; want [Content_Types].xml", names[0])
	}
	checks := []struct{ part, want string }{
		{"xl/worksheets/sheet1.xml", `orientation="landscape"`},
		{"xl/worksheets/sheet1.xml", `fitToHeight="0"`},
		{"xl/worksheets/sheet1.xml", `fitToPage="true"`},
		{"xl/worksheets/sheet1.xml", `state="frozen"`},
		{"xl/worksheets/sheet1.xml", `<autoFilter ref="A2:W8">`},
		{"xl/worksheets/sheet1.xml", `<sheetPr><pageSetUpPr fitToPage="true">`},
		{"xl/worksheets/sheet1.xml", `<dimension ref="A1:W10">`},
		{"xl/workbook.xml", `_xlnm.Print_Titles`},
		{"xl/workbook.xml", `&#39;考核汇总&#39;!$1:$2`},
		{"xl/worksheets/sheet8.xml", `<drawing `}, // 等级分布, after 制度执行
		{"xl/charts/chart1.xml", `&#39;等级分布&#39;!$C$3:$C$8`},
		{"docProps/core.xml", `2026-11-01T00:00:00Z`},
	}
	for _, c := range checks {
		if !strings.Contains(parts[c.part], c.want) {
			t.Errorf("%s lacks %s", c.part, c.want)
		}
	}
}

func TestFixFilter(t *testing.T) {
	in := `<worksheet><sheetPr filterMode="true"><pageSetUpPr fitToPage="true"></pageSetUpPr></sheetPr><sheetData></sheetData><autoFilter ref="$A$2:$W$8"></autoFilter></worksheet>`
	want := `<worksheet><sheetPr><pageSetUpPr fitToPage="true"></pageSetUpPr></sheetPr><sheetData></sheetData><autoFilter ref="A2:W8"></autoFilter></worksheet>`
	buf := bytes.NewBufferString(in)
	fixFilter(buf)
	if got := buf.String(); got != want {
		t.Errorf("fixFilter =\n%s\nwant\n%s", got, want)
	}
	plain := `<worksheet><sheetData></sheetData></worksheet>`
	buf = bytes.NewBufferString(plain)
	fixFilter(buf)
	if got := buf.String(); got != plain {
		t.Errorf("fixFilter(no filter) = %s; want unchanged", got)
	}
}

// TestSetColsAsExcelize: the <cols> of setCols are those that
// StreamWriter.SetColWidth writes, called for each column in order.
func TestSetColsAsExcelize(t *testing.T) {
	for _, widths := range [][]float64{{8}, {8, 10.5, 62, 8}, {6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31.25}} {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range widths {
			if err := sw.SetColWidth(i+1, i+1, w); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var sheet []byte
		for _, zf := range zr.File {
			if zf.Name == "xl/worksheets/sheet1.xml" {
				r, _ := zf.Open()
				sheet, _ = io.ReadAll(r)
			}
		}
		want := regexp.MustCompile(`<cols>.*</cols>`).Find(sheet)
		z := &sortedZip{}
		if err := z.setCols("p", widths); err != nil {
			t.Fatal(err)
		}
		if got := z.cols["p"]; !bytes.Equal(got, want) {
			t.Errorf("setCols(%v) =\n%s\nwant\n%s", widths, got, want)
		}
	}
	z := &sortedZip{}
	if err := z.setCols("p", []float64{8, 256}); err != excelize.ErrColumnWidth {
		t.Errorf("setCols with a width of 256: %v; want %v", err, excelize.ErrColumnWidth)
	}
}
