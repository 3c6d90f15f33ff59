package templates

import (
	"appraise/calc"
	"appraise/sheets"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

func (x *rbReader) readParams(r *calc.Rules) {
	t := x.table(rbParamSheet, rbParamCols, true)
	if t == nil {
		return
	}
	byName := map[string]*rbParam{}
	var names []string
	for i := range rbParams {
		byName[rbParams[i].name] = &rbParams[i]
		names = append(names, rbParams[i].name)
	}
	seen := map[string]string{}
	for _, i := range t.data() {
		name, nameCell := t.val(i, "名称")
		name = strings.Join(strings.Fields(sheets.NormText(name)), "")
		if now, ok := rbParamAliases[name]; ok {
			name = now
		}
		p := byName[name]
		switch {
		case p == nil && rbParamObsolete[name] != "":
			x.add(calc.Warning, t.sheet, nameCell, fmt.Sprintf("参数「%s」已不再使用，已忽略", name), rbParamObsolete[name])
			continue
		case p == nil:
			x.add(calc.Error, t.sheet, nameCell, fmt.Sprintf("未知参数「%s」", name), "参数名称应为："+strings.Join(names, "、"))
			continue
		case seen[name] != "":
			x.add(calc.Error, t.sheet, nameCell, fmt.Sprintf("参数「%s」重复（%s 已有）", name, seen[name]), "每个参数只能出现一次")
			continue
		}
		seen[name] = nameCell
		v, cell := t.val(i, "值")
		bad := func(want string) {
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("参数「%s」的值「%s」无效：%s", name, v, want), p.meaning)
		}
		if v == "" {
			// Only a blank cell means the default: 0 is a value like any other.
			x.add(calc.Info, t.sheet, cell, fmt.Sprintf("参数「%s」未填写，使用默认值 %s", name, rbParamText(p, calc.DefaultRules())), p.meaning)
			continue
		}
		switch {
		case p.dec != nil:
			d, err := sheets.ParseDecimal(v)
			if err != nil {
				bad("应为数字")
				continue
			}
			*p.dec(r) = d
		case p.num != nil:
			d, err := sheets.ParseDecimal(v)
			if err != nil || !d.IsInteger() || d.Abs().GreaterThan(decimal.NewFromInt(1e9)) {
				bad("应为整数")
				continue
			}
			*p.num(r) = int(d.IntPart())
		case p.text != nil:
			*p.text(r) = v
		case p.flag != nil:
			switch strings.ReplaceAll(sheets.NormText(v), " ", "") {
			case rbByTimes, "次数", "按次", "否":
				*p.flag(r) = false
			case rbByRules, "规则", "按规则数", "是":
				*p.flag(r) = true
			default:
				bad("应为 " + rbByTimes + " 或 " + rbByRules)
				continue
			}
		case p.clock != nil:
			m, next, err := sheets.ParseClock(v, x.date1904)
			if err != nil || next && p.name != "默认下班时间" {
				bad("应为时间，如 09:00")
				continue
			}
			*p.clock(r) = m
		case p.list != nil:
			*p.list(r) = rbSplitList(v)
		case p.yes != nil:
			b, ok := rbYes(v)
			if !ok {
				bad("应为 是 或 否")
				continue
			}
			*p.yes(r) = b
		}
		x.at.name(t, name, i) // read from the workbook, not a default
	}
	def := calc.DefaultRules()
	for _, p := range rbParams {
		if seen[p.name] != "" {
			continue
		}
		x.add(calc.Warning, t.sheet, "", fmt.Sprintf("缺少参数「%s」，使用默认值 %s", p.name, rbParamText(&p, def)), p.meaning)
	}
}

// rbParamAliases maps former names of parameters to their names now.
var rbParamAliases = map[string]string{"最长连续工作分钟": "连续工作上限", "班内休息分钟": "休息分钟"}

// rbParamObsolete are parameters no longer used, with the reason.
var rbParamObsolete = map[string]string{
	"超时容忍分钟": "工作分钟 = 末次打卡 − 首次打卡 − 休息分钟，超过连续工作上限即警告，不再另设容差（D26）；可删除这一行",
}

// rbParamText formats a parameter's value of r for messages.
func rbParamText(p *rbParam, r *calc.Rules) string {
	switch {
	case p.dec != nil:
		return p.dec(r).String()
	case p.num != nil:
		return fmt.Sprint(*p.num(r))
	case p.text != nil:
		return *p.text(r)
	case p.flag != nil:
		if *p.flag(r) {
			return rbByRules
		}
		return rbByTimes
	case p.clock != nil:
		return rbClock(*p.clock(r))
	case p.list != nil:
		return strings.Join(*p.list(r), "、")
	case p.yes != nil:
		return rbYesNo(*p.yes(r))
	}
	return ""
}

