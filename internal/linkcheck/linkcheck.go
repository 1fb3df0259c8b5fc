// Package linkcheck finds the internal links of a built site that point
// nowhere, so that a broken link is caught before readers follow it.
//
// It reads the site as a browser would find it once deployed: every
// href and src of a, area, link, img (also srcset), script, source, iframe,
// audio, video and track, and the URL of a meta refresh, resolved against
// the page (or its <base href>), with root-relative links under the site's
// base path and absolute links to the site's own host counted as internal.
// A link is broken when its file is missing (a folder stands for its
// index.html) or when its #fragment names no id (or <a name>) on the
// target page.
//
// The check works on folders of 100,000 pages: pages are tokenized as a
// stream on every CPU, never parsed into trees, and the ids of a page are
// kept only while it is read. Links to a fragment of another page are
// noted, and only those target pages are read a second time for their ids.
package linkcheck

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Broken is one link that points nowhere.
type Broken struct {
	// Page is the file holding the link, relative to the checked folder
	// and slash-separated ("2021/02/a/index.html").
	Page string
	// Link is the link as the page writes it ("/tags/nope/").
	Link string
	// Reason says what is missing: "no such page", "no such file", "no
	// element with id "x"", or that the link leaves the site's base path.
	Reason string
}

// String formats b as the CLI prints it, minus the folder.
func (b Broken) String() string {
	return fmt.Sprintf("%s: broken link %s (%s)", b.Page, b.Link, b.Reason)
}

// Check reads every .html page under dir and returns its broken internal
// links, sorted by page and then link; each broken link is reported once
// per page.
//
// base is where the site is published: a base URL such as
// "https://example.org/blog/" (whose host makes absolute links to it
// internal, and whose path is the base path every root-relative link must
// stay under) or just a base path such as "/blog/". "" means the site sits
// at the root of its host and links are judged by path alone.
//
// An error means the folder could not be read; broken links are not errors.
func Check(dir, base string) ([]Broken, error) {
	c, err := newChecker(dir, base)
	if err != nil {
		return nil, err
	}
	if err := c.scan(); err != nil {
		return nil, err
	}
	var results [][]Broken
	pending := map[string]map[string][]Broken{}
	err = c.parallel(c.pages, func(page string) (result, error) {
		return c.checkPage(page)
	}, func(r result) {
		results = append(results, r.broken)
		for target, frags := range r.pending {
			m := pending[target]
			if m == nil {
				m = map[string][]Broken{}
				pending[target] = m
			}
			for frag, refs := range frags {
				m[frag] = append(m[frag], refs...)
			}
		}
	})
	if err != nil {
		return nil, err
	}

	// Second pass: the ids of pages that other pages link into.
	targets := make([]string, 0, len(pending))
	for t := range pending {
		targets = append(targets, t)
	}
	sort.Strings(targets)
	err = c.parallel(targets, func(target string) (result, error) {
		ids, err := c.readIDs(target)
		if err != nil {
			return result{}, err
		}
		var r result
		for frag, refs := range pending[target] {
			if !ids[frag] {
				for _, b := range refs {
					b.Reason = fmt.Sprintf("no element with id %q on %s", frag, target)
					r.broken = append(r.broken, b)
				}
			}
		}
		return r, nil
	}, func(r result) { results = append(results, r.broken) })
	if err != nil {
		return nil, err
	}

	var all []Broken
	for _, r := range results {
		all = append(all, r...)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Page != all[j].Page {
			return all[i].Page < all[j].Page
		}
		return all[i].Link < all[j].Link
	})
	return all, nil
}

// checker holds what every page's check needs: the site's files and where
// the site is published.
type checker struct {
	dir string
	// host is the lower-cased host of the base URL, "" when base has none.
	host string
	// basePath is the decoded base path, with a trailing slash ("/blog/").
	basePath string
	// files are all files under dir, slash-separated and relative to it.
	files map[string]bool
	// pages are the .html files, sorted.
	pages []string
}

func newChecker(dir, base string) (*checker, error) {
	c := &checker{dir: dir, basePath: "/", files: map[string]bool{}}
	if base != "" {
		u, err := url.Parse(base)
		if err != nil {
			return nil, fmt.Errorf("base URL %q: %w", base, err)
		}
		c.host = strings.ToLower(u.Host)
		if u.Path != "" {
			c.basePath = u.Path
		}
		if !strings.HasPrefix(c.basePath, "/") {
			c.basePath = "/" + c.basePath
		}
		if !strings.HasSuffix(c.basePath, "/") {
			c.basePath += "/"
		}
	}
	return c, nil
}

