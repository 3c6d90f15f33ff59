package sheets

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/samples"
)

// Reading the files of a folder with a second reader gives what reading
// them one by one gives: the month, the problems in their order (with the
// cap on repeated problems), the inputs, the progress reports.
func TestLoadFilesAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads three sample months twice")
	}
	type run struct {
		loaded   *Loaded
		progress []string
		adopted  int
		reread   int
		ahead    int
		csvAhead int
	}
	read := func(t *testing.T, dir string, atOnce bool) run {
		t.Helper()
		defer func(v bool, n int64, c int) { filesAtOnce, prefetchMinSize, csvHalvesMin = v, n, c }(filesAtOnce, prefetchMinSize, csvHalvesMin)
		// the largest workbook's merged ranges read ahead, however small;
		// the largest CSV read ahead and in parts
		filesAtOnce, prefetchMinSize, csvHalvesMin = atOnce, 0, 4096
		var progress []string
		opt := LoadOptions{Progress: func(done, total int, what string) {
			progress = append(progress, fmt.Sprintf("%d/%d %s", done, total, what))
		}}
		l, ld, err := load(dir, calc.DefaultRules(), 2026, time.November, opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, ie := range l.Internal {
			ie.Stack = nil // the goroutine differs
		}
		return run{l, progress, ld.adopted, ld.reread, ld.prefetched, ld.csvAheadUsed}
	}
	for _, tt := range []struct {
		layout string
		extra  func(t *testing.T, dir string) // more files
		// reread: the last file's child read punches, so the file was read
		// again by the loader (how many other files a child reads depends
		// on the goroutines' timing; at least the last one)
		reread bool
	}{
		{layout: "daily"},
		{layout: "dingtalk"},
		{layout: "punches"},
		{layout: "daily", reread: true, extra: func(t *testing.T, dir string) {
			// a second punch log sorted last: its child read punches, so the
			// file is read again by the loader (a punch's identity is checked
			// at its key's first punch in the whole folder)
			pdir := filepath.Join(t.TempDir(), "2026-11")
			if err := samples.Write(pdir, samples.Options{Employees: 60, Year: 2026, Month: time.November, Seed: 7, Attendance: "punches"}); err != nil {
				t.Fatal(err)
			}
			logs, _ := filepath.Glob(filepath.Join(pdir, "*.csv"))
			if len(logs) != 1 {
				t.Fatalf("punch logs of the sample: %q", logs)
			}
			b, err := os.ReadFile(logs[0])
			if err != nil {
				t.Fatal(err)
			}
			lines := bytes.SplitAfter(b, []byte("\n"))
			writeFile(t, filepath.Join(dir, "龟_打卡记录.csv"), bytes.Join(lines[:min(len(lines), 40)], nil)) // not the largest file
			// many problems of a kind in a file read by the child: the cap's
			// count and its summary line
			rows := "工号,姓名,日期,上班打卡,下班打卡\n"
			for i := range 30 {
				rows += fmt.Sprintf("KF0001,,2026-11-%02d,25:00,18:00\n", i%28+1)
			}
			writeFile(t, filepath.Join(dir, "龙_考勤明细.csv"), []byte(rows))
			writeFile(t, filepath.Join(dir, "README.txt"), []byte("x"))
		}},
		{layout: "daily", extra: func(t *testing.T, dir string) {
			// merged cells that matter in the largest workbook (read
			// ahead): 工号 and 姓名 written once over three days of an
			// agent, in merged cells (blank below without the ranges)
			files, _ := filepath.Glob(filepath.Join(dir, "考勤明细*.xlsx"))
			if len(files) != 1 {
				t.Fatalf("attendance files of the sample: %q", files)
			}
			f, err := excelize.OpenFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			sheet := f.GetSheetName(0)
			for _, col := range []string{"A", "B"} {
				for _, row := range []int{5, 6} {
					if err := f.SetCellValue(sheet, fmt.Sprintf("%s%d", col, row), nil); err != nil {
						t.Fatal(err)
					}
				}
				if err := f.MergeCell(sheet, col+"4", col+"6"); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			st, _ := os.Stat(files[0])
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				if info, err := e.Info(); err == nil && info.Size() > st.Size() {
					t.Fatalf("%s is larger than the attendance file", e.Name())
				}
			}
		}},
	} {
		t.Run(tt.layout, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "2026-11")
			if err := samples.Write(dir, samples.Options{Employees: 60, Year: 2026, Month: time.November, Seed: 7, Attendance: tt.layout}); err != nil {
				t.Fatal(err)
			}
			if tt.extra != nil {
				tt.extra(t, dir)
			}
			one := read(t, dir, false)
			two := read(t, dir, true)
			switch {
			case one.adopted != 0 || one.reread != 0:
				t.Errorf("one by one: %d files taken over from a child, %d read again; want none", one.adopted, one.reread)
			case tt.reread && two.reread < 1:
				t.Errorf("at once: %d files read again; want the last one at least", two.reread)
			case !tt.reread && (two.adopted < 1 || two.reread != 0):
				t.Errorf("at once: %d files taken over from a child, %d read again; want the last one at least, none", two.adopted, two.reread)
			}
			// the largest file of the daily and DingTalk months is a workbook
			if wantAhead := tt.layout != "punches"; one.ahead != 0 || (two.ahead == 1) != wantAhead {
				t.Errorf("merged ranges read ahead: %d files one by one, %d at once; want 0 and %v", one.ahead, two.ahead, wantAhead)
			}
			// the largest file of the punch month is a punch log: its parts'
			// readers started ahead are taken
			if wantAhead := tt.layout == "punches"; one.csvAhead != 0 || (two.csvAhead == 1) != wantAhead {
				t.Errorf("punch log's parts read ahead: %d files one by one, %d at once; want 0 and %v", one.csvAhead, two.csvAhead, wantAhead)
			}
			if !reflect.DeepEqual(one.progress, two.progress) {
				t.Errorf("progress at once = %q\nwant %q", two.progress, one.progress)
			}
			if !reflect.DeepEqual(one.loaded, two.loaded) {
				for i := range max(len(one.loaded.Problems), len(two.loaded.Problems)) {
					var a, b calc.Problem
					if i < len(one.loaded.Problems) {
						a = one.loaded.Problems[i]
					}
					if i < len(two.loaded.Problems) {
						b = two.loaded.Problems[i]
					}
					if !reflect.DeepEqual(a, b) {
						t.Errorf("problem %d at once = %+v\nwant %+v", i, b, a)
						break
					}
				}
				t.Errorf("Load at once differs from one by one")
			}
		})
	}
}

