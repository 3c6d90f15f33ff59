package month

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"appraise/calc"
	"appraise/sheets"
)

// Options are what one month's run or check needs.
type Options struct {
	Dir   string // the month folder (inputs; never changed)
	Check bool   // check only: read and appraise, write nothing, take no lock
	Out   string // output root: results go to Out/YYYY-MM/ ("": outbox beside the folder's parent)
	Month string // YYYY-MM when the folder's name does not say it (--month)
	Prev  string // the previous month's 月度考核表 (--prev; "": looked for, D13)
	Force bool   // with input errors, still write the payroll without the employees concerned (D28)
	// CSVGBK writes the payroll CSV in GBK instead of UTF-8 with a BOM.
	CSVGBK bool
	// PasswordEnv names an environment variable holding the password of
	// encrypted inputs, also used to encrypt the payroll; Password is used
	// when it is empty.
	PasswordEnv string
	Password    string
	// RulesFile is an edited rules workbook; Rules is used when it is
	// empty (nil Rules: the built-in rules).
	RulesFile string
	Rules     *calc.Rules
	Version   string // tool version written into the manifest
	Locked    bool   // the caller holds the output root's lock (watch)
	// Progress is called as reading the inputs goes on (see
	// sheets.LoadOptions); nil: silent.
	Progress func(done, total int, what string)
}

// Result is what a run or check did.
type Result struct {
	Year   int
	Month  time.Month
	OutDir string // the month's output folder, ROOT/YYYY-MM
	// Appraisal holds the rows and every problem: reading, the previous
	// month, the appraisal (and, for run, the GBK check of the CSV).
	Appraisal *calc.Result
	Errors    int // problems of level 错误
	Warnings  int // problems of level 警告
	// Refused lists the rows that name nobody when Force was asked for
	// with errors: --force then refuses and no payroll is written (D28).
	Refused []calc.Problem
	// ForceInternal is set when Force was asked for but a panic was
	// recovered while reading or calculating: the result is incomplete in
	// ways no row names, so no payroll is written.
	ForceInternal bool
	Run           *sheets.Run     // what the outputs were written with (nil for a check)
	Written       *sheets.Written // the set written: the month's or a correction's (nil: nothing written)
	// Signed says the month was signed off (D33): its files are kept and
	// a run writes a correction instead; Final is who signed it off (nil
	// when 定稿.json cannot be read).
	Signed     bool
	Final      *sheets.FinalInfo
	Correction *Correction // for a signed-off month without input errors
	// Internal are panics recovered while reading the inputs (each also
	// an 错误 in Appraisal.Problems), with their stacks for the log.
	Internal []*sheets.InternalError
}

// Correction is a run of a signed-off month (D33).
type Correction struct {
	From    string // the set compared with: 定稿 or 更正N
	Changed int    // employees whose score or money changed
	Dir     string // the correction folder written (ROOT/YYYY-MM/更正N); "" when nothing changed
}

// Run processes one month folder: it loads the inputs, finds the previous
// month (D13), appraises, and, unless Check, writes the whole output set
// under the output root's lock, or a correction when the month is signed
// off. Input problems are in the result, never an error; the error is a
// *UsageError, a *RulesError, an unreadable folder, a lock held by another
// run, an *sheets.OutputError of the writer, or a *sheets.InternalError of
// a recovered panic (with its stack). When ctx ends before the outputs are
// switched in, Run stops and returns ctx's error: nothing is written.
func Run(ctx context.Context, o Options) (res *Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, sheets.Recovered("处理时发生内部错误", p)
		}
	}()
	year, month, err := MonthOf(o.Dir, o.Month)
	if err != nil {
		return nil, err
	}
	password := o.Password
	if o.PasswordEnv != "" {
		v, ok := os.LookupEnv(o.PasswordEnv)
		if !ok || v == "" {
			return nil, usagef("环境变量 %s 未设置或为空（--password-env 需要它保存密码）", o.PasswordEnv)
		}
		password = v
	}
	rules := o.Rules
	if o.RulesFile != "" || rules == nil {
		if rules, err = LoadRules(o.RulesFile); err != nil {
			return nil, err
		}
	}

	root := o.Out
	if root == "" {
		root = DefaultOutRoot(o.Dir)
	}
	outDir := filepath.Join(root, Key(year, month))
	if !o.Check && Inside(outDir, o.Dir) {
		return nil, usagef("输出目录 %s 不能位于输入文件夹 %s 之内", sheets.Printable(outDir), sheets.Printable(o.Dir))
	}
	if !o.Check && !o.Locked {
		unlock, err := Lock(root)
		if err != nil {
			return nil, err
		}
		defer unlock()
	}

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The previous month (D13) is found, and its input folder appraised
	// when that is where it comes from, while this month is read.
	var (
		prev      map[string]calc.Previous
		prevGiven bool
		prevNote  []calc.Problem
		prevErr   error
		prevDone  = make(chan struct{})
	)
	go func() {
		defer close(prevDone)
		defer func() {
			if p := recover(); p != nil {
				prevErr = sheets.Recovered("处理时发生内部错误", p)
			}
		}()
		prev, prevGiven, prevNote = Previous(o.Dir, o.Prev, root, year, month, rules, password)
	}()
	defer func() { <-prevDone }() // also when reading this month panics (watch runs on)
	ld, err := sheets.Load(o.Dir, rules, year, month, sheets.LoadOptions{Password: password, Progress: o.Progress})
	<-prevDone
	if err != nil {
		return nil, fmt.Errorf("无法读取文件夹 %s（%s）", sheets.Printable(o.Dir), sheets.ErrorText(err))
	}
	if prevErr != nil {
		return nil, prevErr
	}
	ld.Problems = append(ld.Problems, subfolderFiles(o.Dir)...)
	m := &ld.Month
	m.Prev, m.PrevGiven = prev, prevGiven
	prevNote = append(prevNote, missingKinds(root, year, month, ld.Kinds)...)
	ar := calc.Appraise(m, rules)
	ar.Problems = append(append(append([]calc.Problem(nil), ld.Problems...), prevNote...), ar.Problems...)
	if !o.Check && o.CSVGBK && password == "" {
		ar.Problems = append(ar.Problems, sheets.GBKProblems(ar)...)
	}
	res = &Result{Year: year, Month: month, OutDir: outDir, Appraisal: ar,
		Errors: count(ar.Problems, calc.Error), Warnings: count(ar.Problems, calc.Warning), Internal: ld.Internal}
	if ar.Panic != nil {
		res.Internal = append(res.Internal, &sheets.InternalError{Msg: "计算时发生内部错误", Stack: ar.Panic})
	}
	if o.Check {
		return res, nil
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}

	force := forceAllowed(res, o.Force, ld.Unattributed)
	r := &sheets.Run{
		Version:   o.Version,
		Rules:     rules,
		RulesHash: rules.Hash(),
		Inputs:    ld.Inputs,
		Payroll:   res.Errors == 0 || force,
		CSVGBK:    o.CSVGBK,
		Password:  password,
	}
	if force {
		r.Excluded = affected(ar)
	}
	res.Run = r
	if sheets.IsFinal(outDir) { // D33: a signed-off month gets corrections, never a new set
		return res, correct(res)
	}
	// The whole set is switched in at once; a payroll of an earlier run
	// that this run may not write is retired as a backup in the same
	// switch.
	w, err := sheets.WriteSet(outDir, ar, r)
	if err != nil {
		return res, err // *sheets.OutputError: Chinese, names the file and the state of the folder
	}
	res.Written = w
	return res, nil
}

