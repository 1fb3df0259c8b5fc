package feed

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/folio-ssg/folio/internal/content"
	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
	"github.com/folio-ssg/folio/internal/site"
	"github.com/folio-ssg/folio/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// mapWriter keeps written files in memory, refusing a name written twice
// as publish.Dir does.
type mapWriter map[string][]byte

// mapWriterMu makes mapWriter safe for concurrent use, as Write requires.
var mapWriterMu sync.Mutex

func (m mapWriter) WriteFile(name string, data []byte) error {
	mapWriterMu.Lock()
	defer mapWriterMu.Unlock()
	if _, ok := m[name]; ok {
		return fmt.Errorf("output file %s written twice", name)
	}
	m[name] = bytes.Clone(data)
	return nil
}

var tehran = mustLoad("Asia/Tehran")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// testConfig is the configuration of the small test site.
func testConfig() *site.Config {
	cfg := site.DefaultConfig()
	cfg.Title = "The Test Gazette"
	cfg.Description = "News & notes for tests"
	cfg.BaseURL = "https://example.org/"
	cfg.Timezone, cfg.Location = "Asia/Tehran", tehran
	cfg.Author = site.Author{Name: "Gazette Staff", Email: "news@example.org"}
	return cfg
}

// testArticles are the small site's articles: a plain-text news article
// scraped from kayhan.ir, a feature with relative links and two authors, an
// article by the site's own author, and an undated page.
func testArticles() []*content.Article {
	articles := []*content.Article{
		{
			Path: "news/kayhan-88056.txt", Section: "news", Format: content.News,
			Title:    "Leader Receives Health Workers",
			Date:     time.Date(2021, 2, 27, 23, 8, 0, 0, tehran),
			Lastmod:  time.Date(2021, 2, 27, 23, 8, 0, 0, tehran),
			Slug:     "leader-receives-health-workers",
			Tags:     []string{"Health"},
			Authors:  []string{"Kayhan Staff"},
			Summary:  "<p>TEHRAN (Kayhan) – Health workers were received on Saturday.</p>",
			Source:   "kayhan.ir",
			SourceID: "88056",
		},
		{
			Path: "features/library/index.md", Section: "features", Format: content.Markdown,
			Title:       "The Library Reopens",
			Subtitle:    "A restored ceiling and longer hours",
			Date:        time.Date(2025, 3, 14, 9, 30, 0, 0, tehran),
			Lastmod:     time.Date(2025, 3, 15, 11, 0, 0, 0, tehran),
			Slug:        "library-reopens",
			Tags:        []string{"Libraries", "Health"},
			Categories:  []string{"Culture"},
			Authors:     []string{"Maryam Ahmadi", "Daniel Okafor"},
			Summary:     `<p>The reading room <a href="/about/">reopened</a>.</p>`,
			Truncated:   true,
			Description: "The central library's reading room reopens.",
		},
		{
			Path: "tech/quotes.md", Section: "tech", Format: content.Markdown,
			Title:   `Quotes & "Dashes"`,
			Date:    time.Date(2024, 11, 18, 20, 0, 0, 0, tehran),
			Lastmod: time.Date(2024, 11, 18, 20, 0, 0, 0, tehran),
			Slug:    "quotes",
			Tags:    []string{"Typography"},
			Summary: "<p>Curly “quotes” and en–dashes.</p>",
		},
		{
			Path: "about.md", Format: content.Markdown,
			Title: "About", Slug: "about", Summary: "<p>About us.</p>",
		},
	}
	for i, h := range []template.HTML{
		"<p>TEHRAN (Kayhan) – Health workers were received on Saturday.</p>\n<p>The meeting lasted an hour.</p>\n",
		`<p>The reading room <a href="/about/">reopened</a>; see <a href="../../../2021/02/leader-receives-health-workers/">last news</a>.<sup id="fnref:1"><a href="#fn:1">1</a></sup></p>
<p><img src="reading-room.svg" alt="The reading room" srcset="room-small.jpg 480w, /img/room.jpg 1200w"></p>
<p>Mail <a href="mailto:library@example.org">the library</a> or visit <a href="https://library.example.com/">its site</a>.</p>
`,
		"<p>Curly “quotes” and en–dashes.</p>\n<pre><code>a &lt; b &amp;&amp; c\n</code></pre>\n",
		"<p>About us.</p>",
	} {
		articles[i].SetContent(h)
	}
	return articles
}

