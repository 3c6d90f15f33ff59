// Package calc is the pure scoring engine of the monthly appraisal.
//
// The model: every appraised employee starts the month with Rules.Base
// points (80). Events of the 奖惩记录 and events derived from attendance,
// the QA form, exams, complaints and workload are resolved against the rule
// catalogue (Rules.Catalogue) and add bonus points or deduct light, medium
// or severe points; S05 adds a further deduction when a month has too many
// violations; a leader may get a discretionary A01 adjustment. The raw total
// is clamped to [Floor, Cap] (0…110), graded (A…E, 不合格), ranked, and
// turned into a pay float of (final − 80) × 10 yuan within ±300 from the
// third month of service. Flags are recommendations for human review.
//
// calc owns every policy decision, attendance included: the readers of
// package sheets turn cells into typed values with their locations and ask
// calc what they mean (InterpretDay for a row of any attendance shape, the
// verdict words in Words, which punch belongs to which shift in
// NearestSpan and ShiftInput, approval words, the coverage of a month).
//
// calc reads no files (a test fails when it imports os, io or a reader):
// callers pass a Month and a Rules value and get a Result whose Problems
// list every validation finding with the caller's Loc. Appraise never
// panics and does not validate the Rules; call Rules.Check, whose problems
// say where in the rules workbook they lie (RuleAt).
//
// Appraise uses up to two goroutines for a month of 1,024 rows or more
// (shard.go): the phases that work per person split the rows into pieces
// that the goroutines take in turn, each piece with its own buffers of
// problems, events and findings, merged in the order of the records that
// made them, so the result is the one a single goroutine gives, to the last
// problem and decimal (TestShardedSame,
// TestSplitSampleMonths; every test of the package runs a second time with
// every month split).
package calc
