package calc

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestRankKeys checks the competition ranking on integer keys against the
// decimals: mixed exponents tie when equal, and a score too large for an
// int64 key falls back to comparing decimals with the same result.
func TestRankKeys(t *testing.T) {
	tests := []struct {
		name     string
		finals   []string
		teams    []string
		rank     []int
		teamRank []int
		keys     bool
	}{
		{"mixed exponents", []string{"90", "90.00", "89.95", "100", "0", "-1.5"}, []string{"一组", "二组", "一组", "二组", "一组", "一组"},
			[]int{2, 2, 4, 1, 5, 6}, []int{1, 2, 2, 1, 3, 4}, true},
		{"too large for int64", []string{"90", "1E+30", "90.0", "0"}, []string{"一组", "一组", "一组", "二组"},
			[]int{2, 1, 2, 4}, []int{2, 1, 2, 1}, false},
		{"far exponents", []string{"1E+25", "0", "0.5"}, []string{"一组", "一组", "一组"},
			[]int{1, 3, 2}, []int{1, 3, 2}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &state{}
			for i, f := range tt.finals {
				s.rows = append(s.rows, Appraisal{Employee: Employee{Team: tt.teams[i]}, Final: decimal.RequireFromString(f)})
			}
			if _, ok := s.finalKeys(); ok != tt.keys {
				t.Errorf("finalKeys ok = %v, want %v", ok, tt.keys)
			}
			s.rank()
			for i, a := range s.rows {
				if a.Rank != tt.rank[i] || a.TeamRank != tt.teamRank[i] {
					t.Errorf("row %d (%s): rank %d/%d, want %d/%d", i, tt.finals[i], a.Rank, a.TeamRank, tt.rank[i], tt.teamRank[i])
				}
			}
		})
	}
}
