package calc

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
)

// addAll is the sum by decimal.Decimal.Add from decimal.Zero.
func addAll(xs []decimal.Decimal) decimal.Decimal {
	sum := decimal.Zero
	for _, x := range xs {
		sum = sum.Add(x)
	}
	return sum
}

func TestDecSum(t *testing.T) {
	d := decimal.RequireFromString
	huge := decimal.New(math.MaxInt64, 0)
	tests := []struct {
		name string
		xs   []decimal.Decimal
		big  bool // went on with Add
	}{
		{"none", nil, false},
		{"integers", []decimal.Decimal{d("95"), d("88"), d("-3")}, false},
		{"exponents met", []decimal.Decimal{d("95.5"), d("88.25"), d("1e2"), d("0.001")}, false},
		{"zero at −2", []decimal.Decimal{d("1.50"), d("-1.5")}, false},
		{"exam ratios", []decimal.Decimal{d("85.33333333333333"), d("91.66666666666667"), d("70")}, false},
		{"sum past int64", []decimal.Decimal{d("9000000000000000000"), d("9000000000000000000")}, true},
		{"scaling past int64", []decimal.Decimal{d("930000000000000000"), d("0.1")}, true},
		{"value past int64", []decimal.Decimal{d("1"), huge.Add(huge)}, true},
		{"negative past int64", []decimal.Decimal{d("-9000000000000000000"), d("-9000000000000000000"), d("5")}, true},
	}
	for _, tt := range tests {
		var s decSum
		for _, x := range tt.xs {
			s.add(x)
		}
		got, want := s.sum(), addAll(tt.xs)
		if !sameDecimal(got, want) || s.big != tt.big {
			t.Errorf("%s: sum %v (exp %d, big %v); want %v (exp %d, big %v)", tt.name, got, got.Exponent(), s.big, want, want.Exponent(), tt.big)
		}
	}
}

// FuzzDecSum: decSum gives Add's exact coefficient and exponent.
func FuzzDecSum(f *testing.F) {
	f.Add(int64(955), int32(-1), int64(-3), int32(2), int64(7), int32(-14))
	f.Add(int64(math.MaxInt64), int32(0), int64(1), int32(0), int64(0), int32(0))
	f.Add(int64(math.MinInt64), int32(-3), int64(-1), int32(-30), int64(5), int32(9))
	f.Fuzz(func(t *testing.T, a int64, ea int32, b int64, eb int32, c int64, ec int32) {
		if ea < -60 || ea > 60 || eb < -60 || eb > 60 || ec < -60 || ec > 60 {
			return
		}
		xs := []decimal.Decimal{decimal.New(a, ea), decimal.New(b, eb), decimal.New(c, ec), decimal.New(a, ea)}
		var s decSum
		for _, x := range xs {
			s.add(x)
		}
		if got, want := s.sum(), addAll(xs); !sameDecimal(got, want) {
			t.Fatalf("sum of %v = %v (exp %d); want %v (exp %d)", xs, got, got.Exponent(), want, want.Exponent())
		}
	})
}
