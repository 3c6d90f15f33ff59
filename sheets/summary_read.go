package sheets

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// The summary (D39) reads the months' outputs as written, never the inputs:
// its figures are the monthly workbooks' figures.

// Which set of a month the summary read.
const (
	SetFinal      = "定稿"
	SetCorrection = "更正"
	SetDraft      = "草稿"
)

var (
	reMonthFolder = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	reCorrection  = regexp.MustCompile(`^更正(\d+)$`)
)

// SummaryRow is one employee's line of a month's 考核汇总.
type SummaryRow struct {
	ID, Name, Dept, Team, Role string
	Final                      decimal.Decimal // 考核分
	Grade                      string
	Rank, TeamRank             int
	Float                      decimal.Decimal // 绩效浮动(元)
	Floats                     bool
	Flags, Notes               string // 处理建议, 备注
}

// SummaryEvent is one row of a month's 扣分明细.
type SummaryEvent struct {
	ID, Name, Category, Code, Item string
	Times                          int
	Points                         decimal.Decimal // 分值: the row's total, signed
}

// SummaryQA is one row of a month's 质检统计: the item averages as written.
type SummaryQA struct {
	ID, Team string
	Count    int
	Items    []decimal.NullDecimal // aligned with SummaryMonth.QAItems
}

// SummaryMonth is what the summary knows of one month.
type SummaryMonth struct {
	Year  int
	Month time.Month
	Dir   string // the folder of the set read
	// Set is 定稿, 更正N or 草稿 (never signed off); Errors is true when
	// the workbook itself is titled a draft because its inputs had errors.
	Set    string
	Errors bool
	Rows   []SummaryRow
	Events []SummaryEvent
	// QAItems are the QA items with their maxima (from 质检统计 and 参数),
	// QA the per-employee averages.
	QAItems []QAItemMax
	QA      []SummaryQA
	Grades  []string // the grades from the best down (等级分布)
	// Compensation is the 赔偿扣款 total of the payroll workbook;
	// CompensationKnown is false when there is none that could be read.
	Compensation      decimal.Decimal
	CompensationKnown bool
}

// QAItemMax is a QA item and its maximum.
type QAItemMax struct {
	Name string
	Max  decimal.Decimal
}

// Key is the month as YYYY-MM.
func (m *SummaryMonth) Key() string { return monthKey(m.Year, m.Month) }

// SetLabel describes the set for people: 定稿, 更正2（定稿后更正）, 草稿（未定稿）,
// with the error mark of the workbook.
func (m *SummaryMonth) SetLabel() string {
	s := m.Set
	switch {
	case m.Set == SetFinal:
	case strings.HasPrefix(m.Set, SetCorrection):
		s += "（定稿后更正）"
	default:
		s = SetDraft + "（未定稿）"
	}
	if m.Errors {
		s += "，输入有错误"
	}
	return s
}

// OutputMonths lists the month folders (YYYY-MM) under an output root, in order.
func OutputMonths(root string) ([]time.Time, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var out []time.Time
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if t, ok := folderKey(e.Name()); ok {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out, nil
}

func folderKey(name string) (time.Time, bool) {
	m := reMonthFolder.FindStringSubmatch(name)
	if m == nil {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	if mo < 1 || mo > 12 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC), true
}

// monthSetDir picks the set of a month folder the summary reads: the
// latest correction 更正N/ (it replaces the signed-off set, as for D13),
// else the folder itself, signed off when 定稿.json is there, else a
// draft. ok is false when the chosen folder has no 月度考核表.
func monthSetDir(dir string, y int, m time.Month) (set, path string, ok bool) {
	best := -1
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if mm := reCorrection.FindStringSubmatch(e.Name()); mm != nil && e.IsDir() {
				n, _ := strconv.Atoi(mm[1])
				if n > best && fileExists(filepath.Join(dir, e.Name(), AppraisalName(y, m))) {
					best = n
				}
			}
		}
	}
	if best >= 0 {
		return fmt.Sprintf("%s%d", SetCorrection, best), filepath.Join(dir, fmt.Sprintf("%s%d", SetCorrection, best)), true
	}
	set = SetDraft
	if fileExists(filepath.Join(dir, finalName)) {
		set = SetFinal
	}
	return set, dir, fileExists(filepath.Join(dir, AppraisalName(y, m)))
}

