package sheets

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestQAItems checks that the rows' item scores cut from the shared slab
// have room for exactly their items and never overlap, across slabs.
func TestQAItems(t *testing.T) {
	for _, n := range []int{0, 1, 3, 7} {
		ld := newLoader(testRules(), 2026, 11, LoadOptions{})
		var rows [][]decimal.NullDecimal
		for i := 0; i < 1100; i++ { // more than two slabs' rows
			items := ld.qaItems(n)
			if len(items) != 0 || cap(items) != n || (n == 0) != (items == nil) {
				t.Fatalf("n=%d row %d: len %d cap %d nil %v; want 0, %d, %v", n, i, len(items), cap(items), items == nil, n, n == 0)
			}
			for k := 0; k < n; k++ {
				items = append(items, decimal.NewNullDecimal(decimal.NewFromInt(int64(i*10+k))))
			}
			rows = append(rows, items)
		}
		for i, items := range rows {
			for k, v := range items {
				if want := int64(i*10 + k); !v.Valid || !v.Decimal.Equal(decimal.NewFromInt(want)) {
					t.Fatalf("n=%d row %d item %d = %v; want %d", n, i, k, v, want)
				}
			}
		}
	}
}
