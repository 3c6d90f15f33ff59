package sheets

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"appraise/calc"
)

// The same month written in every attendance shape must give the same
// appraisal. One small roster; the facts of the month are one table; each
// shape is written from it the way its system writes it.

// shapePerson is one employee of the shape test with every id a system uses.
type shapePerson struct {
	id, name, clock, ding, wecom string
}

var shapePeople = []shapePerson{
	{"2001", "甲一", "11", "dt2001", "wx2001"},
	{"2002", "乙二", "12", "dt2002", "wx2002"},
	{"2003", "丙三", "13", "dt2003", "wx2003"},
	{"2004", "丁四", "14", "dt2004", "wx2004"},
}

// fact is what happened to a person on a day.
type fact int

const (
	fNormal  fact = iota // 08:55–18:05
	fRest                // day off
	fLate                // 09:07–18:00: 7 minutes late
	fEarly               // 08:55–17:50: 10 minutes early
	fAbsent              // no punch, 旷工
	fLeave               // 事假
	fMissing             // 08:58, no clock-out
	fNight               // 夜班 21:00–06:00: 20:55 – next day 06:03
)

// shapeFact returns the fact of person i on day d of November 2026.
func shapeFact(i, d int) fact {
	special := map[[2]int]fact{
		{0, 3}: fLate, {1, 4}: fEarly, {2, 5}: fAbsent, {3, 6}: fLeave,
		{0, 10}: fMissing, {1, 11}: fNight, {1, 12}: fRest,
	}
	if f, ok := special[[2]int{i, d}]; ok {
		return f
	}
	if wd := day(11, d).Weekday(); wd == time.Saturday || wd == time.Sunday {
		return fRest
	}
	return fNormal
}

// punchTimes are the clock times of a fact: in and out ("" for none; out
// may be on the next day).
func punchTimes(f fact) (in, out string, nextDay bool) {
	switch f {
	case fNormal:
		return "08:55", "18:05", false
	case fLate:
		return "09:07", "18:00", false
	case fEarly:
		return "08:55", "17:50", false
	case fMissing:
		return "08:58", "", false
	case fNight:
		return "20:55", "06:03", true
	}
	return "", "", false
}

// writeShapeRoster writes shapeRoster's workbook as 花名册.xlsx in dir:
// written by writeBook the first time, its bytes copied after.
func writeShapeRoster(t *testing.T, dir string) {
	t.Helper()
	p := filepath.Join(dir, "花名册.xlsx")
	shapeRosterBook.Lock()
	defer shapeRosterBook.Unlock()
	if shapeRosterBook.b == nil {
		writeBook(t, p, false, excelize.Options{}, shapeRoster())
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		shapeRosterBook.b = b
		return
	}
	if err := os.WriteFile(p, shapeRosterBook.b, 0o644); err != nil {
		t.Fatal(err)
	}
}

var shapeRosterBook struct {
	sync.Mutex
	b []byte
}

func shapeRoster() testSheet {
	rows := [][]any{{"工号", "姓名", "班组", "岗位", "入职日期", "考勤号", "钉钉UserId", "企业微信账号"}}
	for _, p := range shapePeople {
		rows = append(rows, []any{p.id, p.name, "一组", "业务代表", "2024-03-01", p.clock, p.ding, p.wecom})
	}
	return testSheet{name: "花名册", rows: rows}
}

const novDays = 30

var weekdayCN = []string{"日", "一", "二", "三", "四", "五", "六"}

// templateShape writes our daily-records template.
func templateShape(t *testing.T, dir string) {
	rows := [][]any{{"工号", "姓名", "日期", "班次", "应上班时间", "应下班时间", "上班打卡", "下班打卡", "考勤结果"}}
	for i, p := range shapePeople {
		for d := 1; d <= novDays; d++ {
			f := shapeFact(i, d)
			in, out, next := punchTimes(f)
			if next {
				out = "次日 " + out
			}
			row := []any{p.id, p.name, fmt.Sprintf("2026-11-%02d", d), "白班", "", "", in, out, ""}
			switch f {
			case fRest:
				row[3], row[8] = "休息", "休息"
			case fAbsent:
				row[8] = "旷工"
			case fLeave:
				row[8] = "事假"
			case fNight:
				row[3], row[4], row[5] = "夜班", "21:00", "06:00"
			}
			rows = append(rows, row)
		}
	}
	writeBook(t, filepath.Join(dir, "考勤.xlsx"), false, excelize.Options{}, testSheet{name: "考勤", rows: rows})
}

