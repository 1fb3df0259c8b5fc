package serve

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/folio-ssg/folio/internal/browsertest"
)

// TestBrowserLiveReload drives a real Chromium against the preview: an
// edit shows up without a manual reload, a broken front matter shows the
// overlay and a fix clears it, and a CSS change restyles the page without
// losing the scroll position.
func TestBrowserLiveReload(t *testing.T) {
	ctx := browsertest.New(t, 60*time.Second)
	dir := newSite(t)
	long := strings.Repeat("A long paragraph to make the page scroll. ", 40)
	article := func(body string) string {
		return "---\ntitle: First\ndate: 2021-01-01\n---\n" + body + "\n\n" + strings.Repeat(long+"\n\n", 30)
	}
	writeFile(t, filepath.Join(dir, "content/first.md"), article("Original text."))
	p, ts := newPreview(t, dir)
	wctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.Watch(wctx, 20*time.Millisecond)

	waitFor := func(what, js string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("timed out waiting for %s", what)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/first/")); err != nil {
		t.Fatal(err)
	}
	waitFor("the page", `document.body.innerText.includes("Original text.")`)
	waitForClients(t, p.Handler(), 1)

	writeFile(t, filepath.Join(dir, "content/first.md"), article("Edited in the editor."))
	waitFor("the edit to appear without a manual reload", `document.body.innerText.includes("Edited in the editor.")`)

	waitForClients(t, p.Handler(), 1)
	writeFile(t, filepath.Join(dir, "content/first.md"), "---\ntitle: First\ndate: someday\n---\nBroken.\n")
	waitFor("the error overlay", `(() => { const el = document.getElementById("folio-error-overlay"); return !!el && el.innerText.includes("content/first.md:3") })()`)

	writeFile(t, filepath.Join(dir, "content/first.md"), article("Fixed again."))
	waitFor("the overlay to clear", `!document.getElementById("folio-error-overlay") && document.body.innerText.includes("Fixed again.")`)

	waitForClients(t, p.Handler(), 1)
	scrolled, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.scrollTo(0, 1500); window.__folioMarker = "same page"; window.scrollY`))
	if err != nil || scrolled < 1000 {
		t.Fatalf("could not scroll: %v %v", err, scrolled)
	}
	writeFile(t, filepath.Join(dir, "templates/style.css"), "body { background: rgb(1, 2, 3); }\n")
	waitFor("the new style", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	marker, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.__folioMarker || ""`))
	if err != nil {
		t.Fatal(err)
	}
	y, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.scrollY`))
	if err != nil {
		t.Fatal(err)
	}
	if marker != "same page" || y != scrolled {
		t.Errorf("the CSS change reloaded the page or lost the scroll position: marker %q, scrollY %v (was %v)", marker, y, scrolled)
	}
}
