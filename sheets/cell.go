package sheets

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"appraise/calc"
)

// normText trims s and folds full-width characters (digits, letters, colon,
// space …) to their half-width forms: calc.NormText, the one definition
// the readers and calc's word lists share.
func normText(s string) string { return calc.NormText(s) }

var (
	reMonthDash = regexp.MustCompile(`^(\d{4})(?:[-_./](\d{1,2})|(\d{2}))$`)
	reMonthCN   = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月份?$`)
)

// ParseMonth reads a month from a folder name or flag: "2026-11", "2026/11",
// "2026.11", "202611" or "2026年11月". Anything else (such as "2026-11-03")
// is not a month.
func ParseMonth(s string) (year int, month time.Month, ok bool) {
	s = normText(s)
	var ys, ms string
	if m := reMonthDash.FindStringSubmatch(s); m != nil {
		ys, ms = m[1], m[2]+m[3]
	} else if m := reMonthCN.FindStringSubmatch(s); m != nil {
		ys, ms = m[1], m[2]
	} else {
		return 0, 0, false
	}
	y, _ := strconv.Atoi(ys)
	mo, _ := strconv.Atoi(ms)
	if y < 1900 || mo < 1 || mo > 12 {
		return 0, 0, false
	}
	return y, time.Month(mo), true
}

var (
	reWeekday  = regexp.MustCompile(`\s*[(]?(?:星期|周|礼拜)[一二三四五六日天七][)]?$`)
	reTimePart = regexp.MustCompile(`^(.+?)(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$`)
	reYMD      = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$`)
	reYYMD     = regexp.MustCompile(`^(\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$`)
	reMD       = regexp.MustCompile(`^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$`)
	reD        = regexp.MustCompile(`^(\d{1,2})\s*[日号]$`)
	reDigits8  = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	reSerial   = regexp.MustCompile(`^\d{1,7}(?:\.\d+)?$`)
)

