package sheets

import (
	"reflect"
	"testing"
	"time"

	"appraise/calc"
)

// TestReaderFor checks the reader factory: every input kind gets a row
// parser, only the matrix shapes get a sheet to queue, and making a reader
// changes nothing in the loader.
func TestReaderFor(t *testing.T) {
	tests := []struct {
		kind   Kind
		matrix bool
	}{
		{Roster, false}, {Attendance, false}, {QA, false}, {Events, false}, {Exams, false},
		{Complaints, false}, {Adjustments, false}, {Workload, false}, {DingTalk, false},
		{WeCom, false}, {Punches, false}, {Shifts, false}, {Matrix, true}, {DingTalkMonth, true},
		{Soft, false}, {LeaveLog, false}, {SwapLog, false}, {AppealLog, false},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			ld := newLoader(calc.DefaultRules(), 2026, time.November, LoadOptions{})
			// A QA header without the rules' item columns: the old factory
			// warned about it while making the reader.
			h := &header{kind: tt.kind, cols: map[string]int{"工号": 0, "姓名": 1, "1": 2}, unknown: []string{"某列"},
				head: [][]string{{"工号", "姓名", "1"}}}
			src := &sheetSrc{file: "x.xlsx", sheet: "Sheet1"}
			before := ld.m
			read, ms := ld.readerFor(h, src)
			if read == nil {
				t.Fatal("readerFor returned no row parser")
			}
			if (ms != nil) != tt.matrix {
				t.Errorf("matrix sheet = %v; want one: %v", ms, tt.matrix)
			}
			if ms != nil && (ms.h != h || ms.src != src) {
				t.Errorf("matrix sheet of %v/%v; want the detected header and sheet", ms.h, ms.src)
			}
			if !reflect.DeepEqual(ld.m, before) {
				t.Errorf("month changed to %+v", ld.m)
			}
			if len(ld.problems) != 0 || len(ld.shapes.matrices) != 0 || ld.rosters != 0 || ld.attendances != 0 {
				t.Errorf("loader changed: %d problems, %d matrices queued, %d rosters, %d attendance sheets",
					len(ld.problems), len(ld.shapes.matrices), ld.rosters, ld.attendances)
			}
		})
	}
	ld := newLoader(calc.DefaultRules(), 2026, time.November, LoadOptions{})
	if read, ms := ld.readerFor(&header{kind: Unknown}, &sheetSrc{}); read != nil || ms != nil {
		t.Error("readerFor(Unknown) returned a reader")
	}
}

// TestCountKind checks what the loader records of a detected sheet: the
// roster and attendance counts, and the optional inputs given only when
// their sheet is read (not broken).
func TestCountKind(t *testing.T) {
	type state struct {
		rosters, attendances                      int
		rosterBroken                              bool
		exams, leave, swaps, complaints, workload bool
	}
	tests := []struct {
		kind   Kind
		broken bool
		want   state
	}{
		{Roster, false, state{rosters: 1}},
		{Roster, true, state{rosters: 1, rosterBroken: true}},
		{Attendance, true, state{attendances: 1}},
		{DingTalk, false, state{attendances: 1}},
		{WeCom, false, state{attendances: 1}},
		{Punches, false, state{attendances: 1}},
		{Matrix, false, state{attendances: 1}},
		{DingTalkMonth, false, state{attendances: 1}},
		{Exams, false, state{exams: true}},
		{Exams, true, state{}},
		{LeaveLog, false, state{leave: true}},
		{LeaveLog, true, state{}},
		{SwapLog, false, state{swaps: true}},
		{SwapLog, true, state{}},
		{Complaints, false, state{complaints: true}},
		{Complaints, true, state{}},
		{Workload, false, state{workload: true}},
		{Workload, true, state{}},
		{QA, false, state{}},
		{Shifts, false, state{}},
		{AppealLog, false, state{}},
	}
	for _, tt := range tests {
		ld := newLoader(calc.DefaultRules(), 2026, time.November, LoadOptions{})
		ld.countKind(tt.kind, tt.broken)
		got := state{ld.rosters, ld.attendances, ld.rosterBroken,
			ld.m.ExamsGiven, ld.m.LeaveGiven, ld.m.SwapsGiven, ld.m.ComplaintsGiven, ld.m.WorkloadGiven}
		if got != tt.want {
			t.Errorf("countKind(%v, broken %v): %+v; want %+v", tt.kind, tt.broken, got, tt.want)
		}
	}
	// A broken second sheet leaves an input given by the first.
	ld := newLoader(calc.DefaultRules(), 2026, time.November, LoadOptions{})
	ld.countKind(Exams, false)
	ld.countKind(Exams, true)
	if !ld.m.ExamsGiven {
		t.Error("a broken 考试成绩 sheet after a read one: ExamsGiven = false; want true")
	}
}

// TestDetectedSheet checks what the loader does with a detected sheet
// besides reading its rows: the 服务质量综合考评表's columns are checked
// against the rules' items, and an optional input is given only when its
// sheet is read.
func TestDetectedSheet(t *testing.T) {
	type given struct{ exams, leave, swaps, complaints, workload bool }
	tests := []struct {
		name  string
		files map[string]string
		want  []inputProblem
		given given
	}{
		{"complete month", nil, nil, given{exams: true, complaints: true}},
		{"QA header off the rules' items", map[string]string{
			"质检.csv": "日期,工号,姓名,服务用语,服务态度,语气语调,需求归纳能力,加分项,总分,差错次数\n",
		}, []inputProblem{
			{calc.Warning, "质检.csv!第1行", "服务质量综合考评表缺少考评项目列：应变能力", "质检项目"},
			{calc.Warning, "质检.csv!第1行", "服务质量综合考评表中有未识别的列，已忽略：加分项", "质检项目"},
		}, given{exams: true, complaints: true}},
		{"optional inputs read", map[string]string{
			"工作量.csv": "工号,姓名,接待量,满意度\n",
			"请假.csv":  "工号,姓名,请假类型,开始时间,结束时间,申请时间,审批状态\n",
			"换班.csv":  "日期,申请人工号,申请人姓名,替班人工号,替班人姓名,申请人班长审批,替班人班长审批\n",
		}, nil, given{exams: true, complaints: true, workload: true, leave: true, swaps: true}},
		{"exams sheet missing a required column", map[string]string{
			"考试.csv": "工号,姓名,满分,考试日期\n",
		}, []inputProblem{
			{calc.Error, "考试.csv!第1行", "缺少必需列", ""},
		}, given{complaints: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := monthCSVs()
			for k, v := range tt.files {
				files[k] = v
			}
			l := loadCSVs(t, files, readerRules())
			for _, w := range tt.want {
				if !hasProblem(l.Problems, w) {
					t.Errorf("no %s at %s: %s\n%s", w.level, w.loc, w.msg, dumpProblems(l.Problems))
				}
			}
			if tt.want == nil {
				for _, p := range l.Problems {
					if p.Level != calc.Info {
						t.Errorf("unexpected %s %s %s", p.Level, locString(p.Loc), p.Msg)
					}
				}
			}
			m := l.Month
			got := given{m.ExamsGiven, m.LeaveGiven, m.SwapsGiven, m.ComplaintsGiven, m.WorkloadGiven}
			if got != tt.given {
				t.Errorf("given = %+v; want %+v", got, tt.given)
			}
		})
	}
}
