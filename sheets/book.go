package sheets

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/sheets/xlsx"
)

// Number formats of the outputs.
const (
	// fmtScore shows a score as stored up to two decimals (79.99, not
	// "80.0" beside grade C), with one decimal at least (85.0, -0.1).
	fmtScore   = "0.0#"
	fmtMoney   = "#,##0.00"
	fmtDate    = "yyyy-mm-dd"
	fmtPercent = "0.0%"
	fmtText    = 49 // built-in "@"
)

// fontName is the font of every cell: 等线 (DengXian) is the default
// font of Chinese Excel since 2016 and ships with Windows 10 and Office for
// Mac; WPS uses it from the system; LibreOffice maps it, like any unknown
// name, through fontconfig to the system's sans-serif CJK font (the font
// family is declared as sans-serif, charset GB2312).
const fontName = "等线"

// gradePalette colours the grades from the best down (cell fill, font,
// chart bar of the same hue); the fail grade always gets the last (red)
// entry.
var gradePalette = [][3]string{
	{"C6EFCE", "006100", "70AD47"}, // A green
	{"DDEBF7", "1F4E78", "5B9BD5"}, // B blue
	{"FFF2CC", "7F6000", "FFC000"}, // C yellow
	{"FCE4D6", "843C0C", "F4B183"}, // D light orange
	{"F8CBAD", "833C0B", "ED7D31"}, // E orange
	{"FFC7CE", "9C0006", "C00000"}, // 不合格 red
}

// gradeColors are the palette entries of the grades from the best down.
func gradeColors(grades []string, fail string) [][3]string {
	out := make([][3]string, len(grades))
	for i, g := range grades {
		out[i] = gradePalette[len(gradePalette)-1]
		if g != fail {
			out[i] = gradePalette[min(i, len(gradePalette)-2)]
		}
	}
	return out
}

// xlStyles holds the style ids of one workbook, each created once.
type xlStyles struct {
	title, header, text, mid, wrap, id, integer, score, avg, money, date, percent int
	sign, note, levelErr, levelWarn                                               int
	grade                                                                         map[string]int
	notice                                                                        *noticeStyles // those of the notices' workbook
}

// xlBook is a workbook being written.
type xlBook struct {
	f      *excelize.File
	st     xlStyles
	sheets int
	title  string // the document's title, printed in the page footers
	zip    *sortedZip
	part   string // the part name of the last sheet added
}

// newBook starts a workbook with fixed document properties (no time stamps,
// so that the same result gives the same bytes) and its styles. rules may
// be nil (no grade colours).
func newBook(title string, rules *calc.Rules, year int, month time.Month) (*xlBook, error) {
	return newBookOf(title, rules, year, month, false)
}

// newBookOf starts a workbook as newBook does, with the notices' styles
// too when notices is set.
func newBookOf(title string, rules *calc.Rules, year int, month time.Month, notices bool) (*xlBook, error) {
	base, err := baseFor(rules, notices)
	if err != nil {
		return nil, err
	}
	f, err := base.open()
	if err != nil {
		return nil, err
	}
	zw := &sortedZip{}
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { zw.w = w; return zw })
	stamp := fmt.Sprintf("%04d-%02d-01T00:00:00Z", year, int(month))
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:        "appraise",
		LastModifiedBy: "appraise",
		Title:          title,
		Language:       "zh-CN",
		Created:        stamp,
		Modified:       stamp,
	}); err != nil {
		return nil, err
	}
	return &xlBook{f: f, st: base.st, title: title, zip: zw}, nil
}

// baseBook is what every workbook we write starts from: excelize's new
// file with our default font and styles, saved once per process (per set
// of grades) so that each workbook need not parse excelize's templates
// (its theme alone takes longer than most of our sheets) nor make its
// styles again.
type baseBook struct {
	// pkg is a zip (stored) of the parts of a new file as excelize
	// writes them, but the styles and the theme, which excelize would
	// parse on opening and write again on saving.
	pkg []byte
	// styles and theme are those parts as excelize writes them (the
	// fonts of styles fixed, see fixFonts), put into each workbook's
	// package as they are: the workbooks add no styles.
	styles, theme []byte
	st            xlStyles // the style ids
}

// baseBooks are the base workbooks by grades and kind (see baseKey).
var baseBooks struct {
	sync.Mutex
	m map[string]*baseBook
}

