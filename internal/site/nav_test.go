package site

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/folio-ssg/folio/internal/content"
)

func dated(path, date string, tags, cats []string) *content.Article {
	a := article(path, strings.TrimSuffix(path, ".md"), date)
	a.Tags, a.Categories = tags, cats
	return a
}

func titles(pages []*Page) string {
	var out []string
	for _, p := range pages {
		out = append(out, p.Title)
	}
	return strings.Join(out, " ")
}

func TestOlderNewerAndRelated(t *testing.T) {
	articles := []*content.Article{
		dated("a.md", "2021-01-01T00:00:00Z", []string{"x", "y"}, []string{"news"}),
		dated("b.md", "2021-01-02T00:00:00Z", []string{"x"}, nil),
		dated("c.md", "2021-01-03T00:00:00Z", []string{"x", "y"}, []string{"news"}),
		dated("d.md", "2021-01-04T00:00:00Z", nil, nil),
		dated("e.md", "2021-01-05T00:00:00Z", []string{"y"}, []string{"news"}),
		dated("f.md", "2020-06-01T00:00:00Z", []string{"x"}, nil),
		dated("g.md", "2021-03-01T00:00:00Z", []string{"x"}, nil),
		dated("h.md", "2019-01-01T00:00:00Z", []string{"x"}, nil),
	}
	s, err := New(testConfig(), articles, nil, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]*Page{}
	for _, p := range s.Pages {
		byTitle[p.Title] = p
	}
	c := byTitle["c"]
	if c.Older != byTitle["b"] || c.Newer != byTitle["d"] || byTitle["g"].Newer != nil || byTitle["h"].Older != nil {
		t.Errorf("older/newer wrong: c.Older=%v c.Newer=%v", c.Older.Title, c.Newer.Title)
	}
	// a shares 3 terms with c; e shares 2 (y, news); then b, g, f, h share
	// x only and are ordered by distance in time from c (3 January).
	if got := titles(c.Related()); got != "a e b g f" {
		t.Errorf("related to c = %s, want a e b g f", got)
	}
	if got := titles(byTitle["d"].Related()); got != "" {
		t.Errorf("an article without terms has related %s", got)
	}
	var crumbs []string
	for _, l := range c.Breadcrumbs() {
		crumbs = append(crumbs, l.Title+"="+l.RelPermalink)
	}
	if got := strings.Join(crumbs, " "); got != "Home=/blog/ 2021=/blog/2021/ January=/blog/2021/01/" {
		t.Errorf("breadcrumbs = %s", got)
	}
}

