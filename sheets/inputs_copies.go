package sheets

import (
	"fmt"
	"path/filepath"
	"strings"

	"appraise/calc"
)

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
	ld.days.drop(in)
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
		if !in(p.who.rowLoc.sheetOf()) {
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
				ld.add(calc.Warning, rec.loc(rec.cell(r)), rec.id(r), fmt.Sprintf("第%d行与第%d行完全相同", r.num, f.row.num),
					"如果同一件事只发生一次，请删除其中一行；确实发生两次时，建议保留一行并填写次数")
				continue
			}
			hint := "同一条记录出现在两个文件（或工作表）中，会被计算两次：请删除其中一行；如果确实发生了两次，请保留一行并填写次数"
			ld.add(calc.Error, rec.loc(rec.cell(r)), rec.id(r), fmt.Sprintf("此行与 %s 第%d行完全相同（同一人、日期和内容）", f.rec.where(), f.row.num), hint)
			ld.add(calc.Error, f.rec.loc(f.rec.cell(f.row)), f.rec.id(f.row), fmt.Sprintf("此行与 %s 第%d行完全相同（同一人、日期和内容）", rec.where(), r.num), hint)
		}
	}
}
