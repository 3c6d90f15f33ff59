package samples

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"appraise/calc"
)

// samplePolicy adds the month's 请假记录 and 换班登记 (D34, D36) and a
// leaving of the post (D37), after everything else was drawn: every
// approved leave day of the attendance has its record, asked ahead and
// approved by the 主任, except a request still 审批中 (→ 旷工), a sick
// leave asked that morning and approved by the 主任 (valid), a night-shift
// leave asked in the afternoon, and four swaps, three of them by one person
// (the third reminded) and one without the stand-in's 班长.
func (s *sample) samplePolicy(plain []string) {
	r := s.rng
	director := s.chief // the department's 主任
	pending, late := -1, -1
	for i := range s.days {
		d := &s.days[i]
		if d.Leave == "" {
			continue
		}
		l := calc.Leave{ID: d.ID, Type: d.Leave, Start: d.Date, End: d.Date.AddDate(0, 0, 1), Status: calc.LeaveApproved, Approvers: director,
			Asked: d.Date.AddDate(0, 0, -2-r.IntN(4)).Add(time.Duration(9*60+r.IntN(8*60)) * time.Minute), Days: decimalOne}
		if d.Leave == "病假" {
			l.Proof = "有"
		}
		switch {
		case pending < 0 && d.Leave == "事假":
			pending = i
			l.Status, l.Approvers = calc.LeavePending, ""
			d.Note, d.noRecord = "", true // the attendance was marked before the request was approved
		case late < 0 && d.Leave == "病假":
			late = i
			l.Asked = d.Date.Add(time.Duration(7*60+40+r.IntN(40)) * time.Minute)
			d.Note = "当天早上发烧，电话请假，主任补批"
		}
		s.leaves = append(s.leaves, l)
	}
	// A night shift's leave (a weekend duty, 20:00–08:00) asked after noon.
	if len(plain) > 0 {
		id := plain[r.IntN(len(plain))]
		sat := s.first
		for sat.Weekday() != time.Saturday {
			sat = sat.AddDate(0, 0, 1)
		}
		sat = sat.AddDate(0, 0, 7)
		s.leaves = append(s.leaves, calc.Leave{ID: id, Type: "事假", Start: sat.Add(20 * time.Hour), End: sat.Add(32 * time.Hour),
			Asked: sat.Add(time.Duration(14*60+r.IntN(120)) * time.Minute), Status: calc.LeaveApproved, Approvers: director, Days: decimalOne})
	}
	slices.SortStableFunc(s.leaves, func(a, b calc.Leave) int { return a.Start.Compare(b.Start) })

	// Swaps between people at work on both days.
	free := func(ids ...string) []time.Time {
		var out []time.Time
		for _, d := range s.present[ids[0]] {
			ok := true
			for _, id := range ids {
				ok = ok && !s.busy[id][d.Day()] && slices.ContainsFunc(s.present[id], func(x time.Time) bool { return x.Equal(d) })
			}
			if ok {
				out = append(out, d)
			}
		}
		return out
	}
	swap := func(a, b string, nth, of int, subOK bool, note string) {
		days := free(a, b)
		if len(days) < 2*of {
			return
		}
		// spread over the month: never consecutive
		k := nth * len(days) / of
		d, ret := days[k], days[k+1]
		s.busy[a][d.Day()], s.busy[b][d.Day()] = true, true
		s.busy[a][ret.Day()], s.busy[b][ret.Day()] = true, true
		sw := calc.Swap{Date: d, ID: a, StandIn: b, Shift: s.rules.DefaultShift.Name, Return: ret, LeadOK: true, SubOK: subOK, LeadText: "同意", SubText: "同意"}
		if !subOK {
			sw.SubText = ""
		}
		s.swaps = append(s.swaps, sampleSwap{sw, note})
	}
	if len(plain) >= 3 {
		a, b, c := plain[r.IntN(len(plain))], "", ""
		for b == "" || b == a {
			b = plain[r.IntN(len(plain))]
		}
		for c == "" || c == a || c == b {
			c = plain[r.IntN(len(plain))]
		}
		swap(a, b, 0, 3, true, "家中有事")
		swap(a, b, 1, 3, true, "孩子学校开家长会")
		swap(a, b, 2, 3, true, "办理房产手续")
		swap(c, b, 1, 2, false, "陪家人就医，替班人班长休假未签字")
		// Leaving the post for 25 minutes (L07, 违纪 from 20 minutes).
		s.event(c, "L07", 0, 0, "", "离开座席未告知班长")
		s.events[len(s.events)-1].AwayMin = 25
		slices.SortStableFunc(s.events, func(a, b calc.Event) int { return a.Date.Compare(b.Date) })
	}
	slices.SortStableFunc(s.swaps, func(a, b sampleSwap) int { return a.Date.Compare(b.Date) })
}

// sampleSwap is a swap with the 备注 the sheet shows.
type sampleSwap struct {
	calc.Swap
	note string
}