func newSite(t *testing.T, cfg *site.Config, articles []*content.Article) *site.Site {
	t.Helper()
	s, err := site.New(cfg, articles, nil, site.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func build(t *testing.T, s *site.Site) mapWriter {
	t.Helper()
	w := mapWriter{}
	n, err := Write(s, w)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(w) {
		t.Errorf("Write returned %d files, wrote %d", n, len(w))
	}
	return w
}

func parse(t *testing.T, name string, data []byte) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: gofeed: %v\n%s", name, err, data)
	}
	return f
}

// dateText is how a feed of type typ writes t: RFC 1123 with a numeric
// offset in RSS, RFC 3339 elsewhere; both keep t's own offset.
func dateText(typ string, t time.Time) string {
	if typ == "rss" {
		return t.Format(time.RFC1123Z)
	}
	return t.Format(time.RFC3339)
}

// wantItem is what a reader must see of one item.
type wantItem struct {
	title, link, id, published string
	content                    []string // substrings of the content (or description)
}

func TestSiteFeedsReadByGofeed(t *testing.T) {
	w := build(t, newSite(t, testConfig(), testArticles()))
	items := []wantItem{
		{
			title: "The Library Reopens", link: "https://example.org/2025/03/library-reopens/",
			id: "https://example.org/2025/03/library-reopens/", published: "2025-03-14T09:30:00+03:30",
			content: []string{`<a href="https://example.org/about/">reopened</a>`},
		},
		{
			title: `Quotes & "Dashes"`, link: "https://example.org/2024/11/quotes/",
			id: "https://example.org/2024/11/quotes/", published: "2024-11-18T20:00:00+03:30",
			content: []string{"a &lt; b &amp;&amp; c"},
		},
		{
			title: "Leader Receives Health Workers", link: "https://example.org/2021/02/leader-receives-health-workers/",
			id: "tag:kayhan.ir,2021:news/88056", published: "2021-02-27T23:08:00+03:30",
			content: []string{"TEHRAN (Kayhan)"},
		},
	}
	tests := []struct {
		file, typ, self string
		updated         string // "" where the format has no feed date
	}{
		{"feed.xml", "rss", "https://example.org/feed.xml", "2025-03-15T11:00:00+03:30"},
		{"atom.xml", "atom", "https://example.org/atom.xml", "2025-03-15T11:00:00+03:30"},
		{"feed.json", "json", "https://example.org/feed.json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, ok := w[tt.file]
			if !ok {
				t.Fatalf("no %s written; files: %v", tt.file, keys(w))
			}
			f := parse(t, tt.file, data)
			if f.FeedType != tt.typ {
				t.Errorf("type = %s, want %s", f.FeedType, tt.typ)
			}
			if f.FeedLink != tt.self {
				t.Errorf("self link = %q, want %q", f.FeedLink, tt.self)
			}
			if f.Link != "https://example.org/" {
				t.Errorf("home link = %q", f.Link)
			}
			if f.Language != "en" {
				t.Errorf("language = %q, want en", f.Language)
			}
			if tt.updated != "" {
				date, _ := time.Parse(time.RFC3339, tt.updated)
				if text := dateText(tt.typ, date); f.Updated != text || f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(date) {
					t.Errorf("updated = %q (%v), want %s", f.Updated, f.UpdatedParsed, text)
				}
			}
			if len(f.Items) != len(items) {
				t.Fatalf("%d items, want %d (the undated page is left out)", len(f.Items), len(items))
			}
			for i, want := range items {
				it := f.Items[i]
				if it.Title != want.title {
					t.Errorf("item %d: title = %q, want %q", i, it.Title, want.title)
				}
				if it.Link != want.link {
					t.Errorf("item %d: link = %q, want %q", i, it.Link, want.link)
				}
				if it.GUID != want.id {
					t.Errorf("item %d: id = %q, want %q", i, it.GUID, want.id)
				}
				// gofeed parses dates into UTC, so the offset is checked on
				// the text and the instant on the parsed value.
				date, _ := time.Parse(time.RFC3339, want.published)
				if text := dateText(tt.typ, date); it.Published != text || it.PublishedParsed == nil || !it.PublishedParsed.Equal(date) {
					t.Errorf("item %d: published = %q (%v), want %s", i, it.Published, it.PublishedParsed, text)
				}
				body := it.Content + it.Description
				for _, c := range want.content {
					if !strings.Contains(body, c) {
						t.Errorf("item %d: content lacks %q:\n%s", i, c, body)
					}
				}
			}
		})
	}
}

