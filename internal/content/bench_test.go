package content

import (
	"os"
	"strings"
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

// BenchmarkCountWords counts the words of 100 generated articles as
// rendered, as every build does for reading times.
func BenchmarkCountWords(b *testing.B) {
	m := newMarkdown(false, false)
	var pages []string
	for i := range 100 {
		_, text := testcorpus.Article(1, i)
		_, body, _ := strings.Cut(strings.TrimPrefix(text, "---\n"), "\n---\n")
		r, err := m.convert([]byte(body), "", "/", "articles")
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, r.content)
	}
	for b.Loop() {
		for _, h := range pages {
			countWordsWithoutAnchors(h)
		}
	}
}
