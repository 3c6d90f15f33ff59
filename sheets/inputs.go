package sheets

import (
	"fmt"
	"hash/fnv"
	"path/filepath"
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
	dropped     bool // a copy of another sheet: its rows are left out
	idCol       int  // 0-based column of 工号, −1 when none
}

// rowFP is one data row's fingerprint: a hash of its cells, the row number
// and, for the kinds whose repeated rows are reported, the 工号 written.
type rowFP struct {
	h   uint64
	num int
	id  string
}

// cell is where a row is reported: its 工号 cell, else the row.
func (s *sheetRec) cell(r rowFP) string {
	if s.idCol >= 0 {
		return cellName(s.idCol, r.num)
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
	f := fnv.New64a()
	for _, c := range cells {
		f.Write([]byte(strings.TrimSpace(c)))
		f.Write([]byte{0x1f})
	}
	id := ""
	if i, ok := h.cols["工号"]; ok {
		rec.idCol = i
		if i < len(cells) && (rowKinds[rec.kind] || rec.kind == Roster) {
			id = NormalizeID(cells[i])
		}
	}
	rec.rows = append(rec.rows, rowFP{h: f.Sum64(), num: num, id: id})
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

// copyName reports whether a file name looks like a copy: 副本, 复制, (1),
// Copy of.
func copyName(name string) bool {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	n := strings.ToLower(normText(base))
	if strings.Contains(n, "副本") || strings.Contains(n, "复制") || strings.Contains(n, "copy") {
		return true
	}
	n = strings.TrimSpace(n)
	if strings.HasSuffix(n, ")") {
		if i := strings.LastIndex(n, "("); i >= 0 {
			inner := n[i+1 : len(n)-1]
			return inner != "" && strings.Trim(inner, "0123456789") == ""
		}
	}
	return false
}

// rowKinds are the kinds whose repeated rows are reported by checkCopies;
// attendance and the roster report a second record of a person and day (or
// 工号) themselves.
var rowKinds = map[Kind]bool{Events: true, QA: true, Exams: true, Complaints: true, Adjustments: true, Workload: true}

// checkCopies finds copies (D20): a sheet whose data rows all repeat
// another sheet's of the same kind is an error naming both, and its rows
// are left out (so that a second copy of the roster is one error, not one
// per 工号); a row repeated in another file is an error at both cells; an
// exact repeat within one sheet is a warning. Call before finish.
func (ld *loader) checkCopies() {
	recs := ld.sheetRecs
	for i, a := range recs {
		if a.dropped || len(a.rows) == 0 {
			continue
		}
		for _, b := range recs[i+1:] {
			if b.dropped || b.kind != a.kind || len(b.rows) == 0 {
				continue
			}
			aInB, bInA := subset(a.rows, b.rows), subset(b.rows, a.rows)
			var copy, orig *sheetRec
			switch {
			case aInB && bInA:
				copy, orig = b, a
				if copyName(a.file) && !copyName(b.file) {
					copy, orig = a, b
				}
			case bInA:
				copy, orig = b, a
			case aInB:
				copy, orig = a, b
			default:
				continue
			}
			ld.dropCopy(copy, orig)
			if copy == a {
				break
			}
		}
	}
	ld.twoRosters()
	ld.repeatedRows()
}

// subset reports whether every row of xs is in ys.
func subset(xs, ys []rowFP) bool {
	set := make(map[uint64]bool, len(ys))
	for _, y := range ys {
		set[y.h] = true
	}
	for _, x := range xs {
		if !set[x.h] {
			return false
		}
	}
	return true
}

// dropCopy reports a copied sheet and leaves its rows and row problems out.
func (ld *loader) dropCopy(copy, orig *sheetRec) {
	what := "工作表"
	if copy.sheet == "" || copy.file != orig.file {
		what = "文件"
	}
	ld.add(calc.Error, copy.loc(""), "", fmt.Sprintf("此%s的 %d 行数据与 %s 的数据完全重复（复制出的%s，如「… 副本.xlsx」「…(1).xlsx」，或重新导出的同一份数据）；重复的数据未计入",
		what, len(copy.rows), orig.where(), what),
		fmt.Sprintf("删除其中一个（%s 或 %s）后重新运行；如果同一件事确实发生了两次，请在一行中填写次数", copy.where(), orig.where()))
	ld.dropRows(copy)
}

// dropRows leaves a sheet's rows and their row problems out.
func (ld *loader) dropRows(copy *sheetRec) {
	copy.dropped = true
	in := func(l calc.Loc) bool { return l.File == copy.file && l.Sheet == copy.sheet }
	keep := ld.problems[:0]
	for _, p := range ld.problems {
		if in(p.Loc) && p.Loc.Cell != "" && p.Level != calc.Info {
			continue
		}
		keep = append(keep, p)
	}
	ld.problems = keep
	for k := range ld.cap.seen {
		if k.file == copy.file && k.sheet == copy.sheet {
			delete(ld.cap.seen, k)
		}
	}
	ld.days = dropPending(ld.days, in)
	ld.events = dropPending(ld.events, in)
	ld.qa = dropPending(ld.qa, in)
	ld.exams = dropPending(ld.exams, in)
	ld.complaints = dropPending(ld.complaints, in)
	ld.adjustments = dropPending(ld.adjustments, in)
	ld.workload = dropPending(ld.workload, in)
	emps := ld.employees[:0]
	for _, e := range ld.employees {
		if !in(e.Loc) {
			emps = append(emps, e)
		}
	}
	ld.employees = emps
}

func dropPending[T any](rows []pending[T], in func(calc.Loc) bool) []pending[T] {
	out := rows[:0]
	for _, p := range rows {
		if !in(p.who.rowLoc) {
			out = append(out, p)
		}
	}
	return out
}

// repeatedRows reports rows repeated exactly: in another sheet or file an
// error at both cells, within one sheet a warning.
func (ld *loader) repeatedRows() {
	type at struct {
		rec *sheetRec
		row rowFP
	}
	first := map[Kind]map[uint64]at{}
	for _, rec := range ld.sheetRecs {
		if rec.dropped || !rowKinds[rec.kind] {
			continue
		}
		m := first[rec.kind]
		if m == nil {
			m = map[uint64]at{}
			first[rec.kind] = m
		}
		for _, r := range rec.rows {
			f, ok := m[r.h]
			if !ok {
				m[r.h] = at{rec, r}
				continue
			}
			if f.rec == rec {
				ld.add(calc.Warning, rec.loc(rec.cell(r)), r.id, fmt.Sprintf("第%d行与第%d行完全相同", r.num, f.row.num),
					"如果同一件事只发生一次，请删除其中一行；确实发生两次时，建议保留一行并填写次数")
				continue
			}
			hint := "同一条记录出现在两个文件（或工作表）中，会被计算两次：请删除其中一行；如果确实发生了两次，请保留一行并填写次数"
			ld.add(calc.Error, rec.loc(rec.cell(r)), r.id, fmt.Sprintf("此行与 %s 第%d行完全相同（同一人、日期和内容）", f.rec.where(), f.row.num), hint)
			ld.add(calc.Error, f.rec.loc(f.rec.cell(f.row)), f.row.id, fmt.Sprintf("此行与 %s 第%d行完全相同（同一人、日期和内容）", rec.where(), r.num), hint)
		}
	}
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

// nearMiss classifies an unrecognised sheet with data (D20): one that looks
// like a kind (its sheet or file name names the kind, or half of the
// kind's required columns are present) but lacks a required column is an
// error naming the column and its aliases; any other is a warning. It
// returns the kind guessed (Unknown for none).
func (ld *loader) nearMiss(src *sheetSrc, head [][]string) Kind {
	loc := calc.Loc{File: src.file, Sheet: src.sheet}
	byName := kindByName(src.sheet)
	if byName == Unknown {
		byName = kindByName(src.file)
	}
	best := bestPartial(head, ld.r, byName)
	// the sheet's own name (a CSV's file name) naming a kind is enough
	own := src.sheet
	if own == "" {
		own = src.file
	}
	if k := kindByName(own); best == nil && k != Unknown {
		var req []string
		for _, c := range SpecOf(k).Columns {
			if c.Required {
				req = append(req, "「"+c.Name+"」"+aliasText(k, c.Name))
			}
		}
		ld.add(calc.Error, loc, "", fmt.Sprintf("名称表明是 %s，但前%d行中找不到它的表头（必需列：%s）；此工作表未读取", k, min(len(head), headerBufRows), strings.Join(req, "；")),
			"请把表头改为模板中的列名或其别名（appraise templates 生成空白模板）；如果这不是输入表，请把它移出文件夹")
		return k
	}
	if best == nil || len(best.missing) == 0 {
		ld.add(calc.Warning, loc, "", "未识别的工作表（有数据，但表头不是任何一种输入），未读取",
			"如果这是输入表，请按模板检查表头名称（appraise templates 生成空白模板）；如果不是，请把它移出文件夹")
		return Unknown
	}
	var parts []string
	for _, m := range best.missing {
		parts = append(parts, fmt.Sprintf("「%s」", m)+aliasText(best.kind, m))
	}
	how := "表头像是"
	if best.kind == byName {
		how = "名称表明是"
	}
	ld.add(calc.Error, calc.Loc{File: src.file, Sheet: src.sheet, Cell: fmt.Sprintf("第%d行", best.rowNum())}, "",
		fmt.Sprintf("%s %s，但表头（第%d行）缺少必需列：%s；此工作表未读取", how, best.kind, best.rowNum(), strings.Join(parts, "；")),
		"请把表头改为列名或其别名之一（例如把“考试分数”改为“成绩”），然后重新运行")
	return best.kind
}

// aliasText is "（也可写作：a、b）" for a column of a kind.
func aliasText(k Kind, col string) string {
	s := SpecOf(k)
	if s == nil {
		return ""
	}
	for _, c := range s.Columns {
		if c.Name == col && len(c.Aliases) > 0 {
			return "（也可写作：" + strings.Join(c.Aliases, "、") + "）"
		}
	}
	return ""
}

// kindNames are words in a sheet or file name that name a kind.
var kindNames = []struct {
	word string
	kind Kind
}{
	{"花名册", Roster}, {"人员名单", Roster}, {"考勤", Attendance}, {"服务质量", QA}, {"质检", QA}, {"考评", QA},
	{"额外奖惩", Adjustments}, {"奖惩", Events}, {"违规", Events}, {"考试", Exams}, {"成绩", Exams},
	{"投诉", Complaints}, {"工作量", Workload}, {"排班", Shifts},
	{"申诉", AppealLog}, {"请假", LeaveLog}, {"换班", SwapLog}, {"软性指标", Soft},
}

func kindByName(name string) Kind {
	n := normText(name)
	for _, k := range kindNames {
		if strings.Contains(n, k.word) {
			return k.kind
		}
	}
	return Unknown
}

// bestPartial finds the best partial header match of a sheet no kind
// qualified for: the kind its name names (any header row with two of its
// columns), else a kind with at least half of its required columns and more
// than half of the sheet's header texts. Nil when none.
func bestPartial(rows [][]string, r *calc.Rules, named Kind) *header {
	var best *header
	for _, s := range Specs {
		cols := columnsOf(s.Kind, r)
		nc := newNormCols(cols)
		req := 0
		for _, c := range cols {
			if c.Required {
				req++
			}
		}
		for first := 0; first < len(rows) && first < maxHeaderStart; first++ {
			for last := first; last <= first+1 && last < len(rows); last++ {
				texts, nonEmpty := headerNorms(rows, first, last)
				got := matchColumns(texts, nc)
				h := &header{kind: s.Kind, first: first, last: last, cols: got, score: len(got), ratio: float64(len(got)) / float64(len(cols))}
				have := 0
				for _, c := range cols {
					if _, ok := got[c.Name]; ok {
						if c.Required {
							have++
						}
					} else if c.Required {
						h.missing = append(h.missing, c.Name)
					}
				}
				ok := h.score >= 2 && (s.Kind == named || (have*2 >= req && h.score*2 > nonEmpty))
				if ok && h.better(best) {
					best = h
				}
			}
		}
	}
	return best
}

// noOne records a row whose identity names nobody in the roster (D28).
func (ld *loader) noOne(w ident) {
	loc := w.idLoc
	if loc.File == "" {
		loc = w.rowLoc
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
			ids[r.id] = true
		}
		shared := 0
		for _, r := range rec.rows {
			if r.id != "" && ids[r.id] {
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