// ParseDate reads a date cell: an Excel serial (1900 or 1904 system, as
// date1904 says; a time of day is dropped), "2026-11-03", "2026/11/3",
// "2026.11.3", "20261103", "2026年11月3日", "26-11-03", with an optional
// weekday ("星期二", "周二") or time of day after it. A date without a year
// ("11月3日", "11-03", "11/3") takes the year that puts it nearest the
// given month; a bare day ("3", "3日", "3号") is that day of the given month.
// Dates are returned at midnight UTC.
func ParseDate(s string, year int, month time.Month, date1904 bool) (time.Time, error) {
	s = normText(s)
	if s == "" {
		return time.Time{}, errEmpty
	}
	if t, ok, err := fastDate(s, year, month, date1904); ok {
		return t, err
	}
	if y, m, d, ok := weekdayDate(s); ok {
		return mkDate(y, m, d)
	}
	s = strings.TrimSpace(reWeekday.ReplaceAllString(s, ""))
	if m := reTimePart.FindStringSubmatch(s); m != nil {
		s = strings.TrimSpace(reWeekday.ReplaceAllString(m[1], ""))
	}
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	switch {
	case reYMD.MatchString(s):
		m := reYMD.FindStringSubmatch(s)
		return mkDate(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	case reDigits8.MatchString(s):
		m := reDigits8.FindStringSubmatch(s)
		return mkDate(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	case reYYMD.MatchString(s):
		m := reYYMD.FindStringSubmatch(s)
		return mkDate(2000+atoi(m[1]), atoi(m[2]), atoi(m[3]))
	case reMD.MatchString(s):
		m := reMD.FindStringSubmatch(s)
		mo, d := atoi(m[1]), atoi(m[2])
		return mkDate(nearestYear(year, month, mo), mo, d)
	case reD.MatchString(s):
		return mkDate(year, int(month), atoi(reD.FindStringSubmatch(s)[1]))
	case reSerial.MatchString(s):
		return serialCell(s, year, month, date1904)
	}
	return time.Time{}, errDate
}

// serialCell reads a date cell holding a number: a day of the month (1–31,
// no fraction) or an Excel serial, rounded to the second first as Excel
// shows it (42643.9999999999, a time a formula computed, is the next
// midnight; serialClock agrees).
func serialCell(s string, year int, month time.Month, date1904 bool) (time.Time, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f >= 3e6 {
		return time.Time{}, errDate
	}
	if f == math.Floor(f) && f >= 1 && f <= 31 && !strings.Contains(s, ".") {
		return mkDate(year, int(month), int(f))
	}
	day, _ := serialSplit(f)
	return serialDate(day, date1904)
}

// serialSplit rounds a serial to the second, as Excel does before showing
// it, and splits it into the day and the second of that day.
func serialSplit(f float64) (day, sec int) {
	secs := int64(math.Round(f * 86400))
	return int(secs / 86400), int(secs % 86400)
}

// fastDate reads the forms nearly every date cell takes, a serial ("46329",
// "46329.5") and "2026-11-03" or "2026/11/03" with an optional time of day
// ("2026/11/02 08:52:11", as clock exports write), without regular
// expressions; ok is false for anything else. s is normalised already.
func fastDate(s string, year int, month time.Month, date1904 bool) (time.Time, bool, error) {
	if n := plainNumber(s); n > 0 && n <= 7 {
		t, err := serialCell(s, year, month, date1904)
		return t, true, err
	}
	y, m, d, rest, ok := ymdPrefix(s)
	if !ok {
		return time.Time{}, false, nil
	}
	if rest != "" {
		if rest[0] != ' ' {
			return time.Time{}, false, nil
		}
		if _, ok := fastClock(strings.TrimLeft(rest, " ")); !ok {
			return time.Time{}, false, nil
		}
	}
	t, err := mkDate(y, m, d)
	return t, true, err
}

// weekdayDate reads the form DingTalk exports write, "26-11-03 星期二"
// ("2026/11/03 周二"): a date of a two- or four-digit year, '-' or '/' and
// one- or two-digit month and day, spaces and a weekday, without regular
// expressions; ok is false for anything else (ParseDate's general path
// reads these the same way). s is normalised already.
func weekdayDate(s string) (y, m, d int, ok bool) {
	w, size := utf8.DecodeLastRuneInString(s)
	if !strings.ContainsRune("一二三四五六日天七", w) {
		return 0, 0, 0, false
	}
	s = s[:len(s)-size]
	switch {
	case strings.HasSuffix(s, "星期"):
		s = s[:len(s)-len("星期")]
	case strings.HasSuffix(s, "礼拜"):
		s = s[:len(s)-len("礼拜")]
	case strings.HasSuffix(s, "周"):
		s = s[:len(s)-len("周")]
	default:
		return 0, 0, 0, false
	}
	date := strings.TrimRight(s, " ")
	if len(date) == len(s) {
		return 0, 0, 0, false
	}
	// digits, a separator, digits, the same separator kind, digits
	var parts [3]int
	i := 0
	for k := range 3 {
		j := i
		for j < len(date) && date[j] >= '0' && date[j] <= '9' {
			j++
		}
		n, okN := digitsAt(date, i, j)
		switch {
		case !okN, k == 0 && j-i != 2 && j-i != 4, k > 0 && (j-i < 1 || j-i > 2):
			return 0, 0, 0, false
		}
		parts[k] = n
		if k < 2 {
			if j >= len(date) || (date[j] != '-' && date[j] != '/') {
				return 0, 0, 0, false
			}
			j++
		} else if j != len(date) {
			return 0, 0, 0, false
		}
		i = j
	}
	y = parts[0]
	if date[2] == '-' || date[2] == '/' { // a two-digit year
		y += 2000
	}
	return y, parts[1], parts[2], true
}

// ymdPrefix reads a leading "2026-11-03" or "2026/11/3" (four-digit year,
// one- or two-digit month and day) and returns what follows it.
func ymdPrefix(s string) (y, m, d int, rest string, ok bool) {
	if len(s) < 8 || (s[4] != '-' && s[4] != '/') {
		return 0, 0, 0, "", false
	}
	y, ok = digitsAt(s, 0, 4)
	i := 5
	j := i
	for j < len(s) && j-i < 3 && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if !ok || j-i < 1 || j-i > 2 || j >= len(s) || (s[j] != '-' && s[j] != '/') {
		return 0, 0, 0, "", false
	}
	m, _ = digitsAt(s, i, j)
	i = j + 1
	j = i
	for j < len(s) && j-i < 3 && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j-i < 1 || j-i > 2 {
		return 0, 0, 0, "", false
	}
	d, _ = digitsAt(s, i, j)
	return y, m, d, s[j:], true
}

// plainNumber returns the number of integer digits of s when s is digits
// with at most one decimal point followed by digits ("46329", "0.375"), else 0.
func plainNumber(s string) int {
	intDigits, dot := 0, -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if dot < 0 {
				intDigits++
			}
		case c == '.' && dot < 0 && intDigits > 0:
			dot = i
		default:
			return 0
		}
	}
	if dot == len(s)-1 {
		return 0
	}
	return intDigits
}

