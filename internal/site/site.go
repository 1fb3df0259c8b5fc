package site

import (
	"fmt"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/diag"
	"github.com/folio-ssg/folio/internal/slug"
)

// Site is the model of a whole site, ready to render.
type Site struct {
	Config *Config
	// Pages are the published articles, newest first; articles with the
	// same date are ordered by permalink so that output never depends on the
	// order files were read in.
	Pages []*Page
	// Taxonomies are the site's taxonomies (tags, categories) in that order.
	Taxonomies []*Taxonomy
	// Home are the pagers of the home page: page 1 at /, then /page/2/, …
	Home []*Pager
	// BasePath is the path part of the base URL ("/" or e.g. "/blog/").
	BasePath string
	// Skipped counts the articles left out, by reason ("draft", "future",
	// "expired").
	Skipped map[string]int
	// SettledFrom and SettledUntil bound the build times around
	// Options.Now at which exactly the same articles are in the build: no
	// article's date, publishDate or expiryDate falls in between. A build
	// cache may reuse the output for any build time t with SettledFrom <= t
	// < SettledUntil. A zero time means no bound on that side.
	SettledFrom, SettledUntil time.Time
	// Years are the date archives, newest first, each with its months.
	Years []*Archive
	// Archive is the URL of the index of all years and months, and the
	// zero Link when the configuration turns the archives off.
	Archive Link
	// Aliases are the redirect pages written at articles' old URLs.
	Aliases []Alias

	origin string // scheme and host of the base URL, or ""
	// dates holds each page's date by index in Pages, for the search for
	// related articles (see Term.indexes).
	dates []instant
}

// Page is a published article with its place in the site.
type Page struct {
	*content.Article
	// RelPermalink is the page's URL path, base path included and
	// percent-encoded ("/2021/02/hello/").
	RelPermalink string
	// Permalink is the absolute URL when the site has a base URL, else the
	// same as RelPermalink.
	Permalink string
	// OutputPath is the file the page is written to, relative to the
	// output folder ("2021/02/hello/index.html").
	OutputPath string
	// Older and Newer are the articles published just before and after
	// this one (nil at either end), for previous/next navigation.
	Older, Newer *Page
	// ShowTOC reports whether the page shows a table of contents: the
	// article asks for one, or is long enough for the site's
	// [markdown] toc_min_words.
	ShowTOC bool

	// terms are the page's terms by taxonomy: a short list rather than a
	// map, as a map per page cost 47 MB at 100,000 articles.
	terms   []pageTerms
	site    *Site
	index   int // position in Site.Pages
	related relatedOnce
}

// GetTerms returns the page's terms in the named taxonomy, in front matter
// order, so that templates can link each tag to its page (Hugo's .GetTerms).
func (p *Page) GetTerms(taxonomy string) []*Term {
	for _, pt := range p.terms {
		if pt.taxonomy == taxonomy {
			return pt.terms
		}
	}
	return nil
}

// pageTerms are a page's terms in one taxonomy.
type pageTerms struct {
	taxonomy string
	terms    []*Term
}

// addTerm appends term to the page's terms in taxonomy.
func (p *Page) addTerm(taxonomy string, term *Term) {
	for i := range p.terms {
		if p.terms[i].taxonomy == taxonomy {
			p.terms[i].terms = append(p.terms[i].terms, term)
			return
		}
	}
	p.terms = append(p.terms, pageTerms{taxonomy, []*Term{term}})
}

// Options says which articles a build includes.
type Options struct {
	// Drafts includes articles marked draft.
	Drafts bool
	// Future includes articles dated after Now.
	Future bool
	// Expired includes articles past their expiry date.
	Expired bool
	// Now is the time against which future dates are judged.
	Now time.Time
}

