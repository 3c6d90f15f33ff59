package main

import (
	"fmt"
	"io"

	"appraise/month"
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
	f, err := month.Finalize(month.FinalizeOptions{Target: fs.Arg(0), Out: *out, By: *by})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, sheets.Printable(f.Path))
	fmt.Fprintf(stderr, "%s 已定稿：%s，%s，共 %d 个文件的哈希已记录。此后再运行这个月，结果写入 %s 下的更正文件夹（更正1、更正2 …），定稿文件不再改变。\n",
		period(f.Year, f.Month), f.Info.By, f.Info.At, f.Info.Files, sheets.Printable(f.Dir))
	return nil
}
