package content

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	_ "time/tzdata"
	"unicode"

	"github.com/folio-ssg/folio/internal/diag"
)

var tehran = mustLoad("Asia/Tehran")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		loc  *time.Location
		want string // RFC 3339, or "" for an error
	}{
		{"2021-02-27T23:08:00+03:30", time.UTC, "2021-02-27T23:08:00+03:30"},
		{"2021-02-27T23:08:00Z", tehran, "2021-02-27T23:08:00Z"},
		{"2021-02-27T23:08:00", tehran, "2021-02-27T23:08:00+03:30"},
		{"2021-02-27 23:08", tehran, "2021-02-27T23:08:00+03:30"},
		{"2021-02-27 23:08:05", time.UTC, "2021-02-27T23:08:05Z"},
		{"2021-02-27", tehran, "2021-02-27T00:00:00+03:30"},
		{"2021-07-01", mustLoad("Europe/Paris"), "2021-07-01T00:00:00+02:00"},
		{"2021-01-01", mustLoad("Europe/Paris"), "2021-01-01T00:00:00+01:00"},
		{"  2021-02-27  ", time.UTC, "2021-02-27T00:00:00Z"},
		{"Sat, 27 Feb 2021 23:08:00 +0330", time.UTC, "2021-02-27T23:08:00+03:30"},
		{"31-02-2021", time.UTC, ""},
		{"2021-02-31", time.UTC, ""},
		{"yesterday", time.UTC, ""},
		{"", time.UTC, ""},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, tt.loc)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseDate(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(time.RFC3339); s != tt.want {
			t.Errorf("ParseDate(%q, %s) = %s, want %s", tt.in, tt.loc, s, tt.want)
		}
	}
}

func TestFrontMatter(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, a *Article)
	}{
		{"yaml", "---\ntitle: Hello\ndate: 2021-02-27 23:08\ntags: [a, b]\ncategories: News\nauthor: Jane\ndraft: true\nslug: hi\nimage: x.png\n---\nBody\n", func(t *testing.T, a *Article) {
			want := "title=Hello date=2021-02-27T23:08:00+03:30 tags=[a b] cats=[News] authors=[Jane] draft=true slug=hi params=map[image:x.png]"
			if got := summarize(a); got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		}},
		{"toml", "+++\ntitle = \"Hello\"\ndate = 2021-02-27T23:08:00\ntags = [\"a\"]\nauthors = [\"A\", \"B\"]\n[extra]\nx = 1\n+++\nBody\n", func(t *testing.T, a *Article) {
			want := "title=Hello date=2021-02-27T23:08:00+03:30 tags=[a] cats=[] authors=[A B] draft=false slug=hello params=map[extra:map[x:1]]"
			if got := summarize(a); got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		}},
		{"toml offset date", "+++\ndate = 2021-02-27T23:08:00+01:00\n+++\n", func(t *testing.T, a *Article) {
			if got := a.Date.Format(time.RFC3339); got != "2021-02-27T23:08:00+01:00" {
				t.Errorf("date = %s", got)
			}
		}},
		{"toml local date", "+++\ndate = 2021-02-27\n+++\n", func(t *testing.T, a *Article) {
			if got := a.Date.Format(time.RFC3339); got != "2021-02-27T00:00:00+03:30" {
				t.Errorf("date = %s", got)
			}
		}},
		{"updated alias and lastmod default", "---\ndate: 2021-01-01\nupdated: 2021-01-05\n---\n", func(t *testing.T, a *Article) {
			if a.Lastmod.Day() != 5 {
				t.Errorf("lastmod = %v", a.Lastmod)
			}
		}},
		{"lastmod defaults to date", "---\ndate: 2021-01-01\n---\n", func(t *testing.T, a *Article) {
			if !a.Lastmod.Equal(a.Date) {
				t.Errorf("lastmod = %v, date = %v", a.Lastmod, a.Date)
			}
		}},
		{"string tags are one tag", "---\ntags: \"a, b\"\n---\n", func(t *testing.T, a *Article) {
			if len(a.Tags) != 1 || a.Tags[0] != "a, b" {
				t.Errorf("tags = %q", a.Tags)
			}
		}},
		{"numeric title", "---\ntitle: 1984\n---\n", func(t *testing.T, a *Article) {
			if a.Title != "1984" {
				t.Errorf("title = %q", a.Title)
			}
		}},
		{"no front matter", "Just text.\n", func(t *testing.T, a *Article) {
			if a.Title != "My post" || a.Slug != "my-post" || !a.Date.IsZero() {
				t.Errorf("title %q slug %q date %v", a.Title, a.Slug, a.Date)
			}
		}},
		{"empty front matter", "---\n---\nText\n", func(t *testing.T, a *Article) {
			if a.Title != "My post" {
				t.Errorf("title = %q", a.Title)
			}
		}},
		{"keys are case-insensitive", "---\nTitle: Up\nTags: [x]\n---\n", func(t *testing.T, a *Article) {
			if a.Title != "Up" || len(a.Tags) != 1 {
				t.Errorf("title %q tags %q", a.Title, a.Tags)
			}
		}},
		{"CRLF", "---\r\ntitle: Win\r\n---\r\nLine one\r\nLine two\r\n", func(t *testing.T, a *Article) {
			if a.Title != "Win" || strings.Contains(contentOf(a), "\r") {
				t.Errorf("title %q content %q", a.Title, contentOf(a))
			}
		}},
		{"lone CR", "---\rtitle: Mac\r---\rText\r", func(t *testing.T, a *Article) {
			if a.Title != "Mac" {
				t.Errorf("title %q", a.Title)
			}
		}},
		{"BOM", "\xEF\xBB\xBF---\ntitle: Bom\n---\n", func(t *testing.T, a *Article) {
			if a.Title != "Bom" {
				t.Errorf("title %q", a.Title)
			}
		}},
		{"YAML document end", "---\ntitle: Dots\n...\nText\n", func(t *testing.T, a *Article) {
			if a.Title != "Dots" {
				t.Errorf("title %q", a.Title)
			}
		}},
		{"null values are unset", "---\ntitle:\ntags:\n---\n", func(t *testing.T, a *Article) {
			if a.Title != "My post" || a.Tags != nil {
				t.Errorf("title %q tags %q", a.Title, a.Tags)
			}
		}},
	}
	l := NewLoader(WithLocation(tehran))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, errs := l.Parse("my-post.md", []byte(tt.src))
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			tt.check(t, a)
		})
	}
}

