package build

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkRebuild measures a session's rebuild after one file changed, on
// the site in $FOLIO_BENCH_SITE (e.g. one made by ../shared/bench/gen-corpus).
func BenchmarkRebuild(b *testing.B) {
	dir := os.Getenv("FOLIO_BENCH_SITE")
	if dir == "" {
		b.Skip("set FOLIO_BENCH_SITE to a site folder")
	}
	s := NewSession(Options{Source: dir})
	if _, err := s.Build(); err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "content", "articles", "*.md"))
	target := files[len(files)/2]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		now := time.Now()
		os.Chtimes(target, now, now)
		if _, err := s.Build(); err != nil {
			b.Fatal(err)
		}
	}
}
