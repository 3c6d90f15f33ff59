package sheets

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// Sheets of the summary workbook 考核汇总_YYYY-MM至YYYY-MM.xlsx (D39).
const (
	sumSheetMonths   = "月份说明"
	sumSheetPeople   = "个人汇总"
	sumSheetTeams    = "班组月度"
	sumSheetTrend    = "班组趋势"
	sumSheetMix      = "等级趋势"
	sumSheetLast     = "末位记录"
	sumSheetTotals   = "月度合计"
	sumSheetDeduct   = "扣分排行"
	sumSheetChanges  = "人员变动"
	summaryMaxMonths = 120
)

// Summary is what WriteSummary read and wrote.
type Summary struct {
	Path    string          // the workbook written
	From    time.Time       // first month of the range
	To      time.Time       // last month of the range
	Months  []*SummaryMonth // the months read, in order
	Missing []string        // months of the range without a 月度考核表 (YYYY-MM)
}

// ErrNoMonths is returned when the range holds no month at all.
var ErrNoMonths = errors.New("所选范围内没有任何月度考核表")

// DefaultSummaryRange is the last six months up to the latest month folder
// under root; ok is false when root has none.
func DefaultSummaryRange(root string) (from, to time.Time, ok bool) {
	months, err := OutputMonths(root)
	if err != nil || len(months) == 0 {
		return time.Time{}, time.Time{}, false
	}
	to = months[len(months)-1]
	return to.AddDate(0, -5, 0), to, true
}

// WriteSummary reads every month from..to (first days of months) under the
// output root and writes the summary workbook into root. A month without a
// 月度考核表 is named in Missing and on the sheets; no month at all is an
// error.
func WriteSummary(root string, from, to time.Time) (*Summary, error) {
	from = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	to = time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC)
	if to.Before(from) {
		return nil, fmt.Errorf("起始月份 %s 晚于结束月份 %s", monthKey(from.Year(), from.Month()), monthKey(to.Year(), to.Month()))
	}
	s := &Summary{From: from, To: to}
	n := 0
	for d := from; !d.After(to); d = d.AddDate(0, 1, 0) {
		if n++; n > summaryMaxMonths {
			return nil, fmt.Errorf("范围太长：最多 %d 个月", summaryMaxMonths)
		}
		m, found, err := ReadSummaryMonth(root, d.Year(), d.Month())
		if err != nil {
			return nil, fmt.Errorf("%s：%w", monthKey(d.Year(), d.Month()), err)
		}
		if !found {
			s.Missing = append(s.Missing, monthKey(d.Year(), d.Month()))
			continue
		}
		s.Months = append(s.Months, m)
	}
	if len(s.Months) == 0 {
		return s, ErrNoMonths
	}
	s.Path = filepath.Join(root, SummaryName(from, to))
	if err := ReplaceFile(s.Path, 0o600, func(w io.Writer) error { return writeSummary(w, s) }); err != nil {
		return nil, err
	}
	return s, nil
}

