package sheets

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// formatsRoster is the roster matching the files of testdata/formats: the
// ids each attendance system uses map to 工号 1001 … 1004.
func formatsRoster() testSheet {
	hired := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	return testSheet{name: "花名册", rows: [][]any{
		{"工号", "姓名", "班组", "岗位", "入职日期", "考勤号", "钉钉UserId", "企业微信账号"},
		{"1001", "张三", "一组", "业务代表", hired, "1", "0100123", "kf1001"},
		{"1002", "李四", "一组", "业务代表", hired, "2", "0100223", "kf1002"},
		{"1003", "王五", "二组", "组长", hired, "3", "0100323", "kf1003"},
		{"1004", "赵六", "二组", "业务代表", hired, "4", "0100423", "kf1004"},
	}}
}

// loadFormat loads one file of testdata/formats with the roster (and any
// extra sheets) in a folder of its own.
func loadFormat(t *testing.T, file string, extra ...testSheet) *Loaded {
	t.Helper()
	dir := t.TempDir()
	writeBook(t, filepath.Join(dir, "花名册.xlsx"), false, excelize.Options{}, append([]testSheet{formatsRoster()}, extra...)...)
	b, err := os.ReadFile(filepath.Join("testdata", "formats", file))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, file), b, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Load(dir, readerRules(), 2026, time.November, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// dayOf returns the day of a person and date, or a zero Day.
func dayOf(days []calc.Day, id string, d int) calc.Day {
	for _, x := range days {
		if x.ID == id && x.Date.Day() == d {
			return x
		}
	}
	return calc.Day{}
}

func hasLine(lines []string, want string) bool {
	return slices.Contains(lines, want)
}

func TestReadFormats(t *testing.T) {
	type want struct {
		id  string
		d   int // day of November
		day calc.Day
	}
	tests := []struct {
		file   string
		extra  []testSheet
		info   string // an Info line that must be there
		warn   string // a part of a Warning line that must be there
		days   []want
		ndays  int // number of days read, -1: do not check
		errors []string
	}{
		{
			file: "dingtalk_考勤报表_20261101-20261130.xlsx",
			info: "dingtalk_考勤报表_20261101-20261130.xlsx!每日统计!第3行 识别为 钉钉每日统计（表头在第3行）",
			days: []want{
				{"1001", 2, calc.Day{Status: "正常", WorkedMin: 543, Loc: calc.Loc{Cell: "J5"}}},
				{"1002", 2, calc.Day{Status: "迟到", Late: true, LateMin: 12, WorkedMin: 528, Loc: calc.Loc{Cell: "J6"}}},
				{"1003", 3, calc.Day{Status: "缺卡", MissingPunches: 1, Loc: calc.Loc{Cell: "J7"}}},
				{"1004", 3, calc.Day{Status: "事假", Leave: "事假", Loc: calc.Loc{Cell: "J8"}}},
				{"1001", 4, calc.Day{Status: "旷工", Absent: true, Loc: calc.Loc{Cell: "J9"}}},
				{"1002", 4, calc.Day{Status: "正常", WorkedMin: 548, Loc: calc.Loc{Cell: "J10"}}},
				// late in 上班1打卡结果 (J), early in 下班1打卡结果 (L)
				{"1003", 5, calc.Day{Status: "迟到", Late: true, LateMin: 31, Early: true, EarlyMin: 20, WorkedMin: 489, Loc: calc.Loc{Cell: "J11"}, EarlyLoc: calc.Loc{Cell: "L11"}}},
			},
			ndays: 7,
		},
		{
			file: "wecom_上下班打卡_日报_20261101-20261130.xlsx",
			info: "wecom_上下班打卡_日报_20261101-20261130.xlsx!概况统计与打卡明细!第4行 识别为 企业微信打卡日报（表头在第4行）",
			days: []want{
				{"1001", 2, calc.Day{Status: "正常", WorkedMin: 550, Loc: calc.Loc{Cell: "N5"}}},
				{"1002", 2, calc.Day{Status: "迟到", Late: true, LateMin: 15, WorkedMin: 555, Loc: calc.Loc{Cell: "N6"}}},
				{"1003", 3, calc.Day{Status: "缺卡", MissingPunches: 1, Loc: calc.Loc{Cell: "N7"}}},
				{"1004", 3, calc.Day{Status: "事假", Leave: "事假", Loc: calc.Loc{Cell: "N8"}}},
				{"1001", 7, calc.Day{Status: "休息", Loc: calc.Loc{Cell: "N9"}}},
				{"1002", 9, calc.Day{Status: "旷工", Absent: true, Loc: calc.Loc{Cell: "N10"}}},
			},
			ndays: 6,
		},
		{
			file: "zkteco_考勤记录_202611.csv",
			// 李四 works a night shift on 11-04 and rests on 11-05
			extra: []testSheet{{name: "排班", rows: [][]any{
				{"工号", "姓名", "日期", "班次", "上班时间", "下班时间"},
				{"1002", "李四", "2026-11-04", "夜班", "21:00", "06:00"},
				{"1002", "李四", "2026-11-05", "休"},
			}}},
			info: "zkteco_考勤记录_202611.csv!第1行 识别为 打卡记录（表头在第1行）",
			// workdays without punches are absences (D7), and said so
			warn: "zkteco_考勤记录_202611.csv 1001（张三）按默认班次推定旷工",
			days: []want{
				{"1001", 2, calc.Day{Status: "正常", WorkedMin: 579, Loc: calc.Loc{Cell: "D2"}}},
				{"1002", 2, calc.Day{Status: "迟到", Late: true, LateMin: 7, WorkedMin: 533, Loc: calc.Loc{Cell: "D4"}}},
				{"1003", 3, calc.Day{Status: "缺卡", MissingPunches: 1, Loc: calc.Loc{Cell: "D8"}}},
				{"1001", 3, calc.Day{Status: "旷工", Absent: true}},
				{"1002", 4, calc.Day{Status: "正常", WorkedMin: 544, Loc: calc.Loc{Cell: "D6"}}},
			},
			ndays: -1,
		},
		{
			file: "手工考勤表_2026年11月.xlsx",
			info: "手工考勤表_2026年11月.xlsx!11月考勤!第10行 按表中图例读取考勤符号（10 个）",
			days: []want{
				{"1001", 1, calc.Day{Status: "休息", Loc: calc.Loc{Cell: "E5"}}},
				{"1001", 2, calc.Day{Status: "迟到", Late: true, Loc: calc.Loc{Cell: "F5"}}},
				{"1001", 3, calc.Day{Status: "正常", Loc: calc.Loc{Cell: "G5"}}},
				{"1001", 4, calc.Day{Status: "旷工", Absent: true, Loc: calc.Loc{Cell: "H5"}}},
				{"1002", 3, calc.Day{Status: "事假", Leave: "事假", Loc: calc.Loc{Cell: "G6"}}},
				{"1002", 10, calc.Day{Status: "病假", Leave: "病假", Loc: calc.Loc{Cell: "N6"}}},
				{"1003", 5, calc.Day{Status: "早退", Early: true, Loc: calc.Loc{Cell: "I7"}}},
				{"1003", 17, calc.Day{Status: "年假", Leave: "年假", Loc: calc.Loc{Cell: "U7"}}},
			},
			ndays: 120,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			l := loadFormat(t, tt.file, tt.extra...)
			if errs := problemLines(l.Problems, calc.Error); !reflect.DeepEqual(errs, tt.errors) {
				t.Errorf("errors = %q; want %q", errs, tt.errors)
			}
			if info := problemLines(l.Problems, calc.Info); !hasLine(info, tt.info) {
				t.Errorf("info = %q; want it to hold %q", info, tt.info)
			}
			if warns := problemLines(l.Problems, calc.Warning); tt.warn != "" && !slices.ContainsFunc(warns, func(s string) bool { return strings.HasPrefix(s, tt.warn) }) {
				t.Errorf("warnings = %q; want one starting %q", warns, tt.warn)
			}
			if tt.ndays >= 0 && len(l.Month.Days) != tt.ndays {
				t.Errorf("read %d days; want %d", len(l.Month.Days), tt.ndays)
			}
			for _, w := range tt.days {
				want := w.day
				want.ID, want.Date = w.id, day(11, w.d)
				want.Loc.File = tt.file
				if want.Loc.Cell != "" {
					want.Loc.Sheet = sheetOf(tt.file)
				}
				if want.EarlyLoc.Cell != "" {
					want.EarlyLoc.File, want.EarlyLoc.Sheet = tt.file, sheetOf(tt.file)
				}
				if got := noArrive1(dayOf(l.Month.Days, w.id, w.d)); !reflect.DeepEqual(got, want) {
					t.Errorf("day %s 11-%02d = %+v; want %+v", w.id, w.d, got, want)
				}
			}
		})
	}
}

func sheetOf(file string) string {
	switch {
	case strings.HasPrefix(file, "dingtalk"):
		return "每日统计"
	case strings.HasPrefix(file, "wecom"):
		return "概况统计与打卡明细"
	case strings.HasPrefix(file, "手工"):
		return "11月考勤"
	}
	return ""
}
