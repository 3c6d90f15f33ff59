package sheets

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"appraise/calc"
)

// Header detection limits: the header may start below up to 5 title rows
// (and a blank row or two); a two-row header takes one more row.
const (
	maxHeaderStart = 8
	headerBufRows  = maxHeaderStart + 2
)

// normHeader normalises a header text for comparison: full-width folded,
// spaces and line breaks removed, lower case, required-column stars dropped.
func normHeader(s string) string {
	s = strings.ToLower(dropSpace(normText(s)))
	s = strings.ReplaceAll(s, "【", "[")
	s = strings.ReplaceAll(s, "】", "]")
	return strings.Trim(s, "*:")
}

// dropSpace removes the ASCII white space \t \n \f \r and space (the
// regular expression \s of RE2).
func dropSpace(s string) string {
	if !strings.ContainsAny(s, "\t\n\f\r ") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\f', '\r', ' ':
		default:
			b = append(b, s[i])
		}
	}
	return string(b)
}

// dropBrackets removes every bracketed part: an opening ( [ or 【 up to the
// first closing ) ] or 】 after it (the leftmost-first matches of
// `[(\[【][^)\]】]*[)\]】]`); an opening bracket with no closing one after
// it stays.
func dropBrackets(s string) string {
	const open, shut = "([【", ")]】"
	i := strings.IndexAny(s, open)
	if i < 0 {
		return s
	}
	var b strings.Builder
	for i >= 0 {
		_, w := utf8.DecodeRuneInString(s[i:])
		j := strings.IndexAny(s[i+w:], shut)
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		_, cw := utf8.DecodeRuneInString(s[i+w+j:])
		s = s[i+w+j+cw:]
		i = strings.IndexAny(s, open)
	}
	b.WriteString(s)
	return b.String()
}

// norm is a normalised header text, whole and without bracketed parts.
type norm struct{ full, stripped string }

