package month

import (
	"fmt"

	"appraise/calc"
)

// UsageError is a request that cannot be carried out as given (a folder
// name without a month, a --month that contradicts it, a missing password
// variable, an output folder inside the inputs …). Its text is Chinese and
// says what to do; the command line exits with its usage code.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, a ...any) error { return &UsageError{fmt.Sprintf(format, a...)} }

// RulesError is an edited rules workbook with errors: nothing was
// processed. Problems lists them all.
type RulesError struct {
	File     string
	Problems []calc.Problem
}

func (e *RulesError) Error() string {
	return fmt.Sprintf("考核规则工作簿 %s 有错误，未处理任何数据。", e.File)
}
