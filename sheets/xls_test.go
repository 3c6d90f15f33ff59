package sheets

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// TestXLSConverted saves the DingTalk example as .xls with LibreOffice and
// loads it: the .xls is converted in a temporary folder and read like the
// .xlsx. Skipped when LibreOffice is not installed.
func TestXLSConverted(t *testing.T) {
	if testing.Short() {
		t.Skip("slow; runs without -short (CI runs it)")
	}
	soffice := sofficePath()
	if soffice == "" {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	const name = "dingtalk_考勤报表_20261101-20261130"
	work := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "formats", name+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "in.xlsx"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(work, "profile")),
		"--headless", "--convert-to", "xls", "--outdir", work, filepath.Join(work, "in.xlsx"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("LibreOffice cannot write .xls here: %v %s", err, out)
	}
	xls, err := os.ReadFile(filepath.Join(work, "in.xls"))
	if err != nil {
		t.Skipf("LibreOffice wrote no .xls: %v", err)
	}

	dir := t.TempDir()
	writeBook(t, filepath.Join(dir, "花名册.xlsx"), false, excelize.Options{}, formatsRoster())
	if err := os.WriteFile(filepath.Join(dir, name+".xls"), xls, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Load(dir, readerRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if errs := problemLines(l.Problems, calc.Error); len(errs) > 0 {
		t.Fatalf("errors = %q; want none", errs)
	}
	info := strings.Join(problemLines(l.Problems, calc.Info), "\n")
	for _, w := range []string{name + ".xls 这是旧版 Excel 97-2003（.xls）文件，已用 LibreOffice 转换为 .xlsx 后读取", "识别为 钉钉每日统计"} {
		if !strings.Contains(info, w) {
			t.Errorf("info =\n%s\nwant a line with %q", info, w)
		}
	}
	if len(l.Month.Days) != 7 {
		t.Errorf("read %d days; want 7", len(l.Month.Days))
	}
	want := calc.Day{ID: "1003", Date: day(11, 5), Status: "迟到", Late: true, LateMin: 31, Early: true, EarlyMin: 20, WorkedMin: 489,
		Loc: calc.Loc{File: name + ".xls", Sheet: "每日统计", Cell: "J11"}, EarlyLoc: calc.Loc{File: name + ".xls", Sheet: "每日统计", Cell: "L11"}}
	if got := noArrive1(dayOf(l.Month.Days, "1003", 5)); !reflect.DeepEqual(got, want) {
		t.Errorf("day 1003 11-05 = %+v; want %+v", got, want)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Errorf("the input folder holds %d files after the run; want the 2 inputs only", len(entries))
	}
}

// TestXLSWithoutLibreOffice asks for .xlsx when no converter is found.
func TestXLSWithoutLibreOffice(t *testing.T) {
	old := sofficePath
	sofficePath = func() string { return "" }
	defer func() { sofficePath = old }()
	ld := newLoader(testRules(), 2026, time.November, LoadOptions{})
	data := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, utf16le("Workbook")...)
	ld.readWorkbook("a.xls", data)
	want := []string{"a.xls 这是旧版 Excel 97-2003（.xls）文件，不能直接读取"}
	if got := problemLines(ld.problems, calc.Error); !reflect.DeepEqual(got, want) {
		t.Errorf("errors = %q; want %q", got, want)
	}
}
