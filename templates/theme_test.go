package templates_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/folio-ssg/folio/internal/build"
)

// TestThemeInBrowser builds the example site with the default theme and
// looks at it in Chromium at phone and desktop widths, in light and dark
// mode. No page may scroll sideways; code blocks and tables must scroll on
// their own instead; dark mode must be dark; text must start on the side its
// language reads from. It saves a full-page screenshot of every case in
// $FOLIO_SCREENSHOTS (default: a temporary folder), named like
// home-phone-dark.png, for people to look at.
//
// Besides the example site it builds a variant with a Persian article and
// two stories a page, for right-to-left layout and pagination.
func TestThemeInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium not found at /usr/bin/chromium or on $PATH; the browser test must run on CI")
		}
		t.Skip("chromium not found at /usr/bin/chromium or on $PATH")
	}

	shots := os.Getenv("FOLIO_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	sites := map[string]string{
		"example": serveSite(t, ".."),
		"variant": serveSite(t, variantSite(t)),
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browserCtx); err != nil { // start the browser
		t.Fatalf("starting %s: %v", chromium, err)
	}

	start := time.Now()
	var views atomic.Int32
	t.Run("pages", func(t *testing.T) {
		for _, pg := range themePages {
			for _, vp := range viewports {
				for _, scheme := range []string{"light", "dark"} {
					if vp.lightOnly && scheme == "dark" {
						continue
					}
					name := fmt.Sprintf("%s-%s-%s", pg.name, vp.name, scheme)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						views.Add(1)
						tabCtx, cancelTab := chromedp.NewContext(browserCtx)
						defer cancelTab()
						r, png := look(t, tabCtx, sites[pg.site]+pg.path, vp, scheme, pg)
						if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
							t.Error(err)
						}
						checkLayout(t, r, pg, vp, scheme)
					})
				}
			}
		}
	})
	t.Logf("%d views in %v; screenshots in %s", views.Load(), time.Since(start).Round(100*time.Millisecond), shots)
}

// themePage is a page the browser test looks at.
type themePage struct {
	name string
	// site is "example" (the repository's example site) or "variant"
	// (variantSite).
	site, path string
	// has lists selectors the page must match, so that a check such as
	// "code blocks scroll" cannot pass because the page has no code.
	has []string
	// lacks lists selectors the page must not match.
	lacks []string
	// wait is a selector to wait for before looking, for what a script
	// puts on the page.
	wait string
	// dir is the page's expected writing direction.
	dir string
	// scrolls says a code block or table is wider than a phone's screen,
	// so that the test sees one scroll on its own.
	scrolls bool
}

var themePages = []themePage{
	{name: "home", site: "example", path: "/", dir: "ltr", has: []string{".masthead", ".site-nav a", ".stories__lead .card", ".stories > li + li", ".site-footer"}},
	{name: "table", site: "example", path: "/2025/01/new-rail-timetable-adds-late-trains-on-three-lines/", dir: "ltr", has: []string{".prose table", ".article__meta", ".tag-list a"}},
	{name: "code", site: "example", path: "/2025/02/typesetting-the-news-quotes-dashes-and-other-small-things/", dir: "ltr", has: []string{".prose pre.chroma", ".footnotes"}, scrolls: true},
	{name: "feature", site: "example", path: "/2025/03/after-three-years-the-city-library-reopens-its-reading-room/", dir: "ltr", has: []string{".deck", ".prose img"}},
	{name: "news", site: "example", path: "/2021/02/officials-warn-of-plot-to-revive-terrorists/", dir: "ltr", has: []string{".dateline"}},
	{name: "tag", site: "example", path: "/tags/cities/", dir: "ltr", has: []string{".list-header__title", ".stories .card"}},
	{name: "terms", site: "example", path: "/tags/", dir: "ltr", has: []string{".term-list a"}},
	{name: "archive", site: "example", path: "/archive/", dir: "ltr", has: []string{".archive__year", ".archive__months a"}},
	{name: "year", site: "example", path: "/2025/", dir: "ltr", has: []string{".list-header__title", ".list-header__months a", ".stories .card"}, lacks: []string{".stories__lead", ".masthead--front"}},
	{name: "404", site: "example", path: "/404.html", dir: "ltr", has: []string{".list-header__title"}},
	{name: "search", site: "example", path: "/search/?q=library", dir: "ltr", wait: ".search__results li", has: []string{".search__form input", ".search__results .card"}},
	{name: "rtl-article", site: "variant", path: "/2025/03/library-reopens-fa/", dir: "rtl", has: []string{".toc a", ".prose table", ".prose blockquote", ".deck", `.masthead[dir="ltr"]`}},
	{name: "rtl-home", site: "variant", path: "/", dir: "ltr", has: []string{`.stories__lead .card[dir="rtl"]`}},
	{name: "page2", site: "variant", path: "/page/2/", dir: "ltr", has: []string{".pagination [rel=prev]", ".pagination [rel=next]", `.pagination [aria-current="page"]`}, lacks: []string{".stories__lead"}},
	{name: "author", site: "variant", path: "/authors/maryam-ahmadi/", dir: "ltr", has: []string{".list-header__bio", ".stories .card"}},
}

