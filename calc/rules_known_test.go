package calc

import (
	"slices"
	"testing"
)

// TestKnownRole checks that KnownRole and KnownExitType (the roster's
// checks) accept exactly the words of KnownRoles and KnownExitTypes.
func TestKnownRole(t *testing.T) {
	r := DefaultRules()
	r.Roles = []string{"业务代表", "组长"}
	r.LeaderRoles = []string{"组长", "主管"}
	r.QARoles = []string{"业务代表", "质检员"}
	r.ExitTypes = []string{"辞退", "合同到期"}
	r.ResignTypes = []string{"辞职", "合同到期"}
	tests := []struct {
		word       string
		role, exit bool
	}{
		{"业务代表", true, false},
		{"组长", true, false},
		{"主管", true, false},
		{"质检员", true, false},
		{"辞退", false, true},
		{"辞职", false, true},
		{"合同到期", false, true},
		{"客服", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		role := r.KnownRole(tt.word)
		exit := r.KnownExitType(tt.word)
		if role != tt.role || exit != tt.exit {
			t.Errorf("%q: role %v, exit type %v; want %v, %v", tt.word, role, exit, tt.role, tt.exit)
		}
		if role != slices.Contains(r.KnownRoles(), tt.word) || exit != slices.Contains(r.KnownExitTypes(), tt.word) {
			t.Errorf("%q: KnownRole/KnownExitType disagree with KnownRoles or KnownExitTypes", tt.word)
		}
	}
	if got, want := r.KnownRoles(), []string{"业务代表", "组长", "主管", "质检员"}; !slices.Equal(got, want) {
		t.Errorf("KnownRoles = %v; want %v", got, want)
	}
	if got, want := r.KnownExitTypes(), []string{"辞退", "合同到期", "辞职"}; !slices.Equal(got, want) {
		t.Errorf("KnownExitTypes = %v; want %v", got, want)
	}
}
