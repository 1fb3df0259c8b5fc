// Package site models a whole site: its configuration, the articles in
// publication order, their permalinks, taxonomies and pagination.
//
// It turns the content package's Articles into everything the renderer
// needs to know, and checks what only the whole site can check: two
// articles that want the same URL, a URL that would escape the output
// folder. It does no I/O beyond parsing the configuration it is given.
package site

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones work on machines without a zoneinfo database

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"

	"github.com/folio-ssg/folio/internal/diag"
)

// ConfigFile is the name of the configuration file at the site root.
const ConfigFile = "folio.toml"

// Config is the site configuration read from folio.toml. Every key is
// optional; DefaultConfig gives the defaults.
type Config struct {
	Title       string `toml:"title"`
	BaseURL     string `toml:"base_url"`
	Language    string `toml:"language"`
	Description string `toml:"description"`
	// Timezone is an IANA zone name. Dates written without an offset are
	// wall-clock times in this zone.
	Timezone string `toml:"timezone"`
	Author   Author `toml:"author"`
	// Paginate is the number of articles per list page.
	Paginate int `toml:"paginate"`
	// PaginateTerms is the number of articles per page of a taxonomy
	// term's list (a tag's, an author's). ParseConfig makes it follow
	// Paginate unless folio.toml sets it. 0 puts all of a term's articles
	// on one page, as Zola does for a taxonomy without paginate_by and a
	// Hugo term template that ranges over .Pages: for sites whose term
	// pages are indexes to browse rather than front pages, and which would
	// rather not publish a folder for every ten articles of every tag.
	PaginateTerms int `toml:"paginate_terms"`
	// Permalink is the URL pattern of article pages, with the tokens
	// :year :month :day :slug :section :filename and :title.
	Permalink string         `toml:"permalink"`
	Markdown  MarkdownConfig `toml:"markdown"`
	// Feeds configures the RSS, Atom and JSON feeds (the [feeds] table).
	Feeds FeedsConfig `toml:"feeds"`
	// Taxonomies maps each taxonomy's singular name to its plural, which is
	// its front matter key and URL folder, as Hugo's [taxonomies] does.
	// Setting the table replaces the default of tags, categories, authors.
	Taxonomies map[string]string `toml:"taxonomies"`
	// Authors holds details shown on author pages, keyed by the author's
	// name as articles give it: [authors."Jane Doe"] bio = "…".
	Authors map[string]AuthorInfo `toml:"authors"`
	// Params are free-form values for templates ({{ .Site.Params.x }}).
	Params map[string]any `toml:"params"`
	// Archives publishes the date archives: /archive/, a page for every
	// year and month (/2021/, /2021/03/), and the year and month in each
	// article's breadcrumbs. On by default; a site whose permalinks or
	// theme have no use for them turns them off, as Hugo and Zola have none.
	Archives bool `toml:"archives"`
	// BuildSearchIndex publishes the search page and the index its script
	// reads (on by default; Zola's name for the key). Off, folio writes no
	// search/ folder and the theme links to no search.
	BuildSearchIndex bool `toml:"build_search_index"`

	// Location is Timezone loaded; set by ParseConfig.
	Location *time.Location `toml:"-"`
}

// Author is the site's default author, used where an article names none.
type Author struct {
	Name  string `toml:"name"`
	Email string `toml:"email"`
}

// AuthorInfo is what the configuration says about one author.
type AuthorInfo struct {
	Bio string `toml:"bio"`
	// URL is the author's own page elsewhere (optional).
	URL string `toml:"url"`
}

// DefaultTaxonomies returns the taxonomies of a site that configures none.
func DefaultTaxonomies() map[string]string {
	return map[string]string{"tag": "tags", "category": "categories", "author": "authors"}
}

// MarkdownConfig holds the [markdown] table.
type MarkdownConfig struct {
	// Unsafe keeps raw HTML in Markdown. Off by default: raw HTML can carry
	// scripts into every reader's browser.
	Unsafe bool `toml:"unsafe"`
	// TOCMinWords gives every article of at least this many words a table
	// of contents (0, the default, means only articles with toc: true).
	TOCMinWords int `toml:"toc_min_words"`
	// HighlightCode colours fenced code blocks that name their language,
	// with chroma and CSS classes (on by default). Zola's name for the key;
	// Hugo's is markup.highlight.codeFences. Highlighting is the costliest
	// step of Markdown, so a site without code may turn it off.
	HighlightCode bool `toml:"highlight_code"`
}

