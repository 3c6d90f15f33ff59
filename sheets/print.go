package sheets

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// printSetup makes a sheet print on A4, landscape unless portrait, fit to
// one page wide, with the rows up to head repeated on every page and a
// footer naming the document and the page ("第 1 页 共 3 页"). A sheet
// without a title row (titled false) gets the document title as its page
// header, so that its first row can stay the header row.
// tall is the number of pages the sheet is fit into, 0 for as many as
// it needs.
func (b *xlBook) printSetup(sheet string, head int, untitled, portrait bool, tall int) error {
	f := b.f
	orient, size, one := "landscape", 9, 1
	if portrait {
		orient = "portrait"
	}
	if err := setPage(f, sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &tall,
	}, true); err != nil {
		return err
	}
	hf := &excelize.HeaderFooterOptions{
		OddFooter: "&L" + hfText(b.title) + "&C第 &P 页 共 &N 页&R" + hfText(sheet),
	}
	if untitled {
		hf.OddHeader = "&C&\"-,Bold\"&14" + hfText(b.title)
	}
	if err := f.SetHeaderFooter(sheet, hf); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, head),
		Scope:    sheet,
	})
}

// setPage gives a sheet its page layout, fits it to the page or not, and
// sets the margins of every sheet we print.
func setPage(f *excelize.File, sheet string, layout *excelize.PageLayoutOptions, fit bool) error {
	if err := f.SetPageLayout(sheet, layout); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	side, topBottom, headFoot := marginSideIn, marginTopIn, marginHeaderIn
	return f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &topBottom, Bottom: &topBottom, Header: &headFoot, Footer: &headFoot,
	})
}

// The margins of every printed sheet, in inches.
const marginSideIn, marginTopIn, marginHeaderIn = 0.4, 0.6, 0.3

// Page geometry of A4 in points with the margins of setPage.
const (
	a4Long, a4Short  = 842.0, 595.0
	marginSides      = marginSideIn * 72 * 2
	marginTopBottom  = marginTopIn * 72 * 2
	defaultRowHeight = 14.25 // Excel's row of 11-point 等线
	maxEstimateRows  = 300   // longer tables are not estimated
	sparseLastPage   = 1.0 / 3
)

// pagesTall estimates how many pages tall the table prints when fit to
// one page wide, and returns one page less when the last page would hold
// only a few rows (less than a third of a page): the sheet then prints a
// little smaller instead of spilling a couple of rows onto an almost empty
// page. It returns 0 (as many pages as needed) otherwise.
func (b *xlBook) pagesTall(t *xlTable, widths []float64, head int) int {
	if len(t.rows) > maxEstimateRows {
		return 0
	}
	pageW, pageH := a4Long-marginSides, a4Short-marginTopBottom
	if t.portrait {
		pageW, pageH = a4Short-marginSides, a4Long-marginTopBottom
	}
	tableW := 0.0
	for _, w := range widths {
		tableW += (w*7 + 5) * 0.75 // characters → pixels → points
	}
	scale := min(1, pageW/tableW)
	room := pageH / scale // sheet points per page
	var heights []float64
	if t.title != "" {
		heights = append(heights, 30)
	}
	heights = append(heights, 22)
	repeat := 0.0
	for _, h := range heights[:head] {
		repeat += h
	}
	for _, r := range t.rows {
		h := b.rowHeight(r, widths, nil)
		if h == 0 {
			h = defaultRowHeight
		}
		heights = append(heights, h)
	}
	if len(t.tail) > 0 {
		heights = append(heights, defaultRowHeight)
		for _, tr := range t.tail {
			heights = append(heights, max(b.rowHeight(tr.cells, widths, tr.span), defaultRowHeight))
		}
	}
	if len(t.footer) > 0 {
		heights = append(heights, defaultRowHeight)
		for range t.footer {
			heights = append(heights, 24)
		}
	}
	pages, used := 1, 0.0
	for i, h := range heights {
		if used+h > room && i >= head {
			pages++
			used = repeat
		}
		used += h
	}
	if pages > 1 && pages <= 5 && used-repeat < (room-repeat)*sparseLastPage {
		return pages - 1
	}
	return 0
}

// hfText escapes text for a page header or footer, where & starts a code.
func hfText(s string) string { return strings.ReplaceAll(s, "&", "&&") }
