package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"appraise/calc"
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
	fs.StringVar(&o.out, "out", "", "输出根目录，结果写入 `目录`/YYYY-MM/（默认：月份文件夹上一级旁边的 outbox）")
	fs.StringVar(&o.month, "month", "", "考核月份（`YYYY-MM`，默认取自文件夹名）")
	fs.StringVar(&o.prev, "prev", "", "上月的月度考核表（`文件`，用于连续两月末位的判断）")
	if writes {
		fs.BoolVar(&o.force, "force", false, "有错误时仍生成工资调整表，但不含出错的员工")
		fs.BoolVar(&o.csvGBK, "csv-gbk", false, "工资调整表 CSV 使用 GBK 编码（默认 UTF-8 带 BOM）")
	}
	fs.StringVar(&o.rules, "rules", "", "修改过的考核规则工作簿（`文件`；默认用内置规则，见 appraise templates）")
	fs.StringVar(&o.passwordEnv, "password-env", "", "`环境变量名`：其值为加密输入文件的密码，也用于加密工资调整表")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "不打印进度和提示")
	return fs
}

func cmdRun(args []string, stdout, stderr io.Writer) error {
	return process("run", args, stdout, stderr)
}
func cmdCheck(args []string, stdout, stderr io.Writer) error {
	return process("check", args, stdout, stderr)
}

// process is run and check: load the month, appraise it and, for run,
// write the outputs.
func process(name string, args []string, stdout, stderr io.Writer) error {
	var o options
	writes := name == "run"
	fs := o.flags(name, stderr, writes)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("%s 需要一个月份文件夹，例如：appraise %s inbox/2026-11", name, name)
	}
	dir := fs.Arg(0)
	if !isDir(dir) {
		return usagef("找不到文件夹：%s", dir)
	}
	return o.appraiseFolder(name, dir, stdout, stderr, false)
}

// appraiseFolder processes one month folder. locked says the caller holds the
// output root's lock already (watch).
func (o *options) appraiseFolder(name, dir string, stdout, stderr io.Writer, locked bool) error {
	writes := name == "run"
	year, month, err := monthOf(dir, o.month)
	if err != nil {
		return err
	}
	password := ""
	if o.passwordEnv != "" {
		v, ok := os.LookupEnv(o.passwordEnv)
		if !ok || v == "" {
			return usagef("环境变量 %s 未设置或为空（--password-env 需要它保存密码）", o.passwordEnv)
		}
		password = v
	}
	rules, err := loadRules(o.rules, stderr)
	if err != nil {
		return err
	}

	root := o.out
	if root == "" {
		root = defaultOutRoot(dir)
	}
	outDir := filepath.Join(root, period(year, month))
	if writes && inside(outDir, dir) {
		return usagef("输出目录 %s 不能位于输入文件夹 %s 之内", outDir, dir)
	}
	if writes && !locked {
		unlock, err := lock(root)
		if err != nil {
			return err
		}
		defer unlock()
	}

	ld, err := sheets.Load(dir, rules, year, month, sheets.LoadOptions{Password: password, Progress: o.progress(stderr)})
	if err != nil {
		return err
	}
	m := &ld.Month
	var prevNote []calc.Problem
	m.Prev, m.PrevGiven, prevNote = previous(dir, o.prev, root, year, month, rules, password)
	prevNote = append(prevNote, missingKinds(root, year, month, ld.Kinds)...)
	res := calc.Appraise(m, rules)
	res.Problems = append(append(append([]calc.Problem(nil), ld.Problems...), prevNote...), res.Problems...)

	errs := count(res.Problems, calc.Error)
	if !o.quiet || errs > 0 {
		report(stderr, res.Problems, o.quiet)
	}
	if !writes {
		fmt.Fprintf(stdout, "%s：%d 人，%d 个错误，%d 个警告\n", period(year, month), len(res.Rows), errs, count(res.Problems, calc.Warning))
		if errs > 0 {
			return errInput
		}
		return nil
	}

	force := o.force && errs > 0 && !refuseForce(stderr, ld.Unattributed)
	r := &sheets.Run{
		Version:   version,
		Rules:     rules,
		RulesHash: rules.Hash(),
		Inputs:    ld.Inputs,
		Payroll:   errs == 0 || force,
		CSVGBK:    o.csvGBK,
		Password:  password,
	}
	if force {
		r.Excluded = affected(res)
	}
	if !r.Payroll {
		retireStale(outDir, year, month, stderr)
	}
	files, err := sheets.Write(outDir, res, r)
	if err != nil {
		return fmt.Errorf("写入结果失败：%w", err)
	}
	for _, f := range files {
		fmt.Fprintln(stdout, f)
	}
	if !o.quiet || errs > 0 {
		summary(stderr, res, r, errs)
	}
	if errs > 0 {
		return errInput
	}
	return nil
}

