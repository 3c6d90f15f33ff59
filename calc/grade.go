package calc

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// Grade returns the grade of a final score (D2): the band with the highest
// Min that the score reaches, else FailGrade.
func (r *Rules) Grade(score decimal.Decimal) string {
	return r.gradeIn(r.bands(), score)
}

// bands returns the grade bands from the highest Min down.
func (r *Rules) bands() []GradeBand {
	bands := append([]GradeBand(nil), r.Grades...)
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min.GreaterThan(bands[j].Min) })
	return bands
}

// gradeIn is Grade with the bands already sorted (bands), for many scores.
func (r *Rules) gradeIn(bands []GradeBand, score decimal.Decimal) string {
	for _, b := range bands {
		if c := score.Cmp(b.Min); c > 0 || (!b.Exclusive && c == 0) {
			return b.Grade
		}
	}
	return r.FailGrade
}

// Clamp limits a raw total to [Floor, Cap] (D1).
func (r *Rules) Clamp(raw decimal.Decimal) decimal.Decimal {
	if raw.GreaterThan(r.Cap) {
		return r.Cap
	}
	if raw.LessThan(r.Floor) {
		return r.Floor
	}
	return raw
}

// Pay returns the pay float of a final score (D3): (final − Base) ×
// YuanPerPoint, clamped to ±FloatMax and rounded to 2 decimals.
func (r *Rules) Pay(final decimal.Decimal) decimal.Decimal {
	p := final.Sub(r.Base).Mul(r.YuanPerPoint)
	lim := r.FloatMax.Abs()
	if p.GreaterThan(lim) {
		p = lim
	}
	if p.LessThan(lim.Neg()) {
		p = lim.Neg()
	}
	return p.Round(2)
}

// tier finds the tier holding minutes; minutes ≤ 0 give the lowest tier.
func tier(ts []Tier, minutes int) (Tier, bool) {
	if len(ts) == 0 {
		return Tier{}, false
	}
	sorted := append([]Tier(nil), ts...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].From < sorted[j].From })
	if minutes <= 0 {
		return sorted[0], true
	}
	for _, t := range sorted {
		if minutes >= t.From && (t.To == 0 || minutes <= t.To) {
			return t, true
		}
	}
	if minutes < sorted[0].From {
		return sorted[0], true
	}
	return Tier{}, false
}

// LatePoints returns the L04 points for a late arrival or early leave of the
// given minutes (D6); 0 or unknown minutes give the lowest tier.
func (r *Rules) LatePoints(minutes int) decimal.Decimal {
	t, ok := tier(r.LateTiers, minutes)
	if !ok {
		// A gap or nothing above: the highest tier that starts below.
		best := decimal.Zero
		for _, x := range r.LateTiers {
			if x.From <= minutes && x.Points.GreaterThan(best) {
				best = x.Points
			}
		}
		return best
	}
	return t.Points
}

// Incident returns the rule of the 突发事件 family for an incident handled
// the given minutes late (D8); false for minutes ≤ 0 or no matching tier.
func (r *Rules) Incident(minutes int) (Rule, bool) {
	if minutes <= 0 {
		return Rule{}, false
	}
	for _, t := range r.IncidentTiers {
		if minutes >= t.From && (t.To == 0 || minutes <= t.To) {
			return r.Rule(t.Code)
		}
	}
	return Rule{}, false
}

// Tenure returns the month of service in the given month (D4): the hire
// month is 1 (or the next month when HireCutoff > 0 and the hire day is
// after it). It is 0 or less before that month, and 0 for a zero hire date.
func (r *Rules) Tenure(hired time.Time, year int, month time.Month) int {
	if hired.IsZero() {
		return 0
	}
	hy, hm, hd := hired.Date()
	start := hy*12 + int(hm) - 1
	if r.HireCutoff > 0 && hd > r.HireCutoff {
		start++
	}
	return year*12 + int(month) - 1 - start + 1
}
