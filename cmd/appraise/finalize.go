package main

import (
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"appraise/calc"
	"appraise/sheets"
)

// cmdFinalize signs a month off (D33): ROOT/YYYY-MM/定稿.json records the
// SHA-256 of every file of the set, who and when. Later runs of the month
// write corrections (更正N/) instead of replacing the set.
func cmdFinalize(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("finalize", stderr)
	out := fs.String("out", "", "输出根目录（`目录`，其中的 YYYY-MM/ 是要定稿的结果；给出月份文件夹时默认为它上一级旁边的 outbox）")
	by := fs.String("by", "", "定稿人（`姓名`，默认为当前登录的用户名）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("finalize 需要一个月份文件夹或月份，例如：appraise finalize inbox/2026-11 或 appraise finalize 2026-11 --out outbox")
	}
	arg := fs.Arg(0)
	var year int
	var month time.Month
	root := *out
	if y, m, ok := sheets.ParseMonth(arg); ok && !isDir(arg) {
		if root == "" {
			return usagef("按月份定稿时须用 --out 给出输出根目录，例如：appraise finalize %s --out outbox", arg)
		}
		year, month = y, m
	} else {
		if !isDir(arg) {
			return usagef("找不到文件夹：%s（也不是 YYYY-MM 格式的月份）", sheets.Printable(arg))
		}
		y, m, err := monthOf(arg, "")
		if err != nil {
			return err
		}
		year, month = y, m
		if root == "" {
			root = defaultOutRoot(arg)
		}
	}
	dir := filepath.Join(root, period(year, month))
	if !isDir(dir) {
		return fmt.Errorf("找不到 %s 的结果文件夹 %s：请先运行 appraise run", period(year, month), sheets.Printable(dir))
	}
	who := *by
	if who == "" {
		who = osUser()
	}
	unlock, err := lock(root)
	if err != nil {
		return err
	}
	defer unlock()
	fi, err := sheets.Finalize(dir, year, month, who, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, sheets.Printable(filepath.Join(dir, sheets.FinalName)))
	fmt.Fprintf(stderr, "%s 已定稿：%s，%s，共 %d 个文件的哈希已记录。此后再运行这个月，结果写入 %s 下的更正文件夹（更正1、更正2 …），定稿文件不再改变。\n",
		period(year, month), fi.By, fi.At, fi.Files, sheets.Printable(dir))
	return nil
}

// osUser is the name of the user running the program.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "未知用户"
}

// correct is a run of a signed-off month (D33): the month folder keeps its
// final files; the new set goes to 更正N/ with the 差额表 of the employees
// whose score or money changed against the latest set. Nothing is written
// when nothing changed, or when the inputs have errors.
func (o *options) correct(outDir string, res *calc.Result, r *sheets.Run, errs int, stdout, stderr io.Writer) error {
	fi, _ := sheets.ReadFinal(outDir)
	who := ""
	if fi != nil {
		who = fmt.Sprintf("（%s 于 %s 定稿）", fi.By, fi.At)
	}
	if errs > 0 {
		fmt.Fprintf(stderr, "%s 已定稿%s：本次输入有 %d 个错误，不生成更正。请修改输入后重新运行。\n", period(res.Year, res.Month), who, errs)
		return errInput
	}
	baseDir, n := sheets.LatestSet(filepath.Dir(outDir), res.Year, res.Month)
	base, err := sheets.ReadBaseline(baseDir, res.Year, res.Month, r.Password)
	if err != nil {
		return err
	}
	rows := base.Diff(res)
	from := "定稿"
	if n > 0 {
		from = sheets.CorrectionDir(n)
	}
	if len(rows) == 0 {
		fmt.Fprintf(stderr, "%s 已定稿%s：与%s相比，没有员工的考核分、绩效浮动或赔偿扣款变化，不生成更正。\n", period(res.Year, res.Month), who, from)
		return nil
	}
	next := sheets.NextCorrection(outDir)
	r.Extra = sheets.DiffOutputs(res, r, rows, next)
	w, err := sheets.WriteSet(filepath.Join(outDir, sheets.CorrectionDir(next)), res, r)
	if err != nil {
		return err
	}
	for _, f := range w.Files {
		fmt.Fprintln(stdout, sheets.Printable(f))
	}
	for _, n := range w.Notes {
		fmt.Fprintf(stderr, "提示：%s\n", sheets.Printable(n))
	}
	fmt.Fprintf(stderr, "%s 已定稿%s：定稿文件未改动；与%s相比有 %d 人变化，更正结果和绩效工资差额表写入 %s。请把差额表交财务，不要重复发放整月工资调整表。\n",
		period(res.Year, res.Month), who, from, len(rows), sheets.Printable(filepath.Join(outDir, sheets.CorrectionDir(next))))
	return nil
}