// TestNewsArticleDates checks the seed news article's date in the exact
// form each format requires, in the article's own offset.
func TestNewsArticleDates(t *testing.T) {
	w := build(t, newSite(t, testConfig(), testArticles()))
	tests := []struct{ file, want string }{
		{"feed.xml", "<pubDate>Sat, 27 Feb 2021 23:08:00 +0330</pubDate>"},
		{"feed.xml", `<guid isPermaLink="false">tag:kayhan.ir,2021:news/88056</guid>`},
		{"atom.xml", "<published>2021-02-27T23:08:00+03:30</published>"},
		{"atom.xml", "<updated>2021-02-27T23:08:00+03:30</updated>"},
		{"atom.xml", "<id>tag:kayhan.ir,2021:news/88056</id>"},
		{"feed.json", `"date_published":"2021-02-27T23:08:00+03:30"`},
		{"feed.json", `"id":"tag:kayhan.ir,2021:news/88056"`},
		{"tags/health/feed.xml", "<pubDate>Sat, 27 Feb 2021 23:08:00 +0330</pubDate>"},
	}
	for _, tt := range tests {
		if !bytes.Contains(w[tt.file], []byte(tt.want)) {
			t.Errorf("%s lacks %s", tt.file, tt.want)
		}
	}
}

func TestGolden(t *testing.T) {
	w := build(t, newSite(t, testConfig(), testArticles()))
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
		t.Run(name, func(t *testing.T) {
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, w[name], 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(w[name], want) {
				t.Errorf("%s differs from %s (run go test -update and review the diff):\n%s", name, golden, w[name])
			}
		})
	}
}

