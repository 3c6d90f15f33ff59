package sheets

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// Sheet names and columns of the 月度考核表.
const (
	sheetSummary    = "考核汇总"
	sheetFlags      = "处理建议"
	sheetDetail     = "扣分明细"
	sheetAttendance = "考勤统计"
	sheetQA         = "质检统计"
	sheetTeams      = "班组统计"
	sheetGrades     = "等级分布"
	sheetRules      = "规则"
	sheetParams     = "参数"
)

var summaryHeaders = []string{"序号", "工号", "姓名", "部门", "班组", "岗位", "入职月数", "基础分", "加分",
	"轻度扣分", "中度扣分", "重度扣分", "追加扣分", "额外奖惩", "原始总分", "考核分", "等级", "全员排名",
	"班组排名", "绩效浮动(元)", "是否浮动", "处理建议", "备注"}

var detailHeaders = []string{"工号", "姓名", "日期", "类别", "规则", "项目", "次数", "分值", "来源", "说明"}

// signatureLine is printed under the summary for the signatures.
const signatureLine = "制表：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000审核：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000批准：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000日期："

// autoSource is the 来源 of a derived event without a location.
const autoSource = "自动计算"

// writeAppraisal writes the 月度考核表 workbook.
func writeAppraisal(w io.Writer, res *calc.Result, run *Run) error {
	title := deptName(res.Rows) + monthText(res.Year, res.Month) + "月度考核表"
	b, err := newBook(title, run.Rules, res.Year, res.Month)
	if err != nil {
		return err
	}
	suffix := ""
	if n := errorCount(res.Problems); n > 0 {
		suffix = fmt.Sprintf(" 草稿（存在%d个错误，不可作为发放依据）", n)
	}
	prefix := deptName(res.Rows) + monthText(res.Year, res.Month)
	// The tables' cells are made on all cores first (the biggest first),
	// then the sheets added in their order.
	var (
		summary, flags, detail, attendance, policy, qa, team, leaders, rules, params *xlTable
		meeting                                                                      *meetingData
	)
	doAll(
		func() { detail = detailTable(b, res, prefix+"扣分明细"+suffix) },
		func() { summary = summaryTable(b, res, title+suffix) },
		func() { attendance = attendanceTable(b, res, prefix+"考勤统计"+suffix) },
		func() { qa = qaTable(b, res, run.Rules, prefix+"质检统计"+suffix) },
		func() { flags = flagsTable(b, res, prefix+"处理建议"+suffix) },
		func() { policy = policyTable(b, res, prefix+"制度执行"+suffix) },
		func() { meeting = meetingFromResult(res, run.Rules) },
		func() { team = teamTable(b, res, run.Rules, prefix+"班组统计"+suffix) },
		func() { leaders = leadersTable(b, res, run.Rules, prefix+"管理人员考核"+suffix) },
		func() { rules = rulesTable(b, run, "考核规则（本月实际使用）") },
		func() { params = paramsTable(b, run, "考核参数（本月实际使用）") },
	)
	steps := []func() error{
		func() error { return b.write(summary) },
		func() error { return b.write(flags) },
		func() error { return b.write(detail) },
		func() error { return b.write(attendance) },
		func() error { return b.write(policy) },
		func() error { return b.write(qa) },
		func() error { return b.write(team) },
		func() error { return gradeSheet(b, res, run.Rules, prefix+"等级分布"+suffix) },
		func() error { return b.meetingSheet(meeting, prefix+"月度例会"+suffix) },
		func() error { return b.write(leaders) },
		func() error { return b.write(rules) },
		func() error { return b.write(params) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return b.save(w, "")
}

func summaryTable(b *xlBook, res *calc.Result, title string) *xlTable {
	// The summary is the page managers sign: its texts stay short, and the
	// reasons of the recommendations go to the 处理建议 sheet.
	t := &xlTable{sheet: sheetSummary, title: title, headers: summaryHeaders, filter: true, print: true,
		wrapCol: map[int]bool{21: true, 22: true}, wrapMax: 24, footer: []string{signatureLine}}
	t.rows = make([][]excelize.Cell, 0, len(res.Rows))
	for i, a := range res.Rows {
		flags := make([]string, 0, len(a.Flags))
		notes := append([]string(nil), a.Notes...)
		for _, fl := range a.Flags {
			flags = append(flags, fl.Text)
		}
		if len(flags) > 0 {
			notes = append(notes, "依据见“"+sheetFlags+"”表")
		}
		tenure := excelize.Cell{StyleID: b.st.integer}
		if a.Tenure > 0 {
			tenure.Value = a.Tenure
		}
		t.rows = append(t.rows, []excelize.Cell{
			b.num(i + 1), b.idCell(a.ID), b.str(a.Name), b.str(a.Dept), b.str(a.Team), b.str(a.Role),
			tenure, b.score(a.Base), b.score(a.Bonus),
			b.score(a.Light), b.score(a.Medium), b.score(a.Severe), b.score(a.Extra), b.score(a.Adjust),
			b.score(a.Raw), b.score(a.Final), {StyleID: b.gradeStyle(a.Grade), Value: a.Grade},
			b.num(a.Rank), b.num(a.TeamRank), b.money(a.Float), b.mid(yesNo(a.Floats)),
			b.wrapped(joinTexts(flags)), b.wrapped(joinTexts(notes)),
		})
	}
	return t
}

var flagHeaders = []string{"工号", "姓名", "班组", "岗位", "考核分", "等级", "处理建议", "依据"}

// flagsTable lists every recommendation with its reason, one per row.
func flagsTable(b *xlBook, res *calc.Result, title string) *xlTable {
	t := &xlTable{sheet: sheetFlags, title: title, headers: flagHeaders, filter: true, print: true,
		wrapCol: map[int]bool{6: true, 7: true}, wrapMax: 60,
		footer: []string{"以上均为建议，须人工复核后处理；本工具不会自动执行任何处理。"}}
	for _, a := range res.Rows {
		for _, fl := range a.Flags {
			t.rows = append(t.rows, []excelize.Cell{
				b.idCell(a.ID), b.str(a.Name), b.str(a.Team), b.str(a.Role), b.score(a.Final),
				{StyleID: b.gradeStyle(a.Grade), Value: a.Grade}, b.wrapped(fl.Text), b.wrapped(fl.Reason),
			})
		}
	}
	return t
}

// eventSource is the 来源 of a scoring event: its location, marked as
// computed for derived events.
func eventSource(e calc.Scored) string {
	loc := e.Loc.String()
	switch {
	case e.Derived && loc != "":
		return autoSource + "（" + loc + "）"
	case e.Derived || loc == "":
		return autoSource
	}
	return loc
}

func detailTable(b *xlBook, res *calc.Result, title string) *xlTable {
	t := &xlTable{sheet: sheetDetail, title: title, headers: detailHeaders, filter: true, print: true,
		wrapCol: map[int]bool{5: true, 9: true}}
	t.rows = make([][]excelize.Cell, 0, len(res.Events))
	for _, e := range res.Events {
		times := e.Times
		if times == 0 {
			times = 1
		}
		t.rows = append(t.rows, []excelize.Cell{
			b.idCell(e.ID), b.str(e.Name), b.date(e.Date), b.str(string(e.Rule.Category)), b.str(e.Rule.Code),
			b.wrapped(e.Rule.Name), b.num(times), b.score(e.Total), b.str(eventSource(e)), b.wrapped(e.Note),
		})
	}
	return t
}

// leaveOrder is the order of the leave columns of 考勤统计; other words
// follow in sorted order.
var leaveOrder = []string{"事假", "病假", "年假", "婚假", "丧假", "产假", "陪产假", "调休", "出差"}

func attendanceTable(b *xlBook, res *calc.Result, title string) *xlTable {
	seen := map[string]bool{}
	var other []string
	for _, s := range res.Attendance {
		for w := range s.Leave {
			if !seen[w] {
				seen[w] = true
				if !containsStr(leaveOrder, w) {
					other = append(other, w)
				}
			}
		}
	}
	sort.Strings(other)
	var leaves []string
	for _, w := range leaveOrder {
		if seen[w] {
			leaves = append(leaves, w)
		}
	}
	leaves = append(leaves, other...)
	headers := []string{"工号", "姓名", "班组", "出勤天数", "迟到次数", "迟到分钟", "早退次数", "早退分钟", "旷工天数", "缺卡次数"}
	for _, w := range leaves {
		headers = append(headers, w+"(天)")
	}
	headers = append(headers, "超长班次")
	arrivals := slices.ContainsFunc(res.Attendance, func(s calc.AttendanceStat) bool { return s.ArriveDays > 0 })
	if arrivals {
		headers = append(headers, "未提前到岗(天)") // D38: 提前10分钟到岗, when punches exist
	}
	t := &xlTable{sheet: sheetAttendance, title: title, headers: headers, filter: true, print: true}
	who := rowsByID(res.Rows)
	t.rows = make([][]excelize.Cell, 0, len(res.Attendance))
	for _, s := range res.Attendance {
		a := who(s.ID)
		r := []excelize.Cell{b.idCell(s.ID), b.str(a.Name), b.str(a.Team), b.num(s.WorkDays), b.num(s.Late), b.num(s.LateMin),
			b.num(s.Early), b.num(s.EarlyMin), b.num(s.Absent), b.num(s.MissingPunches)}
		for _, w := range leaves {
			r = append(r, b.num(s.Leave[w]))
		}
		r = append(r, b.num(s.LongShifts))
		if arrivals {
			r = append(r, b.num(s.LateForBrief))
		}
		t.rows = append(t.rows, r)
	}
	return t
}

func qaTable(b *xlBook, res *calc.Result, rules *calc.Rules, title string) *xlTable {
	headers := []string{"工号", "姓名", "班组", "质检次数"}
	for _, it := range rules.QAItems {
		headers = append(headers, it.Name+"(均分)")
	}
	headers = append(headers, "平均总分", "差错次数", "抽检覆盖")
	t := &xlTable{sheet: sheetQA, title: title, headers: headers, filter: true, print: true}
	who := rowsByID(res.Rows)
	t.rows = make([][]excelize.Cell, 0, len(res.QA))
	for _, s := range res.QA {
		a := who(s.ID)
		r := []excelize.Cell{b.idCell(s.ID), b.str(a.Name), b.str(a.Team), b.num(s.Count)}
		for i := range rules.QAItems {
			var v decimal.NullDecimal
			if i < len(s.ItemAvg) {
				v = s.ItemAvg[i]
			}
			r = append(r, b.nullAvg(v))
		}
		// 达标 needs inspections: nobody is 达标 with none, even when
		// their role needs no minimum.
		cover := "达标"
		switch {
		case s.Count == 0 && s.Covered:
			cover = "无质检"
		case !s.Covered:
			cover = "不足"
		}
		t.rows = append(t.rows, append(r, b.nullAvg(s.TotalAvg), b.num(s.Errors), b.mid(cover)))
	}
	return t
}

func teamTable(b *xlBook, res *calc.Result, rules *calc.Rules, title string) *xlTable {
	grades := gradeOrder(rules)
	headers := []string{"班组", "人数", "平均分", "最高分", "最低分"}
	for _, g := range grades {
		headers = append(headers, g+"(人)")
	}
	headers = append(headers, "浮动合计(元)")
	t := &xlTable{sheet: sheetTeams, title: title, headers: headers, print: true}
	for _, ts := range res.Teams {
		r := []excelize.Cell{b.str(ts.Team), b.num(ts.Count), b.avg(ts.Avg), b.score(ts.Max), b.score(ts.Min)}
		for _, g := range grades {
			r = append(r, b.num(ts.Grades[g]))
		}
		t.rows = append(t.rows, append(r, b.money(ts.Float)))
	}
	// The whole department.
	if len(res.Rows) > 0 {
		sum, hi, lo, fl := decimal.Zero, res.Rows[0].Final, res.Rows[0].Final, decimal.Zero
		for _, a := range res.Rows {
			sum = sum.Add(a.Final)
			fl = fl.Add(a.Float)
			if a.Final.GreaterThan(hi) {
				hi = a.Final
			}
			if a.Final.LessThan(lo) {
				lo = a.Final
			}
		}
		n := len(res.Rows)
		r := []excelize.Cell{b.str("全部"), b.num(n), b.avg(sum.DivRound(decimal.NewFromInt(int64(n)), 2)), b.score(hi), b.score(lo)}
		for _, g := range grades {
			r = append(r, b.num(res.Grades[g]))
		}
		t.rows = append(t.rows, append(r, b.money(fl)))
	}
	return t
}

// gradeRanges describes each grade's score range ("80 ≤ 分 ≤ 90").
func gradeRanges(r *calc.Rules) map[string]string {
	bands := append([]calc.GradeBand(nil), r.Grades...)
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min.GreaterThan(bands[j].Min) })
	out := map[string]string{}
	for i, g := range bands {
		lo := g.Min.String() + " ≤ 分"
		if g.Exclusive {
			lo = g.Min.String() + " < 分"
		}
		hi := " ≤ " + r.Cap.String()
		if i > 0 {
			p := bands[i-1]
			hi = " < " + p.Min.String()
			if p.Exclusive {
				hi = " ≤ " + p.Min.String()
			}
		}
		out[g.Grade] = lo + hi
	}
	if n := len(bands); n > 0 {
		last := bands[n-1]
		out[r.FailGrade] = "分 < " + last.Min.String()
		if last.Exclusive {
			out[r.FailGrade] = "分 ≤ " + last.Min.String()
		}
	}
	return out
}

