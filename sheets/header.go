package sheets

import (
	"fmt"
	"regexp"
	"strings"

	"appraise/calc"
)

// Header detection limits: the header may start below up to 5 title rows
// (and a blank row or two); a two-row header takes one more row.
const (
	maxHeaderStart = 8
	headerBufRows  = maxHeaderStart + 2
)

var (
	reBracket = regexp.MustCompile(`[(\[【][^)\]】]*[)\]】]`)
	reSpace   = regexp.MustCompile(`\s+`)
)

// normHeader normalises a header text for comparison: full-width folded,
// spaces and line breaks removed, lower case, required-column stars dropped.
func normHeader(s string) string {
	s = strings.ToLower(reSpace.ReplaceAllString(normText(s), ""))
	s = strings.ReplaceAll(s, "【", "[")
	s = strings.ReplaceAll(s, "】", "]")
	return strings.Trim(s, "*:")
}

// norm is a normalised header text, whole and without bracketed parts.
type norm struct{ full, stripped string }

func newNorm(s string) norm {
	f := normHeader(s)
	return norm{f, reBracket.ReplaceAllString(f, "")}
}

func (h norm) matches(n norm) bool {
	if h.full == "" {
		return false
	}
	return h.full == n.full || (h.stripped != "" && h.stripped == n.stripped)
}

// normCol is a column with its names normalised.
type normCol struct {
	name    string
	canon   norm
	aliases []norm
}

func newNormCols(cols []Column) []normCol {
	out := make([]normCol, len(cols))
	for i, c := range cols {
		out[i] = normCol{name: c.Name, canon: newNorm(c.Name)}
		for _, a := range c.Aliases {
			out[i].aliases = append(out[i].aliases, newNorm(a))
		}
	}
	return out
}

// columnsOf returns the columns of a kind; the QA form gets one column per
// check item of the rules.
func columnsOf(k Kind, r *calc.Rules) []Column {
	s := SpecOf(k)
	if s == nil {
		return nil
	}
	cols := append([]Column(nil), s.Columns...)
	if k == QA && r != nil {
		for _, it := range r.QAItems {
			cols = append(cols, Column{Name: it.Name})
		}
	}
	return cols
}

// header is a detected header: the kind, the header rows and the column of
// each canonical name.
type header struct {
	kind        Kind
	first, last int            // 0-based indexes of the header rows in the sheet
	cols        map[string]int // canonical name → 0-based column
	missing     []string       // required columns not found
	unknown     []string       // non-empty header texts that name no column
	score       int
	ratio       float64
	head        [][]string // the rows read for detection, merged cells carried
}

// rowNum is the 1-based sheet row number of the (last) header row.
func (h *header) rowNum() int { return h.last + 1 }

// matchColumns assigns columns to the header texts: canonical names first,
// then aliases, each text and each column used once. texts[c] holds the
// candidate texts of sheet column c.
func matchColumns(texts [][]norm, cols []normCol) map[string]int {
	got := map[string]int{}
	used := map[int]bool{}
	for pass := 0; pass < 2; pass++ {
		for c, cands := range texts {
			if used[c] {
				continue
			}
		cols:
			for _, col := range cols {
				if _, ok := got[col.name]; ok {
					continue
				}
				names := []norm{col.canon}
				if pass == 1 {
					names = col.aliases
				}
				for _, t := range cands {
					for _, n := range names {
						if t.matches(n) {
							got[col.name] = c
							used[c] = true
							break cols
						}
					}
				}
			}
		}
	}
	return got
}

// maxHeaderText bounds the text of a cell compared as a header: no column
// name or alias is nearly this long, and normalising and comparing a longer
// text (a 1 MB string in every cell, concatenated for two-row headers) for
// every header window would cost time and memory in proportion to it.
const maxHeaderText = 256

// headerText is a cell's text as a header candidate: trimmed, and cut to
// maxHeaderText bytes (marked with "…", so that it matches no name).
func headerText(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > maxHeaderText {
		s = strings.ToValidUTF8(s[:maxHeaderText], "") + "…"
	}
	return s
}

// headerNorms is headerTexts normalised, with the number of columns that
// have any text.
func headerNorms(rows [][]string, first, last int) ([][]norm, int) {
	raw := headerTexts(rows, first, last)
	texts := make([][]norm, len(raw))
	nonEmpty := 0
	for c, cands := range raw {
		for _, t := range cands {
			if t != "" {
				texts[c] = append(texts[c], newNorm(t))
			}
		}
		if len(texts[c]) > 0 {
			nonEmpty++
		}
	}
	return texts, nonEmpty
}

// candidate texts of each column for a header of rows[first..last].
func headerTexts(rows [][]string, first, last int) [][]string {
	n := 0
	for i := first; i <= last; i++ {
		n = max(n, len(rows[i]))
	}
	texts := make([][]string, n)
	for c := range n {
		get := func(i int) string {
			if c < len(rows[i]) {
				return headerText(rows[i][c])
			}
			return ""
		}
		if first == last {
			texts[c] = []string{get(first)}
			continue
		}
		up, lo := get(first), get(last)
		texts[c] = []string{lo, up, up + lo, lo + up}
	}
	return texts
}

