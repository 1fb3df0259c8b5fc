// Package feed writes a site's feeds: RSS 2.0 (feed.xml), Atom 1.0
// (atom.xml) and JSON Feed 1.1 (feed.json), for the whole site at its root
// and for every tag and category in that term's folder (tags/go/feed.xml).
//
// The feed model and the date formats come from github.com/gorilla/feeds.
// Its v1.2.0 output is not valid in every reader, so this package never
// calls its ToRss/ToAtom/ToJSON: it takes gorilla's format structs (RssFeed,
// AtomFeed, JSONFeed), corrects them and encodes them itself. The
// corrections, each for a reader that fails without it:
//
//   - every item has an ID, stable across builds and machines (gorilla makes
//     up a random urn:uuid for an item without one);
//   - every feed links to itself (RSS atom:link rel="self", Atom rel="self",
//     JSON Feed feed_url) and to its HTML page;
//   - RSS <author> only in its "email (Name)" form, dc:creator otherwise;
//   - Atom entries have <published> and categories with a term attribute,
//     and the feed has an author and xml:lang;
//   - JSON Feed has feed_url, language, authors, tags, a plain-text summary,
//     and "items": [] when there are none.
//
// Article HTML is made safe and absolute for readers (see cleanHTML). Output
// depends only on the site: a feed's dates come from its articles, never the
// clock, so rebuilding an unchanged site changes no byte.
package feed

import (
	"fmt"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/feeds"

	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/diag"
	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
	"github.com/folio-ssg/folio/internal/site"
)

// Writer receives the feed files. It is the one method of render.Writer
// and publish.Dir, declared here so that feed does not depend on either.
// Implementations must be safe for concurrent use: feeds are written from
// several goroutines.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// The format names used in folio.toml's [feeds] formats.
const (
	RSS  = "rss"
	Atom = "atom"
	JSON = "json"
)

// format describes one feed format: its file and MIME type.
type format struct {
	file  string // file name in the feed's folder
	mime  string // MIME type, for autodiscovery links
	label string // added to the feed title in autodiscovery links
}

// Indexes of the formats in item.encoded.
const (
	rssIndex = iota
	atomIndex
	jsonIndex
	numFormats
)

var formats = map[string]format{
	RSS:  {file: "feed.xml", mime: "application/rss+xml", label: "RSS"},
	Atom: {file: "atom.xml", mime: "application/atom+xml", label: "Atom"},
	JSON: {file: "feed.json", mime: "application/feed+json", label: "JSON Feed"},
}

// encode encodes d in the named format.
func encode(name string, d *doc) ([]byte, error) {
	switch name {
	case RSS:
		return encodeRSS(d)
	case Atom:
		return encodeAtom(d)
	case JSON:
		return encodeJSON(d)
	}
	return nil, fmt.Errorf("unknown feed format %q", name)
}

// CheckConfig reports a configuration that cannot build its feeds: feeds
// need absolute URLs, so a site that publishes any feed needs base_url. A
// site with [feeds] formats = [] builds without one. build calls it before
// reading content, so that the error comes first and alone.
func CheckConfig(cfg *site.Config) error {
	if len(cfg.Feeds.Formats) > 0 && cfg.BaseURL == "" {
		return diag.Errorf(site.ConfigFile, 0, `base_url: feeds need the site's absolute URL; set base_url = "https://example.org/" or pass --base-url (or set [feeds] formats = [] to build without feeds)`)
	}
	return nil
}

// Link is an autodiscovery link to a feed, for a <link rel="alternate"> in
// a page's <head>, which is how browsers and readers find a site's feeds.
type Link struct {
	// Href is the feed's absolute URL (its self link).
	Href string
	// Type is the feed's MIME type (application/rss+xml, …).
	Type string
	// Title names the feed and its format ("Tags: Go · Site (Atom)").
	Title string
}

// TypeAttr returns the whole type="…" attribute for a template. html/template
// would write the "+" of application/rss+xml as &#43;, which is valid HTML but
// defeats readers that look for the MIME type as written. The value is
// still HTML-escaped, which leaves a MIME type's "+" alone.
func (l Link) TypeAttr() template.HTMLAttr {
	return template.HTMLAttr(`type="` + template.HTMLEscapeString(l.Type) + `"`)
}

