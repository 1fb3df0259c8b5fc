//go:build !linux

package publish

// cpuTime reports no CPU time where the benchmark does not measure it.
func cpuTime() (user, sys int64) { return 0, 0 }
