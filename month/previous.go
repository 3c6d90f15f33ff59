package month

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"appraise/calc"
	"appraise/sheets"
)

// Previous finds the previous month's results for the two-month last-place
// rule (D13): the --prev file, else the appraisal workbook of an earlier run
// under the output root (of the latest correction of a signed-off month), else the previous month's input folder beside this
// one, appraised in memory. It returns ok == false when none is found; calc
// then notes that the rule could not be evaluated.
func Previous(dir, prevFile, root string, year int, month time.Month, rules *calc.Rules, password string) (map[string]calc.Previous, bool, []calc.Problem) {
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	py, pm := first.Year(), first.Month()
	pp := Key(py, pm)
	if prevFile != "" {
		prev, err := sheets.ReadPrevious(prevFile)
		if err != nil {
			return nil, false, []calc.Problem{{Level: calc.Error, Loc: calc.Loc{File: filepath.Base(prevFile)},
				Msg: fmt.Sprintf("无法读取 --prev 指定的上月考核表：%v", err), Hint: "请指定本工具生成的上月《月度考核表》"}}
		}
		return prev, true, []calc.Problem{info(prevFile, "上月（%s）结果取自 --prev 指定的文件", pp)}
	}
	// The latest set of the previous month: its last correction (更正N/,
	// D33) when there is one, else the month folder.
	setDir, _ := sheets.LatestSet(root, py, pm)
	file := filepath.Join(setDir, sheets.AppraisalName(py, pm))
	var notes []calc.Problem
	if _, err := os.Stat(file); err == nil {
		prev, err := sheets.ReadPrevious(file)
		if err == nil {
			return prev, true, []calc.Problem{info(file, "上月（%s）结果取自上次生成的考核表", pp)}
		}
		notes = append(notes, calc.Problem{Level: calc.Warning, Loc: calc.Loc{File: filepath.Base(file)},
			Msg: fmt.Sprintf("上月考核表无法读取：%v", err), Hint: "改为查找上月的输入文件夹"})
	}
	sib := siblingMonth(dir, py, pm)
	if sib == "" {
		return nil, false, notes
	}
	ld, err := sheets.Load(sib, rules, py, pm, sheets.LoadOptions{Password: password})
	if err != nil {
		return nil, false, append(notes, calc.Problem{Level: calc.Warning, Loc: calc.Loc{File: filepath.Base(sib)},
			Msg: fmt.Sprintf("上月输入文件夹无法读取：%v", err)})
	}
	res := calc.Appraise(&ld.Month, rules)
	prev := make(map[string]calc.Previous, len(res.Rows))
	for _, a := range res.Rows {
		prev[a.ID] = calc.Previous{Score: a.Final, Last: a.Last}
	}
	if n := count(ld.Problems, calc.Error) + count(res.Problems, calc.Error); n > 0 {
		notes = append(notes, calc.Problem{Level: calc.Warning, Loc: calc.Loc{File: filepath.Base(sib)},
			Msg:  fmt.Sprintf("上月（%s）输入有 %d 个错误，连续两月末位的判断可能不准确", pp, n),
			Hint: "先处理上月文件夹并修正其错误"})
	}
	return prev, true, append(notes, info(sib, "上月（%s）结果由上月输入文件夹即时计算", pp))
}

func info(path, format string, a ...any) calc.Problem {
	return calc.Problem{Level: calc.Info, Loc: calc.Loc{File: filepath.Base(path)}, Msg: fmt.Sprintf(format, a...)}
}

// siblingMonth finds a folder beside dir whose name is the given month.
func siblingMonth(dir string, y int, m time.Month) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	parent := filepath.Dir(abs)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if ey, em, ok := FolderMonth(e.Name()); ok && ey == y && em == m {
			return filepath.Join(parent, e.Name())
		}
	}
	return ""
}

// missingKinds compares this month's input kinds with those the previous
// month's manifest.json (under the output root) records, and warns about
// each kind missing now (D19). Nothing is said when there is no earlier
// manifest, or one written before kinds were recorded.
func missingKinds(root string, year int, month time.Month, now map[string]bool) []calc.Problem {
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	pp := Key(first.Year(), first.Month())
	kinds, ok, err := sheets.ReadManifestKinds(filepath.Join(root, pp, sheets.Names(first.Year(), first.Month()).Manifest))
	if err != nil || !ok {
		return nil
	}
	return sheets.MissingSince(kinds, now, pp)
}
