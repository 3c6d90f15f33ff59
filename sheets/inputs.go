package sheets

import (
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"time"

	"appraise/calc"
)

// Input completeness (D19, D20, D41): every required kind present, every
// sheet accounted for, copies of files, sheets and rows caught, attendance
// covering the month's workdays, ledgers of several months.

// sheetRec is what the completeness checks keep of each sheet read.
type sheetRec struct {
	file, sheet string
	kind        Kind
	broken      bool // recognised (or near-missed) but not readable: counts as present
	rows        []rowFP
	ids         []string // the 工号s of rows, rowFP.id indexes them
	dropped     bool     // a copy of another sheet: its rows are left out
	idCol       int      // 0-based column of 工号, −1 when none
}

// rowFP is one data row's fingerprint: a hash of its cells, the row number
// and, for the kinds whose repeated rows are reported, the 工号 written (an
// index in sheetRec.ids, -1 for none). It holds no pointer: the garbage
// collector need not look into the half a million of a month of punches.
type rowFP struct {
	h   uint64
	num int32
	id  int32
}

// addRow records a data row's fingerprint. A 工号 repeating the last one
// (a person's rows come one after another) is not stored again.
func (s *sheetRec) addRow(h uint64, num int, id string) {
	k := int32(-1)
	if id != "" {
		if n := len(s.ids); n > 0 && s.ids[n-1] == id {
			k = int32(n - 1)
		} else {
			k = int32(n)
			s.ids = append(s.ids, id)
		}
	}
	s.rows = append(s.rows, rowFP{h: h, num: int32(num), id: k})
}

// id is the 工号 written in row r ("" for none).
func (s *sheetRec) id(r rowFP) string {
	if r.id < 0 {
		return ""
	}
	return s.ids[r.id]
}

// cell is where a row is reported: its 工号 cell, else the row.
func (s *sheetRec) cell(r rowFP) string {
	if s.idCol >= 0 {
		return cellName(s.idCol, int(r.num))
	}
	return fmt.Sprintf("第%d行", r.num)
}

func (s *sheetRec) loc(cell string) calc.Loc {
	return calc.Loc{File: s.file, Sheet: s.sheet, Cell: cell}
}

func (s *sheetRec) where() string {
	if s.sheet == "" {
		return s.file
	}
	return s.file + "!" + s.sheet
}

// beginSheet records a recognised sheet.
func (ld *loader) beginSheet(src *sheetSrc, kind Kind, broken bool) *sheetRec {
	rec := &sheetRec{file: src.file, sheet: src.sheet, kind: kind, broken: broken, idCol: -1}
	ld.sheetRecs = append(ld.sheetRecs, rec)
	return rec
}

// rowSeen fingerprints a data row.
func (rec *sheetRec) rowSeen(h *header, num int, cells []string) {
	fp := rowFingerprint(cells)
	id := ""
	if i, ok := h.cols["工号"]; ok {
		rec.idCol = i
		if i < len(cells) && (rowKinds[rec.kind] || rec.kind == Roster) {
			id = NormalizeID(cells[i])
		}
	}
	rec.addRow(fp, num, id)
}

// rowFingerprint hashes the trimmed cells: each cell's bytes, read eight
// at a time, and its length are mixed into the state by a 64×64→128-bit
// multiplication folded to 64 bits, as wyhash mixes (its reads of a short
// input, too, which cover every byte). Rows equal once trimmed have the
// same fingerprint; others differ but by a chance of 2⁻⁶⁴. It is about
// three times as fast as FNV-1a byte by byte on a clock export's rows.
func rowFingerprint(cells []string) uint64 {
	h := uint64(fpSeed)
	for _, c := range cells {
		c = trimSpace(c) // strings.TrimSpace (csv.go)
		n := uint64(len(c))
		for len(c) >= 8 {
			x := uint64(c[0]) | uint64(c[1])<<8 | uint64(c[2])<<16 | uint64(c[3])<<24 |
				uint64(c[4])<<32 | uint64(c[5])<<40 | uint64(c[6])<<48 | uint64(c[7])<<56
			h = fpMix(h^x, fpWord)
			c = c[8:]
		}
		var x uint64
		switch k := len(c); {
		case k >= 4: // the first four and the last four bytes, overlapping
			x = uint64(c[0]) | uint64(c[1])<<8 | uint64(c[2])<<16 | uint64(c[3])<<24 |
				uint64(c[k-4])<<32 | uint64(c[k-3])<<40 | uint64(c[k-2])<<48 | uint64(c[k-1])<<56
		case k > 0: // 1 to 3 bytes: the first, middle and last
			x = uint64(c[0]) | uint64(c[k/2])<<8 | uint64(c[k-1])<<16
		}
		h = fpMix(h^x^fpCell, fpWord^n<<32)
	}
	return fpMix(h, fpEnd^uint64(len(cells)))
}

