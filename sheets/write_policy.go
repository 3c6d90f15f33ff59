package sheets

import (
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// sheetPolicy lists the findings of the leave and swap policy (D34–D38).
const sheetPolicy = "制度执行"

var policyHeaders = []string{"工号", "姓名", "班组", "日期", "制度条款", "条款内容", "发现", "处理", "来源"}

// policyTable is the 制度执行 sheet: every finding of 请假制度, 换班制度 and
// the coverage rules, by team and person (calc sorts them), with the
// clause's text and what was done (a scoring rule, a reminder or a review).
func policyTable(b *xlBook, res *calc.Result, title string) *xlTable {
	t := &xlTable{sheet: sheetPolicy, title: title, headers: policyHeaders, filter: true, print: true,
		wrapCol: map[int]bool{5: true, 6: true, 7: true}, wrapMax: 36}
	t.rows = make([][]excelize.Cell, 0, len(res.Findings))
	for _, f := range res.Findings {
		day := f.Date
		if !day.IsZero() {
			day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		}
		t.rows = append(t.rows, []excelize.Cell{
			b.idCell(f.ID), b.str(f.Name), b.str(f.Team), b.date(day), b.str(f.Clause),
			b.wrapped(f.Text), b.wrapped(f.Found), b.wrapped(f.Action), b.str(f.Loc.String()),
		})
	}
	if len(res.Findings) == 0 {
		t.footer = []string{"本月没有发现违反请假制度、换班制度的情况（提供请假记录、换班登记后才能核对）。"}
	}
	return t
}
