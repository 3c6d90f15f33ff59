package sheets

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// sheetMeeting is the 月度例会 sheet (D39): what the 主任 presents at the
// monthly meeting (奖优罚劣): the best and the lowest ten, the most common
// deductions, the teams, and the QA items most often lost.
const sheetMeeting = "月度例会"

// meetingTop is how many are named at the top and at the bottom.
const meetingTop = 10

// meetingData is what the meeting sheet is built from. Both the month's
// workbook (from the result) and the summary (from the workbook as read)
// fill it the same way, so that the two sheets are the same.
type meetingData struct {
	Rows    []SummaryRow
	Events  []SummaryEvent
	QAItems []QAItemMax
	QA      []SummaryQA
	Grades  []string
}

// meetingFromResult converts a month's result for the meeting sheet,
// with the values as the other sheets write them.
func meetingFromResult(res *calc.Result, rules *calc.Rules) *meetingData {
	d := &meetingData{Grades: gradeOrder(rules)}
	teams := map[string]string{}
	for _, a := range res.Rows {
		teams[a.ID] = a.Team
		d.Rows = append(d.Rows, SummaryRow{ID: a.ID, Name: a.Name, Dept: a.Dept, Team: a.Team, Role: a.Role,
			Final: roundTrip(a.Final), Grade: a.Grade, Rank: a.Rank, TeamRank: a.TeamRank, Float: roundTrip(a.Float), Floats: a.Floats})
	}
	for _, e := range res.Events {
		if e.Revoked {
			continue
		}
		times := e.Times
		if times == 0 {
			times = 1
		}
		d.Events = append(d.Events, SummaryEvent{ID: e.ID, Name: e.Name, Category: string(e.Rule.Category),
			Code: e.Rule.Code, Item: e.Rule.Name, Times: times, Points: roundTrip(e.Total)})
	}
	for _, it := range rules.QAItems {
		d.QAItems = append(d.QAItems, QAItemMax{Name: it.Name, Max: it.Max})
	}
	for _, s := range res.QA {
		q := SummaryQA{ID: s.ID, Team: teams[s.ID], Count: s.Count}
		for i := range rules.QAItems {
			var v decimal.NullDecimal
			if i < len(s.ItemAvg) && s.ItemAvg[i].Valid {
				v = decimal.NewNullDecimal(roundTrip(s.ItemAvg[i].Decimal))
			}
			q.Items = append(q.Items, v)
		}
		d.QA = append(d.QA, q)
	}
	return d
}

// roundTrip is a decimal as a numeric cell keeps it.
func roundTrip(d decimal.Decimal) decimal.Decimal { return decimal.NewFromFloat(decFloat(d)) }

// meetingFromMonth is the meeting data of a month read back.
func meetingFromMonth(m *SummaryMonth) *meetingData {
	return &meetingData{Rows: m.Rows, Events: m.Events, QAItems: m.QAItems, QA: m.QA, Grades: m.Grades}
}

// deductionCount is one rule's deductions.
type deductionCount struct {
	Code, Item, Category string
	Times                int
	People               int
	Points               decimal.Decimal // signed sum
}

