package serve

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoadAcrossRebuilds sends a bounded load from concurrent clients on
// loopback (as hey or wrk would) while the site is rebuilt over and over,
// with live-reload streams opening and closing, and checks that no request
// fails and that goroutines and memory return to where they were.
func TestLoadAcrossRebuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	dir := newSite(t)
	p, ts := newPreview(t, dir)
	transport := &http.Transport{MaxIdleConnsPerHost: 16}
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}
	defer transport.CloseIdleConnections()

	measure := func() (int, uint64) {
		transport.CloseIdleConnections()
		time.Sleep(100 * time.Millisecond)
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return runtime.NumGoroutine(), m.HeapInuse
	}
	round := func(rebuilds int) (requests, failures int64) {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		paths := []string{"/", "/first/", "/second/", "/tags/a/", "/feed.xml", "/atom.xml", "/feed.json", "/img/logo.svg", "/nope/"}
		const maxRequests = 20000
		for c := 0; c < 16; c++ {
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				for i := c; ctx.Err() == nil && atomic.LoadInt64(&requests) < maxRequests; i++ {
					path := paths[i%len(paths)]
					resp, err := client.Get(ts.URL + path)
					atomic.AddInt64(&requests, 1)
					if err != nil {
						atomic.AddInt64(&failures, 1)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					want := 200
					if path == "/nope/" {
						want = 404
					}
					if resp.StatusCode != want {
						atomic.AddInt64(&failures, 1)
					}
				}
			}(c)
		}
		// Event streams come and go while pages load.
		for c := 0; c < 4; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					sctx, scancel := context.WithTimeout(ctx, 150*time.Millisecond)
					req, _ := http.NewRequestWithContext(sctx, "GET", ts.URL+eventsPath, nil)
					if resp, err := client.Do(req); err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
					scancel()
				}
			}()
		}
		for i := 0; i < rebuilds && ctx.Err() == nil; i++ {
			writeFile(t, filepath.Join(dir, "content/first.md"), fmt.Sprintf("---\ntitle: First\ndate: 2021-01-01\ntags: [a]\n---\nVersion %d.\n", i))
			if err := p.Rebuild(); err != nil {
				t.Errorf("rebuild %d: %v", i, err)
			}
		}
		wg.Wait()
		return requests, failures
	}

	round(5) // warm up: first renders, connection pools, lazily made state
	g0, h0 := measure()
	var total int64
	for r := 0; r < 3; r++ {
		n, failed := round(40)
		total += n
		if failed > 0 {
			t.Errorf("round %d: %d of %d requests failed", r, failed, n)
		}
	}
	g1, h1 := measure()
	t.Logf("%d requests and 120 rebuilds; goroutines %d → %d, heap in use %d KiB → %d KiB", total, g0, g1, h0>>10, h1>>10)
	if g1 > g0+4 {
		t.Errorf("goroutines grew from %d to %d", g0, g1)
	}
	if h1 > h0*2+4<<20 {
		t.Errorf("heap in use grew from %d KiB to %d KiB", h0>>10, h1>>10)
	}
	if p.Handler().hub.count() != 0 {
		t.Errorf("%d event streams still registered", p.Handler().hub.count())
	}
}