func newNorm(s string) norm {
	f := normHeader(s)
	return norm{f, dropBrackets(f)}
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

// colSet is the columns of a kind with their names normalised and indexed
// by normalised text: which columns a header text can name is a map
// lookup, not a comparison with every name and alias.
type colSet struct {
	cols []normCol
	// by full and by bracket-stripped text, the indexes (ascending) of the
	// columns whose canonical name (pass 0) or an alias (pass 1) has it
	full, stripped [2]map[string][]int
}

func newNormCols(cols []Column) *colSet {
	set := &colSet{cols: make([]normCol, len(cols))}
	for p := range 2 {
		set.full[p] = map[string][]int{}
		set.stripped[p] = map[string][]int{}
	}
	add := func(p, k int, n norm) {
		if l := set.full[p][n.full]; len(l) == 0 || l[len(l)-1] != k {
			set.full[p][n.full] = append(l, k)
		}
		if n.stripped != "" {
			if l := set.stripped[p][n.stripped]; len(l) == 0 || l[len(l)-1] != k {
				set.stripped[p][n.stripped] = append(l, k)
			}
		}
	}
	for k, c := range cols {
		set.cols[k] = normCol{name: c.Name, canon: newNorm(c.Name)}
		add(0, k, set.cols[k].canon)
		for _, a := range c.Aliases {
			n := newNorm(a)
			set.cols[k].aliases = append(set.cols[k].aliases, n)
			add(1, k, n)
		}
	}
	return set
}

// first returns the first column not yet found whose names of pass p one of
// the texts matches (norm.matches), or -1.
func (set *colSet) first(p int, cands []norm, found []int) int {
	best := -1
	try := func(l []int) {
		for _, k := range l {
			if best >= 0 && k >= best {
				return
			}
			if found[k] == 0 {
				best = k
				return
			}
		}
	}
	for _, t := range cands {
		if t.full == "" {
			continue
		}
		try(set.full[p][t.full])
		if t.stripped != "" {
			try(set.stripped[p][t.stripped])
		}
	}
	return best
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
func matchColumns(texts [][]norm, set *colSet) map[string]int {
	cols := set.cols
	var colOf [64]int // sheet column of cols[k] + 1; 0 when not found, -1 when a column of the same name was
	var found []int
	if len(cols) <= len(colOf) {
		found = colOf[:len(cols)]
	} else {
		found = make([]int, len(cols))
	}
	n := 0
	for pass := 0; pass < 2; pass++ {
		for c, cands := range texts {
			if len(cands) == 0 {
				continue
			}
			if k := set.first(pass, cands, found); k >= 0 {
				found[k] = c + 1
				n++
				sameName(cols, found, k)
			}
		}
		// a sheet column is used once: keep the texts of the others
		if pass == 0 && n > 0 {
			texts = slices.Clone(texts)
			for _, c := range found {
				if c > 0 {
					texts[c-1] = nil
				}
			}
		}
	}
	got := make(map[string]int, n)
	for k, c := range found {
		if c > 0 {
			got[cols[k].name] = c - 1
		}
	}
	return got
}

// sameName marks the columns named like cols[k] as found: a name is
// assigned once.
func sameName(cols []normCol, found []int, k int) {
	for i := range cols {
		if i != k && found[i] == 0 && cols[i].name == cols[k].name {
			found[i] = -1
		}
	}
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
func headerNorms(rows [][]string, first, last int, memo map[string]norm) ([][]norm, int) {
	raw := headerTexts(rows, first, last)
	texts := make([][]norm, len(raw))
	nonEmpty := 0
	for c, cands := range raw {
		for _, t := range cands {
			if t != "" {
				n, ok := memo[t]
				if !ok {
					n = newNorm(t)
					if memo != nil {
						memo[t] = n
					}
				}
				texts[c] = append(texts[c], n)
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
	set := detectColumns(r)
	specCols, ncols := set.cols, set.ncols
	hit := make([]int, len(detectSpecs))
	memo := map[string]norm{}
	for first := 0; first < len(rows) && first < maxHeaderStart; first++ {
		for last := first; last <= first+1 && last < len(rows); last++ {
			texts, nonEmpty := headerNorms(rows, first, last, memo)
			if set.hits != nil {
				set.kindsHit(texts, hit)
			}
			for i, s := range detectSpecs {
				if set.hits != nil && hit[i] < 2 {
					continue
				}
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

// detectSets caches the columns of every detectable kind with their names
// normalised, per list of QA items (the only part of the rules they depend
// on): normalising every alias for every sheet cost more than reading a
// small month.
var detectSets struct {
	sync.Mutex
	m map[string]*detectSet
}

type detectSet struct {
	cols  [][]Column
	ncols []*colSet
	// hits maps a normalised text (whole or bracket-stripped) to the
	// kinds (bits by index in detectSpecs) with a name or alias of that
	// text, in either pass; nil when there are more than 64 kinds.
	hits map[string]uint64
}

// detectColumns returns the columns of each of detectSpecs and their
// normalised names, for the rules r. The result is shared: do not modify.
func detectColumns(r *calc.Rules) *detectSet {
	var key strings.Builder
	if r != nil {
		for _, it := range r.QAItems {
			key.WriteString(it.Name)
			key.WriteByte(0)
		}
	}
	detectSets.Lock()
	defer detectSets.Unlock()
	if set, ok := detectSets.m[key.String()]; ok {
		return set
	}
	set := &detectSet{cols: make([][]Column, len(detectSpecs)), ncols: make([]*colSet, len(detectSpecs))}
	for i, s := range detectSpecs {
		set.cols[i] = columnsOf(s.Kind, r)
		set.ncols[i] = newNormCols(set.cols[i])
	}
	if len(detectSpecs) <= 64 {
		set.hits = map[string]uint64{}
		for i, ns := range set.ncols {
			for p := range 2 {
				for t := range ns.full[p] {
					set.hits[t] |= 1 << i
				}
				for t := range ns.stripped[p] {
					set.hits[t] |= 1 << i
				}
			}
		}
	}
	if detectSets.m == nil || len(detectSets.m) > 64 {
		detectSets.m = map[string]*detectSet{}
	}
	detectSets.m[key.String()] = set
	return set
}

// kindsHit counts, for each kind of detectSpecs, the sheet columns whose
// candidate texts name one of its columns (by the same comparisons as
// colSet.first). A kind with fewer than two such columns can score at most
// one, so it can neither qualify nor be the nearest (both need two).
func (set *detectSet) kindsHit(texts [][]norm, counts []int) {
	for c := range counts {
		counts[c] = 0
	}
	for _, cands := range texts {
		var m uint64
		for _, t := range cands {
			if t.full == "" {
				continue
			}
			m |= set.hits[t.full]
			if t.stripped != "" {
				m |= set.hits[t.stripped]
			}
		}
		for m != 0 {
			i := bits.TrailingZeros64(m)
			counts[i]++
			m &= m - 1
		}
	}
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
		if trimSpace(c) != "" { // strings.TrimSpace (csv.go)
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
