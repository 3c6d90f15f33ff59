package sheets

import (
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"sync"

	"appraise/calc"
)

// Team packets (D31): 班组/<班组>_YYYY-MM.xlsx for every team, each with
// that team's rows of 考核汇总, 扣分明细, 考勤统计 and 质检统计 only (and of
// 处理建议, which 考核汇总 refers to), written by the same table writers as
// the 月度考核表.

// outputFile is one file of a month's output set: its path relative to the
// month folder (with "/" between folders) and what fills it.
type outputFile struct {
	name string
	fill func(io.Writer) error
}

// afterDraftOutputs lists the notices and the team packets of a month
// (D30, D31), in the order they are written.
func afterDraftOutputs(res *calc.Result, run *Run) []outputFile {
	out := []outputFile{{name: NoticeName(res.Year, res.Month), fill: func(w io.Writer) error { return writeNotices(w, res, run) }}}
	key := monthKey(res.Year, res.Month)
	names := fileNamer{}
	// Where each team's part of the result is, and the packets' common
	// texts, found once for all the packets.
	// (Once: the packets' fills overlap, see fillAhead.)
	var (
		teams  map[string]*teamPos
		common *packetCommon
		once   sync.Once
	)
	for _, g := range teamGroups(res.Rows) {
		team := g.team
		out = append(out, outputFile{
			name: path.Join(teamDir, names.name(teamLabel(team))+"_"+key+".xlsx"),
			fill: func(w io.Writer) error {
				once.Do(func() { teams, common = teamPositions(res), newPacketCommon(res) })
				return writeTeamPacket(w, res, run, team, teams[team].result(res), common)
			},
		})
	}
	return out
}

// teamPos is where a team's part of a result is: the indexes of its rows,
// of their events, attendance and QA statistics, and of its team
// statistics, in order.
type teamPos struct {
	rows, events, attendance, qa, teams []int
}

// teamPositions finds the teamPos of every team that has rows, by team,
// in one pass over the result.
func teamPositions(res *calc.Result) map[string]*teamPos {
	out := map[string]*teamPos{}
	// of holds the teams that have rows of a 工号 (one, unless the 工号
	// is on several teams' rows).
	of := map[string][]*teamPos{}
	for i, a := range res.Rows {
		p := out[a.Team]
		if p == nil {
			p = &teamPos{}
			out[a.Team] = p
		}
		p.rows = append(p.rows, i)
		if ps := of[a.ID]; !slices.Contains(ps, p) {
			of[a.ID] = append(ps, p)
		}
	}
	for i, e := range res.Events {
		for _, p := range of[e.ID] {
			p.events = append(p.events, i)
		}
	}
	for i, s := range res.Attendance {
		for _, p := range of[s.ID] {
			p.attendance = append(p.attendance, i)
		}
	}
	for i, s := range res.QA {
		for _, p := range of[s.ID] {
			p.qa = append(p.qa, i)
		}
	}
	for i, t := range res.Teams {
		if p := out[t.Team]; p != nil {
			p.teams = append(p.teams, i)
		}
	}
	return out
}

// result is the team's part of res (p found in res).
func (p *teamPos) result(res *calc.Result) *calc.Result {
	out := &calc.Result{Year: res.Year, Month: res.Month, Grades: map[string]int{},
		Rows: pick(res.Rows, p.rows), Events: pick(res.Events, p.events),
		Attendance: pick(res.Attendance, p.attendance), QA: pick(res.QA, p.qa), Teams: pick(res.Teams, p.teams)}
	for _, a := range out.Rows {
		out.Grades[a.Grade]++
	}
	return out
}

// pick is the elements of s at the indexes (nil when none).
func pick[T any](s []T, indexes []int) []T {
	if len(indexes) == 0 {
		return nil
	}
	out := make([]T, len(indexes))
	for k, i := range indexes {
		out[k] = s[i]
	}
	return out
}

// packetCommon is what every team packet of a month says alike.
type packetCommon struct {
	dept   string // the department (deptName of all the rows)
	suffix string // the draft note of the sheet titles, if any
}

func newPacketCommon(res *calc.Result) *packetCommon {
	c := &packetCommon{dept: deptName(res.Rows)}
	if n := errorCount(res.Problems); n > 0 {
		// The packet is a draft whenever the month is, even when the
		// errors concern other teams.
		c.suffix = fmt.Sprintf(" 草稿（全部门存在%d个错误，不可作为发放依据）", n)
	}
	return c
}

// writeTeamPacket writes one team's packet: 考核汇总, 处理建议, 扣分明细,
// 考勤统计 and 质检统计 holding that team's people only (tr, the team's
// teamResult; common, the month's packetCommon).
func writeTeamPacket(w io.Writer, res *calc.Result, run *Run, team string, tr *calc.Result, common *packetCommon) error {
	prefix := common.dept + monthText(res.Year, res.Month) + teamLabel(team)
	b, err := newBook(prefix+"考核汇总", run.Rules, res.Year, res.Month)
	if err != nil {
		return err
	}
	suffix := common.suffix
	// The tables' cells are made on all cores first (see writeAppraisal).
	var summary, flags, detail, attendance, qa *xlTable
	doAll(
		func() { detail = detailTable(b, tr, prefix+"扣分明细"+suffix) },
		func() { summary = summaryTable(b, tr, prefix+"考核汇总"+suffix) },
		func() { attendance = attendanceTable(b, tr, prefix+"考勤统计"+suffix) },
		func() { qa = qaTable(b, tr, run.Rules, prefix+"质检统计"+suffix) },
		func() { flags = flagsTable(b, tr, prefix+"处理建议"+suffix) },
	)
	steps := []func() error{
		func() error { return b.write(summary) },
		// 考核汇总 refers to 处理建议 for the reasons of its recommendations.
		func() error { return b.write(flags) },
		func() error { return b.write(detail) },
		func() error { return b.write(attendance) },
		func() error { return b.write(qa) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return b.save(w, "")
}

// fileNamer makes team names safe, unique file names on every system: no
// / \ : * ? " < > |, no control characters, no leading or trailing dots or
// spaces, not a reserved DOS device name, at most 60 characters, unique
// regardless of case.
type fileNamer map[string]bool

// safeFileName is the file-name-safe form of a team name.
func safeFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r), r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			return '_'
		}
		return r
	}, s)
	if rs := []rune(s); len(rs) > 60 {
		s = string(rs[:60])
	}
	s = strings.Trim(s, " .")
	if s == "" {
		return "未分班组"
	}
	dev := strings.ToUpper(s)
	if i := strings.IndexByte(dev, '.'); i >= 0 {
		dev = dev[:i]
	}
	switch dev {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		s = "_" + s
	}
	return s
}

func (n fileNamer) name(team string) string {
	base := safeFileName(team)
	for i := 1; ; i++ {
		s := base
		if i > 1 {
			s = fmt.Sprintf("%s(%d)", base, i)
		}
		if !n[strings.ToLower(s)] {
			n[strings.ToLower(s)] = true
			return s
		}
	}
}
