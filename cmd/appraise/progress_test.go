package main

import "testing"

func TestRaiseLimit(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name      string
		limit     int64
		live      int64
		over      int
		wantLimit int64
		wantOver  int
	}{
		{"below 85%", 300 * mb, 200 * mb, 0, 300 * mb, 0},
		{"below 85% resets the count", 300 * mb, 200 * mb, 2, 300 * mb, 0},
		{"at 85% is not over", 300 * mb, 300 * mb / 100 * 85, 1, 300 * mb, 0},
		{"first collection over", 300 * mb, 260 * mb, 0, 300 * mb, 1},
		{"second collection over", 300 * mb, 260 * mb, 1, 300 * mb, 2},
		{"third collection over raises to twice live", 300 * mb, 260 * mb, 2, 520 * mb, 0},
		{"live above the limit also waits", 300 * mb, 900 * mb, 0, 300 * mb, 1},
		{"live above the limit, third time", 300 * mb, 900 * mb, 2, 1800 * mb, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit, over := raiseLimit(tt.limit, tt.live, tt.over)
			if limit != tt.wantLimit || over != tt.wantOver {
				t.Errorf("raiseLimit(%d, %d, %d) = %d, %d; want %d, %d", tt.limit, tt.live, tt.over, limit, over, tt.wantLimit, tt.wantOver)
			}
		})
	}
}