// digitsAt parses s[i:j] as a decimal number of ASCII digits.
func digitsAt(s string, i, j int) (int, bool) {
	if i >= j {
		return 0, false
	}
	n := 0
	for ; i < j; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// fastClock reads "8:59", "08:59" and "08:59:30" without regular
// expressions; ok is false for anything else (including hours past 23).
func fastClock(s string) (int, bool) {
	c := strings.IndexByte(s, ':')
	if c < 1 || c > 2 {
		return 0, false
	}
	h, ok1 := digitsAt(s, 0, c)
	rest := s[c+1:]
	if len(rest) != 2 && (len(rest) != 5 || rest[2] != ':') {
		return 0, false
	}
	mi, ok2 := digitsAt(rest, 0, 2)
	sec, ok3 := 0, true
	if len(rest) == 5 {
		sec, ok3 = digitsAt(rest, 3, 5)
	}
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || sec > 59 {
		return 0, false
	}
	return h*60 + mi, true
}

// nearestYear picks, among the years around year, the one that puts month mo
// nearest the month of reference.
func nearestYear(year int, month time.Month, mo int) int {
	best, bestDist := year, math.MaxInt
	for _, y := range []int{year - 1, year, year + 1} {
		d := (y*12 + mo) - (year*12 + int(month))
		if d < 0 {
			d = -d
		}
		if d < bestDist {
			best, bestDist = y, d
		}
	}
	return best
}

func mkDate(y, m, d int) (time.Time, error) {
	if y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, errDate
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, errDate
	}
	return t, nil
}

// serialDate converts an Excel day serial. In the 1900 system serial 1 is
// 1900-01-01 and 60 is the nonexistent 1900-02-29; in the 1904 system 0 is
// 1904-01-01.
func serialDate(day int, date1904 bool) (time.Time, error) {
	var t time.Time
	switch {
	case date1904:
		t = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
	case day < 1 || day == 60:
		return time.Time{}, errDate
	case day < 60:
		t = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
	default:
		t = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
	}
	if t.Year() > 9999 {
		return time.Time{}, errDate
	}
	return t, nil
}

var (
	reNextDay  = regexp.MustCompile(`^(?:次日|第二天|翌日|\+1)\s*|\s*[(]?(?:次日|\+1)[)]?$`)
	reHMS      = regexp.MustCompile(`^(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2})(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$`)
	reCNClock  = regexp.MustCompile(`^(\d{1,2})\s*[点时]\s*(?:(\d{1,2})\s*分?)?$`)
	reDateTime = regexp.MustCompile(`^\d{2,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?(?:\s*(?:星期|周)[一二三四五六日天])?[ T]+(.+)$`)
	reAMPM     = regexp.MustCompile(`(?i)^(上午|下午|晚上|凌晨|中午|am|pm)\s*|\s*(am|pm)$`)
	reFraction = regexp.MustCompile(`^\d{1,7}(?:\.\d+)?(?:[eE][-+]?\d{1,3})?$`)
)

