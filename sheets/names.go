package sheets

import (
	"fmt"
	"strings"
	"time"
)

// Output file names, in one place: the set writer, the manifest check,
// finalize, corrections, the summary and the month pipeline (package
// month) all name the files of a month through this table.
const (
	appraisalPrefix = "月度考核表_"
	noticePrefix    = "考核通知单_"
	payrollPrefix   = "绩效工资调整表_"
	reportPrefix    = "校验报告_"
	diffPrefix      = "绩效工资差额表_"
	summaryPrefix   = "考核汇总_"
	manifestName    = "manifest.json"
	finalName       = "定稿.json" // marks a month signed off (D33)
	teamDir         = "班组"      // the team packets under the month folder (D31)
)

// FinalName is the file that marks a month folder signed off.
const FinalName = finalName

// OutputNames are the file names of one month's output set.
type OutputNames struct {
	Appraisal  string // 月度考核表_YYYY-MM.xlsx
	Notice     string // 考核通知单_YYYY-MM.xlsx
	Payroll    string // 绩效工资调整表_YYYY-MM.xlsx
	PayrollCSV string // 绩效工资调整表_YYYY-MM.csv
	Report     string // 校验报告_YYYY-MM.xlsx
	Manifest   string // manifest.json
	Final      string // 定稿.json
	TeamDir    string // 班组
}

// Names are the output file names of a month.
func Names(year int, month time.Month) OutputNames {
	key := monthKey(year, month)
	return OutputNames{
		Appraisal:  appraisalPrefix + key + ".xlsx",
		Notice:     noticePrefix + key + ".xlsx",
		Payroll:    payrollPrefix + key + ".xlsx",
		PayrollCSV: payrollPrefix + key + ".csv",
		Report:     reportPrefix + key + ".xlsx",
		Manifest:   manifestName,
		Final:      finalName,
		TeamDir:    teamDir,
	}
}

// IsPayrollName reports whether a file name is a month's payroll workbook
// or CSV (绩效工资调整表_…).
func IsPayrollName(name string) bool { return strings.HasPrefix(name, payrollPrefix) }

// AppraisalName is the file name of a month's 月度考核表 ("月度考核表_2026-11.xlsx").
func AppraisalName(year int, month time.Month) string { return Names(year, month).Appraisal }

// NoticeName is the file name of a month's notices ("考核通知单_2026-11.xlsx").
func NoticeName(year int, month time.Month) string { return Names(year, month).Notice }

// CorrectionDir is the folder name of correction n: 更正1, 更正2 …
func CorrectionDir(n int) string { return fmt.Sprintf("%s%d", SetCorrection, n) }

// DiffName is the file name of a correction's 差额表, without extension.
func DiffName(y int, m time.Month, n int) string {
	return diffPrefix + monthKey(y, m) + "_" + CorrectionDir(n)
}

// SummaryName is the summary's file name for a range of months.
func SummaryName(from, to time.Time) string {
	return summaryPrefix + monthKey(from.Year(), from.Month()) + "至" + monthKey(to.Year(), to.Month()) + ".xlsx"
}

func monthKey(year int, month time.Month) string {
	return fmt.Sprintf("%04d-%02d", year, int(month))
}
