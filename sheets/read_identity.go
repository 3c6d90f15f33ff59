package sheets

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"appraise/calc"
)

// roster indexes the employees for the identity checks.
type roster struct {
	byID    map[string]*calc.Employee
	byName  map[string][]string            // nameKey → 工号s
	byDigit map[string][]string            // numeric 工号 without leading zeros → 工号s
	byAlt   map[string]map[string][]string // roster column (考勤号 …) → id → 工号s
	warned  map[string]bool                // alternative-id warnings given once
}

// finish checks that the required kinds were found, checks identities
// against the roster (spec "Identity") and fills the month.
func (ld *loader) finish() {
	if ld.rosters == 0 {
		ld.add(calc.Error, calc.Loc{}, "", "没有找到 花名册（表头含 工号、姓名、班组、岗位、入职日期 的工作表）",
			"请把当月花名册放进文件夹；文件名不限，按表头识别")
	}
	if ld.attendances == 0 {
		ld.add(calc.Error, calc.Loc{}, "", "没有找到 考勤明细（表头含 工号、日期 的考勤工作表）",
			"请把当月考勤表放进文件夹；文件名不限，按表头识别")
	}
	ro := roster{byID: make(map[string]*calc.Employee, len(ld.employees)), byName: make(map[string][]string, len(ld.employees)), byDigit: map[string][]string{}}
	ld.m.Employees = slices.Grow(ld.m.Employees, len(ld.employees))
	for _, e := range ld.employees {
		if first, dup := ro.byID[e.ID]; dup {
			ld.add(calc.Error, e.Loc, e.ID, fmt.Sprintf("工号 %s 在花名册中重复（首次出现在 %s）", e.ID, locString(first.Loc)),
				"每个工号在花名册中只能出现一次；已使用第一次出现的记录")
			continue
		}
		ld.m.Employees = append(ld.m.Employees, e)
		ro.byID[e.ID] = &ld.m.Employees[len(ld.m.Employees)-1]
	}
	// re-point after the slice stopped growing
	for i := range ld.m.Employees {
		e := &ld.m.Employees[i]
		ro.byID[e.ID] = e
		k := nameKey(e.Name)
		ro.byName[k] = append(ro.byName[k], e.ID)
		if z := zeroless(e.ID); z != "" {
			ro.byDigit[z] = append(ro.byDigit[z], e.ID)
		}
	}
	check := ld.rosters > 0 && !ld.rosterBroken
	res := func(w ident) (string, bool) {
		if !check {
			return w.id, w.id != ""
		}
		id, ok := ld.resolve(&ro, w)
		if !ok && ro.byID[w.id] == nil { // names nobody (D28)
			ld.noOne(w)
		}
		return id, ok
	}
	ld.m.Days = ld.days.resolve(res)
	if sd := ld.shapeDays(&ro, res); len(ld.m.Days) == 0 && len(sd) > 0 {
		ld.m.Days = sd // not copied: a month of punches gives half a million days
	} else {
		ld.m.Days = append(ld.m.Days, sd...)
	}
	ld.m.Days = ld.dedupDays(ld.m.Days)
	ld.m.Events = resolveAll(ld.events, res, func(d *calc.Event, id string) { d.ID = id })
	for i := range ld.m.Events {
		if e := ro.byID[ld.m.Events[i].ID]; e != nil {
			ld.m.Events[i].Name = e.Name
		}
	}
	ld.m.QA = resolveAll(ld.qa, res, func(d *calc.QARecord, id string) { d.ID = id })
	ld.m.Exams = resolveAll(ld.exams, res, func(d *calc.Exam, id string) { d.ID = id })
	ld.m.Complaints = resolveAll(ld.complaints, res, func(d *calc.Complaint, id string) { d.ID = id })
	ld.m.Adjustments = resolveAll(ld.adjustments, res, func(d *calc.Adjustment, id string) { d.ID = id })
	ld.m.Workload = resolveAll(ld.workload, res, func(d *calc.Workload, id string) { d.ID = id })
	ld.m.Soft = resolveAll(ld.soft, res, func(d *calc.SoftScore, id string) { d.ID = id })
	ld.resolvePolicy(res)
}

// resolveAll keeps the rows whose identity resolves, with the 工号 set.
func resolveAll[T any](rows []pending[T], res func(ident) (string, bool), set func(*T, string)) []T {
	out := make([]T, 0, len(rows))
	for _, p := range rows {
		id, ok := res(p.who)
		if !ok {
			continue
		}
		set(&p.rec, id)
		out = append(out, p.rec)
	}
	return out
}