// New builds the site model from loaded content. files are the paths under
// content/ of the non-article files, which are published at the same path;
// they take part in the check that no two outputs share a path.
func New(cfg *Config, articles []*content.Article, files []string, opts Options) (*Site, error) {
	s := &Site{Config: cfg, BasePath: cfg.BasePath(), Skipped: map[string]int{}}
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		s.origin = u.Scheme + "://" + u.Host
	}

	var errs diag.List
	// output path → file that claims it: an article's page, a list page
	// for every 10 of them, and the files.
	owners := make(map[string]string, len(files)+len(articles)+len(articles)/4)
	claim := func(out, file string) bool {
		if prev, ok := owners[out]; ok {
			a, b := prev, file
			if b < a {
				a, b = b, a
			}
			errs.Add(diag.Errorf(b, 0, "has the same URL as %s (/%s); give one of them another slug or url", a, strings.TrimSuffix(out, "index.html")))
			return false
		}
		owners[out] = file
		return true
	}
	for _, f := range files {
		claim(f, content.Dir+"/"+f)
	}

	pages, pathErrs := s.newPages(articles, opts)
	s.Pages = make([]*Page, 0, len(articles))
	for i, a := range articles {
		s.settle(a, opts)
		if reason := skipped(a, opts); reason != "" {
			s.Skipped[reason]++
			continue
		}
		if err := pathErrs[i]; err != nil {
			errs.Add(&diag.Error{File: content.Dir + "/" + a.Path, Err: err})
			continue
		}
		if p := pages[i]; claim(p.OutputPath, content.Dir+"/"+a.Path) {
			s.Pages = append(s.Pages, p)
		}
	}
	sortPages(s.Pages)

	s.dates = make([]instant, len(s.Pages))
	for i, p := range s.Pages {
		p.index = i
		s.dates[i] = instantOf(p.Date)
		if i > 0 {
			p.Newer = s.Pages[i-1]
		}
		if i+1 < len(s.Pages) {
			p.Older = s.Pages[i+1]
		}
	}
	for _, name := range taxonomyNames(cfg.Taxonomies) {
		s.Taxonomies = append(s.Taxonomies, s.newTaxonomy(name, titleCase(name), termValues(name), &errs))
	}
	if cfg.Archives {
		s.newArchives(claim)
	}
	if cfg.BuildSearchIndex {
		claim("search/index.html", "(the search page)")
	}
	for _, p := range s.Pages {
		for _, alias := range p.Aliases {
			rel, err := cleanURL(alias)
			if err != nil {
				errs.Add(diag.Errorf(content.Dir+"/"+p.Path, 0, "%s", strings.Replace(err.Error(), "url", "alias", 1)))
				continue
			}
			out := outputPath(rel)
			if claim(out, content.Dir+"/"+p.Path+" (alias "+alias+")") {
				s.Aliases = append(s.Aliases, Alias{OutputPath: out, Target: p})
			}
		}
	}
	s.Home = s.paginate(s.Pages, "", s.Config.Paginate)
	for _, pg := range s.Home {
		claim(pg.OutputPath, "(home page)")
	}
	for _, t := range s.Taxonomies {
		claim(t.OutputPath, "(the "+t.Name+" index)")
		for _, term := range t.Terms {
			for _, pg := range term.Pagers {
				claim(pg.OutputPath, "(the "+t.Name+" page of "+term.Name+")")
			}
		}
	}
	return s, errs.Err()
}

// skipped returns why a build leaves an article out ("draft", "future"
// or "expired"), or "" when it includes it.
func skipped(a *content.Article, opts Options) string {
	switch {
	case a.Draft && !opts.Drafts:
		return "draft"
	case !opts.Future && (a.Date.After(opts.Now) || a.PublishDate.After(opts.Now)):
		return "future"
	case !opts.Expired && !a.ExpiryDate.IsZero() && !a.ExpiryDate.After(opts.Now):
		return "expired"
	}
	return ""
}

// newPages makes the page of every article the build includes, at the
// same index (nil for one it leaves out or whose path is in error, with
// the error at that index). It works on all CPUs: working out 10,000
// pages' paths and URLs took 10 ms, while nothing else ran between
// loading and rendering. It only reads the site; New claims the paths,
// in order.
func (s *Site) newPages(articles []*content.Article, opts Options) ([]*Page, []error) {
	pages := make([]*Page, len(articles))
	errs := make([]error, len(articles))
	cfg := s.Config
	parts := min(runtime.GOMAXPROCS(0), max(1, len(articles)/512))
	var wg sync.WaitGroup
	for w := range parts {
		wg.Go(func() {
			for i := w * len(articles) / parts; i < (w+1)*len(articles)/parts; i++ {
				a := articles[i]
				if skipped(a, opts) != "" {
					continue
				}
				rel, err := articlePath(cfg.Permalink, a)
				if err != nil {
					errs[i] = err
					continue
				}
				p := &Page{Article: a, OutputPath: outputPath(rel), site: s}
				p.ShowTOC = len(a.Headings) > 1 && (a.TOC != nil && *a.TOC || a.TOC == nil && cfg.Markdown.TOCMinWords > 0 && a.WordCount >= cfg.Markdown.TOCMinWords)
				p.RelPermalink = s.RelURL(rel)
				p.Permalink = s.AbsURL(rel)
				pages[i] = p
			}
		})
	}
	wg.Wait()
	return pages, errs
}

