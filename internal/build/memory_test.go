package build

import (
	"runtime"
	"testing"
)

// TestMemoryLimit wants memoryLimit to keep a limit three times the heap
// can reach without collecting, and otherwise to collect and return three
// times the live heap.
func TestMemoryLimit(t *testing.T) {
	forced := func() int64 { return runtimeMetric("/gc/cycles/forced:gc-cycles") }
	live := make([]byte, 64<<20) // kept live below
	for _, tc := range []struct {
		name    string
		limit   int64
		collect bool
	}{
		{"heap far below a third of the limit", 1 << 40, false},
		{"heap above a third of the limit", 100 << 20, true},
		{"a limit of one byte", 1, true},
	} {
		before := forced()
		got := memoryLimit(tc.limit)
		collected := forced() > before
		if collected != tc.collect {
			t.Errorf("%s: collected = %v, want %v", tc.name, collected, tc.collect)
		}
		want := tc.limit
		if tc.collect {
			want = max(tc.limit, 3*runtimeMetric("/gc/heap/live:bytes"))
			if want < 3*int64(len(live)) {
				t.Errorf("%s: the live heap is under the %d bytes kept live", tc.name, len(live))
			}
		}
		if got != want {
			t.Errorf("%s: memoryLimit(%d) = %d, want %d", tc.name, tc.limit, got, want)
		}
	}
	runtime.KeepAlive(live)
}
