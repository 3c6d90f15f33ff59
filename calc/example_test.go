package calc_test

import (
	"fmt"
	"time"

	"appraise/calc"

	"github.com/shopspring/decimal"
)

func ExampleAppraise() {
	r := calc.DefaultRules()
	nov := func(d int) time.Time { return time.Date(2026, time.November, d, 0, 0, 0, 0, time.UTC) }
	m := &calc.Month{
		Year: 2026, Month: time.November,
		Employees: []calc.Employee{
			{ID: "0101", Name: "张三", Team: "一组", Role: "业务代表", Hired: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
			{ID: "0102", Name: "李四", Team: "一组", Role: "业务代表", Hired: time.Date(2026, 10, 8, 0, 0, 0, 0, time.UTC)},
		},
		Days: []calc.Day{
			{ID: "0101", Date: nov(3), Status: "迟到", Late: true, LateMin: 7},
		},
		Events: []calc.Event{
			{ID: "0101", Date: nov(12), Item: "B04", Note: "完成额外回访"},
			{ID: "0102", Date: nov(20), Item: "突发事件", OverdueMin: 15},
		},
		PrevGiven: true,
	}
	res := calc.Appraise(m, r)
	for _, a := range res.Rows {
		fmt.Println(a.ID, a.Name, a.Final, a.Grade, a.Rank, a.Float.StringFixed(2), a.Notes)
	}
	for _, e := range res.Events {
		fmt.Println(e.ID, e.Date.Format("01-02"), e.Rule.Code, e.Total, e.Note)
	}
	// Output:
	// 0101 张三 82 B 1 20.00 []
	// 0102 李四 70 C 2 0.00 [未满三个月不浮动]
	// 0101 11-03 L04 -3 11月3日迟到7分钟
	// 0101 11-12 B04 5 完成额外回访
	// 0102 11-20 M08 -10 突发事件超时15分钟
}

func ExampleRules_Pay() {
	r := calc.DefaultRules()
	for _, s := range []string{"80", "91", "68", "110", "45"} {
		fmt.Println(s, r.Pay(decimal.RequireFromString(s)).StringFixed(2))
	}
	// Output:
	// 80 0.00
	// 91 110.00
	// 68 -120.00
	// 110 300.00
	// 45 -300.00
}

func ExampleRules_Grade() {
	r := calc.DefaultRules()
	for _, s := range []string{"90.5", "90", "79.9", "65", "60", "59.5"} {
		fmt.Println(s, r.Grade(decimal.RequireFromString(s)))
	}
	// Output:
	// 90.5 A
	// 90 B
	// 79.9 C
	// 65 D
	// 60 E
	// 59.5 不合格
}

func ExampleRules_Lookup() {
	r := calc.DefaultRules()
	for _, item := range []string{"l04", "旷工", "迟到早退", "投诉"} {
		rule, err := r.Lookup(item)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(rule.Code, rule.Category, rule.Name)
	}
	// Output:
	// L04 轻度违规 迟到早退
	// S01 重度违规 旷工
	// L04 轻度违规 迟到早退
	// 项目「投诉」不唯一，符合的规则有：B05 当月有效投诉率为零、S02 当班时间与客户发生口角争执或冲突（有效投诉）；请填写规则编号
}

func ExampleRules_LatePoints() {
	r := calc.DefaultRules()
	for _, min := range []int{0, 5, 6, 11, 16} {
		fmt.Println(min, r.LatePoints(min))
	}
	// Output:
	// 0 2
	// 5 2
	// 6 3
	// 11 4
	// 16 5
}

func ExampleRules_Tenure() {
	r := calc.DefaultRules()
	hired := time.Date(2026, time.October, 31, 0, 0, 0, 0, time.UTC)
	fmt.Println(r.Tenure(hired, 2026, time.November), r.Tenure(hired, 2026, time.December))
	// Output: 2 3
}

// One fact counts once (D23) and only A01 is signed (D22): the absence
// logged by hand on a day attendance already shows as 旷工 is scored once,
// from attendance, and the 组长's A01 −3 from the event log stays −3.
func ExampleAppraise_oneFact() {
	nov3 := time.Date(2026, time.November, 3, 0, 0, 0, 0, time.UTC)
	hired := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	m := &calc.Month{
		Year: 2026, Month: time.November,
		Employees: []calc.Employee{
			{ID: "0101", Name: "张三", Team: "一组", Role: "业务代表", Hired: hired, Regular: hired.AddDate(0, 3, 0)},
			{ID: "0102", Name: "李四", Team: "一组", Role: "组长", Hired: hired, Regular: hired.AddDate(0, 3, 0)},
		},
		Days: []calc.Day{{ID: "0101", Date: nov3, Status: "旷工", Absent: true, Loc: calc.Loc{File: "考勤.xlsx", Sheet: "考勤", Cell: "D5"}}},
		Events: []calc.Event{
			{ID: "0101", Date: nov3, Item: "S01", Loc: calc.Loc{File: "奖惩.xlsx", Sheet: "奖惩记录", Cell: "D3"}},
			{ID: "0102", Date: nov3, Item: "A01", Points: decimal.NewNullDecimal(decimal.NewFromInt(-3)), Note: "例会组织不力",
				Loc: calc.Loc{File: "奖惩.xlsx", Sheet: "奖惩记录", Cell: "D4"}},
		},
		PrevGiven: true,
	}
	res := calc.Appraise(m, calc.DefaultRules())
	for _, a := range res.Rows {
		fmt.Println(a.ID, a.Name, a.Final)
	}
	for _, p := range res.Problems {
		if p.Level == calc.Warning && p.Loc.File == "奖惩.xlsx" {
			fmt.Println(p.Level, p.Loc, p.Msg)
		}
	}
	// Output:
	// 0101 张三 60
	// 0102 李四 77
	// 警告 奖惩.xlsx!奖惩记录!D3 0101（张三）2026-11-03的 S01 已由考勤 考勤.xlsx!考勤!D5 自动计分，奖惩记录中的这一条与之是同一件事，只计一次（按考勤）
}

// A row of any attendance shape, reduced to typed values: the 考勤结果 word
// of the template (empty here), a shift, punches. Without a verdict word
// the punches judge the day (D24); an overnight shift ends the next day.
func ExampleInterpretDay() {
	r := calc.DefaultRules()
	mon := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)

	late, warn := calc.InterpretDay(r, mon, calc.DayInput{
		HasPunchCols: true,
		In:           calc.At(9*60 + 12), // 09:12; the default shift 白班 starts at 09:00
		Out:          calc.At(18 * 60),
	})
	fmt.Println(late.Status, late.LateMin, late.WorkedMin, warn == "")

	night, _ := calc.InterpretDay(r, mon, calc.DayInput{
		Shift: "夜班", HasPunchCols: true,
		SchedIn: calc.At(22 * 60), SchedOut: calc.At(6 * 60),
		In: calc.At(22*60 + 10), Out: calc.At(5*60 + 50), // out after midnight
	})
	fmt.Println(night.Status, night.LateMin, night.EarlyMin, night.WorkedMin)

	word, warn := calc.InterpretDay(r, mon, calc.DayInput{
		Verdict:      calc.WordsOf(r).ParseResult("正常"),
		HasPunchCols: true,
		In:           calc.At(9*60 + 12),
		Out:          calc.At(18 * 60),
		LateMin:      12, // the 迟到分钟 column contradicts the verdict
	})
	fmt.Println(word.Status, word.Late, warn)

	absent, _ := calc.InterpretDay(r, mon, calc.DayInput{HasPunchCols: true})
	fmt.Println(absent.Status, absent.Absent)
	// Output:
	// 迟到 12 528 true
	// 迟到 10 10 460
	// 正常 false 考勤结果为「正常」，但迟到分钟为 12，按考勤结果不计迟到
	// 旷工 true
}
