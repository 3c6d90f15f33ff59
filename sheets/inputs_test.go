package sheets

import (
	"github.com/shopspring/decimal"

	"appraise/calc"
)

// readerRules are the default rules for tests of one reader on a partial
// folder: no input kind is required and attendance coverage (D19) is not
// checked, so that only the reader's own problems show.
func readerRules() *calc.Rules {
	r := calc.DefaultRules()
	for i := range r.Inputs {
		r.Inputs[i].Required = false
	}
	r.CoverageRatio = decimal.NewFromInt(1)
	return r
}
