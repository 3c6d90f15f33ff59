package sheets

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// sheetLeaders is the 管理人员考核 sheet of the 月度考核表 (D40).
const sheetLeaders = "管理人员考核"

var leaderHeaders = []string{"工号", "姓名", "岗位", "班组", "考核范围", "人数", "平均分", "等级分布", "违规次数", "人均违规",
	"出勤率", "质检均分", "考试均分(%)", "接待量", "满意度", "监听次数", "应监听次数", "监听完成率", "质检达标人数",
	"软性指标", "软性得分(加权)"}

// leadersTable lists the leaders' hard and soft indicators, one row each.
func leadersTable(b *xlBook, res *calc.Result, rules *calc.Rules, title string) *xlTable {
	t := &xlTable{sheet: sheetLeaders, title: title, headers: leaderHeaders, filter: true, print: true,
		wrapCol: map[int]bool{19: true}, wrapMax: 30}
	grades := gradeOrder(rules)
	nullAvg := func(d decimal.NullDecimal) excelize.Cell { return b.nullAvg(d) }
	pct := func(d decimal.NullDecimal) excelize.Cell {
		if !d.Valid {
			return excelize.Cell{StyleID: b.st.percent}
		}
		return excelize.Cell{StyleID: b.st.percent, Value: decFloat(d.Decimal)}
	}
	for _, k := range res.Leaders {
		scope := "全部门"
		if k.TeamScope {
			scope = "本班组（" + k.Team + "）"
		}
		var mix []string
		for _, g := range grades {
			if n := k.Grades[g]; n > 0 {
				mix = append(mix, fmt.Sprintf("%s%d人", g, n))
			}
		}
		handled, sat := excelize.Cell{StyleID: b.st.avg}, excelize.Cell{StyleID: b.st.avg}
		if k.WorkloadGiven {
			handled = excelize.Cell{StyleID: b.st.avg, Value: decFloat(k.Handled)}
			sat = nullAvg(k.Satisfaction)
		}
		listens, needed, covered := excelize.Cell{StyleID: b.st.integer}, excelize.Cell{StyleID: b.st.integer}, b.str("")
		rate := excelize.Cell{StyleID: b.st.percent}
		if k.Inspector {
			listens, needed, rate = b.num(k.Listens), b.num(k.ListensNeeded), pct(k.ListenRate)
			covered = b.mid(fmt.Sprintf("%d/%d", k.CoveredPeople, k.CoveragePeople))
		}
		var soft []string
		for _, s := range k.Soft {
			w := "未设权重"
			if s.Weight.IsPositive() {
				w = "权重" + s.Weight.String()
			}
			soft = append(soft, fmt.Sprintf("%s %s（%d人评，%s）", s.Indicator, s.Avg.String(), s.Raters, w))
		}
		t.rows = append(t.rows, []excelize.Cell{
			b.idCell(k.ID), b.str(k.Name), b.str(k.Role), b.str(k.Team), b.str(scope), b.num(k.Members),
			nullAvg(k.AvgScore), b.str(strings.Join(mix, " ")), b.num(k.Violations), nullAvg(k.ViolationsPerHead),
			pct(k.AttendanceRate), nullAvg(k.QAAvg), nullAvg(k.ExamAvg), handled, sat, listens, needed, rate, covered,
			b.wrapped(strings.Join(soft, "；")), nullAvg(k.SoftTotal),
		})
	}
	var inds []string
	for _, ind := range rules.Indicators {
		inds = append(inds, ind.Name+" "+ind.Weight.String())
	}
	t.footer = []string{
		"考核范围：班长、组长为本班组（不含本人），主管、质检员、培训专员为全部门（不含本人）。仅供考核参考，不影响任何人的考核分和绩效工资。",
		"违规 = 轻度、中度、重度违规和直接辞退事件的次数；出勤率 = 出勤天数 ÷（出勤 + 旷工 + 请假天数）；质检均分按质检次数加权；接待量、满意度仅在提供工作量表时计算。",
		fmt.Sprintf("监听：服务质量综合考评表中“质检员”为本人姓名或工号的记录数，应监听 = 每月最少质检次数 %d × 须质检人数；软性得分 = 各指标（评分人平均）按规则“指标”表的权重加权平均（%s）。",
			rules.QAMinRows, strings.Join(inds, "，")),
	}
	return t
}