// baseKey tells the sets of styles apart: the grades', and the notices'.
func baseKey(rules *calc.Rules, notices bool) string {
	key := "book"
	if notices {
		key = "notices"
	}
	if rules == nil {
		return key
	}
	return key + "\x00" + strings.Join(gradeOrder(rules), "\x00") // the fail grade last
}

// baseFor returns the base workbook of the grades of rules, with the
// notices' styles when notices is set.
func baseFor(rules *calc.Rules, notices bool) (*baseBook, error) {
	key := baseKey(rules, notices)
	baseBooks.Lock()
	defer baseBooks.Unlock()
	if b, ok := baseBooks.m[key]; ok {
		return b, nil
	}
	b, err := makeBase(rules, notices)
	if err != nil {
		return nil, err
	}
	if baseBooks.m == nil || len(baseBooks.m) >= 16 {
		baseBooks.m = map[string]*baseBook{}
	}
	baseBooks.m[key] = b
	return b, nil
}

// Parts of a new excelize file that the base keeps apart.
const (
	partStyles = "xl/styles.xml"
	partTheme  = "xl/theme/theme1.xml"
)

// makeBase makes the base workbook of the grades of rules (and of the
// notices).
func makeBase(rules *calc.Rules, notices bool) (*baseBook, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDefaultFont(fontName); err != nil {
		return nil, err
	}
	b := &xlBook{f: f}
	if err := b.styles(rules); err != nil {
		return nil, err
	}
	if notices {
		ns, err := b.noticeStyles()
		if err != nil {
			return nil, err
		}
		b.st.notice = &ns
	}
	parts := &partCapture{parts: map[string][]byte{}}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return parts })
	if _, err := f.WriteToBuffer(); err != nil {
		return nil, err
	}
	styles, theme := parts.parts[partStyles], parts.parts[partTheme]
	if styles == nil || theme == nil {
		return nil, fmt.Errorf("内部错误：新工作簿没有样式或主题部件")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range parts.names {
		if name == partStyles || name == partTheme {
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(parts.parts[name]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	st := bytes.NewBuffer(styles)
	fixFonts(st)
	return &baseBook{pkg: buf.Bytes(), styles: st.Bytes(), theme: theme, st: b.st}, nil
}

// open starts a workbook from the base: excelize opens the package (no
// styles, no theme to parse), then the styles and the theme go in as
// parts, which excelize writes as they are.
func (b *baseBook) open() (*excelize.File, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b.pkg))
	if err != nil {
		return nil, err
	}
	f.Styles, f.Theme = nil, nil
	f.Pkg.Store(partStyles, b.styles)
	f.Pkg.Store(partTheme, b.theme)
	return f, nil
}

// partCapture is an excelize ZipWriter that keeps the parts written.
type partCapture struct {
	names []string
	parts map[string][]byte
}

func (c *partCapture) Create(name string) (io.Writer, error) {
	c.names = append(c.names, name)
	return &captureWriter{c: c, name: name}, nil
}

func (c *partCapture) AddFS(fs.FS) error {
	return errors.New("内部错误：不支持向工作簿添加文件系统")
}

func (c *partCapture) Close() error { return nil }

type captureWriter struct {
	c    *partCapture
	name string
}

func (w *captureWriter) Write(p []byte) (int, error) {
	w.c.parts[w.name] = append(w.c.parts[w.name], p...)
	return len(p), nil
}

// thinBorder is the grey box around the table cells of every workbook we write.
var thinBorder = []excelize.Border{
	{Type: "left", Color: "A6A6A6", Style: 1},
	{Type: "right", Color: "A6A6A6", Style: 1},
	{Type: "top", Color: "A6A6A6", Style: 1},
	{Type: "bottom", Color: "A6A6A6", Style: 1},
}

// styleMaker returns a function that adds a style to f in the font of our
// workbooks and returns its id; after the first failure it returns 0 and
// *err holds the error.
func styleMaker(f *excelize.File, err *error) func(*excelize.Style) int {
	return func(s *excelize.Style) int {
		if *err != nil {
			return 0
		}
		if s.Font == nil {
			s.Font = &excelize.Font{}
		}
		s.Font.Family = fontName
		var id int
		id, *err = f.NewStyle(s)
		return id
	}
}

func (b *xlBook) styles(rules *calc.Rules) error {
	border := thinBorder
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	left := &excelize.Alignment{Vertical: "center"}
	str := func(s string) *string { return &s }
	var err error
	mk := styleMaker(b.f, &err)
	st := xlStyles{grade: map[string]int{}}
	st.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: center})
	st.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	st.text = mk(&excelize.Style{Border: border, Alignment: left})
	st.mid = mk(&excelize.Style{Border: border, Alignment: center})
	st.wrap = mk(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	st.id = mk(&excelize.Style{Border: border, Alignment: left, NumFmt: fmtText})
	st.integer = mk(&excelize.Style{Border: border, Alignment: center, NumFmt: 1})
	st.score = mk(&excelize.Style{Border: border, Alignment: left, CustomNumFmt: str(fmtScore)})
	st.avg = mk(&excelize.Style{Border: border, Alignment: left, CustomNumFmt: str("0.00")})
	st.money = mk(&excelize.Style{Border: border, Alignment: left, CustomNumFmt: str(fmtMoney)})
	st.date = mk(&excelize.Style{Border: border, Alignment: center, CustomNumFmt: str(fmtDate)})
	st.percent = mk(&excelize.Style{Border: border, Alignment: left, CustomNumFmt: str(fmtPercent)})
	st.sign = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "center"}, Font: &excelize.Font{Size: 12}})
	st.note = mk(&excelize.Style{Font: &excelize.Font{Color: "595959", Size: 9}})
	st.levelErr = mk(&excelize.Style{Border: border, Alignment: center, Font: &excelize.Font{Bold: true, Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	st.levelWarn = mk(&excelize.Style{Border: border, Alignment: center, Font: &excelize.Font{Color: "7F6000"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFEB9C"}}})
	if rules != nil {
		grades := gradeOrder(rules)
		colors := gradeColors(grades, rules.FailGrade)
		for i, g := range grades {
			p := colors[i]
			st.grade[g] = mk(&excelize.Style{Border: border, Alignment: center,
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{p[0]}},
				Font: &excelize.Font{Bold: true, Color: p[1]}})
		}
	}
	b.st = st
	return err
}

// gradeOrder lists the grades from the best down, the fail grade last.
func gradeOrder(r *calc.Rules) []string {
	bands := append([]calc.GradeBand(nil), r.Grades...)
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min.GreaterThan(bands[j].Min) })
	out := make([]string, 0, len(bands)+1)
	for _, g := range bands {
		out = append(out, g.Grade)
	}
	return append(out, r.FailGrade)
}

// gradeStyle is the coloured style of a grade (plain text when unknown).
func (b *xlBook) gradeStyle(g string) int {
	if s, ok := b.st.grade[g]; ok {
		return s
	}
	return b.st.text
}

// newSheet adds a sheet (the first call renames the default Sheet1).
func (b *xlBook) newSheet(name string) error {
	b.sheets++
	// excelize numbers the sheet parts of a new workbook in the order
	// the sheets are added (the default Sheet1 is sheet1.xml).
	b.part = "xl/worksheets/sheet" + strconv.Itoa(b.sheets) + ".xml"
	if b.sheets == 1 {
		return b.f.SetSheetName("Sheet1", name)
	}
	_, err := b.f.NewSheet(name)
	return err
}

// streamRows hands the rows of the sheet being streamed (the last one
// added) to the zip writer, which puts them into the sheet's part.
func (b *xlBook) streamRows(x *rowXML) {
	b.zip.setRows(b.part, x.chunks(), x.maxCol, x.maxRow)
}

// save writes the workbook to w, encrypted when password is set. Without
// a password the zip goes straight into w, so on an error w may hold part
// of a workbook (or, as excelize closes the zip after a failed part, a
// whole one without it): w must be a file that is thrown away on error —
// every caller writes into the staging folder of an outSet (abort removes
// it) or through ReplaceFile (its temporary file is removed) — never the
// final path itself.
func (b *xlBook) save(w io.Writer, password string) error {
	var opts []excelize.Options
	if password != "" {
		opts = append(opts, excelize.Options{Password: password})
	} else {
		// Straight into w: excelize would hold the whole zip in a
		// buffer first (it encrypts that when there is a password).
		b.zip.out = w
	}
	if err := b.f.Write(w, opts...); err != nil {
		return err
	}
	return b.f.Close()
}

// doAll runs the functions on all cores, in order as cores come free, and
// returns when all have ended; the first panic of one is raised again
// here.
func doAll(fns ...func()) {
	var (
		wg       sync.WaitGroup
		next     atomic.Int32
		mu       sync.Mutex
		panicked any
	)
	for range min(runtime.GOMAXPROCS(0), len(fns)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					mu.Lock()
					if panicked == nil {
						panicked = xlsx.Carry(p)
					}
					mu.Unlock()
				}
			}()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(fns) {
					return
				}
				fns[i]()
			}
		}()
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}
