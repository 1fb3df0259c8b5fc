package serve

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// corpus returns a site of n articles made by the shared corpus generator
// (../shared/bench/gen-corpus), cached between runs in the temp folder.
func corpus(b *testing.B, n int) string {
	b.Helper()
	gen, _ := filepath.Abs("../../../shared/bench/gen-corpus")
	if _, err := os.Stat(gen); err != nil {
		b.Skipf("no corpus generator at %s", gen)
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("folio-bench-site-%d", n))
	if _, err := os.Stat(filepath.Join(dir, "folio.toml")); err != nil {
		os.RemoveAll(dir)
		tmp := dir + ".tmp"
		os.RemoveAll(tmp)
		if out, err := exec.Command("python3", gen, fmt.Sprint(n), "42", tmp).CombinedOutput(); err != nil {
			b.Fatalf("gen-corpus: %v\n%s", err, out)
		}
		os.MkdirAll(filepath.Join(tmp, "content"), 0o755)
		if err := os.Rename(filepath.Join(tmp, "articles"), filepath.Join(tmp, "content", "articles")); err != nil {
			b.Fatal(err)
		}
		cfg := "title = \"Bench News\"\nbase_url = \"https://example.org/\"\npaginate = 10\npermalink = \"/articles/:slug/\"\n"
		if err := os.WriteFile(filepath.Join(tmp, "folio.toml"), []byte(cfg), 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkSaveToReload measures, on the shared news corpus, the time from
// writing an edited article to the moment open pages are told to reload
// (ms/reload, the target: under 200 ms at 10,000 articles), and to
// the moment the edited page has been fetched with the edit (ms/page).
func BenchmarkSaveToReload(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			dir := corpus(b, n)
			matches, _ := filepath.Glob(filepath.Join(dir, "content", "articles", "*.md"))
			sort.Strings(matches)
			target := matches[len(matches)/2]
			orig, err := os.ReadFile(target)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { os.WriteFile(target, orig, 0o644) })
			slug := strings.TrimSuffix(filepath.Base(target), ".md")

			p, err := NewPreview(buildOptions(dir), io.Discard)
			if err != nil {
				b.Fatal(err)
			}
			ts := newServer(b, p)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go p.Watch(ctx, 20*time.Millisecond)
			next := events(b, ts)
			waitForClients(b, p.Handler(), 1)
			time.Sleep(100 * time.Millisecond)

			var toReload, toPage time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				marker := fmt.Sprintf("edit-%d-%d", i, time.Now().UnixNano())
				start := time.Now()
				if err := os.WriteFile(target, append(append([]byte{}, orig...), "\n\n"+marker+"\n"...), 0o644); err != nil {
					b.Fatal(err)
				}
				if ev, ok := next(10 * time.Second); !ok || ev.Kind != "reload" {
					b.Fatalf("no reload: %+v", ev)
				}
				toReload += time.Since(start)
				_, body := get(b, ts.URL+"/articles/"+slug+"/")
				if !strings.Contains(body, marker) {
					b.Fatalf("the page does not show the edit")
				}
				toPage += time.Since(start)
			}
			b.ReportMetric(float64(toReload.Microseconds())/1000/float64(b.N), "ms/reload")
			b.ReportMetric(float64(toPage.Microseconds())/1000/float64(b.N), "ms/page")
		})
	}
}
