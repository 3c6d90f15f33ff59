package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"appraise/calc"
	"appraise/sheets"
	"appraise/sheets/xlsx"
	"appraise/templates"
)

// TestCases runs every folder of testdata/cases as a regression case: a
// field-trial bug report becomes a test by adding a folder (see
// testdata/cases/README.md). Each folder holds case.txt (the steps that turn
// the base month into the case, and what the run must report) and,
// optionally, files/ with input files copied into the month as they are.
func TestCases(t *testing.T) {
	t.Parallel() // its cases run beside the scripts and the other tests: no idle core while the last case ends
	dirs, err := os.ReadDir("testdata/cases")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		n++
		t.Run(d.Name(), func(t *testing.T) {
			t.Parallel()
			runCase(t, filepath.Join("testdata/cases", d.Name()))
		})
	}
	if n == 0 {
		t.Fatal("no case folders in testdata/cases")
	}
}

// caseSpec is a parsed case.txt.
type caseSpec struct {
	base, previous string
	steps          [][2]string // verb, argument
	params         [][2]string // 参数 of the rules workbook: name, value
	args           []string
	exit           int
	payroll        string // "no", or the payroll's float total ("170.00")
	expect, absent []reportLine
	counts         map[string]int // level → exact number of report lines
	stderr         []string
}

// reportLine is a validation-report line pattern: "*" matches anything,
// "-" an empty field; msg is a substring.
type reportLine struct{ level, file, sheet, cell, msg, hint string }

func (p reportLine) String() string {
	s := strings.Join([]string{p.level, p.file, p.sheet, p.cell, p.msg}, " | ")
	if p.hint != "" {
		s += " | " + p.hint
	}
	return s
}

func (p reportLine) matches(r reportLine) bool {
	field := func(want, got string) bool {
		return want == "*" || (want == "-" && got == "") || want == got
	}
	return field(p.level, r.level) && field(p.file, r.file) && field(p.sheet, r.sheet) && field(p.cell, r.cell) &&
		strings.Contains(r.msg, p.msg) && strings.Contains(r.hint, p.hint)
}

func parseCase(t *testing.T, path string) *caseSpec {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := &caseSpec{counts: map[string]int{}, exit: -1}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for no := 1; sc.Scan(); no++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("%s:%d: want “key: value”, got %q", path, no, line)
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		pattern := func() reportLine {
			f := strings.Split(val, "|")
			if len(f) != 5 && len(f) != 6 {
				t.Fatalf("%s:%d: want “级别 | 文件 | 工作表 | 单元格 | 问题 [| 建议]”, got %q", path, no, val)
			}
			for i := range f {
				f[i] = strings.TrimSpace(f[i])
			}
			if len(f) == 5 {
				f = append(f, "")
			}
			return reportLine{f[0], f[1], f[2], f[3], f[4], f[5]}
		}
		switch key {
		case "base":
			c.base = val
		case "previous":
			c.previous = val
		case "remove", "copy", "set", "keep-rows", "to-csv", "gbk-line", "stray-byte":
			c.steps = append(c.steps, [2]string{key, val})
		case "param":
			name, v, ok := strings.Cut(val, "=")
			if !ok {
				t.Fatalf("%s:%d: want “param: 名称 = 值”, got %q", path, no, val)
			}
			c.params = append(c.params, [2]string{strings.TrimSpace(name), strings.TrimSpace(v)})
		case "args":
			c.args = strings.Fields(val)
		case "exit":
			c.exit, err = strconv.Atoi(val)
			if err != nil {
				t.Fatalf("%s:%d: exit %q", path, no, val)
			}
		case "payroll":
			c.payroll = val
		case "expect":
			c.expect = append(c.expect, pattern())
		case "absent":
			c.absent = append(c.absent, pattern())
		case "count":
			lvl, n, _ := strings.Cut(val, "=")
			k, err := strconv.Atoi(strings.TrimSpace(n))
			if err != nil {
				t.Fatalf("%s:%d: want “count: 错误 = 0”, got %q", path, no, val)
			}
			c.counts[strings.TrimSpace(lvl)] = k
		case "stderr":
			c.stderr = append(c.stderr, val)
		default:
			t.Fatalf("%s:%d: unknown key %q", path, no, key)
		}
	}
	if c.base == "" || c.exit < 0 || c.payroll == "" {
		t.Fatalf("%s: base, exit and payroll are required", path)
	}
	return c
}

