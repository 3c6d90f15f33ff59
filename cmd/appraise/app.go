package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"appraise/month"
	"appraise/sheets"
)

// Exit codes.
const (
	exitOK    = 0
	exitInput = 1 // input errors
	exitUsage = 2
)

// version is the tool version written into the manifest.
const version = "0.1.0"

// usageError is a wrong command line; it exits with exitUsage.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// inputError means the run finished but the inputs had errors; the
// message has been printed already.
var errInput = errors.New("输入数据存在错误")

type command struct {
	name  string
	args  string
	short string
	run   func(args []string, stdout, stderr io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"run", "目录 [选项]", "处理一个月的文件夹，生成考核表、工资调整表和校验报告", cmdRun},
		{"check", "目录 [选项]", "只校验输入，不生成文件", cmdCheck},
		{"inspect", "文件 [--json] [--month YYYY-MM] [--rules 文件]", "查看一个输入文件如何被读取：表格类型、表头、各列的对应和问题", cmdInspect},
		{"rules", "[--rules 文件]", "打印当前使用的考核规则", cmdRules},
		{"templates", "目录 [--month YYYY-MM] [--rules 文件] [--force]", "写出空白输入模板（带下拉列表）和考核规则工作簿", cmdTemplates},
		{"sample", "--employees N --month YYYY-MM [--months N] [--seed S] [--attendance daily|punches|dingtalk] 目录", "生成一个月（或 --months 个月）的示例输入文件", cmdSample},
		{"report", "输出目录 [--from YYYY-MM] [--to YYYY-MM]", "汇总多个月的结果（默认最近6个月）：个人各月得分与趋势、班组、末位、扣分排行、人员变动、月度例会", cmdReport},
		{"finalize", "月份文件夹|YYYY-MM [--out 目录] [--by 姓名]", "定稿：记录一个月全部结果文件的哈希、定稿人和时间；此后的运行只生成更正和差额表", cmdFinalize},
		{"watch", "收件文件夹 [--out 目录] [--settle 10s]", "监视收件文件夹，月份文件夹就绪或变化时自动处理", cmdWatch},
		{"version", "", "显示版本", cmdVersion},
		{"help", "[命令]", "显示帮助", cmdHelp},
	}
}

// run is the whole program: it parses args, runs a subcommand and returns
// the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	setupConsole()
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	var cmd *command
	for i := range commands {
		if commands[i].name == name {
			cmd = &commands[i]
		}
	}
	if cmd == nil {
		switch {
		case name == "-h" || name == "--help":
			printUsage(stdout)
			return exitOK
		case name == "-v" || name == "--version":
			return exit(cmdVersion(nil, stdout, stderr), stderr)
		case isDir(name):
			// A folder as the first argument means run (also a folder
			// dragged onto the program).
			if dragged(args) {
				defer pause(stdout)
			}
			return exit(cmdRun(args, stdout, stderr), stderr)
		}
		fmt.Fprintf(stderr, "appraise: 未知命令或找不到文件夹：%q\n\n", name)
		printUsage(stderr)
		return exitUsage
	}
	return exit(cmd.run(rest, stdout, stderr), stderr)
}

func exit(err error, stderr io.Writer) int {
	var ue *usageError
	var me *month.UsageError
	var ie *sheets.InternalError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, pflag.ErrHelp):
		return exitOK
	case errors.As(err, &ue) || errors.As(err, &me):
		fmt.Fprintf(stderr, "appraise: %s\n（运行 appraise help 查看用法）\n", sheets.ChineseErrorText(err.Error()))
		return exitUsage
	case errors.Is(err, errInput):
		return exitInput
	case errors.As(err, &ie):
		// A recovered panic: the short Chinese text, then the stack for
		// the maintainers.
		fmt.Fprintf(stderr, "appraise: %s\n", ie.Msg)
		internalDetail(stderr, []*sheets.InternalError{ie})
		return exitInput
	default:
		fmt.Fprintf(stderr, "appraise: %s\n", sheets.ChineseErrorText(err.Error()))
		return exitInput
	}
}

// period is a month as YYYY-MM.
func period(y int, m time.Month) string { return month.Key(y, m) }

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// newFlags makes a flag set that reports errors as usage errors and prints
// its help in Chinese.
func newFlags(name string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		for _, c := range commands {
			if c.name == name {
				fmt.Fprintf(stderr, "用法：%s\n  %s\n", strings.TrimSpace("appraise "+c.name+" "+c.args), c.short)
			}
		}
		if fs.HasFlags() {
			fmt.Fprint(stderr, "\n选项：\n")
			printFlags(stderr, fs)
		}
	}
	return fs
}

// printFlags lists a flag set's options in Chinese: the value a flag takes
// is named by the word in backquotes of its usage, as pflag does.
func printFlags(w io.Writer, fs *pflag.FlagSet) {
	var rows [][]string
	fs.VisitAll(func(f *pflag.Flag) {
		name, usage := pflag.UnquoteUsage(f)
		left := "    --" + f.Name
		if f.Shorthand != "" {
			left = "-" + f.Shorthand + ", --" + f.Name
		}
		if f.Value.Type() != "bool" {
			if name == "" || name == "string" || name == "int" || name == "int64" || name == "duration" {
				name = "值"
			}
			left += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			usage += "（默认 " + f.DefValue + "）"
		}
		rows = append(rows, []string{"  " + left, usage})
	})
	table(w, rows)
}

// parse parses flags, turning pflag's errors into usage errors.
func parse(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(normDurations(fs, args)); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usagef("%v", translateFlagError(fs, err))
	}
	return nil
}
