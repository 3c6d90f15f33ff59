package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"appraise/calc"
	"appraise/month"
	"appraise/sheets"
)

// options are the flags of run and check.
type options struct {
	out         string
	month       string
	prev        string
	force       bool
	passwordEnv string
	rules       string
	csvGBK      bool
	quiet       bool
}

func (o *options) flags(name string, stderr io.Writer, writes bool) *pflag.FlagSet {
	fs := newFlags(name, stderr)
	if writes {
		fs.StringVar(&o.out, "out", "", "输出根目录，结果写入 `目录`/YYYY-MM/（默认：月份文件夹上一级旁边的 outbox）")
	} else {
		// check writes nothing; the output root is only where it looks
		// for last month's 月度考核表.
		fs.StringVar(&o.out, "out", "", "上次运行的输出根目录（`目录`，只用于查找上月的月度考核表；check 不写任何文件）")
	}
	fs.StringVar(&o.month, "month", "", "考核月份（`YYYY-MM`，默认取自文件夹名）")
	fs.StringVar(&o.prev, "prev", "", "上月的月度考核表（`文件`，用于连续两月末位的判断）")
	if writes {
		fs.BoolVar(&o.force, "force", false, "有错误时仍生成工资调整表，但不含出错的员工")
		fs.BoolVar(&o.csvGBK, "csv-gbk", false, "工资调整表 CSV 使用 GBK 编码（默认 UTF-8 带 BOM）")
	}
	fs.StringVar(&o.rules, "rules", "", "修改过的考核规则工作簿（`文件`；默认用内置规则，见 appraise templates）")
	if writes {
		fs.StringVar(&o.passwordEnv, "password-env", "", "`环境变量名`：其值为加密输入文件的密码，也用于加密工资调整表")
	} else {
		fs.StringVar(&o.passwordEnv, "password-env", "", "`环境变量名`：其值为加密输入文件的密码")
	}
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "不打印进度和提示")
	return fs
}

func cmdRun(args []string, stdout, stderr io.Writer) error {
	return process("run", args, stdout, stderr)
}
func cmdCheck(args []string, stdout, stderr io.Writer) error {
	return process("check", args, stdout, stderr)
}

// process is run and check: for each month folder chosen, one call of
// month.Run, then the problems, files and notes printed.
func process(name string, args []string, stdout, stderr io.Writer) error {
	var o options
	writes := name == "run"
	fs := o.flags(name, stderr, writes)
	all := fs.Bool("all", false, "目录是收件文件夹时处理其中所有的月份文件夹（默认只处理最新的一个）")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() == 0:
		return usagef("%s 需要一个月份文件夹，例如：appraise %s inbox/2026-11", name, name)
	case fs.NArg() > 1:
		return usagef("只能给一个月份文件夹（收到 %d 个：%s）；处理收件文件夹中所有月份请用：appraise %s 收件文件夹 --all",
			fs.NArg(), strings.Join(fs.Args(), "、"), name)
	}
	dir := fs.Arg(0)
	if !isDir(dir) {
		return usagef("找不到文件夹：%s", sheets.Printable(dir))
	}
	sel, err := month.Select(dir, o.month, *all)
	if err != nil {
		return err
	}
	if sel.Inbox && o.month == "" && !o.quiet {
		names := strings.Join(sel.Names, "、")
		if *all {
			fmt.Fprintf(stderr, "%s 中有 %d 个月份文件夹，逐个%s：%s\n", dir, len(sel.Names), verb(name), names)
		} else {
			fmt.Fprintf(stderr, "%s 是收件文件夹，其中的月份文件夹：%s；%s最新的 %s（全部%s请加 --all，指定月份请用 --month）\n",
				dir, names, verb(name), filepath.Base(sel.Folders[0]), verb(name))
		}
	}
	dirs := sel.Folders
	var failed error
	for _, d := range dirs {
		if len(dirs) > 1 {
			fmt.Fprintf(stderr, "—— %s ——\n", filepath.Base(d))
		}
		err := o.appraiseFolder(context.Background(), name, d, stdout, stderr, false)
		if len(dirs) == 1 || err == nil {
			failed = err
			continue
		}
		if err != errInput {
			fmt.Fprintf(stderr, "appraise: %s：%s\n", filepath.Base(d), sheets.ChineseErrorText(err.Error()))
			var ie *sheets.InternalError
			if errors.As(err, &ie) {
				internalDetail(stderr, []*sheets.InternalError{ie})
			}
		}
		failed = errInput
	}
	return failed
}