// better reports whether a ranks above b.
func (a *header) better(b *header) bool {
	if b == nil {
		return true
	}
	if a.score != b.score {
		return a.score > b.score
	}
	if (len(a.missing) == 0) != (len(b.missing) == 0) {
		return len(a.missing) == 0
	}
	if a.ratio != b.ratio {
		return a.ratio > b.ratio
	}
	if (a.last - a.first) != (b.last - b.first) {
		return a.last-a.first < b.last-b.first
	}
	return a.first < b.first
}

// qualifies reports whether a match is good enough to classify the sheet:
// two columns or more, and more than half of the required ones; a match
// missing a required column must also name at least as many columns as it
// leaves unknown (so that a day-matrix with 工号 姓名 班组 1 2 … 31 is not
// taken for a broken roster). nonEmpty counts the non-empty header columns.
func (h *header) qualifies(cols []Column, nonEmpty int) bool {
	if len(h.missing) > 0 && h.score < nonEmpty-h.score {
		return false
	}
	if (h.kind == Matrix || h.kind == DingTalkMonth) && len(matrixDays(h)) < minMatrixDays {
		return false
	}
	req, got := 0, 0
	for _, c := range cols {
		if c.Required {
			req++
			if _, ok := h.cols[c.Name]; ok {
				got++
			}
		}
	}
	return h.score >= 2 && got*2 > req
}

// detectHeader finds the header row (or two rows) among the first rows of a
// sheet (merged cells already carried) and the kind it names. When no kind
// qualifies it returns nil and the reason, naming the nearest kind.
func detectHeader(rows [][]string, r *calc.Rules) (*header, string) {
	var best, nearest *header
	specCols := make([][]Column, len(detectSpecs))
	ncols := make([][]normCol, len(detectSpecs))
	for i, s := range detectSpecs {
		specCols[i] = columnsOf(s.Kind, r)
		ncols[i] = newNormCols(specCols[i])
	}
	for first := 0; first < len(rows) && first < maxHeaderStart; first++ {
		for last := first; last <= first+1 && last < len(rows); last++ {
			texts, nonEmpty := headerNorms(rows, first, last)
			for i, s := range detectSpecs {
				cols := specCols[i]
				got := matchColumns(texts, ncols[i])
				h := &header{kind: s.Kind, first: first, last: last, cols: got, score: len(got),
					ratio: float64(len(got)) / float64(len(cols))}
				for _, c := range cols {
					if _, ok := got[c.Name]; !ok && c.Required {
						h.missing = append(h.missing, c.Name)
					}
				}
				if h.qualifies(cols, nonEmpty) {
					if h.better(best) {
						best = h
					}
				} else if h.score >= 2 && h.better(nearest) && ((h.kind != Matrix && h.kind != DingTalkMonth) || len(matrixDays(h)) >= minMatrixDays) {
					nearest = h
				}
			}
		}
	}
	if best == nil {
		if nearest != nil {
			return nil, fmt.Sprintf("前%d行中没有可识别的表头（最接近 %s，缺少 %s）",
				min(len(rows), headerBufRows), nearest.kind, strings.Join(nearest.missing, "、"))
		}
		return nil, fmt.Sprintf("前%d行中没有可识别的表头", min(len(rows), headerBufRows))
	}
	best.head = rows
	known := map[int]bool{}
	for _, c := range best.cols {
		known[c] = true
	}
	for c, t := range headerTexts(rows, best.last, best.last) {
		if !known[c] && t[0] != "" {
			best.unknown = append(best.unknown, t[0])
		}
	}
	return best, ""
}

// isTotalsRow reports whether a row is a totals row (合计/总计/小计 in one of
// its first cells), which ends the data.
func isTotalsRow(cells []string) bool {
	for i := 0; i < len(cells) && i < 3; i++ {
		if !strings.Contains(cells[i], "计") {
			continue // every word below has 计; skips normHeader for most rows
		}
		s := normHeader(cells[i])
		for _, w := range []string{"合计", "总计", "小计", "总合计"} {
			if strings.HasPrefix(s, w) {
				return true
			}
		}
	}
	return false
}

// isBlankRow reports whether every cell is empty.
func isBlankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// mergeRange is a merged range, 0-based inclusive.
type mergeRange struct{ r1, c1, r2, c2 int }

// fillMergedHeader copies each merged range's top-left value into the whole
// range within the buffered rows, so that merged titles and group names
// reach every column and row they span.
func fillMergedHeader(rows [][]string, merges []mergeRange) {
	for _, m := range merges {
		if m.r1 >= len(rows) || m.c1 >= len(rows[m.r1]) {
			continue
		}
		v := rows[m.r1][m.c1]
		if v == "" {
			continue
		}
		for i := m.r1; i <= m.r2 && i < len(rows); i++ {
			for len(rows[i]) <= m.c2 && m.c2 < m.c1+256 {
				rows[i] = append(rows[i], "")
			}
			for c := m.c1; c <= m.c2 && c < len(rows[i]); c++ {
				if rows[i][c] == "" {
					rows[i][c] = v
				}
			}
		}
	}
}
