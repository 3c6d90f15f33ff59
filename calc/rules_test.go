package calc

import (
	"fmt"
	"strings"
	"testing"
)

func TestDefaultRulesCatalogue(t *testing.T) {
	r := DefaultRules()
	want := map[Category][]string{
		Bonus:         {"B01", "B02", "B03", "B04", "B05", "B06"},
		Light:         {"L01", "L02", "L03", "L04", "L05", "L06", "L07", "L08", "L09", "L10", "L11", "L12", "L13", "L14"},
		Medium:        {"M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08"},
		Severe:        {"S01", "S02", "S03", "S04", "S05", "S06"},
		Dismissal:     {"X01", "X02", "X03", "X04"},
		Discretionary: {"A01"},
	}
	n := 0
	for cat, cs := range want {
		for _, c := range cs {
			n++
			rl, ok := r.Rule(c)
			if !ok || rl.Category != cat {
				t.Errorf("Rule(%v) = %v, %v; want category %v", c, rl.Category, ok, cat)
			}
		}
	}
	if len(r.Catalogue) != n {
		t.Errorf("len(Catalogue) = %v; want %v", len(r.Catalogue), n)
	}
	for _, c := range []struct {
		code, name, min, max string
		perMonth             bool
	}{
		{"B01", "当月工作量、质量为全客服之首，并且无违规事件", "5", "5", true},
		{"B05", "当月有效投诉率为零", "5", "5", true},
		{"L04", "迟到早退", "2", "5", false},
		{"L09", "上班时间谈论与本职工作无关的事情", "1", "2", false},
		{"L14", "主管随机抽查得分", "2", "5", false},
		{"M07", "客服考试，得分在60以下", "10", "10", false},
		{"S05", "当月未良好履行客服人员的工作职责", "20", "20", true},
		{"S06", "未在流程控制时间内处理突发事件，超过30分钟以上", "20", "20", false},
		{"X04", "利用职权徇私舞弊", "0", "0", false},
		{"A01", "额外奖惩", "-5", "5", true},
	} {
		rl, _ := r.Rule(c.code)
		if rl.Name != c.name || !rl.Min.Equal(dec(c.min)) || !rl.Max.Equal(dec(c.max)) || rl.PerMonth != c.perMonth {
			t.Errorf("Rule(%v) = %v %v–%v %v; want %v %v–%v %v", c.code, rl.Name, rl.Min, rl.Max, rl.PerMonth, c.name, c.min, c.max, c.perMonth)
		}
	}
	if r.Symbols["√"] != "正常" || r.Symbols["缺"] != "缺卡" || len(r.Symbols) != 14 {
		t.Errorf("Symbols = %v; want the 14 symbols of the spec", r.Symbols)
	}
	if r.DefaultShift != (Shift{Name: "白班", Start: 540, End: 1080}) {
		t.Errorf("DefaultShift = %v; want 白班 540–1080", r.DefaultShift)
	}
}

func TestLookup(t *testing.T) {
	r := DefaultRules()
	for _, c := range []struct {
		item, want, errSub string
	}{
		{"L04", "L04", ""},
		{" l04 ", "L04", ""},
		{"Ｌ０４", "L04", ""},
		{"迟到早退", "L04", ""},
		{"迟到", "L04", ""},
		{"旷工", "S01", ""},
		{"工作时间内睡觉", "X01", ""},
		{"L04 迟到早退", "L04", ""},
		{"L04-迟到", "L04", ""},
		{"当班时间与客户发生口角争执或冲突(有效投诉)", "S02", ""},
		{"额外奖惩", "A01", ""},
		{"投诉", "", "不唯一"},
		{"突发事件", "", "不唯一"},
		{"超过11~30分钟", "M08", ""},
		{"上天入地", "", "未知"},
		{"迟到了很久", "", "L04"},
		{"", "", "为空"},
	} {
		got, err := r.Lookup(c.item)
		switch {
		case c.errSub == "" && (err != nil || got.Code != c.want):
			t.Errorf("Lookup(%q) = %v, %v; want %v", c.item, got.Code, err, c.want)
		case c.errSub != "" && (err == nil || !strings.Contains(err.Error(), c.errSub)):
			t.Errorf("Lookup(%q) = %v, %v; want error containing %q", c.item, got.Code, err, c.errSub)
		}
	}
	_, err := r.Lookup("突发事件")
	for _, c := range []string{"L13", "M08", "S06"} {
		if err == nil || !strings.Contains(err.Error(), c) {
			t.Errorf("Lookup(突发事件) = %v; want candidates including %v", err, c)
		}
	}
}

