package buildcache

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/folio-ssg/folio/internal/testcorpus"
)

// BenchmarkFingerprint measures what the build cache costs: Fingerprint
// reads and hashes every input, as an unchanged rebuild does before it
// decides to skip the build, and Record hashes one article's bytes, as a
// cold build does for each article it reads. The corpus is 1,000
// generated articles, or the site in FOLIO_BENCH_SITE.
func BenchmarkFingerprint(b *testing.B) {
	dir, err := testcorpus.Site(b.TempDir(), 1000)
	if err != nil {
		b.Fatal(err)
	}
	roots := []string{"folio.toml", "content", "templates"}
	b.Run("fingerprint", func(b *testing.B) {
		for b.Loop() {
			if _, err := Fingerprint(dir, nil, roots...); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("record", func(b *testing.B) {
		names, err := filepath.Glob(filepath.Join(dir, "content", "articles", "*.md"))
		if err != nil || len(names) == 0 {
			b.Fatal("no articles", err)
		}
		data, err := os.ReadFile(names[0])
		if err != nil {
			b.Fatal(err)
		}
		p := &Pending{deferred: map[string]int{"content/articles/a.md": 0}, sums: make([]uint64, 1), recorded: make([]bool, 1)}
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			p.Record("content/articles/a.md", data)
		}
	})
}
