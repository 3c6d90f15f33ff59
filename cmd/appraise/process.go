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

// process is run and check: load the month, appraise it and, for run,
// write the outputs.
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
	dirs, err := o.monthFolders(name, dir, *all, stderr)
	if err != nil {
		return err
	}
	var failed error
	for _, d := range dirs {
		if len(dirs) > 1 {
			fmt.Fprintf(stderr, "—— %s ——\n", filepath.Base(d))
		}
		err := o.appraiseFolder(name, d, stdout, stderr, false)
		if len(dirs) == 1 || err == nil {
			failed = err
			continue
		}
		if err != errInput {
			fmt.Fprintf(stderr, "appraise: %s：%s\n", filepath.Base(d), sheets.ChineseErrorText(err.Error()))
		}
		failed = errInput
	}
	return failed
}

// monthFolders decides which month folders a run or check processes: the
// folder itself, or, when it is an inbox (no month in its name, no input
// files, month folders inside), the newest month folder inside, or all of
// them with all, or the one --month names.
func (o *options) monthFolders(name, dir string, all bool, stderr io.Writer) ([]string, error) {
	abs, _ := filepath.Abs(dir)
	_, _, named := folderMonth(filepath.Base(abs))
	_, bare := bareMonth(filepath.Base(abs))
	subs := monthDirs(dir)
	if named || bare || len(subs) == 0 || hasInputFiles(dir) {
		if all {
			return nil, usagef("--all 只用于收件文件夹（其中有按月份命名的文件夹）；%s 本身就是月份文件夹", dir)
		}
		return []string{dir}, nil
	}
	// Two folders of one month would write the same outputs.
	for i := 1; i < len(subs); i++ {
		if subs[i].year == subs[i-1].year && subs[i].month == subs[i-1].month {
			return nil, usagef("%s 中有两个文件夹都是 %s：%s 和 %s；请删除或改名其中一个", dir, period(subs[i].year, subs[i].month),
				filepath.Base(subs[i-1].path), filepath.Base(subs[i].path))
		}
	}
	names := make([]string, len(subs))
	paths := make([]string, len(subs))
	for i, s := range subs {
		names[i] = filepath.Base(s.path)
		paths[i] = s.path
	}
	if o.month != "" {
		y, m, ok := sheets.ParseMonth(o.month)
		if !ok {
			return nil, usagef("--month %q 不是有效的月份，应为 YYYY-MM，例如 2026-11", o.month)
		}
		for _, s := range subs {
			if s.year == y && s.month == m {
				return []string{s.path}, nil
			}
		}
		return nil, usagef("%s 中没有 %s 的月份文件夹（有：%s）", dir, o.month, strings.Join(names, "、"))
	}
	if all {
		if !o.quiet {
			fmt.Fprintf(stderr, "%s 中有 %d 个月份文件夹，逐个%s：%s\n", dir, len(subs), verb(name), strings.Join(names, "、"))
		}
		return paths, nil
	}
	newest := subs[len(subs)-1]
	if !o.quiet {
		fmt.Fprintf(stderr, "%s 是收件文件夹，其中的月份文件夹：%s；%s最新的 %s（全部%s请加 --all，指定月份请用 --month）\n",
			dir, strings.Join(names, "、"), verb(name), filepath.Base(newest.path), verb(name))
	}
	return []string{newest.path}, nil
}

// verb is what run or check does to a month.
func verb(name string) string {
	if name == "check" {
		return "校验"
	}
	return "处理"
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
		return usagef("输出目录 %s 不能位于输入文件夹 %s 之内", sheets.Printable(outDir), sheets.Printable(dir))
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
		return fmt.Errorf("无法读取文件夹 %s（%s）", sheets.Printable(dir), sheets.ErrorText(err))
	}
	ld.Problems = append(ld.Problems, subfolderFiles(dir)...)
	m := &ld.Month
	var prevNote []calc.Problem
	m.Prev, m.PrevGiven, prevNote = previous(dir, o.prev, root, year, month, rules, password)
	prevNote = append(prevNote, missingKinds(root, year, month, ld.Kinds)...)
	res := calc.Appraise(m, rules)
	res.Problems = append(append(append([]calc.Problem(nil), ld.Problems...), prevNote...), res.Problems...)
	if writes && o.csvGBK && password == "" {
		res.Problems = append(res.Problems, sheets.GBKProblems(res)...)
	}

	errs := count(res.Problems, calc.Error)
	switch {
	case !writes:
		checkReport(stderr, res.Problems, o.quiet, year, month)
	case !o.quiet || errs > 0:
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
	if sheets.IsFinal(outDir) { // D33: a signed-off month gets corrections, never a new set
		return o.correct(outDir, res, r, errs, stdout, stderr)
	}
	// The whole set is switched in at once; a payroll of an earlier run
	// that this run may not write is retired as a backup in the same
	// switch (retireNote tells why).
	w, err := sheets.WriteSet(outDir, res, r)
	if err != nil {
		return err // *sheets.OutputError: Chinese, names the file and the state of the folder
	}
	for _, f := range w.Files {
		fmt.Fprintln(stdout, sheets.Printable(f))
	}
	for _, x := range w.Retired {
		fmt.Fprintf(stderr, "提示：%s\n", retireNote(x, r))
	}
	for _, n := range w.Notes {
		fmt.Fprintf(stderr, "提示：%s\n", sheets.Printable(n))
	}
	if !o.quiet || errs > 0 {
		summary(stderr, res, r, errs)
	}
	if errs > 0 {
		return errInput
	}
	return nil
}

// defaultOutRoot is outbox beside the month folder's parent:
// inbox/2026-11 → outbox.
func defaultOutRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return filepath.Join(filepath.Dir(filepath.Dir(abs)), "outbox")
}

// inside reports whether path is dir or lies under it, after resolving
// symbolic links (an --out that reaches into the input folder through a
// link counts as inside). A path that does not exist yet is resolved
// through its nearest existing parent.
func inside(path, dir string) bool {
	p, err1 := resolved(path)
	d, err2 := resolved(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && (rel == "." || (rel != ".." && !filepath.IsAbs(rel) && !startsWithDotDot(rel)))
}

// resolved is the absolute path with symbolic links resolved; the missing
// tail of a path that does not exist yet is kept as written.
func resolved(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	var tail []string
	for p := abs; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{r}, tail...)...), nil
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		tail = append([]string{filepath.Base(p)}, tail...)
	}
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
		if p.Level == calc.Error {
			if p.ID != "" {
				bad[p.ID] = true
			}
			for _, id := range p.Others { // a summary of errors not listed one by one
				bad[id] = true
			}
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

// retireNote says where a previous output went that this run does not
// write, and why.
func retireNote(x sheets.Retired, r *sheets.Run) string {
	why := "本次不生成此文件"
	switch {
	case strings.HasPrefix(x.Name, "绩效工资调整表_") && !r.Payroll:
		why = "本次有错误，不生成工资调整表，防止财务误用旧文件"
	case strings.HasPrefix(x.Name, "绩效工资调整表_") && strings.HasSuffix(x.Name, ".csv") && r.Password != "":
		why = "本次工资调整表已加密，加密时不生成 CSV"
	}
	if x.Backup == "" {
		return fmt.Sprintf("上次生成的 %s 已删除（%s；备份保留份数为 0）", sheets.Printable(x.Name), why)
	}
	return fmt.Sprintf("上次生成的 %s 已改为备份 %s（%s）", sheets.Printable(x.Name), sheets.Printable(x.Backup), why)
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
