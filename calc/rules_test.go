package calc

import (
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

func TestCheck(t *testing.T) {
	if ps := DefaultRules().Check(); len(ps) != 0 {
		t.Errorf("DefaultRules().Check() = %v; want no problems", ps)
	}
	for _, c := range []struct {
		name   string
		change func(r *Rules)
		sub    string
	}{
		{"duplicate code", func(r *Rules) { r.Catalogue[1].Code = "B01" }, "重复"},
		{"missing code", func(r *Rules) { r.Catalogue[0].Code = "" }, "缺少编号"},
		{"engine rule missing", func(r *Rules) { r.Catalogue = r.Catalogue[1:] }, "缺少规则 B01"},
		{"min > max", func(r *Rules) { r.Catalogue[9].Min = dec("6") }, "大于最高分"},
		{"unknown category", func(r *Rules) { r.Catalogue[2].Category = "奖金" }, "类别"},
		{"overlapping tiers", func(r *Rules) { r.LateTiers[1].From = 5 }, "重叠"},
		{"gap in tiers", func(r *Rules) { r.LateTiers[1].From = 7 }, "空缺"},
		{"incident tier unknown code", func(r *Rules) { r.IncidentTiers[0].Code = "L99" }, "L99"},
		{"grades not descending", func(r *Rules) { r.Grades[2].Min = dec("85") }, "从高到低"},
		{"no fail grade", func(r *Rules) { r.FailGrade = "" }, "不合格"},
		{"base above cap", func(r *Rules) { r.Base = dec("120") }, "基础分"},
		{"qa error range", func(r *Rules) { r.QAErrorMin = dec("6") }, "差错扣分"},
		{"exam ratio", func(r *Rules) { r.ExamFailRatio = dec("1.5") }, "考试"},
		{"leave days negative", func(r *Rules) { r.HolidayAheadDays = dec("-1") }, "请假的天数参数"},
		{"leave day hours 0", func(r *Rules) { r.LeaveDayHours = dec("0") }, "每天请假小时数"},
		{"swap limit negative", func(r *Rules) { r.SwapMax = -1 }, "每月换班上限"},
		{"night clock", func(r *Rules) { r.NightAskBy = 24 * 60 }, "夜班"},
	} {
		r := DefaultRules()
		c.change(r)
		ps := r.Check()
		found := false
		for _, p := range ps {
			if p.Level == Error && strings.Contains(p.Msg, c.sub) && p.Loc == (Loc{}) {
				found = true
			}
		}
		if !found {
			t.Errorf("Check(%v) = %v; want an error containing %q", c.name, ps, c.sub)
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
