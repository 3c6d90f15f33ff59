package sheets

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/samples"
)

// TestSoftScores: a 软性指标评分 workbook beside a sample month is read, its
// bad rows reported at their cells, and the scores reach 管理人员考核.
func TestSoftScores(t *testing.T) {
	dir := t.TempDir()
	if err := samples.Write(dir, samples.Options{Employees: 12, Year: 2026, Month: 11, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	rules := calc.DefaultRules()
	ld, err := Load(dir, rules, 2026, 11, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var lead calc.Employee
	for _, e := range ld.Month.Employees {
		if e.Role == "组长" && lead.ID == "" {
			lead = e
		}
	}
	if lead.ID == "" {
		t.Fatal("the sample has no 组长")
	}
	f := excelize.NewFile()
	rows := [][]any{
		{"工号", "姓名", "指标", "分值", "评分人"},
		{lead.ID, lead.Name, "工作态度", 90, "王主管"},
		{lead.ID, lead.Name, "工作态度", 80, "李质检"},
		{lead.ID, lead.Name, "创新", 70, "王主管"},
		{lead.ID, lead.Name, "团队管理", -5, "王主管"},
		{lead.ID, lead.Name, "执行力", 85, ""},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(filepath.Join(dir, "软性指标评分_2026-11.xlsx")); err != nil {
		t.Fatal(err)
	}
	ld, err = Load(dir, rules, 2026, 11, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ld.Problems {
		if p.Loc.File == "软性指标评分_2026-11.xlsx" && p.Level != calc.Info {
			got = append(got, fmt.Sprintf("%d %s!%s %s", p.Level, p.Loc.Sheet, p.Loc.Cell, p.Msg))
		}
	}
	want := []string{
		"1 Sheet1!C4 指标「创新」不在考核规则的“指标”表中，只列出、不计入软性得分",
		"0 Sheet1!D5 分值：应为不小于 0 的分数「-5」",
		"0 Sheet1!E6 评分人 不能为空",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(ld.Month.Soft) != 3 {
		t.Fatalf("Soft = %+v; want the 3 good rows", ld.Month.Soft)
	}
	res := calc.Appraise(&ld.Month, rules)
	var k *calc.LeaderKPI
	for i := range res.Leaders {
		if res.Leaders[i].ID == lead.ID {
			k = &res.Leaders[i]
		}
	}
	if k == nil || !k.SoftTotal.Valid || k.SoftTotal.Decimal.String() != "85" || len(k.Soft) != 2 {
		t.Fatalf("leader %s: %+v; want soft total 85 from 工作态度 (创新 listed, not weighed)", lead.ID, k)
	}
	var buf bytes.Buffer
	if err := writeAppraisal(&buf, res, &Run{Rules: rules}); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := wb.GetRows(sheetLeaders, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range sheet {
		if len(r) == len(leaderHeaders) && r[0] == lead.ID {
			found = true
			if r[19] != "工作态度 85（2人评，权重0.25）；创新 70（1人评，未设权重）" || r[20] != "85" {
				t.Errorf("管理人员考核 row %q", r)
			}
		}
	}
	if !found {
		t.Errorf("%s not on 管理人员考核", lead.ID)
	}
}
