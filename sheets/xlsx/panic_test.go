package xlsx

import (
	"strings"
	"testing"
)

// workerPanics panics on purpose, on a worker goroutine.
func workerPanics() { panic("boom") }

// A panic carried from a worker goroutine and raised again on the one
// that waited for it is reported with its own value and the worker's
// stack; carrying it twice changes nothing.
func TestCarry(t *testing.T) {
	caught := make(chan any)
	go func() {
		defer func() { caught <- Carry(Carry(recover())) }()
		workerPanics()
	}()
	p := <-caught
	var ie *InternalError
	func() {
		defer func() { ie = Recovered("写出时发生内部错误", recover()) }()
		panic(p)
	}()
	if ie.Msg != "写出时发生内部错误：boom" || ie.Value != "boom" {
		t.Errorf("Recovered = %q, value %v; want the worker's panic value", ie.Msg, ie.Value)
	}
	if !strings.Contains(string(ie.Stack), "workerPanics") {
		t.Errorf("stack does not show the worker's frames:\n%s", ie.Stack)
	}
	// not carried: the stack of the goroutine that recovered
	func() {
		defer func() { ie = Recovered("x", recover()) }()
		panic("direct")
	}()
	if ie.Msg != "x：direct" || !strings.Contains(string(ie.Stack), "TestCarry") {
		t.Errorf("Recovered of a direct panic = %q, stack:\n%s", ie.Msg, ie.Stack)
	}
}