// dingTalkShape writes a DingTalk 每日统计 export; 工号 is blank for the
// last two people (matched by UserId).
func dingTalkShape(t *testing.T, dir string) {
	rows := [][]any{
		{"每日统计表 统计日期：2026-11-01 至 2026-11-30"},
		{"报表生成时间：2026-12-01 09:12"},
		{"姓名", "考勤组", "部门", "工号", "职位", "UserId", "日期", "班次", "上班1打卡时间", "上班1打卡结果", "下班1打卡时间", "下班1打卡结果",
			"上班2打卡时间", "上班2打卡结果", "下班2打卡时间", "下班2打卡结果", "关联的审批单", "迟到时长", "严重迟到时长", "早退时长"},
		nil,
	}
	for i, p := range shapePeople {
		id := p.id
		if i >= 2 {
			id = ""
		}
		for d := 1; d <= novDays; d++ {
			f := shapeFact(i, d)
			in, out, next := punchTimes(f)
			if next {
				out = "次日 " + out
			}
			date := fmt.Sprintf("26-11-%02d 星期%s", d, weekdayCN[day(11, d).Weekday()])
			row := []any{p.name, "客服部考勤组", "客服部", id, "客服专员", p.ding, date, "白班 09:00-18:00", in, "正常", out, "正常", "", "", "", "", "", 0, 0, 0}
			switch f {
			case fRest:
				row[7], row[9], row[11] = "休息", "休息", "休息"
			case fLate:
				row[9], row[17] = "迟到", 7
			case fEarly:
				row[11], row[19] = "早退", 10
			case fAbsent:
				row[9], row[11] = "旷工", "旷工"
			case fLeave:
				row[9], row[11], row[16] = "请假", "请假", fmt.Sprintf("事假11-%02d 09:00到11-%02d 18:00", d, d)
			case fMissing:
				row[11] = "缺卡"
			case fNight:
				row[7] = "夜班 21:00-06:00"
			}
			rows = append(rows, row)
		}
	}
	writeBook(t, filepath.Join(dir, "钉钉考勤报表.xlsx"), false, excelize.Options{}, testSheet{
		name: "每日统计", rows: rows, merges: [][2]string{{"A1", "T1"}, {"A2", "T2"}}})
}

// weComShape writes a WeCom 上下班打卡_日报 with its two-row grouped header;
// the merged 时间 heading spans the name and account columns, as exports do.
func weComShape(t *testing.T, dir string) {
	rows := [][]any{
		{"概况统计与打卡明细"},
		{"统计时间:11-01 ～ 11-30     制表时间:2026-12-01 09:30(UTC+8)"},
		{"时间", "", "", "基础信息", "", "考勤概况", "", "", "", "", "", "上班1", "", "下班1", ""},
		{"", "", "", "部门", "班次", "假勤申请", "考勤结果", "迟到时长(分钟)", "早退时长(分钟)", "旷工次数(次)", "缺卡次数(次)", "打卡时间", "打卡状态", "打卡时间", "打卡状态"},
	}
	for i, p := range shapePeople {
		for d := 1; d <= novDays; d++ {
			f := shapeFact(i, d)
			in, out, next := punchTimes(f)
			if next {
				out = "次日" + out
			}
			dash := func(s string) string {
				if s == "" {
					return "--"
				}
				return s
			}
			date := fmt.Sprintf("2026/11/%02d 星期%s", d, weekdayCN[day(11, d).Weekday()])
			row := []any{date, p.name, p.wecom, "客服部", "白班09:00-18:00", "--", "正常", 0, 0, 0, 0, dash(in), "正常", dash(out), "正常"}
			switch f {
			case fRest:
				row[4], row[6], row[12], row[14] = "休息", "正常（休息）", "--", "--"
			case fLate:
				row[6], row[7], row[12] = "异常", 7, "迟到7分钟"
			case fEarly:
				row[6], row[8], row[14] = "异常", 10, "早退10分钟"
			case fAbsent:
				row[6], row[9], row[12], row[14] = "异常", 1, "未打卡", "未打卡"
			case fLeave:
				row[5], row[6], row[12], row[14] = "事假 1天", "请假", "--", "--"
			case fMissing:
				row[6], row[10], row[14] = "异常", 1, "未打卡"
			case fNight:
				row[4] = "夜班21:00-06:00"
			}
			rows = append(rows, row)
		}
	}
	writeBook(t, filepath.Join(dir, "上下班打卡_日报.xlsx"), false, excelize.Options{}, testSheet{
		name: "概况统计与打卡明细", rows: rows,
		merges: [][2]string{{"A1", "O1"}, {"A2", "O2"}, {"A3", "C4"}, {"D3", "E3"}, {"F3", "K3"}, {"L3", "M3"}, {"N3", "O3"}}})
}

