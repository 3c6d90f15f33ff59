package month

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"appraise/sheets"
)

// FinalizeOptions say which month to sign off (D33) and by whom.
type FinalizeOptions struct {
	// Target is a month folder of inputs (its output root defaults to the
	// outbox beside its parent) or a month YYYY-MM (Out required).
	Target string
	Out    string    // output root
	By     string    // who signs off ("": the logged-in user)
	Now    time.Time // when (zero: now)
}

// Finalized is a month signed off.
type Finalized struct {
	Year  int
	Month time.Month
	Dir   string // the month's output folder, ROOT/YYYY-MM
	Path  string // the 定稿.json written
	Info  *sheets.FinalInfo
}

// Finalize signs a month off (D33): under the output root's lock,
// ROOT/YYYY-MM/定稿.json records the SHA-256 of every file of the set, who
// and when. Later runs of the month write corrections (更正N/) instead of
// replacing the set. A target that is neither a folder nor a month, or a
// month without Out, is a *UsageError.
func Finalize(o FinalizeOptions) (*Finalized, error) {
	var year int
	var month time.Month
	root := o.Out
	if y, m, ok := sheets.ParseMonth(o.Target); ok && !isDir(o.Target) {
		if root == "" {
			return nil, usagef("按月份定稿时须用 --out 给出输出根目录，例如：appraise finalize %s --out outbox", o.Target)
		}
		year, month = y, m
	} else {
		if !isDir(o.Target) {
			return nil, usagef("找不到文件夹：%s（也不是 YYYY-MM 格式的月份）", sheets.Printable(o.Target))
		}
		y, m, err := MonthOf(o.Target, "")
		if err != nil {
			return nil, err
		}
		year, month = y, m
		if root == "" {
			root = DefaultOutRoot(o.Target)
		}
	}
	dir := filepath.Join(root, Key(year, month))
	if !isDir(dir) {
		return nil, fmt.Errorf("找不到 %s 的结果文件夹 %s：请先运行 appraise run", Key(year, month), sheets.Printable(dir))
	}
	who := o.By
	if who == "" {
		who = osUser()
	}
	at := o.Now
	if at.IsZero() {
		at = time.Now()
	}
	unlock, err := Lock(root)
	if err != nil {
		return nil, err
	}
	defer unlock()
	fi, err := sheets.Finalize(dir, year, month, who, at)
	if err != nil {
		return nil, err
	}
	return &Finalized{Year: year, Month: month, Dir: dir, Path: filepath.Join(dir, sheets.Names(year, month).Final), Info: fi}, nil
}

// osUser is the name of the user running the program.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "未知用户"
}
