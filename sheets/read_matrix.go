package sheets

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"appraise/calc"
)

// The hand-made monthly matrix (手工考勤表): one row per person, day columns
// 1 … 31 holding symbols (√ 迟 早 旷 事 病 年 休 …). A symbol's meaning comes
// from the legend written in the sheet (说明：出勤√ 迟到 迟 …) when it can be
// read, else from the rules' 考勤符号; a symbol may carry minutes (迟15).
// An unknown symbol is an error at its cell; 迟/早 without minutes is late
// or early by an unknown number of minutes (the lowest tier, D6). DingTalk's
// 月度汇总 has the same shape with words in the cells (上班迟到7分钟, 下班缺卡,
// 事假…) and UserId for people without 工号. A cell holding clock times
// ("09:27\n18:54", a clock's 考勤记录 grid) gives punches, paired into shifts
// like a punch log.

// minMatrixDays is the fewest day columns a matrix must have.
const minMatrixDays = 7

// matrixDays returns the day columns of a detected header: day → column.
func matrixDays(h *header) map[int]int {
	out := map[int]int{}
	for n, c := range h.cols {
		if d, err := strconv.Atoi(n); err == nil && d >= 1 && d <= 31 {
			out[d] = c
		}
	}
	return out
}

// matrixSheet is a matrix read to its end: its rows wait for the legend.
type matrixSheet struct {
	src  *sheetSrc
	h    *header
	days map[int]int
	rows []*rowCtx
}

// newMatrixSheet starts a matrix sheet; the loader queues it for finish.
func newMatrixSheet(h *header, src *sheetSrc) *matrixSheet {
	return &matrixSheet{src: src, h: h, days: matrixDays(h)}
}

// keepRow is the row parser of a matrix: it keeps the rows; they are read
// in finish, once the legend under the table is known.
func (ms *matrixSheet) keepRow(c *rowCtx) {
	cp := *c
	cp.cells = append([]string(nil), c.cells...)
	ms.rows = append(ms.rows, &cp)
}

var (
	reLegendLabel = regexp.MustCompile(`^(?:考勤)?(?:说明|图例|备注|注|符号说明|符号)\s*[:：]?\s*`)
	reLegendTrim  = regexp.MustCompile(`^[\s:：=＝\-—,，;；、。.()（）]+|[\s:：=＝\-—,，;；、。.()（）]+$`)
)

// parseLegend reads a legend such as "说明：出勤√  迟到 迟  早退 早" (meaning
// then symbol) or "√=出勤，迟=迟到" (symbol then meaning). ok is false when it
// names fewer than two meanings or a symbol cannot be told apart.
func parseLegend(aw *calc.Words, text string) (map[string]string, bool) {
	text = reLegendLabel.ReplaceAllString(strings.TrimSpace(text), "")
	type hit struct{ at, end int }
	var hits []hit
	var means []string
	for i := 0; i < len(text); {
		if word, n := aw.LegendMeaning(text[i:]); n > 0 {
			hits = append(hits, hit{i, i + n})
			means = append(means, word)
			i += n
		} else {
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
		}
	}
	if len(hits) < 2 {
		return nil, false
	}
	seg := func(a, b int) string { return reLegendTrim.ReplaceAllString(text[a:b], "") }
	syms := make([]string, len(hits))
	if seg(0, hits[0].at) == "" { // meaning, then its symbol
		for i, h := range hits {
			end := len(text)
			if i+1 < len(hits) {
				end = hits[i+1].at
			}
			syms[i] = seg(h.end, end)
		}
	} else if seg(hits[len(hits)-1].end, len(text)) == "" { // symbol, then its meaning
		for i, h := range hits {
			start := 0
			if i > 0 {
				start = hits[i-1].end
			}
			syms[i] = seg(start, h.at)
		}
	} else {
		return nil, false
	}
	out := map[string]string{}
	for i, s := range syms {
		s = normText(s)
		if s == "" || utf8.RuneCountInString(s) > 3 || strings.ContainsAny(s, " \t") {
			return nil, false
		}
		if prev, dup := out[s]; dup && prev != means[i] {
			return nil, false
		}
		out[s] = means[i]
	}
	return out, true
}

// isLegendRow reports whether a row holds a legend, and its text.
func isLegendRow(aw *calc.Words, cells []string) (string, bool) {
	var parts []string
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			parts = append(parts, c)
		}
	}
	text := strings.Join(parts, " ")
	if text == "" {
		return "", false
	}
	if reLegendLabel.MatchString(text) {
		return text, true
	}
	if _, ok := parseLegend(aw, text); ok && len(parts) <= 3 {
		return text, true
	}
	return "", false
}

var reWeekdayCell = regexp.MustCompile(`^(?:星期|周|礼拜)?[一二三四五六日天七]$`)

