package sheets

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"appraise/calc"
)

// TestTeamPacketHoldsOneTeam writes the fixture and checks that each team
// packet holds exactly its team's people on every sheet, and nothing of the
// other team (no 工号, no name).
func TestTeamPacketHoldsOneTeam(t *testing.T) {
	res := outFixture()
	dir, _ := writeFixture(t, res, outRun())
	teams := map[string][]string{}
	for _, a := range res.Rows {
		teams[a.Team] = append(teams[a.Team], a.ID)
	}
	for team, ids := range teams {
		path := filepath.Join(dir, teamDir, team+"_2026-11.xlsx")
		lines := dumpOf(t, path)
		m := lineMap(lines)
		var sheetNames []string
		for _, l := range lines {
			sh, _, _ := strings.Cut(l, "!")
			if !slices.Contains(sheetNames, sh) {
				sheetNames = append(sheetNames, sh)
			}
		}
		if want := []string{sheetSummary, sheetFlags, sheetDetail, sheetAttendance, sheetQA}; !slices.Equal(sheetNames, want) {
			t.Errorf("%s: sheets %v; want %v", team, sheetNames, want)
		}
		// The 工号 column of each sheet lists exactly the team's people
		// (扣分明细: those with events).
		col := map[string]string{sheetSummary: "B", sheetDetail: "A", sheetAttendance: "A", sheetQA: "A"}
		for _, sh := range []string{sheetSummary, sheetAttendance, sheetQA} {
			var got []string
			for r := 3; m[sh+"!"+col[sh]+itoa(r)] != ""; r++ {
				got = append(got, m[sh+"!"+col[sh]+itoa(r)])
			}
			if !slices.Equal(got, ids) {
				t.Errorf("%s %s: 工号 %v; want %v", team, sh, got, ids)
			}
		}
		var wantEvents []string
		for _, e := range res.Events {
			if slices.Contains(ids, e.ID) {
				wantEvents = append(wantEvents, e.ID+" "+e.Rule.Code)
			}
		}
		var gotEvents []string
		for r := 3; m[sheetDetail+"!A"+itoa(r)] != ""; r++ {
			gotEvents = append(gotEvents, m[sheetDetail+"!A"+itoa(r)]+" "+m[sheetDetail+"!E"+itoa(r)])
		}
		if !slices.Equal(gotEvents, wantEvents) {
			t.Errorf("%s 扣分明细: %v; want %v", team, gotEvents, wantEvents)
		}
		// 处理建议 lists the team's flags only (二组: 赵六's two).
		var flagged []string
		for r := 3; m[sheetFlags+"!A"+itoa(r)] != ""; r++ {
			flagged = append(flagged, m[sheetFlags+"!A"+itoa(r)])
		}
		var wantFlagged []string
		for _, a := range res.Rows {
			for range a.Flags {
				if a.Team == team {
					wantFlagged = append(wantFlagged, a.ID)
				}
			}
		}
		if !slices.Equal(flagged, wantFlagged) {
			t.Errorf("%s 处理建议: %v; want %v", team, flagged, wantFlagged)
		}
		if got, want := m[sheetSummary+"!A1"], "客服部2026年11月"+team+"考核汇总"; got != want {
			t.Errorf("%s 考核汇总!A1 = %q; want %q", team, got, want)
		}
		// Nothing of the other team anywhere.
		for _, a := range res.Rows {
			if a.Team == team {
				continue
			}
			for _, l := range lines {
				if strings.Contains(l, a.ID) || strings.Contains(l, a.Name) {
					t.Errorf("%s packet holds %s（%s）of %s: %s", team, a.ID, a.Name, a.Team, l)
				}
			}
		}
	}
	m := readManifest(t, dir)
	var names []string
	for _, o := range m.Outputs {
		names = append(names, o.Name)
	}
	for _, want := range []string{"考核通知单_2026-11.xlsx", "班组/一组_2026-11.xlsx", "班组/二组_2026-11.xlsx"} {
		if !slices.Contains(names, want) {
			t.Errorf("manifest outputs %v lack %s", names, want)
		}
	}
}

// TestTeamPacketFileNames: team names that are not safe file names still
// give one packet each, under 班组/, with the team's people.
func TestTeamPacketFileNames(t *testing.T) {
	res := outFixture()
	for i := range res.Rows {
		if res.Rows[i].Team == "一组" {
			res.Rows[i].Team = `客服/一组:"夜班"`
		} else {
			res.Rows[i].Team = "客服_一组__夜班_"
		}
	}
	dir, paths := writeFixture(t, res, outRun())
	var packets []string
	for _, p := range paths {
		if rel, _ := filepath.Rel(dir, p); strings.HasPrefix(rel, teamDir+string(filepath.Separator)) {
			packets = append(packets, filepath.Base(p))
		}
	}
	want := []string{"客服_一组__夜班__2026-11.xlsx", "客服_一组__夜班_(2)_2026-11.xlsx"}
	if !slices.Equal(packets, want) {
		t.Fatalf("packets %v; want %v", packets, want)
	}
	ents, err := os.ReadDir(filepath.Join(dir, teamDir))
	if err != nil || len(ents) != 2 {
		t.Fatalf("班组/ holds %v (%v); want the 2 packets", ents, err)
	}
	m := lineMap(dumpOf(t, filepath.Join(dir, teamDir, want[0])))
	if got := m[sheetSummary+"!E3"]; got != `客服/一组:"夜班"` {
		t.Errorf("first packet 考核汇总!E3 = %q; want the team's own name", got)
	}
}

func TestSafeFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"一组", "一组"},
		{`a/b\c:d*e?f"g<h>i|j`, "a_b_c_d_e_f_g_h_i_j"},
		{"夜\x00班\t\x7f", "夜_班__"},
		{"", "未分班组"},
		{" . ", "未分班组"},
		{"..", "未分班组"},
		{"一组.", "一组"},
		{"CON", "_CON"},
		{"com1.组", "_com1.组"},
		{"CONSOLE", "CONSOLE"},
		{strings.Repeat("组", 70), strings.Repeat("组", 60)},
	}
	for _, tc := range tests {
		if got := safeFileName(tc.in); got != tc.want {
			t.Errorf("safeFileName(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
	n := fileNamer{}
	for _, tc := range []struct{ in, want string }{{"A/B", "A_B"}, {"A_B", "A_B(2)"}, {"a_b", "a_b(3)"}, {"", "未分班组"}, {" ", "未分班组(2)"}} {
		if got := n.name(tc.in); got != tc.want {
			t.Errorf("fileNamer.name(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// TestTeamResult: the part of a result for a team that has nobody is empty.
func TestTeamResult(t *testing.T) {
	tr := teamResult(outFixture(), "三组")
	if len(tr.Rows)+len(tr.Events)+len(tr.Attendance)+len(tr.QA)+len(tr.Teams) != 0 {
		t.Errorf("teamResult(三组) = %+v; want empty", tr)
	}
	tr = teamResult(outFixture(), "二组")
	if len(tr.Rows) != 3 || len(tr.Events) != 3 || len(tr.Attendance) != 3 || len(tr.QA) != 3 || len(tr.Teams) != 1 || tr.Grades["不合格"] != 1 {
		t.Errorf("teamResult(二组): %d rows, %d events, %d attendance, %d QA, %d teams, grades %v; want 3 3 3 3 1 不合格:1",
			len(tr.Rows), len(tr.Events), len(tr.Attendance), len(tr.QA), len(tr.Teams), tr.Grades)
	}
}

// TestTeamPositionsOnePass: teamPositions gives every team what filtering the
// whole result by the team's 工号s gives, in the result's order, also for
// a 工号 on two teams' rows.
func TestTeamPositionsOnePass(t *testing.T) {
	filter := func(res *calc.Result, team string) *calc.Result {
		out := &calc.Result{Year: res.Year, Month: res.Month, Grades: map[string]int{}}
		ids := map[string]bool{}
		for _, a := range res.Rows {
			if a.Team == team {
				out.Rows = append(out.Rows, a)
				ids[a.ID] = true
				out.Grades[a.Grade]++
			}
		}
		for _, e := range res.Events {
			if ids[e.ID] {
				out.Events = append(out.Events, e)
			}
		}
		for _, s := range res.Attendance {
			if ids[s.ID] {
				out.Attendance = append(out.Attendance, s)
			}
		}
		for _, s := range res.QA {
			if ids[s.ID] {
				out.QA = append(out.QA, s)
			}
		}
		for _, ts := range res.Teams {
			if ts.Team == team {
				out.Teams = append(out.Teams, ts)
			}
		}
		return out
	}
	shared := outFixture()
	moved := shared.Rows[0]
	moved.Team = "二组"
	shared.Rows = append(shared.Rows, moved) // the same 工号 in both teams
	big := bigFixture(200)
	for _, res := range []*calc.Result{outFixture(), shared, big} {
		all := teamPositions(res)
		groups := teamGroups(res.Rows)
		if len(all) != len(groups) {
			t.Errorf("teamPositions: %d teams; want %d", len(all), len(groups))
		}
		for _, g := range groups {
			want := filter(res, g.team)
			if got := all[g.team].result(res); !reflect.DeepEqual(got, want) {
				t.Errorf("teamPositions()[%q].result() = %+v\nwant %+v", g.team, got, want)
			}
			if got := teamResult(res, g.team); !reflect.DeepEqual(got, want) {
				t.Errorf("teamResult(%q) differs from filtering", g.team)
			}
		}
	}
}

// teamResult is the part of a result that concerns one team (as a packet
// gets it through teamPositions): its rows,
// their events, attendance and QA statistics, and its team statistics.
func teamResult(res *calc.Result, team string) *calc.Result {
	if p, ok := teamPositions(res)[team]; ok {
		return p.result(res)
	}
	out := &calc.Result{Year: res.Year, Month: res.Month, Grades: map[string]int{}}
	for _, t := range res.Teams {
		if t.Team == team {
			out.Teams = append(out.Teams, t)
		}
	}
	return out
}

// TestGroupByID: groupByID groups items by person in their order, whether each
// person's items come together or not.
func TestGroupByID(t *testing.T) {
	type item struct{ id, v string }
	id := func(x *item) string { return x.id }
	tests := []struct {
		name string
		in   []item
		want map[string][]item
	}{
		{"empty", nil, map[string][]item{}},
		{"together", []item{{"A", "1"}, {"A", "2"}, {"B", "3"}, {"C", "4"}, {"C", "5"}},
			map[string][]item{"A": {{"A", "1"}, {"A", "2"}}, "B": {{"B", "3"}}, "C": {{"C", "4"}, {"C", "5"}}}},
		{"apart", []item{{"A", "1"}, {"B", "2"}, {"A", "3"}, {"B", "4"}, {"B", "5"}},
			map[string][]item{"A": {{"A", "1"}, {"A", "3"}}, "B": {{"B", "2"}, {"B", "4"}, {"B", "5"}}}},
		{"blank id", []item{{"", "1"}, {"", "2"}}, map[string][]item{"": {{"", "1"}, {"", "2"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := groupByID(tc.in, id)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("groupByID = %v, want %v", got, tc.want)
			}
			// Appending to one person's items leaves the others' alone.
			for k := range got {
				_ = append(got[k], item{"X", "X"})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("after appends, groupByID = %v, want %v", got, tc.want)
			}
		})
	}
}
