package site

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

// Link is a titled URL, for navigation.
type Link struct {
	Title        string
	RelPermalink string
	Permalink    string
}

// Alias is a redirect page written at an article's old URL.
type Alias struct {
	// OutputPath is the file written, relative to the output folder.
	OutputPath string
	// Target is the article it redirects to.
	Target *Page
}

// maxRelated is the number of related articles shown on an article page.
const maxRelated = 5

// relatedWindow bounds the search for related articles to the articles
// nearest in time in each shared term, so that a tag on 50,000 articles
// does not make every page of an archive scan all of them.
const relatedWindow = 200

type relatedOnce struct {
	once  sync.Once
	pages []*Page
}

// Related returns up to five articles that share the most tags and
// categories with this one, ties broken by date (nearest in time first).
// It is computed when a template first asks for it.
func (p *Page) Related() []*Page {
	p.related.once.Do(func() { p.related.pages = p.findRelated() })
	return p.related.pages
}

func (p *Page) findRelated() []*Page {
	shared := map[*Page]int{}
	for _, tax := range []string{"tags", "categories"} {
		for _, term := range p.terms[tax] {
			pages := term.Pages
			// term.Pages is sorted like Site.Pages: find p in it by index.
			i := sort.Search(len(pages), func(i int) bool { return pages[i].index >= p.index })
			lo, hi := max(0, i-relatedWindow/2), min(len(pages), i+relatedWindow/2+1)
			for _, q := range pages[lo:hi] {
				if q != p {
					shared[q]++
				}
			}
		}
	}
	out := make([]*Page, 0, len(shared))
	for q := range shared {
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if shared[a] != shared[b] {
			return shared[a] > shared[b]
		}
		da, db := distance(a.Date, p.Date), distance(b.Date, p.Date)
		if da != db {
			return da < db
		}
		return a.index < b.index
	})
	return out[:min(len(out), maxRelated)]
}

func distance(a, b time.Time) time.Duration {
	d := a.Sub(b)
	if d < 0 {
		return -d
	}
	return d
}

// Breadcrumbs returns the trail from the home page to this article's
// parent: home, then its year and month archive when it has a date.
func (p *Page) Breadcrumbs() []Link {
	s := p.site
	crumbs := []Link{{Title: "Home", RelPermalink: s.RelURL(""), Permalink: s.AbsURL("")}}
	if p.Date.IsZero() {
		return crumbs
	}
	y := fmt.Sprintf("%04d/", p.Date.Year())
	m := fmt.Sprintf("%s%02d/", y, int(p.Date.Month()))
	return append(crumbs,
		Link{Title: fmt.Sprint(p.Date.Year()), RelPermalink: s.RelURL(y), Permalink: s.AbsURL(y)},
		Link{Title: p.Date.Month().String(), RelPermalink: s.RelURL(m), Permalink: s.AbsURL(m)},
	)
}
