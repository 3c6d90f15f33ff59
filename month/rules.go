package month

import (
	"os"

	"appraise/calc"
	"appraise/sheets"
	"appraise/templates"
)

// LoadRules returns the default rules when file is empty, else those of an
// edited rules workbook. A missing file is a *UsageError; a workbook with
// errors is a *RulesError listing them.
func LoadRules(file string) (*calc.Rules, error) {
	if file == "" {
		return calc.DefaultRules(), nil
	}
	if _, err := os.Stat(file); err != nil {
		return nil, usagef("找不到考核规则工作簿：%s", sheets.Printable(file))
	}
	r, problems := templates.ReadRules(file)
	if r == nil || count(problems, calc.Error) > 0 {
		return nil, &RulesError{File: file, Problems: problems}
	}
	return r, nil
}