// verb is what run or check does to a month.
func verb(name string) string {
	if name == "check" {
		return "校验"
	}
	return "处理"
}

// appraiseFolder runs or checks one month folder (one call of month.Run)
// and prints what it found and wrote. locked says the caller holds the
// output root's lock already (watch).
func (o *options) appraiseFolder(ctx context.Context, name, dir string, stdout, stderr io.Writer, locked bool) error {
	writes := name == "run"
	res, err := month.Run(ctx, month.Options{
		Dir: dir, Check: !writes, Out: o.out, Month: o.month, Prev: o.prev,
		Force: o.force, CSVGBK: o.csvGBK, PasswordEnv: o.passwordEnv, RulesFile: o.rules,
		Version: version, Locked: locked, Progress: o.progress(stderr),
	})
	var re *month.RulesError
	if errors.As(err, &re) {
		return rulesFailed(stderr, re)
	}
	if res == nil {
		return err
	}
	ar := res.Appraisal
	switch {
	case !writes:
		checkReport(stderr, ar.Problems, o.quiet, res.Year, res.Month)
	case !o.quiet || res.Errors > 0:
		report(stderr, ar.Problems, o.quiet)
	}
	internalDetail(stderr, res.Internal)
	if !writes {
		fmt.Fprintf(stdout, "%s：%d 人，%d 个错误，%d 个警告\n", period(res.Year, res.Month), len(ar.Rows), res.Errors, res.Warnings)
		if res.Errors > 0 {
			return errInput
		}
		return nil
	}
	if len(res.Refused) > 0 {
		refuseForce(stderr, res.Refused)
	}
	if res.ForceInternal {
		fmt.Fprintln(stderr, "--force 不能使用：读取或计算时发生了内部错误（见上方详情），结果不完整且说不清缺了谁的数据，因此不生成绩效工资调整表。请把输入文件交给维护人员。")
	}
	if err != nil {
		return err // *sheets.OutputError: Chinese, names the file and the state of the folder
	}
	if res.Signed {
		return correction(res, stdout, stderr)
	}
	w, r := res.Written, res.Run
	for _, f := range w.Files {
		fmt.Fprintln(stdout, sheets.Printable(f))
	}
	for _, x := range w.Retired {
		fmt.Fprintf(stderr, "提示：%s\n", retireNote(x, r))
	}
	for _, n := range w.Notes {
		fmt.Fprintf(stderr, "提示：%s\n", sheets.Printable(n))
	}
	if !o.quiet || res.Errors > 0 {
		summary(stderr, ar, r, res.Errors)
	}
	if res.Errors > 0 {
		return errInput
	}
	return nil
}

// correction prints a run of a signed-off month (D33): the correction
// written, or why none was.
func correction(res *month.Result, stdout, stderr io.Writer) error {
	who := ""
	if fi := res.Final; fi != nil {
		who = fmt.Sprintf("（%s 于 %s 定稿）", fi.By, fi.At)
	}
	key := period(res.Year, res.Month)
	c := res.Correction
	switch {
	case res.Errors > 0:
		fmt.Fprintf(stderr, "%s 已定稿%s：本次输入有 %d 个错误，不生成更正。请修改输入后重新运行。\n", key, who, res.Errors)
		return errInput
	case c.Dir == "":
		fmt.Fprintf(stderr, "%s 已定稿%s：与%s相比，没有员工的考核分、绩效浮动或赔偿扣款变化，不生成更正。\n", key, who, c.From)
		return nil
	}
	for _, f := range res.Written.Files {
		fmt.Fprintln(stdout, sheets.Printable(f))
	}
	for _, n := range res.Written.Notes {
		fmt.Fprintf(stderr, "提示：%s\n", sheets.Printable(n))
	}
	fmt.Fprintf(stderr, "%s 已定稿%s：定稿文件未改动；与%s相比有 %d 人变化，更正结果和绩效工资差额表写入 %s。请把差额表交财务，不要重复发放整月工资调整表。\n",
		key, who, c.From, c.Changed, sheets.Printable(c.Dir))
	return nil
}

