package publish

import "syscall"

// cpuTime returns the process's user and system CPU time in nanoseconds,
// so that the benchmark can report system-call cost apart from the wall
// time, which on a shared disk is mostly waiting.
func cpuTime() (user, sys int64) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return ru.Utime.Nano(), ru.Stime.Nano()
}
