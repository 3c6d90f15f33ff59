package samples

import (
	"fmt"
	"io"
	"time"

	"github.com/shopspring/decimal"
)

// Cell values of a sample sheet besides string, int and nil.
type (
	xDate  time.Time       // Excel date, yyyy-mm-dd
	xTime  int             // Excel time of day, minutes after midnight
	xMoney decimal.Decimal // number with 2 decimals
	xID    string          // text kept as text (工号, 考勤号)
)

// sampleSheet is one sheet of a sample workbook.
type sampleSheet struct {
	name, title, subtitle string
	headers               []string
	widths                []float64
	rows                  [][]any
	lines                 []string // a sheet of text lines (说明) instead of a table
	// count and at give the rows lazily instead of rows (large sheets).
	count int
	at    func(i int) []any
	// blankRow adds an empty row under the header (DingTalk's second
	// header row).
	blankRow bool
}

// size is the number of data rows.
func (sh *sampleSheet) size() int {
	if sh.at != nil {
		return sh.count
	}
	return len(sh.rows)
}

// row returns data row i.
func (sh *sampleSheet) row(i int) []any {
	if sh.at != nil {
		return sh.at(i)
	}
	return sh.rows[i]
}

// sampleBook is one sample workbook.
type sampleBook struct {
	file, title, created string
	sheets               []sampleSheet
	stream               bool                  // write with StreamWriter
	csv                  func(io.Writer) error // a CSV file instead of a workbook
}

func (s *sample) ym() string { return fmt.Sprintf("%d-%02d", s.year, int(s.month)) }

func (s *sample) title(what string) string {
	return fmt.Sprintf("%s%d年%d月%s", sampleDept, s.year, int(s.month), what)
}

func sampleDateOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return xDate(t)
}

func sampleNull(v decimal.NullDecimal) any {
	if !v.Valid {
		return nil
	}
	return int(v.Decimal.IntPart())
}

