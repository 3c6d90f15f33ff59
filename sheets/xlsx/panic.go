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
	return &InternalError{Msg: fmt.Sprintf("%s：%v", what, p), Value: p, Stack: debug.Stack()}
}