// FeedsConfig holds the [feeds] table: which feeds the site publishes and
// what goes in them. The feed package reads it; it lives here so that
// folio.toml is checked in one place, with line numbers.
type FeedsConfig struct {
	// Limit is the number of newest articles in each feed (default 20):
	// readers poll feeds often, so a feed holds recent news, not the archive.
	Limit int `toml:"limit"`
	// Content is "full" (the whole article, the default) or "summary" (the
	// summary only, for sites that want readers to visit the page).
	Content string `toml:"content"`
	// Formats lists the formats to publish: "rss", "atom" and "json" (all by
	// default). An empty list publishes no feeds, so that a site without a
	// base_url still builds.
	Formats []string `toml:"formats"`
	// Terms publishes the feeds of every taxonomy term (a tag's, an
	// author's) besides the site's (on by default). Off, only the site has
	// feeds, as in Hugo with outputs.term = ["html"].
	Terms bool `toml:"terms"`
}

// feedFormats and feedContents are the values [feeds] accepts.
var (
	feedFormats  = map[string]bool{"rss": true, "atom": true, "json": true}
	feedContents = map[string]bool{"full": true, "summary": true}
)

// DefaultConfig returns the configuration of a site with an empty folio.toml.
func DefaultConfig() *Config {
	return &Config{
		Title:            "My folio site",
		Language:         "en",
		Timezone:         "UTC",
		Paginate:         10,
		PaginateTerms:    10,
		Permalink:        "/:year/:month/:slug/",
		Markdown:         MarkdownConfig{HighlightCode: true},
		Archives:         true,
		BuildSearchIndex: true,
		Location:         time.UTC,
		Taxonomies:       DefaultTaxonomies(),
		Feeds:            FeedsConfig{Limit: 20, Content: "full", Formats: []string{"rss", "atom", "json"}, Terms: true},
	}
}

var taxonomyName = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// reservedNames are URL folders folio writes itself.
var reservedNames = map[string]bool{"page": true, "archive": true, "search": true}

var tomlTypeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]+)"\): (?:incompatible types: )?(.*)$`)

var permalinkToken = regexp.MustCompile(`:[a-z]+`)

var knownTokens = map[string]bool{
	":year": true, ":month": true, ":day": true, ":slug": true,
	":section": true, ":filename": true, ":title": true,
}

