package sheets

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// TestReadPunches pairs punches with a 排班表 and the default shift: night
// shifts across the month's edges, a mid-month hire, a shift name without
// times, punches outside the month, an attlog.dat with a bad line.
func TestReadPunches(t *testing.T) {
	dir := t.TempDir()
	ro := shapeRoster()
	ro.rows[2][4] = "2026-11-16" // 2002 is hired mid-month
	writeBook(t, filepath.Join(dir, "花名册.xlsx"), false, excelize.Options{}, ro,
		testSheet{name: "排班表", rows: [][]any{
			{"工号", "日期", "班次", "上班时间", "下班时间"},
			{"2001", "2026-10-31", "夜班", "21:00", "06:00"},
			{"2001", "2026-11-30", "夜班"}, // times from the row above
			{"2003", "2026-11-02", "中班"},
		}})
	csv := "登记号码,姓名,打卡时间\n" +
		"11,甲一,2026/10/15 09:00:00\n" +
		"11,甲一,2026/10/31 20:59:10\n" +
		"11,甲一,2026/11/01 06:02:00\n" +
		"11,甲一,2026/11/30 20:58:00\n" +
		"11,甲一,2026/12/01 06:01:30\n" +
		"12,乙二,2026/11/16 09:12:00\n" +
		"12,乙二,2026/11/16 09:12:40\n" +
		"12,乙二,2026/11/16 17:45:00\n" +
		"11,甲一,11-05 08:00\n"
	if err := os.WriteFile(filepath.Join(dir, "打卡.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	attlog := "    13\t2026-11-03 08:59:00\t1\t0\t1\t0\n    13\tbad\n    13\t2026-11-03 18:02:00\t1\t1\t1\t0\n"
	if err := os.WriteFile(filepath.Join(dir, "1_attlog.dat"), []byte(attlog), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "2_attlog.dat"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Load(dir, readerRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	absent := map[string]int{}
	for _, d := range l.Month.Days {
		count[d.ID]++
		if d.Absent {
			absent[d.ID]++
		}
	}
	// 21 weekdays; 2001 works a night shift on Monday 11-30; 2002 starts on
	// Monday 11-16 (11 weekdays left); 2003's 11-02 shift has no times.
	if want := map[string]int{"2001": 21, "2002": 11, "2003": 20}; !reflect.DeepEqual(count, want) {
		t.Errorf("days per person = %v; want %v", count, want)
	}
	if want := map[string]int{"2001": 20, "2002": 10, "2003": 19}; !reflect.DeepEqual(absent, want) {
		t.Errorf("absences per person = %v; want %v", absent, want)
	}
	csvLoc := func(cell string) calc.Loc { return calc.Loc{File: "打卡.csv", Cell: cell} }
	wantDays := []calc.Day{
		{ID: "2001", Date: day(11, 30), Status: "正常", WorkedMin: 543, Loc: csvLoc("C5")},
		{ID: "2002", Date: day(11, 16), Status: "迟到", Late: true, LateMin: 12, Early: true, EarlyMin: 15, WorkedMin: 513, Loc: csvLoc("C7")},
		{ID: "2003", Date: day(11, 3), Status: "正常", WorkedMin: 543, Loc: calc.Loc{File: "1_attlog.dat", Cell: "第1行"}},
		{ID: "2002", Date: day(11, 17), Status: "旷工", Absent: true, Loc: calc.Loc{File: "打卡.csv"}},
	}
	for _, w := range wantDays {
		if got := noArrive1(dayOf(l.Month.Days, w.ID, w.Date.Day())); !reflect.DeepEqual(got, w) {
			t.Errorf("day %s %s = %+v; want %+v", w.ID, w.Date.Format("01-02"), got, w)
		}
	}
	for _, d := range []int{1, 2} {
		if got := dayOf(l.Month.Days, "2002", d); got.ID != "" {
			t.Errorf("day 2002 11-%02d = %+v; want none (before hire)", d, got)
		}
	}
	sorted := func(s []string) []string { s = append([]string(nil), s...); sort.Strings(s); return s }
	wantErr := []string{
		"1_attlog.dat!第2行 无法识别的打卡记录「13\tbad」",
		"打卡.csv!C10 打卡时间：无法识别的日期时间「11-05 08:00」",
		"花名册.xlsx!排班表!C4 班次「中班」没有上下班时间",
	}
	if got := problemLines(l.Problems, calc.Error); !reflect.DeepEqual(sorted(got), sorted(wantErr)) {
		t.Errorf("errors = %q; want %q", got, wantErr)
	}
	info := problemLines(l.Problems, calc.Info)
	for _, w := range []string{
		"打卡.csv 有 1 条打卡不在考核月份 2026-11 内，已忽略",
		"打卡.csv!第1行 识别为 打卡记录（表头在第1行）",
		"1_attlog.dat 识别为 打卡记录（考勤机 attlog.dat）",
		"2_attlog.dat 已忽略：不是考勤机导出的 attlog 打卡文件（应为 登记号码<Tab>日期时间 …）",
		"花名册.xlsx!排班表!第1行 识别为 排班表（表头在第1行）",
	} {
		if !hasLine(info, w) {
			t.Errorf("info = %q; want it to hold %q", info, w)
		}
	}
	wantWarn := "花名册.xlsx!花名册!A5 2004（丁四）在打卡记录和考勤表中都没有记录，未计算其考勤"
	if !hasLine(problemLines(l.Problems, calc.Warning), wantWarn) {
		t.Errorf("warnings = %q; want %q", problemLines(l.Problems, calc.Warning), wantWarn)
	}
}

// TestPunchesWithLeaveSheet: the clock knows nothing of leave; a leave day
// in our template is a leave, not an absence, and not a duplicate.
func TestPunchesWithLeaveSheet(t *testing.T) {
	dir := t.TempDir()
	writeBook(t, filepath.Join(dir, "花名册.xlsx"), false, excelize.Options{}, shapeRoster(),
		testSheet{name: "请假", rows: [][]any{
			{"工号", "姓名", "日期", "考勤结果"},
			{"2001", "甲一", "2026-11-03", "事假"},
		}})
	csv := "登记号码,姓名,打卡时间\n11,甲一,2026/11/02 08:50\n11,甲一,2026/11/02 18:00\n"
	if err := os.WriteFile(filepath.Join(dir, "打卡.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Load(dir, readerRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if errs := problemLines(l.Problems, calc.Error); len(errs) > 0 {
		t.Errorf("errors = %q; want none", errs)
	}
	if got := dayOf(l.Month.Days, "2001", 3); got.Leave != "事假" || got.Absent {
		t.Errorf("day 2001 11-03 = %+v; want the leave of the template", got)
	}
	if got := dayOf(l.Month.Days, "2001", 4); !got.Absent {
		t.Errorf("day 2001 11-04 = %+v; want an absence (a workday without punches)", got)
	}
}

// TestPunchIDs: the 工号 and 登记号码 forms clock exports write, through
// NormalizeID's shortcut for ASCII letters and digits and around it
// (FuzzShortcuts compares NormalizeID with the plain code on any input).
func TestPunchIDs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""}, {"100001", "100001"}, {"00123", "00123"}, {"KF000427", "KF000427"}, {"abcE5", "abcE5"},
		{"1E5", "100000"}, {"1e2", "100"}, {"123.0", "123"}, {"'00123", "00123"}, {"１２３", "123"}, {"A-1", "A-1"},
	}
	for _, tt := range tests {
		if got := NormalizeID(tt.in); got != tt.want || got != normalizeIDPlain(tt.in) {
			t.Errorf("NormalizeID(%q) = %q; want %q (plain code %q)", tt.in, got, tt.want, normalizeIDPlain(tt.in))
		}
	}
}

func TestStampMinutes(t *testing.T) {
	ld := newLoader(testRules(), 2026, time.November, LoadOptions{})
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"2026/11/02 08:52:11", 1440 + 8*60 + 52, true},
		{"2026-11-02 08:52", 1440 + 8*60 + 52, true},
		{"2026/11/1 0:05", 5, true},
		{"2026/10/31 23:59:59", -1, true},
		{"2026/12/01 01:00", 30*1440 + 60, true},
		{"2025/11/01 00:00", -365 * 1440, true},
		{"2028/02/29 12:00", (civilDay(2028, 2, 29)-civilDay(2026, 11, 1))*1440 + 720, true},
		{" 2026/11/02  08:52 ", 1440 + 8*60 + 52, true},
		{"2026/02/29 08:00", 0, false},
		{"2026/11/31 08:00", 0, false},
		{"2026/11/02", 0, false},
		{"2026/11/02T08:00", 0, false},
		{"2026/11/02 24:00", 0, false},
		{"2026/11/02 08:60", 0, false},
		{"2026年11月2日 08:00", 0, false},
		{"46328.5", 0, false},
		{"08:52", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := ld.stampMinutes(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("stampMinutes(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzStampMinutes: what stampMinutes reads, parseStamp reads to the same
// minute, and ParseDate reads as a date (readPunchRow's general path then
// takes no other branch).
func FuzzStampMinutes(f *testing.F) {
	for _, s := range []string{"2026/11/02 08:52:11", "2026-11-2 8:05", "2026/02/29 08:00", "1900/01/01 00:00", "9999/12/31 23:59:59", "2026/11/02   08:52"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ld := newLoader(testRules(), 2026, time.November, LoadOptions{})
		got, ok := ld.stampMinutes(s)
		if !ok {
			return
		}
		at, ok2 := parseStamp(s, 2026, time.November, false)
		_, err := ParseDate(s, 2026, time.November, false)
		if !ok2 || err != nil {
			t.Fatalf("stampMinutes(%q) = %d; parseStamp gives ok %v, ParseDate error %v", s, got, ok2, err)
		}
		if want := (at.Unix() - ld.monthStart().Unix()) / 60; want != int64(got) {
			t.Fatalf("stampMinutes(%q) = %d; parseStamp gives %d minutes", s, got, want)
		}
		if in := got >= -1440 && got < (ld.monthDays()+1)*1440; in != ld.punchWindow(at) {
			t.Fatalf("stampMinutes(%q) = %d: in the window %v; punchWindow says %v", s, got, in, !in)
		}
	})
}

// FuzzSpanFinder: spanFinder gives calc.NearestSpan's answer for punches in
// time order, for plan-like spans (one a day, night shifts, days left out)
// and for any others.
func FuzzSpanFinder(f *testing.F) {
	f.Add([]byte{9, 18, 9, 18, 22, 6, 0, 0, 9, 18}, []byte{10, 200, 3, 7, 90}, false)
	f.Add([]byte{0, 1, 23, 0, 12, 12}, []byte{0, 0, 255, 1}, true)
	f.Fuzz(func(t *testing.T, shifts, gaps []byte, raw bool) {
		var spans []calc.Span
		for i := 0; i+1 < len(shifts) && len(spans) < 40; i += 2 {
			day := (i/2 - 1) * 1440
			if raw {
				a, b := int(int8(shifts[i]))*97, int(int8(shifts[i+1]))*97
				spans = append(spans, calc.Span{Start: a, End: b})
				continue
			}
			if shifts[i] == shifts[i+1] {
				continue // a day off
			}
			spans = append(spans, calc.SpanOf(day, int(shifts[i])%24*60+int(shifts[i])%7, int(shifts[i+1])%24*60))
		}
		finder := newSpanFinder(spans)
		at := -3000
		for _, g := range gaps {
			at += int(g) * 11
			if got, want := finder.nearest(at), calc.NearestSpan(spans, at); got != want {
				t.Fatalf("spans %v, punch at %d: spanFinder gives %d; calc.NearestSpan %d", spans, at, got, want)
			}
		}
	})
}

func TestFloorDiv(t *testing.T) {
	for _, tt := range []struct{ a, want int }{{0, 0}, {1439, 0}, {1440, 1}, {-1, -1}, {-1440, -1}, {-1441, -2}} {
		if got := floorDiv(tt.a, 1440); got != tt.want {
			t.Errorf("floorDiv(%d, 1440) = %d; want %d", tt.a, got, tt.want)
		}
	}
}