// Links returns the autodiscovery links for a page: the feeds of term
// first when term is not nil (the page lists that term, so its feeds are
// what a reader on it most likely wants) unless [feeds] terms is off, then
// the site's feeds. Each comes in the order of [feeds] formats; none when
// that list is empty.
func Links(s *site.Site, term *site.Term) []Link {
	var out []Link
	targets := []target{siteTarget(s)}
	if term != nil && s.Config.Feeds.Terms {
		targets = []target{termTarget(s, term), targets[0]}
	}
	for _, t := range targets {
		for _, name := range s.Config.Feeds.Formats {
			f, ok := formats[name]
			if !ok {
				continue
			}
			out = append(out, Link{Href: s.AbsURL(t.dir + f.file), Type: f.mime, Title: t.title + " (" + f.label + ")"})
		}
	}
	return out
}

// Write writes every configured feed of the site through w: the site's
// own and, unless [feeds] terms is off, those of every taxonomy term, in
// each format of [feeds] formats. It returns the number of files written
// and every error met.
func Write(s *site.Site, w Writer) (files int, err error) {
	cfg := s.Config
	if len(cfg.Feeds.Formats) == 0 {
		return 0, nil
	}
	if err := CheckConfig(cfg); err != nil {
		return 0, err
	}
	targets := []target{siteTarget(s)}
	for _, tax := range s.Taxonomies {
		if !cfg.Feeds.Terms {
			break // only the site's feeds
		}
		for _, term := range tax.Terms {
			targets = append(targets, termTarget(s, term))
		}
	}
	for _, name := range cfg.Feeds.Formats {
		if _, ok := formats[name]; !ok {
			return 0, diag.Errorf(site.ConfigFile, 0, "feeds.formats: unknown format %q", name)
		}
	}
	// Feeds are independent of one another: they are made on all CPUs,
	// each target's errors kept in its slot so that they are reported in
	// the same order whatever the scheduling.
	b := &builder{site: s, items: map[*site.Page]*lazyItem{}, uses: map[*site.Page]int32{}}
	for _, t := range targets {
		for _, p := range t.itemPages(cfg) {
			b.uses[p]++
		}
	}
	written := make([]int, len(targets))
	errsOf := make([]diag.List, len(targets))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(targets)) {
		wg.Go(func() {
			for i := range next {
				t := targets[i]
				d := b.doc(t)
				for _, name := range cfg.Feeds.Formats {
					f := formats[name]
					data, err := encode(name, d)
					if err == nil {
						err = w.WriteFile(t.dir+f.file, data)
					}
					if err != nil {
						errsOf[i].Add(fmt.Errorf("feed /%s%s: %w", t.dir, f.file, err))
						continue
					}
					written[i]++
				}
			}
		})
	}
	for i := range targets {
		next <- i
	}
	close(next)
	wg.Wait()
	var errs diag.List
	for i := range targets {
		files += written[i]
		errs = append(errs, errsOf[i]...)
	}
	errs.Add(b.firstErr())
	return files, errs.Err()
}

// target is one feed, whatever its format: the site's or a term's.
type target struct {
	dir         string // site path of its folder: "" or "tags/go/"
	title       string
	description string
	home        string // absolute URL of the HTML page it follows
	pages       []*site.Page
}

func siteTarget(s *site.Site) target {
	cfg := s.Config
	desc := cfg.Description
	if desc == "" {
		desc = "The latest articles from " + cfg.Title
	}
	return target{title: cfg.Title, description: desc, home: s.AbsURL(""), pages: s.Pages}
}

func termTarget(s *site.Site, term *site.Term) target {
	name := term.Name
	if term.Taxonomy != nil {
		name = term.Taxonomy.Title + ": " + term.Name
	}
	dir := term.Slug + "/"
	if term.Taxonomy != nil {
		dir = term.Taxonomy.Name + "/" + dir
	}
	return target{
		dir:         dir,
		title:       name + " · " + s.Config.Title,
		description: "The latest articles under " + name + " from " + s.Config.Title,
		home:        term.Permalink,
		pages:       term.Pages,
	}
}