// ParseConfig reads folio.toml. file names it in errors. Every unknown key
// and bad value is reported, each with its line.
func ParseConfig(file string, data []byte) (*Config, error) {
	c := DefaultConfig()
	c.Taxonomies = nil // a [taxonomies] table replaces the defaults, not adds to them
	md, err := toml.Decode(string(data), c)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, diag.List{diag.Errorf(file, perr.Position.Line, "%s", perr.Message)}
		}
		// A value of the wrong type: "toml: line 1 (last key "paginate"):
		// incompatible types: TOML value has type string; destination has
		// type integer".
		if m := tomlTypeErr.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, diag.List{diag.Errorf(file, line, "%s: %s", m[2], m[3])}
		}
		return nil, diag.List{diag.Errorf(file, 0, "%v", err)}
	}
	var errs diag.List
	bad := func(key, format string, args ...any) {
		errs = append(errs, diag.Errorf(file, keyLine(data, key), "%s: "+format, append([]any{key}, args...)...))
	}
	if !md.IsDefined("taxonomies") {
		c.Taxonomies = DefaultTaxonomies()
	}
	for singular, plural := range c.Taxonomies {
		if !taxonomyName.MatchString(plural) || !taxonomyName.MatchString(singular) {
			bad("taxonomies."+singular, "%q must be a lower-case name such as tags", plural)
		}
		if reservedNames[plural] {
			bad("taxonomies."+singular, "%q is used by folio's own pages; choose another name", plural)
		}
	}
	for _, k := range md.Undecoded() {
		if len(k) > 1 && k[0] == "params" {
			continue
		}
		if len(k) > 1 && k[0] == "feeds" {
			bad(k.String(), "unknown key (known keys in [feeds]: limit, content, formats, terms)")
			continue
		}
		bad(k.String(), "unknown key (known keys: title, base_url, language, description, timezone, author, paginate, paginate_terms, permalink, markdown, feeds, taxonomies, authors, params, archives, build_search_index)")
	}
	if c.BaseURL != "" {
		if u, err := CheckBaseURL(c.BaseURL); err != nil {
			bad("base_url", "%v", err)
		} else {
			c.BaseURL = u
		}
	}
	if _, err := language.Parse(c.Language); err != nil {
		bad("language", "%q is not a language tag (e.g. en, fa, pt-BR)", c.Language)
	}
	if loc, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "" || c.Timezone == "Local" {
		bad("timezone", "%q is not an IANA time zone (e.g. UTC, Europe/Paris, Asia/Tehran)", c.Timezone)
	} else {
		c.Location = loc
	}
	if c.Paginate < 1 {
		bad("paginate", "must be at least 1, not %d", c.Paginate)
	}
	if !md.IsDefined("paginate_terms") {
		c.PaginateTerms = c.Paginate
	} else if c.PaginateTerms < 0 {
		bad("paginate_terms", "must be at least 1, or 0 for one page per term, not %d", c.PaginateTerms)
	}
	if err := checkPermalink(c.Permalink); err != nil {
		bad("permalink", "%v", err)
	}
	if c.Feeds.Limit < 1 {
		bad("feeds.limit", "must be at least 1, not %d", c.Feeds.Limit)
	}
	if !feedContents[c.Feeds.Content] {
		bad("feeds.content", "%q is not a feed content (use \"full\" or \"summary\")", c.Feeds.Content)
	}
	seenFormat := map[string]bool{}
	for _, f := range c.Feeds.Formats {
		if !feedFormats[f] {
			bad("feeds.formats", "%q is not a feed format (use \"rss\", \"atom\" and/or \"json\")", f)
		} else if seenFormat[f] {
			bad("feeds.formats", "%q is listed twice", f)
		}
		seenFormat[f] = true
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	return c, nil
}

// CheckBaseURL checks that u is an absolute http(s) URL without query or
// fragment and returns it with a trailing slash, the form every URL of the
// site is joined to.
func CheckBaseURL(u string) (string, error) {
	parsed, err := url.Parse(u)
	if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
		return "", fmt.Errorf("%q is not an absolute http(s) URL (e.g. https://example.org/)", u)
	}
	if parsed.RawQuery != "" || parsed.Fragment != "" || strings.HasSuffix(u, "?") {
		return "", fmt.Errorf("%q must not have a query or fragment", u)
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u, nil
}

func checkPermalink(p string) error {
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("%q must start with /", p)
	}
	for _, tok := range permalinkToken.FindAllString(p, -1) {
		if !knownTokens[tok] {
			return fmt.Errorf("%q has the unknown token %s (known: :year :month :day :slug :section :filename :title)", p, tok)
		}
	}
	if !strings.Contains(p, ":slug") && !strings.Contains(p, ":filename") && !strings.Contains(p, ":title") {
		return fmt.Errorf("%q gives every article the same URL (use :slug, :title or :filename)", p)
	}
	if strings.Contains(p, "..") || strings.ContainsAny(p, "?#\\") {
		return fmt.Errorf("%q must be a plain path", p)
	}
	return nil
}

// keyLine finds the line of a dotted key ("markdown.unsafe") in TOML text,
// since the TOML decoder reports positions only for syntax errors.
func keyLine(data []byte, dotted string) int {
	parts := strings.Split(dotted, ".")
	table, key := strings.Join(parts[:len(parts)-1], "."), parts[len(parts)-1]
	current := ""
	for i, l := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			current = strings.TrimSpace(strings.Trim(t, "[]"))
			if current == dotted {
				return i + 1
			}
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if !ok {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"'`)
		if current == table && k == key {
			return i + 1
		}
		if current == "" && k == dotted {
			return i + 1
		}
	}
	return 0
}

// BasePath returns the path part of the base URL ("/" when there is none or
// it has none; "/blog/" for https://example.org/blog/), percent-encoded.
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || c.BaseURL == "" {
		return "/"
	}
	p := u.EscapedPath()
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}
