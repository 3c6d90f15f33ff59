package calc

import (
	"cmp"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// The words of attendance systems and what they mean: the 考勤结果 words of
// the template, the status words of DingTalk, WeCom and clock software, the
// meanings a matrix legend may name. They are built from the leave words of
// the rules (参数 请假类别): the one list that the readers, the templates and
// calc share (issue 10 item 5).

// Words are the word tables of one Rules' leave words.
type Words struct {
	leave  []string     // leave words; 请假 is the generic one
	status []statusWord // status words of exports, longest first
	legend [][2]string  // meanings a matrix legend may name, longest first
}

// wordsOf is the last table built, with the list it was built from: every
// row of a month asks for the same rules.
type wordsOf struct {
	src []string // r.LeaveWords as given (the same backing array)
	w   *Words
}

var wordCache atomic.Pointer[wordsOf]

// WordsOf returns the word tables of r's leave words. The last table is
// cached: asking again for the same rules allocates nothing.
func WordsOf(r *Rules) *Words {
	if c := wordCache.Load(); c != nil && len(c.src) == len(r.LeaveWords) &&
		(len(c.src) == 0 || &c.src[0] == &r.LeaveWords[0]) && slices.Equal(c.src, c.w.leave) {
		return c.w
	}
	leave := slices.Clone(r.LeaveWords)
	w := &Words{leave: leave, status: buildStatusWords(leave), legend: buildLegendWords(leave)}
	wordCache.Store(&wordsOf{src: r.LeaveWords, w: w})
	return w
}

// ResultWords returns the 考勤结果 words ParseResult knows, for lists and
// hints: the verdicts, the leave words of the rules (参数 请假类别), rest
// and trips.
func (r *Rules) ResultWords() []string {
	out := []string{"正常", "迟到", "早退", "旷工", "缺卡"}
	for _, w := range r.LeaveWords {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return append(out, "休息", "出差", "外出")
}

// isResultSep reports the separators between the words of a 考勤结果 cell.
func isResultSep(r rune) bool {
	switch r {
	case ',', ';', '/', '、', ' ', '\t', '\n', '\f', '\r':
		return true
	}
	return false
}

// firstDigits returns the first run of ASCII digits in s.
func firstDigits(s string) string {
	i := strings.IndexAny(s, "0123456789")
	if i < 0 {
		return ""
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return s[i:j]
}

// ParseResult reads the words of a 考勤结果 cell of the template: "正常",
// "迟到", "迟到15分钟", "迟到,早退", "旷工", "缺卡", a leave word, "休息",
// "出差". Words it does not know are in Unknown.
func (aw *Words) ParseResult(s string) Verdict {
	var res Verdict
	s = NormText(s)
	if s == "" {
		return res
	}
	res.Given = true
	for _, w := range strings.FieldsFunc(s, isResultSep) {
		mins := 0
		if m := firstDigits(w); m != "" && len(m) < 6 {
			mins, _ = strconv.Atoi(m)
		}
		switch {
		case strings.Contains(w, "旷工"):
			res.Absent = true
		case strings.Contains(w, "迟到"):
			res.Late, res.LateMin = true, mins
		case strings.Contains(w, "早退"):
			res.Early, res.EarlyMin = true, mins
		case strings.Contains(w, "缺卡") || strings.Contains(w, "未打卡") || strings.Contains(w, "漏打卡"):
			res.Missed = true
		case w == "休息" || w == "休" || w == "休息日" || w == "公休" || w == "节假日" || w == "法定假日":
			res.Rest = true
		case strings.Contains(w, "出差") || w == "外出" || w == "公出" || w == "外勤":
			res.Trip = true
		case w == "正常" || w == "出勤" || w == "√" || w == "✓":
			res.Normal = true
		default:
			found := false
			for _, l := range aw.leave {
				if strings.Contains(w, l) {
					res.Leave, found = l, true
					break
				}
			}
			if !found {
				res.Unknown = append(res.Unknown, w)
			}
		}
	}
	return res
}

// wordEffect is what a status word of an attendance export says.
type wordEffect int

const (
	weNeutral wordEffect = iota // 异常, 加班: says nothing by itself
	weNormal
	weLate
	weEarly
	weMissed
	weAbsent
	weLeave
	weRest
	weTrip
)

// statusWord is a status word and what it says.
type statusWord struct {
	w string
	e wordEffect
}

// buildStatusWords returns the status words of DingTalk, WeCom and clock
// software, longest first so that 严重迟到 and 旷工迟到 are not read as 迟到.
func buildStatusWords(leave []string) []statusWord {
	ws := []statusWord{
		{"旷工迟到", weAbsent}, {"严重迟到", weLate}, {"迟到", weLate}, {"早退", weEarly},
		{"上班缺卡", weMissed}, {"下班缺卡", weMissed}, {"缺卡", weMissed}, {"未打卡", weMissed}, {"漏打卡", weMissed},
		{"旷工", weAbsent}, {"请假", weLeave},
		{"休息", weRest}, {"公休", weRest}, {"休息日", weRest}, {"节假日", weRest}, {"法定假日", weRest},
		{"出差", weTrip}, {"外出", weTrip}, {"公出", weTrip},
		{"正常", weNormal}, {"外勤", weNormal}, {"补卡审批通过", weNormal}, {"补卡", weNormal},
		{"管理员改为正常", weNormal}, {"已打卡", weNormal}, {"免打卡", weNormal}, {"出勤", weNormal},
		{"异常", weNeutral}, {"加班", weNeutral}, {"无排班", weNeutral},
	}
	for _, l := range leave {
		if l != genericLeave {
			ws = append(ws, statusWord{l, weLeave})
		}
	}
	slices.SortStableFunc(ws, func(a, b statusWord) int { return cmp.Compare(len(b.w), len(a.w)) })
	return ws
}

var (
	reStatusSep = regexp.MustCompile(`[,;/、，；()（）\s]+`)
	reDuration  = regexp.MustCompile(`^(?:(\d{1,2})小时)?(?:(\d{1,4})分钟?)?`)
)

// emptyMark reports whether a cell means "nothing" (--, -, —, /).
func emptyMark(s string) bool {
	switch NormText(s) {
	case "", "-", "--", "—", "——", "/":
		return true
	}
	return false
}

// ParseStatus adds the words of a status cell of an export ("正常",
// "迟到15分钟", "严重迟到", "正常（休息）", "补卡审批通过") to res, longest word
// first. It returns the text it could not read.
func (aw *Words) ParseStatus(s string, res *Verdict) []string {
	if emptyMark(s) {
		return nil
	}
	var unknown []string
	for _, tok := range reStatusSep.Split(NormText(s), -1) {
	scan:
		for tok != "" {
			for _, sw := range aw.status {
				if !strings.HasPrefix(tok, sw.w) {
					continue
				}
				tok = tok[len(sw.w):]
				res.Given = true
				mins := 0
				if m := reDuration.FindStringSubmatch(tok); m != nil && m[0] != "" {
					h, _ := strconv.Atoi(m[1])
					mi, _ := strconv.Atoi(m[2])
					mins = h*60 + mi
					tok = tok[len(m[0]):]
				}
				switch sw.e {
				case weNormal:
					res.Normal = true
				case weLate:
					res.Late = true
					res.LateMin += mins
				case weEarly:
					res.Early = true
					res.EarlyMin += mins
				case weMissed:
					res.Missed = true
				case weAbsent:
					res.Absent = true
				case weLeave:
					if res.Leave == "" || res.Leave == genericLeave {
						res.Leave = sw.w
					}
				case weRest:
					res.Rest = true
				case weTrip:
					res.Trip = true
				}
				continue scan
			}
			unknown = append(unknown, tok)
			break
		}
	}
	return unknown
}

// ShiftVerdict reads a shift cell without times (休, 事假, 出差 in a 排班表)
// as a rest, leave or trip day; ok is false when it names none of them.
func (aw *Words) ShiftVerdict(name string) (v Verdict, ok bool) {
	if bad := aw.ParseStatus(name, &v); len(bad) == 0 && (v.Rest || v.Leave != "" || v.Trip) {
		return v, true
	}
	if strings.Contains(name, "休") {
		return Verdict{Given: true, Rest: true}, true
	}
	return Verdict{}, false
}

// LeaveIn returns the first leave word in a text such as an approval
// (关联的审批单 "事假11-03 09:00到11-03 18:00", 假勤申请 "事假 1天"), or "".
func (aw *Words) LeaveIn(s string) string {
	s = NormText(s)
	best, at := "", len(s)
	for _, l := range aw.leave {
		if l == genericLeave {
			continue
		}
		if i := strings.Index(s, l); i >= 0 && (i < at || (i == at && len(l) > len(best))) {
			best, at = l, i
		}
	}
	return best
}

// buildLegendWords returns the meanings a legend may name, with the
// 考勤结果 word each stands for, longest first.
func buildLegendWords(leave []string) [][2]string {
	ws := [][2]string{{"出勤", "正常"}, {"正常", "正常"}, {"上班", "正常"}, {"迟到", "迟到"}, {"早退", "早退"},
		{"旷工", "旷工"}, {"缺卡", "缺卡"}, {"漏打卡", "缺卡"}, {"休息", "休息"}, {"公休", "休息"}, {"出差", "出差"}, {"外出", "出差"}}
	for _, l := range leave {
		if l != genericLeave {
			ws = append(ws, [2]string{l, l})
		}
	}
	ws = append(ws, [2]string{genericLeave, "事假"})
	sort.SliceStable(ws, func(i, j int) bool { return len(ws[i][0]) > len(ws[j][0]) })
	return ws
}

// LegendMeaning returns the meaning a matrix legend may name at the start of
// s, and the 考勤结果 word it stands for (出勤 → 正常, 请假 → 事假); n is 0
// when s starts with none.
func (aw *Words) LegendMeaning(s string) (word string, n int) {
	for _, w := range aw.legend {
		if strings.HasPrefix(s, w[0]) {
			return w[1], len(w[0])
		}
	}
	return "", 0
}

var reSymbolMinutes = regexp.MustCompile(`^(\D+?)\s*(\d{1,3})\s*(?:分钟|分|min|')?$`)

// SymbolVerdict reads a cell of a hand-made matrix: a symbol of the sheet's
// legend (symbol → 考勤结果 word), else of the rules' 考勤符号, with optional
// minutes ("迟15"), or a 考勤结果 word written out. A symbol without
// minutes is late or early by an unknown number of minutes (the lowest
// tier, D6). ok is false when the cell cannot be read.
func SymbolVerdict(r *Rules, legend map[string]string, v string) (Verdict, bool) {
	lookup := func(s string) (string, bool) {
		if w, ok := legend[s]; ok {
			return w, true
		}
		w, ok := r.Symbols[s]
		return w, ok
	}
	aw := WordsOf(r)
	word, ok := lookup(v)
	mins := 0
	if !ok {
		if m := reSymbolMinutes.FindStringSubmatch(v); m != nil {
			if word, ok = lookup(strings.TrimSpace(m[1])); ok {
				mins, _ = strconv.Atoi(m[2])
			}
		}
	}
	if !ok {
		word = v // a word such as 迟到 or 事假 written out
	}
	res := aw.ParseResult(word)
	if l := aw.LeaveIn(word); len(res.Unknown) > 0 && l != "" && !ok {
		res = Verdict{Given: true, Leave: l} // 事假09:00到18:00 8小时 (DingTalk 月度汇总)
	}
	if len(res.Unknown) > 0 || !res.Given {
		return Verdict{}, false
	}
	if mins > 0 {
		switch {
		case res.Late && !res.Early:
			res.LateMin = mins
		case res.Early && !res.Late:
			res.EarlyMin = mins
		default:
			return Verdict{}, false
		}
	}
	return res, true
}

// NormText trims s and folds full-width characters (digits, letters, colon,
// space …) and dashes to their half-width forms; the readers of package
// sheets apply it to every cell, the word lists here to every word.
func NormText(s string) string {
	if s == "" {
		return ""
	}
	if plainText(s) {
		return s // the common case: nothing to fold or trim, no allocation
	}
	s = width.Fold.String(s)
	s = dashSpaceFolder.Replace(s)
	return strings.TrimSpace(s)
}

var dashSpaceFolder = strings.NewReplacer("\u2212", "-", "\u2013", "-", "\uff0d", "-", "\u00a0", " ")

// plainText reports whether NormText would return s unchanged: no leading
// or trailing space, no full-width form (U+FF00–U+FFEF), ideographic space
// or folded dash.
func plainText(s string) bool {
	if s[0] <= ' ' || s[len(s)-1] <= ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			for _, r := range s[i:] {
				switch {
				case r >= 0xff00 && r <= 0xffef, r == 0x3000, r == 0x2212, r == 0x2013, r == 0xa0:
					return false
				}
			}
			first, _ := utf8.DecodeRuneInString(s)
			last, _ := utf8.DecodeLastRuneInString(s)
			return !unicode.IsSpace(first) && !unicode.IsSpace(last)
		}
	}
	return true
}
