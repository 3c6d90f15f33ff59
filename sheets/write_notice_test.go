package sheets

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"appraise/calc"
)

// TestNoticeCells checks every cell of one employee's notice: 赵六, the
// first of 二组, with two days of 旷工, a compensation, S05 and two flags.
func TestNoticeCells(t *testing.T) {
	run := outRun()
	run.Rules.AppealDays = 7
	run.Date = time.Date(2026, 12, 3, 17, 45, 0, 0, time.FixedZone("CST", 8*3600))
	dir, _ := writeFixture(t, outFixture(), run)
	m := lineMap(dumpOf(t, filepath.Join(dir, NoticeName(2026, time.November))))
	appeal := "如对本通知单的考核结果有异议，请于2026年12月10日（含当日）前向班长或人事提出书面申诉，写明所涉及的记录" +
		"（上表的“来源”，或规则代码与日期）及理由。逾期未申诉的，视为对考核结果无异议。" +
		"申诉的处理结果（维持、撤销或改为其他分值）将记入下一次生成的考核表。"
	want := map[string]string{
		"A1": "客服部2026年11月考核通知单",
		"A2": "姓名", "B2": "赵六", "D2": "工号", "F2": "000201",
		"A3": "班组", "B3": "二组", "D3": "岗位", "F3": "业务代表",
		"A4": "考核月份", "B4": "2026年11月", "D4": "入职月数", "F4": "第11个月",
		"A5": "考核分", "B5": "0.0", "D5": "等级", "F5": "不合格",
		"A6": "绩效浮动", "B6": "-300.00 元", "D6": "是否浮动", "F6": "是",
		"A7": "全员排名", "B7": "第6名", "D7": "班组排名", "F7": "第3名",
		"A8": "赔偿扣款", "B8": "150.50 元", "D8": "申诉截止", "F8": "2026年12月10日",
		"A9": "得分构成", "B9": "基础分 80，加分 0，轻度违规 0，中度违规 0，重度违规 −60，追加扣分 −20，额外奖惩 0，合计 0",
		"A10": "加扣分记录（共3条）",
		"A11": "日期", "B11": "规则", "C11": "项目", "D11": "次数", "E11": "分值", "F11": "来源", "G11": "说明",
		"A12": "2026-11-10", "B12": "S01", "C12": "旷工", "D12": "2", "E12": "−40", "F12": "自动计算（考勤.xlsx!考勤!第12行）", "G12": "",
		"A13": "2026-11-12", "B13": "S04", "C13": "未经允许私自拆卸公司的设备带出公司", "D13": "1", "E13": "−20",
		"F13": "奖惩.xlsx!Sheet1!D9", "G13": "赔偿150.50元",
		"A14": "当月", "B14": "S05", "C14": "当月未良好履行客服人员的工作职责", "D14": "1", "E14": "−20", "F14": "自动计算", "G14": "中度违规2次",
		"A15": "处理建议（均需人工复核）",
		"A16": "可解除劳动合同（需人工复核）", "D16": "考核分低于60分",
		"A17": "赔偿扣款超过月基本工资20%（需人工复核）", "D17": "赔偿150.50元",
		"A18": "申诉", "A19": appeal, "A20": "",
		"A21": noticeSignLine,
		// The next employee's page.
		"A22": "客服部2026年11月考核通知单", "B23": "钱七",
	}
	for cell, v := range want {
		if got := m["二组!"+cell]; got != v {
			t.Errorf("二组!%s = %q; want %q", cell, got, v)
		}
	}
	// One sheet per team, in order of first appearance; a page break
	// before every employee but the first of a sheet.
	breaks := noticeBreaks(t, filepath.Join(dir, NoticeName(2026, time.November)))
	if got, want := fmt.Sprint(breaks), "map[一组:[18 36] 二组:[21 40]]"; got != want {
		t.Errorf("page breaks after rows %s; want %s", got, want)
	}
}