// internalDetail prints the stacks of panics recovered while reading: the
// problem lines keep the short Chinese text, the detail is for the
// maintainers (stderr, watch.log).
func internalDetail(w io.Writer, errs []*sheets.InternalError) {
	for _, e := range errs {
		fmt.Fprintf(w, "内部错误详情（请交给维护人员）：%s\n%s", e.Msg, e.Stack)
	}
}

// retireNote says where a previous output went that this run does not
// write, and why.
func retireNote(x sheets.Retired, r *sheets.Run) string {
	why := "本次不生成此文件"
	switch {
	case sheets.IsPayrollName(x.Name) && !r.Payroll:
		why = "本次有错误，不生成工资调整表，防止财务误用旧文件"
	case sheets.IsPayrollName(x.Name) && strings.HasSuffix(x.Name, ".csv") && r.Password != "":
		why = "本次工资调整表已加密，加密时不生成 CSV"
	}
	if x.Backup == "" {
		return fmt.Sprintf("上次生成的 %s 已删除（%s；备份保留份数为 0）", sheets.Printable(x.Name), why)
	}
	return fmt.Sprintf("上次生成的 %s 已改为备份 %s（%s）", sheets.Printable(x.Name), sheets.Printable(x.Backup), why)
}

// loadRules returns the default rules, or those of an edited rules
// workbook; problems in it are printed and make an input error.
func loadRules(file string, stderr io.Writer) (*calc.Rules, error) {
	r, err := month.LoadRules(file)
	var re *month.RulesError
	if errors.As(err, &re) {
		return nil, rulesFailed(stderr, re)
	}
	return r, err
}

// rulesFailed prints the problems of a rules workbook with errors.
func rulesFailed(stderr io.Writer, re *month.RulesError) error {
	report(stderr, re.Problems, false)
	fmt.Fprintln(stderr, re.Error())
	return errInput
}

func count(ps []calc.Problem, l calc.Level) int {
	n := 0
	for _, p := range ps {
		if p.Level == l {
			n++
		}
	}
	return n
}

// maxPrinted is how many errors and warnings stderr shows; the validation
// report lists them all.
const maxPrinted = 100

// report prints the problems to stderr: errors (with what to do) and
// warnings, up to maxPrinted, and the number of notes.
func report(w io.Writer, ps []calc.Problem, quiet bool) {
	sorted := sheets.SortProblems(ps)
	printed, skipped := 0, 0
	for _, p := range sorted {
		if p.Level == calc.Info || (quiet && p.Level != calc.Error) {
			continue
		}
		if printed == maxPrinted {
			skipped++
			continue
		}
		printed++
		fmt.Fprintln(w, sheets.Printable(problemLine(p, p.Level == calc.Error))) // names with ESC or newline cannot fake a line
	}
	if skipped > 0 {
		fmt.Fprintf(w, "……另有 %d 条错误和警告未在此列出，全部问题见校验报告。\n", skipped)
	}
	if n := count(ps, calc.Info); n > 0 && !quiet {
		fmt.Fprintf(w, "另有 %d 条提示，见校验报告。\n", n)
	}
}

