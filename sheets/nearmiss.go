package sheets

import (
	"fmt"
	"strings"

	"appraise/calc"
)

// nearMiss classifies an unrecognised sheet with data (D20): one that looks
// like a kind (its sheet or file name names the kind, or half of the
// kind's required columns are present) but lacks a required column is an
// error naming the column and its aliases; any other is a warning. It
// returns the kind guessed (Unknown for none).
func (ld *loader) nearMiss(src *sheetSrc, head [][]string) Kind {
	loc := calc.Loc{File: src.file, Sheet: src.sheet}
	byName := kindByName(src.sheet)
	if byName == Unknown {
		byName = kindByName(src.file)
	}
	best := bestPartial(head, ld.r, byName)
	// the sheet's own name (a CSV's file name) naming a kind is enough
	own := src.sheet
	if own == "" {
		own = src.file
	}
	if k := kindByName(own); best == nil && k != Unknown {
		var req []string
		for _, c := range SpecOf(k).Columns {
			if c.Required {
				req = append(req, "「"+c.Name+"」"+aliasText(k, c.Name))
			}
		}
		ld.add(calc.Error, loc, "", fmt.Sprintf("名称表明是 %s，但前%d行中找不到它的表头（必需列：%s）；此工作表未读取", k, min(len(head), headerBufRows), strings.Join(req, "；")),
			"请把表头改为模板中的列名或其别名（appraise templates 生成空白模板）；如果这不是输入表，请把它移出文件夹")
		return k
	}
	if best == nil || len(best.missing) == 0 {
		ld.add(calc.Warning, loc, "", "未识别的工作表（有数据，但表头不是任何一种输入），未读取",
			"如果这是输入表，请按模板检查表头名称（appraise templates 生成空白模板）；如果不是，请把它移出文件夹")
		return Unknown
	}
	var parts []string
	for _, m := range best.missing {
		parts = append(parts, fmt.Sprintf("「%s」", m)+aliasText(best.kind, m))
	}
	how := "表头像是"
	if best.kind == byName {
		how = "名称表明是"
	}
	ld.add(calc.Error, calc.Loc{File: src.file, Sheet: src.sheet, Cell: fmt.Sprintf("第%d行", best.rowNum())}, "",
		fmt.Sprintf("%s %s，但表头（第%d行）缺少必需列：%s；此工作表未读取", how, best.kind, best.rowNum(), strings.Join(parts, "；")),
		"请把表头改为列名或其别名之一（例如把“考试分数”改为“成绩”），然后重新运行")
	return best.kind
}

// aliasText is "（也可写作：a、b）" for a column of a kind.
func aliasText(k Kind, col string) string {
	s := SpecOf(k)
	if s == nil {
		return ""
	}
	for _, c := range s.Columns {
		if c.Name == col && len(c.Aliases) > 0 {
			return "（也可写作：" + strings.Join(c.Aliases, "、") + "）"
		}
	}
	return ""
}

// kindNames are words in a sheet or file name that name a kind.
var kindNames = []struct {
	word string
	kind Kind
}{
	{"花名册", Roster}, {"人员名单", Roster}, {"考勤", Attendance}, {"服务质量", QA}, {"质检", QA}, {"考评", QA},
	{"额外奖惩", Adjustments}, {"奖惩", Events}, {"违规", Events}, {"考试", Exams}, {"成绩", Exams},
	{"投诉", Complaints}, {"工作量", Workload}, {"排班", Shifts},
	{"申诉", AppealLog}, {"请假", LeaveLog}, {"换班", SwapLog}, {"软性指标", Soft},
}

func kindByName(name string) Kind {
	n := normText(name)
	for _, k := range kindNames {
		if strings.Contains(n, k.word) {
			return k.kind
		}
	}
	return Unknown
}

// bestPartial finds the best partial header match of a sheet no kind
// qualified for: the kind its name names (any header row with two of its
// columns), else a kind with at least half of its required columns and more
// than half of the sheet's header texts. Nil when none.
func bestPartial(rows [][]string, r *calc.Rules, named Kind) *header {
	var best *header
	for _, s := range Specs {
		cols := columnsOf(s.Kind, r)
		nc := newNormCols(cols)
		req := 0
		for _, c := range cols {
			if c.Required {
				req++
			}
		}
		for first := 0; first < len(rows) && first < maxHeaderStart; first++ {
			for last := first; last <= first+1 && last < len(rows); last++ {
				texts, nonEmpty := headerNorms(rows, first, last, nil)
				got := matchColumns(texts, nc)
				h := &header{kind: s.Kind, first: first, last: last, cols: got, score: len(got), ratio: float64(len(got)) / float64(len(cols))}
				have := 0
				for _, c := range cols {
					if _, ok := got[c.Name]; ok {
						if c.Required {
							have++
						}
					} else if c.Required {
						h.missing = append(h.missing, c.Name)
					}
				}
				ok := h.score >= 2 && (s.Kind == named || (have*2 >= req && h.score*2 > nonEmpty))
				if ok && h.better(best) {
					best = h
				}
			}
		}
	}
	return best
}
