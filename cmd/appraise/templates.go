package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"appraise/sheets"
	"appraise/templates"
)

func cmdTemplates(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("templates", stderr)
	month := fs.String("month", "", "模板中的日期限定在这个月份（`YYYY-MM`，可选）")
	rulesFile := fs.String("rules", "", "修改过的考核规则工作簿（`文件`；默认用内置规则）")
	force := fs.Bool("force", false, "文件夹中已有不同的同名文件时仍写出（原文件先备份为 文件名.时间.bak）")
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
		return fmt.Errorf("无法创建文件夹 %s（%s）", sheets.Printable(dir), sheets.ErrorText(err))
	}
	// The templates are written into a staging folder first; a file of
	// the folder that would change (a filled roster, an edited
	// 考核规则.xlsx) is never overwritten without --force, and then it is
	// backed up first.
	stage, err := os.MkdirTemp(dir, ".appraise-templates-")
	if err != nil {
		return fmt.Errorf("无法在 %s 中写入（%s）", sheets.Printable(dir), sheets.ErrorText(err))
	}
	defer sheets.RemoveAll(stage)
	if err := templates.Write(stage, rules, y, m); err != nil {
		return fmt.Errorf("写出模板失败：%s", sheets.ErrorText(err))
	}
	ents, err := os.ReadDir(stage)
	if err != nil {
		return fmt.Errorf("写出模板失败：%s", sheets.ErrorText(err))
	}
	var changed []string
	for _, e := range ents {
		old := filepath.Join(dir, e.Name())
		if _, err := os.Lstat(old); err != nil {
			continue
		}
		if same, _ := sameContent(old, filepath.Join(stage, e.Name())); !same {
			changed = append(changed, e.Name())
		}
	}
	if len(changed) > 0 && !*force {
		return fmt.Errorf("%s 中已有 %s，与模板不同（可能已填写或修改过），未写出任何模板。"+
			"请换一个空文件夹，或用 --force 覆盖（覆盖前先把原文件备份为 文件名.时间.bak）",
			sheets.Printable(dir), printableList(changed))
	}
	now := time.Now()
	for _, name := range changed {
		bak, err := sheets.BackupFile(filepath.Join(dir, name), now, rules.BackupKeep)
		if err != nil {
			return fmt.Errorf("%s，未覆盖 %s", sheets.ErrorText(err), sheets.Printable(name))
		}
		fmt.Fprintf(stderr, "提示：原有的 %s 已备份为 %s\n", sheets.Printable(name), sheets.Printable(filepath.Base(bak)))
	}
	for _, e := range ents {
		if err := os.Rename(filepath.Join(stage, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			msg := sheets.ErrorText(err)
			if runtime.GOOS == "windows" && errors.Is(err, os.ErrPermission) {
				msg = "请先关闭 Excel/WPS 中打开的 " + e.Name()
			}
			return fmt.Errorf("写出模板 %s 失败：%s", sheets.Printable(e.Name()), msg)
		}
		fmt.Fprintln(stdout, sheets.Printable(filepath.Join(dir, e.Name())))
	}
	return nil
}

// sameContent reports whether two files hold the same bytes.
func sameContent(a, b string) (bool, error) {
	x, err := os.ReadFile(a)
	if err != nil {
		return false, err
	}
	y, err := os.ReadFile(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(x, y), nil
}

func printableList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = sheets.Printable(n)
	}
	return strings.Join(out, "、")
}
