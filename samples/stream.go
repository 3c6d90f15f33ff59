package samples

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"appraise/calc"
)

// streamSampleSheet writes a table sheet like writeSampleSheet does.
func streamSampleSheet(f *excelize.File, st *sampleStyles, sh sampleSheet) error {
	ncol := len(sh.headers)
	lastCol, _ := excelize.ColumnNumberToName(ncol)
	top := 1 // rows above the data
	for _, t := range []string{sh.title, sh.subtitle} {
		if t != "" {
			top++
		}
	}
	if sh.blankRow {
		top++
	}
	// The stream writer keeps the dimension it finds: declare the real
	// range first, for readers that trust it.
	if err := f.SetSheetDimension(sh.name, fmt.Sprintf("A1:%s%d", lastCol, top+sh.size())); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sh.name)
	if err != nil {
		return err
	}
	for i, w := range sh.widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: fmt.Sprintf("A%d", top+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	row := 1
	for _, t := range sh.titleRows(st) {
		if t.text == "" {
			continue
		}
		cells := make([]any, ncol)
		for i := range cells {
			cells[i] = excelize.Cell{StyleID: t.style}
		}
		cells[0] = excelize.Cell{StyleID: t.style, Value: t.text}
		a, b := fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", lastCol, row)
		if err := errors.Join(sw.MergeCell(a, b), sw.SetRow(a, cells, excelize.RowOpts{Height: t.height})); err != nil {
			return err
		}
		row++
	}
	hdr := row
	cells := make([]any, ncol)
	for i, h := range sh.headers {
		cells[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", hdr), cells, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	if sh.blankRow {
		for i := range cells {
			cells[i] = excelize.Cell{StyleID: st.header}
		}
		hdr++
		if err := sw.SetRow(fmt.Sprintf("A%d", hdr), cells); err != nil {
			return err
		}
	}
	for i := range sh.size() {
		vals := sh.row(i)
		cells := make([]any, len(vals))
		for j, v := range vals {
			c, err := sampleCell(st, v)
			if err != nil {
				return err
			}
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, hdr+1+i)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sampleCell is a sample value as a styled stream cell.
func sampleCell(st *sampleStyles, v any) (excelize.Cell, error) {
	switch v := v.(type) {
	case nil:
		return excelize.Cell{StyleID: st.text}, nil
	case string:
		return excelize.Cell{StyleID: st.text, Value: v}, nil
	case xID:
		return excelize.Cell{StyleID: st.id, Value: string(v)}, nil
	case int:
		return excelize.Cell{StyleID: st.num, Value: v}, nil
	case xDate:
		return excelize.Cell{StyleID: st.date, Value: int64(time.Time(v).Sub(sampleEpoch).Hours() / 24)}, nil
	case xTime:
		return excelize.Cell{StyleID: st.time, Value: float64(v) / 1440}, nil
	case xMoney:
		fl, _ := decimal.Decimal(v).Float64()
		return excelize.Cell{StyleID: st.money, Value: fl}, nil
	}
	return excelize.Cell{}, fmt.Errorf("内部错误：示例数据中有不支持的值类型 %T", v)
}

// saveSampleCSV writes a GBK-encoded CSV file, as Chinese clock software
// exports it.
func saveSampleCSV(path string, write func(io.Writer) error) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := simplifiedchinese.GBK.NewEncoder().Writer(out)
	bw := bufio.NewWriterSize(enc, 1<<20)
	if err := write(bw); err != nil {
		return errors.Join(err, out.Close())
	}
	return errors.Join(bw.Flush(), out.Close())
}

// punchBook is the month's attendance as a ZKTeco clock export: one punch a
// row (登记号码 is the roster's 考勤号), sorted by person and time, CRLF
// lines. The clock knows nothing of leave, so a day of leave shows ordinary
// punches; now and then a punch is pressed twice.
func (s *sample) punchBook() sampleBook {
	file := fmt.Sprintf("考勤记录_%d%02d.csv", s.year, int(s.month))
	return sampleBook{file: file, csv: func(w io.Writer) error {
		rng := rand.New(rand.NewPCG(uint64(s.seed), uint64(sampleMonthIndex(s.year, s.month))<<16|0x5055))
		sh := s.rules.DefaultShift
		if _, err := io.WriteString(w, "部门,姓名,登记号码,日期时间,机器号,编号,比对方式,卡号\r\n"); err != nil {
			return err
		}
		seq := 0
		buf := make([]byte, 0, 128)
		punch := func(e *calc.Employee, date, hm string, sec int) error {
			seq++
			buf = append(buf[:0], e.Dept...)
			buf = append(buf, ',')
			buf = append(buf, e.Name...)
			buf = append(buf, ',')
			buf = append(buf, e.ClockID...)
			buf = append(buf, ',')
			buf = append(buf, date...)
			buf = append(buf, ' ')
			buf = append(buf, hm...)
			buf = fmt.Appendf(buf, ":%02d,%d,%d,指纹,\r\n", sec, 1+seq%4, seq)
			_, err := w.Write(buf)
			return err
		}
		for _, d := range s.days {
			e := s.byID[d.ID]
			in, out := d.in, d.out
			if d.Leave != "" && !d.noRecord { // a clock cannot show leave: those days are worked
				in, out = sampleClock(sh.Start-1-rng.IntN(25)), sampleClock(sh.End+rng.IntN(20))
			}
			date := d.Date.Format("2006/01/02")
			if in != "" {
				sec := rng.IntN(50)
				if err := punch(e, date, in, sec); err != nil {
					return err
				}
				if rng.IntN(100) < 3 {
					if err := punch(e, date, in, sec+1+rng.IntN(9)); err != nil {
						return err
					}
				}
			}
			if out != "" {
				if err := punch(e, date, out, rng.IntN(60)); err != nil {
					return err
				}
			}
		}
		return nil
	}}
}

// dingTalkBook is the month's attendance as a DingTalk 考勤报表, sheet 每日统计:
// a merged title, a 报表生成时间 row, the header on row 3, a blank second
// header row, text dates with the weekday and 打卡结果 words, and a row for
// every calendar day a person is employed (休息 on days off), as DingTalk
// exports it: about 300,000 rows for 10,000 agents.
func (s *sample) dingTalkBook() sampleBook {
	from, to := s.first.Format("20060102"), s.last.Format("20060102")
	index := map[string]int{}
	for i, e := range s.emps {
		index[e.ID] = i
	}
	weekdays := []string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}
	sh := s.rules.DefaultShift
	shift := fmt.Sprintf("%s %s-%s", sh.Name, sampleClock(sh.Start), sampleClock(sh.End))
	gen := s.last.AddDate(0, 0, 1).Format("2006-01-02")
	t := sampleSheet{name: "每日统计",
		title:    fmt.Sprintf("每日统计表 统计日期：%s 至 %s", s.first.Format("2006-01-02"), s.last.Format("2006-01-02")),
		subtitle: "报表生成时间：" + gen + " 09:12",
		headers: []string{"姓名", "考勤组", "部门", "工号", "职位", "UserId", "日期", "班次",
			"上班1打卡时间", "上班1打卡结果", "下班1打卡时间", "下班1打卡结果", "上班2打卡时间", "上班2打卡结果", "下班2打卡时间", "下班2打卡结果",
			"关联的审批单", "出勤天数", "休息天数", "工作时长", "迟到次数", "迟到时长", "严重迟到次数", "严重迟到时长", "旷工迟到次数",
			"早退次数", "早退时长", "上班缺卡次数", "下班缺卡次数", "旷工天数"},
		blankRow: true}
	// rows: s.days (workdays, by person and date) with the days off between
	type dtRow struct {
		day  int       // index in s.days, or -1 for a day off
		id   string    // 工号 of a day off
		date time.Time // date of a day off
	}
	var rows []dtRow
	next := 0
	for _, e := range s.emps {
		for d := s.first; !d.After(s.last); d = d.AddDate(0, 0, 1) {
			if d.Before(e.Hired) || (!e.Left.IsZero() && d.After(e.Left)) {
				continue
			}
			if next < len(s.days) && s.days[next].ID == e.ID && s.days[next].Date.Equal(d) {
				rows = append(rows, dtRow{day: next})
				next++
			} else if !s.rules.Workday(d) {
				rows = append(rows, dtRow{day: -1, id: e.ID, date: d})
			}
		}
	}
	t.count = len(rows)
	for range t.headers {
		t.widths = append(t.widths, 10)
	}
	t.widths[2], t.widths[6], t.widths[7], t.widths[16] = 14, 16, 16, 30
	t.at = func(i int) []any {
		if rows[i].day < 0 {
			e, d := s.byID[rows[i].id], rows[i].date
			return []any{e.Name, sampleDept + "考勤组", sampleDept + "/" + e.Team, xID(e.ID), e.Role, fmt.Sprintf("01%05d23", index[e.ID]+1),
				d.Format("06-01-02") + " " + weekdays[d.Weekday()], "休息",
				nil, "休息", nil, "休息", nil, nil, nil, nil,
				nil, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
		}
		d := s.days[rows[i].day]
		e := s.byID[d.ID]
		orNil := func(v string) any {
			if v == "" {
				return nil
			}
			return v
		}
		inRes, outRes, approval := "正常", "正常", any(nil)
		worked, work, lateN, lateMin, badN, badMin, earlyN, earlyMin, missIn, missOut, absent := 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
		switch {
		case d.Absent:
			inRes, outRes, worked, absent = "旷工", "旷工", 0, 1
		case d.Leave != "":
			inRes, outRes, worked = "请假", "请假", 0
			md := d.Date.Format("01-02")
			approval = fmt.Sprintf("%s%s %s到%s %s", d.Leave, md, sampleClock(sh.Start), md, sampleClock(sh.End))
		}
		if d.Late && d.LateMin >= 30 {
			inRes, badN, badMin = "严重迟到", 1, d.LateMin
		} else if d.Late {
			inRes, lateN, lateMin = "迟到", 1, d.LateMin
		}
		if d.Early {
			outRes, earlyN, earlyMin = "早退", 1, d.EarlyMin
		}
		if worked == 1 && d.in == "" {
			inRes, missIn = "缺卡", 1
		}
		if worked == 1 && d.out == "" {
			outRes, missOut = "缺卡", 1
		}
		if d.in != "" && d.out != "" {
			work = sampleMinutes(d.out) - sampleMinutes(d.in)
		}
		return []any{e.Name, sampleDept + "考勤组", sampleDept + "/" + e.Team, xID(e.ID), e.Role, fmt.Sprintf("01%05d23", index[e.ID]+1),
			d.Date.Format("06-01-02") + " " + weekdays[d.Date.Weekday()], shift,
			orNil(d.in), inRes, orNil(d.out), outRes, nil, nil, nil, nil,
			approval, worked, 0, work, lateN, lateMin, badN, badMin, 0, earlyN, earlyMin, missIn, missOut, absent}
	}
	return sampleBook{file: "考勤报表_" + from + "-" + to + ".xlsx", title: "每日统计表", created: s.first.Format("2006-01-02") + "T09:00:00Z",
		sheets: []sampleSheet{t}, stream: true}
}

// sampleMinutes reads "HH:MM" back into minutes.
func sampleMinutes(hm string) int {
	var h, m int
	_, _ = fmt.Sscanf(hm, "%d:%d", &h, &m)
	return h*60 + m
}

// sampleTitle is a merged title row above a sample sheet's header.
type sampleTitle struct {
	text   string
	style  int
	height float64
}

// titleRows are the title and subtitle rows of a sample sheet.
func (sh sampleSheet) titleRows(st *sampleStyles) []sampleTitle {
	return []sampleTitle{{sh.title, st.title, 30}, {sh.subtitle, st.subtitle, 18}}
}