// TestReproducible builds the site twice, with fresh models, and wants the
// same bytes in every file: no clock, no map order, no random IDs.
func TestReproducible(t *testing.T) {
	a := build(t, newSite(t, testConfig(), testArticles()))
	b := build(t, newSite(t, testConfig(), testArticles()))
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func TestFilesAndTermFeeds(t *testing.T) {
	w := build(t, newSite(t, testConfig(), testArticles()))
	want := []string{
		"atom.xml", "feed.json", "feed.xml",
		"categories/culture/atom.xml", "categories/culture/feed.json", "categories/culture/feed.xml",
		"tags/health/atom.xml", "tags/health/feed.json", "tags/health/feed.xml",
		"tags/libraries/atom.xml", "tags/libraries/feed.json", "tags/libraries/feed.xml",
		"tags/typography/atom.xml", "tags/typography/feed.json", "tags/typography/feed.xml",
		// Readers follow a writer as well as a subject.
		"authors/daniel-okafor/atom.xml", "authors/daniel-okafor/feed.json", "authors/daniel-okafor/feed.xml",
		"authors/kayhan-staff/atom.xml", "authors/kayhan-staff/feed.json", "authors/kayhan-staff/feed.xml",
		"authors/maryam-ahmadi/atom.xml", "authors/maryam-ahmadi/feed.json", "authors/maryam-ahmadi/feed.xml",
	}
	if got := keys(w); strings.Join(got, " ") != strings.Join(sorted(want), " ") {
		t.Errorf("files:\n got %v\nwant %v", got, sorted(want))
	}
	tests := []struct {
		file, self, home, title string
		items                   int
	}{
		{"tags/health/feed.xml", "https://example.org/tags/health/feed.xml", "https://example.org/tags/health/", "Tags: Health · The Test Gazette", 2},
		{"tags/health/atom.xml", "https://example.org/tags/health/atom.xml", "https://example.org/tags/health/", "Tags: Health · The Test Gazette", 2},
		{"tags/health/feed.json", "https://example.org/tags/health/feed.json", "https://example.org/tags/health/", "Tags: Health · The Test Gazette", 2},
		{"categories/culture/atom.xml", "https://example.org/categories/culture/atom.xml", "https://example.org/categories/culture/", "Categories: Culture · The Test Gazette", 1},
	}
	for _, tt := range tests {
		f := parse(t, tt.file, w[tt.file])
		if f.FeedLink != tt.self || f.Link != tt.home || f.Title != tt.title || len(f.Items) != tt.items {
			t.Errorf("%s: self %q home %q title %q, %d items; want %q %q %q, %d",
				tt.file, f.FeedLink, f.Link, f.Title, len(f.Items), tt.self, tt.home, tt.title, tt.items)
		}
	}
}

func TestAuthors(t *testing.T) {
	cfg := testConfig()
	arts := testArticles()
	w := build(t, newSite(t, cfg, arts))
	rss := string(w["feed.xml"])
	for _, want := range []string{
		`xmlns:atom="http://www.w3.org/2005/Atom"`,
		`xmlns:dc="http://purl.org/dc/elements/1.1/"`,
		`<atom:link href="https://example.org/feed.xml" rel="self" type="application/rss+xml"></atom:link>`,
		`<managingEditor>news@example.org (Gazette Staff)</managingEditor>`,
		// the site's author, whose e-mail is known, in RSS's own form
		`<author>news@example.org (Gazette Staff)</author>`,
		// authors without a known e-mail
		`<dc:creator>Maryam Ahmadi</dc:creator>`,
		`<dc:creator>Daniel Okafor</dc:creator>`,
		`<dc:creator>Kayhan Staff</dc:creator>`,
	} {
		if !strings.Contains(rss, want) {
			t.Errorf("RSS lacks %s", want)
		}
	}
	if strings.Contains(rss, "<author>Maryam") || strings.Contains(rss, "<author> (") {
		t.Errorf("RSS has an <author> without an e-mail address")
	}
	atom := string(w["atom.xml"])
	for _, want := range []string{
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">`,
		`<link href="https://example.org/atom.xml" rel="self" type="application/atom+xml"></link>`,
		`<link href="https://example.org/" rel="alternate" type="text/html"></link>`,
		"<author>\n    <name>Gazette Staff</name>\n    <email>news@example.org</email>\n  </author>",
		`<category term="Libraries" scheme="https://example.org/tags/"></category>`,
		`<category term="Culture" scheme="https://example.org/categories/"></category>`,
		`<published>2025-03-14T09:30:00+03:30</published>`,
		`<updated>2025-03-15T11:00:00+03:30</updated>`,
	} {
		if !strings.Contains(atom, want) {
			t.Errorf("Atom lacks %s", want)
		}
	}
	var jf map[string]any
	if err := json.Unmarshal(w["feed.json"], &jf); err != nil {
		t.Fatal(err)
	}
	if jf["version"] != "https://jsonfeed.org/version/1.1" || jf["language"] != "en" || jf["feed_url"] != "https://example.org/feed.json" {
		t.Errorf("JSON Feed header: version %v language %v feed_url %v", jf["version"], jf["language"], jf["feed_url"])
	}
	if a, _ := jf["authors"].([]any); len(a) != 1 {
		t.Errorf("JSON Feed authors = %v", jf["authors"])
	}
	first := jf["items"].([]any)[0].(map[string]any)
	if got := fmt.Sprint(first["tags"]); got != "[Libraries Health Culture]" {
		t.Errorf("JSON Feed tags = %s", got)
	}
	if got := first["summary"]; got != "The central library's reading room reopens." {
		t.Errorf("JSON Feed summary = %q, want the plain-text description", got)
	}
	if got := fmt.Sprint(first["authors"]); got != "[map[name:Maryam Ahmadi] map[name:Daniel Okafor]]" {
		t.Errorf("JSON Feed item authors = %s", got)
	}
}

// TestSiteWithoutAuthor checks that Atom still has an author (the site) and
// RSS no managingEditor when folio.toml names no author.
func TestSiteWithoutAuthor(t *testing.T) {
	cfg := testConfig()
	cfg.Author = site.Author{}
	w := build(t, newSite(t, cfg, testArticles()))
	if !strings.Contains(string(w["atom.xml"]), "<author>\n    <name>The Test Gazette</name>\n  </author>") {
		t.Errorf("Atom feed has no author:\n%s", w["atom.xml"])
	}
	if strings.Contains(string(w["feed.xml"]), "managingEditor") {
		t.Errorf("RSS has a managingEditor without an e-mail address")
	}
	if strings.Contains(string(w["feed.xml"]), "<dc:creator>Gazette Staff") {
		t.Errorf("RSS credits an author the site no longer has")
	}
}

func TestEmptySite(t *testing.T) {
	w := build(t, newSite(t, testConfig(), nil))
	if len(w) != 3 {
		t.Errorf("files: %v", keys(w))
	}
	if !bytes.Contains(w["feed.json"], []byte(`"items":[]`)) {
		t.Errorf(`JSON Feed lacks "items":[]:\n%s`, w["feed.json"])
	}
	if !bytes.Contains(w["atom.xml"], []byte("<updated>1970-01-01T00:00:00Z</updated>")) {
		t.Errorf("empty Atom feed's updated is not the fixed epoch:\n%s", w["atom.xml"])
	}
	for name, data := range w {
		if f := parse(t, name, data); len(f.Items) != 0 {
			t.Errorf("%s: %d items", name, len(f.Items))
		}
	}
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*site.Config)
		files   []string
		wantErr string
	}{
		{"only atom", func(c *site.Config) { c.Feeds.Formats = []string{"atom"} }, []string{"atom.xml"}, ""},
		{"json and rss", func(c *site.Config) { c.Feeds.Formats = []string{"json", "rss"} }, []string{"feed.json", "feed.xml"}, ""},
		{"no feeds, no base_url", func(c *site.Config) { c.Feeds.Formats = []string{}; c.BaseURL = "" }, nil, ""},
		{"feeds without base_url", func(c *site.Config) { c.BaseURL = "" }, nil,
			`folio.toml: base_url: feeds need the site's absolute URL; set base_url = "https://example.org/" or pass --base-url`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			tt.edit(cfg)
			w := mapWriter{}
			_, err := Write(newSite(t, cfg, testArticles()), w)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %s", err, tt.wantErr)
				}
				if cerr := CheckConfig(cfg); cerr == nil || cerr.Error() != err.Error() {
					t.Errorf("CheckConfig = %v, Write = %v", cerr, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var root []string
			for _, k := range keys(w) {
				if !strings.Contains(k, "/") {
					root = append(root, k)
				}
			}
			if strings.Join(root, " ") != strings.Join(tt.files, " ") {
				t.Errorf("root files = %v, want %v", root, tt.files)
			}
		})
	}
}