// rbSplitList splits 组长、班长 (also commas, semicolons, spaces).
func rbSplitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(sheets.NormText(s), func(c rune) bool { return strings.ContainsRune("、,，;；/ \t", c) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (x *rbReader) readQA(r *calc.Rules) {
	t := x.table(rbQA, rbQACols, true)
	if t == nil {
		return
	}
	seen := map[string]string{}
	for _, i := range t.data() {
		name, cell := t.val(i, "项目")
		name = sheets.NormText(name)
		if name == "" {
			x.add(calc.Error, t.sheet, cell, "质检项目缺少名称", "填写项目名称，如 服务用语")
			continue
		}
		if seen[name] != "" {
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("质检项目「%s」重复（%s 已有）", name, seen[name]), "每个项目只能出现一次")
			continue
		}
		seen[name] = cell
		max, blank, ok := x.dec(t, i, "满分")
		if !ok {
			continue
		}
		if blank || !max.IsPositive() {
			_, mc := t.val(i, "满分")
			x.add(calc.Error, t.sheet, mc, fmt.Sprintf("质检项目「%s」的满分应为正数", name), "如 20")
			continue
		}
		r.QAItems = append(r.QAItems, calc.QAItem{Name: name, Max: max})
		x.at.entry(t, "", i)
	}
}

func (x *rbReader) readHolidays(r *calc.Rules) {
	t := x.table(rbHolidays, rbHolidayCols, false)
	if t == nil {
		return
	}
	seen := map[time.Time]string{}
	for _, i := range t.data() {
		v, cell := t.val(i, "日期")
		d, err := sheets.ParseDate(v, 0, 0, x.date1904)
		if err != nil {
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("日期「%s」无法识别", v), "填写完整日期，如 2026-10-01")
			continue
		}
		if prev := seen[d]; prev != "" {
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("日期 %s 重复（%s 已有）", d.Format("2006-01-02"), prev), "每个日期只能出现一次")
			continue
		}
		seen[d] = cell
		kind, kindCell := t.val(i, "类型")
		switch sheets.NormText(kind) {
		case rbHoliday, "休息", "放假", "节假日", "假日", "法定节假日":
			r.Holidays = append(r.Holidays, d)
		case rbWorkday, "上班", "补班", "工作日":
			r.Workdays = append(r.Workdays, d)
		default:
			x.add(calc.Error, t.sheet, kindCell, fmt.Sprintf("节假日类型「%s」未知", kind), "填写 休息日 或 调休上班")
		}
	}
	sort.Slice(r.Holidays, func(i, j int) bool { return r.Holidays[i].Before(r.Holidays[j]) })
	sort.Slice(r.Workdays, func(i, j int) bool { return r.Workdays[i].Before(r.Workdays[j]) })
}

func (x *rbReader) readSymbols(r *calc.Rules) {
	t := x.table(rbSymbols, rbSymbolCols, false)
	if t == nil {
		if _, ok := x.sheet(rbSymbols); !ok {
			x.add(calc.Warning, rbSymbols, "", "规则工作簿没有「考勤符号」工作表，使用默认符号", "")
		}
		return
	}
	known := map[string]bool{}
	for _, w := range sheets.ResultWords(r) {
		known[w] = true
	}
	syms := map[string]string{}
	seen := map[string]string{}
	for _, i := range t.data() {
		sym, cell := t.val(i, "符号")
		mean, meanCell := t.val(i, "含义")
		switch {
		case sym == "":
			x.add(calc.Error, t.sheet, cell, "考勤符号为空", "填写符号，如 √")
			continue
		case seen[sym] != "":
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("考勤符号「%s」重复（%s 已有）", sym, seen[sym]), "每个符号只能出现一次")
			continue
		case mean == "":
			x.add(calc.Error, t.sheet, meanCell, fmt.Sprintf("考勤符号「%s」缺少含义", sym), "填写考勤结果，如 正常")
			continue
		}
		seen[sym] = cell
		if !known[mean] {
			x.add(calc.Warning, t.sheet, meanCell, fmt.Sprintf("考勤符号「%s」的含义「%s」不是已知的考勤结果", sym, mean), "已知的考勤结果："+strings.Join(sheets.ResultWords(r), "、")+"；请假词可在参数表“请假类别”中增加")
		}
		syms[sym] = mean
		x.at.name(t, sym, i)
	}
	r.Symbols = syms
}