// punchShape writes clock punches: a GBK ZKTeco CSV for the first two
// people, an attlog.dat for the others, and a 排班表 with the night shift,
// the rest day after it and the leave day.
func punchShape(t *testing.T, dir string) {
	var csv, dat strings.Builder
	csv.WriteString("部门,姓名,登记号码,日期时间,机器号,编号,比对方式,卡号\r\n")
	n := 0
	for i, p := range shapePeople {
		for d := 1; d <= novDays; d++ {
			in, out, next := punchTimes(shapeFact(i, d))
			for k, tm := range []string{in, out} {
				if tm == "" {
					continue
				}
				date := day(11, d)
				if k == 1 && next {
					date = date.AddDate(0, 0, 1)
				}
				n++
				if i < 2 {
					fmt.Fprintf(&csv, "客服部,%s,%s,%s %s:%02d,1,%d,指纹,\r\n", p.name, p.clock, date.Format("2006/01/02"), tm, n%60, n)
				} else {
					fmt.Fprintf(&dat, "%6s\t%s %s:%02d\t1\t0\t1\t0\r\n", p.clock, date.Format("2006-01-02"), tm, n%60)
				}
			}
		}
	}
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(csv.String())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "考勤记录.csv"), []byte(gbk), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "1_attlog.dat"), []byte(dat.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	writeBook(t, filepath.Join(dir, "排班表.xlsx"), false, excelize.Options{}, testSheet{name: "排班", rows: [][]any{
		{"工号", "姓名", "日期", "班次", "上班时间", "下班时间"},
		{"2002", "乙二", "2026-11-11", "夜班", "21:00", "06:00"},
		{"2002", "乙二", "2026-11-12", "休"},
		{"2004", "丁四", "2026-11-06", "事假"},
	}})
}

// dingTalkPunchShape writes DingTalk's 原始记录 (one row per punch, a punch
// not made as 缺卡 without a time) with the 排班表 of punchShape.
func dingTalkPunchShape(t *testing.T, dir string) {
	rows := [][]any{
		{"原始记录表 统计日期：2026-11-01 至 2026-11-30"},
		{"姓名", "考勤组", "部门", "工号", "职位", "UserId", "考勤日期", "考勤时间", "打卡时间", "打卡结果", "打卡地址"},
	}
	for i, p := range shapePeople {
		id := p.id
		if i%2 == 1 {
			id = ""
		}
		for d := 1; d <= novDays; d++ {
			f := shapeFact(i, d)
			in, out, next := punchTimes(f)
			date := fmt.Sprintf("26-11-%02d 星期%s", d, weekdayCN[day(11, d).Weekday()])
			for k, tm := range []string{in, out} {
				when, res := "", "正常"
				switch {
				case tm == "" && f == fMissing:
					res = "缺卡"
				case tm == "":
					continue
				case k == 1 && next:
					when = day(11, d+1).Format("2006-01-02") + " " + tm
				default:
					when = day(11, d).Format("2006-01-02") + " " + tm
				}
				rows = append(rows, []any{p.name, "客服部考勤组", "客服部", id, "客服专员", p.ding, date, "", when, res, "公司"})
			}
		}
	}
	writeBook(t, filepath.Join(dir, "钉钉原始记录.xlsx"), false, excelize.Options{}, testSheet{
		name: "原始记录", rows: rows, merges: [][2]string{{"A1", "K1"}}})
	writeBook(t, filepath.Join(dir, "排班表.xlsx"), false, excelize.Options{}, testSheet{name: "排班", rows: [][]any{
		{"工号", "姓名", "日期", "班次", "上班时间", "下班时间"},
		{"2002", "乙二", "2026-11-11", "夜班", "21:00", "06:00"},
		{"2002", "乙二", "2026-11-12", "休"},
		{"2004", "丁四", "2026-11-06", "事假"},
	}})
}

