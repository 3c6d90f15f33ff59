package main

import (
	"fmt"
	"io"
	"strings"

	"appraise/calc"
)

func cmdRules(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("rules", stderr)
	file := fs.String("rules", "", "修改过的考核规则工作簿（`文件`；默认用内置规则）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("rules 不接受参数：%s", strings.Join(fs.Args(), " "))
	}
	r, err := loadRules(*file, stderr)
	if err != nil {
		return err
	}
	rows := [][]string{{"代码", "类别", "分值", "计次", "项目"}}
	for _, rule := range r.Catalogue {
		pts := rule.Min.String()
		if !rule.Min.Equal(rule.Max) {
			pts = rule.Min.String() + "～" + rule.Max.String()
		}
		if rule.Category == calc.Dismissal {
			pts = "—"
		}
		per := "每次"
		if rule.PerMonth {
			per = "每月一次"
		}
		rows = append(rows, []string{rule.Code, string(rule.Category), pts, per, rule.Name})
	}
	table(stdout, rows)
	fmt.Fprintf(stdout, "\n基础分 %s，满分 %s，每分 %s 元，浮动上限 ±%s 元，第 %d 个月起浮动。\n",
		r.Base, r.Cap, r.YuanPerPoint, r.FloatMax, r.FloatFrom)
	fmt.Fprintln(stdout, "\n等级：")
	grades := [][]string{}
	for _, g := range r.Grades {
		op := "≥"
		if g.Exclusive {
			op = ">"
		}
		grades = append(grades, []string{"  " + g.Grade, op + " " + g.Min.String()})
	}
	grades = append(grades, []string{"  " + r.FailGrade, "其余"})
	table(stdout, grades)
	fmt.Fprintln(stdout, "\n迟到早退（L04，每次）：")
	table(stdout, tiers(r.LateTiers, func(t calc.Tier) string { return t.Points.String() + " 分" }))
	fmt.Fprintln(stdout, "\n突发事件超时：")
	table(stdout, tiers(r.IncidentTiers, func(t calc.Tier) string { return t.Code }))
	fmt.Fprintln(stdout, inputsLine(r))
	fmt.Fprintf(stdout, "\n规则 SHA-256：%s\n", r.Hash())
	return nil
}

// tiers lists minute tiers as rows "1–5 分钟  2 分".
func tiers(ts []calc.Tier, what func(calc.Tier) string) [][]string {
	var rows [][]string
	for _, t := range ts {
		span := fmt.Sprintf("%d–%d 分钟", t.From, t.To)
		if t.To == 0 {
			span = fmt.Sprintf("%d 分钟及以上", t.From)
		}
		rows = append(rows, []string{"  " + span, what(t)})
	}
	return rows
}

// width is the display width of s in a terminal: CJK characters count 2.
func width(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) ||
			(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// table prints rows as aligned columns; the last column is not padded.
func table(w io.Writer, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, c := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], width(c))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, c := range row {
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-width(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
