//go:build !windows

package main

// setupConsole does nothing: terminals outside Windows take UTF-8.
func setupConsole() {}
