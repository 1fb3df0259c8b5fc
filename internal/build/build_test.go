package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/folio-ssg/folio/internal/diag"
	"github.com/folio-ssg/folio/internal/linkcheck"
	"github.com/folio-ssg/folio/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/sites/*/public")

// now is the fixed build time of the tests, so future-dated articles stay
// in the future and goldens stay stable.
var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

const sitesDir = "../../testdata/sites"

// TestGoldenSites builds every site under testdata/sites/<case>/input and
// compares the whole output, file by file, with testdata/sites/<case>/public.
// Run with -update to rewrite the expected output after a deliberate change.
func TestGoldenSites(t *testing.T) {
	cases, err := os.ReadDir(sitesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name(), func(t *testing.T) {
			dir := filepath.Join(sitesDir, c.Name())
			out := filepath.Join(t.TempDir(), "public")
			if _, err := Run(Options{Source: filepath.Join(dir, "input"), Destination: out, Now: now}); err != nil {
				t.Fatalf("build: %v", err)
			}
			checkLinks(t, filepath.Join(dir, "input"), out)
			golden := filepath.Join(dir, "public")
			if *update {
				if err := os.RemoveAll(golden); err != nil {
					t.Fatal(err)
				}
				if err := os.CopyFS(golden, os.DirFS(out)); err != nil {
					t.Fatal(err)
				}
				assets, _ := filepath.Glob(filepath.Join(golden, "*.*.*"))
				for _, a := range assets {
					if themeAsset.MatchString(filepath.Base(a)) {
						os.Remove(a)
					}
				}
				return
			}
			compareTrees(t, golden, out)
		})
	}
}

// checkLinks fails the test for every broken internal link of the site
// built from source into out: a page that links to one the configuration
// turned off (an archive, the search page, a term's feed) among them.
func checkLinks(t *testing.T, source, out string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(source, site.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := site.ParseConfig(site.ConfigFile, data)
	if err != nil {
		t.Fatal(err)
	}
	broken, err := linkcheck.Check(out, cfg.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range broken {
		t.Errorf("broken link: %s", b)
	}
}

func compareTrees(t *testing.T, want, got string) {
	t.Helper()
	wantFiles, gotFiles := readTree(t, want), readTree(t, got)
	for name, w := range wantFiles {
		g, ok := gotFiles[name]
		if !ok {
			t.Errorf("missing %s", name)
			continue
		}
		if !bytes.Equal(w, g) {
			t.Errorf("%s differs from the golden file (rerun with -update if the change is intended):\n%s", name, firstDiff(w, g))
		}
	}
	for name := range gotFiles {
		if _, ok := wantFiles[name]; !ok {
			t.Errorf("unexpected file %s", name)
		}
	}
}

// themeAsset matches the theme's hashed static files (style.3f2a9c1b.css).
// Golden trees leave them out: they are templates/ files copied verbatim,
// and the pages that link to them pin their content hash.
var themeAsset = regexp.MustCompile(`^[a-z]+\.[0-9a-f]{8}\.(css|js)$`)

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if themeAsset.MatchString(rel) {
			return nil
		}
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return files
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, w, g)
		}
	}
	return "(no line differs)"
}

// snapshot hashes every file of a tree with its mode and modification time.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		line := fmt.Sprintf("%s %v %d", rel, info.Mode(), info.ModTime().UnixNano())
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			line += fmt.Sprintf(" %x", sha256.Sum256(b))
		}
		lines = append(lines, line)
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// copySite copies a test site into a temporary folder the test may change.
func copySite(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(sitesDir, name, "input"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	src := copySite(t, "basic")
	out := filepath.Join(src, "public")
	if _, err := Run(Options{Source: src, Now: now}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)

	writeFile(t, filepath.Join(src, "content/news/bad-date.md"), "---\ntitle: x\ndate: 31-02-2021\n---\n")
	writeFile(t, filepath.Join(src, "content/news/bad-yaml.md"), "---\ntitle: x\ntags: : y\n---\n")
	writeFile(t, filepath.Join(src, "content/zz/unclosed.md"), "+++\ntitle = \"x\"\n")
	writeFile(t, filepath.Join(src, "content/news/fine.md"), "---\ntitle: Fine\n---\nok\n")
	_, err := Run(Options{Source: src, Now: now})
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("err = %v, want a diag.List", err)
	}
	want := strings.Join([]string{
		`content/news/bad-date.md:3: front matter: date "31-02-2021" is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)`,
		`content/news/bad-yaml.md:3: front matter: YAML: mapping values are not allowed in this context`,
		`content/zz/unclosed.md:1: front matter: the +++ block opened on line 1 is never closed (add a line with +++ after the last key)`,
	}, "\n")
	if list.Error() != want {
		t.Errorf("errors:\n%s\nwant:\n%s", list.Error(), want)
	}
	if after := snapshot(t, out); after != before {
		t.Errorf("public/ changed after a failed build")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(src, ".folio-staging-*")); len(leftovers) > 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
}

