package sheets

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/simplifiedchinese"

	"appraise/calc"
)

// TestDiff compares a new result with a baseline (D33): only changed
// employees, each reason with its source, money to the cent.
func TestDiff(t *testing.T) {
	d := decimal.RequireFromString
	src := func(cell string) calc.Loc { return calc.Loc{File: "奖惩.xlsx", Sheet: "奖惩记录", Cell: cell} }
	l08 := calc.Rule{Code: "L08", Name: "未能及时有效的执行客服的工作", Category: calc.Light}
	b03 := calc.Rule{Code: "B03", Name: "顶班", Category: calc.Bonus}
	nov := func(day int) time.Time { return time.Date(2026, 11, day, 0, 0, 0, 0, time.UTC) }
	base := &Baseline{rows: map[string]baseRow{
		"1001": {name: "张三", final: d("76"), float: d("-40"), comp: d("0")},
		"1002": {name: "李四", final: d("80"), float: d("0"), comp: d("0")},
		"1003": {name: "王五", final: d("85"), float: d("50"), comp: d("100.5")},
		"1004": {name: "赵六", final: d("80"), float: d("0"), comp: d("0")},
	}, order: []string{"1001", "1002", "1003", "1004"}, events: []baseEvent{
		{id: "1001", date: "2026-11-05", code: "L08", source: "奖惩.xlsx!奖惩记录!D5", points: d("-4")},
		{id: "1002", date: "2026-11-06", code: "L08", source: "奖惩.xlsx!奖惩记录!D6", points: d("-2")},
		{id: "1003", date: "2026-11-07", code: "B03", source: "奖惩.xlsx!奖惩记录!D7", points: d("5")},
	}}
	res := &calc.Result{Year: 2026, Month: time.November,
		Rows: []calc.Appraisal{
			{Employee: calc.Employee{ID: "1001", Name: "张三"}, Final: d("78"), Float: d("-20"), Compensation: d("0")},
			{Employee: calc.Employee{ID: "1002", Name: "李四"}, Final: d("82"), Float: d("20"), Compensation: d("0")},
			{Employee: calc.Employee{ID: "1003", Name: "王五"}, Final: d("85"), Float: d("50"), Compensation: d("100.5")},
			{Employee: calc.Employee{ID: "1005", Name: "孙七"}, Final: d("80"), Float: d("0"), Compensation: d("0")},
		},
		Events: []calc.Scored{
			{ID: "1001", Date: nov(5), Rule: l08, Points: d("-2"), Total: d("-2"), Loc: src("D5")},
			{ID: "1002", Date: nov(6), Rule: l08, Total: d("0"), Loc: src("D6"), Revoked: true},
			{ID: "1003", Date: nov(7), Rule: b03, Total: d("5"), Loc: src("D7")},
			{ID: "1003", Date: nov(9), Rule: l08, Total: d("0"), Loc: src("D9"), Revoked: true},
		},
	}
	got := base.Diff(res)
	want := []struct{ id, old, new, of, nf, fd, cd, reason string }{
		{"1001", "76", "78", "-40", "-20", "20.00", "0.00", "L08 2026-11-05 由扣4分改为扣2分（奖惩.xlsx!奖惩记录!D5）"},
		{"1002", "80", "82", "0", "20", "20.00", "0.00", "申诉撤销 L08 2026-11-06 扣2分（奖惩.xlsx!奖惩记录!D6）"},
		{"1004", "80", "", "0", "0", "0.00", "0.00", "本次不再考核此人（不在花名册或不在考核月份）"},
		{"1005", "", "80", "0", "0", "0.00", "0.00", "定稿中没有此人（新增考核）"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows: %+v; want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || nullScoreText(g.OldFinal) != w.old || nullScoreText(g.NewFinal) != w.new || !g.OldFloat.Equal(d(w.of)) || !g.NewFloat.Equal(d(w.nf)) ||
			g.FloatDiff().StringFixed(2) != w.fd || g.CompDiff().StringFixed(2) != w.cd || g.Reason != w.reason {
			t.Errorf("row %d = %+v (reason %q); want %+v", i, g, g.Reason, w)
		}
	}
}

func nullScoreText(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.String()
}

// TestDiffCSV checks the safety rules of the 差额表 CSV: a BOM (or GBK),
// texts that would run as formulas escaped.
func TestDiffCSV(t *testing.T) {
	rows := []DiffRow{{ID: "1001", Name: "=HYPERLINK(\"x\")", OldFinal: decimal.NewNullDecimal(decimal.NewFromInt(76)), NewFinal: decimal.NewNullDecimal(decimal.NewFromInt(78)),
		OldFloat: decimal.NewFromInt(-40), NewFloat: decimal.NewFromInt(-20), Reason: "+删除 L08"}}
	var buf bytes.Buffer
	if err := writeDiffCSV(&buf, &Run{}, rows); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFF工号,姓名,原考核分,新考核分,原绩效浮动金额,新绩效浮动金额,浮动差额,原赔偿扣款,新赔偿扣款,赔偿差额,变更原因\r\n" +
		"1001,\"'=HYPERLINK(\"\"x\"\")\",76.0,78.0,-40.00,-20.00,20.00,0.00,0.00,0.00,'+删除 L08\r\n"
	if buf.String() != want {
		t.Errorf("CSV\n%q\nwant\n%q", buf.String(), want)
	}
	buf.Reset()
	if err := writeDiffCSV(&buf, &Run{CSVGBK: true}, rows); err != nil {
		t.Fatal(err)
	}
	dec, err := simplifiedchinese.GBK.NewDecoder().String(buf.String())
	if err != nil || dec != strings.TrimPrefix(want, "\uFEFF") {
		t.Errorf("GBK CSV decodes to %q (%v)", dec, err)
	}
	rows[0].Name = "田\U0002CC56"
	if err := writeDiffCSV(&buf, &Run{CSVGBK: true}, rows); err == nil || !strings.Contains(err.Error(), "GBK") {
		t.Errorf("GBK error = %v; want one naming GBK", err)
	}
	if outs := DiffOutputs(&calc.Result{Year: 2026, Month: time.November}, &Run{Password: "x"}, rows, 2); len(outs) != 1 || outs[0].Name != "绩效工资差额表_2026-11_更正2.xlsx" {
		t.Errorf("encrypted outputs %v; want the workbook only", outs)
	}
}

// TestLatestSet picks the highest complete correction of a month (D13 and
// the baseline of the next correction), else the month folder.
func TestLatestSet(t *testing.T) {
	root := t.TempDir()
	month := filepath.Join(root, "2026-10")
	for _, p := range []string{"", "更正1", "更正2", "更正3"} {
		if err := os.MkdirAll(filepath.Join(month, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if dir, n := LatestSet(root, 2026, time.October); dir != month || n != 0 {
		t.Errorf("no correction has a workbook: %s %d; want the month folder", dir, n)
	}
	for _, p := range []string{"", "更正1", "更正2"} { // 更正3 is incomplete
		if err := os.WriteFile(filepath.Join(month, p, AppraisalName(2026, time.October)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if dir, n := LatestSet(root, 2026, time.October); dir != filepath.Join(month, "更正2") || n != 2 {
		t.Errorf("LatestSet = %s %d; want 更正2", dir, n)
	}
	if n := NextCorrection(month); n != 4 {
		t.Errorf("NextCorrection = %d; want 4 (更正3 exists, even incomplete)", n)
	}
}