// summaryGrades is the union of the months' grades, from the best down
// (the latest month's order first).
func summaryGrades(ms []*SummaryMonth) []string {
	var out []string
	seen := map[string]bool{}
	add := func(g string) {
		if g != "" && !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	for i := len(ms) - 1; i >= 0; i-- {
		for _, g := range ms[i].Grades {
			add(g)
		}
	}
	for _, m := range ms {
		for _, r := range m.Rows {
			add(r.Grade)
		}
	}
	return out
}

// gradeRules makes rules whose grade order is grades (for the colours).
func gradeRules(grades []string) *calc.Rules {
	r := &calc.Rules{}
	if len(grades) == 0 {
		return r
	}
	for i, g := range grades[:len(grades)-1] {
		r.Grades = append(r.Grades, calc.GradeBand{Grade: g, Min: decimal.NewFromInt(int64(len(grades) - i))})
	}
	r.FailGrade = grades[len(grades)-1]
	return r
}

func writeSummary(w io.Writer, s *Summary) error {
	last := s.Months[len(s.Months)-1]
	var all []SummaryRow
	for _, m := range s.Months {
		all = append(all, m.Rows...)
	}
	dept := summaryDept(all)
	span := monthKey(s.From.Year(), s.From.Month()) + "至" + monthKey(s.To.Year(), s.To.Month())
	title := dept + "考核汇总（" + span + "）"
	grades := summaryGrades(s.Months)
	b, err := newBook(title, gradeRules(grades), s.To.Year(), s.To.Month())
	if err != nil {
		return err
	}
	missing := ""
	if len(s.Missing) > 0 {
		missing = "缺少月份：" + strings.Join(s.Missing, "、") + "（输出目录中没有这些月份的月度考核表，未计入）"
	}
	steps := []func() error{
		func() error { return b.write(sumMonthsTable(b, s, title+" 月份说明")) },
		func() error { return b.write(sumPeopleTable(b, s, title+" 个人汇总", missing)) },
		func() error { return b.write(sumTeamsTable(b, s, grades, title+" 班组月度")) },
		func() error { return sumTrendSheet(b, s, title+" 班组平均分趋势") },
		func() error { return sumMixSheet(b, s, grades, title+" 等级分布趋势") },
		func() error { return b.write(sumLastTable(b, s, title+" 末位记录")) },
		func() error { return b.write(sumTotalsTable(b, s, title+" 月度合计")) },
		func() error { return b.write(sumDeductTable(b, s, title+" 扣分排行")) },
		func() error { return b.write(sumChangesTable(b, s, title+" 人员变动")) },
		func() error {
			return b.meetingSheet(meetingFromMonth(last), fmt.Sprintf("%s%s月度例会（%s）", dept, monthText(last.Year, last.Month), last.SetLabel()))
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return b.save(w, "")
}

func summaryDept(rows []SummaryRow) string {
	count := map[string]int{}
	best, n := "", 0
	for _, r := range rows {
		if d := strings.TrimSpace(r.Dept); d != "" {
			count[d]++
			if count[d] > n {
				best, n = d, count[d]
			}
		}
	}
	if best == "" {
		return "客服部"
	}
	return best
}

// monthLabel is a month as a column heading, marked when not signed off.
func monthLabel(m *SummaryMonth) string {
	k := m.Key()
	if m.Set == SetDraft {
		return k + "(草稿)"
	}
	if strings.HasPrefix(m.Set, SetCorrection) {
		return k + "(" + m.Set + ")"
	}
	return k
}

func sumMonthsTable(b *xlBook, s *Summary, title string) *xlTable {
	t := &xlTable{sheet: sumSheetMonths, title: title, headers: []string{"月份", "状态", "人数", "读取的文件", "说明"},
		print: true, wrapCol: map[int]bool{3: true, 4: true}, wrapMax: 50}
	i := 0
	for d := s.From; !d.After(s.To); d = d.AddDate(0, 1, 0) {
		k := monthKey(d.Year(), d.Month())
		if i < len(s.Months) && s.Months[i].Key() == k {
			m := s.Months[i]
			i++
			note := ""
			switch {
			case m.Set == SetDraft:
				note = "本月尚未定稿，数字可能还会更正"
			case strings.HasPrefix(m.Set, SetCorrection):
				note = "定稿后已更正，按最新更正计"
			}
			if m.Errors {
				note = joinTexts([]string{note, "本月考核表标为草稿（输入有错误）"})
			}
			if !m.CompensationKnown {
				note = joinTexts([]string{note, "没有可读取的绩效工资调整表，赔偿扣款不详"})
			}
			rel := AppraisalName(m.Year, m.Month)
			if m.Set != SetFinal && m.Set != SetDraft {
				rel = filepath.ToSlash(filepath.Join(k, m.Set, rel))
			} else {
				rel = k + "/" + rel
			}
			t.rows = append(t.rows, []excelize.Cell{b.mid(k), b.mid(m.SetLabel()), b.num(len(m.Rows)), b.wrapped(rel), b.wrapped(note)})
			continue
		}
		t.rows = append(t.rows, []excelize.Cell{b.mid(k), {StyleID: b.st.levelErr, Value: "缺失"}, b.num(0), b.str(""),
			b.wrapped("输出目录中没有此月的月度考核表，未计入汇总")})
	}
	t.footer = []string{"所有数字均取自各月的月度考核表（考核汇总、扣分明细、质检统计）和绩效工资调整表，不重新计算。"}
	return t
}

// person is one employee across the months.
type person struct {
	row    SummaryRow // the latest month's row
	months map[string]SummaryRow
	first  string // first month present
	lastK  string // last month present
}

// people lists the employees of the months: the latest month's order, then
// those who are no longer there, latest first.
func people(ms []*SummaryMonth) []*person {
	by := map[string]*person{}
	var order []*person
	for i := len(ms) - 1; i >= 0; i-- {
		for _, r := range ms[i].Rows {
			p, ok := by[r.ID]
			if !ok {
				p = &person{row: r, months: map[string]SummaryRow{}, lastK: ms[i].Key()}
				by[r.ID] = p
				order = append(order, p)
			}
			p.months[ms[i].Key()] = r
			p.first = ms[i].Key()
		}
	}
	return order
}

func sumPeopleTable(b *xlBook, s *Summary, title, missing string) *xlTable {
	headers := []string{"工号", "姓名", "班组", "岗位"}
	for _, m := range s.Months {
		l := shortMonth(m, s.From.Year() != s.To.Year())
		headers = append(headers, l+"分", l+"等级", l+"浮动")
	}
	headers = append(headers, "考核月数", "平均分", "最高分", "最低分", "变化(末月−首月)", "趋势")
	t := &xlTable{sheet: sumSheetPeople, title: title, headers: headers, filter: true, print: true}
	for _, p := range people(s.Months) {
		r := []excelize.Cell{b.idCell(p.row.ID), b.str(p.row.Name), b.str(p.row.Team), b.str(p.row.Role)}
		var scores []decimal.Decimal
		for _, m := range s.Months {
			x, ok := p.months[m.Key()]
			if !ok {
				r = append(r, excelize.Cell{StyleID: b.st.score}, excelize.Cell{StyleID: b.st.mid}, excelize.Cell{StyleID: b.st.money})
				continue
			}
			scores = append(scores, x.Final)
			r = append(r, b.score(x.Final), excelize.Cell{StyleID: b.gradeStyle(x.Grade), Value: x.Grade}, b.money(x.Float))
		}
		sum, hi, lo := decimal.Zero, scores[0], scores[0]
		for _, v := range scores {
			sum = sum.Add(v)
			hi, lo = decimal.Max(hi, v), decimal.Min(lo, v)
		}
		r = append(r, b.num(len(scores)), b.avg(sum.DivRound(decimal.NewFromInt(int64(len(scores))), 2)), b.score(hi), b.score(lo))
		if len(scores) < 2 {
			r = append(r, excelize.Cell{StyleID: b.st.score}, b.mid("—"))
		} else {
			ch := scores[len(scores)-1].Sub(scores[0])
			trend := "→ 持平"
			if ch.IsPositive() {
				trend = "↑ 上升"
			} else if ch.IsNegative() {
				trend = "↓ 下降"
			}
			r = append(r, b.score(ch), b.mid(trend))
		}
		t.rows = append(t.rows, r)
	}
	t.footer = []string{"各月列：分 = 考核分，等级，浮动 = 绩效浮动(元)；月份后标 * 的为草稿（未定稿），标 ′ 的为定稿后的更正。"}
	if missing != "" {
		t.footer = append(t.footer, missing)
	}
	return t
}

// shortMonth is a month as the prefix of narrow column headings ("6月",
// "26年6月" when the range spans years), marked * as a draft and ′ as a
// correction.
func shortMonth(m *SummaryMonth, years bool) string {
	l := fmt.Sprintf("%d月", int(m.Month))
	if years {
		l = fmt.Sprintf("%02d年%d月", m.Year%100, int(m.Month))
	}
	switch {
	case m.Set == SetDraft:
		l += "*"
	case strings.HasPrefix(m.Set, SetCorrection):
		l += "′"
	}
	return l
}

// teamMonth is a team's month as the 班组统计 of the monthly workbook has it.
type teamMonth struct {
	count           int
	avg, hi, lo, fl decimal.Decimal
	grades          map[string]int
}

func teamMonths(m *SummaryMonth) (order []string, by map[string]*teamMonth) {
	by = map[string]*teamMonth{}
	sums := map[string]decimal.Decimal{}
	for _, r := range m.Rows {
		t, ok := by[r.Team]
		if !ok {
			t = &teamMonth{hi: r.Final, lo: r.Final, grades: map[string]int{}}
			by[r.Team] = t
			order = append(order, r.Team)
		}
		t.count++
		sums[r.Team] = sums[r.Team].Add(r.Final)
		t.hi, t.lo = decimal.Max(t.hi, r.Final), decimal.Min(t.lo, r.Final)
		t.fl = t.fl.Add(r.Float)
		t.grades[r.Grade]++
	}
	for k, t := range by {
		t.avg = sums[k].DivRound(decimal.NewFromInt(int64(t.count)), 2)
	}
	return order, by
}

// summaryTeams lists the teams of all months, the latest month's order first.
func summaryTeams(ms []*SummaryMonth) []string {
	var out []string
	seen := map[string]bool{}
	for i := len(ms) - 1; i >= 0; i-- {
		for _, t := range teamOrder(ms[i].Rows) {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

func sumTeamsTable(b *xlBook, s *Summary, grades []string, title string) *xlTable {
	headers := []string{"班组", "月份", "人数", "平均分", "最高分", "最低分"}
	for _, g := range grades {
		headers = append(headers, g+"(人)")
	}
	headers = append(headers, "浮动合计(元)")
	t := &xlTable{sheet: sumSheetTeams, title: title, headers: headers, filter: true, print: true}
	per := make([]map[string]*teamMonth, len(s.Months))
	for i, m := range s.Months {
		_, per[i] = teamMonths(m)
	}
	for _, team := range summaryTeams(s.Months) {
		for i, m := range s.Months {
			tm, ok := per[i][team]
			if !ok {
				continue
			}
			r := []excelize.Cell{b.str(team), b.mid(monthLabel(m)), b.num(tm.count), b.avg(tm.avg), b.score(tm.hi), b.score(tm.lo)}
			for _, g := range grades {
				r = append(r, b.num(tm.grades[g]))
			}
			t.rows = append(t.rows, append(r, b.money(tm.fl)))
		}
	}
	return t
}

func sumLastTable(b *xlBook, s *Summary, title string) *xlTable {
	t := &xlTable{sheet: sumSheetLast, title: title, headers: []string{"月份", "工号", "姓名", "班组", "岗位", "考核分", "等级", "期内末位次数", "处理建议"},
		filter: true, print: true, wrapCol: map[int]bool{8: true}, wrapMax: 50}
	times := map[string]int{}
	lasts := make([][]SummaryRow, len(s.Months))
	for i, m := range s.Months {
		if len(m.Rows) == 0 {
			continue
		}
		low := m.Rows[0].Final
		for _, r := range m.Rows {
			low = decimal.Min(low, r.Final)
		}
		for _, r := range m.Rows {
			if r.Final.Equal(low) {
				lasts[i] = append(lasts[i], r)
				times[r.ID]++
			}
		}
	}
	for i, m := range s.Months {
		for _, r := range lasts[i] {
			t.rows = append(t.rows, []excelize.Cell{b.mid(monthLabel(m)), b.idCell(r.ID), b.str(r.Name), b.str(r.Team), b.str(r.Role),
				b.score(r.Final), {StyleID: b.gradeStyle(r.Grade), Value: r.Grade}, b.num(times[r.ID]), b.wrapped(r.Flags)})
		}
	}
	t.footer = []string{"末位：当月考核分最低者（并列均计）。连续两月末位的处理建议以各月考核表为准，须人工复核。"}
	return t
}

func sumTotalsTable(b *xlBook, s *Summary, title string) *xlTable {
	t := &xlTable{sheet: sumSheetTotals, title: title, headers: []string{"月份", "状态", "人数", "平均分", "浮动人数",
		"正浮动合计(元)", "负浮动合计(元)", "绩效浮动合计(元)", "赔偿扣款合计(元)"}, print: true}
	var n, floating int
	var plus, minus, comp decimal.Decimal
	compAll := true
	for _, m := range s.Months {
		var p, neg, sum decimal.Decimal
		f := 0
		for _, r := range m.Rows {
			sum = sum.Add(r.Final)
			if r.Floats {
				f++
			}
			if r.Float.IsPositive() {
				p = p.Add(r.Float)
			} else {
				neg = neg.Add(r.Float)
			}
		}
		avg := excelize.Cell{StyleID: b.st.avg}
		if len(m.Rows) > 0 {
			avg = b.avg(sum.DivRound(decimal.NewFromInt(int64(len(m.Rows))), 2))
		}
		c := excelize.Cell{StyleID: b.st.money, Value: "不详"}
		if m.CompensationKnown {
			c = b.money(m.Compensation)
			comp = comp.Add(m.Compensation)
		} else {
			compAll = false
		}
		t.rows = append(t.rows, []excelize.Cell{b.mid(m.Key()), b.mid(m.SetLabel()), b.num(len(m.Rows)), avg, b.num(f),
			b.money(p), b.money(neg), b.money(p.Add(neg)), c})
		n += len(m.Rows)
		floating += f
		plus, minus = plus.Add(p), minus.Add(neg)
	}
	c := b.money(comp)
	if !compAll {
		c = excelize.Cell{StyleID: b.st.money, Value: "不详"}
	}
	t.rows = append(t.rows, []excelize.Cell{b.mid("合计"), b.str(""), b.num(n), {StyleID: b.st.avg}, b.num(floating),
		b.money(plus), b.money(minus), b.money(plus.Add(minus)), c})
	t.footer = []string{"人数为各月人次之和；赔偿扣款取自各月的绩效工资调整表（未生成或已加密时为“不详”）。"}
	return t
}

func sumDeductTable(b *xlBook, s *Summary, title string) *xlTable {
	headers := []string{"序号", "规则", "项目", "类别"}
	for _, m := range s.Months {
		headers = append(headers, shortMonth(m, s.From.Year() != s.To.Year())+"次数")
	}
	headers = append(headers, "期内次数", "人数", "扣分合计")
	t := &xlTable{sheet: sumSheetDeduct, title: title, headers: headers, filter: true, print: true, wrapCol: map[int]bool{2: true}}
	var all []SummaryEvent
	per := make([]map[string]int, len(s.Months))
	for i, m := range s.Months {
		all = append(all, m.Events...)
		per[i] = map[string]int{}
		for _, c := range countDeductions(m.Events) {
			per[i][c.Code] = c.Times
		}
	}
	for k, c := range countDeductions(all) {
		r := []excelize.Cell{b.num(k + 1), b.str(c.Code), b.wrapped(c.Item), b.str(c.Category)}
		for i := range s.Months {
			r = append(r, b.num(per[i][c.Code]))
		}
		t.rows = append(t.rows, append(r, b.num(c.Times), b.num(c.People), b.score(c.Points)))
	}
	t.footer = []string{"只统计各月扣分明细中分值为负的记录，按期内次数从多到少；月份后标 * 的为草稿（未定稿），标 ′ 的为定稿后的更正。"}
	return t
}

func sumChangesTable(b *xlBook, s *Summary, title string) *xlTable {
	t := &xlTable{sheet: sumSheetChanges, title: title, headers: []string{"工号", "姓名", "班组", "岗位", "变动", "月份", "备注"},
		filter: true, print: true, wrapCol: map[int]bool{6: true}, wrapMax: 50}
	first, lastK := s.Months[0].Key(), s.Months[len(s.Months)-1].Key()
	ps := people(s.Months)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].first < ps[j].first })
	for _, p := range ps {
		if p.first != first {
			r := p.months[p.first]
			t.rows = append(t.rows, []excelize.Cell{b.idCell(r.ID), b.str(r.Name), b.str(r.Team), b.str(r.Role), b.mid("新进"),
				b.mid(p.first), b.wrapped("自 " + p.first + " 起出现在考核表中")})
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].lastK < ps[j].lastK })
	for _, p := range ps {
		if p.lastK != lastK {
			r := p.months[p.lastK]
			t.rows = append(t.rows, []excelize.Cell{b.idCell(r.ID), b.str(r.Name), b.str(r.Team), b.str(r.Role), b.mid("离开"),
				b.mid(p.lastK), b.wrapped(joinTexts([]string{"最后出现在 " + p.lastK + " 的考核表中", r.Notes}))})
		}
	}
	t.footer = []string{"新进：首月之后才出现在考核表中的人；离开：末月考核表中已没有的人（离职或调出）。缺失的月份不计。"}
	return t
}
