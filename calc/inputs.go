package calc

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// InputKind is one row of the rules workbook's 输入清单 sheet (D19): an
// input kind by its Chinese name, whether a month must have it, and a note
// for people.
type InputKind struct {
	Name     string // 花名册, 考勤, 服务质量综合考评表, …
	Required bool
	Note     string
}

// DefaultInputs is the default 输入清单 (D19): the inputs a month must have
// and the optional ones.
func DefaultInputs() []InputKind {
	return []InputKind{
		{"花名册", true, "当月在职和当月离职的全部人员"},
		{"考勤", true, "任一形式：考勤明细模板、钉钉每日统计、企业微信打卡日报、考勤机打卡记录或手工考勤表"},
		{"服务质量综合考评表", true, "质检抽查记录（L14）"},
		{"奖惩记录", true, "违规和加分事件；本月没有时放一个只有表头的空白模板"},
		{"考试成绩", true, "当月考试（B02、M07）"},
		{"投诉记录", true, "有效投诉；提供后无有效投诉者得 B05"},
		{"额外奖惩", false, "培训专员对组长、班长的额外奖惩（A01）"},
		{"工作量", false, "提供后自动计算 B01"},
		{"排班表", false, "考勤机打卡记录配对上下班用"},
		{"请假记录", false, "提供后，没有已通过请假记录的请假日按旷工计（D34）"},
		{"换班登记", false, "换班、还班的核对（D36）"},
		{"申诉处理", false, ""},
		{"软性指标评分", false, "管理人员的软性指标，只用于“管理人员考核”表（D40）"},
	}
}

// DefaultCoverage is the default share of the employees due on a workday
// who may lack an attendance record before the day counts as missing from
// the export (D19): more than half.
var DefaultCoverage = decimal.RequireFromString("0.5")

// checkInputs validates the 输入清单 and the D19/D41 settings.
func (r *Rules) checkInputs(bad func(at RuleAt, msg, hint string)) {
	seen := map[string]bool{}
	for i, k := range r.Inputs {
		if seen[k.Name] {
			bad(RuleAt{Sheet: SheetInputs, Key: k.Name, Item: i + 1, Field: "类型"}, fmt.Sprintf("输入清单中「%s」重复", k.Name), "每种输入只能列一次")
		}
		seen[k.Name] = true
	}
	if r.CoverageRatio.IsNegative() || r.CoverageRatio.GreaterThan(decimal.NewFromInt(1)) {
		bad(RuleAt{Sheet: SheetParams, Field: "考勤缺失比例"}, fmt.Sprintf("参数 考勤缺失比例 %s 应在 0 到 1 之间", r.CoverageRatio), "默认 0.5：某个工作日超过一半的应出勤人员没有考勤记录时视为考勤不完整")
	}
}

// hashInputs writes the D19/D41 settings into the rules hash.
func (r *Rules) hashInputs(w func(format string, a ...any)) {
	for _, k := range r.Inputs {
		w("input %q %t %q", k.Name, k.Required, k.Note)
	}
	w("coverage %s ledger %t", r.CoverageRatio.String(), r.Ledger)
}
