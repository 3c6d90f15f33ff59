package sheets

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
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
	f := excelize.NewFile()
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
	if err := f.SetDefaultFont(fontName); err != nil {
		return nil, err
	}
	b := &xlBook{f: f, title: title, zip: zw}
	if err := b.styles(rules); err != nil {
		return nil, err
	}
	return b, nil
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

// save writes the workbook to w, encrypted when password is set.
func (b *xlBook) save(w io.Writer, password string) error {
	var opts []excelize.Options
	if password != "" {
		opts = append(opts, excelize.Options{Password: password})
	}
	if err := b.f.Write(w, opts...); err != nil {
		return err
	}
	return b.f.Close()
}
