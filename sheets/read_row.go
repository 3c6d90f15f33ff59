package sheets

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"appraise/calc"
	"appraise/sheets/xlsx"
)

// rowCtx is one data row being parsed. Its getters report problems at the
// exact cell; bad is set when an error was reported, and the row is then
// left out.
type rowCtx struct {
	ld    *loader
	src   *sheetSrc
	h     *header
	num   int // 1-based row number
	cells []string
	bad   bool
	fx    map[string]bool // columns whose formula error was reported
}

// has reports whether the sheet has the column.
func (c *rowCtx) has(col string) bool { _, ok := c.h.cols[col]; return ok }

// ref is the cell reference of a column in this row ("C7"), or the row
// ("第7行") when the sheet has no such column.
func (c *rowCtx) ref(col string) string {
	i, ok := c.h.cols[col]
	if !ok {
		return fmt.Sprintf("第%d行", c.num)
	}
	return cellName(i, c.num)
}

func cellName(col0, row int) string { return xlsx.CellName(col0, row) }

func (c *rowCtx) loc(col string) calc.Loc { return c.src.loc(c.ref(col)) }

func (c *rowCtx) errorf(col, hint, format string, args ...any) {
	c.bad = true
	c.ld.add(calc.Error, c.loc(col), c.rowID(), fmt.Sprintf(format, args...), hint)
}

func (c *rowCtx) warnf(col, hint, format string, args ...any) {
	c.ld.add(calc.Warning, c.loc(col), c.rowID(), fmt.Sprintf(format, args...), hint)
}

// rowID is the row's 工号 as written (normalised), for problems.
func (c *rowCtx) rowID() string {
	if i, ok := c.h.cols["工号"]; ok && i < len(c.cells) {
		return NormalizeID(c.cells[i])
	}
	return ""
}

// raw returns the trimmed cell text of a column ("" when absent). A formula
// cell without a cached value is an error at the cell, reported once.
func (c *rowCtx) raw(col string) string {
	i, ok := c.h.cols[col]
	if !ok {
		return ""
	}
	v := ""
	if i < len(c.cells) {
		v = strings.TrimSpace(c.cells[i])
	}
	if v == "" && len(c.src.formulas) > 0 && c.src.formulas[cellName(i, c.num)] && !c.fx[col] {
		if c.fx == nil {
			c.fx = map[string]bool{}
		}
		c.fx[col] = true
		c.errorf(col, "请在 Excel 中打开此文件，按 F9 重新计算并保存；或把公式改成数值", "%s：%s", col, errFormula)
	}
	return v
}

// text returns a text cell, full-width folded and trimmed.
func (c *rowCtx) text(col string) string { return normText(c.raw(col)) }

// required reports an empty required cell.
func (c *rowCtx) required(col, v string) bool {
	if v == "" {
		if !c.fx[col] {
			c.errorf(col, "请填写此单元格", "%s 不能为空", col)
		}
		return false
	}
	return true
}

// note returns a free-text column as written, only trimmed: notes keep
// their full-width punctuation.
func (c *rowCtx) note(col string) string { return strings.TrimSpace(c.raw(col)) }

// date parses a date column; ok is false when blank or wrong (wrong is
// reported; blank is reported when req).
func (c *rowCtx) date(col string, req bool) (time.Time, bool) {
	v := c.raw(col)
	if v == "" {
		if req {
			c.required(col, v)
		}
		return time.Time{}, false
	}
	if m, d, ok := dottedDate(v); ok {
		c.errorf(col, fmt.Sprintf("请写成 %d-%02d-%02d 或 %d月%d日（或先把该列设为日期格式再输入）", c.ld.year, m, d, m, d),
			"%s：单元格里是数字 %s，不是日期：按“月.日”输入的 %s 被 Excel 存为数字（11.10 和 11.1 是同一个数），无法确定是哪一天", col, v, v)
		return time.Time{}, false
	}
	t, err := ParseDate(v, c.ld.year, c.ld.month, c.src.date1904)
	if err != nil {
		c.errorf(col, "日期请写成 2026-11-03 或 2026/11/3，或使用 Excel 日期格式", "%s：%s「%s」", col, errDate, v)
		return time.Time{}, false
	}
	return t, true
}

// dottedDate recognises a date typed the Chinese short way, "11.2" for
// 11月2日, which Excel keeps as the number 11.2: a number from 1 to 12
// with a fraction, never an Excel date of a real month.
func dottedDate(v string) (month, day int, ok bool) {
	ms, ds, found := strings.Cut(strings.TrimSpace(v), ".")
	if !found {
		return 0, 0, false // (before parsing: a failed Atoi allocates its error)
	}
	m, err1 := strconv.Atoi(ms)
	d, err2 := strconv.Atoi(ds)
	if !found || err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 || len(ds) > 2 {
		return 0, 0, false
	}
	return m, d, true
}

// inMonth reports whether t lies in the month; the row is left out
// otherwise. A date outside is an error for records that score (strict:
// events, complaints, QA) and a warning for exports that often spill over
// the month's edges (attendance, exams).
func (c *rowCtx) inMonth(col string, t time.Time, strict bool) bool {
	if t.Year() == c.ld.year && t.Month() == c.ld.month {
		return true
	}
	report := c.warnf
	if strict {
		if c.ld.r.Ledger { // 累计台账 (D41): counted, one note per sheet
			c.ld.ledgerSkip(c.src, t)
			c.bad = true
			return false
		}
		c.ld.outsideMonth(c.src)
		report = c.errorf
	}
	report(col, "此行未计入；如日期写错请更正，如属其他月份请放入该月文件夹", "%s %s 不在考核月份 %d-%02d 内", col, t.Format("2006-01-02"), c.ld.year, int(c.ld.month))
	c.bad = true
	return false
}

// dec parses a decimal column; Valid is false when blank or wrong.
func (c *rowCtx) dec(col string, req bool) decimal.NullDecimal {
	v := c.raw(col)
	if v == "" {
		if req {
			c.required(col, v)
		}
		return decimal.NullDecimal{}
	}
	d, err := ParseDecimal(v)
	if err != nil {
		c.errorf(col, "请填写数字", "%s：%s「%s」", col, errDecimal, v)
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(d)
}

// integer parses a whole, non-negative number column (0 when blank).
func (c *rowCtx) integer(col string) int {
	v := c.raw(col)
	if v == "" {
		return 0
	}
	n, err := parseInt(v)
	if err != nil || n < 0 {
		c.errorf(col, "请填写不小于 0 的整数", "%s：应为不小于 0 的整数「%s」", col, v)
		return 0
	}
	return n
}

// who returns the row's identity (工号 and 姓名).
func (c *rowCtx) who() ident {
	id := NormalizeID(c.raw("工号"))
	name := c.text("姓名")
	return ident{id: id, name: name, idLoc: c.pos("工号"), nameLoc: c.pos("姓名"), rowLoc: c.rowPos()}
}

// identify returns the row's identity; a row with neither 工号 nor 姓名 is
// an error at the 工号 cell.
func (c *rowCtx) identify() ident {
	w := c.who()
	if w.id == "" && w.name == "" {
		c.errorf("工号", "请填写工号", "工号 不能为空")
		c.ld.unattributed = append(c.ld.unattributed, calc.Problem{Level: calc.Error, Loc: c.loc("工号"), Msg: "工号 不能为空"})
	}
	return w
}
