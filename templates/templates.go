package templates

import "embed"

// RulesFile is the name of the rules workbook.
const RulesFile = "考核规则.xlsx"

// FS holds the templates (花名册.xlsx, 考勤明细.xlsx, …) and 考核规则.xlsx
// that Write(dir, calc.DefaultRules(), 0, 0) writes, regenerated with
// `go test ./templates -update`.
//
//go:embed *.xlsx
var FS embed.FS
