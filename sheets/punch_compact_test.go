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