// itemPages returns the pages of t's items: its newest dated articles, up
// to the configured limit.
func (t target) itemPages(cfg *site.Config) []*site.Page {
	limit := cfg.Feeds.Limit
	if limit < 1 { // a Config not made by ParseConfig
		limit = site.DefaultConfig().Feeds.Limit
	}
	var out []*site.Page
	for _, p := range t.pages {
		if len(out) == limit {
			break
		}
		if !p.Date.IsZero() {
			out = append(out, p)
		}
	}
	return out
}

// doc is one feed ready to encode in any format: gorilla's model plus what
// that model has no room for.
type doc struct {
	feed *feeds.Feed
	// items holds, in feed order, what each feed.Items entry lacks.
	items  []*item
	lang   string
	home   string
	dir    string // as in target
	author person // the feed's author: the site's, or the site itself
	site   *site.Site
}

// withoutItems returns a copy of the feed's model without its items, for
// the encoders, which add each item's fragment themselves.
func (d *doc) withoutItems() *feeds.Feed {
	f := *d.feed
	f.Items = nil
	return &f
}

// selfURL is the feed's own URL in the format f.
func (d *doc) selfURL(f string) string { return d.site.AbsURL(d.dir + formats[f].file) }

// item is one article as every feed shows it. It is built once per article
// and shared by all feeds the article is in, since cleaning its HTML is the
// costly part.
type item struct {
	model *feeds.Item
	page  *site.Page
	// contentHTML is what the item shows: the whole article, or its summary
	// when [feeds] content = "summary" (model.Description holds the summary
	// as HTML). summaryText is the summary as plain text.
	contentHTML, summaryText string
	authors                  []person
	// terms are the article's tags and categories.
	terms []*site.Term

	// encoded holds the item's encoding in each format, made by the first
	// feed that needs it: an article is in the site's feed and in those of
	// its terms, and encoding (escaping a whole article) is the costly part
	// of a feed. An item's encoding does not depend on the feed it is in.
	encoded [numFormats]fragment
}

// fragment is an item encoded in one format, made once and dropped after
// its last use.
type fragment struct {
	once sync.Once
	data []byte
	err  error
	// left counts the feeds that have yet to take the fragment.
	left atomic.Int32
}

// use calls fn with the fragment, encoding it with enc on first use, and
// drops the encoding after the last use (item.uses).
func (f *fragment) use(enc func() ([]byte, error), fn func([]byte)) error {
	f.once.Do(func() { f.data, f.err = enc() })
	if f.err != nil {
		return f.err
	}
	fn(f.data)
	if f.left.Add(-1) == 0 {
		f.data = nil // every feed has it: the atomic count orders this after their reads
	}
	return nil
}

// person is an author with, where the site knows it, an e-mail address.
type person struct{ name, email string }

// builder makes docs, keeping each article's item for the next feed.
type builder struct {
	site *site.Site

	// uses counts the feeds each page is an item of, so that an item's
	// encodings are dropped once the last of its feeds has them: kept
	// for the whole run they cost 140 MB at 10,000 articles.
	uses map[*site.Page]int32

	mu    sync.Mutex
	items map[*site.Page]*lazyItem
	// err is the first article body that could not be read back (see
	// content.Article.Content); Write returns it.
	err error
}

// lazyItem is an item made once, by the first feed that needs it.
type lazyItem struct {
	once sync.Once
	it   *item
}

// firstErr returns the first error met while making items.
func (b *builder) firstErr() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// doc builds the feed of target t: its newest dated articles, up to the
// limit. Undated articles (an about page) are left out: a feed item needs a
// date, and such pages are not news.
func (b *builder) doc(t target) *doc {
	cfg := b.site.Config
	d := &doc{lang: cfg.Language, home: t.home, dir: t.dir, site: b.site, author: person{cfg.Author.Name, cfg.Author.Email}}
	if d.author.name == "" {
		d.author.name = cfg.Title
	}
	d.feed = &feeds.Feed{
		Title:       xmlText(t.title),
		Link:        &feeds.Link{Href: t.home},
		Description: xmlText(t.description),
		Author:      &feeds.Author{Name: xmlText(d.author.name), Email: d.author.email},
	}
	for _, p := range t.itemPages(cfg) {
		it := b.item(p)
		d.items = append(d.items, it)
		d.feed.Items = append(d.feed.Items, it.model)
		if it.model.Updated.After(d.feed.Updated) {
			d.feed.Updated = it.model.Updated
		}
	}
	return d
}