// dingTalkMonthShape writes DingTalk's 月度汇总: one row per person, a day
// column each holding the day's results in words.
func dingTalkMonthShape(t *testing.T, dir string) {
	head := []any{"姓名", "考勤组", "部门", "工号", "职位", "UserId", "出勤天数", "休息天数", "迟到次数", "迟到时长"}
	week := make([]any, len(head))
	for d := 1; d <= novDays; d++ {
		head = append(head, d)
		week = append(week, weekdayCN[day(11, d).Weekday()])
	}
	rows := [][]any{{"月度汇总 统计日期：2026-11-01 至 2026-11-30"}, {"报表生成时间：2026-12-01 09:12"}, head, week}
	words := map[fact]string{fNormal: "正常", fRest: "休息", fLate: "上班迟到7分钟", fEarly: "下班早退10分钟", fAbsent: "旷工",
		fLeave: "事假09:00到18:00 8小时", fMissing: "下班缺卡", fNight: "正常"}
	for i, p := range shapePeople {
		id := p.id
		if i == 0 {
			id = ""
		}
		row := []any{p.name, "客服部考勤组", "客服部", id, "客服专员", p.ding, 20, 10, 0, 0}
		for d := 1; d <= novDays; d++ {
			row = append(row, words[shapeFact(i, d)])
		}
		rows = append(rows, row)
	}
	writeBook(t, filepath.Join(dir, "钉钉月度汇总.xlsx"), false, excelize.Options{}, testSheet{
		name: "月度汇总", rows: rows, merges: [][2]string{{"A1", "AN1"}, {"A2", "AN2"}}})
}

// matrixShape writes a hand-made matrix with its legend under the table.
func matrixShape(t *testing.T, dir string) {
	head := []any{"序号", "工号", "姓名"}
	week := []any{"", "", ""}
	for d := 1; d <= novDays; d++ {
		head = append(head, d)
		week = append(week, weekdayCN[day(11, d).Weekday()])
	}
	rows := [][]any{{"客服部考勤表"}, {"2026年11月份考勤明细"}, head, week}
	sym := map[fact]string{fNormal: "√", fRest: "休", fLate: "迟7", fEarly: "早10", fAbsent: "旷", fLeave: "事", fMissing: "缺", fNight: "√"}
	for i, p := range shapePeople {
		row := []any{i + 1, p.id, p.name}
		for d := 1; d <= novDays; d++ {
			row = append(row, sym[shapeFact(i, d)])
		}
		rows = append(rows, row)
	}
	rows = append(rows, nil, []any{"说明：出勤√  迟到 迟  早退 早  旷工 旷  事假 事  休息 休  缺卡 缺"})
	legend := fmt.Sprintf("A%d", len(rows))
	writeBook(t, filepath.Join(dir, "手工考勤表.xlsx"), false, excelize.Options{}, testSheet{
		name: "11月考勤", rows: rows, merges: [][2]string{{"A1", "AG1"}, {"A2", "AG2"}, {legend, "AG" + legend[1:]}}})
}

