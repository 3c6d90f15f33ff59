package sheets

import "testing"

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

// TestPrefault checks that prefault zeroes one element per 4 KB page, from
// the first, and nothing else.
func TestPrefault(t *testing.T) {
	type big struct { // 1,024 bytes: four to a page
		n [128]int64
	}
	tests := []struct {
		name string
		n    int
		run  func(n int) []bool // which elements prefault zeroed
	}{
		{"bytes", 10000, func(n int) []bool {
			s := make([]byte, n)
			for i := range s {
				s[i] = 1
			}
			prefault(s)
			z := make([]bool, n)
			for i := range s {
				z[i] = s[i] == 0
			}
			return z
		}},
		{"1 KB elements", 9, func(n int) []bool {
			s := make([]big, n)
			for i := range s {
				s[i].n[5] = 1
			}
			prefault(s)
			z := make([]bool, n)
			for i := range s {
				z[i] = s[i].n[5] == 0
			}
			return z
		}},
		{"empty", 0, func(int) []bool { prefault([]int(nil)); return nil }},
	}
	steps := map[string]int{"bytes": 4096, "1 KB elements": 4}
	for _, tt := range tests {
		z := tt.run(tt.n)
		for i, zeroed := range z {
			if want := i%steps[tt.name] == 0; zeroed != want {
				t.Errorf("%s: element %d zeroed %v; want %v", tt.name, i, zeroed, want)
			}
		}
	}
}
