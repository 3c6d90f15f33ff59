package sheets

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"appraise/calc"
)

// Sheets and columns of the 绩效工资调整表.
const (
	sheetPayroll = "绩效工资调整"
	sheetTotals  = "合计"
)

var payrollHeaders = []string{"工号", "姓名", "部门", "班组", "考核月份", "考核分", "等级", "绩效浮动金额", "赔偿扣款", "是否浮动", "备注"}

// payrollNote is the 备注 of a payroll row: the employee's notes and the
// recommendations that concern money.
func payrollNote(a calc.Appraisal) string {
	parts := append([]string(nil), a.Notes...)
	for _, fl := range a.Flags {
		if strings.Contains(fl.Text, "赔偿") {
			parts = append(parts, fl.Text)
		}
	}
	return joinTexts(parts)
}

// writePayroll writes the 绩效工资调整表 workbook: one flat table with a
// single header row for the payroll system, and a 合计 sheet.
func writePayroll(w io.Writer, res *calc.Result, run *Run) error {
	month := monthKey(res.Year, res.Month)
	title := deptName(res.Rows) + monthText(res.Year, res.Month) + "绩效工资调整表"
	b, err := newBook(title, run.Rules, res.Year, res.Month)
	if err != nil {
		return err
	}
	rows := included(res, run)
	// The data sheet is imported by the payroll system: the header stays
	// in row 1 and the title goes to the page header when printed.
	t := &xlTable{sheet: sheetPayroll, headers: payrollHeaders, filter: true, print: true, wrapCol: map[int]bool{10: true}}
	t.rows = make([][]excelize.Cell, 0, len(rows))
	for _, a := range rows {
		t.rows = append(t.rows, []excelize.Cell{
			b.idCell(a.ID), b.str(a.Name), b.str(a.Dept), b.str(a.Team), b.str(month),
			b.score(a.Final), b.str(a.Grade), b.money(a.Float), b.money(a.Compensation), b.mid(yesNo(a.Floats)),
			b.str(payrollNote(a)),
		})
	}
	if err := b.write(t); err != nil {
		return err
	}
	if err := b.write(totalsTable(b, res, run, rows, month, title+"（合计）")); err != nil {
		return err
	}
	return b.save(w, run.Password)
}

// payrollTotals are the sums of the payroll rows.
type payrollTotals struct {
	count, floating     int
	float, compensation decimal.Decimal
}

func sumPayroll(rows []calc.Appraisal) payrollTotals {
	t := payrollTotals{count: len(rows)}
	for _, a := range rows {
		if a.Floats {
			t.floating++
		}
		t.float = t.float.Add(a.Float)
		t.compensation = t.compensation.Add(a.Compensation)
	}
	return t
}

// totalsSignature is the sign-off under the 合计 sheet, one line each, as
// finance files it.
var totalsSignature = []string{"制表：", "审核：", "批准：", "日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"}

func totalsTable(b *xlBook, res *calc.Result, run *Run, rows []calc.Appraisal, month, title string) *xlTable {
	s := sumPayroll(rows)
	ex := excludedIDs(run)
	t := &xlTable{sheet: sheetTotals, title: title, headers: []string{"项目", "值", "说明"},
		print: true, portrait: true, footer: totalsSignature}
	t.rows = [][]excelize.Cell{
		{b.str("考核月份"), b.str(month), b.str("")},
		{b.str("人数"), b.num(s.count), b.str("本表所列人数")},
		{b.str("浮动人数"), b.num(s.floating), b.str("入职满期、绩效工资浮动的人数")},
		{b.str("浮动合计"), b.money(s.float), b.str("绩效浮动金额之和（元）")},
		{b.str("赔偿合计"), b.money(s.compensation), b.str("赔偿扣款之和（元）")},
		{b.str("未列入人数"), b.num(len(ex)), b.str("输入数据有错误、暂不发放的人数（更正后补发）")},
	}
	if len(ex) > 0 {
		who := rowsByID(res.Rows)
		t.rows = append(t.rows, nil, []excelize.Cell{{StyleID: b.st.header, Value: "未列入的工号"}, {StyleID: b.st.header, Value: "姓名"}, {StyleID: b.st.header, Value: "原因"}})
		for _, id := range ex {
			t.rows = append(t.rows, []excelize.Cell{b.idCell(id), b.str(who(id).Name), b.str("存在错误，须更正后补发")})
		}
	}
	return t
}

