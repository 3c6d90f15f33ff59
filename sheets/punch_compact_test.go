package sheets

import (
	"testing"

	"appraise/calc"
)

// TestPunchLogSizeMaps checks that sizing the identity tables keeps the
// identities already known and that lookups find them as before.
func TestPunchLogSizeMaps(t *testing.T) {
	mk := func(id string) func() ident { return func() ident { return ident{id: id} } }
	tests := []struct {
		name   string
		before []string // identities looked up before sizeMaps
		after  []string // and after
		want   []int32
		whos   int // identities kept
	}{
		{"sized first", nil, []string{"001", "002", "001"}, []int32{0, 1, 0}, 2},
		{"sized after lookups", []string{"001", "002"}, []string{"002", "003", "001"}, []int32{0, 1, 1, 2, 0}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pl punchLog
			var got []int32
			for _, id := range tt.before {
				got = append(got, pl.lookup(id, "", "张三", mk(id)))
			}
			pl.sizeMaps(100)
			for _, id := range tt.after {
				got = append(got, pl.lookup(id, "", "张三", mk(id)))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v; want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v; want %v", got, tt.want)
				}
			}
			if len(pl.whos) != tt.whos || len(pl.keys) != tt.whos || len(pl.names) != 1 {
				t.Errorf("%d identities, %d keys, %d names; want %d, %d, 1", len(pl.whos), len(pl.keys), len(pl.names), tt.whos, tt.whos)
			}
		})
	}
}

// TestLocsOf checks the places locsOf gives days: the punch's cell in its
// column, or its row for a source without one, in the punch's file and
// sheet; days not named keep theirs.
func TestLocsOf(t *testing.T) {
	pl := punchLog{srcs: []punchSrc{{file: "打卡.csv", col: 3}, {file: "打卡.xlsx", sheet: "Sheet1", col: 27}, {file: "打卡.txt", col: -1}}}
	days := make([]calc.Day, 5)
	days[2].Loc = calc.Loc{File: "排班.xlsx", Sheet: "排班", Cell: "C9"}
	sc := &dayScratch{refs: []dayPunch{
		{day: 0, p: cpunch{src: 0, row: 7}},
		{day: 1, p: cpunch{src: 1, row: 12345}},
		{day: 3, p: cpunch{src: 2, row: 42}},
		{day: 4, p: cpunch{src: 0, row: 1}},
	}}
	pl.locsOf(days, sc)
	want := []calc.Loc{
		{File: "打卡.csv", Cell: "D7"},
		{File: "打卡.xlsx", Sheet: "Sheet1", Cell: "AB12345"},
		{File: "排班.xlsx", Sheet: "排班", Cell: "C9"},
		{File: "打卡.txt", Cell: "第42行"},
		{File: "打卡.csv", Cell: "D1"},
	}
	for i, d := range days {
		if d.Loc != want[i] {
			t.Errorf("day %d at %+v; want %+v", i, d.Loc, want[i])
		}
	}
	// a second person with the same scratch
	days2 := make([]calc.Day, 1)
	sc.refs = []dayPunch{{day: 0, p: cpunch{src: 2, row: 3}}}
	pl.locsOf(days2, sc)
	if w := (calc.Loc{File: "打卡.txt", Cell: "第3行"}); days2[0].Loc != w || days[4].Loc != want[4] {
		t.Errorf("second person's day at %+v, first person's last at %+v; want %+v, %+v", days2[0].Loc, days[4].Loc, w, want[4])
	}
}
