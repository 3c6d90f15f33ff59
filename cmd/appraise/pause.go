package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
)

// dragged reports whether the program was most likely started by dropping
// a folder onto appraise.exe in Windows Explorer: on Windows, one argument
// that is a folder, and a console on standard input. The console window
// then closes as soon as the program ends, so the result must wait for a
// key.
func dragged(args []string) bool {
	if runtime.GOOS != "windows" || len(args) != 1 || !isDir(args[0]) {
		return false
	}
	fi, err := os.Stdin.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// pause waits for Enter so that the window stays open.
func pause(w io.Writer) {
	fmt.Fprint(w, "\n按回车键关闭窗口……")
	bufio.NewReader(os.Stdin).ReadString('\n')
}
