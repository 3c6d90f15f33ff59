package sheets

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"appraise/calc"
)

// Run is what the outputs need besides the result.
type Run struct {
	Version   string           // tool version
	Rules     *calc.Rules      // the rules used (规则 sheet)
	RulesHash string           // hex SHA-256 of the rules
	Inputs    []Input          // input files
	Payroll   bool             // write the payroll workbook + CSV (false when errors block it)
	Excluded  map[string]bool  // 工号s left out of payroll under --force (listed on its 合计 sheet and in manifest)
	CSVGBK    bool             // payroll CSV in GBK instead of UTF-8 with BOM
	Password  string           // encrypt the payroll workbook when not empty
	Ops       FileOps          // file operations (nil: the system's); tests inject faults
	Now       func() time.Time // the clock of backup names (nil: time.Now); tests fix it
	Date      time.Time        // run date: 申诉截止 counts from it; zero: the month's last day (no time.Now, D30)
	Extra     []ExtraOutput    // more files of the set, written after the payroll (a correction's 差额表, D33); each Fill runs on a goroutine of its own while the file before it is written (see fillAhead), so it only reads what it is given
}

// WriteSet writes the month's outputs as one set into dir (created if
// missing): 月度考核表_YYYY-MM.xlsx, 考核通知单_YYYY-MM.xlsx, 班组/<班组>_YYYY-MM.xlsx
// for every team, 绩效工资调整表_YYYY-MM.xlsx + .csv (when
// run.Payroll; no CSV when the workbook is encrypted), 校验报告_YYYY-MM.xlsx
// and manifest.json, written last. The set is staged and switched in at
// once (see outset.go): after any failure dir holds the previous complete
// set. It returns the files of the new set and notes for the user:
// previous outputs kept as backups or retired (a payroll that this run may
// not write, a plaintext CSV beside an encrypted payroll), leftovers of
// killed runs. Errors are *OutputError with a Chinese text. Each file is
// built while the one before it is written (see writeInOrder); the files
// are created and written one after the other.
func WriteSet(dir string, res *calc.Result, run *Run) (*Written, error) {
	if res == nil {
		return nil, &OutputError{Msg: "没有考核结果可写"}
	}
	if run == nil {
		run = &Run{}
	}
	if run.Rules == nil {
		run.Rules = calc.DefaultRules()
	}
	if run.RulesHash == "" {
		run.RulesHash = run.Rules.Hash()
	}
	nm := Names(res.Year, res.Month)
	names := map[string]bool{nm.Appraisal: true, nm.Payroll: true, nm.PayrollCSV: true, nm.Report: true, nm.Manifest: true}
	now := time.Now()
	if run.Now != nil {
		now = run.Now()
	}
	s, err := beginSet(dir, run.Ops, run.Rules.BackupKeep, now, func(n string) bool { return names[n] })
	if err != nil {
		return nil, err
	}
	done := false
	defer func() {
		if !done {
			s.abort()
		}
	}()
	outs := []outputFile{{name: nm.Appraisal, fill: func(w io.Writer) error { return writeAppraisal(w, res, run) }}}
	outs = append(outs, afterDraftOutputs(res, run)...) // D30 notices, D31 班组/ packets
	if run.Payroll {
		outs = append(outs, outputFile{name: nm.Payroll, fill: func(w io.Writer) error { return writePayroll(w, res, run) }})
		// A CSV cannot be encrypted: with a password the payroll is
		// written as the encrypted workbook only (a previous plaintext
		// CSV is retired with the switch).
		if run.Password == "" {
			outs = append(outs, outputFile{name: nm.PayrollCSV, fill: func(w io.Writer) error { return writePayrollCSV(w, res, run) }})
		}
	}
	for _, x := range run.Extra {
		outs = append(outs, outputFile{name: x.Name, fill: x.Fill})
	}
	outs = append(outs, outputFile{name: nm.Report, fill: func(w io.Writer) error { return writeReport(w, res, run) }})
	if err := writeInOrder(outs, s.addAhead); err != nil {
		return nil, err
	}
	m := buildManifest(res, run, s.files)
	if err := s.add(nm.Manifest, func(w io.Writer) error { return m.encode(w) }); err != nil {
		return nil, err
	}
	if err := s.commit(); err != nil {
		return nil, err
	}
	done = true
	return &Written{Files: paths(s.files), Retired: s.retired, Notes: s.notes}, nil
}

func paths(ws []written) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.path
	}
	return out
}

// errorCount counts the Error-level problems.
func errorCount(ps []calc.Problem) int {
	n := 0
	for _, p := range ps {
		if p.Level == calc.Error {
			n++
		}
	}
	return n
}

// deptName is the department shown in titles: the most common 部门 of the
// rows (the first in roster order on a tie), 客服部 when none is given.
func deptName(rows []calc.Appraisal) string {
	count := map[string]int{}
	best, n := "", 0
	for _, a := range rows {
		d := strings.TrimSpace(a.Dept)
		if d == "" {
			continue
		}
		count[d]++
		if count[d] > n {
			best, n = d, count[d]
		}
	}
	if best == "" {
		return "客服部"
	}
	return best
}

// monthText is "2026年11月".
func monthText(year int, month time.Month) string {
	return fmt.Sprintf("%d年%d月", year, int(month))
}

// included returns the rows that go into the payroll (all but the excluded).
func included(res *calc.Result, run *Run) []calc.Appraisal {
	out := make([]calc.Appraisal, 0, len(res.Rows))
	for _, a := range res.Rows {
		if !run.Excluded[a.ID] {
			out = append(out, a)
		}
	}
	return out
}

// excludedIDs lists the excluded 工号s in order.
func excludedIDs(run *Run) []string {
	out := make([]string, 0, len(run.Excluded))
	for id, ex := range run.Excluded {
		if ex {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// joinTexts joins non-empty texts with "；".
func joinTexts(parts []string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "；")
}