// The constants of wyhash.
const (
	fpSeed = 0xa0761d6478bd642f
	fpWord = 0xe7037ed1a0b428db
	fpCell = 0x8ebc6af09c88c6e3
	fpEnd  = 0x589965cc75374cc3
)

func fpMix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// endSheet notes a header-only sheet: it declares "none this month" (D19).
func (ld *loader) endSheet(rec *sheetRec) {
	ld.flushLedger(rec)
	if rec.broken || len(rec.rows) > 0 {
		return
	}
	what := rec.kind.String()
	switch ik := inputKindOf(rec.kind); ik {
	case "花名册", "考勤":
		return // never "none": an empty one is reported by finish, checkCoverage or calc
	case "":
	default:
		what = ik
	}
	ld.add(calc.Info, rec.loc(""), "", fmt.Sprintf("本月无%s（工作表只有表头，没有数据行）", what), "")
}

// kindsPresent returns the 输入清单 types with a sheet in the folder.
func (ld *loader) kindsPresent() map[string]bool {
	out := map[string]bool{}
	for _, s := range ld.sheetRecs {
		if ik := inputKindOf(s.kind); ik != "" {
			out[ik] = true
		}
	}
	return out
}

// fileKinds returns the 输入清单 types each file provides, for manifest.json.
func (ld *loader) fileKinds() map[string][]string {
	out := map[string][]string{}
	for _, s := range ld.sheetRecs {
		ik := inputKindOf(s.kind)
		if ik == "" || s.dropped {
			continue
		}
		if !slices.Contains(out[s.file], ik) {
			out[s.file] = append(out[s.file], ik)
		}
	}
	return out
}

// checkRequired reports each required kind without a sheet (D19). 花名册 and
// 考勤 are reported by finish.
func (ld *loader) checkRequired() {
	have := ld.kindsPresent()
	for _, k := range ld.r.Inputs {
		if !k.Required || have[k.Name] || k.Name == "花名册" || k.Name == "考勤" {
			continue
		}
		ld.add(calc.Error, calc.Loc{}, "", fmt.Sprintf("缺少必需的输入：%s（文件夹中没有识别为%s的工作表）", k.Name, k.Name),
			fmt.Sprintf("请把本月的%s放进文件夹（文件名不限，按表头识别）；如果本月确实没有%s，放入一个只有表头行的空白模板（appraise templates 生成）表示“本月无”", k.Name, k.Name))
	}
}

// MissingSince compares the kinds of the previous month's inputs (from its
// manifest.json) with this month's and returns a warning for each kind
// missing now. prev maps a kind to the previous month's file names.
func MissingSince(prev map[string][]string, now map[string]bool, period string) []calc.Problem {
	var out []calc.Problem
	var kinds []string
	for k := range prev {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		if now[k] || k == "申诉处理" { // appeals come some months only (D32)
			continue
		}
		out = append(out, calc.Problem{Level: calc.Warning,
			Msg:  fmt.Sprintf("上月（%s）的输入有%s（%s），本月没有", period, k, strings.Join(prev[k], "、")),
			Hint: fmt.Sprintf("请确认本月是否漏放了%s的文件；本月确实没有时，放入只有表头的空白模板", k)})
	}
	return out
}

// checkCoverage reports the workdays calc.ShortDays finds short of
// attendance records (D19): the export is incomplete.
func (ld *loader) checkCoverage() {
	read := false // an attendance sheet was read (a header-only one too)
	for _, rec := range ld.sheetRecs {
		read = read || (inputKindOf(rec.kind) == "考勤" && !rec.broken && !rec.dropped)
	}
	if !read || len(ld.m.Employees) == 0 {
		return
	}
	y, mo := ld.year, ld.month
	short, worst := calc.ShortDays(ld.r, y, mo, ld.m.Employees, ld.m.Days)
	bad := make([]string, len(short))
	for i, d := range short {
		bad[i] = fmt.Sprintf("%d日", d)
	}
	if len(bad) == 0 {
		return
	}
	ld.add(calc.Error, ld.attendanceLoc(), "", fmt.Sprintf("考勤不完整：%d月有%d个工作日多数应出勤人员没有任何考勤记录（或只有无打卡的旷工）：%s（每天最多 %d 人）",
		int(mo), len(bad), strings.Join(bad, "、"), worst),
		"考勤导出可能不完整（例如只导出到15日）：请重新导出整月考勤；这些日子如果确实全员放假，请在考核规则的“节假日”工作表中登记；判断比例见参数“考勤缺失比例”")
}

// attendanceLoc is the attendance file when there is one, else no place.
func (ld *loader) attendanceLoc() calc.Loc {
	var files []string
	for _, s := range ld.sheetRecs {
		if inputKindOf(s.kind) == "考勤" && !slices.Contains(files, s.file) {
			files = append(files, s.file)
		}
	}
	if len(files) == 1 {
		return calc.Loc{File: files[0]}
	}
	return calc.Loc{}
}

