package sheets

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// The final month and its corrections (D33). `appraise finalize` records
// ROOT/YYYY-MM/定稿.json; afterwards a run of that month writes
// ROOT/YYYY-MM/更正N/ with the full new set and 绩效工资差额表, never the
// month folder itself.

// finalRecord is the content of 定稿.json.
type finalRecord struct {
	Month string         `json:"month"`
	By    string         `json:"finalized_by"`
	At    string         `json:"finalized_at"`
	Files []manifestFile `json:"files"` // every file of the set, manifest.json included
}

// FinalInfo is who signed a month off and when.
type FinalInfo struct {
	By, At string
	Files  int
}

// IsFinal reports whether the month folder dir was signed off.
func IsFinal(dir string) bool { return fileExists(filepath.Join(dir, finalName)) }

// ReadFinal reads 定稿.json of a month folder.
func ReadFinal(dir string) (*FinalInfo, error) {
	b, err := os.ReadFile(filepath.Join(dir, finalName))
	if err != nil {
		return nil, err
	}
	var r finalRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s 无法解析", finalName)
	}
	return &FinalInfo{By: r.By, At: r.At, Files: len(r.Files)}, nil
}

// Finalize signs off the set in the month folder dir (D33): it verifies
// every file against manifest.json and writes 定稿.json with their SHA-256,
// by and at. It refuses (a Chinese error) a folder without a complete set,
// a set whose inputs had errors (no payroll, or one under --force), one
// already signed off.
func Finalize(dir string, y int, m time.Month, by string, at time.Time) (*FinalInfo, error) {
	if IsFinal(dir) {
		if fi, err := ReadFinal(dir); err == nil {
			return nil, fmt.Errorf("%s 已于 %s 由 %s 定稿，不能重复定稿；定稿后的修改请重新运行 appraise run，结果写入更正文件夹", monthKey(y, m), fi.At, fi.By)
		}
		return nil, fmt.Errorf("%s 已定稿（%s 已存在），不能重复定稿", monthKey(y, m), finalName)
	}
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, fmt.Errorf("%s 中没有 %s：请先运行 appraise run 生成这个月的结果", Printable(dir), manifestName)
	}
	var man manifest
	if err := json.Unmarshal(b, &man); err != nil {
		return nil, fmt.Errorf("%s 无法解析，不能定稿；请重新运行 appraise run", manifestName)
	}
	if man.Month != monthKey(y, m) {
		return nil, fmt.Errorf("%s 记录的月份是 %s，不是 %s", manifestName, man.Month, monthKey(y, m))
	}
	if man.Draft || !man.PayrollWritten || len(man.Excluded) > 0 {
		return nil, fmt.Errorf("%s 的结果有 %d 个输入错误（月度考核表是草稿%s），不能定稿；请按校验报告修改输入，重新运行 appraise run 后再定稿",
			man.Month, man.Counts.Errors, map[bool]string{true: "，没有工资调整表", false: "，工资调整表不完整（--force）"}[!man.PayrollWritten])
	}
	if err := CheckSet(dir); err != nil {
		return nil, fmt.Errorf("%s 的文件与 %s 不符（%s），不能定稿；请重新运行 appraise run 生成完整的一组结果", Printable(dir), manifestName, err.Error())
	}
	rec := finalRecord{Month: man.Month, By: by, At: at.Format(time.RFC3339), Files: append([]manifestFile(nil), man.Outputs...)}
	sum, err := fileHash(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, err
	}
	rec.Files = append(rec.Files, manifestFile{Name: manifestName, SHA256: sum, Size: int64(len(b))})
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return nil, err
	}
	err = ReplaceFile(filepath.Join(dir, finalName), 0o644, func(w io.Writer) error {
		_, err := w.Write(append(data, '\n'))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("无法写入 %s：%s", finalName, ChineseErrorText(err.Error()))
	}
	return &FinalInfo{By: rec.By, At: rec.At, Files: len(rec.Files)}, nil
}

// LatestSet is the folder of a month's latest set under the output root:
// the highest 更正N/, else the month folder; n is that N (0 for the month
// folder itself).
func LatestSet(root string, y int, m time.Month) (dir string, n int) {
	month := filepath.Join(root, monthKey(y, m))
	set, dir, _ := monthSetDir(month, y, m)
	if strings.HasPrefix(set, SetCorrection) {
		n, _ = strconv.Atoi(strings.TrimPrefix(set, SetCorrection))
	}
	return dir, n
}