// item returns the feed item of a page.
func (b *builder) item(p *site.Page) *item {
	b.mu.Lock()
	l := b.items[p]
	if l == nil {
		l = &lazyItem{}
		b.items[p] = l
	}
	b.mu.Unlock()
	l.once.Do(func() {
		l.it = b.makeItem(p)
		for i := range l.it.encoded {
			l.it.encoded[i].left.Store(b.uses[p])
		}
	})
	return l.it
}

// makeItem builds the feed item of a page.
func (b *builder) makeItem(p *site.Page) *item {
	cfg := b.site.Config
	base, err := url.Parse(p.Permalink)
	if err != nil {
		base = &url.URL{}
	}
	html, err := p.Content()
	if err != nil {
		b.mu.Lock()
		if b.err == nil {
			b.err = fmt.Errorf("%s/%s: %w", content.Dir, p.Path, err)
		}
		b.mu.Unlock()
	}
	body := xmlText(cleanHTML(content.StripAnchors(string(html)), base))
	summary := xmlText(cleanHTML(string(p.Summary), base))
	text := p.Description
	if text == "" {
		text = p.Subtitle
	}
	if text == "" {
		text = plainText(summary)
	}
	text = xmlText(strings.Join(strings.Fields(text), " "))
	if summary == "" && text != "" {
		summary = "<p>" + escapeText(text) + "</p>"
	}
	it := &item{page: p, contentHTML: body, summaryText: text}
	if cfg.Feeds.Content == "summary" && summary != "" || body == "" {
		it.contentHTML = summary
	}

	names := p.Authors
	if len(names) == 0 && cfg.Author.Name != "" {
		names = []string{cfg.Author.Name}
	}
	for _, n := range names {
		a := person{name: xmlText(n)}
		if n == cfg.Author.Name {
			a.email = cfg.Author.Email
		}
		it.authors = append(it.authors, a)
	}
	for _, tax := range b.site.Taxonomies {
		if tax.Name == "authors" {
			continue // authors are the item's authors, not its subjects
		}
		it.terms = append(it.terms, p.GetTerms(tax.Name)...)
	}

	id, permalink := itemID(p)
	date := p.Date.Truncate(time.Second)
	updated := date
	if p.Lastmod.After(p.Date) {
		updated = p.Lastmod.Truncate(time.Second)
	}
	it.model = &feeds.Item{
		Title:       xmlText(p.Title),
		Link:        &feeds.Link{Href: p.Permalink},
		Description: summary,
		Id:          id,
		IsPermaLink: fmt.Sprint(permalink),
		Created:     date,
		Updated:     updated,
	}
	if cfg.Feeds.Content != "summary" {
		it.model.Content = body
	}
	if len(it.authors) > 0 {
		it.model.Author = &feeds.Author{Name: it.authors[0].name, Email: it.authors[0].email}
	}
	return it
}

// sourceHost matches the sources itemID accepts as a tag URI authority.
var sourceHost = regexp.MustCompile(`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$`)

// itemID returns the stable ID of an article and whether it is the
// permalink. A news article scraped from another site (Source and SourceID
// set) keeps an ID from its origin, a tag URI (RFC 4151) such as
// tag:kayhan.ir,2021:news/88056, so that it stays the same item when its URL
// on this site changes. Every other article is identified by its permalink.
// A source that is not a host name falls back to the permalink.
func itemID(p *site.Page) (id string, permalink bool) {
	src := strings.ToLower(strings.TrimSpace(p.Source))
	if src != "" && p.SourceID != "" && !p.Date.IsZero() && sourceHost.MatchString(src) {
		return fmt.Sprintf("tag:%s,%04d:news/%s", src, p.Date.Year(), url.PathEscape(p.SourceID)), false
	}
	return p.Permalink, true
}

// epoch is the updated time of a feed with no items. Atom requires one, and
// the build time would change the file on every build; an empty feed has
// never been updated.
var epoch = time.Unix(0, 0).UTC()

// updated returns the feed's updated time: its newest item's date, or
// epoch.
func (d *doc) updated() time.Time {
	if d.feed.Updated.IsZero() {
		return epoch
	}
	return d.feed.Updated
}