// viewport is a browser window size the theme must work at.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
	// lightOnly skips dark mode: layout does not depend on the colours.
	lightOnly bool
}

var viewports = []viewport{
	{name: "phone", width: 390, height: 844, mobile: true},
	{name: "desktop", width: 1280, height: 900},
	// The narrowest phones still in use: text must not overflow here either.
	{name: "narrow", width: 320, height: 640, mobile: true, lightOnly: true},
}

func findChromium() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	p, _ := exec.LookPath("chromium")
	return p
}

// serveSite builds the site at src into a temporary folder and serves it;
// it returns the server's URL.
func serveSite(t *testing.T, src string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(build.Options{Source: src, Destination: out}); err != nil {
		t.Fatalf("building %s: %v", src, err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	return srv.URL
}

// variantSite writes a copy of the example site's content with a Persian
// article added and two stories a page, and returns its folder.
func variantSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../content")); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"folio.toml": `title = "The Folio Gazette"
description = "News, features and notes from a small newsroom"
base_url = "https://example.org/"
language = "en"
timezone = "Asia/Tehran"
paginate = 2

[authors."Maryam Ahmadi"]
bio = "Maryam Ahmadi covers culture, cities and the people who keep them running."
`,
		"content/world/library-fa.md": persianArticle,
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// persianArticle is a right-to-left article with the parts whose layout
// direction matters: headings, a list, a quotation, a table with numbers.
const persianArticle = `---
title: "کتابخانهٔ مرکزی شهر پس از سه سال بازگشایی شد"
subtitle: "سقف مرمت‌شده، چهل هزار جلد کتاب در قفسه‌های باز و ساعت کاری طولانی‌تر"
slug: library-reopens-fa
lang: fa
toc: true
date: 2025-03-16T10:00:00+03:30
authors: [مریم احمدی]
tags: [کتابخانه, فرهنگ]
categories: [Culture]
---

تالار بزرگ مطالعهٔ کتابخانهٔ مرکزی صبح جمعه، سه سال پس از آن‌که آب‌گرفتگی آن را تعطیل کرد،
دوباره درهایش را به روی مردم گشود. تا ساعت نه صبح صفی از دانشجویان و بازنشستگان دور ساختمان
کشیده شده بود.

> «انتظار داشتیم کل سقف را عوض کنیم؛ اما بیشتر گچ‌بری اصلی و همهٔ چراغ‌ها را نجات دادیم.»

## چه چیزی تغییر کرده است

- تالار اکنون در روزهای کاری تا ساعت ۲۲ باز است.
- چهل هزار جلد کتاب از مخزن بسته به قفسه‌های باز برگشته است.
- اینترنت بی‌سیم (Wi-Fi) به همهٔ میزها می‌رسد.

| روز | ساعت گشایش | ساعت بستن |
|-----|-----------:|----------:|
| شنبه تا چهارشنبه | ۸:۰۰ | ۲۲:۰۰ |
| پنجشنبه | ۹:۰۰ | ۱۸:۰۰ |
| جمعه | ۱۰:۰۰ | ۱۴:۰۰ |

## چه چیزی تغییر نکرده است

سکوت. تابلویی کنار در، که در سال ۱۳۱۰ با دست نوشته شده، هنوز از خوانندگان می‌خواهد
«هیاهوی شهر را بیرون بگذارند».
`

// layoutReport is what layoutScript measures in the page.
type layoutReport struct {
	ScrollWidth int `json:"scrollWidth"`
	InnerWidth  int `json:"innerWidth"`
	// Missing are the selectors of the page's "has" list that match
	// nothing, Present those of its "lacks" list that match something.
	Missing []string `json:"missing"`
	Present []string `json:"present"`
	// Wide are elements whose box reaches past the edges of the window.
	Wide []string `json:"wide"`
	// Unscrollable are code blocks and tables wider than their box that do
	// not scroll; Scrolling are those that do.
	Unscrollable []string `json:"unscrollable"`
	Scrolling    int      `json:"scrolling"`
	// Background is the computed background colour of the body, and Dark
	// whether (prefers-color-scheme: dark) matches.
	Background string `json:"background"`
	Dark       bool   `json:"dark"`
	// Dir is the page's direction, and StartGap how far the first line of
	// the page's main heading is from its box's start edge, in pixels.
	Dir      string  `json:"dir"`
	StartGap float64 `json:"startGap"`
}

// layoutScript measures the page. The %s are JSON lists of selectors that
// must and must not match something.
const layoutScript = `(() => {
  const has = %s, lacks = %s;
  const vw = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");

  // Every element must lie within the window, except inside a box that
  // scrolls or clips sideways (a code block, a table): that box is checked
  // instead. The skip link waits above the page until it has focus.
  const wide = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
  const nextOutside = () => {
    for (let n = walker.currentNode; n && n !== document.body; n = n.parentNode) {
      if (n.nextElementSibling) return (walker.currentNode = n.nextElementSibling);
    }
    return null;
  };
  for (let el = walker.nextNode(); el; ) {
    const st = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const parked = st.position === "absolute" && r.bottom <= 0;
    if (r.width > 0 && r.height > 0 && !parked && (r.left < -0.5 || r.right > vw + 0.5)) {
      wide.push(name(el) + " [" + Math.round(r.left) + ", " + Math.round(r.right) + "]");
    }
    el = st.overflowX !== "visible" ? nextOutside() : walker.nextNode();
  }

  const unscrollable = [];
  let scrolling = 0;
  for (const el of document.querySelectorAll(".prose pre, .prose table")) {
    if (el.scrollWidth <= el.clientWidth) continue;
    const ox = getComputedStyle(el).overflowX;
    if (ox === "auto" || ox === "scroll") scrolling++;
    else unscrollable.push(name(el) + " (overflow-x: " + ox + ")");
  }

  // Where does the main heading's first line start?
  const h = [...document.querySelectorAll("main h1, main h2")].find((e) => e.getBoundingClientRect().width > 1);
  let startGap = -1;
  if (h) {
    const range = document.createRange();
    range.selectNodeContents(h);
    const line = range.getClientRects()[0], box = h.getBoundingClientRect();
    const rtl = getComputedStyle(h).direction === "rtl";
    startGap = line ? (rtl ? box.right - line.right : line.left - box.left) : -1;
  }

  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: vw,
    missing: has.filter((s) => !document.querySelector(s)),
    present: lacks.filter((s) => document.querySelector(s)),
    wide: wide.slice(0, 8),
    unscrollable,
    scrolling,
    background: getComputedStyle(document.body).backgroundColor,
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
    dir: document.documentElement.dir,
    startGap,
  };
})()`

// look loads url in the tab at the viewport and colour scheme, measures
// the layout and takes a full-page screenshot.
func look(t *testing.T, tabCtx context.Context, url string, vp viewport, scheme string, pg themePage) (layoutReport, []byte) {
	t.Helper()
	err := chromedp.Do(tabCtx,
		chromedp.EmulateViewport(vp.width, vp.height, func(p *emulation.SetDeviceMetricsOverrideParams, _ *emulation.SetTouchEmulationEnabledParams) {
			p.Mobile = vp.mobile
		}),
		chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
			_, err := cdp.Call(ctx, tgt, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}),
		chromedp.Navigate(url),
	)
	if err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
	if pg.wait != "" {
		waitCtx, cancel := context.WithTimeout(tabCtx, 10*time.Second)
		err := chromedp.Do(waitCtx, chromedp.WaitVisible(chromedp.CSS(pg.wait)))
		cancel()
		if err != nil {
			t.Fatalf("waiting for %s on %s: %v", pg.wait, url, err)
		}
	}
	has, _ := json.Marshal(append([]string{}, pg.has...)) // [] rather than null
	lacks, _ := json.Marshal(append([]string{}, pg.lacks...))
	r, err := chromedp.Run(tabCtx, chromedp.Evaluate[layoutReport](fmt.Sprintf(layoutScript, has, lacks)))
	if err != nil {
		t.Fatalf("measuring %s: %v", url, err)
	}
	png, err := chromedp.Run(tabCtx, chromedp.FullScreenshot(100)) // 100: PNG
	if err != nil {
		t.Fatalf("screenshot of %s: %v", url, err)
	}
	return r, png
}

func checkLayout(t *testing.T, r layoutReport, pg themePage, vp viewport, scheme string) {
	t.Helper()
	if len(r.Missing) > 0 {
		t.Errorf("%s matches nothing for %q (is the test's page list out of date with the example site?)", pg.path, r.Missing)
	}
	if len(r.Present) > 0 {
		t.Errorf("%s should not match %q", pg.path, r.Present)
	}
	if r.ScrollWidth > r.InnerWidth {
		t.Errorf("page scrolls sideways: %dpx wide in a %dpx window; too wide: %v", r.ScrollWidth, r.InnerWidth, r.Wide)
	} else if len(r.Wide) > 0 {
		t.Errorf("elements reach past the %dpx window and are cut off: %v", r.InnerWidth, r.Wide)
	}
	if len(r.Unscrollable) > 0 {
		t.Errorf("code blocks or tables wider than their box do not scroll: %v", r.Unscrollable)
	}
	if pg.scrolls && vp.mobile && r.Scrolling == 0 {
		t.Errorf("expected a code block or table to scroll sideways at %dpx, none does", vp.width)
	}
	if r.Dir != pg.dir {
		t.Errorf("<html dir=%q>, want %q", r.Dir, pg.dir)
	}
	if r.StartGap < 0 || r.StartGap > 2 {
		t.Errorf("the main heading's first line starts %.0fpx from its %s start edge (-1: no heading)", r.StartGap, pg.dir)
	}
	if r.Dark != (scheme == "dark") {
		t.Errorf("prefers-color-scheme emulation failed: dark = %v in %s mode", r.Dark, scheme)
	}
	switch lum, err := luminance(r.Background); {
	case err != nil:
		t.Errorf("body background: %v", err)
	case scheme == "dark" && lum > 0.05:
		t.Errorf("dark mode has a light background, %s", r.Background)
	case scheme == "light" && lum < 0.8:
		t.Errorf("light mode has a dark background, %s", r.Background)
	}
}

// luminance returns the WCAG relative luminance of a computed CSS colour,
// "rgb(r, g, b)" or "rgba(r, g, b, a)".
func luminance(css string) (float64, error) {
	s := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(css, "rgba("), "rgb("), ")")
	parts := strings.Split(s, ",")
	if len(parts) < 3 {
		return 0, fmt.Errorf("cannot read colour %q", css)
	}
	var sum float64
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		var c float64
		if _, err := fmt.Sscan(strings.TrimSpace(parts[i]), &c); err != nil {
			return 0, fmt.Errorf("cannot read colour %q: %v", css, err)
		}
		c /= 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		sum += weight * c
	}
	return sum, nil
}
