package main

import (
	"errors"
	"fmt"
	"io"
	"time"

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
	month := func(flag, s string) (time.Time, error) {
		y, m, ok := sheets.ParseMonth(s)
		if !ok {
			return time.Time{}, usagef("--%s %q 不是有效的月份，应为 YYYY-MM", flag, s)
		}
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), nil
	}
	var from, to time.Time
	var err error
	if *toS != "" {
		if to, err = month("to", *toS); err != nil {
			return err
		}
	}
	if *fromS != "" {
		if from, err = month("from", *fromS); err != nil {
			return err
		}
	}
	if *toS == "" || *fromS == "" {
		dFrom, dTo, ok := sheets.DefaultSummaryRange(root)
		if !ok && (*toS == "" || *fromS == "") {
			return fmt.Errorf("%s 中没有月份文件夹（YYYY-MM），请先用 appraise run 生成各月结果，或用 --from 和 --to 给出范围", sheets.Printable(root))
		}
		switch {
		case *toS == "" && *fromS == "":
			from, to = dFrom, dTo
		case *toS == "":
			to = dTo
			if to.Before(from) {
				to = from.AddDate(0, 5, 0)
			}
		default:
			from = to.AddDate(0, -5, 0)
		}
	}
	if to.Before(from) {
		return usagef("--from %s 晚于 --to %s", period(from.Year(), from.Month()), period(to.Year(), to.Month()))
	}
	s, err := sheets.WriteSummary(root, from, to)
	if errors.Is(err, sheets.ErrNoMonths) {
		return fmt.Errorf("%s 至 %s 之间没有任何月度考核表（%s）", period(from.Year(), from.Month()), period(to.Year(), to.Month()), sheets.Printable(root))
	}
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
