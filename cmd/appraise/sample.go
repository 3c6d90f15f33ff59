package main

import (
	"fmt"
	"io"
	"path/filepath"

	"appraise/sheets"
)

func cmdSample(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sample", stderr)
	n := fs.Int("employees", 40, "员工人数 `N`")
	month := fs.String("month", "", "月份 `YYYY-MM`（默认取自文件夹名）")
	seed := fs.Int64("seed", 1, "随机种子 `S`：相同种子生成相同文件")
	attendance := fs.String("attendance", "daily", "考勤格式 `F`：daily（考勤明细模板）、punches（考勤机打卡记录 CSV）或 dingtalk（钉钉每日统计）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("sample 需要一个输出文件夹，例如：appraise sample --month 2026-11 inbox/2026-11")
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
	if *n < sheets.SampleMinEmployees || *n > sheets.SampleMaxEmployees {
		return usagef("--employees 应在 %d 到 %d 之间", sheets.SampleMinEmployees, sheets.SampleMaxEmployees)
	}
	switch *attendance {
	case "daily", "punches", "dingtalk":
	default:
		return usagef("--attendance %q 无效，应为 daily、punches 或 dingtalk", *attendance)
	}
	dir := fs.Arg(0)
	if err := sheets.WriteSample(dir, sheets.SampleOptions{Employees: *n, Year: y, Month: m, Seed: *seed, Attendance: *attendance}); err != nil {
		return fmt.Errorf("生成示例失败：%w", err)
	}
	fmt.Fprintf(stdout, "已生成 %s 的示例输入（%d 人）：%s\n", *month, *n, dir)
	return nil
}