func runCase(t *testing.T, dir string) {
	c := parseCase(t, filepath.Join(dir, "case.txt"))
	root := t.TempDir()
	month := filepath.Join(root, "inbox", filepath.Base(c.base))
	copyDir(t, filepath.Join("../..", c.base), month)
	if files := filepath.Join(dir, "files"); isDir(files) {
		copyDir(t, files, month)
	}
	for i := 0; i < len(c.steps); i++ {
		s := c.steps[i]
		if s[0] == "set" {
			// consecutive sets of one workbook: opened and saved once
			j := i + 1
			for j < len(c.steps) && c.steps[j][0] == "set" && setFile(c.steps[j][1]) == setFile(s[1]) {
				j++
			}
			var args []string
			for _, st := range c.steps[i:j] {
				args = append(args, st[1])
			}
			if err := applySets(month, args); err != nil {
				t.Fatalf("set: %s: %v", strings.Join(args, "; "), err)
			}
			i = j - 1
			continue
		}
		if err := applyStep(month, s[0], s[1]); err != nil {
			t.Fatalf("%s: %s: %v", s[0], s[1], err)
		}
	}
	out := filepath.Join(root, "out")
	if c.previous != "" {
		prev := filepath.Join(root, "prev", filepath.Base(c.previous))
		copyDir(t, filepath.Join("../..", c.previous), prev)
		if code, _, stderr := runCLI(t, "run", prev, "--out", out, "-q"); code != exitOK {
			t.Fatalf("previous month %s = %d\n%s", c.previous, code, stderr)
		}
	}
	args := append([]string{"run", month, "--out", out, "-q"}, c.args...)
	if len(c.params) > 0 {
		args = append(args, "--rules", editedRules(t, filepath.Join(root, "考核规则.xlsx"), c.params))
	}
	code, _, stderr := runCLI(t, args...)
	period := filepath.Base(c.base)
	got := readReport(t, filepath.Join(out, period, "校验报告_"+period+".xlsx"))
	dump := func() string {
		var b strings.Builder
		for _, r := range got {
			if r.level != "提示" {
				b.WriteString("  " + r.String() + "\n")
			}
		}
		return b.String()
	}
	if os.Getenv("CASES_DUMP") != "" {
		t.Logf("exit %d\n%s\nstderr:\n%s", code, dump(), stderr)
	}
	if code != c.exit {
		t.Errorf("exit = %d; want %d\nstderr:\n%s", code, c.exit, stderr)
	}
	for _, p := range c.expect {
		found := false
		for _, r := range got {
			found = found || p.matches(r)
		}
		if !found {
			t.Errorf("report lacks %s; errors and warnings:\n%s", p, dump())
		}
	}
	for _, p := range c.absent {
		for _, r := range got {
			if p.matches(r) {
				t.Errorf("report has %s (matches absent: %s)", r, p)
			}
		}
	}
	for lvl, n := range c.counts {
		k := 0
		for _, r := range got {
			if r.level == lvl {
				k++
			}
		}
		if k != n {
			t.Errorf("%d lines of %s; want %d:\n%s", k, lvl, n, dump())
		}
	}
	for _, s := range c.stderr {
		if !strings.Contains(stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, stderr)
		}
	}
	payroll := filepath.Join(out, period, "绩效工资调整表_"+period+".xlsx")
	_, err := os.Stat(payroll)
	switch {
	case c.payroll == "no" && err == nil:
		t.Errorf("payroll written; want none")
	case c.payroll != "no" && err != nil:
		t.Errorf("payroll not written; want one totalling %s", c.payroll)
	case c.payroll != "no":
		var m struct {
			PayrollTotals struct {
				Float string `json:"float"`
			} `json:"payroll_totals"`
		}
		data, err := os.ReadFile(filepath.Join(out, period, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		if m.PayrollTotals.Float != c.payroll {
			t.Errorf("payroll float total = %s; want %s", m.PayrollTotals.Float, c.payroll)
		}
	}
}

// readReport reads the validation report's lines (level, file, sheet,
// cell, message), finding its header row by 级别. It reads the first sheet
// with the project's own reader (sheets/xlsx): the report holds text only,
// whose raw values are what excelize shows, at a tenth of excelize's cost.
func readReport(t *testing.T, path string) []reportLine {
	t.Helper()
	rows, err := firstSheetRows(path)
	if err != nil {
		t.Fatalf("validation report: %v", err)
	}
	col := map[string]int{}
	var out []reportLine
	for _, r := range rows {
		if len(col) == 0 {
			if len(r) > 0 && strings.TrimSpace(r[0]) == "级别" {
				for i, h := range r {
					col[strings.TrimSpace(h)] = i
				}
			}
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(r) {
				return strings.TrimSpace(r[i])
			}
			return ""
		}
		if lvl := get("级别"); lvl == "错误" || lvl == "警告" || lvl == "提示" {
			out = append(out, reportLine{lvl, get("文件"), get("工作表"), get("单元格"), get("问题"), get("建议")})
		}
	}
	if len(col) == 0 {
		t.Fatalf("validation report %s: no header row with 级别", path)
	}
	return out
}

// firstSheetRows returns the raw cell values of the first sheet of a
// workbook, row by row (sheets/xlsx's streaming reader).
func firstSheetRows(path string) ([][]string, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	book, err := xlsx.Open(&zr.Reader)
	if err != nil {
		return nil, err
	}
	if len(book.Sheets()) == 0 {
		return nil, fmt.Errorf("%s: no sheet", path)
	}
	rows, err := book.Rows(book.Sheets()[0].Part)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for {
		cells, _, ok, err := rows.Next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		out = append(out, slices.Clone(cells))
	}
	if is := rows.Issues(); len(is) > 0 {
		return nil, fmt.Errorf("%s: %v", path, is[0])
	}
	return out, nil
}

// applyStep changes the month folder as one line of case.txt says:
//
//	remove: 文件
//	copy: 文件 => 新文件
//	set: 文件!工作表!单元格 = 值
//	keep-rows: 文件!工作表 列名 <= YYYY-MM-DD   (rows dated later are deleted)
//	to-csv: 文件!工作表 => 新文件.csv          (UTF-8, no BOM; the workbook stays)
//	gbk-line: 文件.csv 行号                    (that line re-encoded as GBK)
//	stray-byte: 文件.csv 行号                  (a 0xFF byte appended to that line)
//
// setFile is the workbook a set step changes.
func setFile(arg string) string {
	where, _, _ := strings.Cut(arg, "=")
	file, _, _ := strings.Cut(strings.TrimSpace(where), "!")
	return file
}

// applySets applies set steps (文件!工作表!单元格 = 值) of one workbook, in
// order, opening and saving it once.
func applySets(month string, args []string) error {
	var f *excelize.File
	for _, arg := range args {
		where, val, ok := strings.Cut(arg, "=")
		parts := strings.Split(strings.TrimSpace(where), "!")
		if !ok || len(parts) != 3 {
			return fmt.Errorf("want 文件!工作表!单元格 = 值")
		}
		if f == nil {
			var err error
			if f, err = excelize.OpenFile(filepath.Join(month, strings.TrimSpace(parts[0]))); err != nil {
				return err
			}
			defer f.Close()
		}
		if err := f.SetCellStr(parts[1], parts[2], strings.TrimSpace(val)); err != nil {
			return err
		}
	}
	if f == nil {
		return nil
	}
	return f.Save()
}

func applyStep(month, verb, arg string) error {
	path := func(name string) string { return filepath.Join(month, strings.TrimSpace(name)) }
	switch verb {
	case "remove":
		return os.Remove(path(arg))
	case "copy":
		from, to, ok := strings.Cut(arg, "=>")
		if !ok {
			return fmt.Errorf("want 文件 => 新文件")
		}
		data, err := os.ReadFile(path(from))
		if err != nil {
			return err
		}
		return os.WriteFile(path(to), data, 0o644)
	case "set":
		return applySets(month, []string{arg})
	case "keep-rows":
		fields := strings.Fields(arg)
		parts := strings.Split(fields[0], "!")
		if len(fields) != 4 || fields[2] != "<=" || len(parts) != 2 {
			return fmt.Errorf("want 文件!工作表 列名 <= YYYY-MM-DD")
		}
		last, err := time.Parse("2006-01-02", fields[3])
		if err != nil {
			return err
		}
		return keepRows(path(parts[0]), parts[1], fields[1], last)
	case "to-csv":
		from, to, ok := strings.Cut(arg, "=>")
		parts := strings.Split(strings.TrimSpace(from), "!")
		if !ok || len(parts) != 2 {
			return fmt.Errorf("want 文件!工作表 => 新文件.csv")
		}
		f, err := excelize.OpenFile(path(parts[0]))
		if err != nil {
			return err
		}
		defer f.Close()
		rows, err := f.GetRows(parts[1])
		if err != nil {
			return err
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err := w.WriteAll(rows); err != nil {
			return err
		}
		return os.WriteFile(path(to), b.Bytes(), 0o644)
	case "gbk-line", "stray-byte":
		name, no, _ := strings.Cut(strings.TrimSpace(arg), " ")
		n, err := strconv.Atoi(strings.TrimSpace(no))
		if err != nil {
			return fmt.Errorf("want 文件.csv 行号")
		}
		data, err := os.ReadFile(path(name))
		if err != nil {
			return err
		}
		lines := bytes.SplitAfter(data, []byte("\n"))
		if n < 1 || n > len(lines) {
			return fmt.Errorf("line %d of %d", n, len(lines))
		}
		l := lines[n-1]
		body := bytes.TrimRight(l, "\r\n")
		end := l[len(body):]
		if verb == "gbk-line" {
			g, err := simplifiedchinese.GBK.NewEncoder().Bytes(body)
			if err != nil {
				return err
			}
			body = g
		} else {
			body = append(append([]byte(nil), body...), 0xFF)
		}
		lines[n-1] = append(body, end...)
		return os.WriteFile(path(name), bytes.Join(lines, nil), 0o644)
	}
	return fmt.Errorf("unknown step %q", verb)
}

// keepRows deletes the rows of a sheet dated after last in column col (the
// header row is found by the column's name): the kept rows move up over
// them, keeping their cells' styles and types. The dates are read raw (as
// typed, or serial numbers ParseDate reads) by sheets/xlsx, and the
// worksheet part is edited as XML, every other part copied as it is:
// excelize (a style lookup per cell) cost more than the run it prepares.
func keepRows(path, sheet, col string, last time.Time) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	book, err := xlsx.Open(&zr.Reader)
	if err != nil {
		return err
	}
	part := ""
	for _, sh := range book.Sheets() {
		if sh.Name == sheet {
			part = sh.Part
		}
	}
	if part == "" {
		return fmt.Errorf("no sheet %s", sheet)
	}
	rows, err := book.Rows(part)
	if err != nil {
		return err
	}
	c := -1
	var drop []int // row numbers, ascending
	for {
		cells, num, ok, err := rows.Next()
		if err != nil {
			rows.Close()
			return err
		}
		if !ok {
			break
		}
		if c < 0 {
			for j, v := range cells {
				if strings.TrimSpace(v) == col {
					c = j
				}
			}
			continue
		}
		if c >= len(cells) {
			continue
		}
		d, err := sheets.ParseDate(cells[c], last.Year(), last.Month(), false)
		if err == nil && d.After(last) {
			drop = append(drop, num)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if c < 0 {
		return fmt.Errorf("no column %s in %s", col, sheet)
	}

	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	edited := false
	for _, f := range zr.File {
		if f.Name != part {
			if err := zw.Copy(f); err != nil {
				return err
			}
			continue
		}
		edited = true
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if data, err = dropRows(data, drop); err != nil {
			return fmt.Errorf("%s: %v", part, err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	if !edited {
		return fmt.Errorf("no part %s in %s", part, path)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// dropRows removes the <row> elements numbered in drop (ascending) from a
// worksheet's XML and renumbers the rows below them and their cells, as
// deleting the rows in Excel does. Rows with formulas are not moved (their
// references would need rewriting): an error.
func dropRows(data []byte, drop []int) ([]byte, error) {
	dropped := map[int]bool{}
	for _, r := range drop {
		dropped[r] = true
	}
	var out bytes.Buffer
	at := 0
	for {
		start := nextTag(data, at, "row")
		if start < 0 {
			break
		}
		end := bytes.IndexByte(data[start:], '>') + start
		if end < start {
			return nil, fmt.Errorf("an unterminated <row>")
		}
		if data[end-1] != '/' {
			e := bytes.Index(data[end:], []byte("</row>"))
			if e < 0 {
				return nil, fmt.Errorf("a <row> without </row>")
			}
			end += e + len("</row>") - 1
		}
		out.Write(data[at:start])
		at = end + 1
		row := data[start:at]
		n, i, j, ok := attrNumber(row, 0)
		if !ok {
			return nil, fmt.Errorf("a <row> without its number")
		}
		if dropped[n] {
			continue
		}
		shift, _ := slices.BinarySearch(drop, n) // dropped rows above this one
		if shift == 0 {
			out.Write(row)
			continue
		}
		if nextTag(row, 0, "f") >= 0 {
			return nil, fmt.Errorf("row %d has formulas", n)
		}
		to := strconv.Itoa(n - shift)
		out.Write(row[:i])
		out.WriteString(to)
		k := j
		for c := nextTag(row, k, "c"); c >= 0; c = nextTag(row, k, "c") {
			_, i, j, ok := attrNumber(row, c)
			if !ok {
				return nil, fmt.Errorf("row %d: a cell without its reference", n)
			}
			out.Write(row[k:i])
			out.WriteString(to)
			k = j
		}
		out.Write(row[k:])
	}
	out.Write(data[at:])
	return out.Bytes(), nil
}

// nextTag returns where the next element named name (<name …> or <name/>)
// starts in data from at, or -1.
func nextTag(data []byte, at int, name string) int {
	open := []byte("<" + name)
	for {
		i := bytes.Index(data[at:], open)
		if i < 0 {
			return -1
		}
		i += at
		if k := i + len(open); k < len(data) && strings.IndexByte(" \t\r\n/>", data[k]) >= 0 {
			return i
		}
		at = i + len(open)
	}
}

// attrNumber finds the r attribute of the tag starting at data[tag] and
// returns its trailing number (the row of r="12" or r="AB12") and where
// that number's digits are.
func attrNumber(data []byte, tag int) (n, i, j int, ok bool) {
	end := bytes.IndexByte(data[tag:], '>') + tag
	if end < tag {
		return 0, 0, 0, false
	}
	a := bytes.Index(data[tag:end], []byte(` r="`))
	if a < 0 {
		return 0, 0, 0, false
	}
	i = tag + a + len(` r="`)
	for i < end && data[i] >= 'A' && data[i] <= 'Z' {
		i++
	}
	j = i
	for j < end && data[j] >= '0' && data[j] <= '9' {
		j++
	}
	if j == i || data[j] != '"' {
		return 0, 0, 0, false
	}
	n, err := strconv.Atoi(string(data[i:j]))
	return n, i, j, err == nil
}

// editedRules writes the default rules workbook to path with the given
// 参数 values and returns path.
func editedRules(t *testing.T, path string, params [][2]string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := templates.WriteRules(&buf, calc.DefaultRules()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("参数")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range params {
		row := 0
		for i, r := range rows {
			if len(r) > 0 && r[0] == p[0] {
				row = i + 1
			}
		}
		if row == 0 {
			t.Fatalf("param: no 参数 named %s", p[0])
		}
		if err := f.SetCellStr("参数", fmt.Sprintf("B%d", row), p[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}
