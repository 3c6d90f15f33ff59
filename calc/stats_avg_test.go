package calc

import (
	"testing"

	"github.com/shopspring/decimal"
)

// sameDecimal reports whether a and b have the same coefficient and
// exponent (not only the same value).
func sameDecimal(a, b decimal.Decimal) bool {
	return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
}

func TestAvg(t *testing.T) {
	tests := []struct {
		sum  string
		n    int
		want string // "" for null
		fast bool   // divRound2 takes it
	}{
		{"0", 0, "", false},
		{"0", 3, "0", true},
		{"10", 4, "2.5", true},
		{"1", 8, "0.13", true},   // 0.125 rounds up
		{"-1", 8, "-0.13", true}, // away from zero
		{"1", 3, "0.33", true},   // 0.333…
		{"2", 3, "0.67", true},   // 0.666…
		{"-2", 3, "-0.67", true}, // away from zero
		{"189.5", 2, "94.75", true},
		{"0.005", 1, "0.01", true},
		{"-0.005", 1, "-0.01", true},
		{"0.00499", 1, "0", true},
		{"123456789012345", 7, "17636684144620.71", true},
		{"1234567890123456", 7, "176366841446208", false}, // 16 digits: DivRound
		{"100000", 3, "33333.33", true},
		{"1e5", 3, "33333.33", false},  // exponent 5: DivRound
		{"1e6", 3, "333333.33", false}, // exponent 6: DivRound
		{"1e-12", 1, "0", true},
		{"1e-14", 1, "0", false}, // exponent −14: DivRound
		{"5", 1 << 20, "0", false},
	}
	for _, tt := range tests {
		sum := decimal.RequireFromString(tt.sum)
		got := avg(sum, tt.n)
		if tt.want == "" {
			if got.Valid {
				t.Errorf("avg(%s, %d) = %v; want null", tt.sum, tt.n, got.Decimal)
			}
			continue
		}
		want := sum.DivRound(decimal.NewFromInt(int64(tt.n)), 2)
		if !got.Valid || got.Decimal.String() != tt.want || !sameDecimal(got.Decimal, want) {
			t.Errorf("avg(%s, %d) = %v (exp %d); want %s as DivRound gives (%v, exp %d)", tt.sum, tt.n, got.Decimal, got.Decimal.Exponent(), tt.want, want, want.Exponent())
		}
		if _, ok := divRound2(sum, int64(tt.n)); ok != tt.fast {
			t.Errorf("divRound2(%s, %d) taken %v; want %v", tt.sum, tt.n, ok, tt.fast)
		}
	}
}

// FuzzAvg: avg gives exactly what DivRound gives, coefficient and exponent.
func FuzzAvg(f *testing.F) {
	f.Add(int64(1), int32(0), 8)
	f.Add(int64(-1895), int32(-1), 20)
	f.Add(int64(999999999999999), int32(-12), 1)
	f.Add(int64(7), int32(3), 1<<19)
	f.Fuzz(func(t *testing.T, coef int64, exp int32, n int) {
		if n <= 0 || exp < -40 || exp > 40 {
			return
		}
		sum := decimal.New(coef, exp)
		want := sum.DivRound(decimal.NewFromInt(int64(n)), 2)
		if got := avg(sum, n); !got.Valid || !sameDecimal(got.Decimal, want) {
			t.Fatalf("avg(%v, %d) = %v (exp %d); want %v (exp %d)", sum, n, got.Decimal, got.Decimal.Exponent(), want, want.Exponent())
		}
	})
}
