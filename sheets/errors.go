package sheets

import (
	"errors"

	"appraise/calc"
)

// locString formats a location as file!sheet!cell, leaving out empty parts.
func locString(l calc.Loc) string {
	s := l.File
	for _, p := range []string{l.Sheet, l.Cell} {
		if p == "" {
			continue
		}
		if s != "" {
			s += "!"
		}
		s += p
	}
	return s
}

// Errors of the cell parsers, in Chinese because they reach the user.
var (
	errEmpty   = errors.New("单元格为空")
	errDate    = errors.New("无法识别的日期")
	errClock   = errors.New("无法识别的时间")
	errDecimal = errors.New("无法识别的数字")
	errInteger = errors.New("应为整数")
	errFormula = errors.New("公式单元格没有计算结果")
	errBool    = errors.New("应填 是 或 否")
)
