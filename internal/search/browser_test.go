package search_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/folio-ssg/folio/internal/browsertest"
	"github.com/folio-ssg/folio/internal/build"
)

const hostile = `</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> Quokka Sightings`

// TestBrowserSearch builds a site of 1,000 generated articles under the
// base path /news/, serves the output as a static host would, and uses
// the search page in Chromium: typing finds the article by its title
// first, only a few shards are fetched, the plain form's ?q= works, and a
// headline made of markup stays text.
func TestBrowserSearch(t *testing.T) {
	ctx := browsertest.New(t, 30*time.Second)
	src := generateSite(t, 1000)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(build.Options{Source: src, Destination: out, Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/news/", http.StripPrefix("/news", http.FileServer(http.Dir(out))))
	ts := httptest.NewServer(mux)
	defer ts.Close()

	waitFor := func(what, js string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("[data-search-status]").textContent + " | " + document.querySelector("[data-search-results]").innerText`))
		t.Fatalf("timed out waiting for %s; the page shows: %s", what, status)
	}
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/news/search/"), chromedp.WaitReady("#search-q")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys("#search-q", "zanzibar ferr")); err != nil {
		t.Fatal(err)
	}
	const first = `document.querySelector("[data-search-results] li a")`
	waitFor("the first result", first+`?.textContent === "Zanzibar Ferry Timetable Changes"`)
	waitFor("the count", `document.querySelector("[data-search-status]").textContent === "3 articles"`)
	if got := eval(`Array.from(document.querySelectorAll("[data-search-results] li h2")).map(h => h.textContent).join(" | ")`); got != "Zanzibar Ferry Timetable Changes | Zanzibar Spice Market Reopens | New Ferry Routes for the Islands" {
		t.Errorf("results: %s", got)
	}
	if got := eval(first + `.querySelectorAll("mark").length + " " + ` + first + `.getAttribute("href")`); !strings.HasPrefix(got, "2 /news/") {
		t.Errorf("first result: marks and link %q", got)
	}
	if got := eval(`location.search`); got != "?q=zanzibar+ferr" {
		t.Errorf("the address does not keep the query: %q", got)
	}
	// Only what the query needs was fetched: the manifest, the shards of
	// "zanzibar" and "ferr", and the article shards of the three results
	// (ids 99, 499 and 899: shards 0, 4 and 8 of 10).
	if got := eval(`(() => { const r = performance.getEntriesByType("resource").map(e => e.name);
		return [r.filter(n => n.includes("/search/index.json")).length, r.filter(n => n.includes("/search/terms/")).length, r.filter(n => n.includes("/search/docs/")).length].join(" ") })()`); got != "1 2 3" {
		t.Errorf("fetched manifest, term shards, doc shards: %s", got)
	}

	// The plain form: /search/?q= on its own, and a headline of markup.
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/news/search/?q=quokka")); err != nil {
		t.Fatal(err)
	}
	waitFor("the quokka result", first+`?.textContent === `+jsString(hostile))
	if got := eval(`String(window.__pwned) + " " + document.querySelectorAll("[data-search-results] script, [data-search-results] img").length + " " + document.querySelector("#search-q").value`); got != "undefined 0 quokka" {
		t.Errorf("pwned, injected elements, input: %q", got)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "<", `\u003c`)
	return `"` + r.Replace(s) + `"`
}

// generateSite writes a site of n articles, one an hour from 2020, with
// titles and text drawn from a fixed list of words, and a few articles
// with words no other article has.
func generateSite(t *testing.T, n int) string {
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
	write("folio.toml", "title = \"Search Test\"\nbase_url = \"https://example.org/news/\"\n")
	words := strings.Fields(`council budget harbour market school bridge river station library museum
		festival election weather hospital airport railway theatre garden factory village mayor
		committee report debate storm harvest bakery stadium orchestra tramway lighthouse archive
		ministry parliament court strike union tourist season winter summer autumn spring coast`)
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func() string { return words[rng.IntN(len(words))] }
	start := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	special := map[int][2]string{
		500: {"Zanzibar Ferry Timetable Changes", "The ferry between Zanzibar and the mainland sails later from Monday."},
		900: {"Zanzibar Spice Market Reopens", "Traders arrived on the first ferry of the morning."},
		100: {"New Ferry Routes for the Islands", "Boats will call at Zanzibar twice a week."},
		300: {hostile, "A quokka was seen near the harbour."},
	}
	for i := range n {
		w := pick()
		title := fmt.Sprintf("%s%s %s %s", strings.ToUpper(w[:1]), w[1:], pick(), pick())
		var body strings.Builder
		for p := range 3 {
			for range 40 {
				body.WriteString(pick() + " ")
			}
			body.WriteString(fmt.Sprintf("paragraph %d.\n\n", p))
		}
		if s, ok := special[i]; ok {
			title = s[0]
			body.WriteString(s[1] + "\n")
		}
		date := start.Add(time.Duration(i) * time.Hour).Format(time.RFC3339)
		write(fmt.Sprintf("content/a%04d.md", i), fmt.Sprintf("---\ntitle: '%s'\ndate: %s\nslug: a%04d\n---\n%s", title, date, i, body.String()))
	}
	return dir
}