// ParseClock reads a time of day: "08:59", "8:59:30" (seconds are dropped),
// "8点59分", "下午 5:30", "17:30 PM", a serial fraction "0.375" or a
// date-time ("2026-11-03 08:59", serial 46329.375), and "次日 01:10" or
// "25:10" for a time on the next day. date1904 does not change a time of
// day; it is accepted so that every cell parser takes the workbook's system.
func ParseClock(s string, date1904 bool) (minutes int, nextDay bool, err error) {
	_ = date1904
	s = normText(s)
	if s == "" {
		return 0, false, errEmpty
	}
	if m, ok := fastClock(s); ok {
		return m, false, nil
	}
	if n := plainNumber(s); n > 0 && n <= 7 {
		return serialClock(s)
	}
	if _, _, _, rest, ok := ymdPrefix(s); ok && rest != "" && rest[0] == ' ' {
		if m, ok := fastClock(strings.TrimLeft(rest, " ")); ok {
			return m, false, nil // a date-time: its time of day
		}
	}
	if loc := reNextDay.FindStringIndex(s); loc != nil {
		nextDay = true
		s = strings.TrimSpace(s[:loc[0]] + s[loc[1]:])
	}
	if m := reDateTime.FindStringSubmatch(s); m != nil {
		s = strings.TrimSpace(m[1])
	}
	pm, am := false, false
	if m := reAMPM.FindStringSubmatch(s); m != nil {
		w := strings.ToLower(m[1] + m[2])
		pm = w == "下午" || w == "晚上" || w == "pm"
		am = w == "上午" || w == "凌晨" || w == "am"
		s = strings.TrimSpace(reAMPM.ReplaceAllString(s, ""))
	}
	h, mi := -1, 0
	if m := reHMS.FindStringSubmatch(s); m != nil {
		h, _ = strconv.Atoi(m[1])
		mi, _ = strconv.Atoi(m[2])
		if m[3] != "" {
			if sec, _ := strconv.Atoi(m[3]); sec > 59 {
				return 0, false, errClock
			}
		}
	} else if m := reCNClock.FindStringSubmatch(s); m != nil {
		h, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			mi, _ = strconv.Atoi(m[2])
		}
	} else if reFraction.MatchString(s) && !am && !pm {
		m, next, err := serialClock(s)
		return m, next || nextDay, err
	} else {
		return 0, false, errClock
	}
	if mi > 59 {
		return 0, false, errClock
	}
	if am || pm {
		if h < 1 || h > 12 {
			return 0, false, errClock
		}
		if h == 12 {
			h = 0
		}
		if pm {
			h += 12
		}
	}
	if h >= 24 {
		if h >= 48 || nextDay {
			return 0, false, errClock
		}
		h -= 24
		nextDay = true
	}
	return h*60 + mi, nextDay, nil
}

// serialClock reads the time of day of a serial ("0.375", "46329.375"),
// rounded to the second as serialCell rounds it: a serial that rounds to
// midnight is 00:00 of the next day.
func serialClock(s string) (minutes int, nextDay bool, err error) {
	f, perr := strconv.ParseFloat(s, 64)
	if perr != nil || f < 0 || f >= 3e6 {
		return 0, false, errClock
	}
	day, secs := serialSplit(f)
	nextDay = day > int(math.Floor(f))
	return secs / 60, nextDay, nil
}

var (
	reNumber   = regexp.MustCompile(`^[-]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d{1,3})?$`)
	numUnits   = []string{"分钟", "分", "元", "次", "个", "件", "天", "小时", "秒"}
	numCleaner = strings.NewReplacer(",", "", " ", "", "¥", "", "$", "", "'", "")
)

