package calc

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// TestLeaders checks the KPI table on a small team worked out by hand.
func TestLeaders(t *testing.T) {
	row := func(id, name, team, role, final, grade string) Appraisal {
		return Appraisal{Employee: Employee{ID: id, Name: name, Team: team, Role: role}, Final: decimal.RequireFromString(final), Grade: grade}
	}
	res := &Result{
		Rows: []Appraisal{
			row("S1", "孙主管", "管理", "主管", "88", "B"),
			row("L1", "李组长", "一组", "组长", "84", "B"),
			row("A1", "张三", "一组", "业务代表", "90", "B"),
			row("A2", "王五", "一组", "业务代表", "70", "D"),
			row("B1", "赵六", "二组", "业务代表", "80", "C"),
			row("Q1", "钱质检", "质检", "质检员", "85", "B"),
		},
		Events: []Scored{
			{ID: "A1", Rule: Rule{Code: "L01", Category: Light}, Times: 2},
			{ID: "A2", Rule: Rule{Code: "M01", Category: Medium}}, // Times 0 counts once
			{ID: "B1", Rule: Rule{Code: "B02", Category: Bonus}, Times: 1},
			{ID: "B1", Rule: Rule{Code: "S01", Category: Severe}, Times: 1},
			{ID: "L1", Rule: Rule{Code: "L01", Category: Light}, Times: 1}, // the leader's own: not counted for L1
		},
		Attendance: []AttendanceStat{
			{ID: "S1", WorkDays: 21}, {ID: "L1", WorkDays: 21},
			{ID: "A1", WorkDays: 20, Leave: map[string]int{"事假": 1}},
			{ID: "A2", WorkDays: 18, Absent: 2},
			{ID: "B1", WorkDays: 20}, {ID: "Q1", WorkDays: 21},
		},
		QA: []QAStat{
			{ID: "A1", Count: 2, TotalAvg: nd("90")},
			{ID: "A2", Count: 1, TotalAvg: nd("81")},
			{ID: "B1"},
		},
	}
	m := &Month{
		QA: []QARecord{{ID: "A1", Inspector: "钱质检"}, {ID: "A1", Inspector: " 钱质检 "}, {ID: "A2", Inspector: "Q1"}, {ID: "B1", Inspector: "外聘"}},
		Exams: []Exam{
			{ID: "A1", Score: decimal.NewFromInt(95)},
			{ID: "A2", Score: decimal.NewFromInt(45), Full: decimal.NewFromInt(50)},
			{ID: "B1", Score: decimal.NewFromInt(60)},
		},
		WorkloadGiven: true,
		Workload: []Workload{
			{ID: "A1", Handled: decimal.NewFromInt(100), Satisfaction: decimal.RequireFromString("0.98")},
			{ID: "A2", Handled: decimal.NewFromInt(80)},
			{ID: "B1", Handled: decimal.NewFromInt(120), Satisfaction: decimal.RequireFromString("0.9")},
		},
		Soft: []SoftScore{
			{ID: "L1", Indicator: "工作态度", Score: decimal.NewFromInt(90), Rater: "孙主管"},
			{ID: "L1", Indicator: "工作态度", Score: decimal.NewFromInt(80), Rater: "钱质检"},
			{ID: "L1", Indicator: "团队管理", Score: decimal.NewFromInt(70), Rater: "孙主管"},
			{ID: "L1", Indicator: "创新", Score: decimal.NewFromInt(60), Rater: "孙主管"},
		},
	}
	r := DefaultRules()
	got := Leaders(m, res, r)
	// members avg grades violations/head attendance QA exam handled satisfaction listens soft
	want := []struct{ id, line string }{
		// 主管: the department but himself: L1 A1 A2 B1 Q1.
		// (84+90+70+80+85)/5 = 81.8; violations 2+1+1+1 = 5; attendance
		// 21+20+18+20+21 = 100 of 21+21+20+20+21 = 103; QA (180+81)/3 = 87;
		// exams (95+90+60)/3 = 81.67; satisfaction (0.98+0.9)/2.
		{"S1", "dept 5 81.8 B3C1D1 5 1 0.9709 87 81.67 300 0.94 |  | "},
		// 组长: 一组 without the leader: A1 A2. Attendance 38 of 41;
		// soft (85×0.25 + 70×0.25) / 0.5 = 77.5, 创新 not weighted.
		{"L1", "team 2 80 B1D1 3 1.5 0.9268 87 92.5 180 0.98 |  | 工作态度 85 2 0.25；团队管理 70 1 0.25；创新 60 1 0 = 77.5"},
		// 质检员: listens by name (spaces trimmed) and by 工号, not 外聘;
		// 3 业务代表 need 1 each; B1 has none.
		{"Q1", "dept 5 82.4 B3C1D1 5 1 0.9709 87 81.67 300 0.94 | 3/3 1 2/3 | "},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d leaders, want %d", len(got), len(want))
	}
	for i, w := range want {
		k := got[i]
		scope := "dept"
		if k.TeamScope {
			scope = "team"
		}
		grades := ""
		for _, g := range []string{"A", "B", "C", "D", "E", "不合格"} {
			if n := k.Grades[g]; n > 0 {
				grades += fmt.Sprintf("%s%d", g, n)
			}
		}
		ns := func(d decimal.NullDecimal) string {
			if !d.Valid {
				return "-"
			}
			return d.Decimal.String()
		}
		listen := ""
		if k.Inspector {
			listen = fmt.Sprintf("%d/%d %s %d/%d", k.Listens, k.ListensNeeded, ns(k.ListenRate), k.CoveredPeople, k.CoveragePeople)
		}
		soft := ""
		for j, s := range k.Soft {
			if j > 0 {
				soft += "；"
			}
			soft += fmt.Sprintf("%s %s %d %s", s.Indicator, s.Avg, s.Raters, s.Weight)
		}
		if k.SoftTotal.Valid {
			soft += " = " + k.SoftTotal.Decimal.String()
		}
		line := fmt.Sprintf("%s %d %s %s %d %s %s %s %s %s %s | %s | %s", scope, k.Members, ns(k.AvgScore), grades, k.Violations,
			ns(k.ViolationsPerHead), ns(k.AttendanceRate), ns(k.QAAvg), ns(k.ExamAvg), k.Handled, ns(k.Satisfaction), listen, soft)
		if k.ID != w.id || line != w.line {
			t.Errorf("leader %d = %s %q\nwant %s %q", i, k.ID, line, w.id, w.line)
		}
	}
	// Without workload the workload indicators stay empty; no soft scores,
	// no soft total.
	m.WorkloadGiven, m.Workload, m.Soft = false, nil, nil
	got = Leaders(m, res, r)
	if got[1].WorkloadGiven || !got[1].Handled.IsZero() || got[1].Satisfaction.Valid || got[1].SoftTotal.Valid || len(got[1].Soft) != 0 {
		t.Errorf("without workload and soft scores: %+v", got[1])
	}
}
