package main

import (
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the whole command to the file named
// by APPRAISE_CPUPROFILE, for the README's performance notes (go tool pprof
// reads it). It returns the function that stops it.
func startProfile() func() {
	path := os.Getenv("APPRAISE_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
