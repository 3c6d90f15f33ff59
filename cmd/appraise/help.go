package main

import (
	"fmt"
	"io"
	"strings"
)

func printUsage(w io.Writer) {
	fmt.Fprint(w, `appraise —— 客服部月度绩效考核批处理工具

用法：
  appraise 命令 [参数]
  appraise 月份文件夹          （等同于 appraise run 月份文件夹）

命令：
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.short)
	}
	fmt.Fprint(w, `
示例：
  appraise run inbox/2026-11               结果写入 outbox/2026-11/
  appraise run inbox/2026-11 --out 结果     结果写入 结果/2026-11/
  appraise check inbox/2026-11             只校验
  appraise inspect 考勤.xlsx                查看此文件各工作表如何被识别（未被识别时看原因）

退出码：0 成功；1 输入数据有错误；2 命令用法错误。
运行 appraise help 命令 查看该命令的选项。
`)
}

func cmdHelp(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		printUsage(stdout)
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] && c.name != "help" {
			return c.run([]string{"--help"}, stdout, stdout)
		}
	}
	return usagef("没有这个命令：%s", args[0])
}

// translateFlagError puts pflag's English parse errors into Chinese.
func translateFlagError(err error) string {
	s := err.Error()
	repl := []struct{ en, zh string }{
		{"unknown flag: ", "未知选项："},
		{"unknown shorthand flag: ", "未知选项："},
		{"flag needs an argument: ", "选项缺少参数："},
		{"invalid argument ", "参数无效："},
		{"bad flag syntax: ", "选项格式错误："},
	}
	for _, r := range repl {
		if strings.HasPrefix(s, r.en) {
			return r.zh + strings.TrimPrefix(s, r.en)
		}
	}
	return s
}
