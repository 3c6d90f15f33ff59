package templates

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/sheets"
)

// The 输入清单 sheet of the rules workbook (D19): which input kinds a month
// must have. WriteRules calls rbWriteInputs and rbRead readInputs; the settings
// 考勤缺失比例 and 累计台账 (D19, D41) join the 参数 sheet through
// rbInputParams.

const rbInputs = "输入清单"

var rbInputCols = []rbCol{
	{"类型", "输入的类型：" + strings.Join(sheets.InputKindNames(), "、") + "。考勤包括考勤明细模板、钉钉、企业微信、考勤机打卡和手工考勤表各种形式", 20},
	{"是否必需", "是：本月没有这类工作表时报错，不生成绩效工资调整表；确实没有时放一个只有表头的空白模板，表示“本月无”。否：可以不提供", 10},
	{"说明", "仅供阅读", 60},
}

// rbInputsDoc is the 说明-sheet paragraph of 输入清单.
const rbInputsDoc = "每月必须提供的输入。必需的类型缺少时是错误（不生成绩效工资调整表），以免漏放一个文件就悄悄算错钱；" +
	"某类记录本月确实没有时（例如没有投诉），放入该类型只有表头的空白模板（appraise templates 生成），表示“本月无”。" +
	"花名册和考勤始终必需。未列出的类型视为可选。"

// rbInputParams are the 参数 rows of D19 and D41, appended to rbParams.
var rbInputParams = []rbParam{
	{name: "考勤缺失比例", meaning: "某个工作日没有考勤记录的人数超过当天应出勤人数的此比例时，视为考勤导出不完整（错误）；默认0.5即超过一半；个别人缺记录只给警告",
		dec: func(r *calc.Rules) *decimal.Decimal { return &r.CoverageRatio }},
	{name: "累计台账", meaning: "是：奖惩记录、质检、投诉为全年累计的台账，其他月份的行跳过并按月份计数提示；否：不在考核月份的行是错误",
		yes: func(r *calc.Rules) *bool { return &r.Ledger }},
}

func init() { rbParams = append(rbParams, rbInputParams...) }

// inputKindAlias maps other words HR may type in 类型 to the 类型.
var inputKindAlias = map[string]string{
	"考勤明细": "考勤", "考勤表": "考勤", "质检": "服务质量综合考评表", "质检表": "服务质量综合考评表",
	"服务质量考评表": "服务质量综合考评表", "考试": "考试成绩", "投诉": "投诉记录", "奖惩": "奖惩记录",
}

func rbWriteInputs(f *excelize.File, st rbStyles, r *calc.Rules) error {
	sh := rbInputs
	if err := rbHeader(f, st, sh, 1, rbInputCols); err != nil {
		return err
	}
	for i, k := range r.Inputs {
		row := i + 2
		for c, v := range []string{k.Name, rbYesNo(k.Required), k.Note} {
			if err := f.SetCellStr(sh, rbCell(c, row), v); err != nil {
				return err
			}
		}
		if err := rbFitRow(f, sh, row, k.Note, rbInputCols[2].width-2); err != nil {
			return err
		}
	}
	if n := len(r.Inputs); n > 0 {
		if err := f.SetCellStyle(sh, "A2", rbCell(2, n+1), st.wrap); err != nil {
			return err
		}
	}
	if err := rbList(f, sh, "A2:A100", sheets.InputKindNames(), true); err != nil {
		return err
	}
	return rbList(f, sh, "B2:B100", []string{"是", "否"}, true)
}

// readInputs reads 输入清单. A workbook written before the sheet existed
// keeps the default list, with a warning.
func (x *rbReader) readInputs(r *calc.Rules) {
	if _, ok := x.sheet(rbInputs); !ok {
		x.add(calc.Warning, rbInputs, "", fmt.Sprintf("规则工作簿没有「%s」工作表，使用默认的必需输入：%s", rbInputs, requiredText(calc.DefaultInputs())),
			"用 appraise templates 生成新的考核规则工作簿，把「输入清单」工作表复制过来")
		return
	}
	r.Inputs = nil
	t := x.table(rbInputs, rbInputCols, false)
	if t == nil {
		return
	}
	seen := map[string]string{}
	for _, i := range t.data() {
		name, cell := t.val(i, "类型")
		name = strings.Join(strings.Fields(sheets.NormText(name)), "")
		if a, ok := inputKindAlias[name]; ok {
			name = a
		}
		known := slices.Contains(sheets.InputKindNames(), name)
		switch {
		case name == "":
			x.add(calc.Error, t.sheet, cell, "输入清单的类型为空", "类型应为："+strings.Join(sheets.InputKindNames(), "、"))
			continue
		case !known:
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("未知的输入类型「%s」", name), "类型应为："+strings.Join(sheets.InputKindNames(), "、"))
			continue
		case seen[name] != "":
			x.add(calc.Error, t.sheet, cell, fmt.Sprintf("输入类型「%s」重复（%s 已有）", name, seen[name]), "每种类型只能列一次")
			continue
		}
		seen[name] = cell
		v, vcell := t.val(i, "是否必需")
		req, ok := rbYes(v)
		if !ok {
			x.add(calc.Error, t.sheet, vcell, fmt.Sprintf("「%s」的是否必需「%s」无效：应为 是 或 否", name, v), "是：本月必须提供；否：可以不提供")
			continue
		}
		if !req && (name == "花名册" || name == "考勤") {
			x.add(calc.Warning, t.sheet, vcell, fmt.Sprintf("%s 始终必需（没有它无法考核），此处的“否”不起作用", name), "改为 是")
			req = true
		}
		note, _ := t.val(i, "说明")
		r.Inputs = append(r.Inputs, calc.InputKind{Name: name, Required: req, Note: note})
		x.at.entry(t, "", i)
	}
}

// requiredText lists the required kinds: 花名册、考勤、….
func requiredText(ks []calc.InputKind) string {
	var out []string
	for _, k := range ks {
		if k.Required {
			out = append(out, k.Name)
		}
	}
	return strings.Join(out, "、")
}
