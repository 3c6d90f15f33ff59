package sheets

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestPayrollWorkbook(t *testing.T) {
	dir, _ := writeFixture(t, outFixture(), outRun())
	path := filepath.Join(dir, "绩效工资调整表_2026-11.xlsx")
	lines := dumpOf(t, path)
	m := lineMap(lines)
	for i, h := range payrollHeaders {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if got := m["绩效工资调整!"+col+"1"]; got != h {
			t.Errorf("绩效工资调整!%s1 = %q; want %q", col, got, h)
		}
	}
	tests := []struct{ cell, want string }{
		{"绩效工资调整!A2", "000123"},
		{"绩效工资调整!E2", "2026-11"},
		{"绩效工资调整!F2", "91.0"},
		{"绩效工资调整!H2", "110.00"},
		{"绩效工资调整!H4", "-120.00"},
		{"绩效工资调整!I5", "150.50"},
		{"绩效工资调整!J7", "否"},
		{"绩效工资调整!K7", "未满三个月不浮动"},
		{"合计!A4", "人数"},
		{"合计!B4", "6"},
		{"合计!B6", "-330.00"},
		{"合计!B7", "150.50"},
		{"合计!B8", "0"},
	}
	for _, tt := range tests {
		if got := m[tt.cell]; got != tt.want {
			t.Errorf("Dump[%s] = %q; want %q", tt.cell, got, tt.want)
		}
	}
	// The data sheet is imported: no merged cells (合计 is printed and may
	// have a merged title and signature lines).
	for _, l := range lines {
		if strings.HasPrefix(l, sheetPayroll+"!") && strings.Contains(l, "<合并>") {
			t.Errorf("payroll data sheet has a merged range: %s", l)
		}
	}

	// 工号 is a text cell with the text number format, leading zeros kept.
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, cell := range []string{"A2", "A7"} {
		typ, err := f.GetCellType(sheetPayroll, cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("GetCellType(%s) = %v; want a string type", cell, typ)
		}
		raw, _ := f.GetCellValue(sheetPayroll, cell, excelize.Options{RawCellValue: true})
		if !strings.HasPrefix(raw, "000") {
			t.Errorf("raw %s = %q; want leading zeros", cell, raw)
		}
		sid, _ := f.GetCellStyle(sheetPayroll, cell)
		st, _ := f.GetStyle(sid)
		if st == nil || st.NumFmt != fmtText {
			t.Errorf("style of %s = %+v; want number format 49 (@)", cell, st)
		}
	}
	// Money is stored as a number.
	if typ, _ := f.GetCellType(sheetPayroll, "H4"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("GetCellType(H4) = %v; want a number", typ)
	}
	if raw, _ := f.GetCellValue(sheetPayroll, "H4", excelize.Options{RawCellValue: true}); raw != "-120" {
		t.Errorf("raw H4 = %q; want -120", raw)
	}
}

const wantCSV = "工号,姓名,部门,班组,考核月份,考核分,等级,绩效浮动金额,赔偿扣款,是否浮动,备注\r\n" +
	"000123,张三,客服部,一组,2026-11,91.0,A,110.00,0.00,是,\r\n" +
	"000124,李四,客服部,一组,2026-11,80.0,B,0.00,0.00,是,\r\n" +
	"000125,王五,客服部,一组,2026-11,68.0,D,-120.00,0.00,是,违纪（请假制度 八）：11月3日迟到25分钟\r\n" +
	"000201,赵六,客服部,二组,2026-11,0.0,不合格,-300.00,150.50,是,赔偿扣款超过月基本工资20%（需人工复核）\r\n" +
	"000202,钱七,客服部,二组,2026-11,78.0,C,-20.00,0.00,是,'-测试备注，含逗号\r\n" +
	"000203,孙八,客服部,二组,2026-11,85.0,B,0.00,0.00,否,未满三个月不浮动\r\n"

