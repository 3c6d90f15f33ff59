package main

import "syscall"

// setupConsole switches the Windows console to UTF-8 so that the Chinese
// messages show correctly in cmd.exe, whose default code page is 936.
func setupConsole() {
	k := syscall.NewLazyDLL("kernel32.dll")
	const utf8 = 65001
	k.NewProc("SetConsoleOutputCP").Call(utf8)
	k.NewProc("SetConsoleCP").Call(utf8)
}
