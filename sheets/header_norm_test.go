package sheets

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The regular expressions normHeader used before dropSpace and dropBrackets
// replaced them; kept here as the oracle.
var (
	oracleBracket = regexp.MustCompile(`[(\[【][^)\]】]*[)\]】]`)
	oracleSpace   = regexp.MustCompile(`\s+`)
)

func TestDropBracketsSpace(t *testing.T) {
	cases := []string{
		"", "工号", "姓名(必填)", "迟到(分钟)(次)", "(a", "a)", "a(b", "((x)", "([x)]", "[班组]名称", "【必填】工号",
		"a(b]c)d", "x【y)z", "工 号\t\n", "\f\r 考勤 结果 ", "(((", ")))", "(】", "【】", "a(b(c)d)e",
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"(", ")", "[", "]", "【", "】", "a", "工", " ", "\t", "\n", "\v", "\u3000", "号"}
	for range 5000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := dropBrackets(s), oracleBracket.ReplaceAllString(s, ""); got != want {
			t.Errorf("dropBrackets(%q) = %q; want %q", s, got, want)
		}
		if got, want := dropSpace(s), oracleSpace.ReplaceAllString(s, ""); got != want {
			t.Errorf("dropSpace(%q) = %q; want %q", s, got, want)
		}
	}
}

func FuzzDropBrackets(f *testing.F) {
	for _, s := range []string{"姓名(必填)", "a(b]c)d", "【必填】工号", "(a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := dropBrackets(s), oracleBracket.ReplaceAllString(s, ""); got != want {
			t.Errorf("dropBrackets(%q) = %q; want %q", s, got, want)
		}
		if got, want := dropSpace(s), oracleSpace.ReplaceAllString(s, ""); got != want {
			t.Errorf("dropSpace(%q) = %q; want %q", s, got, want)
		}
	})
}

// oracleMatch is matchColumns as it was before it stopped allocating.
func oracleMatch(texts [][]norm, cols []normCol) map[string]int {
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

func TestMatchColumnsOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"工号", "员工编号", "姓名", "名字", "班组", "日期", "考勤日期", "工号(必填)", "", "备注", "x"}
	cols := []normCol{
		{name: "工号", canon: newNorm("工号"), aliases: []norm{newNorm("员工编号"), newNorm("编号")}},
		{name: "姓名", canon: newNorm("姓名"), aliases: []norm{newNorm("名字")}},
		{name: "日期", canon: newNorm("日期"), aliases: []norm{newNorm("考勤日期")}},
		{name: "姓名", canon: newNorm("名字"), aliases: nil}, // a repeated name is assigned once
		{name: "备注", canon: newNorm("备注"), aliases: []norm{newNorm("工号")}},
	}
	for range 3000 {
		texts := make([][]norm, r.IntN(6))
		for c := range texts {
			for range r.IntN(3) {
				texts[c] = append(texts[c], newNorm(words[r.IntN(len(words))]))
			}
		}
		got, want := matchColumns(texts, setOf(cols)), oracleMatch(texts, cols)
		if len(got) != len(want) {
			t.Fatalf("matchColumns(%v) = %v; want %v", texts, got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Fatalf("matchColumns(%v) = %v; want %v", texts, got, want)
			}
		}
	}
}

// setOf indexes hand-made normalised columns like newNormCols does.
func setOf(cols []normCol) *colSet {
	set := &colSet{cols: cols, full: [2]map[string][]int{{}, {}}, stripped: [2]map[string][]int{{}, {}}}
	for k, c := range cols {
		for p, names := range [][]norm{{c.canon}, c.aliases} {
			for _, n := range names {
				set.full[p][n.full] = append(set.full[p][n.full], k)
				if n.stripped != "" {
					set.stripped[p][n.stripped] = append(set.stripped[p][n.stripped], k)
				}
			}
		}
	}
	return set
}
