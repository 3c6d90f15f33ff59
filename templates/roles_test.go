package templates

import (
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/sheets"
)

// TestRolesDropDown: the roster template offers exactly the rules' roles
// (r.KnownRoles, which sheets' TestRolesOneList feeds to the roster
// reader), a role added to 参数 included (issue 10 item 5).
func TestRolesDropDown(t *testing.T) {
	r := calc.DefaultRules()
	r.LeaderRoles = append(r.LeaderRoles, "值班长")
	r.QARoles = append(r.QARoles, "热线专员")
	var offered []string
	for _, k := range tplKinds(r, tplMonth{}) {
		if k.spec.Kind != sheets.Roster {
			continue
		}
		for _, c := range k.cols {
			if c.name != "岗位" {
				continue
			}
			f := excelize.NewFile()
			if err := c.check(f, "Sheet1", "A2:A3"); err != nil {
				t.Fatal(err)
			}
			dvs, err := f.GetDataValidations("Sheet1")
			if err != nil || len(dvs) != 1 {
				t.Fatalf("岗位 drop-down: %v, %v", dvs, err)
			}
			offered = strings.Split(strings.Trim(dvs[0].Formula1, `"`), ",")
		}
	}
	if !slices.Equal(offered, r.KnownRoles()) || !slices.Contains(offered, "值班长") || !slices.Contains(offered, "热线专员") {
		t.Fatalf("template 岗位 drop-down = %v; want %v", offered, r.KnownRoles())
	}
}
