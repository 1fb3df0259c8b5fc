package linkcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name, dir, base string
		want            []Broken
	}{
		{
			name: "a site at the root of its host", dir: "root", base: "https://example.org/",
			want: []Broken{
				{"about/index.html", "../../../etc/passwd", "no such page"},
				{"index.html", "#missing", `no element with id "missing" on the page`},
				{"index.html", "/about/#nobody", `no element with id "nobody" on about/index.html`},
				{"index.html", "/app.js", "no such file"},
				{"index.html", "/embed/", "no such page"},
				{"index.html", "/tags/nope/", "no such page"},
				{"index.html", "https://example.org/feed.xml", "no such file"},
				{"index.html", "https://example.org/gone/", "no such page"},
				{"index.html", "img/pic@2x.png", "no such file"},
				{"redirect/index.html", "/moved-away/", "no such page"},
			},
		},
		{
			name: "without a base URL, absolute links are not checked", dir: "root", base: "",
			want: []Broken{
				{"about/index.html", "../../../etc/passwd", "no such page"},
				{"index.html", "#missing", `no element with id "missing" on the page`},
				{"index.html", "/about/#nobody", `no element with id "nobody" on about/index.html`},
				{"index.html", "/app.js", "no such file"},
				{"index.html", "/embed/", "no such page"},
				{"index.html", "/tags/nope/", "no such page"},
				{"index.html", "img/pic@2x.png", "no such file"},
				{"redirect/index.html", "/moved-away/", "no such page"},
			},
		},
		{
			name: "a site under a base path", dir: "blog", base: "https://example.org/blog/",
			want: []Broken{
				{"index.html", "../", "outside the site's base path /blog/"},
				{"index.html", "/post/", "outside the site's base path /blog/"},
				{"index.html", "https://example.org/blog/nope/", "no such page"},
				{"post/index.html", "/blog/#nowhere", `no element with id "nowhere" on index.html`},
			},
		},
		{
			name: "a base path alone", dir: "blog", base: "/blog/",
			want: []Broken{
				{"index.html", "../", "outside the site's base path /blog/"},
				{"index.html", "/post/", "outside the site's base path /blog/"},
				{"post/index.html", "/blog/#nowhere", `no element with id "nowhere" on index.html`},
			},
		},
		{
			name: "percent-encoded non-Latin paths and fragments", dir: "unicode", base: "https://example.org/",
			want: []Broken{
				{"index.html", "/%DA%AF%D8%B2%D8%A7%D8%B1%D8%B4-%D9%88%DB%8C%DA%98%D9%87/#نیست", `no element with id "نیست" on گزارش-ویژه/index.html`},
				{"index.html", "/tags/%D8%A7%DB%8C%D8%B1%D8%A7%D9%86/", "no such page"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Check(filepath.Join("testdata", tt.dir), tt.base)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", list(got), list(tt.want))
			}
		})
	}
}

func list(bs []Broken) string {
	var s []string
	for _, b := range bs {
		s = append(s, "  "+b.String())
	}
	return strings.Join(s, "\n")
}

func TestCheckErrors(t *testing.T) {
	if _, err := Check(filepath.Join("testdata", "no-such-folder"), ""); err == nil {
		t.Error("a missing folder: no error")
	}
	if _, err := Check(filepath.Join("testdata", "root", "style.css"), ""); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("a file: %v", err)
	}
}

func TestRefreshURL(t *testing.T) {
	for in, want := range map[string]string{
		"0; url=/a/":       "/a/",
		"0;URL='/b/'":      "/b/",
		`5, url = "/c/"`:   "/c/",
		"3":                "",
		"0; /d/":           "/d/",
		"0; url=https://x": "https://x",
	} {
		if got := refreshURL(in); got != want {
			t.Errorf("refreshURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestManyPages checks a generated site of a few thousand pages, each
// linking to its neighbours, a fragment of the next page and one page that
// is missing, and reads every broken link back.
func TestManyPages(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	dir := writeSite(t, n)
	got, err := Check(dir, "https://example.org/")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n/100 {
		t.Fatalf("%d broken links, want %d: %v", len(got), n/100, got[:min(5, len(got))])
	}
	for _, b := range got {
		if !strings.HasPrefix(b.Link, "/missing/") || b.Reason != "no such page" {
			t.Errorf("unexpected: %s", b)
		}
	}
}

// BenchmarkCheck checks a generated site of 10,000 pages.
func BenchmarkCheck(b *testing.B) {
	dir := writeSite(b, 10000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Check(dir, "https://example.org/"); err != nil {
			b.Fatal(err)
		}
	}
}

// writeSite writes n article pages of a typical size, each with links to
// the home page, a stylesheet, its neighbours and a section of the next;
// every hundredth also links to a missing page.
func writeSite(t testing.TB, n int) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("style.css", "body{}")
	write("index.html", `<!DOCTYPE html><title>Home</title><link rel="stylesheet" href="/style.css"><a href="/a/0/">First</a>`)
	text := strings.Repeat("<p>Words of an article, with <em>some</em> emphasis and a <a href=\"https://elsewhere.example/\">link elsewhere</a>.</p>\n", 40)
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "<!DOCTYPE html><html><head><title>%d</title><link rel=\"stylesheet\" href=\"/style.css\"><link rel=\"canonical\" href=\"https://example.org/a/%d/\"></head><body>", i, i)
		fmt.Fprintf(&b, "<nav><a href=\"/\">Home</a> <a href=\"../%d/\">Previous</a> <a href=\"/a/%d/#more\">Next</a></nav>", max(i-1, 0), (i+1)%n)
		b.WriteString("<main id=\"main\"><h2 id=\"more\">More</h2>" + text)
		if i%100 == 0 {
			fmt.Fprintf(&b, "<a href=\"/missing/%d/\">missing</a>", i)
		}
		b.WriteString("<a href=\"#main\">Top</a></main></body></html>")
		write(fmt.Sprintf("a/%d/index.html", i), b.String())
	}
	return dir
}
