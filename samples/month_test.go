package samples

import (
	"appraise/calc"
	"slices"
)

// calcMonth returns the generated month as calc would read it from the
// files (Loc left empty but for the events): the tests compare it with what
// sheets.Load reads back and run calc on it.
func calcMonth(s *sample) *calc.Month {
	m := &calc.Month{Year: s.year, Month: s.month, Employees: s.emps, Events: s.events, QA: s.qa, Exams: s.exams,
		Complaints: s.complaints, Adjustments: s.adjust, ComplaintsGiven: true,
		Leaves: s.leaves, LeaveGiven: true, ExamsGiven: true, SwapsGiven: true}
	for _, sw := range s.swaps {
		m.Swaps = append(m.Swaps, sw.Swap)
	}
	for _, d := range s.days {
		m.Days = append(m.Days, d.Day)
	}
	// The events carry their cells, as read from the files, so that an
	// appeal naming its 来源 finds them.
	m.Events = slices.Clone(s.events)
	for i := range m.Events {
		m.Events[i].Loc = s.eventLoc(i)
	}
	m.Appeals = s.sampleAppeals()
	return m
}