// checkReport prints every problem of a check, 提示 too, each with what
// to do (only errors when quiet): check writes no 校验报告, so nothing may
// be left out. Beyond maxPrinted lines the whole list goes to a text file
// in the temporary folder, whose path is printed.
func checkReport(w io.Writer, ps []calc.Problem, quiet bool, y int, m time.Month) {
	var lines []string
	for _, p := range sheets.SortProblems(ps) {
		if quiet && p.Level != calc.Error {
			continue
		}
		lines = append(lines, problemLine(p, true))
	}
	for _, l := range lines[:min(len(lines), maxPrinted)] {
		fmt.Fprintln(w, l)
	}
	if len(lines) <= maxPrinted {
		return
	}
	f, err := os.CreateTemp("", "appraise-check-"+period(y, m)+"-*.txt")
	if err == nil {
		_, err = f.WriteString(strings.Join(lines, "\r\n") + "\r\n")
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(w, "……另有 %d 条未在此列出；无法写入临时文件：%s\n", len(lines)-maxPrinted, sheets.ChineseErrorText(err.Error()))
		return
	}
	fmt.Fprintf(w, "……另有 %d 条未在此列出；全部 %d 条已写入 %s\n", len(lines)-maxPrinted, len(lines), f.Name())
}

// problemLine is one problem as a console line: level, place, message,
// 工号 and, when hint, what to do.
func problemLine(p calc.Problem, hint bool) string {
	msg := sheets.ChineseErrorText(p.Msg)
	line := fmt.Sprintf("%s：%s", p.Level, msg)
	if loc := p.Loc.String(); loc != "" {
		line = fmt.Sprintf("%s：%s：%s", p.Level, loc, msg)
	}
	if p.ID != "" && !strings.Contains(p.Msg, p.ID) {
		line += "（工号 " + p.ID + "）"
	}
	if hint && p.Hint != "" {
		line += "。建议：" + sheets.ChineseErrorText(p.Hint)
	}
	return line
}

func summary(w io.Writer, res *calc.Result, r *sheets.Run, errs int) {
	fmt.Fprintf(w, "%s：考核 %d 人；%d 个错误，%d 个警告。\n", period(res.Year, res.Month), len(res.Rows), errs, count(res.Problems, calc.Warning))
	switch {
	case errs > 0 && !r.Payroll:
		fmt.Fprintln(w, "存在错误：未生成绩效工资调整表；月度考核表标为草稿。请按校验报告修改输入后重新运行（或用 --force）。")
	case errs > 0:
		ids := make([]string, 0, len(r.Excluded))
		for id := range r.Excluded {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		fmt.Fprintf(w, "--force：绩效工资调整表已生成，但不含以下 %d 人（有错误，须更正后补发）：%s\n", len(ids), strings.Join(ids, "、"))
	}
}

// refuseForce reports whether --force must refuse (D28): a row that names
// nobody (an unknown 工号, an unmatched name) cannot be left out with its
// employee, so the payroll would pay someone without that row. It prints
// the rows.
func refuseForce(w io.Writer, rows []calc.Problem) bool {
	if len(rows) == 0 {
		return false
	}
	fmt.Fprintf(w, "--force 不能使用：以下 %d 行对应不到花名册中的任何人，无法确定应从谁的考核中扣除，因此不生成绩效工资调整表：\n", len(rows))
	for i, p := range rows {
		if i == maxPrinted {
			fmt.Fprintf(w, "  ……另有 %d 行，见校验报告\n", len(rows)-i)
			break
		}
		fmt.Fprintf(w, "  %s：%s\n", p.Loc.String(), p.Msg)
	}
	fmt.Fprintln(w, "请先更正这些行（核对工号或姓名，或把此人补进花名册），再重新运行。")
	return true
}

// inputsLine is the 输入清单 (D19) for appraise rules: the kinds a month must
// have and the optional ones.
func inputsLine(r *calc.Rules) string {
	var req, opt []string
	for _, k := range r.Inputs {
		if k.Required {
			req = append(req, k.Name)
		} else {
			opt = append(opt, k.Name)
		}
	}
	return fmt.Sprintf("\n每月必需的输入：%s；可选：%s。本月确实没有的，放入只有表头的空白模板。", strings.Join(req, "、"), strings.Join(opt, "、"))
}