// ParseDecimal reads a number: "12", " 12.50 ", "１２", "1,234.5", "+5",
// "−5", "¥1,234.50", "1.5E+2". One unit word after the number is tolerated
// ("12分", "3次", "200元", "15分钟"); "95%" is 0.95, as Excel stores it.
// Values carrying binary float noise (more than 15 significant digits, as
// Excel writes 0.1+0.2) are rounded to 15 significant digits.
func ParseDecimal(s string) (decimal.Decimal, error) {
	s = normText(s)
	if s == "" {
		return decimal.Decimal{}, errEmpty
	}
	if len(s) <= 15 && plainNumber(s) == len(s) {
		n, _ := strconv.ParseInt(s, 10, 64) // digits only: the common case
		return decimal.NewFromInt(n), nil
	}
	for _, u := range numUnits {
		if strings.HasSuffix(s, u) {
			s = strings.TrimSpace(strings.TrimSuffix(s, u))
			break
		}
	}
	percent := strings.HasSuffix(s, "%")
	s = strings.TrimSuffix(s, "%")
	s = numCleaner.Replace(s)
	s = strings.TrimPrefix(s, "+")
	if !reNumber.MatchString(s) {
		return decimal.Decimal{}, errDecimal
	}
	if strings.ContainsAny(s, "eE") {
		// three-digit and zero-padded exponents ("9.22337203685478E+019",
		// "3.0000000000000002E-104") as Excel writes them; beyond a double's
		// range, as Excel's, is not a number
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return decimal.Decimal{}, errDecimal
		}
	}
	if sigDigits(s) > 15 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return decimal.Decimal{}, errDecimal
		}
		s = strconv.FormatFloat(f, 'g', 15, 64)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, errDecimal
	}
	if percent {
		d = d.Shift(-2)
	}
	return d, nil
}

// sigDigits counts the significant digits of a plain or exponent number.
func sigDigits(s string) int {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimLeft(strings.ReplaceAll(strings.TrimPrefix(s, "-"), ".", ""), "0")
	return len(s)
}

// parseInt reads a whole number (e.g. 次数, 差错次数); "3.0" is 3.
func parseInt(s string) (int, error) {
	d, err := ParseDecimal(s)
	if err != nil {
		return 0, err
	}
	if !d.IsInteger() || d.Abs().GreaterThan(decimal.NewFromInt(1e9)) {
		return 0, errInteger
	}
	return int(d.IntPart()), nil
}

var (
	reIntDotZero = regexp.MustCompile(`^(\d+)\.0+$`)
	reSciInt     = regexp.MustCompile(`^\d(?:\.\d+)?[eE]\+?\d{1,2}$`)
)

// plainID reports whether NormalizeID leaves s as it is because it is
// ASCII letters and digits only, without an e/E after a leading digit
// (1.23E+5 may be a number).
func plainID(s string) bool {
	e := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z' && c != 'E', c >= 'a' && c <= 'z' && c != 'e':
		case c == 'e' || c == 'E':
			e = true
		default:
			return false
		}
	}
	return s != "" && !(e && s[0] >= '0' && s[0] <= '9')
}

// NormalizeID normalises a 工号: trims, folds full-width characters to
// half-width, drops a leading apostrophe (Excel's text marker), turns a
// number read from a numeric cell ("123.0", "1.23E+5") into its integer form
// and keeps leading zeros of text IDs ("00123" stays "00123").
func NormalizeID(s string) string {
	if plainID(s) {
		return s // the usual 工号 of ASCII letters and digits: nothing to do
	}
	s = normText(s)
	s = strings.TrimLeftFunc(s, func(r rune) bool { return r == '\'' || unicode.IsSpace(r) })
	if !strings.ContainsAny(s, ".eE") {
		return s // neither pattern can match (the common case, without the regexps)
	}
	if m := reIntDotZero.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	if reSciInt.MatchString(s) {
		if d, err := decimal.NewFromString(s); err == nil && d.IsInteger() && d.Sign() > 0 {
			return d.String()
		}
	}
	return s
}