// countDeductions groups the deductions (negative 分值) by rule, the most
// frequent first (then by code).
func countDeductions(events []SummaryEvent) []deductionCount {
	pos := map[string]int{}
	people := map[string]map[string]bool{}
	var out []deductionCount
	for _, e := range events {
		if !e.Points.IsNegative() {
			continue
		}
		i, ok := pos[e.Code]
		if !ok {
			i = len(out)
			pos[e.Code] = i
			out = append(out, deductionCount{Code: e.Code, Item: e.Item, Category: e.Category})
			people[e.Code] = map[string]bool{}
		}
		out[i].Times += e.Times
		out[i].Points = out[i].Points.Add(e.Points)
		people[e.Code][e.ID] = true
	}
	for i := range out {
		out[i].People = len(people[out[i].Code])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Times != out[j].Times {
			return out[i].Times > out[j].Times
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// teamOrder lists the teams in order of first appearance.
func teamOrder(rows []SummaryRow) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rows {
		if !seen[r.Team] {
			seen[r.Team] = true
			out = append(out, r.Team)
		}
	}
	return out
}

// qaLoss is a QA item's average in a team.
type qaLoss struct {
	Team, Item     string
	Max, Avg, Lost decimal.Decimal
	Ratio          decimal.Decimal // Lost / Max
	Inspections    int
}

// qaLosses averages each QA item per team over the inspections (each
// employee's item average weighted by their count of inspections), the
// most lost first within each team; "全部" is the whole department.
func qaLosses(d *meetingData) []qaLoss {
	type acc struct {
		sum []decimal.Decimal
		n   []int
	}
	order := append(teamOrder(d.Rows), "全部")
	accs := map[string]*acc{}
	for _, t := range order {
		accs[t] = &acc{sum: make([]decimal.Decimal, len(d.QAItems)), n: make([]int, len(d.QAItems))}
	}
	for _, q := range d.QA {
		if q.Count == 0 {
			continue
		}
		for _, t := range []string{q.Team, "全部"} {
			a, ok := accs[t]
			if !ok {
				continue
			}
			for i, v := range q.Items {
				if i < len(d.QAItems) && v.Valid {
					a.sum[i] = a.sum[i].Add(v.Decimal.Mul(decimal.NewFromInt(int64(q.Count))))
					a.n[i] += q.Count
				}
			}
		}
	}
	var out []qaLoss
	for _, t := range order {
		a := accs[t]
		var part []qaLoss
		for i, it := range d.QAItems {
			if a.n[i] == 0 || !it.Max.IsPositive() {
				continue
			}
			avg := a.sum[i].DivRound(decimal.NewFromInt(int64(a.n[i])), 2)
			lost := it.Max.Sub(avg)
			part = append(part, qaLoss{Team: t, Item: it.Name, Max: it.Max, Avg: avg, Lost: lost,
				Ratio: lost.DivRound(it.Max, 4), Inspections: a.n[i]})
		}
		sort.SliceStable(part, func(i, j int) bool { return part[i].Ratio.GreaterThan(part[j].Ratio) })
		out = append(out, part...)
	}
	return out
}

// xlBlock is one titled table of a sheet with several tables.
type xlBlock struct {
	caption string
	headers []string
	rows    [][]excelize.Cell
	empty   string // shown when there are no rows
}

// writeBlocks adds a sheet of several tables one under the other, each
// with a caption and its own header row; the columns fit all of them.
func (b *xlBook) writeBlocks(sheet, title string, blocks []xlBlock) error {
	if err := b.newSheet(sheet); err != nil {
		return err
	}
	ncol := 1
	for _, bl := range blocks {
		ncol = max(ncol, len(bl.headers))
	}
	widths := make([]float64, ncol)
	for _, bl := range blocks {
		tw := (&xlTable{headers: bl.headers, rows: bl.rows}).widths()
		for i, w := range tw {
			widths[i] = max(widths[i], w)
		}
	}
	if err := b.printSetup(sheet, 1, false, false, 0); err != nil {
		return err
	}
	sw, err := b.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := b.zip.setCols(b.part, widths); err != nil {
		return err
	}
	row := 1
	x := &rowXML{}
	// put writes one row; merge merges its first cell across the sheet
	// (the other cells stay unwritten).
	put := func(cells []excelize.Cell, merge bool, height float64) error {
		if err := x.putRow(sw, row, cells, nil, height); err != nil {
			return err
		}
		if merge && ncol > 1 {
			r := strconv.Itoa(row)
			if err := sw.MergeCell("A"+r, x.colName(ncol)+r); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	if err := put([]excelize.Cell{{StyleID: b.st.title, Value: title}}, true, 30); err != nil {
		return err
	}
	for _, bl := range blocks {
		row++ // a blank row between the tables
		if err := put([]excelize.Cell{{StyleID: b.st.sign, Value: bl.caption}}, true, 22); err != nil {
			return err
		}
		hdr := make([]excelize.Cell, len(bl.headers))
		for i, h := range bl.headers {
			hdr[i] = excelize.Cell{StyleID: b.st.header, Value: h}
		}
		if err := put(hdr, false, 22); err != nil {
			return err
		}
		if len(bl.rows) == 0 {
			if err := put([]excelize.Cell{{StyleID: b.st.note, Value: bl.empty}}, true, 0); err != nil {
				return err
			}
		}
		for _, r := range bl.rows {
			if err := put(r, false, b.rowHeight(r, widths, nil)); err != nil {
				return err
			}
		}
	}
	b.streamRows(x)
	return sw.Flush()
}

// meetingSheet writes the 月度例会 sheet of d.
func (b *xlBook) meetingSheet(d *meetingData, title string) error {
	people := []string{"名次", "工号", "姓名", "班组", "岗位", "考核分", "等级"}
	person := func(r SummaryRow, place int) []excelize.Cell {
		return []excelize.Cell{b.num(place), b.idCell(r.ID), b.str(r.Name), b.str(r.Team), b.str(r.Role),
			b.score(r.Final), {StyleID: b.gradeStyle(r.Grade), Value: r.Grade}}
	}
	sorted := append([]SummaryRow(nil), d.Rows...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Final.GreaterThan(sorted[j].Final) })
	var top, bottom [][]excelize.Cell
	// Top: competition places 1, 2, 2, 4 …, everyone tied with the tenth.
	for i, r := range sorted {
		place := i + 1
		if i > 0 && r.Final.Equal(sorted[i-1].Final) {
			place = int(top[len(top)-1][0].Value.(int))
		}
		if place > meetingTop {
			break
		}
		top = append(top, person(r, place))
	}
	// Bottom: places counted from the lowest.
	for i := len(sorted) - 1; i >= 0; i-- {
		r := sorted[i]
		place := len(sorted) - i
		if i < len(sorted)-1 && r.Final.Equal(sorted[i+1].Final) {
			place = int(bottom[len(bottom)-1][0].Value.(int))
		}
		if place > meetingTop {
			break
		}
		bottom = append(bottom, person(r, place))
	}
	var deds [][]excelize.Cell
	for i, c := range countDeductions(d.Events) {
		if i == meetingTop {
			break
		}
		deds = append(deds, []excelize.Cell{b.num(i + 1), b.str(c.Code), b.str(c.Category),
			b.num(c.Times), b.num(c.People), b.score(c.Points), b.wrapped(c.Item)})
	}
	var teams [][]excelize.Cell
	for _, t := range teamOrder(d.Rows) {
		var rows []SummaryRow
		var evs []SummaryEvent
		ids := map[string]bool{}
		for _, r := range d.Rows {
			if r.Team == t {
				rows = append(rows, r)
				ids[r.ID] = true
			}
		}
		for _, e := range d.Events {
			if ids[e.ID] {
				evs = append(evs, e)
			}
		}
		sum := decimal.Zero
		hi, lo := rows[0], rows[0]
		for _, r := range rows {
			sum = sum.Add(r.Final)
			if r.Final.GreaterThan(hi.Final) {
				hi = r
			}
			if r.Final.LessThan(lo.Final) {
				lo = r
			}
		}
		times, common := 0, ""
		cs := countDeductions(evs)
		for _, c := range cs {
			times += c.Times
		}
		if len(cs) > 0 {
			common = fmt.Sprintf("%s %s（%d次）", cs[0].Code, cs[0].Item, cs[0].Times)
		}
		teams = append(teams, []excelize.Cell{b.str(t), b.num(len(rows)),
			b.avg(sum.DivRound(decimal.NewFromInt(int64(len(rows))), 2)), b.num(times),
			b.str(hi.Name + " " + hi.Final.String()), b.str(lo.Name + " " + lo.Final.String()), b.wrapped(common)})
	}
	var qa [][]excelize.Cell
	for _, l := range qaLosses(d) {
		qa = append(qa, []excelize.Cell{b.str(l.Team), b.str(l.Item), b.score(l.Max), b.avg(l.Avg), b.avg(l.Lost),
			{StyleID: b.st.percent, Value: decFloat(l.Ratio)}, b.num(l.Inspections)})
	}
	return b.writeBlocks(sheetMeeting, title, []xlBlock{
		{caption: "一、本月前十名（奖优）", headers: people, rows: top, empty: "本月无人"},
		{caption: "二、本月后十名（罚劣，须结合处理建议人工复核）", headers: people, rows: bottom, empty: "本月无人"},
		{caption: "三、最常见的扣分项目", headers: []string{"序号", "规则", "类别", "次数", "人数", "扣分合计", "项目"}, rows: deds, empty: "本月没有扣分"},
		{caption: "四、各班组情况", headers: []string{"班组", "人数", "平均分", "扣分次数", "最高分", "最低分", "最常见扣分"}, rows: teams, empty: "本月无人"},
		{caption: "五、质检失分最多的项目（按班组，失分率从高到低）", headers: []string{"班组", "质检项目", "满分", "平均得分", "平均失分", "失分率", "质检次数"},
			rows: qa, empty: "本月没有质检记录"},
	})
}