func summarize(a *Article) string {
	var b strings.Builder
	b.WriteString("title=" + a.Title + " date=" + a.Date.Format(time.RFC3339))
	b.WriteString(" tags=" + list(a.Tags) + " cats=" + list(a.Categories) + " authors=" + list(a.Authors))
	if a.Draft {
		b.WriteString(" draft=true")
	} else {
		b.WriteString(" draft=false")
	}
	b.WriteString(" slug=" + a.Slug)
	if a.Params != nil {
		b.WriteString(" params=" + strings.ReplaceAll(fmtAny(a.Params), "int64", ""))
	}
	return b.String()
}

func list(s []string) string { return "[" + strings.Join(s, " ") + "]" }

func TestFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "line: message"
	}{
		{"unterminated", "---\ntitle: x\n", []string{"1: front matter: the --- block opened on line 1 is never closed (add a line with --- after the last key)"}},
		{"yaml syntax", "---\ntitle: x\ntags: : b\n---\n", []string{"3: front matter: YAML: mapping values are not allowed in this context"}},
		{"yaml tab", "---\ntitle: x\n\ttags: b\n---\n", []string{"3: front matter: YAML: found a tab character that violates indentation"}},
		{"yaml not a map", "---\n- a\n- b\n---\n", []string{"2: front matter: expected key: value pairs"}},
		{"toml syntax", "+++\ntitle = \"x\"\ndate = \n+++\n", []string{"3: front matter: TOML: expected value but found '\\n' instead"}},
		{"bad date", "---\ntitle: x\ndate: 31-02-2021\n---\n", []string{`3: front matter: date "31-02-2021" is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)`}},
		{"impossible date", "---\ndate: 2021-02-31\n---\n", []string{`2: front matter: date "2021-02-31" is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)`}},
		{"draft maybe", "---\ndraft: maybe\n---\n", []string{`2: front matter: draft must be true or false, not "maybe"`}},
		{"tags map", "---\ntags:\n  a: 1\n---\n", []string{"2: front matter: tags must be a list of names, not a table of keys"}},
		{"title list", "---\ntitle: [a, b]\n---\n", []string{"2: front matter: title must be text, not a list"}},
		{"several at once", "---\ndate: soon\ndraft: 2\nlastmod: later\n---\n", []string{
			`2: front matter: date "soon" is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)`,
			`3: front matter: draft must be true or false, not "2"`,
			`4: front matter: lastmod "later" is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)`,
		}},
		{"toml bad date", "+++\ntitle = \"x\"\ndate = \"tomorrow\"\n+++\n", []string{`3: front matter: date "tomorrow" is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)`}},
		{"invalid UTF-8", "---\ntitle: x\n---\nok\nbad \xff here\n", []string{"5: is not valid UTF-8 text (byte 0xff at offset 24); save it as UTF-8"}},
		{"UTF-16", "\xFF\xFE-\x00-\x00", []string{"1: is UTF-16 text; save it as UTF-8"}},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00", []string{"3: is not a text file (it contains NUL bytes)"}},
	}
	l := NewLoader()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := l.Parse("a.md", []byte(tt.src))
			var got []string
			for _, e := range errs {
				got = append(got, strings.TrimSpace(itoa(e.line)+": "+e.Error()))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		opts     []Option
		contains []string
		absent   []string
	}{
		{"gfm table", "| a | b |\n|---|---|\n| 1 | 2 |\n", nil, []string{"<table>", "<td>1</td>"}, nil},
		{"strikethrough and autolink", "~~old~~ see https://example.org\n", nil, []string{"<del>old</del>", `<a href="https://example.org">`}, nil},
		{"task list", "- [x] done\n- [ ] todo\n", nil, []string{`<input checked="" disabled="" type="checkbox">`}, nil},
		{"footnote", "Text[^1].\n\n[^1]: Note.\n", nil, []string{`class="footnote-ref"`, `<div class="footnotes" role="doc-endnotes">`}, nil},
		{"definition list", "Term\n: Definition\n", nil, []string{"<dl>", "<dt>Term</dt>", "<dd>Definition</dd>"}, nil},
		{"typographer", "\"Quote\" -- it's --- done...\n", nil, []string{"“Quote” – it’s — done…"}, nil},
		{"heading id latin", "## Hello World\n", nil, []string{`<h2 id="hello-world">`}, nil},
		{"heading id persian", "## گزارش ویژه\n", nil, []string{`<h2 id="گزارش-ویژه">`}, nil},
		{"heading id duplicates", "## A\n## A\n", nil, []string{`id="a"`, `id="a-1"`}, nil},
		{"code highlighting", "```go\nfunc main() {}\n```\n", nil, []string{`<pre class="chroma" tabindex="0">`, `<span class="kd">func</span>`}, nil},
		{"code highlighting off", "```go\nfunc main() {}\n```\n", []Option{WithHighlighting(false)}, []string{`<pre tabindex="0"><code class="language-go">func main() {}`}, []string{"chroma", "<span"}},
		{"scrolling blocks are focusable", "    indented code\n\n| a |\n|---|\n| 1 |\n", nil, []string{`<pre tabindex="0"><code>`, `<div class="table-scroll" role="region" aria-label="Table" tabindex="0"><table>`, "</table></div>"}, nil},
		{"raw html dropped", "<script>alert(1)</script>\n\nText <b>x</b>\n", nil, []string{"<!-- raw HTML omitted -->"}, []string{"<script>", "<b>"}},
		{"raw html kept when unsafe", "<div class=\"x\">hi</div>\n", []Option{WithUnsafeHTML(true)}, []string{`<div class="x">hi</div>`}, nil},
		{"javascript link dropped", "[x](javascript:alert(1))\n", nil, []string{`<a href="">x</a>`}, []string{"javascript:"}},
		{"relative image resolved", "![alt](photo.jpg)\n", nil, []string{`src="/2021/photo.jpg"`}, nil},
		{"relative link with fragment", "[x](doc.pdf#p2)\n", nil, []string{`href="/2021/doc.pdf#p2"`}, nil},
		{"absolute and fragment links kept", "[a](/x/) [b](#top) [c](https://e.org/y)\n", nil, []string{`href="/x/"`, `href="#top"`, `href="https://e.org/y"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLoader(tt.opts...)
			a, errs := l.Parse("2021/a.md", []byte(tt.src))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			for _, s := range tt.contains {
				if !strings.Contains(contentOf(a), s) {
					t.Errorf("content lacks %q:\n%s", s, contentOf(a))
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(contentOf(a), s) {
					t.Errorf("content has %q:\n%s", s, contentOf(a))
				}
			}
		})
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		want      string
		truncated bool
	}{
		{"more marker", "---\nsummary: ignored\n---\nFirst.\n\nSecond.\n<!--more-->\nThird.\n", "<p>First.</p>\n<p>Second.</p>\n", true},
		{"more marker drops footnote references", "First[^1].\n<!--more-->\n[^1]: note\n", "<p>First.</p>\n", true},
		{"summary key", "---\nsummary: The *key*.\n---\nFirst.\n\nSecond.\n", "<p>The <em>key</em>.</p>\n", true},
		{"first paragraph", "# Title\n\nFirst para[^1].\n\nSecond.\n\n[^1]: note\n", "<p>First para.</p>\n", true},
		{"only paragraph", "Only.\n", "<p>Only.</p>\n", false},
		{"no paragraph", "```\ncode\n```\n", "", false},
		{"marker not alone on a line is text", "a <!--more--> b\n", "<p>a <!-- raw HTML omitted --> b</p>\n", false},
	}
	l := NewLoader()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, errs := l.Parse("a.md", []byte(tt.src))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if string(a.Summary) != tt.want || a.Truncated != tt.truncated {
				t.Errorf("summary %q truncated %v, want %q %v", a.Summary, a.Truncated, tt.want, tt.truncated)
			}
			if strings.Contains(contentOf(a), "<!--more-->") {
				t.Errorf("content keeps the marker: %s", contentOf(a))
			}
		})
	}
}

func TestWordCountAndReadingTime(t *testing.T) {
	body := strings.Repeat("word ", 500)
	a, errs := NewLoader().Parse("a.md", []byte("Some <b>tag</b> "+body+"\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if a.WordCount < 500 || a.WordCount > 505 {
		t.Errorf("word count = %d", a.WordCount)
	}
	if a.ReadingTime != 3 {
		t.Errorf("reading time = %d, want 3", a.ReadingTime)
	}
	if got := countWords("<p>one two</p><p>three</p>"); got != 3 {
		t.Errorf("countWords = %d, want 3", got)
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md":                {Data: []byte("---\ntitle: A\n---\nA\n")},
		"content/news/b.md":           {Data: []byte("---\ntitle: B\n---\nB\n")},
		"content/news/photo.jpg":      {Data: []byte("jpg")},
		"content/news/_index.md":      {Data: []byte("section page")},
		"content/.hidden.md":          {Data: []byte("x")},
		"content/bad1.md":             {Data: []byte("---\ndate: x\n---\n")},
		"content/deep/er/bad2.md":     {Data: []byte("---\ndraft: maybe\n---\n")},
		"content/notes.md~":           {Data: []byte("backup")},
		"content/.git/config":         {Data: []byte("x")},
		"content/features/x/index.md": {Data: []byte("Bundle\n")},
	}
	res, err := NewLoader().Load(fsys)
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("err = %v, want a diag.List", err)
	}
	want := `content/bad1.md:2: front matter: date "x" is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)
content/deep/er/bad2.md:2: front matter: draft must be true or false, not "maybe"`
	if list.Error() != want {
		t.Errorf("errors:\n%s\nwant:\n%s", list.Error(), want)
	}
	var paths []string
	for _, a := range res.Articles {
		paths = append(paths, a.Path+"@"+a.Section)
	}
	if got := strings.Join(paths, " "); got != "a.md@ features/x/index.md@features news/b.md@news" {
		t.Errorf("articles = %s", got)
	}
	if got := strings.Join(res.Files, " "); got != "news/photo.jpg" {
		t.Errorf("files = %s", got)
	}
	if res.Articles[1].Title != "X" {
		t.Errorf("bundle title = %q, want the folder name", res.Articles[1].Title)
	}
}

func TestReadHook(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md":         {Data: []byte("---\ntitle: A\n---\nA\n")},
		"content/news/bad.md":  {Data: []byte("---\ndate: x\n---\n")},
		"content/notes.txt":    {Data: []byte("plain text, not news")},
		"content/photo.jpg":    {Data: []byte("jpg")},
		"content/_index.md":    {Data: []byte("section page")},
		"content/.hidden/c.md": {Data: []byte("x")},
	}
	var mu sync.Mutex
	read := map[string]string{}
	l := NewLoader(WithReadHook(func(file string, data []byte) {
		mu.Lock()
		defer mu.Unlock()
		read[file] = string(data)
	}))
	l.Load(fsys) // bad.md fails, but was read
	// The files the loader reads, with the bytes it read; the picture is
	// copied later and the ignored files are never read.
	want := map[string]string{}
	for _, f := range []string{"content/a.md", "content/news/bad.md", "content/notes.txt"} {
		want[f] = string(fsys[f].Data)
	}
	if !maps.Equal(read, want) {
		t.Errorf("the hook was given %q, want %q", read, want)
	}
}

func TestLoadNoContentDir(t *testing.T) {
	res, err := NewLoader().Load(fstest.MapFS{})
	if err != nil || len(res.Articles) != 0 {
		t.Fatalf("Load of an empty site: %v, %d articles", err, len(res.Articles))
	}
}

// FuzzParse checks that no input makes the Markdown and front matter
// reader panic, and that whatever it accepts has a title and a slug.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\ndate: 2021-01-01\ntags: [a]\n---\nBody\n",
		"+++\ntitle = \"x\"\n+++\n# H\n",
		"---\n- a\n---\n", "---\n", "+++\n", "<!--more-->", "\xEF\xBB\xBF---\r\n", "[^1]\n\n[^1]: x",
	} {
		f.Add([]byte(s))
	}
	l := NewLoader()
	f.Fuzz(func(t *testing.T, data []byte) {
		a, errs := l.Parse("fuzz.md", data)
		if len(errs) > 0 {
			for _, e := range errs {
				if e.line < 1 {
					t.Errorf("error without a line: %v", e)
				}
			}
			return
		}
		if a.Title == "" || a.Slug == "" {
			t.Errorf("accepted article without title or slug: %+v", a)
		}
	})
}

func TestLoadCached(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("A\n"), ModTime: time.Unix(1, 0)},
		"content/b.md": {Data: []byte("B\n"), ModTime: time.Unix(1, 0)},
		"content/c.md": {Data: []byte("---\ndraft: maybe\n---\n"), ModTime: time.Unix(1, 0)},
	}
	l := NewLoader()
	var c Cache
	first, _ := l.LoadCached(fsys, &c)
	if got := strings.Join(c.Changed(), " "); got != "a.md b.md c.md" {
		t.Errorf("first load changed = %s", got)
	}
	fsys["content/b.md"] = &fstest.MapFile{Data: []byte("B2\n"), ModTime: time.Unix(2, 0)}
	delete(fsys, "content/a.md")
	fsys["content/d.md"] = &fstest.MapFile{Data: []byte("D\n"), ModTime: time.Unix(1, 0)}
	second, err := l.LoadCached(fsys, &c)
	if err == nil || !strings.Contains(err.Error(), "content/c.md:2") {
		t.Errorf("the cached error of c.md is not reported again: %v", err)
	}
	if got := strings.Join(c.Changed(), " "); got != "a.md b.md d.md" {
		t.Errorf("second load changed = %s", got)
	}
	if len(second.Articles) != 2 || second.Articles[0].Path != "b.md" || contentOf(second.Articles[0]) != "<p>B2</p>\n" {
		t.Errorf("second load: %+v", second.Articles)
	}
	third, _ := l.LoadCached(fsys, &c)
	if len(c.Changed()) != 0 || third.Articles[0] != second.Articles[0] {
		t.Errorf("an unchanged reload parsed %v again", c.Changed())
	}
	_ = first
}

func TestHeadingAnchors(t *testing.T) {
	a, errs := NewLoader().Parse("a.md", []byte("## One two\n\nThree four five.\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := `<h2 id="one-two">One two <a class="anchor" href="#one-two"><span aria-hidden="true">#</span><span class="visually-hidden">Link to this section</span></a></h2>`
	if !strings.Contains(contentOf(a), want) {
		t.Errorf("content:\n%s\nwant the heading:\n%s", contentOf(a), want)
	}
	if got := StripAnchors(contentOf(a)); got != "<h2 id=\"one-two\">One two</h2>\n<p>Three four five.</p>\n" {
		t.Errorf("StripAnchors = %q", got)
	}
	if a.WordCount != 5 {
		t.Errorf("word count = %d, want 5 (the anchor's label is not counted)", a.WordCount)
	}
	if len(a.Headings) != 1 || a.Headings[0].Text != "One two" || a.Headings[0].ID != "one-two" {
		t.Errorf("headings = %+v", a.Headings)
	}
}

func TestStripAnchorsCases(t *testing.T) {
	link := func(id string) string { return `<a class="anchor" href="#` + id + `">` + anchorText + `</a>` }
	for _, tc := range []struct{ name, in, want string }{
		{"none", "<p>plain</p>", "<p>plain</p>"},
		{"one", "<h2 id=\"a\">A " + link("a") + "</h2>", "<h2 id=\"a\">A</h2>"},
		{"no space", "<h2>A" + link("a") + "</h2>", "<h2>A</h2>"},
		{"two", "<h2>A " + link("a") + "</h2><h3>B " + link("b") + "</h3>", "<h2>A</h2><h3>B</h3>"},
		{"empty id", "<h2>A " + link("") + "</h2>", "<h2>A</h2>"},
		{"look-alike kept", `<p><a class="anchor" href="#x">mine</a></p>`, `<p><a class="anchor" href="#x">mine</a></p>`},
		{"unterminated", `<p><a class="anchor" href="#x`, `<p><a class="anchor" href="#x`},
		{"look-alike then real", `<a class="anchor" href="#x">m</a> ` + link("y"), `<a class="anchor" href="#x">m</a>`},
	} {
		if got := StripAnchors(tc.in); got != tc.want {
			t.Errorf("%s: StripAnchors(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestSpool checks that a loader with a spool gives the same articles as
// one without, keeps no more bodies in memory than its share, and leaves
// no file behind in the spool's folder.
func TestSpool(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 50 {
		fsys[fmt.Sprintf("content/a%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: A%d\n---\n## Part %d\n\nText %s.\n", i, i, strings.Repeat("word ", i*40)))}
	}
	fsys["content/n.txt"] = &fstest.MapFile{Data: []byte("Title here\n\nTEHRAN -- One.\n\nTwo.\n")}
	plain, err := NewLoader().Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, a := range plain.Articles {
		total += int64(len(a.body.html))
	}
	tests := []struct {
		name                  string
		inMemory              int64
		someKept, someSpooled bool
	}{
		{"all spooled", 0, false, true},
		{"half kept", total / 2, true, true},
		{"all kept", total, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			spooled, err := NewLoader(WithSpool(dir, tt.inMemory)).Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			if len(plain.Articles) != len(spooled.Articles) {
				t.Fatalf("%d articles, spooled %d", len(plain.Articles), len(spooled.Articles))
			}
			var kept int64
			var nKept, nSpooled int
			for i, a := range plain.Articles {
				b := spooled.Articles[i]
				if b.body.spool == nil {
					kept += int64(len(b.body.html))
					nKept++
				} else {
					nSpooled++
				}
				if contentOf(a) != contentOf(b) || a.Summary != b.Summary || a.WordCount != b.WordCount {
					t.Errorf("%s: spooled article differs:\n%s\n%s", a.Path, contentOf(a), contentOf(b))
				}
			}
			if kept > tt.inMemory || (nKept > 0) != tt.someKept || (nSpooled > 0) != tt.someSpooled {
				t.Errorf("%d bodies (%d bytes) kept in memory, %d spooled; share %d bytes", nKept, kept, nSpooled, tt.inMemory)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("the spool left %v in its folder", left)
			}
		})
	}
}

// countWordsReference is countWords as its doc comment defines it, a rune
// at a time: words are runs of non-space characters outside tags, and a
// tag ends a word.
func countWordsReference(h string) int {
	words := 0
	inTag, inWord := false, false
	for _, r := range h {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag, inWord = false, false
		case inTag:
		case unicode.IsSpace(r):
			inWord = false
		case !inWord:
			inWord = true
			words++
		}
	}
	return words
}

// countWordsCases are inputs whose words countWords must count as the
// reference does.
var countWordsCases = func() []string {
	// Every byte value and a few multi-byte spaces, as text between tags.
	var b strings.Builder
	for c := 0; c < 256; c++ {
		b.WriteString("w")
		b.WriteByte(byte(c))
	}
	b.WriteString("x\u00a0y\u2003z\u3000<b>q</b>\u0085r")
	return []string{
		b.String(),
		"",
		"<p>one two</p><p>three</p>",
		"fo<em>o</em> bar",
		"a > b < c",
		"unclosed <a href=x word",
		"<<>>x",
		"x<",
		"café  naïve\u2028end",
		"\xff\xfe bad \xc3",
		"  lead and trail  ",
		// Heading anchors, for countWordsWithoutAnchors.
		"<h2 id=\"a\">Title " + anchorOpen + "a" + anchorClose + "</h2><p>text</p>",
		"word" + anchorOpen + "a" + anchorClose + "word " + anchorOpen + "b" + anchorClose,
		"<b " + anchorOpen + "a" + anchorClose + " x> y" + anchorOpen + "not ours\">z</a> w",
		"é " + anchorOpen + "x\">" + anchorOpen + "q" + anchorClose + "é<" + anchorOpen,
	}
}()

func TestCountWordsAgreesWithUnicode(t *testing.T) {
	for _, h := range countWordsCases {
		if got, want := countWords(h), countWordsReference(h); got != want {
			t.Errorf("countWords(%q) = %d, want %d", h, got, want)
		}
		if got, want := countWordsWithoutAnchors(h), countWords(StripAnchors(h)); got != want {
			t.Errorf("countWordsWithoutAnchors(%q) = %d, want %d", h, got, want)
		}
	}
	// A heading's anchor label ("Link to this section") is not counted.
	if got := countWordsWithoutAnchors(countWordsCases[len(countWordsCases)-4]); got != 2 {
		t.Errorf("a heading with its anchor and a paragraph: %d words, want 2", got)
	}
}

// TestCountWordsEveryPosition puts each kind of byte that countWords
// tells apart at every position of the eight bytes it reads at once, in
// runs of words and of spaces, and wants the reference's count.
func TestCountWordsEveryPosition(t *testing.T) {
	specials := []string{" ", "\t", "\n", "\v", "\f", "\r", "\x08", "\x0e", "\x1f", "!", "\x7f",
		"<b>", "<", ">", "é", "\u00a0", "\u2003", "\xff", "\xe2\x80"}
	fills := []string{"abcdefghijklmnopqrstuvwxyz", "a b c d e f g h i j k l m ", "                          ", "ab  cd\tef\ngh ij  kl mn op"}
	for _, fill := range fills {
		for _, sp := range specials {
			for at := range 18 {
				for _, n := range []int{at, at + 1, 8, 16, 24} {
					h := fill[:min(at, len(fill))] + sp + fill[min(at, len(fill)):]
					h = h[:min(n+len(sp), len(h))]
					if got, want := countWords(h), countWordsReference(h); got != want {
						t.Errorf("countWords(%q) = %d, want %d", h, got, want)
					}
				}
			}
		}
	}
}

func FuzzCountWords(f *testing.F) {
	for _, h := range countWordsCases {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		if got, want := countWords(h), countWordsReference(h); got != want {
			t.Errorf("countWords(%q) = %d, want %d", h, got, want)
		}
		if got, want := countWordsWithoutAnchors(h), countWords(StripAnchors(h)); got != want {
			t.Errorf("countWordsWithoutAnchors(%q) = %d, want %d", h, got, want)
		}
	})
}

// scrollCases are Markdown sources with and without the blocks that
// focusableScrollers makes reachable with the keyboard.
var scrollCases = []struct {
	src    string
	scroll bool
}{
	{"Just *words*, a `code span` and <b>HTML</b>.", false},
	{"    indented code\n", true},
	{"```go\nfenced\n```\n", true},
	{"| a | b |\n|---|---|\n| 1 | 2 |\n", true},
	{"- item\n\n      code in a list item\n", true},
	{"> quote\n>\n> ```\n> code in a quote\n> ```\n", true},
	{"> - a\n>   | t |\n>   |---|\n>   | 1 |\n", true},
	{"Text[^1].\n\n[^1]: A note.\n\n        code in a footnote\n", true},
	{"Term\n: ```\n  code in a definition\n  ```\n", true},
	{"<table><tr><td>raw HTML, omitted</td></tr></table>\n", false},
	{"<pre><code>raw HTML, omitted</code></pre>\n", false},
	{"# Heading\n\n1. one\n2. two\n\n---\n\n> quote\n", false},
}

func TestMayScroll(t *testing.T) {
	m := newMarkdown(false, true)
	for _, tc := range scrollCases {
		var got string
		doc, err := m.render([]byte(tc.src), linkBase{basePath: "/"}, &got)
		if err != nil {
			t.Fatal(err)
		}
		if mayScroll(doc) != tc.scroll {
			t.Errorf("mayScroll(%q) = %v, want %v", tc.src, !tc.scroll, tc.scroll)
		}
		if tc.scroll && !strings.Contains(got, `tabindex="0"`) {
			t.Errorf("%q rendered without a focusable scroller:\n%s", tc.src, got)
		}
	}
}

// FuzzMayScroll checks that render, which skips focusableScrollers on
// documents where mayScroll finds nothing, gives what it would have given
// by always calling it, when raw HTML is omitted.
func FuzzMayScroll(f *testing.F) {
	for _, tc := range scrollCases {
		f.Add(tc.src)
	}
	m := newMarkdown(false, true)
	f.Fuzz(func(t *testing.T, src string) {
		var got string
		doc, err := m.render([]byte(src), linkBase{basePath: "/"}, &got)
		if err != nil || mayScroll(doc) {
			return // focusableScrollers ran
		}
		if want := focusableScrollers(got); got != want {
			t.Errorf("render(%q) = %q, want %q", src, got, want)
		}
	})
}

// FuzzSummaryFromBody checks that convert, which takes the summary from
// the body's HTML as it renders the document block by block, gives the
// body, summary and truncation that rendering the document whole and then
// its first paragraph again (firstParagraph) gives, with raw HTML omitted
// and allowed.
func FuzzSummaryFromBody(f *testing.F) {
	for _, src := range []string{
		"First *para* with a [link](x.md).\n\nSecond.\n",
		"# Title\n\nFirst para[^1].\n\nSecond.\n\n[^1]: note\n",
		"Only.\n", "```go\ncode\n```\n\nAfter the code.\n",
		"<div>\nraw\n</div>\n\nText <b>bold</b>.\n",
		"- item\n\n  para in item\n\nTop para.\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n\nText.\n",
		"> quote\n\nPara \"quoted\" -- dash...\n\n[ref]: /u\n",
		"Term\n: definition\n\n## H {#id}\n\nText.\n",
	} {
		f.Add(src)
	}
	for _, tc := range scrollCases {
		f.Add(tc.src)
	}
	ms := []*markdown{newMarkdown(false, true), newMarkdown(true, false)}
	f.Fuzz(func(t *testing.T, src string) {
		if markerIndex([]byte(src)) >= 0 {
			return // the summary is what comes before the marker
		}
		for _, m := range ms {
			got, err := m.convert([]byte(src), "", "/", "dir")
			if err != nil {
				return
			}
			var body string
			doc, err := m.render([]byte(src), linkBase{basePath: "/", dir: "dir"}, &body)
			if err != nil {
				t.Fatal(err)
			}
			summary, truncated := m.firstParagraph(doc, []byte(src))
			if got.content != body || got.summary != summary || got.truncated != truncated {
				t.Errorf("unsafe=%v convert(%q):\nbody %q\nwant %q\nsummary %q truncated %v\nwant    %q %v",
					m.unsafe, src, got.content, body, got.summary, got.truncated, summary, truncated)
			}
		}
	})
}

// scrollersReference is focusableScrollers as one strings.Replacer pass
// with every pattern, the definition the faster version must meet.
func scrollersReference(h string) string {
	var pairs []string
	for _, f := range scrollerFixes {
		pairs = append(pairs, f[0], f[1])
	}
	return strings.NewReplacer(pairs...).Replace(h)
}

var scrollerHTML = []string{
	"",
	"<p>no scroller</p>",
	`<pre class="chroma"><code>x</code></pre>`,
	"<pre><code>x</code></pre><pre><code>y</code></pre>",
	"<table><thead></thead></table><table></table>",
	"<p>a</p><pre><code>\n&lt;table&gt;</code></pre><table>\n<tr><td><pre><code>c</code></pre></td></tr></table>",
	"<pre><pre><code<table></table></table><pre class=\"chroma\">",
}

// FuzzFocusableScrollers compares focusableScrollers with the reference;
// `go test` runs it on scrollerHTML.
func FuzzFocusableScrollers(f *testing.F) {
	for _, h := range scrollerHTML {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		if got, want := focusableScrollers(h), scrollersReference(h); got != want {
			t.Errorf("focusableScrollers(%q) = %q, want %q", h, got, want)
		}
	})
}