// correct is a run of a signed-off month (D33): the month folder keeps its
// final files; the new set goes to 更正N/ with the 差额表 of the employees
// whose score or money changed against the latest set. Nothing is written
// when nothing changed, or when the inputs have errors.
func correct(res *Result) error {
	res.Signed = true
	res.Final, _ = sheets.ReadFinal(res.OutDir)
	if res.Errors > 0 {
		return nil
	}
	baseDir, n := sheets.LatestSet(filepath.Dir(res.OutDir), res.Year, res.Month)
	base, err := sheets.ReadBaseline(baseDir, res.Year, res.Month, res.Run.Password)
	if err != nil {
		return err
	}
	rows := base.Diff(res.Appraisal)
	c := &Correction{From: sheets.SetFinal, Changed: len(rows)}
	if n > 0 {
		c.From = sheets.CorrectionDir(n)
	}
	res.Correction = c
	if len(rows) == 0 {
		return nil
	}
	next := sheets.NextCorrection(res.OutDir)
	res.Run.Extra = sheets.DiffOutputs(res.Appraisal, res.Run, rows, next)
	dir := filepath.Join(res.OutDir, sheets.CorrectionDir(next))
	w, err := sheets.WriteSet(dir, res.Appraisal, res.Run)
	if err != nil {
		return err
	}
	res.Written, c.Dir = w, dir
	return nil
}

// DefaultOutRoot is outbox beside the month folder's parent:
// inbox/2026-11 → outbox.
func DefaultOutRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return filepath.Join(filepath.Dir(filepath.Dir(abs)), "outbox")
}

// Inside reports whether path is dir or lies under it, after resolving
// symbolic links (an --out that reaches into the input folder through a
// link counts as inside). A path that does not exist yet is resolved
// through its nearest existing parent.
func Inside(path, dir string) bool {
	p, err1 := resolved(path)
	d, err2 := resolved(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && (rel == "." || (rel != ".." && !filepath.IsAbs(rel) && !startsWithDotDot(rel)))
}

// resolved is the absolute path with symbolic links resolved; the missing
// tail of a path that does not exist yet is kept as written.
func resolved(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	var tail []string
	for p := abs; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{r}, tail...)...), nil
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		tail = append([]string{filepath.Base(p)}, tail...)
	}
}

func startsWithDotDot(rel string) bool {
	return len(rel) >= 3 && rel[:2] == ".." && os.IsPathSeparator(rel[2])
}

func count(ps []calc.Problem, l calc.Level) int {
	n := 0
	for _, p := range ps {
		if p.Level == l {
			n++
		}
	}
	return n
}

// affected lists the appraised employees with an error, left out of the
// payroll under --force. (An unknown 工号 has no payroll row to leave out.)
func affected(res *calc.Result) map[string]bool {
	bad := map[string]bool{}
	for _, p := range res.Problems {
		if p.Level == calc.Error {
			if p.ID != "" {
				bad[p.ID] = true
			}
			for _, id := range p.Others { // a summary of errors not listed one by one
				bad[id] = true
			}
		}
	}
	ids := map[string]bool{}
	for _, a := range res.Rows {
		if bad[a.ID] {
			ids[a.ID] = true
		}
	}
	return ids
}

// forceAllowed decides whether --force writes a payroll despite errors
// (D28): not while a row names nobody (res.Refused lists them), nor after
// a recovered panic (res.ForceInternal), since then no row says whose
// money is missing.
func forceAllowed(res *Result, force bool, unattributed []calc.Problem) bool {
	if !force || res.Errors == 0 {
		return false
	}
	if len(unattributed) > 0 {
		res.Refused = unattributed
		return false
	}
	if len(res.Internal) > 0 {
		res.ForceInternal = true
		return false
	}
	return true
}