// adopt takes over every field of a child loader a file's reading sets: a
// field added to loader must be handled there (or be scratch of finish).
func TestAdoptCoversLoader(t *testing.T) {
	handled := map[string]bool{
		// set by adopt
		"problems": true, "cap": true, "inputs": true, "internal": true, "rosters": true, "rosterBroken": true,
		"attendances": true, "m": true, "employees": true, "days": true, "events": true, "qa": true, "exams": true,
		"complaints": true, "adjustments": true, "workload": true, "soft": true, "leaves": true, "swaps": true,
		"appeals": true, "shapes": true, "sheetRecs": true, "ledger": true, "outside": true, "unattributed": true,
		// the loader's own
		"r": true, "year": true, "month": true, "opt": true, "prog": true, "progress": true, "adopted": true, "reread": true, "insp": true,
		"prefetch": true, "prefetched": true, "csvAhead": true, "csvAheadUsed": true,
		// scratch: the free tail of the slab QA rows' items are cut from
		"qaSlab": true,
	}
	ty := reflect.TypeOf(loader{})
	for i := range ty.NumField() {
		if !handled[ty.Field(i).Name] {
			t.Errorf("loader field %s is not taken over from a child loader (load_files.go adopt)", ty.Field(i).Name)
		}
	}
	st := reflect.TypeOf(shapeState{})
	for i := range st.NumField() {
		switch st.Field(i).Name {
		case "punches", "shifts", "matrices", "outside", "punchFiles":
		// scratch: of the CSV being read (csvSrc, csvRows), of the punch
		// header being read (punchCols; a child that read punches is never
		// taken over), and of finish (spans, spanAt, plan, off)
		case "csvSrc", "csvRows", "punchCols", "spans", "spanAt", "plan", "off":
		default:
			t.Errorf("shapeState field %s is not taken over from a child loader (load_files.go adopt)", st.Field(i).Name)
		}
	}
}

