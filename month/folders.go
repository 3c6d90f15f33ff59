package month

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	xwidth "golang.org/x/text/width"

	"appraise/calc"
	"appraise/sheets"
)

// Month names of folders. A folder's name names its month anywhere in it:
// "2026-11", "202611", "2026年11月", "客服部2026年11月", "2026年11月考核",
// "2026-11 (2)". A date ("2026-11-03") is not a month. A name with a month
// but no year ("11月") takes its year from --month.
var (
	reNameCN    = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月`)
	reNameDash  = regexp.MustCompile(`(?:^|[^\d])(\d{4})[-_./](\d{1,2})(?:$|[^\d\-_./]|[-_./][^\d])`)
	reNameSix   = regexp.MustCompile(`(?:^|[^\d])(\d{4})(\d{2})(?:$|[^\d])`)
	reNameBare  = regexp.MustCompile(`(?:^|[^\d])(\d{1,2})\s*月`)
	reNameDigit = regexp.MustCompile(`\d`)
)

// FolderMonth reads the year and month from a folder name ("2026-11",
// "客服部2026年11月", "202611" …).
func FolderMonth(name string) (int, time.Month, bool) {
	if y, m, ok := sheets.ParseMonth(name); ok {
		return y, m, true
	}
	s := xwidth.Fold.String(name)
	if !reNameDigit.MatchString(s) {
		return 0, 0, false
	}
	for _, re := range []*regexp.Regexp{reNameCN, reNameDash, reNameSix} {
		if p := re.FindStringSubmatch(s); p != nil {
			y, _ := strconv.Atoi(p[1])
			m, _ := strconv.Atoi(p[2])
			if y >= 1900 && y <= 9999 && m >= 1 && m <= 12 {
				return y, time.Month(m), true
			}
		}
	}
	return 0, 0, false
}

// BareMonth reads a month without a year ("11月", "11月考核").
func BareMonth(name string) (time.Month, bool) {
	p := reNameBare.FindStringSubmatch(xwidth.Fold.String(name))
	if p == nil {
		return 0, false
	}
	m, _ := strconv.Atoi(p[1])
	if m < 1 || m > 12 {
		return 0, false
	}
	return time.Month(m), true
}

// latestYear is the year of the last month m that is not in the future.
func latestYear(m time.Month, now time.Time) int {
	if m > now.Month() {
		return now.Year() - 1
	}
	return now.Year()
}

// MonthOf decides the month of a month folder from its name and the
// --month flag; a name without a year or a flag that disagrees with the
// name is a *UsageError.
func MonthOf(dir, flag string) (int, time.Month, error) {
	abs, _ := filepath.Abs(dir)
	base := filepath.Base(abs)
	fy, fm, fok := FolderMonth(base)
	bm, bare := BareMonth(base)
	if flag == "" {
		switch {
		case fok:
			return fy, fm, nil
		case bare:
			y := latestYear(bm, time.Now())
			return 0, 0, usagef("文件夹名 %q 只有月份、没有年份：是 %d年%d月 吗？是的话请加上 --month %s（或把文件夹改名为 %d年%d月）",
				base, y, int(bm), Key(y, bm), y, int(bm))
		}
		return 0, 0, usagef("无法从文件夹名 %q 得出考核月份，请把文件夹命名为 2026-11 或 2026年11月 之类，或用 --month 2026-11 指定", base)
	}
	y, m, ok := sheets.ParseMonth(flag)
	if !ok {
		return 0, 0, usagef("--month %q 不是有效的月份，应为 YYYY-MM，例如 2026-11", flag)
	}
	switch {
	case fok && (fy != y || fm != m):
		return 0, 0, usagef("--month %s 与文件夹名 %s 表示的月份 %s 不一致", flag, base, Key(fy, fm))
	case !fok && bare && bm != m:
		return 0, 0, usagef("--month %s 与文件夹名 %s 表示的 %d月 不一致", flag, base, int(bm))
	}
	return y, m, nil
}

// Key is a month as YYYY-MM, the name of its output folder.
func Key(y int, m time.Month) string { return fmt.Sprintf("%04d-%02d", y, int(m)) }

// monthDir is a month folder inside an inbox.
type monthDir struct {
	path  string
	year  int
	month time.Month
}

// monthDirs lists the month folders directly inside dir, oldest first
// (folders of the same month in name order).
func monthDirs(dir string) []monthDir {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []monthDir
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if !isDir(p) || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if y, m, ok := FolderMonth(e.Name()); ok {
			out = append(out, monthDir{path: p, year: y, month: m})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.year != b.year {
			return a.year < b.year
		}
		if a.month != b.month {
			return a.month < b.month
		}
		return a.path < b.path
	})
	return out
}

// hasInputFiles reports whether dir holds files of the kinds appraise
// reads (then it is a month folder, not an inbox).
func hasInputFiles(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		if !e.IsDir() && inputExt(e.Name()) {
			return true
		}
	}
	return false
}

// inputExt reports whether a file name has an extension appraise reads.
func inputExt(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm", ".xls", ".csv", ".dat", ".txt":
		return !strings.HasPrefix(name, "~$") && !strings.HasPrefix(name, ".")
	}
	return false
}

// maxListed is how many file names a subfolder warning lists.
const maxListed = 5

// subfolderFiles reports, one warning per subfolder, the input files in
// subfolders of a month folder: only the folder's own files are read, and
// a file put one level too deep must not be skipped without a word.
func subfolderFiles(dir string) []calc.Problem {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []calc.Problem
	for _, e := range ents {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		var files []string
		root := filepath.Join(dir, e.Name())
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && inputExt(d.Name()) {
				rel, _ := filepath.Rel(dir, p)
				files = append(files, filepath.ToSlash(rel))
			}
			return nil
		})
		if len(files) == 0 {
			continue
		}
		list := strings.Join(files[:min(len(files), maxListed)], "、")
		if len(files) > maxListed {
			list += fmt.Sprintf(" 等 %d 个", len(files))
		}
		out = append(out, calc.Problem{
			Level: calc.Warning,
			Loc:   calc.Loc{File: e.Name() + "/"},
			Msg:   fmt.Sprintf("子文件夹 %s 中的文件未读取：%s（只读取月份文件夹本身的文件）", e.Name(), list),
			Hint:  fmt.Sprintf("需要的文件请移到 %s 文件夹本身中，不需要的请移出该文件夹", filepath.Base(dir)),
		})
	}
	return out
}

// Selection is the month folders a run or check of a folder processes.
type Selection struct {
	Folders []string // the month folders to process, oldest first
	// Inbox says the folder given is an inbox: Folders were chosen among
	// its month folders, whose names are Names (oldest first).
	Inbox bool
	Names []string
}

// Select decides which month folders a run or check of dir processes: dir
// itself, or, when it is an inbox (no month in its name, no input files,
// month folders inside), the newest month folder inside, all of them with
// all, or the one monthFlag (YYYY-MM) names. Two folders of one month in
// an inbox are a *UsageError: they would write the same outputs.
func Select(dir, monthFlag string, all bool) (*Selection, error) {
	abs, _ := filepath.Abs(dir)
	_, _, named := FolderMonth(filepath.Base(abs))
	_, bare := BareMonth(filepath.Base(abs))
	subs := monthDirs(dir)
	if named || bare || len(subs) == 0 || hasInputFiles(dir) {
		if all {
			return nil, usagef("--all 只用于收件文件夹（其中有按月份命名的文件夹）；%s 本身就是月份文件夹", dir)
		}
		return &Selection{Folders: []string{dir}}, nil
	}
	for i := 1; i < len(subs); i++ {
		if subs[i].year == subs[i-1].year && subs[i].month == subs[i-1].month {
			return nil, usagef("%s 中有两个文件夹都是 %s：%s 和 %s；请删除或改名其中一个", dir, Key(subs[i].year, subs[i].month),
				filepath.Base(subs[i-1].path), filepath.Base(subs[i].path))
		}
	}
	sel := &Selection{Inbox: true}
	for _, s := range subs {
		sel.Names = append(sel.Names, filepath.Base(s.path))
	}
	switch {
	case monthFlag != "":
		y, m, ok := sheets.ParseMonth(monthFlag)
		if !ok {
			return nil, usagef("--month %q 不是有效的月份，应为 YYYY-MM，例如 2026-11", monthFlag)
		}
		for _, s := range subs {
			if s.year == y && s.month == m {
				sel.Folders = []string{s.path}
				return sel, nil
			}
		}
		return nil, usagef("%s 中没有 %s 的月份文件夹（有：%s）", dir, monthFlag, strings.Join(sel.Names, "、"))
	case all:
		for _, s := range subs {
			sel.Folders = append(sel.Folders, s.path)
		}
	default:
		sel.Folders = []string{subs[len(subs)-1].path}
	}
	return sel, nil
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