// isWeekdayRow reports whether a row only holds weekday names (the row under
// the day numbers).
func isWeekdayRow(cells []string) bool {
	n := 0
	for _, c := range cells {
		c = normText(c)
		if c == "" {
			continue
		}
		if !reWeekdayCell.MatchString(c) {
			return false
		}
		n++
	}
	return n > 0
}

// readMatrix reads a matrix's rows into days, resolving each row's identity.
func (ld *loader) readMatrix(ms *matrixSheet, res func(ident) (string, bool)) []calc.Day {
	sheetLoc := calc.Loc{File: ms.src.file, Sheet: ms.src.sheet}
	symbols, legendAt := map[string]string(nil), calc.Loc{}
	var people []*rowCtx
	for _, c := range ms.rows {
		if ld.emptyDays(ms, c) {
			// no symbols: a legend (often merged across the table), or nothing
			if text, ok := isLegendRow(ld.words(), c.cells); ok {
				legendAt = c.src.loc(fmt.Sprintf("第%d行", c.num))
				if m, ok := parseLegend(ld.words(), text); ok {
					symbols = m
				} else {
					ld.add(calc.Info, legendAt, "", "图例无法识别，按规则中的考勤符号读取", "图例可写成：说明：出勤√ 迟到 迟 早退 早 …")
				}
			}
			continue
		}
		if w := matrixWho(c); w.id != "" || w.name != "" || w.alt != "" {
			people = append(people, c)
			continue
		}
		if !isWeekdayRow(c.cells) {
			c.errorf("姓名", "请填写工号或姓名", "工号和姓名都为空")
		}
	}
	if symbols != nil {
		ld.add(calc.Info, legendAt, "", fmt.Sprintf("按表中图例读取考勤符号（%d 个）", len(symbols)), "")
	} else if legendAt == (calc.Loc{}) && ms.h.kind == Matrix {
		ld.add(calc.Info, sheetLoc, "", "表中没有图例，按规则中的考勤符号读取", "")
	}
	first := time.Date(ld.year, ld.month, 1, 0, 0, 0, 0, time.UTC)
	ndays := first.AddDate(0, 1, -1).Day()
	dayNums := make([]int, 0, len(ms.days))
	for d := range ms.days {
		dayNums = append(dayNums, d)
	}
	sort.Ints(dayNums)
	var out []calc.Day
	for _, c := range people {
		id, ok := res(matrixWho(c))
		if !ok {
			continue
		}
		for _, dn := range dayNums {
			col := ms.days[dn]
			v := normText(c.at(col))
			if v == "" {
				continue
			}
			loc := c.src.loc(cellName(col, c.num))
			if dn > ndays {
				ld.add(calc.Warning, loc, id, fmt.Sprintf("%d月没有%d日，已忽略「%s」", int(ld.month), dn, v), "")
				continue
			}
			date := first.AddDate(0, 0, dn-1)
			if times, ok := punchTimesIn(v); ok {
				// a clock's grid (考勤记录): the day's punches in one cell
				for _, m := range times {
					who := ld.shapes.punches.who(id, "", "", func() ident { return ident{id: id} })
					ld.addPunch(who, date.Add(time.Duration(m)*time.Minute), c.src.file, c.src.sheet, col, c.num)
				}
				ld.shapes.punchFiles = true
				continue
			}
			r, ok := calc.SymbolVerdict(ld.r, symbols, v)
			if !ok {
				ld.add(calc.Error, loc, id, fmt.Sprintf("无法识别的考勤符号「%s」", v), "请在表下的图例中说明此符号，或在规则工作簿的考勤符号中添加")
				continue
			}
			d, _ := calc.InterpretDay(ld.r, date, calc.DayInput{Verdict: r})
			d.ID, d.Loc = id, loc
			out = append(out, d)
		}
	}
	return out
}

// matrixWho is a matrix row's identity: 工号 and 姓名, or DingTalk's UserId
// when 工号 is blank (月度汇总).
func matrixWho(c *rowCtx) ident {
	w := c.who()
	if w.id == "" && c.has("UserId") {
		w.alt, w.altCol, w.altLoc = NormalizeID(c.raw("UserId")), "钉钉UserId", c.pos("UserId")
	}
	return w
}

// punchTimesIn reads a cell holding only clock times ("09:27\n18:54"), in
// minutes.
func punchTimesIn(v string) ([]int, bool) {
	fs := strings.Fields(v)
	if len(fs) == 0 || len(fs) > 12 {
		return nil, false
	}
	out := make([]int, 0, len(fs))
	for _, f := range fs {
		if !reHMS.MatchString(f) {
			return nil, false
		}
		m, next, err := ParseClock(f, false)
		if err != nil || next {
			return nil, false
		}
		out = append(out, m)
	}
	return out, true
}

// emptyDays reports whether a row has nothing in its day columns.
func (ld *loader) emptyDays(ms *matrixSheet, c *rowCtx) bool {
	for _, col := range ms.days {
		if col < len(c.cells) && strings.TrimSpace(c.cells[col]) != "" {
			return false
		}
	}
	return true
}
