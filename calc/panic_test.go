package calc

import (
	"strings"
	"testing"
	"time"
)

// TestRecoverKeepsStack: a panic inside the calculation becomes one short
// 内部错误 problem for the user and keeps its stack for the maintainer.
func TestRecoverKeepsStack(t *testing.T) {
	m := &Month{Year: 2026, Month: time.November}
	res := func() (res *Result) {
		defer recoverInto(&res, m)
		panicInCalculation()
		return &Result{}
	}()
	if len(res.Problems) != 1 || res.Problems[0].Level != Error || res.Problems[0].Msg != "内部错误：规则表缺项" {
		t.Fatalf("problems = %+v, want one 内部错误：规则表缺项", res.Problems)
	}
	if !strings.Contains(string(res.Panic), "panicInCalculation") {
		t.Errorf("stack does not name the panicking function:\n%s", res.Panic)
	}
	if res.Year != 2026 || res.Month != time.November {
		t.Errorf("month = %d-%d, want 2026-11", res.Year, res.Month)
	}
	if ok := Appraise(m, nil); ok.Panic != nil {
		t.Errorf("a normal month has a stack: %s", ok.Panic)
	}
}

func panicInCalculation() { panic("规则表缺项") }

// TestRecoverGoroutineStack: a panic on one of the goroutines of a split
// phase is raised again on the caller's and reported the same way, with
// the stack of the goroutine where it happened.
func TestRecoverGoroutineStack(t *testing.T) {
	m := &Month{Year: 2026, Month: time.November}
	for j := range 2 {
		res := func() (res *Result) {
			defer recoverInto(&res, m)
			parallel(2, func(k int) {
				if k == j {
					panicInCalculation()
				}
			})
			return &Result{}
		}()
		if len(res.Problems) != 1 || res.Problems[0].Level != Error || res.Problems[0].Msg != "内部错误：规则表缺项" {
			t.Fatalf("goroutine %d: problems = %+v, want one 内部错误：规则表缺项", j, res.Problems)
		}
		if !strings.Contains(string(res.Panic), "panicInCalculation") {
			t.Errorf("goroutine %d: stack does not name the panicking function:\n%s", j, res.Panic)
		}
	}
}
