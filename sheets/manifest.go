package sheets

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"appraise/calc"
)

// manifestFile is one file in manifest.json.
type manifestFile struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	// Kinds are the input kinds an input file provides (absent for
	// outputs and in manifests written before kinds were recorded).
	Kinds []string `json:"kinds,omitempty"`
}

// manifestCounts are the counts of manifest.json.
type manifestCounts struct {
	Employees int            `json:"employees"`
	Grades    map[string]int `json:"grades"`
	Events    int            `json:"events"`
	Errors    int            `json:"errors"`
	Warnings  int            `json:"warnings"`
	Infos     int            `json:"infos"`
}

// manifestTotals are the money totals of manifest.json, as decimal strings
// with two places so that no float rounding creeps in.
type manifestTotals struct {
	Float        string `json:"float"`
	Compensation string `json:"compensation"`
}

// manifest is the content of manifest.json. It holds no time stamps: the
// same result gives the same bytes.
type manifest struct {
	Tool             string         `json:"tool"`
	Version          string         `json:"version"`
	Month            string         `json:"month"`
	RulesSHA256      string         `json:"rules_sha256"`
	Draft            bool           `json:"draft"` // errors found: the appraisal is a draft
	PayrollWritten   bool           `json:"payroll_written"`
	PayrollEmployees int            `json:"payroll_employees"` // rows of the payroll table
	Excluded         []string       `json:"excluded"`          // 工号s left out under --force
	Counts           manifestCounts `json:"counts"`
	Totals           manifestTotals `json:"totals"` // of all appraised employees
	PayrollTotals    manifestTotals `json:"payroll_totals"`
	Inputs           []manifestFile `json:"inputs"`
	Outputs          []manifestFile `json:"outputs"` // every file written before the manifest
}

func buildManifest(res *calc.Result, run *Run, outs []written) *manifest {
	e, w, i := levelCounts(res.Problems)
	m := &manifest{
		Tool:        "appraise",
		Version:     run.Version,
		Month:       monthKey(res.Year, res.Month),
		RulesSHA256: run.RulesHash,
		Draft:       e > 0,
		Excluded:    excludedIDs(run),
		Counts: manifestCounts{
			Employees: len(res.Rows), Grades: map[string]int{}, Events: len(res.Events),
			Errors: e, Warnings: w, Infos: i,
		},
		PayrollWritten: run.Payroll,
		Inputs:         []manifestFile{},
		Outputs:        []manifestFile{},
	}
	for _, g := range gradeOrder(run.Rules) {
		m.Counts.Grades[g] = 0
	}
	for _, a := range res.Rows {
		m.Counts.Grades[a.Grade]++
	}
	all := sumPayroll(res.Rows)
	m.Totals = manifestTotals{Float: all.float.StringFixed(2), Compensation: all.compensation.StringFixed(2)}
	if run.Payroll {
		pay := sumPayroll(included(res, run))
		m.PayrollEmployees = pay.count
		m.PayrollTotals = manifestTotals{Float: pay.float.StringFixed(2), Compensation: pay.compensation.StringFixed(2)}
	} else {
		m.PayrollTotals = manifestTotals{Float: "0.00", Compensation: "0.00"}
	}
	for _, in := range run.Inputs {
		// Field by field, not a conversion, so that Input may grow.
		f := manifestFile{Name: in.Name}
		f.SHA256, f.Size, f.Kinds = in.SHA256, in.Size, in.Kinds
		m.Inputs = append(m.Inputs, f)
	}
	for _, o := range outs {
		m.Outputs = append(m.Outputs, manifestFile{Name: o.name, SHA256: o.sha256, Size: o.size})
	}
	return m
}

func (m *manifest) encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(m)
}

// CheckSet verifies that dir holds one complete output set: manifest.json
// is readable, every file it lists is there with its size and SHA-256, and
// no output of the month is there that the manifest does not list (a file
// of another run). It returns a Chinese description of the first mismatch.
func CheckSet(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return fmt.Errorf("没有可读的 %s", manifestName)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("%s 无法解析", manifestName)
	}
	listed := map[string]bool{manifestName: true}
	for _, o := range m.Outputs {
		listed[o.Name] = true
		sum, err := fileHash(filepath.Join(dir, o.Name))
		if err != nil {
			return fmt.Errorf("缺少 %s", o.Name)
		}
		if sum != o.SHA256 {
			return fmt.Errorf("%s 与 %s 记录的哈希不符", o.Name, manifestName)
		}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		n := e.Name()
		if listed[n] {
			continue
		}
		for _, p := range []string{appraisalPrefix, payrollPrefix, reportPrefix} {
			if strings.HasPrefix(n, p+m.Month+".") && !strings.HasSuffix(n, ".bak") {
				return fmt.Errorf("%s 不属于 %s 记录的这一组结果", n, manifestName)
			}
		}
	}
	return nil
}