// noticeBreaks returns the manual row breaks of every sheet of a workbook
// (each the last row before the break), by sheet name.
func noticeBreaks(t *testing.T, path string) map[string][]int {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	read := func(name string) string {
		for _, f := range z.File {
			if f.Name == name {
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				b, err := io.ReadAll(r)
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
		}
		t.Fatalf("%s: no part %s", path, name)
		return ""
	}
	out := map[string][]int{}
	book := read("xl/workbook.xml")
	for i, s := range regexp.MustCompile(`<sheet name="([^"]*)"`).FindAllStringSubmatch(book, -1) {
		part := read(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		var ids []int
		for _, b := range regexp.MustCompile(`<rowBreaks[^>]*>(.*?)</rowBreaks>`).FindAllStringSubmatch(part, -1) {
			for _, id := range regexp.MustCompile(`<brk id="(\d+)"[^>]*man="(?:1|true)"`).FindAllStringSubmatch(b[1], -1) {
				var n int
				fmt.Sscan(id[1], &n)
				ids = append(ids, n)
			}
		}
		out[s[1]] = ids
	}
	return out
}

func TestAppealDeadline(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name string
		date time.Time
		days int
		want string
	}{
		{"run date plus 7 days", time.Date(2026, 12, 3, 9, 0, 0, 0, cst), 7, "2026-12-10"},
		{"late evening keeps its own day", time.Date(2026, 12, 3, 23, 59, 0, 0, cst), 7, "2026-12-10"},
		{"no run date: the month's last day plus 7", time.Time{}, 7, "2026-12-07"},
		{"zero days: the same day", time.Date(2026, 12, 3, 9, 0, 0, 0, cst), 0, "2026-12-03"},
		{"zero days, no run date", time.Time{}, 0, "2026-11-30"},
		{"over the year end", time.Date(2026, 12, 28, 9, 0, 0, 0, cst), 7, "2027-01-04"},
	}
	for _, tc := range tests {
		r := outRules()
		r.AppealDays = tc.days
		got := appealDeadline(&calc.Result{Year: 2026, Month: time.November}, &Run{Rules: r, Date: tc.date})
		if got.Format("2006-01-02") != tc.want {
			t.Errorf("%s: appealDeadline = %s; want %s", tc.name, got.Format("2006-01-02"), tc.want)
		}
	}
}

func TestNoticeDraftAndEmpty(t *testing.T) {
	res := outFixture()
	res.Problems = append(res.Problems, calc.Problem{Level: calc.Error, Msg: "工号 999 不在花名册中"})
	dir, _ := writeFixture(t, res, outRun())
	m := lineMap(dumpOf(t, filepath.Join(dir, NoticeName(2026, time.November))))
	if got, want := m["一组!A1"], "客服部2026年11月考核通知单（草稿：存在1个错误，以定稿为准）"; got != want {
		t.Errorf("draft 一组!A1 = %q; want %q", got, want)
	}

	// No employees: one sheet saying so.
	dir, _ = writeFixture(t, &calc.Result{Year: 2026, Month: time.November}, outRun())
	m = lineMap(dumpOf(t, filepath.Join(dir, NoticeName(2026, time.November))))
	if got := m["未分班组!A2"]; got != "本月没有考核人员" {
		t.Errorf("empty 未分班组!A2 = %q; want 本月没有考核人员", got)
	}
}

func TestSheetNamer(t *testing.T) {
	n := sheetNamer{}
	tests := []struct{ in, want string }{
		{"一组", "一组"},
		{"A/B:C", "A_B_C"},
		{"A_B_C", "A_B_C(2)"},
		{"a_b_c", "a_b_c(3)"},
		{"'引号'", "引号"},
		{"", "未分班组"},
		{"[x]*?\\", "_x____"},
		{strings.Repeat("长", 40), strings.Repeat("长", 31)},
		{strings.Repeat("长", 40), strings.Repeat("长", 28) + "(2)"},
	}
	for _, tc := range tests {
		if got := n.name(tc.in); got != tc.want {
			t.Errorf("sheetNamer.name(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// pdfPages counts the pages of a PDF file.
func pdfPages(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(b, -1))
}

// TestNoticePrintsOnePagePerEmployee prints the notices with LibreOffice:
// the PDF has one page per employee, also when one employee has so many
// events that the page must be printed smaller.
func TestNoticePrintsOnePagePerEmployee(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: converts workbooks with LibreOffice")
	}
	bin := sofficePath()
	if bin == "" {
		if os.Getenv("APPRAISE_REQUIRE_SOFFICE") != "" {
			t.Fatal("soffice not found but APPRAISE_REQUIRE_SOFFICE is set")
		}
		t.Skip("LibreOffice (soffice) is not installed")
	}
	busy := outFixture()
	// 孙八 of 二组 has 45 events and a long note: taller than a page at
	// full size.
	for i := 0; i < 45; i++ {
		busy.Events = append(busy.Events, calc.Scored{ID: "000203", Name: "孙八", Date: outDay(11, 1+i%30),
			Rule: calc.Rule{Code: "L04", Category: calc.Light, Name: "迟到早退"}, Times: 1,
			Points: decimal.NewFromInt(-2), Total: decimal.NewFromInt(-2), Derived: true,
			Loc:  calc.Loc{File: "考勤明细_2026-11.xlsx", Sheet: "考勤明细", Cell: fmt.Sprintf("I%d", 10+i)},
			Note: fmt.Sprintf("11月%d日迟到3分钟", 1+i%30)})
	}
	busy.Rows[1].Notes = []string{strings.Repeat("很长的备注。", 40)}
	tests := []struct {
		name string
		res  *calc.Result
	}{
		{"fixture", outFixture()},
		{"one employee with many events", busy},
	}
	for _, tc := range tests {
		dir, _ := writeFixture(t, tc.res, outRun())
		out := t.TempDir()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(out, "profile")),
			"--headless", "--convert-to", "pdf", "--outdir", out, filepath.Join(dir, NoticeName(2026, time.November)))
		b, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("%s: soffice: %v\n%s", tc.name, err, b)
		}
		pdf := filepath.Join(out, strings.TrimSuffix(NoticeName(2026, time.November), ".xlsx")+".pdf")
		if got, want := pdfPages(t, pdf), len(tc.res.Rows); got != want {
			t.Errorf("%s: the notices print on %d pages; want %d (one per employee)", tc.name, got, want)
		}
	}
}