// NextCorrection is the number of the next correction folder of a month
// folder: one more than every 更正N/ there, complete or not.
func NextCorrection(monthDir string) int {
	best := 0
	if entries, err := os.ReadDir(monthDir); err == nil {
		for _, e := range entries {
			if mm := reCorrection.FindStringSubmatch(e.Name()); mm != nil {
				if k, _ := strconv.Atoi(mm[1]); k > best {
					best = k
				}
			}
		}
	}
	return best + 1
}

// baseRow is an employee's line of the set a correction compares with.
type baseRow struct {
	name               string
	final, float, comp decimal.Decimal
}

// baseEvent is a 扣分明细 row of a set, keyed for comparison.
type baseEvent struct {
	id, date, code, item, source string
	points                       decimal.Decimal
	revoked                      bool
}

func (e baseEvent) key() string { return e.id + "|" + e.date + "|" + e.code + "|" + e.source }

// Baseline is what the signed-off set (or the latest correction) says.
type Baseline struct {
	Dir    string
	rows   map[string]baseRow
	order  []string
	events []baseEvent
}

// ReadBaseline reads the 考核汇总 and 扣分明细 of a set's 月度考核表 and the
// 赔偿扣款 of its payroll (opened with password when it is encrypted).
//
// The set must match its manifest.json (a signed-off set edited by hand, or
// damaged, gives no correction), and every row must read: a difference is
// never computed against a blank where an amount was.
func ReadBaseline(dir string, y int, m time.Month, password string) (*Baseline, error) {
	if err := CheckSet(dir); err != nil {
		return nil, fmt.Errorf("定稿（或上一次更正）的结果文件 %s 与 %s 不符（%s），不能计算更正；请找回原来的文件，不要修改定稿的结果", Printable(dir), manifestName, err.Error())
	}
	path := filepath.Join(dir, AppraisalName(y, m))
	f, err := excelize.OpenFile(path, openOptions())
	if err != nil {
		return nil, fmt.Errorf("无法打开定稿的 %s：%s", filepath.Base(path), ErrorText(err))
	}
	defer f.Close()
	name := filepath.Base(path)
	sum, err := readOutTable(f, name, sheetSummary, "工号", "姓名", "考核分", "绩效浮动(元)")
	if err != nil {
		return nil, err
	}
	b := &Baseline{Dir: dir, rows: map[string]baseRow{}}
	for _, r := range sum.rows {
		id := r.get("工号")
		final, err1 := r.dec("考核分")
		fl, err2 := r.dec("绩效浮动(元)")
		if id == "" {
			continue
		}
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("定稿的 %s!%s 中 %s 的考核分或绩效浮动无法读取，不能计算更正", name, sheetSummary, id)
		}
		if _, dup := b.rows[id]; !dup {
			b.order = append(b.order, id)
		}
		b.rows[id] = baseRow{name: r.get("姓名"), final: final, float: fl}
	}
	det, err := readOutTable(f, name, sheetDetail, "工号", "规则", "分值", "来源")
	if err != nil {
		return nil, err
	}
	for _, r := range det.rows {
		pts, err := r.dec("分值")
		if r.get("工号") == "" || err != nil {
			continue
		}
		b.events = append(b.events, baseEvent{id: r.get("工号"), date: rawDate(r.get("日期")), code: r.get("规则"), item: r.get("项目"),
			source: r.get("来源"), points: pts, revoked: strings.Contains(r.get("说明"), "申诉：撤销")})
	}
	ppath := filepath.Join(dir, Names(y, m).Payroll)
	opts := openOptions()
	opts.Password = password
	pf, err := excelize.OpenFile(ppath, opts)
	if err != nil {
		return nil, fmt.Errorf("无法打开定稿的 %s（加密的工资调整表请用 --password-env 给出密码）：%s", filepath.Base(ppath), ErrorText(err))
	}
	defer pf.Close()
	pay, err := readOutTable(pf, filepath.Base(ppath), sheetPayroll, "工号", "赔偿扣款")
	if err != nil {
		return nil, err
	}
	paid := map[string]bool{}
	for _, r := range pay.rows {
		id := r.get("工号")
		row, ok := b.rows[id]
		if !ok {
			continue
		}
		c, err := r.dec("赔偿扣款")
		if err != nil {
			return nil, fmt.Errorf("定稿的 %s 中 %s 的赔偿扣款无法读取，不能计算更正", filepath.Base(ppath), id)
		}
		row.comp = c
		b.rows[id] = row
		paid[id] = true
	}
	for _, id := range b.order {
		if !paid[id] {
			return nil, fmt.Errorf("定稿的 %s 中没有 %s（%s），不能计算更正", filepath.Base(ppath), id, b.rows[id].name)
		}
	}
	return b, nil
}

