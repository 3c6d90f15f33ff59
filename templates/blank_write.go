package templates

import (
	"appraise/calc"
	"appraise/sheets"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
)

// Write writes one blank template per input kind into dir
// (花名册.xlsx, 考勤明细.xlsx, 服务质量综合考评表.xlsx, 奖惩记录.xlsx,
// 考试成绩.xlsx, 投诉记录.xlsx, 额外奖惩.xlsx, 工作量.xlsx) and the rules
// workbook 考核规则.xlsx. Each template has a title row, the canonical
// header row (required columns in red), column widths and formats, data
// validation and a 说明 sheet. With year 0 the dates are not limited to a
// month. The bytes depend only on the arguments.
func Write(dir string, r *calc.Rules, year int, month time.Month) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	m := tplMonth{year, month}
	for _, k := range tplKinds(r, m) {
		var buf bytes.Buffer
		if err := tplWrite(&buf, k, r, m); err != nil {
			return fmt.Errorf("%s: %w", k.spec.Name, err)
		}
		if err := tplSave(dir, k.spec.Name+".xlsx", buf.Bytes()); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := WriteRules(&buf, r); err != nil {
		return fmt.Errorf("%s: %w", RulesFile, err)
	}
	return tplSave(dir, RulesFile, buf.Bytes())
}

// tplSave writes data to dir/name through a temporary file renamed into
// place.
func tplSave(dir, name string, data []byte) error {
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
	}
	return werr
}

