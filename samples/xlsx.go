package samples

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// sampleEpoch is day 0 of the 1900 date system as Excel counts after 1900-03-01.
var sampleEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// sampleBorder is the grey box around the table cells (the colour sheets'
// writers use too; samples does not import sheets, so that the tests of
// sheets can generate months with samples.Write).
var sampleBorder = []excelize.Border{
	{Type: "left", Color: "A6A6A6", Style: 1},
	{Type: "right", Color: "A6A6A6", Style: 1},
	{Type: "top", Color: "A6A6A6", Style: 1},
	{Type: "bottom", Color: "A6A6A6", Style: 1},
}

// sampleStyles are the cell styles of a sample workbook.
type sampleStyles struct {
	title, subtitle, header, text, id, date, time, money, num int
}

func newSampleStyles(f *excelize.File) (*sampleStyles, error) {
	border := sampleBorder
	font := &excelize.Font{Family: "宋体", Size: 11}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	fmtDate, fmtTime, fmtMoney := "yyyy-mm-dd", "hh:mm", "#,##0.00"
	specs := []*excelize.Style{
		{Font: &excelize.Font{Family: "黑体", Size: 16, Bold: true}, Alignment: center},
		{Font: &excelize.Font{Family: "宋体", Size: 10, Color: "595959"}, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}},
		{Font: &excelize.Font{Family: "宋体", Size: 11, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: border},
		{Font: font, Border: border, Alignment: &excelize.Alignment{Vertical: "center"}},
		{Font: font, Border: border, NumFmt: 49, Alignment: center},
		{Font: font, Border: border, CustomNumFmt: &fmtDate, Alignment: center},
		{Font: font, Border: border, CustomNumFmt: &fmtTime, Alignment: center},
		{Font: font, Border: border, CustomNumFmt: &fmtMoney},
		{Font: font, Border: border, Alignment: center},
	}
	ids := make([]int, len(specs))
	for i, sp := range specs {
		id, err := f.NewStyle(sp)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return &sampleStyles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8]}, nil
}

// save writes the workbook to path with fixed document properties.
func (b sampleBook) save(path string) (err error) {
	if b.csv != nil {
		return saveSampleCSV(path, b.csv)
	}
	f := excelize.NewFile()
	defer func() { err = errors.Join(err, f.Close()) }()
	st, err := newSampleStyles(f)
	if err != nil {
		return err
	}
	for i, sh := range b.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		// Large months stream their rows (to a temporary file instead of
		// the cell model), so that 20,000 agents take seconds.
		write := writeSampleSheet
		if b.stream && sh.lines == nil {
			write = streamSampleSheet
		}
		if err := write(f, st, sh); err != nil {
			return fmt.Errorf("%s：%w", sh.name, err)
		}
	}
	// The first sheet is the active one as excelize creates it (activeTab 0,
	// tabSelected); SetActiveSheet(0) here would read every streamed sheet
	// back into the cell model for nothing.
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: b.title, Creator: sampleDept, LastModifiedBy: sampleDept, Created: b.created, Modified: b.created,
		Description: "appraise sample 生成的示例数据", Language: "zh-CN",
	}); err != nil {
		return err
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	if _, err := f.WriteTo(bw); err != nil {
		return errors.Join(err, out.Close())
	}
	return errors.Join(bw.Flush(), out.Close())
}

func writeSampleSheet(f *excelize.File, st *sampleStyles, sh sampleSheet) error {
	name := sh.name
	if sh.lines != nil {
		for i, l := range sh.lines {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetCellStr(name, cell, l); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(name, "A", "A", 100); err != nil {
			return err
		}
		// excelize keeps "A1" as the dimension; declare the real range for
		// readers that trust it.
		return f.SetSheetDimension(name, fmt.Sprintf("A1:A%d", max(len(sh.lines), 1)))
	}
	ncol := len(sh.headers)
	lastCol, _ := excelize.ColumnNumberToName(ncol)
	row := 1
	for _, t := range sh.titleRows(st) {
		if t.text == "" {
			continue
		}
		a, b := fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", lastCol, row)
		if err := errors.Join(f.SetCellStr(name, a, t.text), f.MergeCell(name, a, b),
			f.SetCellStyle(name, a, b, t.style), f.SetRowHeight(name, row, t.height)); err != nil {
			return err
		}
		row++
	}
	hdr := row
	for i, h := range sh.headers {
		cell, _ := excelize.CoordinatesToCellName(i+1, hdr)
		if err := f.SetCellStr(name, cell, h); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, sh.widths[i]); err != nil {
			return err
		}
	}
	if err := errors.Join(f.SetCellStyle(name, fmt.Sprintf("A%d", hdr), fmt.Sprintf("%s%d", lastCol, hdr), st.header),
		f.SetRowHeight(name, hdr, 22)); err != nil {
		return err
	}
	for i := range sh.size() {
		vals := sh.row(i)
		r := hdr + 1 + i
		for j, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(j+1, r)
			var err error
			style := st.text
			switch v := v.(type) {
			case nil:
			case string:
				err = f.SetCellStr(name, cell, v)
			case xID:
				err, style = f.SetCellStr(name, cell, string(v)), st.id
			case int:
				err, style = f.SetCellInt(name, cell, int64(v)), st.num
			case xDate:
				days := int64(time.Time(v).Sub(sampleEpoch).Hours() / 24)
				err, style = f.SetCellInt(name, cell, days), st.date
			case xTime:
				err, style = f.SetCellFloat(name, cell, float64(v)/1440, -1, 64), st.time
			case xMoney:
				fl, _ := decimal.Decimal(v).Float64()
				err, style = f.SetCellFloat(name, cell, fl, 2, 64), st.money
			default:
				err = fmt.Errorf("内部错误：示例数据中有不支持的值类型 %T", v)
			}
			if err == nil {
				err = f.SetCellStyle(name, cell, cell, style)
			}
			if err != nil {
				return err
			}
		}
	}
	if err := f.SetSheetDimension(name, fmt.Sprintf("A1:%s%d", lastCol, hdr+sh.size())); err != nil {
		return err
	}
	return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: hdr, TopLeftCell: fmt.Sprintf("A%d", hdr+1), ActivePane: "bottomLeft"})
}