// mergesFor gives the ranges read ahead only for the file they were read
// from, and only for the very bytes read ahead (not a copy, nor other
// bytes such as a decrypted package).
func TestMergesForSameBytes(t *testing.T) {
	read := []byte("PK bytes of a.xlsx")
	p := &mergePrefetch{fileAhead: fileAhead{name: "a.xlsx", readDone: make(chan struct{}), data: read}, done: make(chan struct{}), parts: map[string]mergeResult{"s.xml": {}}}
	close(p.readDone)
	close(p.done)
	ld := newLoader(calc.DefaultRules(), 2026, time.November, LoadOptions{})
	for _, tt := range []struct {
		name string
		data []byte
		want bool
	}{{"a.xlsx", bytes.Clone(read), false}, {"a.xlsx", []byte("other"), false}, {"a.xlsx", nil, false}, {"b.xlsx", read, false}, {"a.xlsx", read, true}} {
		p.data = read
		ld.prefetch = p
		if got := ld.mergesFor(tt.name, tt.data) != nil; got != tt.want {
			t.Errorf("mergesFor(%s, %q) found = %v; want %v", tt.name, tt.data, got, tt.want)
		}
	}
	if data, err := ld.readInput("/nonexistent/a.xlsx", "a.xlsx"); err != nil || data != nil {
		t.Errorf("readInput after mergesFor = %q, %v; want the bytes released (nil), no error", data, err)
	}
}

// Parts of a punch log started ahead with parameters the loader's own
// header does not give are stopped, and the log is read as without them.
func TestCSVAheadNotConfirmed(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a sample month and reads it three times")
	}
	dir := filepath.Join(t.TempDir(), "2026-11")
	if err := samples.Write(dir, samples.Options{Employees: 60, Year: 2026, Month: time.November, Seed: 7, Attendance: "punches"}); err != nil {
		t.Fatal(err)
	}
	defer func(v bool, c int, k func(*csvPartKey)) { filesAtOnce, csvHalvesMin, csvAheadKey = v, c, k }(filesAtOnce, csvHalvesMin, csvAheadKey)
	csvHalvesMin = 4096
	read := func(atOnce bool, key func(*csvPartKey)) (*Loaded, int) {
		filesAtOnce, csvAheadKey = atOnce, key
		l, ld, err := load(dir, calc.DefaultRules(), 2026, time.November, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return l, ld.csvAheadUsed
	}
	one, _ := read(false, nil)
	for _, tt := range []struct {
		name string
		key  func(*csvPartKey)
		used int
	}{
		{"confirmed", nil, 1},
		{"other stamp column", func(k *csvPartKey) { k.stamp++ }, 0},
		{"other month", func(k *csvPartKey) { k.month-- }, 0},
		{"no 工号 of rows", func(k *csvPartKey) { k.withID = !k.withID }, 0},
	} {
		got, used := read(true, tt.key)
		if used != tt.used {
			t.Errorf("%s: parts started ahead taken %d times; want %d", tt.name, used, tt.used)
		}
		if !reflect.DeepEqual(one, got) {
			t.Errorf("%s: Load with the parts started ahead differs from one by one", tt.name)
		}
	}
}
