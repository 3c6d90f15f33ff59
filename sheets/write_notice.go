package sheets

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// The 考核通知单 (D30): one printed A4 page per employee, grouped by team
// (a sheet per team), each page a block of rows ending in a manual page
// break. The blocks set their row heights themselves and the sheet prints
// at a fixed scale that fits its tallest block on one page, so that Excel,
// WPS and LibreOffice all break the pages at the same rows.

// noticeCols are the columns of a notice: the event table's, which the
// blocks above and below it span.
var noticeCols = []struct {
	name  string
	width float64
}{
	{"日期", 11}, {"规则", 6}, {"项目", 20}, {"次数", 5}, {"分值", 7}, {"来源", 28}, {"说明", 18},
}

// Row heights of a notice block, in points.
const (
	noticeTitleH   = 32
	noticeInfoH    = 20
	noticeSectionH = 22
	noticeLineH    = 15 // one line of wrapped 11-point text
	noticeSignH    = 36
	// noticeMaxPages caps the employees of one sheet: Excel keeps at most
	// 1026 manual page breaks a sheet, so a bigger team goes on to a
	// second sheet.
	noticeMaxPages = 1000
)

// noticeKeepBlocks is the number of blocks up to which a sheet keeps them
// from its layout for its writing (see noticeSheet); tests change it.
var noticeKeepBlocks = 64

// noticeSignLine is the signature line under each notice.
const noticeSignLine = "员工确认：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000班长：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000日期：\u3000\u3000\u3000\u3000\u3000\u3000"

// noticeStyles are the styles a notice adds to the book's.
type noticeStyles struct {
	title, label, value, section, box, boxMid int
}

// noticeRow is one printed row of a block: cells with their spans and the
// row's height.
type noticeRow struct {
	cells  []excelize.Cell
	span   []int
	height float64
}

// appealDeadline is the 申诉截止 of a run: AppealDays after the run date,
// or after the month's last day when the run has no date.
func appealDeadline(res *calc.Result, run *Run) time.Time {
	from := run.Date
	if from.IsZero() {
		from = time.Date(res.Year, res.Month+1, 0, 0, 0, 0, 0, time.UTC)
	}
	from = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	days := 0
	if run.Rules != nil {
		days = run.Rules.AppealDays
	}
	return from.AddDate(0, 0, days)
}

