package site

import (
	"sort"
	"strings"

	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/diag"
	"github.com/folio-ssg/folio/internal/slug"
)

// Taxonomy is a way of grouping articles, such as tags or categories.
type Taxonomy struct {
	// Name is the plural, lower-case name used in URLs ("tags").
	Name string
	// Title is the name shown to readers ("Tags").
	Title string
	// Terms are sorted by name, case-insensitively.
	Terms []*Term
	// RelPermalink and Permalink are the URL of the index of all terms,
	// written to OutputPath.
	RelPermalink string
	Permalink    string
	OutputPath   string
}

// Term is one value of a taxonomy, such as the tag "Go", with its pages.
type Term struct {
	Name string
	Slug string
	// Taxonomy is the taxonomy the term belongs to.
	Taxonomy *Taxonomy
	// Pages are the term's articles, newest first.
	Pages []*Page
	// Pagers are the term's list pages.
	Pagers       []*Pager
	RelPermalink string
	Permalink    string
	// Bio and URL come from the site configuration's [authors] table, for
	// author pages.
	Bio, URL string

	// indexes holds the Site.Pages index of each of Pages, in the same
	// order: the search for related articles reads it rather than each
	// page, which at 10,000 articles cost a cache miss per page visited.
	indexes []int32
}

// Count is the number of articles with the term.
func (t *Term) Count() int { return len(t.Pages) }

// newTaxonomy groups s.Pages (already sorted) by the names values returns.
// Names that differ only in case or punctuation share a slug and so a page;
// they are one term, shown under the first spelling met in date order.
func (s *Site) newTaxonomy(name, title string, values func(*content.Article) []string, errs *diag.List) *Taxonomy {
	t := &Taxonomy{Name: name, Title: title, RelPermalink: s.RelURL(name + "/"), Permalink: s.AbsURL(name + "/"), OutputPath: outputPath(name + "/")}
	bySlug := map[string]*Term{}
	slugs := map[string]string{} // name → slug, as a tag recurs on many articles
	for _, p := range s.Pages {
		for _, v := range values(p.Article) {
			sl, ok := slugs[v]
			if !ok {
				sl = slug.Make(v)
				slugs[v] = sl
			}
			if sl == "" {
				errs.Add(diag.Errorf(content.Dir+"/"+p.Path, 0, "front matter: %s: %q has no letters or digits to make a URL from", name, v))
				continue
			}
			term := bySlug[sl]
			if term != nil && term.Name != v && foldName(term.Name) != foldName(v) {
				// "C++" and "C" would share /tags/c/: merging them would
				// file C++ articles under C, so say so instead.
				errs.Add(diag.Errorf(content.Dir+"/"+p.Path, 0, "front matter: %s: %q has the same URL as %q (%s); rename one of them", name, v, term.Name, term.RelPermalink))
				continue
			}
			if term == nil {
				dir := name + "/" + sl + "/"
				term = &Term{Name: v, Slug: sl, Taxonomy: t, RelPermalink: s.RelURL(dir), Permalink: s.AbsURL(dir)}
				if info, ok := s.Config.Authors[v]; ok && name == "authors" {
					term.Bio, term.URL = info.Bio, info.URL
				}
				bySlug[sl] = term
				t.Terms = append(t.Terms, term)
			}
			if n := len(term.Pages); n > 0 && term.Pages[n-1] == p {
				continue // the same tag twice on one article
			}
			term.Pages = append(term.Pages, p)
			p.addTerm(name, term)
		}
	}
	sort.Slice(t.Terms, func(i, j int) bool {
		a, b := strings.ToLower(t.Terms[i].Name), strings.ToLower(t.Terms[j].Name)
		if a != b {
			return a < b
		}
		return t.Terms[i].Slug < t.Terms[j].Slug
	})
	for _, term := range t.Terms {
		term.Pagers = s.paginate(term.Pages, name+"/"+term.Slug+"/", s.Config.PaginateTerms)
		term.indexes = make([]int32, len(term.Pages))
		for i, p := range term.Pages {
			term.indexes[i] = int32(p.index)
		}
	}
	return t
}

// taxonomyNames returns the configured taxonomies' plural names: the
// default ones first in their usual order, then the others sorted.
func taxonomyNames(m map[string]string) []string {
	var names, others []string
	seen := map[string]bool{}
	for _, plural := range m {
		seen[plural] = true
	}
	for _, n := range []string{"tags", "categories", "authors"} {
		if seen[n] {
			names = append(names, n)
			delete(seen, n)
		}
	}
	for n := range seen {
		others = append(others, n)
	}
	sort.Strings(others)
	return append(names, others...)
}

// termValues returns how to read a taxonomy's terms from an article: the
// known fields, or the front matter key of the same name.
func termValues(name string) func(*content.Article) []string {
	switch name {
	case "tags":
		return func(a *content.Article) []string { return a.Tags }
	case "categories":
		return func(a *content.Article) []string { return a.Categories }
	case "authors":
		return func(a *content.Article) []string { return a.Authors }
	}
	return func(a *content.Article) []string {
		switch v := a.Params[name].(type) {
		case string:
			return []string{v}
		case []any:
			var out []string
			for _, x := range v {
				if s, ok := x.(string); ok {
					out = append(out, s)
				}
			}
			return out
		}
		return nil
	}
}

// titleCase makes a taxonomy's display name from its plural name.
func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ReplaceAll(s[1:], "_", " ")
}

// foldName is the form in which two spellings of a term are the same term:
// case, and spaces, hyphens and underscores between words, do not count
// ("Machine learning", "machine-learning").
func foldName(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t'
	}), " ")
}
