package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"appraise/calc"
	"appraise/sheets"
)

func cmdTemplates(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("templates", stderr)
	month := fs.String("month", "", "模板中的日期限定在这个月份（`YYYY-MM`，可选）")
	rulesFile := fs.String("rules", "", "修改过的考核规则工作簿（`文件`；默认用内置规则）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("templates 需要一个输出文件夹，例如：appraise templates 模板")
	}
	var (
		y int
		m time.Month
	)
	if *month != "" {
		var ok bool
		if y, m, ok = sheets.ParseMonth(*month); !ok {
			return usagef("--month %q 不是有效的月份，应为 YYYY-MM", *month)
		}
	}
	rules, err := loadRules(*rulesFile, stderr)
	if err != nil {
		return err
	}
	dir := fs.Arg(0)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("无法创建文件夹 %s：%w", dir, err)
	}
	if err := sheets.WriteTemplates(dir, rules, y, m); err != nil {
		return fmt.Errorf("写出模板失败：%w", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Fprintln(stdout, filepath.Join(dir, e.Name()))
	}
	return nil
}

// loadRules returns the default rules, or those of an edited rules
// workbook; problems in it are printed and make an input error.
func loadRules(file string, stderr io.Writer) (*calc.Rules, error) {
	if file == "" {
		return calc.DefaultRules(), nil
	}
	if _, err := os.Stat(file); err != nil {
		return nil, usagef("找不到考核规则工作簿：%s", file)
	}
	r, problems := sheets.ReadRules(file)
	if r == nil || count(problems, calc.Error) > 0 {
		report(stderr, problems, false)
		fmt.Fprintf(stderr, "考核规则工作簿 %s 有错误，未处理任何数据。\n", file)
		return nil, errInput
	}
	return r, nil
}