// dateText is "2026年12月7日".
func dateText(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// teamGroup is one team's rows in roster order.
type teamGroup struct {
	team string
	rows []calc.Appraisal
}

// teamGroups groups the rows by team in order of the teams' first
// appearance (the order of 班组统计).
func teamGroups(rows []calc.Appraisal) []teamGroup {
	var out []teamGroup
	pos := map[string]int{}
	var count []int
	for _, a := range rows {
		i, ok := pos[a.Team]
		if !ok {
			i = len(out)
			pos[a.Team] = i
			out = append(out, teamGroup{team: a.Team})
			count = append(count, 0)
		}
		count[i]++
	}
	// Each team's rows are copied once, into a slice of their number.
	for i := range out {
		out[i].rows = make([]calc.Appraisal, 0, count[i])
	}
	for _, a := range rows {
		i := pos[a.Team]
		out[i].rows = append(out[i].rows, a)
	}
	return out
}

// groupByID groups xs by id, keeping their order: each person's part of xs
// itself when each person's items come together (as calc gives events
// and findings), copies otherwise.
func groupByID[T any](xs []T, id func(*T) string) map[string][]T {
	out := map[string][]T{}
	for i := 0; i < len(xs); {
		k := id(&xs[i])
		j := i + 1
		for j < len(xs) && id(&xs[j]) == k {
			j++
		}
		if _, seen := out[k]; seen {
			return groupByIDCopied(xs, id)
		}
		out[k] = xs[i:j:j]
		i = j
	}
	return out
}

// groupByIDCopied is groupByID for items of a person that do not come together.
func groupByIDCopied[T any](xs []T, id func(*T) string) map[string][]T {
	out := map[string][]T{}
	for i := range xs {
		k := id(&xs[i])
		out[k] = append(out[k], xs[i])
	}
	return out
}

// teamLabel is a team's name as shown, 未分班组 when blank.
func teamLabel(team string) string {
	if t := strings.TrimSpace(team); t != "" {
		return t
	}
	return "未分班组"
}

// writeNotices writes the 考核通知单 workbook.
func writeNotices(w io.Writer, res *calc.Result, run *Run) error {
	dept := deptName(res.Rows)
	title := dept + monthText(res.Year, res.Month) + "考核通知单"
	b, err := newBookOf(title, run.Rules, res.Year, res.Month, true)
	if err != nil {
		return err
	}
	ns := *b.st.notice
	if n := errorCount(res.Problems); n > 0 {
		title += fmt.Sprintf("（草稿：存在%d个错误，以定稿为准）", n)
	}
	events := groupByID(res.Events, func(e *calc.Scored) string { return e.ID })
	finds := groupByID(res.Findings, func(f *calc.Finding) string { return f.ID })
	kit := b.noticeKit(ns, title, monthText(res.Year, res.Month), appealDeadline(res, run), run.Rules)
	groups := teamGroups(res.Rows)
	names := sheetNamer{}
	if len(groups) == 0 {
		// An empty month still gives a workbook that opens.
		groups = []teamGroup{{team: ""}}
	}
	for _, g := range groups {
		for from := 0; from == 0 || from < len(g.rows); from += noticeMaxPages {
			rows := g.rows[from:min(from+noticeMaxPages, len(g.rows))]
			n, block := len(rows), func(i int, heights []float64) []noticeRow {
				a := &rows[i]
				return b.noticeBlock(kit, a, events[a.ID], finds[a.ID], heights)
			}
			if n == 0 {
				n, block = 1, func(int, []float64) []noticeRow {
					return []noticeRow{{cells: []excelize.Cell{{StyleID: ns.title, Value: title}}, span: []int{len(noticeCols)}, height: noticeTitleH},
						{cells: []excelize.Cell{b.str("本月没有考核人员")}, span: []int{len(noticeCols)}, height: noticeInfoH}}
				}
			}
			if err := b.noticeSheet(names.name(teamLabel(g.team)), teamLabel(g.team), dept+monthText(res.Year, res.Month)+"考核通知单", n, block); err != nil {
				return err
			}
		}
	}
	return b.save(w, "")
}

func (b *xlBook) noticeStyles() (noticeStyles, error) {
	border := thinBorder
	var err error
	mk := styleMaker(b.f, &err)
	ns := noticeStyles{}
	ns.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	ns.label = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	ns.value = mk(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	ns.section = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Vertical: "center"}})
	ns.box = mk(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	ns.boxMid = mk(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	return ns, err
}

// noticeHeight is the height of a row whose text cells wrap in the given
// spans of the notice's columns: one line of noticeLineH each, at least min.
func noticeHeight(minH float64, cells []excelize.Cell, span []int) float64 {
	lines, col := 1, 0
	for i, c := range cells {
		n := 1
		if i < len(span) && span[i] > 1 {
			n = span[i]
		}
		if s, ok := c.Value.(string); ok {
			w := 0.0
			for k := col; k < col+n && k < len(noticeCols); k++ {
				w += noticeCols[k].width
			}
			room := max(int(w)-1, 4)
			lines = max(lines, lineCount(s, room))
		}
		col += n
	}
	return min(max(minH, float64(lines)*noticeLineH+5), excelize.MaxRowHeight)
}

// noticeWidth is the width of a notice in characters.
func noticeWidth() float64 {
	w := 0.0
	for _, c := range noticeCols {
		w += c.width
	}
	return w
}

// signed shows a score with its sign ("+5", "−2.5", "0").
func signed(d decimal.Decimal) string {
	switch d.Sign() {
	case 1:
		return "+" + d.String()
	case -1:
		return "−" + d.Neg().String()
	}
	return "0"
}

// noticeKit is what the notices of a workbook share: their styles and
// the rows that are the same on every page, made once (the rows of the
// blocks share them and never change them).
type noticeKit struct {
	ns                                         noticeStyles
	month, deadline                            string // 考核月份, 申诉截止
	rules                                      *calc.Rules
	title, header, noEvents, noFlags, findsHdr noticeRow
	advice, appealSec, appeal, signGap, sign   noticeRow
}

// The spans of the notice rows, shared by every block.
var (
	spanAll   = []int{len(noticeCols)}
	spanPair  = []int{1, 2, 2, 2}
	spanLabel = []int{1, len(noticeCols) - 1}
	spanFind  = []int{1, 2, 3, 1}
	spanFlag  = []int{3, len(noticeCols) - 3}
)

// noticeKit makes the kit of the notices titled title.
func (b *xlBook) noticeKit(ns noticeStyles, title, month string, deadline time.Time, rules *calc.Rules) *noticeKit {
	k := &noticeKit{ns: ns, month: month, deadline: dateText(deadline), rules: rules}
	row := func(minH float64, cells []excelize.Cell, span []int) noticeRow {
		return noticeRow{cells: cells, span: span, height: noticeHeight(minH, cells, span)}
	}
	// The 16-point title wraps to a second line when long (a draft's).
	titleH := float64(noticeTitleH)
	if float64(textWidth(title))*16/11 > noticeWidth()-2 {
		titleH *= 2
	}
	k.title = noticeRow{cells: []excelize.Cell{{StyleID: ns.title, Value: title}}, span: spanAll, height: titleH}
	hdr := make([]excelize.Cell, len(noticeCols))
	for i, c := range noticeCols {
		hdr[i] = k.lbl(c.name)
	}
	k.header = row(noticeInfoH, hdr, nil)
	k.noEvents = row(noticeInfoH, []excelize.Cell{k.val("本月没有加分或扣分记录")}, spanAll)
	k.findsHdr = row(noticeInfoH, []excelize.Cell{k.lbl("日期"), k.lbl("制度条款"), k.lbl("发现"), k.lbl("处理")}, spanFind)
	k.advice = k.sec("处理建议（均需人工复核）")
	k.noFlags = row(noticeInfoH, []excelize.Cell{k.val("无")}, spanAll)
	k.appealSec = k.sec("申诉")
	k.appeal = row(noticeInfoH, []excelize.Cell{{StyleID: ns.box, Value: fmt.Sprintf(
		"如对本通知单的考核结果有异议，请于%s（含当日）前向班长或人事提出书面申诉，写明所涉及的记录"+
			"（上表的“来源”，或规则代码与日期）及理由。逾期未申诉的，视为对考核结果无异议。"+
			"申诉的处理结果（维持、撤销或改为其他分值）将记入下一次生成的考核表。", k.deadline)}}, spanAll)
	k.signGap = row(noticeSignH/2, []excelize.Cell{{StyleID: b.st.sign}}, spanAll)
	k.sign = noticeRow{cells: []excelize.Cell{{StyleID: b.st.sign, Value: noticeSignLine}}, span: spanAll, height: noticeSignH}
	return k
}

func (k *noticeKit) lbl(s string) excelize.Cell { return excelize.Cell{StyleID: k.ns.label, Value: s} }
func (k *noticeKit) val(s string) excelize.Cell {
	return excelize.Cell{StyleID: k.ns.value, Value: cellText(s)}
}

// sec is a section's heading row.
func (k *noticeKit) sec(s string) noticeRow {
	cells := []excelize.Cell{{StyleID: k.ns.section, Value: s}}
	return noticeRow{cells: cells, span: spanAll, height: noticeHeight(noticeSectionH, cells, spanAll)}
}

// noticeBlock is the rows of one employee's notice. heights, when not
// nil, are the heights of its rows, known from making it before.
func (b *xlBook) noticeBlock(k *noticeKit, a *calc.Appraisal, evs []calc.Scored, finds []calc.Finding, heights []float64) []noticeRow {
	ns, rules := k.ns, k.rules
	out := make([]noticeRow, 0, 20+len(evs)+len(finds)+len(a.Flags))
	add := func(minH float64, cells []excelize.Cell, span []int) {
		var h float64
		if heights != nil {
			h = heights[len(out)]
		} else {
			h = noticeHeight(minH, cells, span)
		}
		out = append(out, noticeRow{cells: cells, span: span, height: h})
	}
	lbl, val := k.lbl, k.val
	// pair is an info row of two label–value pairs: A | B:C | D:E | F:G.
	pair := func(l1 string, v1 excelize.Cell, l2 string, v2 excelize.Cell) {
		add(noticeInfoH, []excelize.Cell{lbl(l1), v1, lbl(l2), v2}, spanPair)
	}
	out = append(out, k.title)

	// Who and the result.
	pair("姓名", val(a.Name), "工号", excelize.Cell{StyleID: ns.value, Value: a.ID})
	pair("班组", val(teamLabel(a.Team)), "岗位", val(a.Role))
	tenure := ""
	if a.Tenure > 0 {
		tenure = "第" + strconv.Itoa(a.Tenure) + "个月"
	}
	pair("考核月份", val(k.month), "入职月数", val(tenure))
	fixed := a.Final.StringFixed(1)
	score := excelize.Cell{StyleID: ns.value, Value: fixed}
	if d := a.Final.String(); len(d) > len(fixed) {
		score.Value = d
	}
	pair("考核分", score, "等级", excelize.Cell{StyleID: b.gradeStyle(a.Grade), Value: a.Grade})
	floats := "否"
	if a.Floats {
		floats = "是"
	} else if rules != nil {
		floats = "否（入职第" + strconv.Itoa(rules.FloatFrom) + "个月起浮动）"
	}
	pair("绩效浮动", val(a.Float.StringFixed(2)+" 元"), "是否浮动", val(floats))
	pair("全员排名", val(rankText(a.Rank)), "班组排名", val(rankText(a.TeamRank)))
	pair("赔偿扣款", val(a.Compensation.StringFixed(2)+" 元"), "申诉截止", val(k.deadline))
	calcText := "基础分 " + a.Base.String() + "，加分 " + signed(a.Bonus) + "，轻度违规 " + signed(a.Light.Neg()) +
		"，中度违规 " + signed(a.Medium.Neg()) + "，重度违规 " + signed(a.Severe.Neg()) + "，追加扣分 " + signed(a.Extra.Neg()) +
		"，额外奖惩 " + signed(a.Adjust) + "，合计 " + a.Raw.String()
	if !a.Raw.Equal(a.Final) && rules != nil {
		calcText += fmt.Sprintf("，限定在 %s–%s 分，考核分 %s", rules.Floor, rules.Cap, a.Final)
	}
	add(noticeInfoH, []excelize.Cell{lbl("得分构成"), val(calcText)}, spanLabel)

	// Every event and its source.
	out = append(out, k.sec("加扣分记录（共"+strconv.Itoa(len(evs))+"条）"), k.header)
	if len(evs) == 0 {
		out = append(out, k.noEvents)
	}
	for _, e := range evs {
		times := e.Times
		if times == 0 {
			times = 1
		}
		date := excelize.Cell{StyleID: ns.boxMid}
		if !e.Date.IsZero() {
			date.Value = e.Date.Format("2006-01-02")
		} else {
			date.Value = "当月"
		}
		add(noticeInfoH, []excelize.Cell{date, {StyleID: ns.boxMid, Value: e.Rule.Code}, val(e.Rule.Name),
			{StyleID: ns.boxMid, Value: times}, {StyleID: ns.boxMid, Value: signed(e.Total)},
			val(eventSource(e)), val(e.Note)}, nil)
	}

	// The person's findings of 请假制度 and 换班制度 (制度执行, D34–D38).
	if len(finds) > 0 {
		out = append(out, k.sec("制度执行（请假、换班等制度的发现，共"+strconv.Itoa(len(finds))+"条）"), k.findsHdr)
		for _, f := range finds {
			date := excelize.Cell{StyleID: ns.boxMid, Value: "当月"}
			if !f.Date.IsZero() {
				date.Value = f.Date.Format("2006-01-02")
			}
			add(noticeInfoH, []excelize.Cell{date, val(f.Clause), val(f.Found), val(f.Action)}, spanFind)
		}
	}

	// Recommendations (处理建议) and notes.
	out = append(out, k.advice)
	if len(a.Flags) == 0 {
		out = append(out, k.noFlags)
	}
	for _, fl := range a.Flags {
		add(noticeInfoH, []excelize.Cell{val(fl.Text), val(fl.Reason)}, spanFlag)
	}
	if len(a.Notes) > 0 {
		add(noticeInfoH, []excelize.Cell{lbl("备注"), val(joinTexts(a.Notes))}, spanLabel)
	}

	// How and by when to appeal; signatures.
	return append(out, k.appealSec, k.appeal, k.signGap, k.sign)
}

// rankText is "第3名", empty when unranked.
func rankText(n int) string {
	if n <= 0 {
		return ""
	}
	return "第" + strconv.Itoa(n) + "名"
}

// noticeSheet writes n blocks as one sheet, a page each. block(i, nil)
// makes the i-th block; unless the sheet has at most noticeKeepBlocks
// blocks, which are kept, it is called twice for each block, the same rows
// each time: now, to lay the sheet out, and when the workbook is saved
// (given the heights of the rows found now), to write the rows straight
// into the deflated part (a sheet of a thousand notices, some 8 MB of
// XML, is then never held whole).
func (b *xlBook) noticeSheet(sheet, team, docTitle string, n int, block func(i int, heights []float64) []noticeRow) error {
	f := b.f
	if err := b.newSheet(sheet); err != nil {
		return err
	}
	ncol := len(noticeCols)
	lastCol, _ := excelize.ColumnNumberToName(ncol)
	// The layout: the tallest block, the rows and their merged spans.
	type merge struct{ row, from, to int }
	var (
		merges  []merge
		starts  []int     // the first row of each block
		heights []float64 // of each row
	)
	// A sheet of a few blocks keeps them from the layout for the
	// writing, instead of making them again.
	var kept [][]noticeRow
	keep := n <= noticeKeepBlocks
	total, tallest := 0, 0.0
	for i := range n {
		bl := block(i, nil)
		if keep {
			kept = append(kept, bl)
		}
		starts = append(starts, total+1)
		h := 0.0
		for _, r := range bl {
			total++
			h += r.height
			heights = append(heights, r.height)
			col := 1
			for k := range r.cells {
				w := 1
				if k < len(r.span) && r.span[k] > 1 {
					w = r.span[k]
					merges = append(merges, merge{total, col, col + w - 1})
				}
				col += w
			}
		}
		tallest = max(tallest, h)
		if i == 0 && n > 1 {
			// The other blocks are about as long as the first: room for
			// them now instead of growing the slices a dozen times.
			merges = slices.Grow(merges, (n-1)*(len(merges)+2))
			heights = slices.Grow(heights, (n-1)*(len(heights)+2))
			starts = slices.Grow(starts, n-1)
		}
	}
	// Blocks that fit a page at full size print fit to the page width,
	// whatever width each program gives the columns (their fonts differ);
	// the manual breaks then make the pages. A taller block needs a fixed
	// scale that fits it on one page, with the columns counted wide (9.5
	// pixels a character, LibreOffice's substitute CJK font).
	pageW, pageH := a4Short-marginSides, a4Long-marginTopBottom
	orient, size, one, auto := "portrait", 9, 1, 0
	layout := &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &auto}
	// (5% of the height kept free for the page header and footer, which
	// LibreOffice places inside the margins' area differently from Excel.)
	fit := tallest <= 0.95*pageH
	if !fit {
		width := 0.0
		for _, c := range noticeCols {
			width += (c.width*9.5 + 5) * 0.75
		}
		scale := uint(max(10, min(100, int(min(pageW/width, 0.95*pageH/tallest)*100))))
		layout = &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, AdjustTo: &scale}
	}
	if err := setPage(f, sheet, layout, fit); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + hfText(docTitle) + "&R班组：" + hfText(team),
		OddFooter: "&C第 &P 页 共 &N 页",
	}); err != nil {
		return err
	}
	if err := f.SetSheetDimension(sheet, fmt.Sprintf("A1:%s%d", lastCol, max(total, 1))); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	widths := make([]float64, len(noticeCols))
	for i, c := range noticeCols {
		widths[i] = c.width
	}
	if err := b.zip.setCols(b.part, widths); err != nil {
		return err
	}
	for _, row := range starts[min(1, len(starts)):] {
		if err := sw.InsertPageBreak(fmt.Sprintf("A%d", row)); err != nil {
			return err
		}
	}
	// The merges: the first through the stream writer, which puts the
	// sheet's <mergeCells> in its place; the zip writer puts them all
	// there (excelize's MergeCell parses each cell name again).
	x := &rowXML{}
	if len(merges) > 0 {
		m := merges[0]
		r := strconv.Itoa(m.row)
		if err := sw.MergeCell(x.colName(m.from)+r, x.colName(m.to)+r); err != nil {
			return err
		}
		xml := make([]byte, 0, 32*len(merges))
		for _, m := range merges {
			xml = append(xml, `<mergeCell ref="`...)
			xml = append(xml, x.colName(m.from)...)
			xml = strconv.AppendInt(xml, int64(m.row), 10)
			xml = append(xml, ':')
			xml = append(xml, x.colName(m.to)...)
			xml = strconv.AppendInt(xml, int64(m.row), 10)
			xml = append(xml, `"/>`...)
		}
		b.zip.setMerges(b.part, len(merges), xml)
	}
	b.zip.setRowsFunc(b.part, func(w io.Writer) error {
		x := &rowXML{out: w}
		row := 1
		for i := range n {
			var bl []noticeRow
			if keep {
				bl = kept[i]
			} else {
				bl = block(i, heights[starts[i]-1:])
			}
			for _, r := range bl {
				if err := x.writeRow(row, r.cells, r.span, r.height); err != nil {
					return err
				}
				row++
			}
		}
		if row-1 != total {
			return fmt.Errorf("内部错误：通知单工作表 %s 写出 %d 行，排版时为 %d 行", sheet, row-1, total)
		}
		return x.finish()
	})
	return sw.Flush()
}

// sheetNamer makes team names valid, unique sheet names: no []:*?/\,
// no quote at either end, at most 31 characters, unique regardless of case.
type sheetNamer map[string]bool

func (s sheetNamer) name(team string) string {
	base := strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r), r < 0x20, r == 0x7f:
			return '_'
		}
		return r
	}, team)
	base = strings.Trim(strings.TrimSpace(base), "'")
	if base == "" {
		base = "未分班组"
	}
	for i := 1; ; i++ {
		n := base
		if i > 1 {
			n = fmt.Sprintf("%s(%d)", base, i)
		}
		n = cutUTF16(n, 31, i)
		if !s[strings.ToLower(n)] {
			s[strings.ToLower(n)] = true
			return n
		}
	}
}

// cutUTF16 keeps s within n UTF-16 units, keeping the "(i)" suffix when i > 1.
func cutUTF16(s string, n, i int) string {
	if len(utf16.Encode([]rune(s))) <= n {
		return s
	}
	suffix := ""
	if i > 1 {
		suffix = fmt.Sprintf("(%d)", i)
		s = strings.TrimSuffix(s, suffix)
	}
	rs := []rune(s)
	for len(utf16.Encode(rs))+len(suffix) > n {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + suffix
}
