package sheets

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// sumTrendSheet writes the teams' averages month by month with a line chart.
func sumTrendSheet(b *xlBook, s *Summary, title string) error {
	headers := []string{"班组"}
	for _, m := range s.Months {
		headers = append(headers, monthLabel(m))
	}
	t := &xlTable{sheet: sumSheetTrend, title: title, headers: headers, print: true}
	per := make([]map[string]*teamMonth, len(s.Months))
	for i, m := range s.Months {
		_, per[i] = teamMonths(m)
	}
	teams := summaryTeams(s.Months)
	for _, team := range teams {
		r := []excelize.Cell{b.str(team)}
		for i := range s.Months {
			if tm, ok := per[i][team]; ok {
				r = append(r, b.avg(tm.avg))
			} else {
				r = append(r, excelize.Cell{StyleID: b.st.avg})
			}
		}
		t.rows = append(t.rows, r)
	}
	q := "'" + sumSheetTrend + "'!"
	lastCol, _ := excelize.ColumnNumberToName(len(s.Months) + 1)
	var series []excelize.ChartSeries
	for i := range teams {
		row := i + 3
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s$A$%d", q, row),
			Categories: fmt.Sprintf("%s$B$2:$%s$2", q, lastCol),
			Values:     fmt.Sprintf("%s$B$%d:$%s$%d", q, row, lastCol, row),
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 6},
		})
	}
	anchor := fmt.Sprintf("A%d", len(teams)+5)
	t.beforeFlush = func() error {
		if len(series) == 0 {
			return nil
		}
		return b.f.AddChart(sumSheetTrend, anchor, sumChart(excelize.Line, series, "各班组平均分"))
	}
	return b.write(t)
}

// sumChart is a chart of the summary: titled, legend below, 640 × 320.
func sumChart(typ excelize.ChartType, series []excelize.ChartSeries, title string) *excelize.Chart {
	font := excelize.Font{Family: fontName, Color: "404040"}
	return &excelize.Chart{
		Type:   typ,
		Series: series,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title,
			Font: &excelize.Font{Family: fontName, Size: 12, Bold: true, Color: "404040"}}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{Font: font},
		YAxis:     excelize.ChartAxis{Font: font, MajorGridLines: true},
		Dimension: excelize.ChartDimension{Width: 640, Height: 320},
	}
}

// sumMixSheet writes the department's grade counts month by month with a
// stacked column chart.
func sumMixSheet(b *xlBook, s *Summary, grades []string, title string) error {
	headers := append([]string{"月份"}, grades...)
	headers = append(headers, "合计")
	t := &xlTable{sheet: sumSheetMix, title: title, headers: headers, print: true}
	for _, m := range s.Months {
		count := map[string]int{}
		for _, r := range m.Rows {
			count[r.Grade]++
		}
		r := []excelize.Cell{b.mid(monthLabel(m))}
		for _, g := range grades {
			r = append(r, b.num(count[g]))
		}
		t.rows = append(t.rows, append(r, b.num(len(m.Rows))))
	}
	q := "'" + sumSheetMix + "'!"
	lastRow := len(s.Months) + 2
	colors := gradeColors(grades, grades[len(grades)-1])
	var series []excelize.ChartSeries
	for i := range grades {
		col, _ := excelize.ColumnNumberToName(i + 2)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s$%s$2", q, col),
			Categories: fmt.Sprintf("%s$A$3:$A$%d", q, lastRow),
			Values:     fmt.Sprintf("%s$%s$3:$%s$%d", q, col, col, lastRow),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[i][2]}},
		})
	}
	anchor := fmt.Sprintf("A%d", lastRow+3)
	t.beforeFlush = func() error {
		return b.f.AddChart(sumSheetMix, anchor, sumChart(excelize.ColStacked, series, "各月等级分布（人数）"))
	}
	return b.write(t)
}
