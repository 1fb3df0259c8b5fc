package content

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseNewsSample(t *testing.T) {
	data, err := os.ReadFile("../newstext/testdata/kayhan-88056.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, lerr := NewLoader(WithLocation(tehran)).ParseNews("news/kayhan.txt", data)
	if lerr != nil {
		t.Fatal(lerr)
	}
	body := contentOf(a)
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, "")
	checks := []struct {
		what      string
		got, want any
	}{
		{"title", a.Title, "Officials Warn of Plot to Revive Terrorists"},
		{"subtitle", a.Subtitle, "Iran, Iraq Discuss Suspicious U.S. Moves"},
		{"date", a.Date.Format("2006-01-02T15:04:05-07:00"), "2021-02-27T23:08:00+03:30"},
		{"source", a.Source, "kayhan.ir"},
		{"source ID", a.SourceID, "88056"},
		{"slug", a.Slug, "officials-warn-of-plot-to-revive-terrorists"},
		{"format", a.Format, News},
		{"paragraphs", strings.Count(body, "<p>"), 35},
		{"opening quotes", strings.Count(body, "“"), 11},
		{"closing quotes", strings.Count(body, "”"), 11},
		{"straight quotes in the text", strings.Count(text, `"`) + strings.Count(text, "&#34;") + strings.Count(text, "&quot;"), 0},
		{"dateline", strings.HasPrefix(body, `<p><span class="dateline">TEHRAN (Dispatches)</span> — Friday’s U.S. airstrikes`), true},
		{"apostrophes", strings.Contains(body, "Iran’s top security official"), true},
		{"no markdown", regexp.MustCompile(`<(em|strong|ol|ul|li|h\d|a)\b`).MatchString(body), false},
		{"summary is the first paragraph", strings.Count(string(a.Summary), "<p>"), 1},
		{"truncated", a.Truncated, true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	if a.WordCount < 900 || a.ReadingTime < 4 {
		t.Errorf("word count %d, reading time %d", a.WordCount, a.ReadingTime)
	}
}

func TestParseNewsCases(t *testing.T) {
	tests := []struct {
		name, src string
		check     func(t *testing.T, a *Article)
		wantErr   string
	}{
		{name: "persian headline falls back to news-ID", src: "farsnews.ir\nNews ID: 4321\nLanguage: fa\nPublish Date: 27 Feb 2021\nگفت‌وگوی ایران و عراق\n\nمتن خبر.\n",
			check: func(t *testing.T, a *Article) {
				if a.Slug != "news-4321" || a.Lang != "fa" || a.Title != "گفت‌وگوی ایران و عراق" {
					t.Errorf("slug %q lang %q title %q", a.Slug, a.Lang, a.Title)
				}
			}},
		{name: "markdown-looking text stays text", src: "example.com\nNews ID: 1\nHeadline\n\n2021. A year *of* <b>news</b> & [links](x)\n# not a heading\n",
			check: func(t *testing.T, a *Article) {
				want := "<p>2021. A year *of* &lt;b&gt;news&lt;/b&gt; &amp; [links](x)</p>\n<p># not a heading</p>\n"
				if contentOf(a) != want {
					t.Errorf("content = %q\nwant %q", contentOf(a), want)
				}
			}},
		{name: "CRLF, BOM and trailing spaces", src: "\xEF\xBB\xBFexample.com  \r\nNews ID: 7\r\nPublish Date : 1 March 2021, 08:00\r\nTitle here   \r\n\r\nOne.  \r\nTwo.\r\n",
			check: func(t *testing.T, a *Article) {
				if a.Title != "Title here" || contentOf(a) != "<p>One.</p>\n<p>Two.</p>\n" || a.Date.Format("15:04 -07:00") != "08:00 +03:30" {
					t.Errorf("title %q content %q date %v", a.Title, contentOf(a), a.Date)
				}
			}},
		{name: "unknown headers are params", src: "example.com\nNews ID: 7\nSection: World\nTitle\n\nBody.\n",
			check: func(t *testing.T, a *Article) {
				if a.Params["section"] != "World" {
					t.Errorf("params %v", a.Params)
				}
			}},
		{name: "no headline", src: "example.com\nNews ID: 7\n", wantErr: "news article: "},
		{name: "bad date", src: "example.com\nNews ID: 7\nPublish Date: 31 Febtember 2021\nTitle\n\nBody\n", wantErr: "3: news article: "},
	}
	l := NewLoader(WithLocation(tehran))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := l.ParseNews("x.txt", []byte(tt.src))
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("no error")
				}
				if got := itoa(err.line) + ": " + err.Error(); !strings.Contains(got, tt.wantErr) {
					t.Errorf("error %q, want it to contain %q", got, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, a)
		})
	}
}

func TestLoadTextFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"content/news/a.txt":      {Data: []byte("example.com\nNews ID: 1\nPublish Date: 1 March 2021\nHello\n\nBody.\n")},
		"content/robots.txt":      {Data: []byte("User-agent: *\nDisallow:\n")},
		"content/news/broken.txt": {Data: []byte("example.com\nNews ID: 2\nPublish Date: 99 March 2021\nHello\n\nBody.\n")},
	}
	res, err := NewLoader().Load(fsys)
	if err == nil || !strings.HasPrefix(err.Error(), "content/news/broken.txt:3: news article: ") {
		t.Errorf("err = %v", err)
	}
	if len(res.Articles) != 1 || res.Articles[0].Format != News || strings.Join(res.Files, " ") != "robots.txt" {
		t.Errorf("articles %d, files %v", len(res.Articles), res.Files)
	}
}

// TestImportRoundTrip converts news articles to Markdown and checks that
// the Markdown renders to the very same article.
func TestImportRoundTrip(t *testing.T) {
	sample, err := os.ReadFile("../newstext/testdata/kayhan-88056.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"sample":  string(sample),
		"persian": "farsnews.ir\nNews ID: 4321\nLanguage: fa\nPublish Date: 27 Feb 2021\nگفت‌وگوی ایران و عراق\n\nمتن خبر.\n",
		"markdown-looking": "example.com\nNews ID: 1\nSection: World\nHeadline\n\n2021. A year *of* <b>news</b> & [links](x) ![i](y)\n# not a heading\n- not a list\n+ nor this\n1) nor this\n" +
			"> not a quote\n`code` and __under__ ~~strike~~ | pipe | and $5\nSee https://example.org and www.example.org... wait -- and a--b --- \"quoted\" 'single' it's\nA line with a backslash \\ and &amp; entity\n=== and ---\n",
		"crlf and bom":                  "\xEF\xBB\xBFexample.com\r\nNews ID: 7\r\nPublish Date : 1 March 2021, 08:00\r\nTitle here\r\n\r\nOne.\r\nTwo.\r\n",
		"no dateline, no deck, no date": "example.com\nNews ID: 9\nJust a headline\n\nBody text.\n",
	}
	l := NewLoader(WithLocation(tehran))
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			news, lerr := l.ParseNews("a.txt", []byte(src))
			if lerr != nil {
				t.Fatal(lerr)
			}
			md, err := l.NewsToMarkdown("a.txt", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			imported, errs := l.Parse("a.md", md)
			if len(errs) > 0 {
				t.Fatalf("the imported Markdown does not parse: %v\n%s", errs, md)
			}
			if contentOf(imported) != contentOf(news) {
				t.Errorf("bodies differ:\ntxt: %s\nmd:  %s\nMarkdown:\n%s", contentOf(news), contentOf(imported), md)
			}
			same := []struct {
				what     string
				txt, imp any
			}{
				{"title", news.Title, imported.Title}, {"subtitle", news.Subtitle, imported.Subtitle},
				{"date", news.Date.String(), imported.Date.String()}, {"slug", news.Slug, imported.Slug},
				{"source", news.Source, imported.Source}, {"source ID", news.SourceID, imported.SourceID},
				{"lang", news.Lang, imported.Lang}, {"summary", news.Summary, imported.Summary},
				{"params", fmtAny(news.Params), fmtAny(imported.Params)},
			}
			for _, s := range same {
				if s.txt != s.imp {
					t.Errorf("%s: txt %v, imported %v", s.what, s.txt, s.imp)
				}
			}
		})
	}
}