// tplWrite writes one template workbook.
func tplWrite(w *bytes.Buffer, k tplKind, r *calc.Rules, m tplMonth) error {
	sh := k.spec.Name
	f, err := rbNewFile(sh, sh)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := rbNewStyles(f)
	if err != nil {
		return err
	}
	timeFmt := "hh:mm"
	timeStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &timeFmt})
	if err != nil {
		return err
	}
	dtFmt := "yyyy-mm-dd hh:mm"
	dtStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dtFmt})
	if err != nil {
		return err
	}
	// Column formats first: SetColStyle also restyles cells already written.
	for i, c := range k.cols {
		col := rbColName(i)
		switch c.format {
		case tplTextFmt:
			err = f.SetColStyle(sh, col, st.text)
		case tplDateFmt:
			err = f.SetColStyle(sh, col, st.date)
		case tplTimeFmt:
			err = f.SetColStyle(sh, col, timeStyle)
		case tplDateTimeFmt:
			err = f.SetColStyle(sh, col, dtStyle)
		}
		if err != nil {
			return err
		}
	}
	last := rbCell(len(k.cols)-1, tplTitleRow)
	if err := f.SetCellStr(sh, "A1", "客服部"+m.text()+sh); err != nil {
		return err
	}
	if err := f.MergeCell(sh, "A1", last); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", last, st.title); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, tplTitleRow, 26); err != nil {
		return err
	}
	for i, c := range k.cols {
		col := rbColName(i)
		width := c.width
		if tw := float64(tplTextWidth(c.name) + 4); tw > width {
			width = tw
		}
		if err := f.SetColWidth(sh, col, col, width); err != nil {
			return err
		}
		cell := rbCell(i, tplHeadRow)
		if err := f.SetCellStr(sh, cell, c.name); err != nil {
			return err
		}
		style := st.header
		if c.required {
			style = st.required
		}
		if err := f.SetCellStyle(sh, cell, cell, style); err != nil {
			return err
		}
		if c.check != nil {
			if err := c.check(f, sh, fmt.Sprintf("%s%d:%s%d", col, tplHeadRow+1, col, tplLastRow)); err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
		}
	}
	if err := f.SetRowHeight(sh, tplHeadRow, 22); err != nil {
		return err
	}
	if err := rbPrint(f, sh); err != nil {
		return err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: tplHeadRow, TopLeftCell: rbCell(0, tplHeadRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := tplIntro(f, st, k, r, m); err != nil {
		return err
	}
	if k.spec.Kind == sheets.Events {
		if err := tplRuleList(f, r); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// tplRuleList writes the hidden sheet holding the 项目 drop-down entries.
func tplRuleList(f *excelize.File, r *calc.Rules) error {
	if _, err := f.NewSheet(tplListName); err != nil {
		return err
	}
	for i, s := range tplEventRules(r) {
		if err := f.SetCellStr(tplListName, rbCell(0, i+1), s); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(tplListName, "A", "A", 70); err != nil {
		return err
	}
	return f.SetSheetVisible(tplListName, false)
}

// tplIntro writes the 说明 sheet of a template: how to fill it and one row
// per column (name, required, explanation, example); the event log's also
// lists the rule catalogue.
func tplIntro(f *excelize.File, st rbStyles, k tplKind, r *calc.Rules, m tplMonth) error {
	sh := rbIntro
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	row := 1
	set := func(col int, v string, style int) error {
		c := rbCell(col, row)
		if err := f.SetCellStr(sh, c, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, c, c, style)
	}
	line := func(v string) error {
		if err := set(0, v, st.intro); err != nil {
			return err
		}
		if err := f.MergeCell(sh, rbCell(0, row), rbCell(3, row)); err != nil {
			return err
		}
		if err := rbFitRow(f, sh, row, v, 104); err != nil {
			return err
		}
		row++
		return nil
	}
	if err := set(0, k.spec.Name+"填写说明", st.heading); err != nil {
		return err
	}
	row++
	general := []string{
		fmt.Sprintf("第%d行为标题，第%d行为表头，请从第%d行起每行填写一条记录；请勿合并单元格。", tplTitleRow, tplHeadRow, tplHeadRow+1),
		"程序按表头识别表格的种类，文件名可以任意；表头名称请勿修改，列的顺序可以调整，不需要的非必填列可以删除。",
		"红色表头为必填列。带下拉箭头的列可从列表中选择；日期请按日期格式填写，如 2026-11-03。",
	}
	if m.set() {
		general = append(general, fmt.Sprintf("本表用于%s的考核，日期须在该月内。", m.text()))
	}
	general = append(general, k.note...)
	general = append(general, "本“说明”工作表不会被读取，可以保留。")
	for _, g := range general {
		if err := line("• " + g); err != nil {
			return err
		}
	}
	row++
	titles := row // the header row repeated on every printed page
	for i, h := range []string{"列名", "必填", "说明", "示例"} {
		if err := set(i, h, st.header); err != nil {
			return err
		}
	}
	row++
	for _, c := range k.cols {
		req := ""
		if c.required {
			req = "是"
		}
		for i, v := range []string{c.name, req, c.desc, c.example} {
			if err := set(i, v, st.intro); err != nil {
				return err
			}
		}
		if err := rbSetLines(f, sh, row, max(rbLines(c.desc, 58), rbLines(c.example, 26))); err != nil {
			return err
		}
		row++
	}
	if k.spec.Kind == sheets.Events {
		// The rule list starts on a new page under its own header, which
		// then repeats on its pages (and the column table's does not).
		row++
		if err := f.InsertPageBreak(sh, rbCell(0, row)); err != nil {
			return err
		}
		if err := set(0, "规则一览（来自考核规则工作簿）", st.introHead); err != nil {
			return err
		}
		row++
		titles = row
		for i, h := range []string{"编号", "类别", "项目", "分值"} {
			if err := set(i, h, st.header); err != nil {
				return err
			}
		}
		row++
		for _, x := range r.Catalogue {
			if x.Category == calc.Discretionary {
				continue
			}
			pts := x.Min.String()
			switch {
			case x.Category == calc.Dismissal:
				pts = "不计分，提示人工复核"
			case !x.Min.Equal(x.Max):
				pts = x.Min.String() + "–" + x.Max.String()
			}
			if x.PerMonth {
				pts += "（每月一次）"
			}
			if x.Note != "" {
				pts += "；" + x.Note
			}
			for i, v := range []string{x.Code, string(x.Category), x.Name, pts} {
				if err := set(i, v, st.intro); err != nil {
					return err
				}
			}
			if err := rbSetLines(f, sh, row, max(rbLines(x.Name, 58), rbLines(pts, 26))); err != nil {
				return err
			}
			row++
		}
	}
	// 必填 also holds the rule categories (轻度违规): wide enough for four
	// characters on one line.
	for col, w := range []float64{14, 10, 60, 28} {
		c := rbColName(col)
		if err := f.SetColWidth(sh, c, c, w); err != nil {
			return err
		}
	}
	if err := rbPrint(f, sh); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sh, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页 共 &N 页"}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sh, titles, titles),
		Scope:    sh,
	})
}