// scan lists the files under the folder.
func (c *checker) scan() error {
	fi, err := os.Stat(c.dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", c.dir)
	}
	return filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(c.dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		c.files[rel] = true
		if isHTML(rel) {
			c.pages = append(c.pages, rel)
		}
		return nil
	})
}

// result is what checking one page finds: its broken links, and the
// fragment links into other pages that the second pass must look up,
// by target page and fragment.
type result struct {
	broken  []Broken
	pending map[string]map[string][]Broken
}

// parallel runs work on every item on all CPUs and hands each result
// that found something to collect, one at a time. It stops at the first
// error.
func (c *checker) parallel(items []string, work func(string) (result, error), collect func(result)) error {
	var (
		mu       sync.Mutex
		firstErr error
		next     atomic.Int64
		wg       sync.WaitGroup
	)
	for range min(runtime.GOMAXPROCS(0), max(1, len(items))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(items) {
					return
				}
				r, err := work(items[i])
				if err == nil && len(r.broken) == 0 && len(r.pending) == 0 {
					continue
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					next.Store(int64(len(items))) // the others stop after their current item
				} else if err == nil {
					collect(r)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// checkPage reads one page and checks each distinct link on it.
func (c *checker) checkPage(page string) (result, error) {
	var r result
	f, err := os.Open(filepath.Join(c.dir, filepath.FromSlash(page)))
	if err != nil {
		return r, err
	}
	defer f.Close()

	pageURL := &url.URL{Path: c.basePath + page}
	ids := map[string]bool{}
	seen := map[string]bool{}
	var local []Broken // same-page fragments, checked once all ids are known
	var localFrags []string

	check := func(raw string) {
		raw = strings.TrimSpace(raw)
		if raw == "" || seen[raw] {
			return
		}
		seen[raw] = true
		t, ok := c.resolve(pageURL, raw)
		if !ok {
			return
		}
		b := Broken{Page: page, Link: raw}
		switch {
		case t.reason != "":
			b.Reason = t.reason
			r.broken = append(r.broken, b)
		case t.fragment == "" || !isHTML(t.file) || strings.EqualFold(t.fragment, "top"):
		case t.file == page:
			local = append(local, b)
			localFrags = append(localFrags, t.fragment)
		default:
			if r.pending == nil {
				r.pending = map[string]map[string][]Broken{}
			}
			m := r.pending[t.file]
			if m == nil {
				m = map[string][]Broken{}
				r.pending[t.file] = m
			}
			m[t.fragment] = append(m[t.fragment], b)
		}
	}

	err = tokenize(f, func(tag string, attrs []attr) {
		for _, a := range attrs {
			if a.key == "id" || a.key == "name" && tag == "a" {
				ids[a.val] = true
			}
		}
		if tag == "base" {
			if v, ok := get(attrs, "href"); ok {
				if u, err := url.Parse(strings.TrimSpace(v)); err == nil {
					pageURL = pageURL.ResolveReference(u)
				}
			}
			return
		}
		for _, raw := range links(tag, attrs) {
			check(raw)
		}
	})
	if err != nil {
		return r, fmt.Errorf("%s: %w", page, err)
	}
	for i, b := range local {
		if !ids[localFrags[i]] {
			b.Reason = fmt.Sprintf("no element with id %q on the page", localFrags[i])
			r.broken = append(r.broken, b)
		}
	}
	return r, nil
}

// readIDs returns the ids (and <a name>s) of a page.
func (c *checker) readIDs(page string) (map[string]bool, error) {
	f, err := os.Open(filepath.Join(c.dir, filepath.FromSlash(page)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ids := map[string]bool{}
	err = tokenize(f, func(tag string, attrs []attr) {
		for _, a := range attrs {
			if a.key == "id" || a.key == "name" && tag == "a" {
				ids[a.val] = true
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", page, err)
	}
	return ids, nil
}

// target is where a link leads.
type target struct {
	file     string // the file, relative to the folder
	fragment string // the decoded fragment, "" for none
	reason   string // why the link is broken, "" when the file exists
}

// resolve finds the file a link leads to. ok is false for links outside
// the site (other hosts, mailto:, javascript:, data: …), which are not
// checked.
func (c *checker) resolve(pageURL *url.URL, raw string) (t target, ok bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return target{reason: "not a valid URL"}, true
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return t, false
	}
	if u.Host != "" && (c.host == "" || !strings.EqualFold(u.Host, c.host)) {
		return t, false
	}
	if u.Opaque != "" {
		return t, false
	}
	ref := pageURL.ResolveReference(u)
	t.fragment = u.Fragment
	p := ref.Path
	if p+"/" == c.basePath {
		p = c.basePath
	}
	if !strings.HasPrefix(p, c.basePath) {
		t.reason = "outside the site's base path " + c.basePath
		return t, true
	}
	rel := p[len(c.basePath):]
	switch {
	case rel == "" || strings.HasSuffix(rel, "/"):
		t.file = rel + "index.html"
	case c.files[rel]:
		t.file = rel
	case c.files[rel+"/index.html"]:
		t.file = rel + "/index.html"
	default:
		t.file = rel
	}
	if !c.files[t.file] {
		t.reason = "no such file"
		if ext := path.Ext(strings.TrimSuffix(rel, "/")); ext == "" || isHTML(rel) {
			t.reason = "no such page"
		}
	}
	return t, true
}

// attr is one attribute of a tag, its key lower-cased and its value
// unescaped.
type attr struct{ key, val string }

func get(attrs []attr, key string) (string, bool) {
	for _, a := range attrs {
		if a.key == key {
			return a.val, true
		}
	}
	return "", false
}

// tokenize streams the start tags of an HTML document to fn, with the
// attributes the check looks at (wanted). The tokenizer reads raw text
// elements (script, style) as text, so markup inside them is not mistaken
// for tags.
func tokenize(r io.Reader, fn func(tag string, attrs []attr)) error {
	z := html.NewTokenizer(r)
	var attrs []attr
	for {
		switch z.Next() {
		case html.ErrorToken:
			if err := z.Err(); !errors.Is(err, io.EOF) {
				return err
			}
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attrs = attrs[:0]
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if key, ok := wanted[string(k)]; ok {
					attrs = append(attrs, attr{key, string(v)})
				}
			}
			if len(attrs) > 0 {
				tag := atom.String(name)
				fn(tag, attrs)
			}
		}
	}
}

// wanted are the attributes the check reads, each mapped to itself, so
// that a key can be looked up without allocating and reused as a string.
var wanted = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{"id", "name", "href", "src", "srcset", "poster", "http-equiv", "content"} {
		m[k] = k
	}
	return m
}()

// linkAttrs are, for each tag, the attributes that hold a URL the browser
// follows or loads.
var linkAttrs = map[string][]string{
	"a":      {"href"},
	"area":   {"href"},
	"link":   {"href"},
	"img":    {"src", "srcset"},
	"script": {"src"},
	"source": {"src", "srcset"},
	"iframe": {"src"},
	"audio":  {"src"},
	"video":  {"src", "poster"},
	"track":  {"src"},
}

// links returns the URLs a tag links to.
func links(tag string, attrs []attr) []string {
	if tag == "meta" {
		if v, _ := get(attrs, "http-equiv"); strings.EqualFold(v, "refresh") {
			content, _ := get(attrs, "content")
			if u := refreshURL(content); u != "" {
				return []string{u}
			}
		}
		return nil
	}
	keys := linkAttrs[tag]
	if keys == nil {
		return nil
	}
	var out []string
	for _, k := range keys {
		v, ok := get(attrs, k)
		if !ok {
			continue
		}
		if k == "srcset" {
			out = append(out, srcset(v)...)
		} else {
			out = append(out, v)
		}
	}
	return out
}

// srcset returns the URLs of a srcset attribute ("a.jpg 1x, b.jpg 2x").
func srcset(v string) []string {
	var out []string
	for _, cand := range strings.Split(v, ",") {
		if f := strings.Fields(cand); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

// refreshURL returns the URL of a meta refresh's content ("0; url=/a/"),
// or "" when it has none.
func refreshURL(content string) string {
	_, rest, ok := strings.Cut(content, ";")
	if !ok {
		_, rest, ok = strings.Cut(content, ",")
		if !ok {
			return ""
		}
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 4 && strings.EqualFold(rest[:3], "url") {
		if r := strings.TrimSpace(rest[3:]); strings.HasPrefix(r, "=") {
			rest = strings.TrimSpace(r[1:])
		}
	}
	return strings.Trim(rest, `"'`)
}

func isHTML(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".html" || ext == ".htm"
}
