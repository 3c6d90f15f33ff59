package sheets

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"strings"
	"syscall"
	"unicode/utf8"

	"appraise/calc"
)

// Guards against hostile or broken input: friendly file errors, a bound on
// the unzipped size of a workbook, and a cap on repeated problems so that a
// sheet of a million bad rows reports a few of them and a count.

// maxSameProblems is how many problems of one kind (level, file, sheet,
// column, hint) are listed; the rest are counted in one summary line.
const maxSameProblems = 20

// maxMsgRunes bounds a problem message (a 32,767-character cell quoted in
// a message is cut).
const maxMsgRunes = 300

// problemKey identifies problems "of the same kind" for the cap.
type problemKey struct {
	level            calc.Level
	file, sheet, col string
	hint             string
}

// problemCap counts problems per kind and remembers the 工号s of the errors
// left out, so that --force still leaves those employees out of the payroll.
type problemCap struct {
	seen       map[problemKey]int
	order      []problemKey
	suppressed map[problemKey]map[uint64]bool // FNV-1a of the 工号s of errors not listed, by kind
}

func idHash(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

// colOf returns the column letters of a cell reference ("AB12" → "AB"), or
// "" for a row ("第7行") or file location.
func colOf(cell string) string {
	i := 0
	for i < len(cell) && cell[i] >= 'A' && cell[i] <= 'Z' {
		i++
	}
	if i == 0 || i == len(cell) || cell[i] < '0' || cell[i] > '9' {
		return ""
	}
	return cell[:i]
}

// clipText cuts a message to maxMsgRunes runes.
func clipText(s string) string {
	if utf8.RuneCountInString(s) <= maxMsgRunes {
		return s
	}
	n := utf8.RuneCountInString(s)
	r := []rune(s)
	return string(r[:maxMsgRunes]) + fmt.Sprintf("…（共 %d 字，已截断）", n)
}

// admit reports whether a problem is listed; a problem beyond the cap is
// counted instead.
func (c *problemCap) admit(p calc.Problem) bool {
	if c.seen == nil {
		c.seen = map[problemKey]int{}
		c.suppressed = map[problemKey]map[uint64]bool{}
	}
	k := problemKey{p.Level, p.Loc.File, p.Loc.Sheet, colOf(p.Loc.Cell), p.Hint}
	n := c.seen[k]
	if n == 0 {
		c.order = append(c.order, k)
	}
	c.seen[k] = n + 1
	if n < maxSameProblems {
		return true
	}
	if p.Level == calc.Error && p.ID != "" {
		if c.suppressed[k] == nil {
			c.suppressed[k] = map[uint64]bool{}
		}
		c.suppressed[k][idHash(p.ID)] = true
	}
	return false
}

// flushCapped adds one summary line per kind of problem over the cap. An
// error's summary names the roster employees whose errors of that kind were
// all left out (and carries their 工号s in Others, so that --force leaves
// them out of the payroll too): nothing more of that kind is listed after
// it. Call after finish.
func (ld *loader) flushCapped() {
	c := &ld.cap
	listed := map[string]bool{}
	for _, p := range ld.problems {
		if p.Level == calc.Error && p.ID != "" {
			listed[p.ID] = true
		}
	}
	for _, k := range c.order {
		n := c.seen[k] - maxSameProblems
		if n <= 0 {
			continue
		}
		cell := ""
		if k.col != "" {
			cell = k.col + "列"
		}
		var others []string
		if sup := c.suppressed[k]; len(sup) > 0 {
			for _, e := range ld.m.Employees {
				if sup[idHash(e.ID)] && !listed[e.ID] {
					others = append(others, e.ID)
					listed[e.ID] = true
				}
			}
		}
		msg := fmt.Sprintf("另有%d行同类问题未逐条列出（同一列同类问题只列出前%d条）", n, maxSameProblems)
		if len(others) > 0 {
			msg += "，涉及 " + idList(others)
		}
		ld.problems = append(ld.problems, calc.Problem{Level: k.level, Loc: calc.Loc{File: k.file, Sheet: k.sheet, Cell: cell},
			Msg: msg, Hint: k.hint, Others: others})
	}
}

// idList names at most 10 工号s ("KF0004、KF0005 等 19 人").
func idList(ids []string) string {
	const most = 10
	if len(ids) <= most {
		return "工号 " + strings.Join(ids, "、")
	}
	return fmt.Sprintf("工号 %s 等 %d 人", strings.Join(ids[:most], "、"), len(ids))
}

// fileProblem turns an error reading a file into a message and a hint.
func fileProblem(err error) (string, string) {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "无法读取文件：没有读取权限", "请检查文件权限，或把文件复制一份后放入文件夹"
	case errors.Is(err, syscall.ELOOP):
		return "无法读取文件：快捷方式（符号链接）形成循环", "请删除此链接，把真正的文件放入文件夹"
	case errors.Is(err, fs.ErrNotExist):
		return "无法读取文件：文件不存在（可能是指向已删除文件的快捷方式）", "请把真正的文件放入文件夹"
	}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return "无法读取文件：" + msg, "检查文件权限"
}

// damaged reports whether an error reading a package part means the data
// is corrupt (a bad checksum, a part larger than declared, bad deflate
// data, a cut-off stream) rather than odd XML.
func damaged(err error) bool {
	var ce flate.CorruptInputError
	return err != nil && (errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ce))
}

// trimEmpty drops a row's trailing empty cells (a stray value in column XFD
// would otherwise make every check walk 16,384 cells).
func trimEmpty(cells []string) []string {
	n := len(cells)
	for n > 0 && cells[n-1] == "" {
		n--
	}
	return cells[:n]
}

// maxSheetRows is Excel's row limit; a worksheet claiming rows beyond it
// (<row r="999999999">) is damaged, and reading up to it would never end.
const maxSheetRows = 1 << 20

// maxHeaderCols bounds the columns header detection looks at (Excel's
// limit; a CSV line of a million fields would otherwise take seconds).
const maxHeaderCols = 1 << 14

// maxCellText is Excel's limit on the text of a cell, in characters.
const maxCellText = 32767

// boundFields cuts the fields of a CSV record to maxCellText characters,
// with an error at each cell cut: no input column holds such a text, and a
// 100 MB field would otherwise flow into every check. row is the 1-based
// record number.
func (ld *loader) boundFields(file string, row int, rec []string) []string {
	for i, f := range rec {
		if len(f) <= maxCellText {
			continue // fewer bytes than the limit in characters
		}
		n := 0
		for j := range f {
			if n == maxCellText {
				ld.add(calc.Error, calc.Loc{File: file, Cell: cellName(i, row)}, "",
					fmt.Sprintf("单元格内容超过 Excel 的上限 %d 个字符（共 %d 字节），只读取了前 %d 个字符", maxCellText, len(f), maxCellText),
					"请检查此单元格：导出的内容可能有误（引号不配对会把多行并成一个单元格）")
				rec[i] = f[:j]
				break
			}
			n++
		}
	}
	return rec
}
