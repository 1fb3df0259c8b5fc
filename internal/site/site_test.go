package site

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/folio-ssg/folio/internal/content"
)

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig("folio.toml", []byte(`
title = "Gazette"
base_url = "https://example.org/news"
timezone = "Asia/Tehran"
paginate = 5
archives = false
build_search_index = false
[author]
name = "Staff"
[params]
logo = "x.png"
[markdown]
unsafe = true
highlight_code = false
[feeds]
terms = false
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://example.org/news/" || c.BasePath() != "/news/" || c.Location.String() != "Asia/Tehran" ||
		c.Paginate != 5 || c.PaginateTerms != 5 || c.Author.Name != "Staff" || !c.Markdown.Unsafe || c.Markdown.HighlightCode || c.Params["logo"] != "x.png" || c.Language != "en" ||
		c.Archives || c.BuildSearchIndex || c.Feeds.Terms {
		t.Errorf("config = %+v", c)
	}
	d, err := ParseConfig("folio.toml", nil)
	if err != nil || d.Paginate != 10 || d.PaginateTerms != 10 || d.Permalink != "/:year/:month/:slug/" || d.Location != time.UTC || d.BasePath() != "/" || !d.Markdown.HighlightCode ||
		!d.Archives || !d.BuildSearchIndex || !d.Feeds.Terms {
		t.Errorf("defaults: %+v, %v", d, err)
	}
}

// TestParsePaginateTerms checks that paginate_terms follows paginate
// unless set, and that 0 is kept.
func TestParsePaginateTerms(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"", 10},
		{"paginate = 4\n", 4},
		{"paginate_terms = 0\n", 0},
		{"paginate = 4\npaginate_terms = 0\n", 0},
		{"paginate_terms = 30\npaginate = 4\n", 30},
	}
	for _, tt := range tests {
		c, err := ParseConfig("folio.toml", []byte(tt.src))
		if err != nil || c.PaginateTerms != tt.want {
			t.Errorf("%q: paginate_terms = %v (%v), want %d", tt.src, c, err, tt.want)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown key", "title = \"x\"\ntheme = \"y\"\n", "folio.toml:2: theme: unknown key (known keys: title, base_url, language, description, timezone, author, paginate, paginate_terms, permalink, markdown, feeds, taxonomies, authors, params, archives, build_search_index)"},
		{"unknown nested key", "[markdown]\nunsafe = true\nsafe = 1\n", "folio.toml:3: markdown.safe: unknown key (known keys: title, base_url, language, description, timezone, author, paginate, paginate_terms, permalink, markdown, feeds, taxonomies, authors, params, archives, build_search_index)"},
		{"syntax", "title = \n", "folio.toml:1: expected value but found '\\n' instead"},
		{"wrong type", "paginate = \"ten\"\n", "folio.toml:1: paginate: TOML value has type string; destination has type integer"},
		{"bad base_url", "base_url = \"example.org\"\n", `folio.toml:1: base_url: "example.org" is not an absolute http(s) URL (e.g. https://example.org/)`},
		{"bad timezone", "\ntimezone = \"Mars/Olympus\"\n", `folio.toml:2: timezone: "Mars/Olympus" is not an IANA time zone (e.g. UTC, Europe/Paris, Asia/Tehran)`},
		{"bad paginate", "paginate = 0\n", "folio.toml:1: paginate: must be at least 1, not 0"},
		{"bad paginate_terms", "paginate = 5\n\npaginate_terms = -1\n", "folio.toml:3: paginate_terms: must be at least 1, or 0 for one page per term, not -1"},
		{"bad language", "language = \"english!\"\n", `folio.toml:1: language: "english!" is not a language tag (e.g. en, fa, pt-BR)`},
		{"bad permalink token", "permalink = \"/:year/:name/\"\n", `folio.toml:1: permalink: "/:year/:name/" has the unknown token :name (known: :year :month :day :slug :section :filename :title)`},
		{"permalink without slug", "permalink = \"/:year/\"\n", `folio.toml:1: permalink: "/:year/" gives every article the same URL (use :slug, :title or :filename)`},
		{"relative permalink", "permalink = \":slug/\"\n", `folio.toml:1: permalink: ":slug/" must start with /`},
		{"several", "paginate = -1\ntimezone = \"X\"\n", "folio.toml:1: paginate: must be at least 1, not -1\nfolio.toml:2: timezone: \"X\" is not an IANA time zone (e.g. UTC, Europe/Paris, Asia/Tehran)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("folio.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func article(path, title string, date string, mods ...func(*content.Article)) *content.Article {
	a := &content.Article{Path: path, Title: title}
	if date != "" {
		d, err := time.Parse(time.RFC3339, date)
		if err != nil {
			panic(err)
		}
		a.Date = d
	}
	a.Slug = strings.ToLower(strings.ReplaceAll(title, " ", "-"))
	if i := strings.IndexByte(path, '/'); i > 0 {
		a.Section = path[:i]
	}
	for _, m := range mods {
		m(a)
	}
	return a
}

func TestPermalink(t *testing.T) {
	tests := []struct {
		pattern string
		a       *content.Article
		want    string
	}{
		{"/:year/:month/:slug/", article("a.md", "Hello", "2021-02-27T23:08:00+03:30"), "/2021/02/hello/"},
		{"/:year/:month/:day/:slug/", article("a.md", "Hello", "2021-02-03T00:00:00Z"), "/2021/02/03/hello/"},
		{"/:section/:slug/", article("news/a.md", "Hello", ""), "/news/hello/"},
		{"/:section/:slug/", article("a.md", "Hello", ""), "/hello/"},
		{"/:year/:month/:slug/", article("about.md", "About", ""), "/about/"},
		{"/articles/:filename/", article("x/My Post.md", "T", ""), "/articles/my-post/"},
		{"/articles/:filename/", article("x/bundle/index.md", "T", ""), "/articles/bundle/"},
		{"/:title.html", article("a.md", "Big News", ""), "/big-news.html"},
		{"/:year/:slug/", article("a.md", "Persian", "2021-01-01T00:00:00Z", func(a *content.Article) { a.Slug = "گزارش" }), "/2021/گزارش/"},
	}
	for _, tt := range tests {
		got, err := Permalink(tt.pattern, tt.a)
		if err != nil || got != tt.want {
			t.Errorf("Permalink(%q, %s) = %q, %v; want %q", tt.pattern, tt.a.Path, got, err, tt.want)
		}
	}
}

func TestPermalinkErrors(t *testing.T) {
	tests := []struct {
		a    *content.Article
		want string
	}{
		{article("a.md", "x", "", func(a *content.Article) { a.Slug = "../../etc" }), `front matter: slug "../../etc" must not contain slashes`},
		{article("a.md", "x", "", func(a *content.Article) { a.Slug = ".." }), `front matter: slug ".." must be one path segment without / \ ? # or ..`},
		{article("a.md", "x", "", func(a *content.Article) { a.Slug = "a?b" }), `front matter: slug "a?b" must be one path segment without / \ ? # or ..`},
		{article("a.md", "x", "", func(a *content.Article) { a.Slug = "." }), `front matter: slug "." must be one path segment without / \ ? # or ..`},
	}
	for _, tt := range tests {
		_, err := Permalink("/:slug/", tt.a)
		if err == nil || err.Error() != tt.want {
			t.Errorf("slug %q: err = %v, want %s", tt.a.Slug, err, tt.want)
		}
	}
}

func TestCleanURL(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"/about/", "about/", ""},
		{"about", "about", ""},
		{"/a/b.html", "a/b.html", ""},
		{"/a//b/", "a/b/", ""},
		{"../x/", "", `front matter: url "../x/" must not contain ".." segments`},
		{"/a/../../x", "", `front matter: url "/a/../../x" must not contain ".." segments`},
		{"https://evil.org/x", "", `front matter: url "https://evil.org/x" must be a path on this site such as /about/, not a full URL`},
		{"//evil.org/x", "", `front matter: url "//evil.org/x" must be a path on this site such as /about/, not a full URL`},
		{"javascript:alert(1)", "", `front matter: url "javascript:alert(1)" must be a path on this site such as /about/, not a full URL`},
		{`\a\b`, "", `front matter: url "\\a\\b" must be a plain path such as /about/`},
		{"/", "", `front matter: url "/" is the home page, which folio writes itself`},
	}
	for _, tt := range tests {
		got, err := cleanURL(tt.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if got != tt.want || gotErr != tt.err {
			t.Errorf("cleanURL(%q) = %q, %q; want %q, %q", tt.in, got, gotErr, tt.want, tt.err)
		}
	}
}

func TestPaginate(t *testing.T) {
	tests := []struct {
		n, size, wantPages int
		wantLast           int
	}{
		{0, 10, 1, 0},
		{1, 10, 1, 1},
		{10, 10, 1, 10},
		{11, 10, 2, 1},
		{25, 10, 3, 5},
		{3, 1, 3, 1},
	}
	for _, tt := range tests {
		pages := make([]*Page, tt.n)
		pagers := Paginate(pages, tt.size, func(n int) string { return fmt.Sprintf("/page/%d/", n) })
		if len(pagers) != tt.wantPages {
			t.Errorf("%d articles by %d: %d pagers, want %d", tt.n, tt.size, len(pagers), tt.wantPages)
			continue
		}
		last := pagers[len(pagers)-1]
		if len(last.Pages) != tt.wantLast || last.TotalPages != tt.wantPages || last.HasNext() || pagers[0].HasPrev() {
			t.Errorf("%d by %d: last page has %d articles (want %d), total %d", tt.n, tt.size, len(last.Pages), tt.wantLast, last.TotalPages)
		}
		if tt.wantPages > 1 && (pagers[0].Next() != pagers[1] || pagers[1].Prev() != pagers[0] || last.First() != pagers[0] || pagers[0].Last() != last) {
			t.Errorf("%d by %d: links between pagers are wrong", tt.n, tt.size)
		}
	}
}

func TestWindow(t *testing.T) {
	pagers := Paginate(make([]*Page, 100), 10, func(n int) string { return fmt.Sprint(n) })
	tests := []struct {
		page int
		want string
	}{
		{1, "[1] 2 3 … 10"},
		{5, "1 … 3 4 [5] 6 7 … 10"},
		{10, "1 … 8 9 [10]"},
		{4, "1 2 3 [4] 5 6 … 10"},
	}
	for _, tt := range tests {
		var parts []string
		for _, l := range pagers[tt.page-1].Window(2) {
			switch {
			case l.Gap:
				parts = append(parts, "…")
			case l.Current:
				parts = append(parts, fmt.Sprintf("[%d]", l.Number))
			default:
				parts = append(parts, fmt.Sprint(l.Number))
			}
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("Window on page %d = %s, want %s", tt.page, got, tt.want)
		}
	}
}

func testConfig() *Config {
	c := DefaultConfig()
	c.BaseURL = "https://example.org/blog/"
	c.Paginate, c.PaginateTerms = 2, 2
	return c
}

var now = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func TestNew(t *testing.T) {
	tag := func(tags ...string) func(*content.Article) { return func(a *content.Article) { a.Tags = tags } }
	articles := []*content.Article{
		article("b.md", "B", "2021-02-01T00:00:00Z", tag("Go", "news")),
		article("a.md", "A", "2021-03-01T00:00:00Z", tag("go")),
		article("c.md", "C", "2021-02-01T00:00:00Z", tag("News")),
		article("draft.md", "D", "2021-01-01T00:00:00Z", func(a *content.Article) { a.Draft = true }),
		article("future.md", "F", "2030-01-01T00:00:00Z"),
		article("persian.md", "P", "2020-01-01T00:00:00Z", tag("ایران")),
	}
	s, err := New(testConfig(), articles, []string{"b/photo.jpg"}, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, p := range s.Pages {
		order = append(order, p.Title+"="+p.RelPermalink)
	}
	want := "A=/blog/2021/03/a/ B=/blog/2021/02/b/ C=/blog/2021/02/c/ P=/blog/2020/01/p/"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("pages:\n%s\nwant:\n%s", got, want)
	}
	if p := s.Pages[0]; p.Permalink != "https://example.org/blog/2021/03/a/" || p.OutputPath != "2021/03/a/index.html" {
		t.Errorf("page A: %s %s", p.Permalink, p.OutputPath)
	}
	if s.Skipped["draft"] != 1 || s.Skipped["future"] != 1 {
		t.Errorf("skipped = %v", s.Skipped)
	}
	var terms []string
	for _, term := range s.Taxonomies[0].Terms {
		terms = append(terms, fmt.Sprintf("%s(%s)=%d@%s", term.Name, term.Slug, term.Count(), term.RelPermalink))
	}
	wantTerms := "go(go)=2@/blog/tags/go/ news(news)=2@/blog/tags/news/ ایران(ایران)=1@/blog/tags/%D8%A7%DB%8C%D8%B1%D8%A7%D9%86/"
	// "Go" and "go" share a slug: one term, named as first met in date order (A is newest).
	if got := strings.Join(terms, " "); got != wantTerms {
		t.Errorf("terms:\n%s\nwant:\n%s", got, wantTerms)
	}
	if got := s.Pages[1].GetTerms("tags"); len(got) != 2 || got[0].Slug != "go" {
		t.Errorf("B's tags = %v", got)
	}
	if len(s.Home) != 2 || s.Home[1].URL != "/blog/page/2/" {
		t.Errorf("home pagers: %d, %v", len(s.Home), s.Home[len(s.Home)-1].URL)
	}

	all, err := New(testConfig(), articles, nil, Options{Now: now, Drafts: true, Future: true})
	if err != nil || len(all.Pages) != 6 {
		t.Errorf("with drafts and future: %d pages, %v", len(all.Pages), err)
	}
}

// TestPaginateTerms checks that term lists are split by paginate_terms,
// 0 putting a term's articles on one page, while the home page keeps
// paginate.
func TestPaginateTerms(t *testing.T) {
	var articles []*content.Article
	for i := range 5 {
		articles = append(articles, article(fmt.Sprintf("a%d.md", i), fmt.Sprintf("A%d", i), fmt.Sprintf("2021-01-0%dT00:00:00Z", i+1),
			func(a *content.Article) { a.Tags = []string{"go"} }))
	}
	tests := []struct {
		size int
		want string // the term's pagers: articles on each, and the last URL
	}{
		{0, "5 @/blog/tags/go/"},
		{1, "1 1 1 1 1 @/blog/tags/go/page/5/"},
		{2, "2 2 1 @/blog/tags/go/page/3/"},
		{5, "5 @/blog/tags/go/"},
		{9, "5 @/blog/tags/go/"},
	}
	for _, tt := range tests {
		c := testConfig()
		c.PaginateTerms = tt.size
		s, err := New(c, articles, nil, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		pagers := s.Taxonomies[0].Terms[0].Pagers
		for _, pg := range pagers {
			got = append(got, fmt.Sprint(len(pg.Pages)))
		}
		got = append(got, "@"+pagers[len(pagers)-1].URL)
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("paginate_terms = %d: pagers %s, want %s", tt.size, g, tt.want)
		}
		if len(s.Home) != 3 {
			t.Errorf("paginate_terms = %d: %d home pagers, want 3 (paginate = 2)", tt.size, len(s.Home))
		}
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name     string
		articles []*content.Article
		files    []string
		want     string
	}{
		{"same URL", []*content.Article{
			article("x/one.md", "Same", "2021-01-01T00:00:00Z"),
			article("y/two.md", "Same", "2021-01-05T00:00:00Z"),
		}, nil, "content/y/two.md: has the same URL as content/x/one.md (/2021/01/same/); give one of them another slug or url"},
		{"url over a file", []*content.Article{
			article("a.md", "A", "", func(a *content.Article) { a.URL = "/img/logo.png" }),
		}, []string{"img/logo.png"}, "content/img/logo.png: has the same URL as content/a.md (/img/logo.png); give one of them another slug or url"},
		{"url over the tags index", []*content.Article{
			article("a.md", "A", "", func(a *content.Article) { a.URL = "/tags/" }),
		}, nil, "content/a.md: has the same URL as (the tags index) (/tags/); give one of them another slug or url"},
		{"url escapes", []*content.Article{
			article("a.md", "A", "", func(a *content.Article) { a.URL = "../../etc/passwd" }),
		}, nil, `content/a.md: front matter: url "../../etc/passwd" must not contain ".." segments`},
		{"tag without letters", []*content.Article{
			article("a.md", "A", "", func(a *content.Article) { a.Tags = []string{"!!!"} }),
		}, nil, `content/a.md: front matter: tags: "!!!" has no letters or digits to make a URL from`},
		{"tags with colliding slugs", []*content.Article{
			article("a.md", "A", "2021-01-02T00:00:00Z", func(a *content.Article) { a.Tags = []string{"C"} }),
			article("b.md", "B", "2021-01-01T00:00:00Z", func(a *content.Article) { a.Tags = []string{"C++", "machine-learning"} }),
			article("c.md", "C", "2020-01-01T00:00:00Z", func(a *content.Article) { a.Tags = []string{"Machine Learning"} }),
		}, nil, `content/b.md: front matter: tags: "C++" has the same URL as "C" (/tags/c/); rename one of them`},
		{"all reported", []*content.Article{
			article("a.md", "A", "", func(a *content.Article) { a.URL = "https://x.org/" }),
			article("b.md", "B", "", func(a *content.Article) { a.Slug = "../b" }),
		}, nil, "content/a.md: front matter: url \"https://x.org/\" must be a path on this site such as /about/, not a full URL\ncontent/b.md: front matter: slug \"../b\" must not contain slashes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(DefaultConfig(), tt.articles, tt.files, Options{Now: now})
			if err == nil || err.Error() != tt.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{"title = \"x\"\n", "[markdown]\nunsafe = true\n", "base_url = \"https://e.org/a\"\npaginate = 3\n", "x = [", "[params]\na.b = 1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig("folio.toml", data)
		if err == nil && (c.Location == nil || c.Paginate < 1 || c.PaginateTerms < 0) {
			t.Errorf("accepted an invalid config: %+v", c)
		}
	})
}

func FuzzPermalink(f *testing.F) {
	f.Add("/:year/:month/:slug/", "hello", "news/a.md", "/x/")
	f.Add("/:section/:filename/", "../x", "a/b/c.md", "../../y")
	f.Fuzz(func(t *testing.T, pattern, slug, path, url string) {
		if checkPermalink(pattern) != nil {
			return
		}
		a := &content.Article{Path: path, Slug: slug, Title: slug, URL: url, Date: now}
		p, err := articlePath(pattern, a)
		if err != nil {
			return
		}
		out := outputPath(p)
		for _, seg := range strings.Split(out, "/") {
			if seg == ".." || seg == "." {
				t.Fatalf("pattern %q slug %q url %q gives output path %q", pattern, slug, url, out)
			}
		}
		if strings.HasPrefix(out, "/") || strings.Contains(out, "\\") {
			t.Fatalf("pattern %q slug %q url %q gives output path %q", pattern, slug, url, out)
		}
	})
}

// TestSettled checks the span of build times over which the same articles
// are published, which the build cache relies on.
func TestSettled(t *testing.T) {
	at := func(s string) time.Time {
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return d
	}
	now := at("2025-06-01T12:00:00Z")
	publish := func(s string) func(*content.Article) { return func(a *content.Article) { a.PublishDate = at(s) } }
	expire := func(s string) func(*content.Article) { return func(a *content.Article) { a.ExpiryDate = at(s) } }
	draft := func(a *content.Article) { a.Draft = true }
	for _, tc := range []struct {
		name        string
		articles    []*content.Article
		opts        Options
		from, until string
	}{
		{"no dates", []*content.Article{article("a.md", "A", "")}, Options{}, "", ""},
		{"past and future dates", []*content.Article{
			article("a.md", "A", "2025-05-01T00:00:00Z"),
			article("b.md", "B", "2025-05-20T00:00:00Z"),
			article("c.md", "C", "2025-07-01T00:00:00Z"),
			article("d.md", "D", "2025-06-10T00:00:00Z"),
		}, Options{}, "2025-05-20T00:00:00Z", "2025-06-10T00:00:00Z"},
		{"future built anyway", []*content.Article{
			article("c.md", "C", "2025-07-01T00:00:00Z"),
		}, Options{Future: true}, "", ""},
		{"publishDate and expiryDate", []*content.Article{
			article("a.md", "A", "2025-01-01T00:00:00Z", publish("2025-06-02T00:00:00Z")),
			article("b.md", "B", "2025-01-01T00:00:00Z", expire("2025-06-01T13:00:00Z")),
		}, Options{}, "2025-01-01T00:00:00Z", "2025-06-01T13:00:00Z"},
		{"expired built anyway", []*content.Article{
			article("b.md", "B", "", expire("2025-06-01T13:00:00Z")),
		}, Options{Expired: true}, "", ""},
		{"draft left out at any time", []*content.Article{
			article("a.md", "A", "2025-06-03T00:00:00Z", draft),
		}, Options{}, "", ""},
		{"a date equal to now is in the past", []*content.Article{
			article("a.md", "A", "2025-06-01T12:00:00Z"),
		}, Options{}, "2025-06-01T12:00:00Z", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Now = now
			s, err := New(DefaultConfig(), tc.articles, nil, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var from, until time.Time
			if tc.from != "" {
				from = at(tc.from)
			}
			if tc.until != "" {
				until = at(tc.until)
			}
			if !s.SettledFrom.Equal(from) || !s.SettledUntil.Equal(until) {
				t.Errorf("settled [%v, %v), want [%v, %v)", s.SettledFrom, s.SettledUntil, from, until)
			}
		})
	}
}

// FuzzEscapePath compares escapePath, which returns a path of unreserved
// characters as it is, with escaping every segment.
func FuzzEscapePath(f *testing.F) {
	for _, p := range []string{"", "/", "a/b/", "2021/03/hello-world_1.0~x/", "گزارش/", "a b/", "c%d", "tags/c++/", "x?y#z", "e:f@g"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		segs := strings.Split(p, "/")
		for i, seg := range segs {
			segs[i] = url.PathEscape(seg)
		}
		if got, want := escapePath(p), strings.Join(segs, "/"); got != want {
			t.Errorf("escapePath(%q) = %q, want %q", p, got, want)
		}
	})
}

// FuzzWholeToken checks that a segment wholeToken accepts is what the
// permalink pattern's regular expression replaces as a whole, and that it
// accepts every segment the expression matches as a whole.
func FuzzWholeToken(f *testing.F) {
	for _, seg := range []string{":slug", ":year", ":", "::slug", ":slug:year", "x:slug", ":Slug", ":slug.html", ""} {
		f.Add(seg)
	}
	mark := func(tok string) string { return "<" + tok + ">" }
	f.Fuzz(func(t *testing.T, seg string) {
		whole := permalinkToken.FindString(seg) == seg && seg != ""
		if got := wholeToken(seg); got != whole {
			t.Fatalf("wholeToken(%q) = %v, want %v", seg, got, whole)
		}
		if whole && permalinkToken.ReplaceAllStringFunc(seg, mark) != mark(seg) {
			t.Errorf("%q is not replaced as one token", seg)
		}
	})
}

// TestSortPages compares sortPages with sorting by time.Time comparisons,
// on pages whose dates tie, differ by a nanosecond or are in other zones.
func TestSortPages(t *testing.T) {
	base := time.Date(2021, 3, 1, 12, 0, 0, 0, time.UTC)
	dates := []time.Time{base, base.Add(time.Nanosecond), base.In(time.FixedZone("X", 3600)), base.Add(-time.Hour), {}, base.AddDate(-300, 0, 0)}
	r := rand.New(rand.NewPCG(1, 2))
	var pages []*Page
	for i := range 500 {
		pages = append(pages, &Page{Article: &content.Article{Date: dates[r.IntN(len(dates))]}, RelPermalink: fmt.Sprintf("/p%d/", r.IntN(400)+i%2)})
	}
	want := slices.Clone(pages)
	sort.SliceStable(want, func(i, j int) bool {
		a, b := want[i], want[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.RelPermalink < b.RelPermalink
	})
	sortPages(pages)
	for i := range pages {
		if pages[i] != want[i] {
			t.Fatalf("page %d: %v %s, want %v %s", i, pages[i].Date, pages[i].RelPermalink, want[i].Date, want[i].RelPermalink)
		}
	}
}
