package month

import (
	"errors"
	"fmt"
	"time"

	"appraise/sheets"
)

// ReportOptions say which months the summary of several months covers.
type ReportOptions struct {
	Root string // the output root holding the months' results
	From string // first month YYYY-MM ("": six months up to To)
	To   string // last month YYYY-MM ("": the latest month under Root)
}

// Report writes the summary of several months (D39) into the output root
// (考核汇总_FROM至TO.xlsx). A month flag that is not YYYY-MM, or From after
// To, is a *UsageError; a range without any 月度考核表 is an error.
func Report(o ReportOptions) (*sheets.Summary, error) {
	parse := func(flag, s string) (time.Time, error) {
		y, m, ok := sheets.ParseMonth(s)
		if !ok {
			return time.Time{}, usagef("--%s %q 不是有效的月份，应为 YYYY-MM", flag, s)
		}
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), nil
	}
	var from, to time.Time
	var err error
	if o.To != "" {
		if to, err = parse("to", o.To); err != nil {
			return nil, err
		}
	}
	if o.From != "" {
		if from, err = parse("from", o.From); err != nil {
			return nil, err
		}
	}
	if o.To == "" || o.From == "" {
		dFrom, dTo, ok := sheets.DefaultSummaryRange(o.Root)
		if !ok {
			return nil, fmt.Errorf("%s 中没有月份文件夹（YYYY-MM），请先用 appraise run 生成各月结果，或用 --from 和 --to 给出范围", sheets.Printable(o.Root))
		}
		switch {
		case o.To == "" && o.From == "":
			from, to = dFrom, dTo
		case o.To == "":
			to = dTo
			if to.Before(from) {
				to = from.AddDate(0, 5, 0)
			}
		default:
			from = to.AddDate(0, -5, 0)
		}
	}
	if to.Before(from) {
		return nil, usagef("--from %s 晚于 --to %s", Key(from.Year(), from.Month()), Key(to.Year(), to.Month()))
	}
	s, err := sheets.WriteSummary(o.Root, from, to)
	if errors.Is(err, sheets.ErrNoMonths) {
		return nil, fmt.Errorf("%s 至 %s 之间没有任何月度考核表（%s）", Key(from.Year(), from.Month()), Key(to.Year(), to.Month()), sheets.Printable(o.Root))
	}
	return s, err
}