func TestPayrollCSV(t *testing.T) {
	dir, _ := writeFixture(t, outFixture(), outRun())
	got, err := os.ReadFile(filepath.Join(dir, "绩效工资调整表_2026-11.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := "\uFEFF" + wantCSV
	if string(got) != want {
		t.Errorf("CSV =\n%q\nwant\n%q", got, want)
	}
}

func TestPayrollCSVGBK(t *testing.T) {
	run := outRun()
	run.CSVGBK = true
	dir, _ := writeFixture(t, outFixture(), run)
	got, err := os.ReadFile(filepath.Join(dir, "绩效工资调整表_2026-11.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(wantCSV))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("GBK CSV = %q; want %q", got, want)
	}
}

func TestPayrollExcluded(t *testing.T) {
	run := outRun()
	run.Excluded = map[string]bool{"000201": true}
	dir, _ := writeFixture(t, outFixture(), run)
	m := lineMap(dumpOf(t, filepath.Join(dir, "绩效工资调整表_2026-11.xlsx")))
	for k, v := range m {
		if strings.HasPrefix(k, "绩效工资调整!") && v == "000201" {
			t.Errorf("excluded 000201 is in the payroll at %s", k)
		}
	}
	tests := []struct{ cell, want string }{
		{"绩效工资调整!A5", "000202"},
		{"合计!B4", "5"},
		{"合计!B6", "-30.00"},
		{"合计!B7", "0.00"},
		{"合计!B8", "1"},
		{"合计!A10", "未列入的工号"},
		{"合计!A11", "000201"},
		{"合计!B11", "赵六"},
	}
	for _, tt := range tests {
		if got := m[tt.cell]; got != tt.want {
			t.Errorf("Dump[%s] = %q; want %q", tt.cell, got, tt.want)
		}
	}
	csv, err := os.ReadFile(filepath.Join(dir, "绩效工资调整表_2026-11.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(csv), "000201") {
		t.Errorf("excluded 000201 is in the CSV")
	}
	mf := readManifest(t, dir)
	if !slices.Equal(mf.Excluded, []string{"000201"}) || mf.PayrollEmployees != 5 || mf.PayrollTotals.Float != "-30.00" {
		t.Errorf("manifest excluded=%v payroll_employees=%d payroll float=%s; want [000201] 5 -30.00",
			mf.Excluded, mf.PayrollEmployees, mf.PayrollTotals.Float)
	}
}

func TestPayrollPassword(t *testing.T) {
	if testing.Short() {
		t.Skip("encrypts a workbook (100,000 hash rounds); under -short cmd's TestPayrollEncrypted encrypts and reopens the payroll")
	}
	run := outRun()
	run.Password = "秘密123"
	dir, _ := writeFixture(t, outFixture(), run)
	path := filepath.Join(dir, "绩效工资调整表_2026-11.xlsx")
	if _, err := excelize.OpenFile(path); err == nil {
		t.Errorf("OpenFile without password succeeded; want an error")
	}
	f, err := excelize.OpenFile(path, excelize.Options{Password: run.Password})
	if err != nil {
		t.Fatalf("OpenFile with password: %v", err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(sheetPayroll, "A2"); v != "000123" {
		t.Errorf("A2 = %q; want 000123", v)
	}
}

func TestCSVText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"张三", "张三"},
		{"=1+2", "'=1+2"},
		{"+86", "'+86"},
		{"-测试", "'-测试"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"a=b", "a=b"},
	}
	for _, tt := range tests {
		if got := csvText(tt.in); got != tt.want {
			t.Errorf("csvText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestScoreText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"68", "68.0"},
		{"0", "0.0"},
		{"87.5", "87.5"},
		{"87.25", "87.25"},
		{"110.0", "110.0"},
	}
	for _, tt := range tests {
		if got := scoreText(outDec(tt.in)); got != tt.want {
			t.Errorf("scoreText(%v) = %v; want %v", tt.in, got, tt.want)
		}
	}
}