// ledgerSkip counts a row of another month skipped in a running ledger
// (累计台账 = 是, D41).
func (ld *loader) ledgerSkip(src *sheetSrc, t time.Time) {
	if ld.ledger == nil {
		ld.ledger = map[calc.Loc]map[string]int{}
	}
	k := calc.Loc{File: src.file, Sheet: src.sheet}
	if ld.ledger[k] == nil {
		ld.ledger[k] = map[string]int{}
	}
	ld.ledger[k][t.Format("2006-01")]++
}

// outsideMonth counts a row outside the month reported as an error
// (累计台账 = 否).
func (ld *loader) outsideMonth(src *sheetSrc) {
	if ld.outside == nil {
		ld.outside = map[calc.Loc]int{}
	}
	ld.outside[calc.Loc{File: src.file, Sheet: src.sheet}]++
}

// manyOutside is how many rows outside the month make a sheet look like a
// running ledger.
const manyOutside = 5

// flushLedger ends a sheet: one note counting the skipped rows by month,
// or, when many rows fell outside the month, a hint suggesting 累计台账.
func (ld *loader) flushLedger(rec *sheetRec) {
	k := calc.Loc{File: rec.file, Sheet: rec.sheet}
	if by := ld.ledger[k]; len(by) > 0 {
		months := make([]string, 0, len(by))
		total := 0
		for m, n := range by {
			months = append(months, m)
			total += n
		}
		sort.Strings(months)
		parts := make([]string, len(months))
		for i, m := range months {
			parts[i] = fmt.Sprintf("%s %d 行", m, by[m])
		}
		msg := fmt.Sprintf("累计台账：跳过其他月份的 %d 行（%s）", total, strings.Join(parts, "，"))
		if rec.kind == LeaveLog {
			msg = fmt.Sprintf("不在考核月份内的请假 %d 条未计入（按开始时间：%s）；请核对其中有没有年份或月份写错的", total, strings.Join(parts, "，"))
		}
		ld.add(calc.Info, k, "", msg, "")
		delete(ld.ledger, k)
	}
	if n := ld.outside[k]; n >= manyOutside {
		hint := fmt.Sprintf("此工作表有 %d 行不在考核月份内。如果这是全年累计的台账，请把考核规则“参数”中的“累计台账”改为 是，其他月份的行将被跳过", n)
		for i := range ld.problems {
			p := &ld.problems[i]
			if p.Loc.File == rec.file && p.Loc.Sheet == rec.sheet && strings.Contains(p.Msg, "不在考核月份") {
				p.Hint = hint
			}
		}
	}
	delete(ld.outside, k)
}

// noOne records a row whose identity names nobody in the roster (D28).
func (ld *loader) noOne(w ident) {
	loc := w.idLoc.loc()
	if loc.File == "" {
		loc = w.rowLoc.loc()
	}
	msg := fmt.Sprintf("工号 %s 不在花名册中", w.id)
	switch {
	case w.id == "" && w.alt != "":
		msg = fmt.Sprintf("%s %s 对应不到花名册中的人", w.altCol, w.alt)
	case w.id == "":
		msg = fmt.Sprintf("姓名「%s」对应不到花名册中唯一的人", w.name)
	}
	ld.unattributed = append(ld.unattributed, calc.Problem{Level: calc.Error, Loc: loc, ID: w.id, Msg: msg})
}

// twoRosters reports two roster sheets that share 工号s (issue 16: two
// versions of the roster in the folder) as one error naming both, and
// leaves the later one out, instead of one duplicate-工号 error per row.
// Exact copies were handled by checkCopies.
func (ld *loader) twoRosters() {
	var first *sheetRec
	for _, rec := range ld.sheetRecs {
		if rec.kind != Roster || rec.dropped || rec.broken || len(rec.rows) == 0 {
			continue
		}
		if first == nil {
			first = rec
			continue
		}
		ids := map[string]bool{}
		for _, r := range first.rows {
			ids[first.id(r)] = true
		}
		shared := 0
		for _, r := range rec.rows {
			if id := rec.id(r); id != "" && ids[id] {
				shared++
			}
		}
		if shared == 0 {
			continue // e.g. one roster per team
		}
		ld.add(calc.Error, rec.loc(""), "", fmt.Sprintf("文件夹中有两份花名册：%s 和 %s（%d 个工号两边都有）；此份未读取",
			first.where(), rec.where(), shared),
			fmt.Sprintf("删除其中一个（%s 或 %s），只保留当月的花名册；各班组分开的花名册不能有相同的工号", first.where(), rec.where()))
		ld.dropRows(rec)
	}
}