// policyBooks are the sample's 请假记录 and 换班登记 workbooks.
func (s *sample) policyBooks(book func(string, string, ...sampleSheet) sampleBook) []sampleBook {
	ym := s.ym()
	name := func(id string) string { return s.byID[id].Name }
	when := func(t time.Time) any {
		if t.Hour() == 0 && t.Minute() == 0 {
			return xDate(t)
		}
		return t.Format("2006-01-02 15:04")
	}
	lv := sampleSheet{name: "请假记录", title: s.title("请假记录"),
		headers: []string{"工号", "姓名", "请假类型", "开始时间", "结束时间", "申请时间", "审批状态", "审批人", "证明", "代请人", "时长", "请假事由"},
		widths:  []float64{10, 10, 10, 17, 17, 17, 10, 10, 6, 8, 6, 20}}
	reasons := map[string]string{"事假": "家中有事", "病假": "身体不适就医", "年假": "休年假"}
	for _, l := range s.leaves {
		end := l.End
		if end.Hour() == 0 && end.Minute() == 0 && end.Sub(l.Start) >= 24*time.Hour {
			end = end.AddDate(0, 0, -1) // a whole-day leave is written to its last day
		}
		row := []any{xID(l.ID), name(l.ID), l.Type, when(l.Start), when(end), l.Asked.Format("2006-01-02 15:04"), l.Status, nil, nil, nil, l.Days.String(), reasons[l.Type]}
		if l.Approvers != "" {
			row[7] = l.Approvers
		}
		if l.Proof != "" {
			row[8] = l.Proof
		}
		if l.Start.Hour() >= 18 {
			row[11] = "夜班值守，家中临时有事"
		}
		lv.rows = append(lv.rows, row)
	}
	sw := sampleSheet{name: "换班登记", title: s.title("换班登记表"),
		headers: []string{"日期", "申请人工号", "申请人姓名", "替班人工号", "替班人姓名", "原班次", "还班日期", "申请人班长审批", "替班人班长审批", "备注"},
		widths:  []float64{12, 10, 10, 10, 10, 8, 12, 14, 14, 24}}
	for _, x := range s.swaps {
		row := []any{xDate(x.Date), xID(x.ID), name(x.ID), xID(x.StandIn), name(x.StandIn), x.Shift, xDate(x.Return), x.LeadText, nil, x.note}
		if x.SubText != "" {
			row[8] = x.SubText
		}
		sw.rows = append(sw.rows, row)
	}
	ap := sampleSheet{name: "申诉处理", title: s.title("申诉处理"),
		headers: []string{"工号", "姓名", "申诉日期", "涉及记录", "处理结果", "处理人", "说明"},
		widths:  []float64{10, 10, 12, 34, 12, 10, 30}}
	ap.rows = s.appealRows()
	return []sampleBook{
		book("请假记录_"+ym+".xlsx", s.title("请假记录"), lv),
		book("换班登记_"+ym+".xlsx", s.title("换班登记表"), sw),
		book("申诉处理_"+ym+".xlsx", s.title("申诉处理"), ap),
	}
}

// sampleAppeals picks the month's two appeals (D32, issue 13): the first
// light violation logged by name, the person's only logged violation, is
// withdrawn (撤销, named by its 来源 cell in
// the event log), and the first range rule logged by its code above its
// minimum is lowered to the minimum (改为, named by 规则代码 + 日期). Both are
// dated in the first days after the month, within the appeal period, and
// handled by the 主任. A month without such events gets none.
func (s *sample) sampleAppeals() []calc.Appeal {
	var out []calc.Appeal
	logged := map[string]int{} // violations logged per person: the appeal must not undo a scenario (S05)
	for _, e := range s.events {
		if r, err := s.rules.Lookup(e.Item); err == nil && (r.Category == calc.Light || r.Category == calc.Medium) {
			logged[e.ID]++
		}
	}
	for id, marks := range s.marks { // late, early, absent days derive violations too
		logged[id] += len(marks)
	}
	for _, q := range s.qa { // so do QA errors
		logged[q.ID] += q.Errors
	}
	revoked, lowered := -1, -1
	for i, e := range s.events {
		r, err := s.rules.Lookup(e.Item)
		if err != nil {
			continue
		}
		switch {
		case revoked < 0 && r.Category == calc.Light && r.Code != e.Item && !e.Points.Valid && e.Times <= 1 && logged[e.ID] == 1:
			revoked = i
		case lowered < 0 && e.Points.Valid && r.Code == e.Item && e.Points.Decimal.GreaterThan(r.Min) && r.Code != "L04":
			lowered = i
		}
	}
	if revoked >= 0 {
		e := s.events[revoked]
		out = append(out, calc.Appeal{ID: e.ID, Name: e.Name, Date: s.last.AddDate(0, 0, 2), Source: s.eventLoc(revoked).String(),
			Outcome: calc.AppealRevoke, Handler: s.chief, Note: "调取录音核实，记录有误"})
	}
	if lowered >= 0 {
		e := s.events[lowered]
		r, _ := s.rules.Lookup(e.Item)
		out = append(out, calc.Appeal{ID: e.ID, Name: e.Name, Date: s.last.AddDate(0, 0, 3), Code: r.Code, On: e.Date,
			Outcome: calc.AppealChange, Points: r.Min, Handler: s.chief, Note: "情节较轻，按最低分值处理"})
	}
	return out
}

// eventLoc is the 项目 cell of the i-th event in the sample's event log: a
// title row, the header row, then one row per event.
func (s *sample) eventLoc(i int) calc.Loc {
	return calc.Loc{File: "奖惩记录_" + s.ym() + ".xlsx", Sheet: "奖惩记录", Cell: fmt.Sprintf("D%d", i+3)}
}

// appealRows are the sample's appeals as the 申诉处理 sheet shows them.
func (s *sample) appealRows() [][]any {
	var rows [][]any
	for _, a := range s.sampleAppeals() {
		ref, outcome := a.Source, "撤销"
		if a.Outcome == calc.AppealChange {
			ref, outcome = a.Code+" "+a.On.Format("2006-01-02"), "改为 "+a.Points.String()+" 分"
		}
		rows = append(rows, []any{xID(a.ID), a.Name, xDate(a.Date), ref, outcome, a.Handler, a.Note})
	}
	return rows
}

var decimalOne = decimal.NewFromInt(1)
