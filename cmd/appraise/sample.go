package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"appraise/samples"
	"appraise/sheets"
)

func cmdSample(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sample", stderr)
	n := fs.Int("employees", 40, "员工人数 `N`")
	month := fs.String("month", "", "月份 `YYYY-MM`（默认取自文件夹名）")
	seed := fs.Int64("seed", 1, "随机种子 `S`：相同种子生成相同文件")
	months := fs.Int("months", 1, "月数 `N`：大于 1 时在目录下生成截至 --month 的连续 N 个月份文件夹（YYYY-MM）")
	attendance := fs.String("attendance", "daily", "考勤格式 `F`：daily（考勤明细模板）、punches（考勤机打卡记录 CSV）或 dingtalk（钉钉每日统计）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("sample 需要一个输出文件夹，例如：appraise sample --month 2026-11 inbox/2026-11")
	}
	if *months < 1 || *months > 24 {
		return usagef("--months 应在 1 到 24 之间")
	}
	if *month == "" && *months > 1 {
		return usagef("sample --months 需要 --month YYYY-MM（最后一个月），例如：appraise sample --months 6 --month 2026-11 inbox")
	}
	if *month == "" {
		// The month may come from the folder name, as for run.
		if _, _, ok := sheets.ParseMonth(filepath.Base(fs.Arg(0))); !ok {
			return usagef("sample 需要 --month YYYY-MM（或把输出文件夹命名为月份，如 inbox/2026-11）")
		}
		*month = filepath.Base(fs.Arg(0))
	}
	y, m, ok := sheets.ParseMonth(*month)
	if !ok {
		return usagef("--month %q 不是有效的月份，应为 YYYY-MM", *month)
	}
	if *n < samples.MinEmployees || *n > samples.MaxEmployees {
		return usagef("--employees 应在 %d 到 %d 之间", samples.MinEmployees, samples.MaxEmployees)
	}
	switch *attendance {
	case "daily", "punches", "dingtalk":
	default:
		return usagef("--attendance %q 无效，应为 daily、punches 或 dingtalk", *attendance)
	}
	dir := fs.Arg(0)
	if *months == 1 {
		if err := samples.Write(dir, samples.Options{Employees: *n, Year: y, Month: m, Seed: *seed, Attendance: *attendance}); err != nil {
			return fmt.Errorf("生成示例失败：%w", err)
		}
		fmt.Fprintf(stdout, "已生成 %s 的示例输入（%d 人）：%s\n", *month, *n, dir)
		return nil
	}
	// N consecutive months up to --month, one folder each, as run and
	// watch expect them under an inbox.
	last := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for i := *months - 1; i >= 0; i-- {
		d := last.AddDate(0, -i, 0)
		sub := filepath.Join(dir, period(d.Year(), d.Month()))
		if err := samples.Write(sub, samples.Options{Employees: *n, Year: d.Year(), Month: d.Month(), Seed: *seed, Attendance: *attendance}); err != nil {
			return fmt.Errorf("生成示例失败（%s）：%w", period(d.Year(), d.Month()), err)
		}
		fmt.Fprintf(stdout, "已生成 %s 的示例输入（%d 人）：%s\n", period(d.Year(), d.Month()), *n, sub)
	}
	return nil
}
