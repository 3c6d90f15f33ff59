// Package templates is the home of the workbooks appraise hands to HR
// rather than reads from them: the rules workbook 考核规则.xlsx (written
// and read) and the blank input templates (花名册.xlsx, 考勤明细.xlsx, …).
//
// The rules workbook: WriteRules writes a calc.Rules as 考核规则.xlsx;
// ReadRules and ReadRulesFrom read one back into calc.Rules, reporting
// every bad cell as a calc.Problem with its sheet and cell. The files by
// concern:
//
//	rules.go            sheet names, the 参数 settings, the columns of each sheet
//	rules_write.go      WriteRules and one writer per sheet
//	rules_read.go       ReadRules, the table reader, rule-check problems
//	rules_catalogue.go  reading 规则, 分档 and 等级
//	rules_params.go     reading 参数, 质检项目, 节假日 and 考勤符号
//	rules_inputs.go     输入清单 (D19) and its 参数 rows
//	rules_indicators.go 指标 (the soft indicators)
//	workbook.go         what the rules workbook and the templates share: fixed
//	                    document properties, styles, header rows, drop-down
//	                    lists, print setup
//
// The blank templates: Write writes one template per input kind (title row,
// the canonical header with the required columns in red, formats, data
// validation from the rules, a 说明 sheet) and the rules workbook into a
// folder (blank.go: the columns of each kind; blank_policy.go: 请假记录,
// 换班登记, 申诉处理, 软性指标评分; blank_write.go: the writer).
//
// Every workbook written here has fixed document properties and a sorted
// zip (sheets.SortedZipWriter), so the same rules give the same bytes.
// FS embeds what Write(dir, calc.DefaultRules(), 0, 0) writes; a test fails
// when the embedded files drift from the code (`go test ./templates
// -update` regenerates them).
//
// templates imports sheets (the header aliases of each input kind, the text
// folding of the readers); sheets never imports templates: sheets.Load
// takes the *calc.Rules that ReadRules returned.
package templates
