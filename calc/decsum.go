package calc

import (
	"math"

	"github.com/shopspring/decimal"
)

// decSum adds decimals as repeated decimal.Decimal.Add from decimal.Zero
// would, to the same coefficient and exponent (the smallest exponent met,
// 0 at most), in int64 arithmetic while the sum fits: a leader's indicators
// add up every member's scores, ten thousand of them for a department-wide
// role. Once a value or the sum does not fit, it goes on with Add.
type decSum struct {
	c   int64 // the sum is c·10^e while !big
	e   int32
	big bool
	d   decimal.Decimal // the sum once big
}

// add adds x.
func (s *decSum) add(x decimal.Decimal) {
	if !s.big {
		if xc, xe, ok := smallDec(x); ok {
			if c, e, ok := addScaled(s.c, s.e, xc, xe); ok {
				s.c, s.e = c, e
				return
			}
		}
		s.big, s.d = true, decimal.New(s.c, s.e)
	}
	s.d = s.d.Add(x)
}

// sum is the sum of the values added.
func (s *decSum) sum() decimal.Decimal {
	if s.big {
		return s.d
	}
	return decimal.New(s.c, s.e)
}

// smallDec is x's coefficient and exponent when the coefficient has at most
// 18 digits.
func smallDec(x decimal.Decimal) (int64, int32, bool) {
	if x.NumDigits() > 18 {
		return 0, 0, false
	}
	return x.CoefficientInt64(), x.Exponent(), true
}

// addScaled adds a·10^ea and b·10^eb at the smaller exponent, reporting
// false on an overflow of int64.
func addScaled(a int64, ea int32, b int64, eb int32) (int64, int32, bool) {
	if ea < eb {
		a, ea, b, eb = b, eb, a, ea
	}
	// now eb ≤ ea: a is scaled down to eb
	a, ok := scale10(a, int64(ea)-int64(eb))
	if !ok {
		return 0, 0, false
	}
	if (b > 0 && a > math.MaxInt64-b) || (b < 0 && a < math.MinInt64-b) {
		return 0, 0, false
	}
	return a + b, eb, true
}

// scale10 is a·10^k for 0 ≤ k, reporting false on an overflow of int64.
func scale10(a int64, k int64) (int64, bool) {
	for ; k > 0; k-- {
		if a > math.MaxInt64/10 || a < math.MinInt64/10 {
			return 0, false
		}
		a *= 10
		if a == 0 {
			return 0, true
		}
	}
	return a, true
}