func TestLimitAndSummary(t *testing.T) {
	cfg := testConfig()
	cfg.Feeds.Limit = 2
	cfg.Feeds.Content = "summary"
	w := build(t, newSite(t, cfg, testArticles()))
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
		f := parse(t, name, w[name])
		if len(f.Items) != 2 {
			t.Errorf("%s: %d items, want the limit 2", name, len(f.Items))
			continue
		}
		body := f.Items[0].Content + f.Items[0].Description
		if strings.Contains(body, "reading-room.svg") || !strings.Contains(body, "reopened") {
			t.Errorf("%s: first item is not the summary only: %s", name, body)
		}
	}
	if bytes.Contains(w["feed.xml"], []byte("content:encoded>")) {
		t.Errorf("summary RSS has content:encoded")
	}
}

func TestAbsoluteURLsInContent(t *testing.T) {
	w := build(t, newSite(t, testConfig(), testArticles()))
	wants := []string{
		`href="https://example.org/about/"`,
		`href="https://example.org/2021/02/leader-receives-health-workers/"`,
		`href="https://example.org/2025/03/library-reopens/#fn:1"`,
		`src="https://example.org/2025/03/library-reopens/reading-room.svg"`,
		`srcset="https://example.org/2025/03/library-reopens/room-small.jpg 480w, https://example.org/img/room.jpg 1200w"`,
		`href="mailto:library@example.org"`,
		`href="https://library.example.com/"`,
	}
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
		f := parse(t, name, w[name])
		body := f.Items[0].Content
		for _, want := range wants {
			if !strings.Contains(body, want) {
				t.Errorf("%s: content lacks %s:\n%s", name, want, body)
			}
		}
		for _, bad := range []string{`href="/`, `src="reading`, `href="../`, `href="#`} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: content keeps a relative URL (%s)", name, bad)
			}
		}
	}
}

