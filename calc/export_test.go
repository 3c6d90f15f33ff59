package calc

// For the tests of package calc_test: Appraise on a given number of
// goroutines, splitting months of at least minSplit rows, and the first
// difference of two results.
var (
	AppraiseSplit = appraise
	DiffResults   = diffResults
	MinShardRows  = minShardRows
)

// SplitAll reports whether this is TestMain's second run, in which every
// month is split: tests that choose their own split run only once.
func SplitAll() bool { return splitFrom == 1 }
