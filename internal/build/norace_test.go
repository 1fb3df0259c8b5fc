//go:build !race

package build

// raceEnabled reports whether the race detector is on.
const raceEnabled = false