func TestHostileContent(t *testing.T) {
	hostile := &content.Article{
		Path: "evil.md", Format: content.Markdown, Slug: "evil",
		Title:   `</script><script>alert(1)</script>`,
		Date:    time.Date(2024, 1, 2, 3, 4, 5, 0, tehran),
		Summary: `<p>Hello<script>alert(8)</script></p>`,
	}
	hostile.SetContent(template.HTML(`<p>Hello<script>alert("x")</script> <img src="x.png" onerror="alert(2)">` +
		`<a href="javascript:alert(3)">js</a> <a href=" JaVa&#x09;ScRiPt:alert(4)">js2</a>` +
		`<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>` +
		`<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf">` +
		`<style>p{color:red}</style><p style="background:url(javascript:alert(5))" onclick="alert(6)">x</p>` +
		`<svg><script>alert(7)</script></svg>` +
		`<img src="data:image/svg+xml;base64,PHN2Zz4=">` +
		`<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"></p>`))
	w := build(t, newSite(t, testConfig(), []*content.Article{hostile}))
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
		data := w[name]
		f := parse(t, name, data)
		it := f.Items[0]
		if it.Title != hostile.Title {
			t.Errorf("%s: title = %q, want it back unchanged", name, it.Title)
		}
		body := strings.ToLower(it.Content + it.Description)
		for _, bad := range []string{"<script", "alert(", "onerror", "onclick", "javascript:", "<iframe", "<object", "<embed", "<style", "style=", "<svg", "data:text", "data:image/svg"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: content keeps %q:\n%s", name, bad, body)
			}
		}
		for _, good := range []string{"hello", `src="https://example.org/2024/01/evil/x.png"`, ">js</a>", `src="data:image/png;base64,ivborw0kggo="`} {
			if !strings.Contains(body, good) {
				t.Errorf("%s: content lacks %q:\n%s", name, good, body)
			}
		}
	}
	for _, tt := range []struct{ file, want string }{
		{"feed.xml", "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"},
		{"atom.xml", "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"},
		{"feed.json", `"title":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"`},
	} {
		if !bytes.Contains(w[tt.file], []byte(tt.want)) {
			t.Errorf("%s: title not escaped as %s", tt.file, tt.want)
		}
	}
}

// TestSiteFeedsOnly checks [feeds] terms = false: the site's feeds alone,
// and a term page's autodiscovery names only them.
func TestSiteFeedsOnly(t *testing.T) {
	cfg := testConfig()
	cfg.Feeds.Terms = false
	s := newSite(t, cfg, testArticles())
	w := build(t, s)
	if got := strings.Join(keys(w), " "); got != "atom.xml feed.json feed.xml" {
		t.Errorf("files: %s; want the site's three feeds", got)
	}
	term := s.Taxonomies[0].Terms[0]
	if got, want := fmt.Sprint(Links(s, term)), fmt.Sprint(Links(s, nil)); got != want {
		t.Errorf("Links of a term:\n got %v\nwant %v", got, want)
	}
}