// TestNoticeFindings: the person's 制度执行 findings (issue 14 item 4) stand
// on their notice between the events and the recommendations, and nobody
// else's notice shows them.
func TestNoticeFindings(t *testing.T) {
	res := outFixture()
	res.Findings = []calc.Finding{{ID: "000201", Name: "赵六", Team: "二组", Date: time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC),
		Clause: "请假制度 二", Found: "事假于开始前不足1天提出（11月8日 20:00 提出）", Action: "提醒"}}
	dir, _ := writeFixture(t, res, outRun())
	m := lineMap(dumpOf(t, filepath.Join(dir, NoticeName(2026, time.November))))
	want := map[string]string{
		"A15": "制度执行（请假、换班等制度的发现，共1条）",
		"A16": "日期", "B16": "制度条款", "D16": "发现", "G16": "处理",
		"A17": "2026-11-09", "B17": "请假制度 二", "D17": "事假于开始前不足1天提出（11月8日 20:00 提出）", "G17": "提醒",
		"A18": "处理建议（均需人工复核）",
	}
	for cell, v := range want {
		if got := m["二组!"+cell]; got != v {
			t.Errorf("二组!%s = %q; want %q", cell, got, v)
		}
	}
	n := 0
	for k, v := range m {
		if strings.Contains(v, "制度执行（") {
			n++
			if k != "二组!A15" {
				t.Errorf("a findings section at %s; want only 赵六's (二组!A15)", k)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d findings sections; want 1", n)
	}
}

// TestNoticeKeptBlocks: a notice sheet written from the blocks kept from
// its layout has the bytes of one that makes its blocks again.
func TestNoticeKeptBlocks(t *testing.T) {
	defer func(k int) { noticeKeepBlocks = k }(noticeKeepBlocks)
	for _, n := range []int{1, 12, 70} {
		res := bigFixture(n)
		for i := range res.Rows {
			res.Rows[i].Team = "一组"
		}
		write := func(keep int) []byte {
			noticeKeepBlocks = keep
			var buf bytes.Buffer
			if err := writeNotices(&buf, res, outRun()); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
		kept, made := write(100), write(0)
		if !bytes.Equal(kept, made) {
			t.Errorf("%d notices: the workbook from kept blocks (%d bytes) differs from the one made again (%d bytes)", n, len(kept), len(made))
		}
	}
}
