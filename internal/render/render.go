package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"unsafe"

	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/diag"
	"github.com/folio-ssg/folio/internal/site"
)

// Writer receives rendered files. publish.Dir writes them to disk; tests
// keep them in a map. Implementations must be safe for concurrent use.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// A FolderMaker is a Writer that can make the folder of a file before
// the file is written, as publish.Dir does. Pages has one goroutine make
// the folders of the pages in the order they are rendered, ahead of the
// workers that write them. On ext4, making a folder in articles/ holds
// that folder's lock for some 25 µs, and workers that made their own
// folders spun on it while another held it. MakeFolder need not report
// errors: the folder is made again when the file is written, and that
// reports them, naming the file.
type FolderMaker interface {
	Writer
	MakeFolder(name string)
}

// A Creator is a Writer that can also write a file in parts, as
// publish.Dir does. Pages streams a page through it once the page grows
// past streamAbove, rather than holding it whole in memory: a term page
// that lists every article of a large archive runs to tens of
// megabytes, and each worker held the largest it had rendered.
type Creator interface {
	Writer
	Create(name string) (io.WriteCloser, error)
}

// streamAbove is the length past which a page being rendered is written
// on through a Creator, in parts of about this length. Article and
// paginated list pages stay far below it and are written whole.
var streamAbove = 1 << 20

// Data is what every template receives as dot.
type Data struct {
	Site *site.Site
	// Kind is the page kind: "single", "list", "terms", "archive",
	// "search" or "404".
	Kind string
	// Title is the page's own title (article title, term name, …); the
	// base layout adds the site title.
	Title string
	// Description is a plain-text summary for meta tags.
	Description string
	// Page is the article on an article page.
	Page *site.Page
	// Paginator is the current page of a list (home or term page).
	Paginator *site.Pager
	// Term is the term of a term page.
	Term *site.Term
	// Taxonomy is the taxonomy of a term page or a terms index.
	Taxonomy *site.Taxonomy
	// Archive is the year or month of a date archive page.
	Archive *site.Archive
	// RelPermalink and Permalink are this page's own URL.
	RelPermalink string
	Permalink    string
	// Lang and Dir go on <html>: the article's language where it has one,
	// else the site's, and its writing direction.
	Lang string
	Dir  string
}

// IsHome reports whether this is the first page of the home list.
func (d *Data) IsHome() bool {
	return d.Kind == KindList && d.Term == nil && d.Archive == nil && (d.Paginator == nil || d.Paginator.PageNumber == 1)
}

// Job is one page to render: the output file and the data its template
// gets.
type Job struct {
	// Out is the output file, relative to the output folder.
	Out  string
	data *Data
	// article is set instead of data on an article's job: its Data is made
	// when the page is rendered, since a plan holds a job for every
	// article (at 100,000 articles, eager Data cost 50 MB).
	article *site.Page
	site    *site.Site
	// generate makes the files that need no template: redirects, the
	// sitemap, robots.txt.
	generate func() []byte
	// source names the input being rendered, for error messages ("" on
	// an article's job: see Source).
	source string
}

// Source names what the page is rendered from: an article's file, or e.g.
// "the home page".
func (j Job) Source() string {
	if j.article != nil {
		return content.Dir + "/" + j.article.Path
	}
	return j.source
}

// articleData is the template data of an article's page.
func articleData(s *site.Site, p *site.Page) *Data {
	lang := s.Config.Language
	if p.Lang != "" {
		lang = p.Lang
	}
	return &Data{Site: s, Kind: KindArticle, Title: p.Title, RelPermalink: p.RelPermalink, Permalink: p.Permalink,
		Lang: lang, Dir: langDir(lang), Page: p, Description: articleDescription(p.Article)}
}

