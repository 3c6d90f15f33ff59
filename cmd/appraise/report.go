package main

import (
	"fmt"
	"io"

	"appraise/month"
	"appraise/sheets"
)

// cmdReport writes the summary of several months (D39) into the output root.
func cmdReport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report", stderr)
	fromS := fs.String("from", "", "起始月份 `YYYY-MM`（默认：最近一个月往前共 6 个月）")
	toS := fs.String("to", "", "结束月份 `YYYY-MM`（默认：输出目录中最近的月份）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("report 需要一个输出目录（各月结果所在的目录），例如：appraise report outbox")
	}
	root := fs.Arg(0)
	if !isDir(root) {
		return usagef("找不到文件夹：%s", sheets.Printable(root))
	}
	s, err := month.Report(month.ReportOptions{Root: root, From: *fromS, To: *toS})
	if err != nil {
		return err
	}
	for _, m := range s.Months {
		fmt.Fprintf(stdout, "%s：%s，%d 人\n", m.Key(), m.SetLabel(), len(m.Rows))
	}
	for _, k := range s.Missing {
		fmt.Fprintf(stderr, "提示：缺少 %s：输出目录中没有此月的月度考核表，汇总中未计入\n", k)
	}
	fmt.Fprintln(stdout, sheets.Printable(s.Path))
	return nil
}
