package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"appraise/calc"
	"appraise/sheets"
)

// cmdInspect shows how one input file is read: for each sheet the kind
// recognised (or why none), the header row and how each column was taken,
// and the problems; with --json, every row as the reader sees it.
func cmdInspect(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("inspect", stderr)
	asJSON := fs.Bool("json", false, `逐行输出读取到的原始值，每行一个 JSON 对象：{"sheet":"…","row":7,"cells":["…",…]}`)
	monthFlag := fs.String("month", "", "考核月份 `YYYY-MM`（默认取文件所在文件夹名或文件名中的月份，否则为当月）")
	rulesFile := fs.String("rules", "", "修改过的考核规则工作簿（`文件`；默认用内置规则）")
	passwordEnv := fs.String("password-env", "", "`环境变量名`：其值为加密文件的密码")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("inspect 需要且只需要一个文件：appraise inspect 文件 [--json]")
	}
	path := fs.Arg(0)
	st, err := os.Stat(path)
	if err != nil {
		return usagef("找不到文件：%s", path)
	}
	if st.IsDir() {
		return usagef("%s 是文件夹；inspect 查看单个文件（检查整个月份请用 appraise check %s）", path, path)
	}
	year, month := 0, time.Month(0)
	if *monthFlag != "" {
		y, m, ok := sheets.ParseMonth(*monthFlag)
		if !ok {
			return usagef("--month 应为 YYYY-MM，例如 2026-11：%q", *monthFlag)
		}
		year, month = y, m
	}
	opt := sheets.LoadOptions{}
	if *passwordEnv != "" {
		v, ok := os.LookupEnv(*passwordEnv)
		if !ok || v == "" {
			return usagef("环境变量 %s 未设置或为空（--password-env 需要它保存密码）", *passwordEnv)
		}
		opt.Password = v
	}
	if *asJSON {
		return inspectRows(path, opt, stdout, stderr)
	}
	rules, err := loadRules(*rulesFile, stderr)
	if err != nil {
		return err
	}
	in, err := sheets.Inspect(path, rules, year, month, opt)
	if err != nil {
		return err
	}
	printInspection(stdout, in)
	if count(in.Problems, calc.Error) > 0 {
		return errInput
	}
	return nil
}

// inspectRows writes every row as one JSON object a line to stdout, and the
// problems met reading to stderr.
func inspectRows(path string, opt sheets.LoadOptions, stdout, stderr io.Writer) error {
	bw := bufio.NewWriter(stdout)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	problems, err := sheets.InspectRows(path, opt, func(r sheets.RowDump) error { return enc.Encode(r) })
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("无法写出结果：%v", err)
	}
	printProblems(stderr, "", problems)
	if count(problems, calc.Error) > 0 {
		return errInput
	}
	return nil
}

// printInspection prints an Inspection for a person to read.
func printInspection(w io.Writer, in *sheets.Inspection) {
	fmt.Fprintf(w, "文件：%s（按 %d-%02d 月读取）\n", in.File, in.Year, int(in.Month))
	var fileProblems []calc.Problem
	for _, p := range in.Problems {
		if p.Loc.Sheet == "" && (len(in.Sheets) != 1 || in.Sheets[0].Sheet != "" || p.Loc.Cell == "") {
			fileProblems = append(fileProblems, p)
		}
	}
	printProblems(w, "", fileProblems)
	for _, s := range in.Sheets {
		name := "工作表「" + s.Sheet + "」"
		if s.Sheet == "" {
			name = "CSV 内容"
		}
		fmt.Fprintln(w)
		switch {
		case !s.Read:
			fmt.Fprintf(w, "%s：未读取\n", name)
		case s.Kind == sheets.Unknown:
			fmt.Fprintf(w, "%s：未识别（%s）\n", name, s.Reason)
		default:
			rows := fmt.Sprintf("第 %d 行", s.HeaderLast)
			if s.HeaderFirst != s.HeaderLast {
				rows = fmt.Sprintf("第 %d–%d 行", s.HeaderFirst, s.HeaderLast)
			}
			fmt.Fprintf(w, "%s：识别为 %s，表头在%s\n", name, s.Kind, rows)
		}
		if len(s.Columns) > 0 {
			table := [][]string{{"  列", "表头", "读作"}}
			for _, c := range s.Columns {
				as := c.Name
				if as == "" {
					as = "（未使用）"
				}
				table = append(table, []string{"  " + c.Col, oneLine(c.Header), as})
			}
			tablePrint(w, table)
		}
		if len(s.Missing) > 0 {
			fmt.Fprintf(w, "  缺少必需列：%s\n", strings.Join(s.Missing, "、"))
		}
		var ps []calc.Problem
		for _, p := range s.Problems {
			// the heading says these already
			if s.Read && p.Level == calc.Info && (strings.HasPrefix(p.Msg, "识别为") || strings.HasPrefix(p.Msg, "已忽略：")) {
				continue
			}
			ps = append(ps, p)
		}
		printProblems(w, "  ", ps)
	}
}

// tablePrint prints aligned columns (rulescmd.go's table).
var tablePrint = table

// oneLine shows a header text on one line, cut to 30 characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// printProblems lists problems, errors first, each with its location and,
// for an error, the hint.
func printProblems(w io.Writer, indent string, ps []calc.Problem) {
	for _, level := range []calc.Level{calc.Error, calc.Warning, calc.Info} {
		for _, p := range ps {
			if p.Level != level {
				continue
			}
			where := p.Loc.Cell // under its sheet's heading
			if indent == "" {
				where = strings.Trim(p.Loc.Sheet+"!"+p.Loc.Cell, "!")
			}
			line := fmt.Sprintf("%s%s：%s", indent, p.Level, p.Msg)
			if where != "" {
				line = fmt.Sprintf("%s%s：%s：%s", indent, p.Level, where, p.Msg)
			}
			if p.Level == calc.Error && p.Hint != "" {
				line += "。建议：" + p.Hint
			}
			fmt.Fprintln(w, line)
		}
	}
}