func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// ReadSummaryMonth reads one month of the output root ROOT/YYYY-MM. found
// is false (and err nil) when the month has no 月度考核表.
func ReadSummaryMonth(root string, y int, m time.Month) (month *SummaryMonth, found bool, err error) {
	set, dir, ok := monthSetDir(filepath.Join(root, monthKey(y, m)), y, m)
	if !ok {
		return nil, false, nil
	}
	out := &SummaryMonth{Year: y, Month: m, Dir: dir, Set: set}
	path := filepath.Join(dir, AppraisalName(y, m))
	f, err := excelize.OpenFile(path, openOptions())
	if err != nil {
		return nil, true, fmt.Errorf("无法打开 %s：%s", filepath.Base(path), ErrorText(err))
	}
	defer f.Close()
	name := filepath.Base(path)

	sum, err := readOutTable(f, name, sheetSummary, "工号", "姓名", "班组", "岗位", "考核分", "等级", "全员排名", "班组排名", "绩效浮动(元)", "是否浮动")
	if err != nil {
		return nil, true, err
	}
	out.Errors = strings.Contains(sum.title, "草稿")
	for _, r := range sum.rows {
		id := r.get("工号")
		if id == "" {
			continue
		}
		final, err1 := r.dec("考核分")
		fl, err2 := r.dec("绩效浮动(元)")
		if err1 != nil || err2 != nil {
			continue // the signature line
		}
		out.Rows = append(out.Rows, SummaryRow{ID: id, Name: r.get("姓名"), Dept: r.get("部门"), Team: r.get("班组"),
			Role: r.get("岗位"), Final: final, Grade: r.get("等级"), Rank: r.int("全员排名"), TeamRank: r.int("班组排名"),
			Float: fl, Floats: r.get("是否浮动") == "是", Flags: r.get("处理建议"), Notes: r.get("备注")})
	}

	det, err := readOutTable(f, name, sheetDetail, "工号", "类别", "规则", "项目", "次数", "分值")
	if err != nil {
		return nil, true, err
	}
	for _, r := range det.rows {
		pts, err := r.dec("分值")
		if r.get("工号") == "" || err != nil || strings.Contains(r.get("说明"), "申诉：撤销") {
			continue // a row an appeal revoked (D32) counts for nothing
		}
		out.Events = append(out.Events, SummaryEvent{ID: r.get("工号"), Name: r.get("姓名"), Category: r.get("类别"),
			Code: r.get("规则"), Item: r.get("项目"), Times: max(r.int("次数"), 1), Points: pts})
	}

	if g, err := readOutTable(f, name, sheetGrades, "等级"); err == nil {
		for _, r := range g.rows {
			if v := r.get("等级"); v != "" && v != "合计" {
				out.Grades = append(out.Grades, v)
			}
		}
	}
	out.readQA(f, name)
	out.readCompensation(filepath.Join(dir, Names(out.Year, out.Month).Payroll))
	return out, true, nil
}