// RelURL returns the URL path of a site path ("tags/go/" → "/blog/tags/go/"
// for a site under /blog/), percent-encoded.
func (s *Site) RelURL(p string) string {
	if strings.HasPrefix(p, "/") {
		p = p[1:]
	}
	return s.BasePath + escapePath(p)
}

// AbsURL returns the absolute URL of a site path when the site has a base
// URL, and RelURL otherwise.
func (s *Site) AbsURL(p string) string { return s.origin + s.RelURL(p) }

// sortPages sorts pages newest first, and pages of the same date by URL.
// The dates are read once, as instants, rather than compared as
// time.Times at each of the 200,000 comparisons of 10,000 pages.
func sortPages(pages []*Page) {
	type keyed struct {
		at instant
		p  *Page
	}
	keys := make([]keyed, len(pages))
	for i, p := range pages {
		keys[i] = keyed{instantOf(p.Date), p}
	}
	slices.SortStableFunc(keys, func(a, b keyed) int {
		switch {
		case b.at.before(a.at):
			return -1
		case a.at.before(b.at):
			return 1
		}
		return strings.Compare(a.p.RelPermalink, b.p.RelPermalink)
	})
	for i, k := range keys {
		pages[i] = k.p
	}
}

// escapePath percent-encodes each segment of a slash-separated path, so
// that slugs in any script give valid URLs. A path of unreserved
// characters only, as most slugs are, is its own encoding.
func escapePath(p string) string {
	if unreservedPath(p) {
		return p
	}
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		segs[i] = url.PathEscape(seg)
	}
	return strings.Join(segs, "/")
}

// unreservedPath reports whether p holds only slashes and the characters
// url.PathEscape leaves as they are in any segment: ASCII letters and
// digits, '-', '.', '_' and '~'.
func unreservedPath(p string) bool {
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-' || c == '.' || c == '_' || c == '~' || c == '/':
		default:
			return false
		}
	}
	return true
}

// outputPath maps a site path to the file written for it: "a/b/" is
// "a/b/index.html", "a/b.html" stays.
func outputPath(rel string) string {
	rel = strings.TrimPrefix(rel, "/")
	if rel == "" || strings.HasSuffix(rel, "/") {
		return rel + "index.html"
	}
	if path.Ext(rel) == "" {
		return rel + "/index.html"
	}
	return rel
}

// pagePath is the site path of page n of a list at dir ("" for home).
func pagePath(dir string, n int) string {
	if n <= 1 {
		return dir
	}
	return fmt.Sprintf("%spage/%d/", dir, n)
}

// articlePath returns the site path of an article: its url from front
// matter, else the permalink pattern filled in. A path that would leave the
// output folder is an error.
func articlePath(pattern string, a *content.Article) (string, error) {
	if a.URL != "" {
		return cleanURL(a.URL)
	}
	p, err := Permalink(pattern, a)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(p, "/"), nil
}

// cleanURL checks a front matter url: a plain path inside the site.
func cleanURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || strings.HasPrefix(raw, "//") {
		return "", fmt.Errorf("front matter: url %q must be a path on this site such as /about/, not a full URL", raw)
	}
	if strings.Contains(raw, "\\") || strings.Contains(raw, "?") || strings.Contains(raw, "#") {
		return "", fmt.Errorf("front matter: url %q must be a plain path such as /about/", raw)
	}
	for _, seg := range strings.Split(raw, "/") {
		if seg == ".." || seg == "." {
			return "", fmt.Errorf("front matter: url %q must not contain %q segments", raw, seg)
		}
	}
	p := strings.TrimPrefix(path.Clean("/"+raw), "/")
	if p == "" {
		return "", fmt.Errorf("front matter: url %q is the home page, which folio writes itself", raw)
	}
	if strings.HasSuffix(raw, "/") {
		p += "/"
	}
	return p, nil
}