// TestCheck: every problem of Check carries its place in the rules
// workbook as data (issue 15 item 4): the sheet (also in Loc), the entry and
// the column or setting.
func TestCheck(t *testing.T) {
	if ps := DefaultRules().Check(); len(ps) != 0 {
		t.Errorf("DefaultRules().Check() = %v; want no problems", ps)
	}
	n := len(DefaultRules().Catalogue)
	cat := func(code string, item int, field string) RuleAt {
		return RuleAt{Sheet: SheetCatalogue, Key: code, Item: item, Field: field}
	}
	late := func(item int, field string) RuleAt {
		return RuleAt{Sheet: SheetTiers, Key: "迟到早退", Item: item, Field: field}
	}
	for _, c := range []struct {
		name   string
		change func(r *Rules)
		level  Level
		msg    string
		at     RuleAt
	}{
		{"duplicate code", func(r *Rules) {
			x := r.Catalogue[0]
			x.Name = "另一项"
			r.Catalogue = append(r.Catalogue, x)
		}, Error, "规则编号 B01 重复", cat("B01", n+1, "代码")},
		{"missing code", func(r *Rules) { r.Catalogue = append(r.Catalogue, Rule{Category: Bonus, Name: "新规则"}) }, Error,
			fmt.Sprintf("第%d条规则缺少编号", n+1), cat("", n+1, "代码")},
		{"engine rule missing", func(r *Rules) { r.Catalogue = r.Catalogue[1:] }, Error, "缺少规则 B01，相关自动计算无法进行", cat("B01", 0, "代码")},
		{"min > max", func(r *Rules) { r.Catalogue[9].Min = dec("6") }, Error, "规则 L04 的最低分 6 大于最高分 5", cat("L04", 10, "最低分")},
		{"unknown category", func(r *Rules) { r.Catalogue[2].Category = "奖金" }, Error, "规则 B03 的类别「奖金」未知", cat("B03", 3, "类别")},
		{"same name", func(r *Rules) { r.Catalogue[3].Name = r.Catalogue[2].Name }, Warning, "规则 B04 与 B03 的项目名称相同", cat("B04", 4, "项目")},
		{"overlapping tiers", func(r *Rules) { r.LateTiers[1].From = 5 }, Error, "迟到早退分档重叠：5 分钟起的一档与前一档重叠", late(2, "起始分钟")},
		{"gap in tiers, unsorted", func(r *Rules) {
			r.LateTiers[0], r.LateTiers[3] = r.LateTiers[3], r.LateTiers[0]
			r.LateTiers[1].From = 7 // now the 2nd entry, the 2nd tier by start
		}, Error, "迟到早退分档有空缺：6–6 分钟不属于任何一档", late(2, "起始分钟")},
		{"incident tier unknown code", func(r *Rules) { r.IncidentTiers[0].Code = "L99" }, Error, "突发事件分档引用了不存在的规则「L99」",
			RuleAt{Sheet: SheetTiers, Key: "突发事件", Item: 1, Field: "规则代码"}},
		{"no late tiers", func(r *Rules) { r.LateTiers = nil }, Error, "迟到早退分档为空", RuleAt{Sheet: SheetTiers, Key: "迟到早退"}},
		{"grades not descending", func(r *Rules) { r.Grades[2].Min = dec("85") }, Error, "等级分段未按从高到低排列：C（85）不低于 B（80）",
			RuleAt{Sheet: SheetGrades, Key: "C", Item: 3, Field: "分数下限"}},
		{"no fail grade", func(r *Rules) { r.FailGrade = "" }, Error, "缺少最低等级（不合格）的名称", RuleAt{Sheet: SheetGrades, Field: "等级"}},
		{"base above cap", func(r *Rules) { r.Base = dec("120") }, Error, "分数设置不合理：下限 0、基础分 120、上限 110", RuleAt{Sheet: SheetParams, Field: "考核分下限"}},
		{"qa error default", func(r *Rules) { r.QAErrorDefault = dec("9") }, Error, "默认差错扣分 9 不在 2–5 之间", RuleAt{Sheet: SheetParams, Field: "默认差错扣分"}},
		{"qa item max", func(r *Rules) { r.QAItems[1].Max = dec("0") }, Error, "质检项目「" + DefaultRules().QAItems[1].Name + "」的满分应大于0",
			RuleAt{Sheet: SheetQA, Key: DefaultRules().QAItems[1].Name, Item: 2, Field: "满分"}},
		{"exam ratio", func(r *Rules) { r.ExamFailRatio = dec("1.5") }, Error, "考试不及格比例 1.5 应在 0–1 之间", RuleAt{Sheet: SheetParams, Field: "考试不及格比例"}},
		{"leave days negative", func(r *Rules) { r.HolidayAheadDays = dec("-1") }, Error, "请假的天数参数（事假提前天数、病假证明天数、节假日请假提前天数、审批权限天数）不能为负数",
			RuleAt{Sheet: SheetParams, Field: "事假提前天数"}},
		{"leave day hours 0", func(r *Rules) { r.LeaveDayHours = dec("0") }, Error, "每天请假小时数应大于 0", RuleAt{Sheet: SheetParams, Field: "每天请假小时数"}},
		{"swap limit negative", func(r *Rules) { r.SwapMax = -1 }, Error, "每月换班上限、离岗违纪分钟数、每月监听上限、提前到岗分钟不能为负数", RuleAt{Sheet: SheetParams, Field: "每月换班上限"}},
		{"night clock", func(r *Rules) { r.NightAskBy = 24 * 60 }, Error, "夜班开始时间和夜班请假截止时间应为一天中的时刻", RuleAt{Sheet: SheetParams, Field: "夜班开始时间"}},
		{"empty word list", func(r *Rules) { r.ResignTypes = nil }, Warning, "参数「辞职类型」为空", RuleAt{Sheet: SheetParams, Field: "辞职类型"}},
		{"incomplete symbol", func(r *Rules) { r.Symbols["X"] = "" }, Error, "考勤符号「X」→「」不完整", RuleAt{Sheet: SheetSymbols, Key: "X", Field: "含义"}},
		{"duplicate input", func(r *Rules) { r.Inputs = append(r.Inputs, r.Inputs[0]) }, Error, "输入清单中「花名册」重复",
			RuleAt{Sheet: SheetInputs, Key: "花名册", Item: 14, Field: "类型"}},
		{"coverage ratio", func(r *Rules) { r.CoverageRatio = dec("2") }, Error, "参数 考勤缺失比例 2 应在 0 到 1 之间", RuleAt{Sheet: SheetParams, Field: "考勤缺失比例"}},
	} {
		r := DefaultRules()
		c.change(r)
		ps := r.Check()
		if len(ps) != 1 {
			t.Errorf("%s: Check() = %v; want one problem", c.name, ps)
			continue
		}
		p := ps[0]
		if p.Level != c.level || p.Msg != c.msg || p.At != c.at || p.Loc != (Loc{Sheet: c.at.Sheet}) {
			t.Errorf("%s: Check() = %v %q at %+v, %+v; want %v %q at %+v", c.name, p.Level, p.Msg, p.At, p.Loc, c.level, c.msg, c.at)
		}
	}
}