// monthOf decides the month from the folder name and the --month flag.
func monthOf(dir, flag string) (int, time.Month, error) {
	abs, _ := filepath.Abs(dir)
	fy, fm, fok := sheets.ParseMonth(filepath.Base(abs))
	if flag == "" {
		if !fok {
			return 0, 0, usagef("无法从文件夹名 %q 得出考核月份，请把文件夹命名为 2026-11 之类，或用 --month 2026-11 指定", filepath.Base(abs))
		}
		return fy, fm, nil
	}
	y, m, ok := sheets.ParseMonth(flag)
	if !ok {
		return 0, 0, usagef("--month %q 不是有效的月份，应为 YYYY-MM，例如 2026-11", flag)
	}
	if fok && (fy != y || fm != m) {
		return 0, 0, usagef("--month %s 与文件夹名 %s 表示的月份 %s 不一致", flag, filepath.Base(abs), period(fy, fm))
	}
	return y, m, nil
}

func period(y int, m time.Month) string { return fmt.Sprintf("%04d-%02d", y, int(m)) }

// defaultOutRoot is outbox beside the month folder's parent:
// inbox/2026-11 → outbox.
func defaultOutRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return filepath.Join(filepath.Dir(filepath.Dir(abs)), "outbox")
}

// inside reports whether path is dir or lies under it.
func inside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && (rel == "." || (rel != ".." && !filepath.IsAbs(rel) && !startsWithDotDot(rel)))
}

func startsWithDotDot(rel string) bool {
	return len(rel) >= 3 && rel[:2] == ".." && os.IsPathSeparator(rel[2])
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

// affected lists the appraised employees with an error, left out of the
// payroll under --force. (An unknown 工号 has no payroll row to leave out.)
func affected(res *calc.Result) map[string]bool {
	bad := map[string]bool{}
	for _, p := range res.Problems {
		if p.Level == calc.Error && p.ID != "" {
			bad[p.ID] = true
		}
	}
	ids := map[string]bool{}
	for _, a := range res.Rows {
		if bad[a.ID] {
			ids[a.ID] = true
		}
	}
	return ids
}

// retireStale renames a payroll workbook of an earlier run out of the way
// when this run may not write one, so that finance cannot import a stale
// file by mistake.
func retireStale(outDir string, y int, m time.Month, stderr io.Writer) {
	for _, ext := range []string{".xlsx", ".csv"} {
		p := filepath.Join(outDir, "绩效工资调整表_"+period(y, m)+ext)
		if _, err := os.Stat(p); err == nil {
			bak := p + "." + time.Now().Format("20060102-150405") + ".bak"
			if err := os.Rename(p, bak); err == nil {
				fmt.Fprintf(stderr, "提示：上次生成的 %s 已改名为 %s（本次有错误，不生成工资调整表）\n", filepath.Base(p), filepath.Base(bak))
			}
		}
	}
}

// maxPrinted is how many errors and warnings stderr shows; the validation
// report lists them all.
const maxPrinted = 100

// report prints the problems to stderr: errors (with what to do) and
// warnings, up to maxPrinted, and the number of notes.
func report(w io.Writer, ps []calc.Problem, quiet bool) {
	sorted := append([]calc.Problem(nil), ps...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Level < sorted[j].Level })
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
		line := fmt.Sprintf("%s：%s", p.Level, p.Msg)
		if loc := p.Loc.String(); loc != "" {
			line = fmt.Sprintf("%s：%s：%s", p.Level, loc, p.Msg)
		}
		if p.ID != "" && !strings.Contains(p.Msg, p.ID) {
			line += "（工号 " + p.ID + "）"
		}
		if p.Level == calc.Error && p.Hint != "" {
			line += "。建议：" + p.Hint
		}
		fmt.Fprintln(w, line)
	}
	if skipped > 0 {
		fmt.Fprintf(w, "……另有 %d 条错误和警告未在此列出，全部问题见校验报告。\n", skipped)
	}
	if n := count(ps, calc.Info); n > 0 && !quiet {
		fmt.Fprintf(w, "另有 %d 条提示，见校验报告。\n", n)
	}
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