// rawDate turns a raw date cell (an Excel serial) into YYYY-MM-DD.
func rawDate(v string) string {
	if v == "" {
		return ""
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		if t, err := excelize.ExcelDateToTime(f, false); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return v
}

// DiffRow is one changed employee of a correction (D33).
type DiffRow struct {
	ID, Name           string
	OldFinal, NewFinal decimal.NullDecimal
	OldFloat, NewFloat decimal.Decimal
	OldComp, NewComp   decimal.Decimal
	Reason             string
}

// FloatDiff is 新 − 原 of the float; CompDiff the same of 赔偿扣款.
func (d DiffRow) FloatDiff() decimal.Decimal { return d.NewFloat.Sub(d.OldFloat) }
func (d DiffRow) CompDiff() decimal.Decimal  { return d.NewComp.Sub(d.OldComp) }

// Diff compares a new result with the baseline: the employees whose 考核分,
// 绩效浮动 or 赔偿扣款 changed (or who appear or disappear), each with the
// events added, removed or changed and their sources.
func (b *Baseline) Diff(res *calc.Result) []DiffRow {
	newEv := map[string]baseEvent{}
	revoked := map[string]bool{}
	for _, e := range res.Events {
		be := baseEvent{id: e.ID, code: e.Rule.Code, item: e.Rule.Name, source: eventSource(e), points: roundTrip(e.Total), revoked: e.Revoked}
		if !e.Date.IsZero() {
			be.date = e.Date.Format("2006-01-02")
		}
		if be.revoked {
			revoked[be.key()] = true
			continue
		}
		newEv[be.key()] = be
	}
	oldEv := map[string]baseEvent{}
	for _, e := range b.events {
		if !e.revoked {
			oldEv[e.key()] = e
		}
	}
	reasons := map[string][]string{}
	for _, e := range b.events {
		if e.revoked {
			continue
		}
		n, ok := newEv[e.key()]
		switch {
		case !ok && revoked[e.key()]:
			reasons[e.id] = append(reasons[e.id], "申诉撤销 "+eventText(e)+"（"+e.source+"）")
		case !ok:
			reasons[e.id] = append(reasons[e.id], "删除 "+eventText(e)+"（"+e.source+"）")
		case !n.points.Equal(e.points):
			reasons[e.id] = append(reasons[e.id], fmt.Sprintf("%s 由%s改为%s（%s）", eventHead(e), pointsText(e.points), pointsText(n.points), e.source))
		}
	}
	for _, e := range res.Events {
		be := baseEvent{id: e.ID, code: e.Rule.Code, item: e.Rule.Name, source: eventSource(e), points: roundTrip(e.Total)}
		if !e.Date.IsZero() {
			be.date = e.Date.Format("2006-01-02")
		}
		if _, ok := oldEv[be.key()]; !ok && !e.Revoked {
			reasons[e.ID] = append(reasons[e.ID], "新增 "+eventText(be)+"（"+be.source+"）")
		}
	}
	var out []DiffRow
	seen := map[string]bool{}
	for _, a := range res.Rows {
		seen[a.ID] = true
		d := DiffRow{ID: a.ID, Name: a.Name, NewFinal: decimal.NewNullDecimal(roundTrip(a.Final)), NewFloat: roundTrip(a.Float), NewComp: roundTrip(a.Compensation)}
		o, had := b.rows[a.ID]
		if had {
			d.OldFinal, d.OldFloat, d.OldComp = decimal.NewNullDecimal(o.final), o.float, o.comp
			if o.final.Equal(d.NewFinal.Decimal) && o.float.Equal(d.NewFloat) && o.comp.Equal(d.NewComp) {
				continue
			}
		}
		why := reasons[a.ID]
		if !had {
			why = append([]string{"定稿中没有此人（新增考核）"}, why...)
		}
		if len(why) == 0 {
			why = []string{"扣分明细无变化（花名册、考勤统计或规则的变化）"}
		}
		d.Reason = strings.Join(why, "；")
		out = append(out, d)
	}
	for _, id := range b.order {
		if seen[id] {
			continue
		}
		o := b.rows[id]
		out = append(out, DiffRow{ID: id, Name: o.name, OldFinal: decimal.NewNullDecimal(o.final), OldFloat: o.float, OldComp: o.comp,
			Reason: strings.Join(append([]string{"本次不再考核此人（不在花名册或不在考核月份）"}, reasons[id]...), "；")})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func eventHead(e baseEvent) string {
	s := e.code
	if e.date != "" {
		s += " " + e.date
	}
	return s
}

func eventText(e baseEvent) string { return eventHead(e) + " " + pointsText(e.points) }

// pointsText is a row's signed points as words: 扣4分, 加5分, 0分.
func pointsText(p decimal.Decimal) string {
	switch {
	case p.IsNegative():
		return "扣" + p.Abs().String() + "分"
	case p.IsPositive():
		return "加" + p.String() + "分"
	}
	return "0分"
}

var diffHeaders = []string{"工号", "姓名", "原考核分", "新考核分", "原绩效浮动金额", "新绩效浮动金额", "浮动差额", "原赔偿扣款", "新赔偿扣款", "赔偿差额", "变更原因"}

const sheetDiff = "绩效工资差额"

// DiffOutputs are the 差额表 files of correction n (xlsx, and CSV unless
// the workbook is encrypted), for Run.Extra.
func DiffOutputs(res *calc.Result, run *Run, rows []DiffRow, n int) []ExtraOutput {
	name := DiffName(res.Year, res.Month, n)
	out := []ExtraOutput{{Name: name + ".xlsx", Fill: func(w io.Writer) error { return writeDiff(w, res, run, rows, n) }}}
	if run.Password == "" {
		out = append(out, ExtraOutput{Name: name + ".csv", Fill: func(w io.Writer) error { return writeDiffCSV(w, run, rows) }})
	}
	return out
}

// ExtraOutput is one more file of a set (a correction's 差额表).
type ExtraOutput struct {
	Name string
	Fill func(io.Writer) error
}

func nullScore(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return scoreText(d.Decimal)
}

func writeDiff(w io.Writer, res *calc.Result, run *Run, rows []DiffRow, n int) error {
	title := deptName(res.Rows) + monthText(res.Year, res.Month) + "绩效工资差额表（" + CorrectionDir(n) + "）"
	b, err := newBook(title, run.Rules, res.Year, res.Month)
	if err != nil {
		return err
	}
	t := &xlTable{sheet: sheetDiff, headers: diffHeaders, filter: true, print: true, wrapCol: map[int]bool{10: true}}
	score := func(d decimal.NullDecimal) excelize.Cell {
		if !d.Valid {
			return b.str("")
		}
		return b.score(d.Decimal)
	}
	var tf, tc decimal.Decimal
	for _, d := range rows {
		t.rows = append(t.rows, []excelize.Cell{
			b.idCell(d.ID), b.str(d.Name), score(d.OldFinal), score(d.NewFinal), b.money(d.OldFloat), b.money(d.NewFloat), b.money(d.FloatDiff()),
			b.money(d.OldComp), b.money(d.NewComp), b.money(d.CompDiff()), b.wrapped(d.Reason),
		})
		tf, tc = tf.Add(d.FloatDiff()), tc.Add(d.CompDiff())
	}
	t.rows = append(t.rows, []excelize.Cell{b.str("合计"), b.str(fmt.Sprintf("%d人", len(rows))), b.str(""), b.str(""), b.str(""), b.str(""), b.money(tf),
		b.str(""), b.str(""), b.money(tc), b.str("只列考核分或金额有变化的员工；财务按差额补发或扣回")})
	if err := b.write(t); err != nil {
		return err
	}
	return b.save(w, run.Password)
}

func writeDiffCSV(w io.Writer, run *Run, rows []DiffRow) error {
	var recs []csvRow
	for _, d := range rows {
		recs = append(recs, csvRow{who: fmt.Sprintf("%s（%s）", d.Name, d.ID), rec: []string{
			csvText(d.ID), csvText(d.Name), nullScore(d.OldFinal), nullScore(d.NewFinal),
			d.OldFloat.StringFixed(2), d.NewFloat.StringFixed(2), d.FloatDiff().StringFixed(2),
			d.OldComp.StringFixed(2), d.NewComp.StringFixed(2), d.CompDiff().StringFixed(2), csvText(d.Reason)}})
	}
	return writeMoneyCSV(w, run.CSVGBK, "差额表", diffHeaders, recs)
}
