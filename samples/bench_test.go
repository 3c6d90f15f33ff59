package samples

import (
	"testing"
	"time"
)

// BenchmarkWrite1k generates and writes a 1,000-employee month.
func BenchmarkWrite1k(b *testing.B) {
	for b.Loop() {
		if err := Write(b.TempDir(), Options{Employees: 1000, Year: 2026, Month: time.November, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
