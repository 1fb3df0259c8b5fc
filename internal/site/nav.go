package site

import (
	"fmt"
	"slices"
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

// relatedScratch counts the terms each candidate shares with a page, by
// the candidate's index in Site.Pages: a slice and the list of indexes
// touched, reused across pages, instead of a map per page (which cost a
// tenth of rendering time and 200 MB of garbage at 10,000 articles).
type relatedScratch struct {
	shared  []int32
	touched []int32
}

var relatedPool sync.Pool

// findRelated works on indexes and dates held in dense slices (Term.indexes,
// Site.dates) rather than on the pages themselves, so that visiting a
// candidate costs no pointer chase.
func (p *Page) findRelated() []*Page {
	s := p.site
	n := len(s.Pages)
	sc, _ := relatedPool.Get().(*relatedScratch)
	if sc == nil || len(sc.shared) < n {
		sc = &relatedScratch{shared: make([]int32, n)}
	}
	defer func() {
		for _, q := range sc.touched {
			sc.shared[q] = 0
		}
		sc.touched = sc.touched[:0]
		relatedPool.Put(sc)
	}()
	self := int32(p.index)
	for _, tax := range []string{"tags", "categories"} {
		for _, term := range p.GetTerms(tax) {
			indexes := term.indexes
			// term.indexes is sorted like Site.Pages: find p in it.
			i, _ := slices.BinarySearch(indexes, self)
			lo, hi := max(0, i-relatedWindow/2), min(len(indexes), i+relatedWindow/2+1)
			for _, q := range indexes[lo:hi] {
				if q != self {
					if sc.shared[q] == 0 {
						sc.touched = append(sc.touched, q)
					}
					sc.shared[q]++
				}
			}
		}
	}
	// Keep the best maxRelated in order while scanning, rather than sorting
	// every candidate: this runs for every article page.
	type candidate struct {
		index  int32
		shared int32
		dist   instant
	}
	better := func(a, b candidate) bool {
		if a.shared != b.shared {
			return a.shared > b.shared
		}
		if a.dist != b.dist {
			return a.dist.before(b.dist)
		}
		return a.index < b.index
	}
	var top [maxRelated]candidate
	size := 0
	date := s.dates[self]
	for _, q := range sc.touched {
		c := candidate{q, sc.shared[q], distance(s.dates[q], date)}
		if size == maxRelated && !better(c, top[size-1]) {
			continue
		}
		i := 0
		for i < size && !better(c, top[i]) {
			i++
		}
		if size < maxRelated {
			size++
		}
		copy(top[i+1:size], top[i:size-1])
		top[i] = c
	}
	out := make([]*Page, size)
	for i, c := range top[:size] {
		out[i] = s.Pages[c.index]
	}
	return out
}

// instant is a time as seconds and nanoseconds since 1970 (0 ≤ nsec < 1e9),
// or a span of time as seconds and nanoseconds. The search for related
// articles measures the time between two articles for hundreds of
// candidates a page: time.Time.Sub cost three quarters of that search.
// Unlike a time.Duration, an instant holds any distance between two dates
// of time.Time's years 1 to 9999 exactly, rather than saturating at 292
// years.
type instant struct{ sec, nsec int64 }

// instantOf returns t's instant.
func instantOf(t time.Time) instant { return instant{t.Unix(), int64(t.Nanosecond())} }

func (a instant) before(b instant) bool {
	return a.sec < b.sec || a.sec == b.sec && a.nsec < b.nsec
}

// distance returns the span between a and b.
func distance(a, b instant) instant {
	if a.before(b) {
		a, b = b, a
	}
	d := instant{a.sec - b.sec, a.nsec - b.nsec}
	if d.nsec < 0 {
		d.sec--
		d.nsec += 1e9
	}
	return d
}

// Breadcrumbs returns the trail from the home page to this article's
// parent: home, then its year and month archive when it has a date and
// the site has archives.
func (p *Page) Breadcrumbs() []Link {
	s := p.site
	crumbs := []Link{{Title: "Home", RelPermalink: s.RelURL(""), Permalink: s.AbsURL("")}}
	if p.Date.IsZero() || !s.Config.Archives {
		return crumbs
	}
	y := fmt.Sprintf("%04d/", p.Date.Year())
	m := fmt.Sprintf("%s%02d/", y, int(p.Date.Month()))
	return append(crumbs,
		Link{Title: fmt.Sprint(p.Date.Year()), RelPermalink: s.RelURL(y), Permalink: s.AbsURL(y)},
		Link{Title: p.Date.Month().String(), RelPermalink: s.RelURL(m), Permalink: s.AbsURL(m)},
	)
}
