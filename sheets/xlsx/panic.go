package xlsx

import (
	"fmt"
	"runtime/debug"
)

// InternalError is a recovered panic. Its Error is the short Chinese text
// the user reads ("读取工作表时发生内部错误：…"); Stack is where the panic
// happened, for the log (stderr, watch.log) and the maintainers.
type InternalError struct {
	Msg   string
	Value any
	Stack []byte
}

func (e *InternalError) Error() string { return e.Msg }

// Recovered makes the InternalError of a recovered panic p, capturing the
// stack; call it in the deferred function that recovered. what is the
// Chinese text before the panic's value.
func Recovered(what string, p any) *InternalError {
	stack := debug.Stack()
	if c, ok := p.(carried); ok {
		p, stack = c.v, c.stack
	}
	return &InternalError{Msg: fmt.Sprintf("%s：%v", what, p), Value: p, Stack: stack}
}

// Carry wraps a panic value recovered on a worker goroutine with the
// stack where it happened, to be raised again on the goroutine that waits
// for the worker: Recovered there reports the worker's stack and the
// panic's own value. Call it in the deferred function that recovered.
func Carry(p any) any {
	if _, ok := p.(carried); ok {
		return p
	}
	return carried{v: p, stack: debug.Stack()}
}

// carried is a panic value with the stack of the goroutine it happened on.
type carried struct {
	v     any
	stack []byte
}

func (c carried) String() string { return fmt.Sprint(c.v) }