// gradeSheet writes 等级分布 with a column chart.
func gradeSheet(b *xlBook, res *calc.Result, rules *calc.Rules, title string) error {
	grades := gradeOrder(rules)
	ranges := gradeRanges(rules)
	total := len(res.Rows)
	t := &xlTable{sheet: sheetGrades, title: title, headers: []string{"等级", "分数区间", "人数", "占比"}, print: true}
	for _, g := range grades {
		n := res.Grades[g]
		share := excelize.Cell{StyleID: b.st.percent}
		if total > 0 {
			share.Value = decFloat(decimal.NewFromInt(int64(n)).DivRound(decimal.NewFromInt(int64(total)), 4))
		}
		t.rows = append(t.rows, []excelize.Cell{{StyleID: b.gradeStyle(g), Value: g}, b.str(ranges[g]), b.num(n), share})
	}
	all := excelize.Cell{StyleID: b.st.percent}
	if total > 0 {
		all.Value = 1.0
	}
	t.rows = append(t.rows, []excelize.Cell{b.str("合计"), b.str(""), b.num(total), all})
	// The chart must be added before the stream is flushed, so that the
	// flushed worksheet carries the drawing.
	t.beforeFlush = func() error { return b.gradeChart(gradeColors(grades, rules.FailGrade)) }
	return b.write(t)
}

