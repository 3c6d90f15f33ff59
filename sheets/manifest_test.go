package sheets

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readManifest(t *testing.T, dir string) manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	return m
}

func TestManifest(t *testing.T) {
	dir, paths := sharedFixture(t)
	m := readManifest(t, dir)
	if m.Version != "v0.1.0-test" || m.Month != "2026-11" || m.RulesSHA256 != strings.Repeat("ab", 32) {
		t.Errorf("manifest version=%q month=%q rules=%q", m.Version, m.Month, m.RulesSHA256)
	}
	if m.Draft || !m.PayrollWritten || m.PayrollEmployees != 6 || len(m.Excluded) != 0 {
		t.Errorf("manifest draft=%v payroll=%v employees=%d excluded=%v; want false true 6 []", m.Draft, m.PayrollWritten, m.PayrollEmployees, m.Excluded)
	}
	c := m.Counts
	if c.Employees != 6 || c.Events != 5 || c.Errors != 0 || c.Warnings != 4 || c.Infos != 1 {
		t.Errorf("manifest counts = %+v", c)
	}
	grades := map[string]int{"A": 1, "B": 2, "C": 1, "D": 1, "E": 0, "不合格": 1}
	for g, n := range grades {
		if c.Grades[g] != n {
			t.Errorf("manifest grades[%s] = %d; want %d", g, c.Grades[g], n)
		}
	}
	if m.Totals.Float != "-330.00" || m.Totals.Compensation != "150.50" {
		t.Errorf("manifest totals = %+v; want -330.00 150.50", m.Totals)
	}
	if len(m.Inputs) != 2 || m.Inputs[0].Name != "花名册.xlsx" || m.Inputs[1].Size != 5678 {
		t.Errorf("manifest inputs = %+v", m.Inputs)
	}
	// Every output but the manifest itself, with its real hash and size.
	if len(m.Outputs) != len(paths)-1 {
		t.Fatalf("manifest lists %d outputs; want %d", len(m.Outputs), len(paths)-1)
	}
	for i, o := range m.Outputs {
		data, err := os.ReadFile(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		rel, _ := filepath.Rel(dir, paths[i])
		if o.Name != filepath.ToSlash(rel) || o.SHA256 != hex.EncodeToString(sum[:]) || o.Size != int64(len(data)) {
			t.Errorf("manifest output %d = %+v; want %s %x %d", i, o, filepath.ToSlash(rel), sum, len(data))
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "\\u") {
		t.Errorf("manifest.json escapes characters: %s", raw)
	}
}

func TestManifestDraft(t *testing.T) {
	res := outFixture()
	res.Problems = append(res.Problems, res.Problems[0])
	res.Problems[len(res.Problems)-1].Level = 0 // calc.Error
	run := outRun()
	run.Payroll = false
	dir, _ := writeFixture(t, res, run)
	m := readManifest(t, dir)
	if !m.Draft || m.PayrollWritten || m.Counts.Errors != 1 || len(m.Outputs) != 5 || m.PayrollTotals.Float != "0.00" {
		t.Errorf("manifest draft=%v payroll=%v errors=%d outputs=%d payroll float=%s; want true false 1 5 0.00",
			m.Draft, m.PayrollWritten, m.Counts.Errors, len(m.Outputs), m.PayrollTotals.Float)
	}
}