func TestBuildsAreReproducibleAndLeaveNoStaleFiles(t *testing.T) {
	// The example site has headings, code, tables, footnotes and news: run
	// it a few times, since map-order bugs show up only now and then.
	var first string
	for i := 0; i < 4; i++ {
		out := filepath.Join(t.TempDir(), "example")
		if _, err := Run(Options{Source: "../..", Destination: out, Now: now}); err != nil {
			t.Fatal(err)
		}
		if first == "" {
			first = out
			continue
		}
		compareTrees(t, first, out)
	}

	src := copySite(t, "basic")
	out1, out2 := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, out := range []string{out1, out2} {
		if _, err := Run(Options{Source: src, Destination: out, Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	compareTrees(t, out1, out2)

	// Removing an article removes its page from the next build's output.
	if err := os.Remove(filepath.Join(src, "content/news/second.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(Options{Source: src, Destination: out1, Now: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out1, "2021/03/second-story/index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale page of a deleted article: %v", err)
	}
}

func TestDraftsAndFuture(t *testing.T) {
	src := copySite(t, "basic")
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Options{Source: src, Destination: out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 3 || res.Skipped["draft"] != 1 || res.Skipped["future"] != 1 {
		t.Errorf("articles %d, skipped %v", res.Articles, res.Skipped)
	}
	res, err = Run(Options{Source: src, Destination: out, Now: now, Drafts: true, Future: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 5 {
		t.Errorf("with --drafts --future: %d articles", res.Articles)
	}
	for _, p := range []string{"2021/01/draft/index.html", "2099/01/future/index.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Error(err)
		}
	}
}

func TestTemplateOverrideAndErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // error text; "" for success
		check string // a file in the output that must contain marker
	}{
		{"one file overrides", map[string]string{"templates/terms.html": `{{ define "main" }}<p>OVERRIDDEN {{ .Taxonomy.Name }}</p>{{ end }}`}, "", "tags/index.html"},
		{"parse error", map[string]string{"templates/single.html": "{{ define \"main\" }}\n{{ .Page.Title \n{{ end }}"}, `templates/single.html:3: unexpected "{" in operand`, ""},
		{"runtime error names template, line and article", map[string]string{"templates/single.html": "{{ define \"main\" }}\n<p>{{ .Page.Nope }}</p>{{ end }}"},
			`templates/single.html:2: rendering content/news/second.md: executing "main" at <.Page.Nope>: can't evaluate field Nope in type *site.Page (and 2 more pages)`, ""},
		{"unknown function", map[string]string{"templates/list.html": "{{ define \"main\" }}{{ frobnicate }}{{ end }}"}, `templates/list.html:1: function "frobnicate" not defined`, ""},
		{"missing asset", map[string]string{"templates/404.html": "{{ define \"main\" }}{{ asset \"nope.css\" }}{{ end }}"},
			`templates/404.html:1: rendering the 404 page: executing "main" at <asset "nope.css">: error calling asset: asset "nope.css": no such file in the theme`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := copySite(t, "basic")
			for name, body := range tt.files {
				writeFile(t, filepath.Join(src, name), body)
			}
			out := filepath.Join(t.TempDir(), "public")
			_, err := Run(Options{Source: src, Destination: out, Now: now})
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				b, _ := os.ReadFile(filepath.Join(out, tt.check))
				if !bytes.Contains(b, []byte("OVERRIDDEN tags")) {
					t.Errorf("%s does not use the override:\n%s", tt.check, b)
				}
				if b, _ := os.ReadFile(filepath.Join(out, "index.html")); !bytes.Contains(b, []byte("First Story")) {
					t.Errorf("the home page lost the built-in template")
				}
				return
			}
			if err == nil || err.Error() != tt.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func TestDestinationSafety(t *testing.T) {
	src := copySite(t, "basic")
	stranger := filepath.Join(t.TempDir(), "documents")
	writeFile(t, filepath.Join(stranger, "thesis.txt"), "years of work")
	tests := []struct{ dest, want string }{
		{src, "contains the site's sources"},
		{filepath.Dir(src), "contains the site's sources"},
		{filepath.Join(src, "content", "out"), "is inside content/"},
		{stranger, "does not look like a site folio built"},
	}
	for _, tt := range tests {
		_, err := Run(Options{Source: src, Destination: tt.dest, Now: now})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("destination %s: err = %v, want %q", tt.dest, err, tt.want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(stranger, "thesis.txt")); string(b) != "years of work" {
		t.Error("a stranger's folder was touched")
	}
}

func TestBaseURLFlag(t *testing.T) {
	src := copySite(t, "basic")
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Source: src, Destination: out, Now: now, BaseURL: "http://localhost:1313/sub"}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Contains(b, []byte(`href="/sub/2021/03/second-story/"`)) || !bytes.Contains(b, []byte(`<link rel="canonical" href="http://localhost:1313/sub/">`)) {
		t.Errorf("home page does not use the --base-url:\n%s", b)
	}
	if _, err := Run(Options{Source: src, Destination: out, Now: now, BaseURL: "localhost"}); err == nil || err.Error() != `--base-url: "localhost" is not an absolute http(s) URL (e.g. https://example.org/)` {
		t.Errorf("bad --base-url: %v", err)
	}
}

// TestExampleSite builds the example site at the repository root, which
// the README tells newcomers to build first.
func TestExampleSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := Run(Options{Source: "../..", Destination: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles < 5 || res.Files < 1 {
		t.Errorf("example site: %d articles, %d files", res.Articles, res.Files)
	}
}

// TestNewsArticlePage checks the page of the sample news article, dropped
// into content/ unchanged.
func TestNewsArticlePage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Source: filepath.Join(sitesDir, "news", "input"), Destination: out, Now: now}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "2021/02/officials-warn-of-plot-to-revive-terrorists/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	start := strings.Index(s, `<div class="prose">`)
	end := strings.Index(s[start:], "</div>")
	body := s[start : start+end]
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, "")
	for _, want := range []string{
		">Officials Warn of Plot to Revive Terrorists</h1>",
		">Iran, Iraq Discuss Suspicious U.S. Moves</p>",
		`datetime="2021-02-27T23:08:00+03:30"`,
		"kayhan.ir",
		`<span class="dateline">TEHRAN (Dispatches)</span> — Friday’s`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(body, "<p>"); n != 35 {
		t.Errorf("%d paragraphs, want 35", n)
	}
	if o, c := strings.Count(text, "“"), strings.Count(text, "”"); o != 11 || c != 11 {
		t.Errorf("%d “ and %d ”, want 11 and 11", o, c)
	}
	if strings.Contains(text, `"`) || strings.Contains(text, "&#34;") || strings.Contains(text, "&quot;") {
		t.Error("straight quotes in the body text")
	}
	fa, err := os.ReadFile(filepath.Join(out, "2021/02/news-4321/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(fa, []byte(`<html lang="fa" dir="rtl">`)) {
		t.Errorf("the Persian article is not right to left:\n%.300s", fa)
	}
}

// TestStructuredData checks the JSON-LD and link-preview meta of article
// pages, including a title that tries to end the script element.
func TestStructuredData(t *testing.T) {
	src := copySite(t, "basic")
	writeFile(t, filepath.Join(src, "content/hostile.md"), "---\ntitle: \"</script><script>alert(1)</script>\"\ndate: 2021-01-05\nimage: /img/x.png\ntags: [\"<b>bold</b>\"]\n---\nBody.\n")
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Source: src, Destination: out, Now: now}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "2021/01/script-script-alert-1-script/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	if strings.Contains(s, "<script>alert(1)") {
		t.Error("the hostile title is live HTML")
	}
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(s)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v\n%s", err, m[1])
	}
	for _, key := range []string{"headline", "datePublished", "dateModified", "author", "publisher", "image"} {
		if ld[key] == nil {
			t.Errorf("JSON-LD lacks %s", key)
		}
	}
	if ld["@type"] != "NewsArticle" || ld["headline"] != "</script><script>alert(1)</script>" || ld["datePublished"] != "2021-01-05T00:00:00+03:30" {
		t.Errorf("JSON-LD: %v", ld)
	}
	if img, _ := ld["image"].([]any); len(img) != 1 || img[0] != "https://example.org/img/x.png" {
		t.Errorf("image = %v", ld["image"])
	}
	for _, want := range []string{`<meta property="og:type" content="article">`, `<meta property="og:image" content="https://example.org/img/x.png">`, `<meta name="twitter:card" content="summary_large_image">`, `<link rel="canonical" href="https://example.org/2021/01/script-script-alert-1-script/">`} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// TestSitemap checks sitemap.xml against the sitemap protocol: well-formed
// XML in the sitemaps.org namespace, absolute <loc>s on the site, W3C
// datetimes in <lastmod>, no duplicates; robots.txt names it.
func TestSitemap(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Source: filepath.Join(sitesDir, "archive", "input"), Destination: out, Now: now}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		XMLName xml.Name
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(data, &set); err != nil {
		t.Fatalf("sitemap.xml is not well-formed: %v", err)
	}
	if set.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || set.XMLName.Local != "urlset" {
		t.Errorf("root element %v", set.XMLName)
	}
	seen := map[string]bool{}
	for _, u := range set.URLs {
		if !strings.HasPrefix(u.Loc, "https://archive.example.org/") || seen[u.Loc] {
			t.Errorf("loc %q is not an absolute URL on the site, or repeated", u.Loc)
		}
		seen[u.Loc] = true
		if u.LastMod != "" {
			if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
				t.Errorf("lastmod %q of %s is not a W3C datetime", u.LastMod, u.Loc)
			}
		}
		rel := strings.TrimPrefix(u.Loc, "https://archive.example.org/")
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel), "index.html")); err != nil {
			t.Errorf("%s is in the sitemap but not in the site", u.Loc)
		}
	}
	for _, want := range []string{"https://archive.example.org/2021/03/march-a/", "https://archive.example.org/2021/03/", "https://archive.example.org/archive/", "https://archive.example.org/authors/ada-reporter/"} {
		if !seen[want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	for _, hidden := range []string{"https://archive.example.org/2020/06/expired-offer/", "https://archive.example.org/2020/01/scheduled/"} {
		if seen[hidden] {
			t.Errorf("sitemap lists the unpublished %s", hidden)
		}
	}
	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !strings.Contains(string(robots), "Sitemap: https://archive.example.org/sitemap.xml") {
		t.Errorf("robots.txt:\n%s", robots)
	}
}

// TestRebuildWritesOnlyChangedFiles builds the example site, rebuilds it
// unchanged (no file may be written: every file keeps its inode and
// modification time), then edits one article's body and checks that only
// files whose bytes changed were written.
func TestRebuildWritesOnlyChangedFiles(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(src, os.DirFS("../..")); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(src, "public"))
	out := filepath.Join(src, "public")
	inodes := func() map[string]os.FileInfo {
		m := map[string]os.FileInfo{}
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				fi, _ := d.Info()
				rel, _ := filepath.Rel(out, p)
				m[rel] = fi
			}
			return nil
		})
		return m
	}
	build := func() {
		t.Helper()
		if _, err := Run(Options{Source: src, Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	build()
	first := inodes()
	build()
	for name, fi := range inodes() {
		if old, ok := first[name]; !ok || !os.SameFile(old, fi) || !old.ModTime().Equal(fi.ModTime()) {
			t.Errorf("an unchanged rebuild wrote %s", name)
		}
	}

	article := filepath.Join(src, "content/news/night-markets.md")
	body, _ := os.ReadFile(article)
	writeFile(t, article, strings.Replace(string(body), "tenth season", "eleventh season", 1))
	build()
	var written []string
	for name, fi := range inodes() {
		if old, ok := first[name]; !ok || !os.SameFile(old, fi) {
			written = append(written, filepath.ToSlash(name))
		}
	}
	sort.Strings(written)
	for _, name := range written {
		b, _ := os.ReadFile(filepath.Join(out, name))
		if !bytes.Contains(b, []byte("eleventh")) && !strings.HasPrefix(name, "search/") {
			t.Errorf("%s was rewritten but does not carry the edit", name)
		}
	}
	if len(written) == 0 || len(written) > len(first)/2 {
		t.Errorf("editing one article rewrote %d of %d files: %v", len(written), len(first), written)
	}
	t.Logf("editing one article rewrote %d of %d files", len(written), len(first))
}
