package site

// Pager is one page of a paginated list. Its fields follow Hugo's
// paginator, so that list templates read the same.
type Pager struct {
	// PageNumber is 1-based.
	PageNumber int
	// Pages are the articles on this page.
	Pages []*Page
	// URL is the page's URL path, and Permalink its absolute URL (the
	// same as URL for a site without a base URL).
	URL       string
	Permalink string
	// OutputPath is the file the page is written to, relative to the
	// output folder ("tags/go/page/2/index.html").
	OutputPath string
	// TotalPages is the number of pages in the list.
	TotalPages int

	all []*Pager
}

// HasPrev reports whether there is a page before this one.
func (p *Pager) HasPrev() bool { return p.PageNumber > 1 }

// HasNext reports whether there is a page after this one.
func (p *Pager) HasNext() bool { return p.PageNumber < p.TotalPages }

// Prev returns the previous page, or nil.
func (p *Pager) Prev() *Pager {
	if !p.HasPrev() {
		return nil
	}
	return p.all[p.PageNumber-2]
}

// Next returns the next page, or nil.
func (p *Pager) Next() *Pager {
	if !p.HasNext() {
		return nil
	}
	return p.all[p.PageNumber]
}

// First returns the first page.
func (p *Pager) First() *Pager { return p.all[0] }

// Last returns the last page.
func (p *Pager) Last() *Pager { return p.all[len(p.all)-1] }

// PageLink is one entry of numbered page navigation: a page, or a gap
// standing for the pages left out.
type PageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// Window returns numbered navigation around this page: the first and last
// pages, and radius pages either side of this one, with gaps between, so
// that a 5,000-page archive does not print 5,000 links on every page.
func (p *Pager) Window(radius int) []PageLink {
	var out []PageLink
	last := 0
	for n := 1; n <= p.TotalPages; n++ {
		if n != 1 && n != p.TotalPages && (n < p.PageNumber-radius || n > p.PageNumber+radius) {
			continue
		}
		if last != 0 && n > last+1 {
			out = append(out, PageLink{Gap: true})
		}
		out = append(out, PageLink{Number: n, URL: p.all[n-1].URL, Current: n == p.PageNumber})
		last = n
	}
	return out
}

// Paginate splits pages into pagers of size articles. A list with no
// articles still has one (empty) page, so that the home page of a new site
// exists. urlFor gives the URL of page n.
func Paginate(pages []*Page, size int, urlFor func(n int) string) []*Pager {
	if size < 1 {
		panic("site.Paginate: size must be at least 1")
	}
	total := (len(pages) + size - 1) / size
	if total == 0 {
		total = 1
	}
	all := make([]*Pager, total)
	for i := range all {
		lo, hi := i*size, min((i+1)*size, len(pages))
		all[i] = &Pager{PageNumber: i + 1, Pages: pages[lo:max(lo, hi)], URL: urlFor(i + 1), TotalPages: total, all: all}
	}
	return all
}

// paginate splits pages into the pagers of the list at the site path dir
// ("" for the home page, "tags/go/" for a term), size articles to a page
// (0: all on one), with their URLs and output files.
func (s *Site) paginate(pages []*Page, dir string, size int) []*Pager {
	if size == 0 {
		size = max(1, len(pages))
	}
	pagers := Paginate(pages, size, func(n int) string { return s.RelURL(pagePath(dir, n)) })
	for _, pg := range pagers {
		p := pagePath(dir, pg.PageNumber)
		pg.Permalink, pg.OutputPath = s.AbsURL(p), outputPath(p)
	}
	return pagers
}
