package main

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
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
  appraise check inbox/2026-11             只校验，打印全部问题
  appraise run inbox                       处理收件文件夹中最新的月份文件夹（--all 全部处理）
  appraise run 11月 --month 2026-11        文件夹名只有月份时用 --month 给出年份
  appraise finalize inbox/2026-11          定稿 outbox/2026-11/；此后再运行只写 outbox/2026-11/更正N/ 和差额表
  appraise report outbox                   汇总最近6个月的结果，写出 outbox/考核汇总_YYYY-MM至YYYY-MM.xlsx
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
	if len(args) > 1 {
		return usagef("help 只接受一个命令名（收到 %d 个：%s）", len(args), strings.Join(args, "、"))
	}
	if args[0] == "help" {
		fmt.Fprint(stdout, "用法：appraise help [命令]\n  显示帮助：不带命令时列出所有命令，带命令时显示该命令的用法和选项\n")
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run([]string{"--help"}, stdout, stdout)
		}
	}
	return usagef("没有这个命令：%s（可用的命令：%s）", args[0], commandNames())
}

// commandNames lists the commands, separated by 、.
func commandNames() string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return strings.Join(names, "、")
}

// translateFlagError puts pflag's English parse errors into Chinese; a
// value of the wrong kind names the flag, the value and what it takes.
func translateFlagError(fs *pflag.FlagSet, err error) string {
	s := err.Error()
	if m := reBadValue.FindStringSubmatch(s); m != nil {
		value, name := m[1], m[2]
		if i := strings.LastIndex(name, "--"); i >= 0 {
			name = name[i:]
		}
		want := "格式不对"
		if f := fs.Lookup(strings.TrimPrefix(name, "--")); f != nil {
			switch f.Value.Type() {
			case "int", "int64", "uint", "uint64":
				example := f.DefValue
				if example == "0" || example == "" {
					example = "40"
				}
				want = fmt.Sprintf("须为整数，例如 %s %s", name, example)
			case "duration":
				want = "须为时长，例如 10s、10秒、2分钟、1m30s"
			case "bool":
				want = "只能是 true 或 false（或只写选项名）"
			}
		}
		return fmt.Sprintf("选项 %s 的值 %q 无效：%s", name, value, want)
	}
	repl := []struct{ en, zh string }{
		{"unknown flag: ", "未知选项："},
		{"unknown shorthand flag: ", "未知选项："},
		{"flag needs an argument: ", "选项缺少参数："},
		{"invalid argument ", "参数无效："},
		{"bad flag syntax: ", "选项格式错误："},
	}
	for _, r := range repl {
		if strings.HasPrefix(s, r.en) {
			rest := strings.TrimPrefix(s, r.en)
			// "'x' in -x" → "-x"
			if m := reShorthand.FindStringSubmatch(rest); m != nil {
				rest = m[1]
			}
			return r.zh + rest
		}
	}
	return s
}

var (
	reBadValue  = regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: `)
	reShorthand = regexp.MustCompile(`^'.' in (-\S+)$`)
)

// normDurations rewrites the values of duration flags written the Chinese
// way ("10秒", "2分钟", "1小时30分", "10 秒") or as a bare number of
// seconds ("10") into Go's form ("10s"), before pflag parses them.
func normDurations(fs *pflag.FlagSet, args []string) []string {
	out := append([]string(nil), args...)
	isDur := func(name string) bool {
		f := fs.Lookup(name)
		return f != nil && f.Value.Type() == "duration"
	}
	for i := 0; i < len(out); i++ {
		a := out[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "--") {
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		if !isDur(name) {
			continue
		}
		if hasVal {
			out[i] = "--" + name + "=" + zhDuration(val)
		} else if i+1 < len(out) {
			out[i+1] = zhDuration(out[i+1])
			i++
		}
	}
	return out
}

// zhDuration turns "10秒" into "10s", "1小时30分钟" into "1h30m" and "10"
// into "10s"; anything else is returned unchanged.
func zhDuration(v string) string {
	s := strings.ReplaceAll(strings.TrimSpace(v), " ", "")
	for _, r := range []struct{ zh, en string }{
		{"小时", "h"}, {"钟头", "h"}, {"时", "h"}, {"毫秒", "ms"}, {"分钟", "m"}, {"分", "m"}, {"秒钟", "s"}, {"秒", "s"},
	} {
		s = strings.ReplaceAll(s, r.zh, r.en)
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		s += "s"
	}
	if _, err := time.ParseDuration(s); err == nil {
		return s
	}
	return v
}
