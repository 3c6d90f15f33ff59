// Package month is the monthly pipeline as a library: the one place where a
// month folder becomes a set of outputs. cmd/appraise (run, check, watch,
// finalize, report) and the tests call it; the command line only parses
// flags and prints.
//
//   - Run: load the inputs (sheets.Load) → the previous month's results
//     (Previous, D13) → appraise (calc.Appraise) → write the whole set
//     (sheets.WriteSet, which retires a payroll this run may not write),
//     under the output root's lock (Lock); a signed-off month gets a
//     correction (更正N/ with the 差额表, D33) instead. Options.Check reads
//     and appraises only.
//   - Finalize signs a month's set off; Report writes the summary of
//     several months.
//   - FolderMonth, BareMonth, MonthOf, Select and Key read months from
//     folder names and pick the month folders of an inbox.
//
// Output file names come from sheets.Names; user-facing texts are Chinese,
// and requests that cannot be carried out are *UsageError values.
package month