// readQA reads 质检统计 and the items' maxima from 参数 (质检项目:
// "服务态度20分；…"). Without maxima the QA part is left out.
func (m *SummaryMonth) readQA(f *excelize.File, name string) {
	qa, err := readOutTable(f, name, sheetQA, "工号", "班组", "质检次数")
	if err != nil {
		return
	}
	maxima := ""
	if p, err := readOutTable(f, name, sheetParams, "参数", "值"); err == nil {
		for _, r := range p.rows {
			if r.get("参数") == "质检项目" {
				maxima = r.get("值")
			}
		}
	}
	var cols []int
	for i, h := range qa.headers {
		item, ok := strings.CutSuffix(h, "(均分)")
		if !ok {
			continue
		}
		for _, part := range strings.Split(maxima, "；") {
			if v, ok := strings.CutPrefix(part, item); ok {
				if d, err := decimal.NewFromString(strings.TrimSuffix(v, "分")); err == nil {
					m.QAItems = append(m.QAItems, QAItemMax{Name: item, Max: d})
					cols = append(cols, i)
					break
				}
			}
		}
	}
	if len(cols) == 0 {
		return
	}
	for _, r := range qa.rows {
		if r.get("工号") == "" {
			continue
		}
		s := SummaryQA{ID: r.get("工号"), Team: r.get("班组"), Count: r.int("质检次数")}
		for _, c := range cols {
			var v decimal.NullDecimal
			if c < len(r.cells) {
				if d, err := decimal.NewFromString(strings.TrimSpace(r.cells[c])); err == nil {
					v = decimal.NewNullDecimal(d)
				}
			}
			s.Items = append(s.Items, v)
		}
		m.QA = append(m.QA, s)
	}
}

// readCompensation sums 赔偿扣款 of the payroll workbook (absent when the
// month's errors blocked it; unreadable when encrypted).
func (m *SummaryMonth) readCompensation(path string) {
	f, err := excelize.OpenFile(path, openOptions())
	if err != nil {
		return
	}
	defer f.Close()
	t, err := readOutTable(f, filepath.Base(path), sheetPayroll, "工号", "赔偿扣款")
	if err != nil {
		return
	}
	sum := decimal.Zero
	for _, r := range t.rows {
		if d, err := r.dec("赔偿扣款"); err == nil && r.get("工号") != "" {
			sum = sum.Add(d)
		}
	}
	m.Compensation, m.CompensationKnown = sum, true
}

// outTable is a sheet of an output workbook as raw cell values.
type outTable struct {
	title   string // the merged title row, if any
	headers []string
	col     map[string]int
	rows    []outRow
}

type outRow struct {
	cells []string
	col   map[string]int
}

func (r outRow) get(h string) string {
	i, ok := r.col[h]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

func (r outRow) dec(h string) (decimal.Decimal, error) { return decimal.NewFromString(r.get(h)) }

func (r outRow) int(h string) int {
	n, _ := strconv.Atoi(r.get(h))
	return n
}

// readOutTable reads a sheet written by this tool: the header row is the
// first of the first ten rows that has every required column; values are
// raw (numbers as stored, so that decimals stay exact).
func readOutTable(f *excelize.File, file, sheet string, required ...string) (*outTable, error) {
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return nil, fmt.Errorf("%s 中没有“%s”工作表（不是本工具生成的月度考核表？）", file, sheet)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%s!%s 无法读取：%s", file, sheet, ErrorText(err))
	}
	defer rows.Close()
	t := &outTable{}
	for r := 1; rows.Next(); r++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("%s!%s 第%d行无法读取：%s", file, sheet, r, ErrorText(err))
		}
		if t.col == nil {
			if r > 10 {
				break
			}
			col := map[string]int{}
			for i, c := range cells {
				if _, dup := col[strings.TrimSpace(c)]; !dup {
					col[strings.TrimSpace(c)] = i
				}
			}
			all := true
			for _, h := range required {
				if _, ok := col[h]; !ok {
					all = false
				}
			}
			if all {
				t.col, t.headers = col, cells
			} else if r == 1 && len(cells) > 0 {
				t.title = strings.TrimSpace(cells[0])
			}
			continue
		}
		t.rows = append(t.rows, outRow{cells: cells, col: t.col})
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("%s!%s 无法读取：%s", file, sheet, ErrorText(err))
	}
	if t.col == nil {
		return nil, fmt.Errorf("%s!%s：找不到表头（应有 %s）", file, sheet, strings.Join(required, "、"))
	}
	return t, nil
}