// Pages renders every page of the site with the theme and writes them, and
// the theme's assets, through w. It renders on all CPUs and returns every
// error (a template that fails on one article usually fails on many: each
// template line is reported once, with the first article and a count).
func Pages(s *site.Site, t *Theme, w Writer) (pages int, err error) {
	jobs := Plan(s)
	var errs diag.List
	for _, a := range t.Assets() {
		if err := w.WriteFile(a.Name, a.Data); err != nil {
			errs.Add(err)
		}
	}

	results := make([]error, len(jobs))
	var wg sync.WaitGroup
	if fm, ok := w.(FolderMaker); ok {
		wg.Go(func() {
			for _, j := range jobs {
				fm.MakeFolder(j.Out)
			}
		})
	}
	creator, _ := w.(Creator)
	next := make(chan int)
	// Four workers per CPU: a worker spends much of its time blocked in
	// open and write (and in mkdir when it gets ahead of the folder
	// maker), and the others render meanwhile; two per CPU measured no
	// faster with the folder maker.
	for range min(4*runtime.GOMAXPROCS(0), max(1, len(jobs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			page := pageWriter{buf: new(bytes.Buffer), creator: creator}
			for i := range next {
				j := jobs[i]
				page.start(j.Out)
				err := t.Render(j, &page)
				if werr := page.finish(w, err); werr != nil {
					// A failed write is reported as WriteFile's are, even
					// when it stopped the template.
					err = &diag.Error{File: j.Source(), Err: werr}
				}
				results[i] = err
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()

	seen := map[string]*diag.Error{}
	counts := map[string]int{}
	for _, err := range results {
		if err == nil {
			continue
		}
		var de *diag.Error
		if !errors.As(err, &de) {
			errs.Add(err)
			continue
		}
		key := fmt.Sprintf("%s:%d", de.File, de.Line)
		if _, ok := seen[key]; !ok {
			seen[key] = de
			errs = append(errs, de)
		}
		counts[key]++
	}
	for key, de := range seen {
		if n := counts[key] - 1; n > 0 {
			de.Err = fmt.Errorf("%w (and %d more pages)", de.Err, n)
		}
	}
	return len(jobs), errs.Err()
}

// pageWriter is a render worker's writer. It holds a page in buf, and
// once the page grows past streamAbove it writes it on through a file
// from creator (when the Writer is one), so that buf stays short.
type pageWriter struct {
	buf     *bytes.Buffer
	creator Creator
	name    string
	f       io.WriteCloser // the page's file, once streamed
	err     error          // the first error writing through f
}

// start begins the page that goes to the output file name.
func (p *pageWriter) start(name string) {
	p.buf.Reset()
	p.name, p.f, p.err = name, nil, nil
}

// Write holds b, or writes it on through the page's file.
func (p *pageWriter) Write(b []byte) (int, error) {
	if p.creator == nil || p.buf.Len()+len(b) < streamAbove {
		return p.buf.Write(b)
	}
	p.stream(b)
	return len(b), p.err
}

// WriteString is Write for a string, which templates write most.
func (p *pageWriter) WriteString(s string) (int, error) {
	if p.creator == nil || p.buf.Len()+len(s) < streamAbove {
		return p.buf.WriteString(s)
	}
	p.stream(unsafe.Slice(unsafe.StringData(s), len(s))) // only read
	return len(s), p.err
}

// stream writes what buf holds and then b through the page's file,
// creating it first. After an error it drops them: the page is failed.
func (p *pageWriter) stream(b []byte) {
	if p.f == nil && p.err == nil {
		p.f, p.err = p.creator.Create(p.name)
	}
	if p.err == nil && p.buf.Len() > 0 {
		_, p.err = p.f.Write(p.buf.Bytes())
	}
	if p.err == nil {
		_, p.err = p.f.Write(b)
	}
	p.buf.Reset()
}

// finish ends the page rendered with error rerr (nil if it rendered): it
// writes the page through w when it was held whole, or closes its file.
// It returns the error of the writing, if any.
func (p *pageWriter) finish(w Writer, rerr error) error {
	if p.f == nil && p.err == nil {
		if rerr != nil {
			return nil
		}
		return w.WriteFile(p.name, p.buf.Bytes())
	}
	if p.err == nil && p.buf.Len() > 0 && rerr == nil {
		_, p.err = p.f.Write(p.buf.Bytes())
	}
	if p.f != nil {
		if err := p.f.Close(); p.err == nil {
			p.err = err
		}
	}
	return p.err
}

// Render renders one page into w. Errors name the template, its line and
// the page's source.
func (t *Theme) Render(j Job, w io.Writer) error {
	if j.generate != nil {
		_, err := w.Write(j.generate())
		return err
	}
	data := j.data
	if data == nil {
		data = articleData(j.site, j.article)
	}
	tmpl := t.templates[data.Kind]
	if err := tmpl.ExecuteTemplate(w, "baseof.html", data); err != nil {
		return t.templateError(innermostPartialError(err), j.Source())
	}
	return nil
}

// Plan lists every page of the site with its data, in a fixed order: the
// sitemap, articles newest first, home pages, each taxonomy's pages, the
// archives and the search page (when the configuration has them), 404,
// then the other generated files (redirects, robots.txt).
//
// The sitemap comes first because Pages starts jobs in this order. It is
// the largest job (13,500 URLs at 10,000 articles, some 13 ms), and as the
// last one it kept one CPU busy alone at the end of a build.
func Plan(s *site.Site) []Job {
	cfg := s.Config
	siteLang, siteDir := cfg.Language, langDir(cfg.Language)
	base := func(kind, title, rel, abs string) *Data {
		return &Data{Site: s, Kind: kind, Title: title, RelPermalink: rel, Permalink: abs,
			Description: cfg.Description, Lang: siteLang, Dir: siteDir}
	}
	jobs := make([]Job, 0, len(s.Pages)+len(s.Home)+16)
	jobs = append(jobs, Job{Out: "sitemap.xml", generate: func() []byte { return sitemap(s) }, source: "the sitemap"})
	for _, p := range s.Pages {
		jobs = append(jobs, Job{Out: p.OutputPath, article: p, site: s})
	}
	for _, pg := range s.Home {
		title := ""
		if pg.PageNumber > 1 {
			title = fmt.Sprintf("Page %d", pg.PageNumber)
		}
		d := base(KindList, title, pg.URL, pg.Permalink)
		d.Paginator = pg
		jobs = append(jobs, Job{Out: pg.OutputPath, data: d, source: "the home page"})
	}
	for _, tax := range s.Taxonomies {
		d := base(KindTerms, tax.Title, tax.RelPermalink, tax.Permalink)
		d.Taxonomy = tax
		jobs = append(jobs, Job{Out: tax.OutputPath, data: d, source: "the " + tax.Name + " index"})
		for _, term := range tax.Terms {
			for _, pg := range term.Pagers {
				title := term.Name
				if pg.PageNumber > 1 {
					title = fmt.Sprintf("%s, page %d", term.Name, pg.PageNumber)
				}
				d := base(KindList, title, pg.URL, pg.Permalink)
				d.Paginator, d.Term, d.Taxonomy = pg, term, tax
				jobs = append(jobs, Job{Out: pg.OutputPath, data: d, source: "the " + tax.Name + " page of " + term.Name})
			}
		}
	}
	if cfg.Archives {
		d := base(KindArchive, "Archive", s.Archive.RelPermalink, s.Archive.Permalink)
		jobs = append(jobs, Job{Out: "archive/index.html", data: d, source: "the archive"})
	}
	for _, y := range s.Years {
		for _, a := range append([]*site.Archive{y}, y.Months...) {
			for _, pg := range a.Pagers {
				title := a.Title
				if pg.PageNumber > 1 {
					title = fmt.Sprintf("%s, page %d", a.Title, pg.PageNumber)
				}
				d := base(KindList, title, pg.URL, pg.Permalink)
				d.Paginator, d.Archive = pg, a
				jobs = append(jobs, Job{Out: pg.OutputPath, data: d, source: "the archive of " + a.Title})
			}
		}
	}
	if cfg.BuildSearchIndex {
		d := base(KindSearch, "Search", s.RelURL("search/"), s.AbsURL("search/"))
		jobs = append(jobs, Job{Out: "search/index.html", data: d, source: "the search page"})
	}
	d := base(Kind404, "Page not found", s.RelURL("404.html"), s.AbsURL("404.html"))
	jobs = append(jobs, Job{Out: "404.html", data: d, source: "the 404 page"})
	for _, a := range s.Aliases {
		jobs = append(jobs, Job{Out: a.OutputPath, generate: func() []byte { return redirectPage(s, a.Target) }, source: content.Dir + "/" + a.Target.Path})
	}
	jobs = append(jobs, Job{Out: "robots.txt", generate: func() []byte { return robots(s) }, source: "robots.txt"})
	return jobs
}

// articleDescription is the plain text for an article's meta description.
func articleDescription(a *content.Article) string {
	if a.Description != "" {
		return a.Description
	}
	if a.Subtitle != "" {
		return a.Subtitle
	}
	return plainify(a.Summary)
}
