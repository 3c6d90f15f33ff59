package sheets

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// maxCellChars is Excel's limit on the text of one cell (UTF-16 units).
const maxCellChars = excelize.TotalCellChars

// cellText keeps a text within Excel's limit: a longer text is cut and
// ends with a note saying how much is not shown (the CSV and the inputs
// keep the whole text).
func cellText(s string) string {
	if len(s) <= maxCellChars || utf16Len(s) <= maxCellChars {
		return s
	}
	total := utf8.RuneCountInString(s)
	note := func(rest int) string {
		return fmt.Sprintf("……（全文 %d 字，超出 Excel 单元格 %d 字的上限，以下 %d 字未显示）", total, maxCellChars, rest)
	}
	room := maxCellChars - utf16Len(note(total))
	n, kept := 0, 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if n+w > room {
			return s[:i] + note(total-kept)
		}
		n += w
		kept++
	}
	return s
}

// utf16Len is the length of s in UTF-16 units, as Excel counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// Cell constructors.

func (b *xlBook) str(s string) excelize.Cell {
	return excelize.Cell{StyleID: b.st.text, Value: cellText(s)}
}

func (b *xlBook) mid(s string) excelize.Cell {
	return excelize.Cell{StyleID: b.st.mid, Value: cellText(s)}
}

func (b *xlBook) wrapped(s string) excelize.Cell {
	return excelize.Cell{StyleID: b.st.wrap, Value: cellText(s)}
}

func (b *xlBook) idCell(s string) excelize.Cell { return excelize.Cell{StyleID: b.st.id, Value: s} }

func (b *xlBook) num(n int) excelize.Cell { return excelize.Cell{StyleID: b.st.integer, Value: n} }

func (b *xlBook) score(d decimal.Decimal) excelize.Cell {
	return excelize.Cell{StyleID: b.st.score, Value: decFloat(d)}
}

// avg is an average, shown with two decimals.
func (b *xlBook) avg(d decimal.Decimal) excelize.Cell {
	return excelize.Cell{StyleID: b.st.avg, Value: decFloat(d)}
}

func (b *xlBook) nullAvg(d decimal.NullDecimal) excelize.Cell {
	if !d.Valid {
		return excelize.Cell{StyleID: b.st.avg}
	}
	return b.avg(d.Decimal)
}

func (b *xlBook) money(d decimal.Decimal) excelize.Cell {
	return excelize.Cell{StyleID: b.st.money, Value: decFloat(d)}
}

func (b *xlBook) date(t time.Time) excelize.Cell {
	if t.IsZero() {
		return excelize.Cell{StyleID: b.st.date}
	}
	return excelize.Cell{StyleID: b.st.date, Value: t}
}

// decFloat converts a decimal for a numeric cell; excelize writes floats
// in their shortest form, so a decimal of up to 15 digits is kept exactly.
func decFloat(d decimal.Decimal) float64 {
	f, _ := d.Float64()
	return f
}

// yesNo is 是 or 否.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