func TestDistance(t *testing.T) {
	at := func(d string) instant {
		tm, err := time.Parse(time.RFC3339Nano, d)
		if err != nil {
			t.Fatal(err)
		}
		return instant{tm.Unix(), int64(tm.Nanosecond())}
	}
	tests := []struct {
		a, b string
		want time.Duration // when it fits one
		sec  int64         // else the whole seconds
	}{
		{"2021-01-01T00:00:00Z", "2021-01-01T00:00:00Z", 0, 0},
		{"2021-01-01T00:00:01.5Z", "2021-01-01T00:00:00Z", 1500 * time.Millisecond, 0},
		{"2021-01-01T00:00:00Z", "2021-01-01T00:00:01.5Z", 1500 * time.Millisecond, 0},
		{"2021-01-01T00:00:00.75Z", "2020-12-31T23:59:59.25Z", 1500 * time.Millisecond, 0},
		{"1969-12-31T23:59:59.9Z", "1970-01-01T00:00:00.1Z", 200 * time.Millisecond, 0},
		{"2021-01-01T00:00:00+02:00", "2021-01-01T00:00:00Z", 2 * time.Hour, 0},
		// Farther apart than a time.Duration reaches (292 years): exact.
		{"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.5Z", -1, 315537897599},
		{"1600-01-01T00:00:00Z", "2000-01-01T00:00:00Z", -1, 12622780800},
	}
	for _, tt := range tests {
		got := distance(at(tt.a), at(tt.b))
		if tt.want >= 0 {
			if d := time.Duration(got.sec)*time.Second + time.Duration(got.nsec); d != tt.want || got.nsec < 0 || got.nsec >= 1e9 {
				t.Errorf("distance(%s, %s) = %+v, want %v", tt.a, tt.b, got, tt.want)
			}
		} else if got.sec != tt.sec {
			t.Errorf("distance(%s, %s) = %+v, want %d s", tt.a, tt.b, got, tt.sec)
		}
	}
	// Related pages: among candidates sharing as many terms, the nearer in
	// time comes first, however far apart they are.
	articles := []*content.Article{
		dated("now.md", "2000-01-01T00:00:00Z", []string{"x"}, nil),
		dated("past.md", "1600-01-01T00:00:00Z", []string{"x"}, nil),
		dated("future.md", "2350-01-01T00:00:00Z", []string{"x"}, nil),
	}
	s, err := New(testConfig(), articles, nil, Options{Now: now, Future: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(s.Pages[1].Related()); got != "future past" {
		t.Errorf("related to now = %s, want future past (350 and 400 years away)", got)
	}
}

func TestArchives(t *testing.T) {
	var articles []*content.Article
	// Exactly paginate (2) articles in March 2021, 3 in January 2021, 1 in 2020, 1 undated.
	for i, d := range []string{"2021-03-01", "2021-03-02", "2021-01-01", "2021-01-02", "2021-01-03", "2020-12-31"} {
		articles = append(articles, dated(fmt.Sprintf("a%d.md", i), d+"T00:00:00Z", nil, nil))
	}
	articles = append(articles, article("about.md", "About", ""))
	s, err := New(testConfig(), articles, nil, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, y := range s.Years {
		got = append(got, fmt.Sprintf("%s:%d/%dp", y.Title, y.Count(), len(y.Pagers)))
		for _, m := range y.Months {
			got = append(got, fmt.Sprintf("%s:%d/%dp@%s", m.Title, m.Count(), len(m.Pagers), m.RelPermalink))
		}
	}
	want := "2021:5/3p March 2021:2/1p@/blog/2021/03/ January 2021:3/2p@/blog/2021/01/ 2020:1/1p December 2020:1/1p@/blog/2020/12/"
	if strings.Join(got, " ") != want {
		t.Errorf("archives:\n%s\nwant:\n%s", strings.Join(got, " "), want)
	}
	if s.Archive.RelPermalink != "/blog/archive/" {
		t.Errorf("archive index at %s", s.Archive.RelPermalink)
	}
}

func TestScheduling(t *testing.T) {
	at := func(d string) time.Time { t, _ := time.Parse(time.RFC3339, d); return t }
	articles := []*content.Article{
		article("live.md", "Live", "2024-01-01T00:00:00Z"),
		article("scheduled.md", "Scheduled", "2024-01-01T00:00:00Z", func(a *content.Article) { a.PublishDate = at("2026-01-01T00:00:00Z") }),
		article("expired.md", "Expired", "2020-01-01T00:00:00Z", func(a *content.Article) { a.ExpiryDate = at("2024-12-31T00:00:00Z") }),
		article("expires-later.md", "Later", "2020-01-01T00:00:00Z", func(a *content.Article) { a.ExpiryDate = at("2030-01-01T00:00:00Z") }),
		article("draft.md", "Draft", "2020-01-01T00:00:00Z", func(a *content.Article) { a.Draft = true }),
	}
	tests := []struct {
		opts  Options
		want  string
		skips string
	}{
		{Options{Now: now}, "Live Later", "map[draft:1 expired:1 future:1]"},
		{Options{Now: now, Future: true}, "Live Scheduled Later", "map[draft:1 expired:1]"},
		{Options{Now: now, Expired: true}, "Live Expired Later", "map[draft:1 future:1]"},
		{Options{Now: now, Drafts: true, Future: true, Expired: true}, "Live Scheduled Draft Expired Later", "map[]"},
	}
	for _, tt := range tests {
		s, err := New(testConfig(), articles, nil, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(s.Pages); got != tt.want || fmt.Sprint(s.Skipped) != tt.skips {
			t.Errorf("%+v: pages %s, skipped %v; want %s, %s", tt.opts, got, s.Skipped, tt.want, tt.skips)
		}
	}
}

func TestAliases(t *testing.T) {
	a := article("a.md", "A", "2021-01-01T00:00:00Z", func(a *content.Article) { a.Aliases = []string{"/old/a.html", "/2019/a/"} })
	s, err := New(testConfig(), []*content.Article{a}, nil, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, al := range s.Aliases {
		got = append(got, al.OutputPath+"→"+al.Target.RelPermalink)
	}
	if strings.Join(got, " ") != "old/a.html→/blog/2021/01/a/ 2019/a/index.html→/blog/2021/01/a/" {
		t.Errorf("aliases = %v", got)
	}
	bad := article("b.md", "B", "", func(a *content.Article) { a.Aliases = []string{"../../etc/x"} })
	over := article("c.md", "C", "2021-01-01T00:00:00Z", func(a *content.Article) { a.Aliases = []string{"/2021/01/a/"} })
	_, err = New(testConfig(), []*content.Article{a, bad, over}, nil, Options{Now: now})
	want := "content/b.md: front matter: alias \"../../etc/x\" must not contain \"..\" segments\ncontent/c.md (alias /2021/01/a/): has the same URL as content/a.md (/2021/01/a/); give one of them another slug or url"
	if err == nil || err.Error() != want {
		t.Errorf("err:\n%v\nwant:\n%s", err, want)
	}
}

func TestConfiguredTaxonomies(t *testing.T) {
	cfg, err := ParseConfig("folio.toml", []byte("base_url = \"https://e.org/\"\n[taxonomies]\ntag = \"tags\"\nseries = \"series\"\n[authors.\"Jane Doe\"]\nbio = \"Reporter.\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	a := article("a.md", "A", "2021-01-01T00:00:00Z", func(a *content.Article) {
		a.Tags = []string{"go"}
		a.Params = map[string]any{"series": []any{"Deep Dive"}}
		a.Authors = []string{"Jane Doe"}
	})
	s, err := New(cfg, []*content.Article{a}, nil, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, t := range s.Taxonomies {
		names = append(names, t.Name)
	}
	if got := strings.Join(names, " "); got != "tags series" {
		t.Errorf("taxonomies = %s", got)
	}
	if s.Taxonomies[1].Terms[0].RelPermalink != "/series/deep-dive/" {
		t.Errorf("series term at %s", s.Taxonomies[1].Terms[0].RelPermalink)
	}
	def, _ := ParseConfig("folio.toml", []byte("[authors.\"Jane Doe\"]\nbio = \"Reporter.\"\n"))
	s, _ = New(def, []*content.Article{a}, nil, Options{Now: now})
	if au := s.Taxonomies[2]; au.Name != "authors" || au.Terms[0].Bio != "Reporter." || au.Terms[0].RelPermalink != "/authors/jane-doe/" {
		t.Errorf("authors: %+v", au.Terms[0])
	}
	if _, err := ParseConfig("folio.toml", []byte("[taxonomies]\nx = \"page\"\n")); err == nil || !strings.Contains(err.Error(), `"page" is used by folio's own pages`) {
		t.Errorf("reserved taxonomy name: %v", err)
	}
}
