package main

import (
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfile writes profiles of the whole command for the README's
// performance notes (go tool pprof reads them): a CPU profile to the file
// named by APPRAISE_CPUPROFILE, and the allocations to the one named by
// APPRAISE_MEMPROFILE (sampled every 64 KB)
// that stops them.
func startProfile() func() {
	stops := []func(){}
	if path := os.Getenv("APPRAISE_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if err := pprof.StartCPUProfile(f); err != nil {
				f.Close()
			} else {
				stops = append(stops, func() {
					pprof.StopCPUProfile()
					f.Close()
				})
			}
		}
	}
	if path := os.Getenv("APPRAISE_MEMPROFILE"); path != "" {
		runtime.MemProfileRate = 64 << 10 // some every 64 KB allocated, as the default 512 KB is coarse for a 1 s command
		stops = append(stops, func() {
			if f, err := os.Create(path); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		})
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}