// gradeChart adds the column chart of the grade counts beside the table,
// each bar in the colour of its grade.
func (b *xlBook) gradeChart(colors [][3]string) error {
	n := len(colors)
	q := "'" + sheetGrades + "'!"
	legend := "none"
	bars := make([]string, n)
	for i, c := range colors {
		bars[i] = c[2]
	}
	b.zip.barColors = map[string][]string{"xl/charts/chart1.xml": bars}
	return b.f.AddChart(sheetGrades, "F2", &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       q + "$C$2",
			Categories: fmt.Sprintf("%s$A$3:$A$%d", q, n+2),
			Values:     fmt.Sprintf("%s$C$3:$C$%d", q, n+2),
		}},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "等级分布（人数）",
			Font: &excelize.Font{Family: fontName, Size: 12, Bold: true, Color: "404040"}}}},
		Legend:    excelize.ChartLegend{Position: legend},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		XAxis:     excelize.ChartAxis{Font: excelize.Font{Family: fontName, Color: "404040"}},
		YAxis:     excelize.ChartAxis{Font: excelize.Font{Family: fontName, Color: "404040"}, MajorGridLines: true},
		Dimension: excelize.ChartDimension{Width: 480, Height: 290},
	})
}

func rulesTable(b *xlBook, run *Run, title string) *xlTable {
	r := run.Rules
	t := &xlTable{sheet: sheetRules, title: title, headers: []string{"编号", "类别", "项目", "最低分", "最高分", "计次方式", "说明"},
		print: true, wrapCol: map[int]bool{2: true, 6: true}}
	for _, x := range r.Catalogue {
		per := "每次"
		if x.PerMonth {
			per = "每月一次"
		}
		t.rows = append(t.rows, []excelize.Cell{b.str(x.Code), b.str(string(x.Category)), b.wrapped(x.Name),
			b.score(x.Min), b.score(x.Max), b.mid(per), b.wrapped(x.Note)})
	}
	return t
}

