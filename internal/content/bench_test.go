package content

import (
	"os"
	"testing"

	"github.com/folio-ssg/folio/internal/testcorpus"
)

// BenchmarkLoad measures the load stage: reading, front matter and
// Markdown of every article, on all cores, with bodies in memory and in a
// spool. One op loads the whole corpus (1,000 generated articles, or the
// site in FOLIO_BENCH_SITE).
func BenchmarkLoad(b *testing.B) {
	dir, err := testcorpus.Site(b.TempDir(), 1000)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		opts []Option
	}{
		{"memory", nil},
		{"spool", []Option{WithSpool(b.TempDir(), 0)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				res, err := NewLoader(bc.opts...).Load(os.DirFS(dir))
				if err != nil {
					b.Fatal(err)
				}
				n = len(res.Articles)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
		})
	}
}
