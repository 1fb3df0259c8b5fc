package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/folio-ssg/folio/internal/content"
	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
	"github.com/folio-ssg/folio/internal/site"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Zanzibar Ferry Timetable Changes", []string{"zanzibar", "ferry", "timetable", "changes"}},
		{"The city's budget, and the vote: 2021!", []string{"city", "budget", "vote", "2021"}},
		{"fo-o_bar", []string{"fo", "bar"}}, // "o" is a single Latin letter
		{"Café NAÏVE nai\u0308ve", []string{"café", "naïve", "naïve"}},
		{"ＦＵＬＬ ｗｉｄｔｈ", []string{"full", "width"}},
		{"گزارش ويژه كتاب", []string{"گزارش", "ویژه", "کتاب"}}, // Arabic yeh and kaf fold to Persian
		{"می\u200cشود", []string{"میشود"}},
		{"سال ۱۴۰۰ و ١٤٠٠", []string{"سال", "1400", "و", "1400"}},
		{"ΟΔΟΣ οδος", []string{"οδοσ", "οδοσ"}},
		{"Привет, МИР", []string{"привет", "мир"}},
		{"एक हिन्दी वाक्य", []string{"एक", "हिन्दी", "वाक्य"}},
		{"note↩︎ x", []string{"note"}},
		{strings.Repeat("a", 65) + " ok", []string{"ok"}},
		{"</script><script>alert(1)</script>", []string{"script", "script", "alert", "1", "script"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Terms(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>One</p><p>Two</p>", "One Two"},
		{"<p>fo<em>o</em> &amp; b&#228;r</p>", "foo & bär"},
		{"<p>a<br>b</p>\n\n<ul><li>c</li><li>d</li></ul>", "a b c d"},
		{"<p>x</p><script>var y = '<p>hidden</p>';</script><style>p{}</style><p>z</p>", "x z"},
		{"<pre><code>go  build\n./...</code></pre>", "go build ./..."},
	}
	for _, tt := range tests {
		if got := strings.Join(strings.Fields(plainText(tt.in)), " "); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	if got := excerpt("short", 10); got != "short" {
		t.Errorf("got %q", got)
	}
	if got := excerpt("one two three four", 12); got != "one two…" {
		t.Errorf("got %q", got)
	}
	if got := excerpt("ééééé ééééé", 8); got != "ééééé…" {
		t.Errorf("got %q", got)
	}
	if got := excerpt(" a\n\n  b ", 10); got != "a b" {
		t.Errorf("got %q", got)
	}
	if got := excerpt("word "+strings.Repeat(" ", 100), 10); got != "word…" {
		t.Errorf("got %q", got)
	}
}

// article makes an article as content.Load would.
func article(i int, title, body string, date time.Time) *content.Article {
	html := "<p>" + template.HTMLEscapeString(body) + "</p>"
	a := &content.Article{
		Path: fmt.Sprintf("a%04d.md", i), Title: title, Slug: fmt.Sprintf("a%04d", i),
		Date: date, Lastmod: date, Summary: template.HTML(html),
	}
	a.SetContent(template.HTML(html))
	return a
}

// pageBody returns the rendered body of a page.
func pageBody(t testing.TB, p *site.Page) string {
	t.Helper()
	h, err := p.Content()
	if err != nil {
		t.Fatal(err)
	}
	return string(h)
}

func newSite(t testing.TB, articles []*content.Article) *site.Site {
	t.Helper()
	cfg := site.DefaultConfig()
	cfg.BaseURL = "https://example.org/news/"
	s, err := site.New(cfg, articles, nil, site.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// madeUpWords draws n words of lower-case ASCII letters from rng, each of
// shortest letters plus up to spread-1 more, for generated test content.
func madeUpWords(rng *rand.Rand, n, shortest, spread int) []string {
	words := make([]string, n)
	for i := range words {
		var b strings.Builder
		for range shortest + rng.IntN(spread) {
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
		words[i] = b.String()
	}
	return words
}

// sampleArticles are n articles of generated words, newest last, with a
// few distinctive ones.
func sampleArticles(n int) []*content.Article {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := madeUpWords(rng, 3000, 3, 6)
	start := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	var out []*content.Article
	for i := range n {
		words := make([]string, 120)
		for j := range words {
			words[j] = vocab[rng.IntN(len(vocab))]
		}
		title := fmt.Sprintf("%s %s report", vocab[rng.IntN(len(vocab))], vocab[rng.IntN(len(vocab))])
		out = append(out, article(i, title, strings.Join(words, " "), start.Add(time.Duration(i)*time.Hour)))
	}
	out[n/2].Title = "Zanzibar Ferry Timetable Changes"
	out[n/3].Title = "</script><script>alert(1)</script> Quokka"
	h, _ := out[n/4].Content()
	out[n/4].SetContent(h + "<p>The ferry to Zanzibar sails at noon.</p>")
	return out
}

type memFiles map[string][]byte

func (m memFiles) WriteFile(name string, data []byte) error {
	if _, ok := m[name]; ok {
		return fmt.Errorf("%s written twice", name)
	}
	m[name] = bytes.Clone(data)
	return nil
}

func write(t testing.TB, s *site.Site) memFiles {
	t.Helper()
	m := memFiles{}
	n, err := Write(s, m)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(m) {
		t.Errorf("Write returned %d files, wrote %d", n, len(m))
	}
	return m
}

func TestWriteIsDeterministic(t *testing.T) {
	arts := sampleArticles(700)
	a := write(t, newSite(t, arts))
	// The same articles read in another order give the same bytes.
	shuffled := append([]*content.Article(nil), arts...)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b := write(t, newSite(t, shuffled))
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two writes", name)
		}
	}
	if len(a) < 10 || a[ManifestFile] == nil || a[DocShardFile(6)] == nil || a[DocShardFile(7)] != nil {
		t.Errorf("unexpected files: %d, manifest %t", len(a), a[ManifestFile] != nil)
	}

	// Changing one article changes the version.
	arts[0].Title = "Something else entirely"
	c := write(t, newSite(t, arts))
	var ma, mc Manifest
	json.Unmarshal(a[ManifestFile], &ma)
	json.Unmarshal(c[ManifestFile], &mc)
	if ma.Version == mc.Version || len(ma.Version) != 16 {
		t.Errorf("versions %q and %q", ma.Version, mc.Version)
	}
}

// reader looks words up in a written index the way search.js does.
type reader struct {
	t     *testing.T
	files memFiles
	m     Manifest
}

func newReader(t *testing.T, files memFiles) *reader {
	r := &reader{t: t, files: files}
	if err := json.Unmarshal(files[ManifestFile], &r.m); err != nil {
		t.Fatal(err)
	}
	return r
}

// shardOf returns the key of the shard that holds term: the longest key
// in the manifest that starts it.
func (r *reader) shardOf(term string) string {
	best := ""
	for _, k := range r.m.Shards {
		if strings.HasPrefix(term, k) && len(k) > len(best) {
			best = k
		}
	}
	return best
}

// lookup returns the ids of the articles with term in the title and in
// the text.
func (r *reader) lookup(term string) (title, body []int) {
	key := r.shardOf(term)
	if key == "" {
		return nil, nil
	}
	var shard map[string][2][]int
	if err := json.Unmarshal(r.files[ShardFile(key)], &shard); err != nil {
		r.t.Fatalf("%s: %v", ShardFile(key), err)
	}
	lists, ok := shard[term]
	if !ok {
		return nil, nil
	}
	undelta := func(ds []int) []int {
		var out []int
		id := 0
		for _, d := range ds {
			id += d
			out = append(out, id)
		}
		return out
	}
	return undelta(lists[0]), undelta(lists[1])
}

func (r *reader) doc(id int) Doc {
	var docs []Doc
	if err := json.Unmarshal(r.files[DocShardFile(id/r.m.DocsPerShard)], &docs); err != nil {
		r.t.Fatal(err)
	}
	return docs[id%r.m.DocsPerShard]
}

func TestIndexFinds(t *testing.T) {
	s := newSite(t, sampleArticles(700))
	r := newReader(t, write(t, s))
	if r.m.Articles != 700 || r.m.DocsPerShard != DocsPerShard || r.m.Format != FormatVersion {
		t.Errorf("manifest: %+v", r.m)
	}
	title, body := r.lookup("zanzibar")
	if len(title) != 1 || len(body) != 1 {
		t.Fatalf("zanzibar: title %v, body %v", title, body)
	}
	d := r.doc(title[0])
	if d.Title != "Zanzibar Ferry Timetable Changes" || d.URL != s.Pages[title[0]].RelPermalink || !strings.HasPrefix(d.URL, "/news/") || d.Date == "" {
		t.Errorf("doc %d: %+v", title[0], d)
	}
	if got := r.doc(body[0]); !strings.Contains(pageBody(t, s.Pages[body[0]]), "Zanzibar") || got.Excerpt == "" {
		t.Errorf("body match %d: %+v", body[0], got)
	}
	// Every term of every article is found, in the right list.
	for id, p := range s.Pages {
		for _, term := range Terms(p.Title) {
			title, _ := r.lookup(term)
			if !slices.Contains(title, id) {
				t.Fatalf("%q: article %d not in the title list %v", term, id, title)
			}
		}
	}
	if title, body := r.lookup("the"); title != nil || body != nil {
		t.Errorf("a stop word is indexed")
	}
}

func TestHostileTitle(t *testing.T) {
	hostile := `</script><script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"`
	arts := []*content.Article{article(1, hostile, `<b>bold</b> </script>`, time.Date(2021, 2, 3, 0, 0, 0, 0, time.UTC))}
	files := write(t, newSite(t, arts))
	for name, data := range files {
		if bytes.ContainsAny(data, "<>&") {
			t.Errorf("%s holds raw <, > or &:\n%s", name, data)
		}
	}
	r := newReader(t, files)
	d := r.doc(0)
	if d.Title != hostile {
		t.Errorf("title = %q, want %q", d.Title, hostile)
	}
	if d.Excerpt != "<b>bold</b> </script>" {
		t.Errorf("excerpt = %q", d.Excerpt)
	}
	if title, _ := r.lookup("onerror"); len(title) != 1 {
		t.Errorf("onerror: %v", title)
	}
}

func TestEmptySite(t *testing.T) {
	files := write(t, newSite(t, nil))
	if len(files) != 1 {
		t.Errorf("files: %v", files)
	}
	want := `{"format":1,"version":"e3b0c44298fc1c14","articles":0,"docsPerShard":100,"shards":[],"stopWords":[`
	if got := string(files[ManifestFile]); !strings.HasPrefix(got, want) {
		t.Errorf("manifest:\n%s\nwant it to start with\n%s", got, want)
	}
}

// TestShardSplitting checks that large groups split one letter deeper,
// that no shard of several terms passes the limit, and that every term
// lives in the shard of the longest key that starts it.
func TestShardSplitting(t *testing.T) {
	var entries []encoded
	add := func(term string, size int) {
		entries = append(entries, encoded{term: term, json: bytes.Repeat([]byte{'x'}, size)})
	}
	add("5", 10)
	add("a", 100)
	for _, c := range "abcdefghij" { // 10 × 4 KB under "a": split
		add("a"+string(c), 100)
		add("a"+string(c)+"x", 4000)
	}
	add("ab"+strings.Repeat("y", 3), 40000) // "ab" itself outgrows the limit: "aby"
	add("b", 100)                           // a small group stays whole
	add("bo", 100)
	add("ééé", 100)
	slices.SortFunc(entries, func(a, b encoded) int { return strings.Compare(a.term, b.term) })

	shards := map[string][]string{}
	var keys []string
	shard(entries, 1, func(key string, es []encoded) {
		keys = append(keys, key)
		size := 0
		for _, e := range es {
			shards[key] = append(shards[key], e.term)
			size += len(e.json)
		}
		if size > maxShardBytes && len(es) > 1 && len([]rune(key)) < maxKeyRunes {
			t.Errorf("shard %q: %d bytes", key, size)
		}
	})
	want := []string{"5", "a", "aa", "ab", "abx", "aby", "ac", "ad", "ae", "af", "ag", "ah", "ai", "aj", "b", "é"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %q, want %q", keys, want)
	}
	r := &reader{m: Manifest{Shards: keys}}
	for _, e := range entries {
		key := r.shardOf(e.term)
		if !slices.Contains(shards[key], e.term) {
			t.Errorf("%q: not in shard %q (%q)", e.term, key, shards[key])
		}
	}
	if ShardFile("ab") != "search/terms/ab.json" || ShardFile("é") != "search/terms/xc3a9.json" || ShardFile("A") != "search/terms/x41.json" {
		t.Errorf("shard files: %s %s", ShardFile("ab"), ShardFile("é"))
	}
}

// BenchmarkWrite indexes 5,000 articles of 120 words.
func BenchmarkWrite(b *testing.B) {
	s := newSite(b, sampleArticles(5000))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Write(s, memFiles{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTermSet checks that a termSet tells the first time each article has
// a term, across growth and the forgetting of past articles' terms.
func TestTermSet(t *testing.T) {
	var s termSet
	rng := rand.New(rand.NewPCG(5, 6))
	for article := range 400 {
		s.next()
		seen := map[string]bool{}
		for range 300 {
			// Mostly common words, some rare ones, so that the set grows
			// past maxTermSlots and starts again.
			w := fmt.Sprintf("w%d", rng.IntN(50))
			if rng.IntN(2) == 0 {
				w = fmt.Sprintf("r%d-%d", article, rng.IntN(1000))
			}
			got, ok := s.add([]byte(w))
			if ok == seen[w] || ok && got != w {
				t.Fatalf("article %d: add(%q) = %q, %t; seen before: %t", article, w, got, ok, seen[w])
			}
			seen[w] = true
		}
		if len(s.slots) > 2*maxTermSlots {
			t.Fatalf("%d slots", len(s.slots))
		}
	}
	if s.stamp >= 400 {
		t.Errorf("the set never started again (stamp %d)", s.stamp)
	}
}