// books lays out the month as HR's workbooks.
func (s *sample) books() []sampleBook {
	ym := s.ym()
	created := s.first.Format("2006-01-02") + "T09:00:00Z"
	book := func(file, title string, sh ...sampleSheet) sampleBook {
		return sampleBook{file: file, title: title, created: created, sheets: sh}
	}
	name := func(id string) string { return s.byID[id].Name }

	roster := sampleSheet{name: "花名册", title: fmt.Sprintf("%s员工花名册（截至%d年%d月）", sampleDept, s.year, int(s.month)),
		headers: []string{"序号", "工号", "姓名", "部门", "班组", "岗位", "入职日期", "上岗日期", "转正日期", "离职日期", "离职类型", "月基本工资", "考勤号"},
		widths:  []float64{6, 10, 10, 8, 8, 10, 12, 12, 12, 12, 10, 12, 8}}
	for i, e := range s.emps {
		var lt any
		if e.LeftType != "" {
			lt = e.LeftType
		}
		roster.rows = append(roster.rows, []any{i + 1, xID(e.ID), e.Name, e.Dept, e.Team, e.Role, xDate(e.Hired), sampleDateOrNil(e.OnDuty),
			sampleDateOrNil(e.Regular), sampleDateOrNil(e.Left), lt, xMoney(e.Salary.Decimal), xID(e.ClockID)})
	}

	att := sampleSheet{name: "考勤明细", title: s.title("考勤明细"),
		subtitle: fmt.Sprintf("统计周期：%s 至 %s    制表：%s", s.first.Format("2006-01-02"), s.last.Format("2006-01-02"), s.monitor),
		headers:  []string{"工号", "姓名", "日期", "班次", "应上班时间", "应下班时间", "上班打卡", "下班打卡", "考勤结果", "迟到分钟", "早退分钟", "备注"},
		widths:   []float64{10, 10, 12, 8, 11, 11, 10, 10, 10, 10, 10, 24}}
	sh := s.rules.DefaultShift
	att.count = len(s.days)
	att.at = func(i int) []any {
		d := s.days[i]
		row := []any{xID(d.ID), name(d.ID), xDate(d.Date), sh.Name, xTime(sh.Start), xTime(sh.End), nil, nil, d.Status, nil, nil, nil}
		if d.in != "" {
			row[6] = d.in
		}
		if d.out != "" {
			row[7] = d.out
		}
		if d.showLate {
			row[9] = d.LateMin
		}
		if d.showEarly {
			row[10] = d.EarlyMin
		}
		if d.Note != "" {
			row[11] = d.Note
		}
		return row
	}

	qa := sampleSheet{name: "质检评分", title: s.title("服务质量综合考评表"),
		headers: []string{"日期", "工号", "姓名", "质检员"}, widths: []float64{12, 10, 10, 10}}
	for _, it := range s.rules.QAItems {
		qa.headers = append(qa.headers, it.Name)
		qa.widths = append(qa.widths, 10)
	}
	qa.headers = append(qa.headers, "总分", "差错次数", "差错扣分", "备注")
	qa.widths = append(qa.widths, 8, 9, 9, 16)
	for _, q := range s.qa {
		row := []any{xDate(q.Date), xID(q.ID), name(q.ID), q.Inspector}
		for _, v := range q.Items {
			row = append(row, sampleNull(v))
		}
		row = append(row, sampleNull(q.Total), q.Errors, sampleNull(q.ErrorPoints), nil)
		if q.Note != "" {
			row[len(row)-1] = q.Note
		}
		qa.rows = append(qa.rows, row)
	}

	ev := sampleSheet{name: "奖惩记录", title: s.title("奖惩记录"),
		headers: []string{"日期", "工号", "姓名", "项目", "次数", "分值", "超时分钟", "赔偿金额", "记录人", "说明", "离岗分钟"},
		widths:  []float64{12, 10, 10, 24, 6, 6, 9, 10, 10, 32, 9}}
	for _, e := range s.events {
		row := []any{xDate(e.Date), xID(e.ID), e.Name, e.Item, nil, sampleNull(e.Points), nil, nil, e.Recorder, nil, nil}
		if e.Times > 0 {
			row[4] = e.Times
		}
		if e.OverdueMin > 0 {
			row[6] = e.OverdueMin
		}
		if !e.Compensation.IsZero() {
			row[7] = xMoney(e.Compensation)
		}
		if e.Note != "" {
			row[9] = e.Note
		}
		if e.AwayMin > 0 {
			row[10] = e.AwayMin // added with issue 14, after the older columns
		}
		ev.rows = append(ev.rows, row)
	}
	help := sampleSheet{name: "说明", lines: []string{
		"填写说明",
		"1. 项目可填写规则编号（如 L04）、完整的项目名称，或只属于一条规则的部分名称（如“未使用普通话”）。",
		"2. 分值只在有分值范围的规则（如 L04 2–5分、L08 2–5分、L09 1–2分）时填写。",
		"3. 突发事件填写超时分钟：1–10分钟 L13，11–30分钟 M08，30分钟以上 S06。",
		"4. 赔偿金额只用于 S04（私自拆卸公司设备带出公司）。",
		"5. 迟到早退、旷工由考勤自动计算，质检差错由服务质量综合考评表自动计算，考试由考试成绩自动计算；B05 由投诉记录自动计算，不要在本表填写。",
	}}

	exams := sampleSheet{name: "考试成绩", title: s.title("业务考试成绩"),
		headers: []string{"工号", "姓名", "考试日期", "成绩", "满分"}, widths: []float64{10, 10, 12, 8, 8}}
	for _, x := range s.exams {
		exams.rows = append(exams.rows, []any{xID(x.ID), name(x.ID), xDate(x.Date), int(x.Score.IntPart()), int(x.Full.IntPart())})
	}

	comp := sampleSheet{name: "投诉记录", title: s.title("客户投诉记录"),
		headers: []string{"日期", "工号", "姓名", "是否有效", "描述"}, widths: []float64{12, 10, 10, 10, 36}}
	for _, x := range s.complaints {
		v := "否"
		if x.Valid {
			v = "是"
		}
		comp.rows = append(comp.rows, []any{xDate(x.Date), xID(x.ID), name(x.ID), v, x.Desc})
	}

	adj := sampleSheet{name: "额外奖惩", title: s.title("组长、班长额外奖惩"),
		headers: []string{"工号", "姓名", "分值", "理由", "评定人"}, widths: []float64{10, 10, 8, 40, 10}}
	for _, a := range s.adjust {
		adj.rows = append(adj.rows, []any{xID(a.ID), name(a.ID), int(a.Points.IntPart()), a.Reason, a.Assessor})
	}

	attBook := book("考勤明细_"+ym+".xlsx", s.title("考勤明细"), att)
	switch s.layout {
	case "punches":
		attBook = s.punchBook()
	case "dingtalk":
		attBook = s.dingTalkBook()
	}
	books := []sampleBook{
		book("花名册.xlsx", sampleDept+"员工花名册", roster),
		attBook,
		book("服务质量综合考评表_"+ym+".xlsx", s.title("服务质量综合考评表"), qa),
		book("奖惩记录_"+ym+".xlsx", s.title("奖惩记录"), ev, help),
		book("考试成绩_"+ym+".xlsx", s.title("业务考试成绩"), exams),
		book("投诉记录_"+ym+".xlsx", s.title("客户投诉记录"), comp),
		book("额外奖惩_"+ym+".xlsx", s.title("组长、班长额外奖惩"), adj),
	}
	books = append(books, s.policyBooks(book)...)
	for i := range books {
		books[i].stream = books[i].stream || s.stream
	}
	return books
}