func TestHash(t *testing.T) {
	a, b := DefaultRules().Hash(), DefaultRules().Hash()
	if a != b || len(a) != 64 {
		t.Errorf("Hash() = %v, %v; want the same 64 hex digits twice", a, b)
	}
	shuffled := DefaultRules()
	shuffled.Catalogue[0], shuffled.Catalogue[5] = shuffled.Catalogue[5], shuffled.Catalogue[0]
	shuffled.LateTiers[0], shuffled.LateTiers[3] = shuffled.LateTiers[3], shuffled.LateTiers[0]
	if got := shuffled.Hash(); got != a {
		t.Errorf("Hash(reordered catalogue and tiers) = %v; want %v", got, a)
	}
	for name, change := range map[string]func(r *Rules){
		"points":    func(r *Rules) { r.Catalogue[3].Min = dec("4") },
		"symbol":    func(r *Rules) { r.Symbols["X"] = "旷工" },
		"cutoff":    func(r *Rules) { r.HireCutoff = 15 },
		"grade":     func(r *Rules) { r.Grades[0].Exclusive = false },
		"swaps":     func(r *Rules) { r.SwapMax = 3 },
		"night":     func(r *Rules) { r.NightAskBy = 13 * 60 },
		"approvers": func(r *Rules) { r.LongApprovers = []string{"主任"} },
	} {
		r := DefaultRules()
		change(r)
		if got := r.Hash(); got == a {
			t.Errorf("Hash(after %v change) = %v; want a different hash", name, got)
		}
	}
}
