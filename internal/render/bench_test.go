package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"
	"time"

	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/site"
	"github.com/folio-ssg/folio/templates"
)

// benchSite loads the content of the site in $FOLIO_BENCH_SITE (and its
// templates folder, if any), or else of a generated site of 300 tagged
// articles. It returns a function that makes the site model and theme from
// that content afresh, as each build does: the model computes related
// articles, and the theme caches partials, once per build, so a benchmark
// that reused them would measure a warm cache.
func benchSite(tb testing.TB) func() (*site.Site, *Theme) {
	tb.Helper()
	var src, override fs.FS
	if dir := os.Getenv("FOLIO_BENCH_SITE"); dir != "" {
		src = os.DirFS(dir)
		if fi, err := os.Stat(filepath.Join(dir, TemplatesDir)); err == nil && fi.IsDir() {
			override = os.DirFS(filepath.Join(dir, TemplatesDir))
		}
	} else {
		src = generatedSite(300)
	}
	cfg := site.DefaultConfig()
	if data, err := fs.ReadFile(src, site.ConfigFile); err == nil {
		if cfg, err = site.ParseConfig(site.ConfigFile, data); err != nil {
			tb.Fatal(err)
		}
	}
	loader := content.NewLoader(content.WithLocation(cfg.Location), content.WithUnsafeHTML(cfg.Markdown.Unsafe), content.WithBasePath(cfg.BasePath()))
	loaded, err := loader.Load(src)
	if err != nil {
		tb.Fatal(err)
	}
	return func() (*site.Site, *Theme) {
		s, err := site.New(cfg, loaded.Articles, loaded.Files, site.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			tb.Fatal(err)
		}
		t, err := LoadTheme(templates.FS, override, s)
		if err != nil {
			tb.Fatal(err)
		}
		return s, t
	}
}

// generatedSite is a site of n articles with tags, categories, authors and
// a few in a right-to-left language.
func generatedSite(n int) fstest.MapFS {
	fsys := fstest.MapFS{
		site.ConfigFile: {Data: []byte("title = \"Bench\"\nbase_url = \"https://example.org/\"\ndescription = \"A bench site\"\n")},
	}
	tags := []string{"go", "web", "climate", "politics", "sport", "art", "science", "health"}
	cats := []string{"News", "Opinion", "Features"}
	authors := []string{"Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"}
	start := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		lang := ""
		if i%17 == 0 {
			lang = "lang: fa\n"
		}
		fm := fmt.Sprintf("---\ntitle: \"Article number %d\"\ndate: %s\nlastmod: %s\n%stags: [%s, %s]\ncategories: [%s]\nauthors: [\"%s\", \"%s\"]\n---\n",
			i, start.Add(time.Duration(i)*37*time.Hour).Format(time.RFC3339), start.Add(time.Duration(i)*37*time.Hour+50*time.Hour).Format(time.RFC3339), lang,
			tags[i%len(tags)], tags[(i*3+1)%len(tags)], cats[i%len(cats)], authors[i%len(authors)], authors[(i+1)%len(authors)])
		body := fmt.Sprintf("First paragraph of article %d, with *emphasis* & an [link](https://example.net/%d).\n\n## Part one\n\nMore text here.\n\n## Part two\n\nAnd the end.\n", i, i)
		fsys[fmt.Sprintf("content/articles/a%04d.md", i)] = &fstest.MapFile{Data: []byte(fm + body)}
	}
	return fsys
}

// BenchmarkRender renders every page of a site into a discarded buffer, on
// one goroutine: one op is the whole site, with a site model and theme
// made afresh (untimed) for each, as in a build. Set FOLIO_BENCH_SITE to
// a site folder to render that site instead of a generated one.
func BenchmarkRender(b *testing.B) {
	build := benchSite(b)
	var buf bytes.Buffer
	pages := 0
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		s, t := build()
		jobs := Plan(s)
		pages += len(jobs)
		runtime.GC()
		b.StartTimer()
		for _, j := range jobs {
			buf.Reset()
			if err := t.Render(j, &buf); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(pages), "ns/page")
}