// Permalink fills in a permalink pattern for an article. Tokens that have
// no value (:section for a top-level file, the date tokens for an undated
// article) drop out with their segment, so "/:year/:month/:slug/" gives
// "/about/" for an undated about page.
func Permalink(pattern string, a *content.Article) (string, error) {
	if strings.Contains(a.Slug, "/") || strings.Contains(a.Slug, "\\") {
		return "", fmt.Errorf("front matter: slug %q must not contain slashes", a.Slug)
	}
	if strings.Contains(a.Slug, "..") || strings.ContainsAny(a.Slug, "?#") {
		return "", fmt.Errorf("front matter: slug %q must be one path segment without / \\ ? # or ..", a.Slug)
	}
	// Only the tokens the pattern uses are computed: this runs once per
	// article on every rebuild of the preview.
	value := func(tok string) string {
		switch tok {
		case ":slug":
			return a.Slug
		case ":section":
			return slugOrEmpty(a.Section)
		case ":filename":
			base := strings.TrimSuffix(path.Base(a.Path), path.Ext(a.Path))
			if base == "index" && path.Dir(a.Path) != "." {
				base = path.Base(path.Dir(a.Path))
			}
			return slug.Make(base)
		case ":title":
			return slug.Make(a.Title)
		}
		if a.Date.IsZero() {
			return ""
		}
		switch tok {
		case ":year":
			return fmt.Sprintf("%04d", a.Date.Year())
		case ":month":
			return fmt.Sprintf("%02d", int(a.Date.Month()))
		case ":day":
			return fmt.Sprintf("%02d", a.Date.Day())
		}
		return ""
	}
	var b strings.Builder
	b.Grow(len(pattern) + len(a.Slug))
	for _, seg := range strings.Split(pattern, "/") {
		switch {
		case wholeToken(seg):
			seg = value(seg) // what the regular expression would give, without it
		case strings.IndexByte(seg, ':') >= 0:
			seg = permalinkToken.ReplaceAllStringFunc(seg, value)
		}
		if seg == "." || seg == ".." {
			return "", fmt.Errorf("front matter: slug %q must be one path segment without / \\ ? # or ..", a.Slug)
		}
		if seg != "" { // missing values leave empty segments: collapse them
			b.WriteByte('/')
			b.WriteString(seg)
		}
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("the permalink %q gives this article no URL (give it a slug or a title)", pattern)
	}
	if strings.HasSuffix(pattern, "/") {
		b.WriteByte('/')
	}
	return b.String(), nil
}

// wholeToken reports whether seg is one match of permalinkToken and
// nothing else, as segments of the usual patterns (/:year/:slug/) are.
func wholeToken(seg string) bool {
	if len(seg) < 2 || seg[0] != ':' {
		return false
	}
	for i := 1; i < len(seg); i++ {
		if seg[i] < 'a' || seg[i] > 'z' {
			return false
		}
	}
	return true
}

func slugOrEmpty(s string) string {
	if s == "" {
		return ""
	}
	return slug.Make(s)
}

// settle narrows the settled span by the dates at which a moves in or out
// of the build: its date and publishDate unless future articles are built
// anyway, its expiryDate unless expired ones are. A draft left out stays
// out at any time.
func (s *Site) settle(a *content.Article, opts Options) {
	if a.Draft && !opts.Drafts {
		return
	}
	var dates [3]time.Time
	if !opts.Future {
		dates[0], dates[1] = a.Date, a.PublishDate
	}
	if !opts.Expired {
		dates[2] = a.ExpiryDate
	}
	for _, t := range dates {
		switch {
		case t.IsZero():
		case t.After(opts.Now):
			if s.SettledUntil.IsZero() || t.Before(s.SettledUntil) {
				s.SettledUntil = t
			}
		case t.After(s.SettledFrom):
			s.SettledFrom = t
		}
	}
}
