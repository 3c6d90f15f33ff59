package calc

import "strings"

// String returns the Chinese name of the level: 错误, 警告 or 提示.
func (l Level) String() string {
	switch l {
	case Error:
		return "错误"
	case Warning:
		return "警告"
	case Info:
		return "提示"
	}
	return "未知"
}

// String returns "file!sheet!cell", omitting empty parts.
func (l Loc) String() string {
	parts := make([]string, 0, 3)
	for _, s := range []string{l.File, l.Sheet, l.Cell} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "!")
}

// Error returns "loc: msg", or just msg when the location is empty.
func (p Problem) Error() string {
	if loc := p.Loc.String(); loc != "" {
		return loc + ": " + p.Msg
	}
	return p.Msg
}

// problems collects findings.
type problems []Problem

func (ps *problems) add(l Level, loc Loc, id, msg, hint string) {
	*ps = append(*ps, Problem{Level: l, Loc: loc, ID: id, Msg: msg, Hint: hint})
}
