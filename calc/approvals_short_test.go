package calc

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestShortDaysRandom: ShortDays gives what the set-per-day version
// (shortDaysRef) gives on
// random months: repeated and empty IDs, days of people not employed, of
// other months, absences with and without punches, days out of order.
func TestShortDaysRandom(t *testing.T) {
	r := DefaultRules()
	nonEmpty := 0
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 7))
		r.CoverageRatio = decimal.NewFromFloat([]float64{0, 0.1, 0.5, 0.9}[rng.IntN(4)])
		ids := []string{""}
		for i := range 1 + rng.IntN(12) {
			ids = append(ids, fmt.Sprintf("E%d", i))
		}
		var emps []Employee
		for range rng.IntN(10) {
			e := Employee{ID: ids[rng.IntN(len(ids))]}
			if rng.IntN(4) == 0 {
				e.Hired = time.Date(2026, time.November, 1+rng.IntN(30), 0, 0, 0, 0, time.UTC)
			}
			if rng.IntN(4) == 0 {
				e.Left = time.Date(2026, time.November, 1+rng.IntN(30), 0, 0, 0, 0, time.UTC)
			}
			emps = append(emps, e)
		}
		var days []Day
		for range rng.IntN(200) {
			d := Day{ID: ids[rng.IntN(len(ids))], Date: time.Date(2026, time.Month(10+rng.IntN(3)), 1+rng.IntN(31), 0, 0, 0, 0, time.UTC)}
			d.Absent = rng.IntN(2) == 0
			if rng.IntN(3) == 0 {
				d.WorkedMin = 480
			}
			if rng.IntN(5) == 0 {
				d.MissingPunches = 1
			}
			if rng.IntN(5) == 0 {
				d.LateMin = 3
			}
			days = append(days, d)
		}
		s1, w1 := ShortDays(r, 2026, time.November, emps, days)
		s2, w2 := shortDaysRef(r, 2026, time.November, emps, days)
		if len(s1) > 0 {
			nonEmpty++
		}
		if !reflect.DeepEqual(s1, s2) || w1 != w2 {
			t.Fatalf("seed %d: ShortDays = %v, %d; reference %v, %d", seed, s1, w1, s2, w2)
		}
	}
	if nonEmpty < 50 {
		t.Errorf("%d of 300 months have short days: the months test little", nonEmpty)
	}
}