func TestShapesSameAppraisal(t *testing.T) {
	shapes := []struct {
		name  string
		write func(*testing.T, string)
		kind  string
	}{
		{"template", templateShape, "考勤明细"},
		{"dingtalk", dingTalkShape, "钉钉每日统计"},
		{"wecom", weComShape, "企业微信打卡日报"},
		{"punches", punchShape, "打卡记录"},
		{"matrix", matrixShape, "手工考勤表"},
		{"dingtalk punches", dingTalkPunchShape, "打卡记录"},
		{"dingtalk monthly", dingTalkMonthShape, "钉钉月度汇总"},
	}
	r := readerRules()
	type outcome struct {
		rows []calc.Appraisal
		att  []calc.AttendanceStat
	}
	var base *outcome
	for _, s := range shapes {
		t.Run(s.name, func(t *testing.T) {
			dir := t.TempDir()
			writeShapeRoster(t, dir)
			s.write(t, dir)
			l, err := Load(dir, r, 2026, time.November, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if errs := problemLines(l.Problems, calc.Error); len(errs) > 0 {
				t.Fatalf("errors = %q; want none", errs)
			}
			kindSeen := false
			for _, line := range problemLines(l.Problems, calc.Info) {
				kindSeen = kindSeen || strings.Contains(line, "识别为 "+s.kind)
			}
			if !kindSeen {
				t.Errorf("info = %q; want a sheet 识别为 %s", problemLines(l.Problems, calc.Info), s.kind)
			}
			res := calc.Appraise(&l.Month, r)
			got := &outcome{res.Rows, res.Attendance}
			// the facts, whatever the shape
			wantAtt := map[string]calc.AttendanceStat{
				"2001": {Late: 1, LateMin: 7, MissingPunches: 1},
				"2002": {Early: 1, EarlyMin: 10},
				"2003": {Absent: 1},
				"2004": {Leave: map[string]int{"事假": 1}},
			}
			for _, a := range got.att {
				w := wantAtt[a.ID]
				if a.Late != w.Late || a.LateMin != w.LateMin || a.Early != w.Early || a.EarlyMin != w.EarlyMin ||
					a.Absent != w.Absent || a.MissingPunches != w.MissingPunches || a.Leave["事假"] != w.Leave["事假"] {
					t.Errorf("%s: attendance of %s = %+v; want %+v", s.name, a.ID, a, w)
				}
			}
			if base == nil {
				base = got
				return
			}
			for i, a := range got.rows {
				b := base.rows[i]
				if a.ID != b.ID || !a.Final.Equal(b.Final) || !a.Light.Equal(b.Light) || !a.Severe.Equal(b.Severe) || a.Grade != b.Grade || !a.Float.Equal(b.Float) {
					t.Errorf("%s: %s final %s (light %s, severe %s, %s); want %s (light %s, severe %s, %s) as from the template",
						s.name, a.ID, a.Final, a.Light, a.Severe, a.Grade, b.Final, b.Light, b.Severe, b.Grade)
				}
			}
			// Worked minutes (D26) need punch times, which a matrix or a
			// monthly summary does not have: LongShifts is left out.
			noLong := func(as []calc.AttendanceStat) []calc.AttendanceStat {
				out := slices.Clone(as)
				for i := range out {
					out[i].LongShifts, out[i].LateForBrief, out[i].ArriveDays = 0, 0, 0 // and arrivals (D38)
				}
				return out
			}
			if !reflect.DeepEqual(noLong(got.att), noLong(base.att)) {
				t.Errorf("%s: attendance =\n%+v\nwant\n%+v", s.name, got.att, base.att)
			}
		})
	}
	if base == nil || len(base.rows) != len(shapePeople) {
		t.Fatalf("template shape appraised %v; want %d people", base, len(shapePeople))
	}
}

// FuzzShapes feeds arbitrary rows under the headers of the other systems'
// shapes (and attlog lines) through the whole reading path: it must never
// panic and every problem must have a message.
func FuzzShapes(f *testing.F) {
	f.Add("姓名,工号,UserId,日期,班次,上班1打卡时间,上班1打卡结果,下班1打卡时间,下班1打卡结果,关联的审批单,迟到时长\n张三,,dt1,26-11-03 星期二,夜班 21:00-06:00,20:57,严重迟到,次日 06:05,正常,事假11-03,5\n")
	f.Add("登记号码,姓名,日期时间\n1,张三,2026/11/02 08:52:11\n1,张三,2026/11/30 21:00\n2,,2026/12/01 06:00\n")
	f.Add("工号,姓名,日期,班次,上班时间,下班时间\n1,张三,2026-11-04,夜班,21:00,06:00\n1,张三,11-05,休\n")
	f.Add("工号,姓名,1,2,3,4,5,6,7,8\n1,张三,√,迟5,早,旷,事,★,,休\n,,一,二,三,四,五,六,日,一\n说明：出勤√ 迟到 迟\n")
	f.Add("时间,姓名,账号,班次,考勤结果,假勤申请,迟到时长\n2026/11/02 星期一,张三,kf1,白班09:00-18:00,正常（休息）,--,--\n")
	f.Fuzz(func(t *testing.T, text string) {
		ld := newLoader(calc.DefaultRules(), 2026, time.November, LoadOptions{})
		ld.employees = []calc.Employee{{ID: "1", Name: "张三", ClockID: "1", DingTalkID: "dt1", WeCom: "kf1"}}
		ld.rosters = 1
		ld.readCSV("x.csv", []byte(text))
		ld.readAttlog("1_attlog.dat", []byte(strings.ReplaceAll(text, ",", "\t")))
		ld.finish()
		for _, p := range ld.problems {
			if p.Msg == "" {
				t.Errorf("problem %+v without a message", p)
			}
		}
	})
}