// paramsTable lists the key settings of the rules on their own sheet, so
// that the printed pages of each carry their own header row.
func paramsTable(b *xlBook, run *Run, title string) *xlTable {
	t := &xlTable{sheet: sheetParams, title: title, headers: []string{"参数", "值", "说明"},
		print: true, wrapCol: map[int]bool{1: true, 2: true}, wrapMax: 50}
	for _, s := range ruleSettings(run) {
		t.rows = append(t.rows, []excelize.Cell{b.str(s[0]), b.wrapped(s[1]), b.wrapped(s[2])})
	}
	return t
}

// ruleSettings lists the key settings of the rules as (name, value, meaning).
func ruleSettings(run *Run) [][3]string {
	r := run.Rules
	ds := func(d decimal.Decimal) string { return d.String() }
	var grades []string
	ranges := gradeRanges(r)
	for _, g := range gradeOrder(r) {
		grades = append(grades, g+"："+ranges[g])
	}
	var late []string
	for _, x := range r.LateTiers {
		late = append(late, tierText(x)+ds(x.Points)+"分")
	}
	var inc []string
	for _, x := range r.IncidentTiers {
		inc = append(inc, tierText(x)+x.Code)
	}
	var qa []string
	for _, it := range r.QAItems {
		qa = append(qa, it.Name+ds(it.Max)+"分")
	}
	s05 := "按次数"
	if r.S05Distinct {
		s05 = "按不同规则数"
	}
	cut := "不启用"
	if r.HireCutoff > 0 {
		cut = fmt.Sprintf("%d日后入职从下月起算", r.HireCutoff)
	}
	hhmm := func(m int) string { return fmt.Sprintf("%02d:%02d", (m/60)%24, m%60) }
	var hol, work []string
	for _, h := range r.Holidays {
		hol = append(hol, h.Format("2006-01-02"))
	}
	for _, h := range r.Workdays {
		work = append(work, h.Format("2006-01-02"))
	}
	orNone := func(s []string) string {
		if len(s) == 0 {
			return "无"
		}
		return strings.Join(s, "，")
	}
	return [][3]string{
		{"基础分", ds(r.Base), "每月日常考核积分"},
		{"最高分", ds(r.Cap), "考核分上限"},
		{"最低分", ds(r.Floor), "考核分下限"},
		{"等级划分", strings.Join(grades, "；"), "等级从高到低"},
		{"每分浮动金额(元)", ds(r.YuanPerPoint), "绩效浮动 =（考核分 − 基础分）× 每分金额"},
		{"浮动上限(元)", "±" + ds(r.FloatMax), "绩效浮动的上下限"},
		{"浮动起始月", fmt.Sprintf("第%d个月", r.FloatFrom), "入职当月为第1个月"},
		{"入职截止日", cut, "此日之后入职的，当月不计入入职月数"},
		{"追加扣分条件", fmt.Sprintf("轻度违规%d次或中度违规%d次，%s", r.S05Light, r.S05Medium, s05), "追加扣分（S05），每月一次"},
		{"可解除劳动合同分数线", ds(r.DismissBelow), "考核分低于此分"},
		{"末位分数线", ds(r.LastBelow), "连续两月末位且均低于此分"},
		{"迟到早退分档", strings.Join(late, "；"), "迟到或早退的分钟数对应的扣分"},
		{"违纪标记(分钟)", fmt.Sprint(r.LateMarkMin), "迟到或早退达到此分钟数标记违纪"},
		{"突发事件分档", strings.Join(inc, "；"), "突发事件处理超时的分钟数对应的违规项目"},
		{"质检项目", strings.Join(qa, "；"), "各项目满分"},
		{"质检差错扣分", fmt.Sprintf("默认%s，范围%s–%s", ds(r.QAErrorDefault), ds(r.QAErrorMin), ds(r.QAErrorMax)), "每个差错"},
		{"每月最少质检次数", fmt.Sprint(r.QAMinRows), strings.Join(r.QARoles, "、")},
		{"考试不及格比例", ds(r.ExamFailRatio), "低于满分的此比例记M07"},
		{"额外奖惩岗位", strings.Join(r.LeaderRoles, "、"), fmt.Sprintf("A01 范围 %s…%s", ds(r.AdjustMin), ds(r.AdjustMax))},
		{"赔偿上限比例", ds(r.CompRatio), "赔偿超过月基本工资此比例时提示"},
		{"连续工作上限(分钟)", fmt.Sprint(r.MaxShiftMin), fmt.Sprintf("工作分钟 = 末次打卡 − 首次打卡 − 休息%d分钟，超过时提示复核", r.BreakMin)},
		{"默认班次", strings.TrimSpace(r.DefaultShift.Name + " " + hhmm(r.DefaultShift.Start) + "–" + hhmm(r.DefaultShift.End)), ""},
		{"节假日", orNone(hol), "工作日中的休息日"},
		{"调休上班日", orNone(work), "周末中的工作日"},
		{"工具版本", run.Version, ""},
		{"规则哈希(SHA-256)", run.RulesHash, "与 manifest.json 中的 rules_sha256 一致"},
	}
}

// tierText is "1–5分钟" or "16分钟以上".
func tierText(t calc.Tier) string {
	if t.To == 0 {
		return fmt.Sprintf("%d分钟以上", t.From)
	}
	return fmt.Sprintf("%d–%d分钟", t.From, t.To)
}

// rowsByID returns a lookup of the rows by 工号 (a blank row when unknown).
func rowsByID(rows []calc.Appraisal) func(string) *calc.Appraisal {
	m := make(map[string]*calc.Appraisal, len(rows))
	for i := range rows {
		m[rows[i].ID] = &rows[i]
	}
	return func(id string) *calc.Appraisal {
		if a, ok := m[id]; ok {
			return a
		}
		return &calc.Appraisal{}
	}
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
