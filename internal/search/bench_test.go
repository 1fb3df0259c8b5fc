package search

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/site"
)

// BenchmarkWriteSite indexes a site as the build does: the site at
// $FOLIO_BENCH_SITE if it is set, else 500 generated Markdown articles of
// about 900 words with headings, lists, links and emphasis.
func BenchmarkWriteSite(b *testing.B) {
	s := benchSite(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Write(s, memFiles{}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSite loads the site at $FOLIO_BENCH_SITE, or a generated one.
func benchSite(b testing.TB) *site.Site {
	b.Helper()
	var src fs.FS
	if dir := os.Getenv("FOLIO_BENCH_SITE"); dir != "" {
		src = os.DirFS(dir)
	} else {
		src = generatedSite(500, 900)
	}
	cfg := site.DefaultConfig()
	if data, err := fs.ReadFile(src, site.ConfigFile); err == nil {
		if cfg, err = site.ParseConfig(site.ConfigFile, data); err != nil {
			b.Fatal(err)
		}
	}
	loaded, err := content.NewLoader(content.WithLocation(cfg.Location), content.WithBasePath(cfg.BasePath())).Load(src)
	if err != nil {
		b.Fatal(err)
	}
	s, err := site.New(cfg, loaded.Articles, loaded.Files, site.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// generatedSite returns a site of n Markdown articles of about words
// words each, drawn with a fixed seed from a vocabulary of made-up words
// and a few accented and non-Latin ones.
func generatedSite(n, words int) fstest.MapFS {
	rng := rand.New(rand.NewPCG(5, 8))
	vocab := madeUpWords(rng, 4000, 2, 9)
	vocab = append(vocab, "café", "naïve", "Zürich", "Ελλάδα", "город", "گزارش", "São", "Ångström")
	pick := func() string { return vocab[rng.IntN(len(vocab))] }
	sentence := func(w int) string {
		ws := make([]string, w)
		for i := range ws {
			ws[i] = pick()
			switch rng.IntN(20) {
			case 0:
				ws[i] = "*" + ws[i] + "*"
			case 1:
				ws[i] = "[" + ws[i] + "](https://example.org/" + pick() + "/)"
			case 2:
				ws[i] = fmt.Sprint(rng.IntN(3000))
			case 3:
				ws[i] = "the"
			}
		}
		s := strings.Join(ws, " ")
		_, n := utf8.DecodeRuneInString(s)
		return strings.ToUpper(s[:n]) + s[n:] + "."
	}
	fsys := fstest.MapFS{"folio.toml": {Data: []byte("title = \"Bench\"\nbase_url = \"https://example.org/\"\n")}}
	start := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %q\ndate: %s\ntags: [%s, %s]\ndescription: %q\n---\n", sentence(5), start.Add(time.Duration(i)*time.Hour).Format(time.RFC3339), pick(), pick(), sentence(15))
		for written := 0; written < words; {
			switch rng.IntN(8) {
			case 0:
				fmt.Fprintf(&b, "## %s\n\n", sentence(4))
				written += 4
			case 1:
				for range 3 {
					fmt.Fprintf(&b, "- %s\n", sentence(8))
				}
				b.WriteString("\n")
				written += 24
			default:
				for range 4 {
					b.WriteString(sentence(12) + " ")
				}
				b.WriteString("\n\n")
				written += 48
			}
		}
		fsys[fmt.Sprintf("content/a%04d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}