// resolve checks one row's identity: 工号 must be in the roster and 姓名, if
// given, must agree; a row with a 姓名 but no 工号 is matched by a unique name
// (a warning), else it is an error.
func (ld *loader) resolve(ro *roster, w ident) (string, bool) {
	if w.id != "" {
		e := ro.byID[w.id]
		if ids := ro.byDigit[zeroless(w.id)]; e == nil && len(ids) == 1 {
			// a numeric cell lost the leading zeros of a text 工号 (00123 → 123)
			e = ro.byID[ids[0]]
			ld.add(calc.Warning, w.idLoc.loc(), e.ID, fmt.Sprintf("工号 %s 不在花名册中，已按花名册的工号 %s 匹配（前导零丢失）", w.id, e.ID),
				"请把工号列设为文本格式，保留前导零")
			w.id = e.ID
		}
		if e == nil {
			ld.add(calc.Error, w.idLoc.loc(), w.id, fmt.Sprintf("工号 %s 不在花名册中", w.id),
				"请核对工号，或把此人补进花名册")
			return "", false
		}
		if w.name != "" && nameKey(w.name) != nameKey(e.Name) {
			ld.add(calc.Error, w.nameLoc.loc(), w.id, fmt.Sprintf("姓名「%s」与花名册中工号 %s 的姓名「%s」不一致", w.name, w.id, e.Name),
				"请核对工号和姓名")
			return "", false
		}
		return w.id, true
	}
	if w.alt != "" {
		if id, ok, done := ld.resolveAlt(ro, w); done {
			return id, ok
		}
	}
	ids := ro.byName[nameKey(w.name)]
	switch len(ids) {
	case 1:
		ld.add(calc.Warning, w.idLoc.loc(), ids[0], fmt.Sprintf("工号为空，已按姓名「%s」匹配为工号 %s", w.name, ids[0]),
			"建议填写工号")
		return ids[0], true
	case 0:
		ld.add(calc.Error, w.idLoc.loc(), "", fmt.Sprintf("工号为空，且姓名「%s」不在花名册中", w.name), "请填写工号")
	default:
		ld.add(calc.Error, w.idLoc.loc(), "", fmt.Sprintf("工号为空，且花名册中有 %d 人名为「%s」，无法确定是谁", len(ids), w.name), "请填写工号")
	}
	return "", false
}

// zeroless returns an all-digit 工号 without its leading zeros, else "".
func zeroless(id string) string {
	if id == "" {
		return ""
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return ""
		}
	}
	return strings.TrimLeft(id, "0")
}

// dedupDays reports a second record of one person on one day (e.g. two
// overlapping attendance files) and keeps the first. A day of the month is
// a slot of its person's array (a month of punches has half a million
// days), any other date a key of a map.
func (ld *loader) dedupDays(days []calc.Day) []calc.Day {
	type key struct {
		id   string
		date int64
	}
	first := time.Date(ld.year, ld.month, 1, 0, 0, 0, 0, time.UTC).Unix()
	var (
		byID   = map[string]*[31]int32{} // 1 + the index in out of the first record of each day
		others = map[key]*int32{}        // days outside the month's 31 slots
		lastID string
		slots  *[31]int32
	)
	out := days[:0]
	keep := func(d *calc.Day) {
		if n := len(out); &days[n] == d {
			out = out[:n+1] // in place: nothing dropped yet
		} else {
			out = append(out, *d)
		}
	}
	for i := range days {
		d := &days[i]
		// seen is the kept day of the same person and date (index + 1), 0
		// for none; it becomes this day's when this day is kept.
		var seen *int32
		if off := d.Date.Unix() - first; off >= 0 && off%86400 == 0 && off/86400 < 31 {
			if slots == nil || d.ID != lastID {
				if slots = byID[d.ID]; slots == nil {
					slots = new([31]int32)
					byID[d.ID] = slots
				}
				lastID = d.ID
			}
			seen = &slots[off/86400]
		} else {
			k := key{d.ID, d.Date.Unix()}
			if _, ok := others[k]; !ok {
				others[k] = new(int32)
			}
			seen = others[k]
		}
		if *seen != 0 {
			ld.add(calc.Error, d.Loc, d.ID, fmt.Sprintf("工号 %s 在 %s 有重复的考勤记录（另见 %s）", d.ID, d.Date.Format("2006-01-02"), locString(out[*seen-1].Loc)),
				"同一人同一天只能有一条考勤记录；请删除重复行")
			continue
		}
		*seen = int32(len(out)) + 1
		keep(d)
	}
	return out
}

// nameKey normalises a 姓名 for comparison: full-width folded, spaces removed
// (HR often pads two-character names: "张  三").
func nameKey(s string) string {
	return strings.Join(strings.Fields(normText(s)), "")
}