// csvText protects a text cell from being run as a formula by a
// spreadsheet: a cell starting with = + - @ or a tab gets a leading '.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// scoreText writes a score with at least one decimal and no rounding.
func scoreText(d decimal.Decimal) string {
	places := int32(1)
	if e := -d.Exponent(); e > places {
		places = e
	}
	return d.StringFixed(places)
}

// GBKProblems checks, for a payroll CSV in GBK (--csv-gbk), that every
// text of every payroll row can be written in GBK: a name such as 田𬱖 (a
// character GBK lacks) is an error naming the person and the character.
func GBKProblems(res *calc.Result) []calc.Problem {
	var out []calc.Problem
	enc := simplifiedchinese.GBK.NewEncoder()
	for _, a := range res.Rows {
		fields := []struct{ name, text string }{
			{"工号", a.ID}, {"姓名", a.Name}, {"部门", a.Dept}, {"班组", a.Team}, {"等级", a.Grade}, {"备注", payrollNote(a)},
		}
		for _, f := range fields {
			bad := nonGBK(enc, f.text)
			if bad == "" {
				continue
			}
			out = append(out, calc.Problem{
				Level: calc.Error, Loc: a.Loc, ID: a.ID,
				Msg: fmt.Sprintf("%s（%s）的%s“%s”含 GBK 编码没有的字“%s”，工资调整表 CSV 无法按 GBK 编码写出",
					a.Name, a.ID, f.name, f.text, bad),
				Hint: "不要使用 --csv-gbk（默认的 UTF-8 编码能写出所有汉字，Excel 和 WPS 都能直接打开），或让财务导入 .xlsx 工资调整表",
			})
			break
		}
	}
	return out
}

// nonGBK lists the characters of s that GBK cannot encode ("" when none).
func nonGBK(enc *encoding.Encoder, s string) string {
	if _, err := enc.String(s); err == nil {
		return ""
	}
	var bad []string
	for _, r := range s {
		if _, err := enc.String(string(r)); err != nil && !slices.Contains(bad, string(r)) {
			bad = append(bad, string(r))
		}
	}
	return strings.Join(bad, "、")
}

// writePayrollCSV writes the payroll table as CSV: UTF-8 with BOM, or GBK
// when run.CSVGBK; a text GBK cannot encode fails the writer (GBKProblems
// reports it before).
func writePayrollCSV(w io.Writer, res *calc.Result, run *Run) error {
	month := monthKey(res.Year, res.Month)
	var rows []csvRow
	for _, a := range included(res, run) {
		rows = append(rows, csvRow{who: fmt.Sprintf("%s（%s）", a.Name, a.ID), rec: []string{
			csvText(a.ID), csvText(a.Name), csvText(a.Dept), csvText(a.Team), month,
			scoreText(a.Final), csvText(a.Grade), a.Float.StringFixed(2), a.Compensation.StringFixed(2),
			yesNo(a.Floats), csvText(payrollNote(a)),
		}})
	}
	return writeMoneyCSV(w, run.CSVGBK, "工资调整表", payrollHeaders, rows)
}

// csvRow is one record of a CSV for finance and whom it concerns.
type csvRow struct {
	who string // 姓名（工号）, for the GBK message
	rec []string
}

// writeMoneyCSV writes a CSV for finance (the payroll, the 差额表): UTF-8
// with BOM, or GBK when gbk is set, CRLF lines. A text GBK cannot write is an
// error naming the person (what names the file in the message).
func writeMoneyCSV(w io.Writer, gbk bool, what string, headers []string, rows []csvRow) error {
	bw := bufio.NewWriter(w)
	var out io.Writer = bw
	if gbk {
		out = simplifiedchinese.GBK.NewEncoder().Writer(bw)
	} else if _, err := bw.WriteString("\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(out)
	cw.UseCRLF = true
	if err := cw.Write(headers); err != nil {
		return err
	}
	for _, r := range rows {
		if gbk {
			if bad := nonGBK(simplifiedchinese.GBK.NewEncoder(), strings.Join(r.rec, "")); bad != "" {
				return fmt.Errorf("%s的文字含 GBK 编码没有的字“%s”，%s CSV 无法按 GBK 编码写出；请不要使用 --csv-gbk", r.who, bad, what)
			}
		}
		if err := cw.Write(r.rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if c, ok := out.(io.Closer); ok {
		if err := c.Close(); err != nil {
			return err
		}
	}
	return bw.Flush()
}
