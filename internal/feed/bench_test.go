package feed

import (
	"os"
	"testing"
	"time"

	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/site"
	"github.com/folio-ssg/folio/internal/testcorpus"
)

// discard is a Writer that keeps nothing, so that the benchmark measures
// building and encoding feeds, not the disk.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// BenchmarkWrite measures the feeds stage: RSS, Atom and JSON Feed for the
// site and every tag and author of 1,000 generated articles (or the site in
// FOLIO_BENCH_SITE).
func BenchmarkWrite(b *testing.B) {
	dir, err := testcorpus.Site(b.TempDir(), 1000)
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(dir + "/" + site.ConfigFile)
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := site.ParseConfig(site.ConfigFile, data)
	if err != nil {
		b.Fatal(err)
	}
	res, err := content.NewLoader().Load(os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	s, err := site.New(cfg, res.Articles, res.Files, site.Options{Now: time.Now()})
	if err != nil {
		b.Fatal(err)
	}
	var files int
	for b.Loop() {
		if files, err = Write(s, discard{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(files), "feeds")
}