func TestLinks(t *testing.T) {
	s := newSite(t, testConfig(), testArticles())
	var health *site.Term
	for _, term := range s.Taxonomies[0].Terms {
		if term.Slug == "health" {
			health = term
		}
	}
	tests := []struct {
		name string
		term *site.Term
		want []Link
	}{
		{"site", nil, []Link{
			{"https://example.org/feed.xml", "application/rss+xml", "The Test Gazette (RSS)"},
			{"https://example.org/atom.xml", "application/atom+xml", "The Test Gazette (Atom)"},
			{"https://example.org/feed.json", "application/feed+json", "The Test Gazette (JSON Feed)"},
		}},
		{"term first", health, []Link{
			{"https://example.org/tags/health/feed.xml", "application/rss+xml", "Tags: Health · The Test Gazette (RSS)"},
			{"https://example.org/tags/health/atom.xml", "application/atom+xml", "Tags: Health · The Test Gazette (Atom)"},
			{"https://example.org/tags/health/feed.json", "application/feed+json", "Tags: Health · The Test Gazette (JSON Feed)"},
			{"https://example.org/feed.xml", "application/rss+xml", "The Test Gazette (RSS)"},
			{"https://example.org/atom.xml", "application/atom+xml", "The Test Gazette (Atom)"},
			{"https://example.org/feed.json", "application/feed+json", "The Test Gazette (JSON Feed)"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Links(s, tt.term); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Links:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
	s.Config.Feeds.Formats = []string{}
	if got := Links(s, health); len(got) != 0 {
		t.Errorf("Links with no formats = %v", got)
	}
}

func keys(m mapWriter) []string { return slices.Sorted(maps.Keys(m)) }

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// TestSubpathAndNonASCIITerm checks a site published under a path and a tag
// in Persian: files are written under their plain names, URLs carry the base
// path and are percent-encoded.
func TestSubpathAndNonASCIITerm(t *testing.T) {
	cfg := testConfig()
	cfg.BaseURL = "https://example.org/blog/"
	arts := testArticles()
	arts[0].Tags = []string{"سیاست"}
	s := newSite(t, cfg, arts)
	w := build(t, s)
	var term *site.Term
	for _, tm := range s.Taxonomies[0].Terms {
		if tm.Name == "سیاست" {
			term = tm
		}
	}
	if term == nil {
		t.Fatal("no term سیاست")
	}
	file := "tags/" + term.Slug + "/atom.xml"
	data, ok := w[file]
	if !ok {
		t.Fatalf("no %s; files: %v", file, keys(w))
	}
	f := parse(t, file, data)
	wantSelf := "https://example.org/blog/tags/" + url.PathEscape(term.Slug) + "/atom.xml"
	if f.FeedLink != wantSelf || f.Link != term.Permalink {
		t.Errorf("self %q, home %q; want %q, %q", f.FeedLink, f.Link, wantSelf, term.Permalink)
	}
	if links := Links(s, term); links[1].Href != wantSelf {
		t.Errorf("autodiscovery link %q, want %q", links[1].Href, wantSelf)
	}
	root := parse(t, "feed.json", w["feed.json"])
	if root.FeedLink != "https://example.org/blog/feed.json" || root.Items[0].Link != "https://example.org/blog/2025/03/library-reopens/" {
		t.Errorf("feed_url %q, first item %q", root.FeedLink, root.Items[0].Link)
	}
	if !strings.Contains(root.Items[0].Content, `href="https://example.org/about/"`) {
		t.Errorf("a root-relative link resolves against the host, as in a browser:\n%s", root.Items[0].Content)
	}
}

// TestAutodiscoveryPartial renders the theme's partials/feeds.html as
// baseof.html includes it, on a term page.
func TestAutodiscoveryPartial(t *testing.T) {
	s := newSite(t, testConfig(), testArticles())
	src, err := fs.ReadFile(templates.FS, "partials/feeds.html")
	if err != nil {
		t.Fatal(err)
	}
	tmpl := template.Must(template.New("feeds").Funcs(template.FuncMap{
		"feedLinks": func(term *site.Term) []Link { return Links(s, term) },
	}).Parse(string(src)))
	tests := []struct {
		name string
		term *site.Term
		want string
	}{
		{"home", nil, `
<link rel="alternate" type="application/rss+xml" title="The Test Gazette (RSS)" href="https://example.org/feed.xml">
<link rel="alternate" type="application/atom+xml" title="The Test Gazette (Atom)" href="https://example.org/atom.xml">
<link rel="alternate" type="application/feed+json" title="The Test Gazette (JSON Feed)" href="https://example.org/feed.json">`},
		{"category page", s.Taxonomies[1].Terms[0], `
<link rel="alternate" type="application/rss+xml" title="Categories: Culture · The Test Gazette (RSS)" href="https://example.org/categories/culture/feed.xml">
<link rel="alternate" type="application/atom+xml" title="Categories: Culture · The Test Gazette (Atom)" href="https://example.org/categories/culture/atom.xml">
<link rel="alternate" type="application/feed+json" title="Categories: Culture · The Test Gazette (JSON Feed)" href="https://example.org/categories/culture/feed.json">
<link rel="alternate" type="application/rss+xml" title="The Test Gazette (RSS)" href="https://example.org/feed.xml">
<link rel="alternate" type="application/atom+xml" title="The Test Gazette (Atom)" href="https://example.org/atom.xml">
<link rel="alternate" type="application/feed+json" title="The Test Gazette (JSON Feed)" href="https://example.org/feed.json">`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := tmpl.Execute(&b, struct{ Term *site.Term }{tt.term}); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", b.String(), tt.want)
			}
		})
	}
}
