package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/folio-ssg/folio/internal/diag"
	"github.com/folio-ssg/folio/internal/newstext"
	"github.com/folio-ssg/folio/internal/slug"
)

// Dir is the folder under the site root that holds the content.
const Dir = "content"

// Loader reads content files into Articles. Build one with NewLoader and the
// With options; it is safe for concurrent use.
type Loader struct {
	loc       *time.Location
	basePath  string
	unsafe    bool
	plainCode bool
	workers   int
	md        *markdown
	onRead    func(file string, data []byte)

	spoolDir  string // where to spool bodies; "" keeps them in memory
	useSpool  bool
	inMemory  int64        // bytes of bodies kept in memory before spooling
	kept      atomic.Int64 // bytes of bodies kept in memory so far
	spoolOnce sync.Once
	spool     *spool
	spoolErr  error
}

// Option configures a Loader.
type Option func(*Loader)

// WithLocation sets the time zone of dates written without an offset
// (default UTC).
func WithLocation(loc *time.Location) Option { return func(l *Loader) { l.loc = loc } }

// WithUnsafeHTML keeps raw HTML in Markdown instead of dropping it. Only for
// sites whose authors are trusted: raw HTML can carry scripts.
func WithUnsafeHTML(unsafe bool) Option { return func(l *Loader) { l.unsafe = unsafe } }

// WithHighlighting turns the colouring of fenced code blocks on (the
// default) or off. Without it, code is written as goldmark writes it:
// <pre><code class="language-go">, escaped.
func WithHighlighting(on bool) Option { return func(l *Loader) { l.plainCode = !on } }

// WithBasePath sets the URL path the site is published under (default "/"),
// against which relative links and images in articles are resolved.
func WithBasePath(p string) Option { return func(l *Loader) { l.basePath = p } }

// WithWorkers sets how many files are parsed at once (default: two per
// CPU, so that a worker waiting in a system call, to read an article or
// to write its body to the spool, leaves work for the CPU it frees).
func WithWorkers(n int) Option { return func(l *Loader) { l.workers = n } }

// WithReadHook has the loader call fn with the bytes of every file it
// reads (file is its slash-separated path from the site root), before it
// parses them, from its workers at once. The build cache hashes them
// there, so that its fingerprint is of the very bytes the build used and
// no article is read twice (buildcache.Pending.Record).
func WithReadHook(fn func(file string, data []byte)) Option {
	return func(l *Loader) { l.onRead = fn }
}

// WithSpool keeps rendered bodies in a temporary file in dir (the system's
// temporary folder if dir is "") instead of memory, so that a very large
// site builds in bounded memory. Article.Content then reads a body back
// from that file. The first inMemory bytes of bodies stay in memory all
// the same: reading a body back costs system calls and garbage, which a
// site of a few thousand articles need not pay. The preview server, which
// keeps articles across builds and reads few of them, does not use it.
func WithSpool(dir string, inMemory int64) Option {
	return func(l *Loader) { l.useSpool, l.spoolDir, l.inMemory = true, dir, inMemory }
}

// NewLoader returns a Loader with the given options.
func NewLoader(opts ...Option) *Loader {
	l := &Loader{loc: time.UTC, basePath: "/", workers: 2 * runtime.GOMAXPROCS(0)}
	for _, o := range opts {
		o(l)
	}
	if l.workers < 1 {
		l.workers = 1
	}
	l.md = newMarkdown(l.unsafe, !l.plainCode)
	return l
}

// Result is what Load finds under content/.
type Result struct {
	// Articles are sorted by Path.
	Articles []*Article
	// Files are the other files (images, PDFs, …), as paths under content/,
	// sorted; they are published unchanged at the same relative path.
	Files []string
}

// Load reads every article under content/ in fsys (the site root). It reads
// all files even when some are bad and returns every problem as a diag.List
// together with the articles that could be read.
func (l *Loader) Load(fsys fs.FS) (*Result, error) { return l.LoadCached(fsys, nil) }

// Cache remembers what files were read as between loads, so that a reload
// (in the preview server) parses only the files whose size or modification
// time changed. The zero value is an empty cache; a Cache must only be used
// with one Loader and is not safe for concurrent loads.
type Cache struct {
	entries map[string]cacheEntry
	changed []string
}

type cacheEntry struct {
	size    int64
	modTime int64
	article *Article
	errs    diag.List
}

// Changed returns the paths under content/ that the last LoadCached call
// parsed anew or found gone, sorted.
func (c *Cache) Changed() []string { return c.changed }

// LoadCached is Load that reuses the articles of unchanged files from c.
// A nil c reads everything.
//
// The workers parse articles while the walk is still listing the folder,
// so that at 10,000 articles the walk (and the stat of each file that c
// needs) costs no time of its own.
func (l *Loader) LoadCached(fsys fs.FS, c *Cache) (*Result, error) {
	var errs diag.List
	var found []*loadJob // articles, in walk order, which is sorted by path
	res := &Result{}
	next := make(chan *loadJob, 64)
	var wg sync.WaitGroup
	for range l.workers {
		wg.Go(func() {
			for j := range next {
				j.article, j.errs = l.loadFile(fsys, j.path)
			}
		})
	}
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir // a site with no content yet builds an empty site
			}
			errs.Add(&diag.Error{File: p, Err: unwrapPathError(err)})
			return nil
		}
		name := d.Name()
		if p != Dir && ignored(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			errs.Add(diag.Errorf(p, 0, "is a symbolic link; folio does not follow links in content/ (copy the file or folder instead)"))
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel := strings.TrimPrefix(p, Dir+"/")
		if !isArticleName(name) {
			res.Files = append(res.Files, rel)
			return nil
		}
		j := &loadJob{path: rel, parsed: true}
		found = append(found, j)
		if c != nil {
			// The stamp is taken before the file is read, so that an edit
			// made while it is read shows as a change next time.
			if info, err := d.Info(); err == nil {
				j.stamp.size, j.stamp.modTime = info.Size(), info.ModTime().UnixNano()
			}
			if e, ok := c.entries[rel]; ok && e.size == j.stamp.size && e.modTime == j.stamp.modTime && j.stamp.modTime != 0 {
				j.article, j.errs, j.parsed = e.article, e.errs, false
				return nil
			}
		}
		next <- j
		return nil
	})
	close(next)
	wg.Wait()
	if err != nil {
		errs.Add(err)
	}
	if c != nil {
		c.update(found)
	}

	for _, j := range found {
		errs = append(errs, j.errs...)
		switch {
		case j.article == notArticle:
			res.Files = append(res.Files, j.path)
		case j.article != nil:
			res.Articles = append(res.Articles, j.article)
		}
	}
	sort.Strings(res.Files)
	return res, errs.Err()
}

// loadJob is one article file of a load: found by the walk, then either
// taken from the cache or parsed by a worker.
type loadJob struct {
	path    string
	stamp   cacheEntry // size and modification time, when cached
	parsed  bool       // read now rather than taken from the cache
	article *Article
	errs    diag.List
}

// update records a load's results and which paths changed since the last.
func (c *Cache) update(found []*loadJob) {
	old := c.entries
	c.entries = make(map[string]cacheEntry, len(found))
	c.changed = c.changed[:0]
	for _, j := range found {
		e := j.stamp
		e.article, e.errs = j.article, j.errs
		c.entries[j.path] = e
		if j.parsed {
			c.changed = append(c.changed, j.path)
		}
	}
	for p := range old {
		if _, ok := c.entries[p]; !ok {
			c.changed = append(c.changed, p)
		}
	}
	sort.Strings(c.changed)
}

// isArticleName reports whether a file of this name may be an article,
// which the loader reads itself: Markdown, or a plain-text news article.
func isArticleName(name string) bool {
	return strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".txt")
}

// ReadsFile reports whether the loader reads the file rel (slash-separated,
// from the site root) itself, if it does not ignore it: the files under
// content/ that may be articles. The build cache hashes those as the
// loader reads them (WithReadHook).
func ReadsFile(rel string) bool {
	return strings.HasPrefix(rel, Dir+"/") && isArticleName(path.Base(rel))
}

// ignored reports whether a file or folder in content/ is skipped: hidden
// files, editor backups, and Hugo's _index.md section pages.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp")
}

// notArticle marks a .txt file that is not a news article: it is copied
// to the output like any other file.
var notArticle = &Article{}

func (l *Loader) loadFile(fsys fs.FS, rel string) (*Article, diag.List) {
	file := Dir + "/" + rel
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, diag.List{{File: file, Err: unwrapPathError(err)}}
	}
	if l.onRead != nil {
		l.onRead(file, data)
	}
	var a *Article
	var errs []*lineError
	if strings.HasSuffix(rel, ".txt") {
		if !newstext.Sniff(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))) {
			return notArticle, nil // a plain text file, published as it is
		}
		var err *lineError
		if a, err = l.ParseNews(rel, data); err != nil {
			errs = append(errs, err)
		}
	} else {
		a, errs = l.Parse(rel, data)
	}
	var list diag.List
	for _, e := range errs {
		list = append(list, &diag.Error{File: file, Line: e.line, Err: e.err})
	}
	if len(list) > 0 {
		return nil, list
	}
	if err := l.keep(a); err != nil {
		return nil, diag.List{{File: file, Err: err}}
	}
	return a, nil
}

// keep moves an article's body to the spool when the loader has one and
// the bodies kept in memory already fill the loader's share.
func (l *Loader) keep(a *Article) error {
	if !l.useSpool || l.kept.Add(int64(len(a.body.html))) <= l.inMemory {
		return nil
	}
	l.spoolOnce.Do(func() { l.spool, l.spoolErr = newSpool(l.spoolDir) })
	if l.spoolErr != nil {
		return l.spoolErr
	}
	b, err := l.spool.put(string(a.body.html))
	if err != nil {
		return err
	}
	a.body = b
	return nil
}

// Parse reads one Markdown article from data; rel is its path under
// content/. It returns every problem found, each with its line.
func (l *Loader) Parse(rel string, data []byte) (*Article, []*lineError) {
	data, err := normalize(data)
	if err != nil {
		return nil, []*lineError{err}
	}
	format, fm, body, bodyLine, ferr := splitFrontMatter(data)
	if ferr != nil {
		return nil, []*lineError{{1, ferr}}
	}
	var fields []field
	switch format {
	case "yaml":
		fields, ferr = parseYAML(fm, 2)
	case "toml":
		fields, ferr = parseTOML(fm, 2)
	}
	if ferr != nil {
		if le, ok := ferr.(*lineError); ok {
			return nil, []*lineError{le}
		}
		return nil, []*lineError{{1, ferr}}
	}
	a := &Article{Path: rel, Format: Markdown}
	if dir := path.Dir(rel); dir != "." {
		a.Section, _, _ = strings.Cut(dir, "/")
	}
	var summary string
	if errs := a.applyFields(fields, l.loc, &summary); len(errs) > 0 {
		return nil, errs
	}
	if a.Title == "" {
		a.Title = titleFromFile(rel)
	}
	if a.Slug == "" {
		a.Slug = slug.Make(a.Title)
		if a.Slug == "" {
			a.Slug = slug.Make(strings.TrimSuffix(path.Base(rel), path.Ext(rel)))
		}
	}
	if a.Date.IsZero() {
		a.Date = a.PublishDate // as in Hugo: date falls back to publishDate
	}
	if a.Lastmod.IsZero() {
		a.Lastmod = a.Date
	}
	dir := path.Dir(rel)
	if dir == "." {
		dir = ""
	}
	r, cerr := l.md.convert(body, summary, l.basePath, dir)
	if cerr != nil {
		return nil, []*lineError{{bodyLine, fmt.Errorf("markdown: %v", cerr)}}
	}
	if a.Dateline != nil {
		// An imported news article: its dateline opens the first paragraph.
		r.content = withDateline(r.content, a.Dateline)
		r.summary = withDateline(r.summary, a.Dateline)
	}
	a.body = storedBody{html: safeHTML(r.content)}
	a.Summary, a.Truncated = safeHTML(r.summary), r.truncated
	a.WordCount = r.words
	a.Headings = r.headings
	a.ReadingTime = readingTime(r.words)
	return a, nil
}

// withDateline puts a dateline at the start of the first paragraph of
// rendered HTML that opens with one.
func withDateline(h string, d *Dateline) string {
	if !strings.HasPrefix(h, "<p>") {
		return h
	}
	return "<p>" + datelineHTML(d) + h[len("<p>"):]
}

// normalize checks that data is text and gives it Unix line endings: a file
// saved on Windows or an old Mac builds the same as any other.
func normalize(data []byte) ([]byte, *lineError) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if bytes.HasPrefix(data, []byte("\xFF\xFE")) || bytes.HasPrefix(data, []byte("\xFE\xFF")) {
		return nil, &lineError{1, fmt.Errorf("is UTF-16 text; save it as UTF-8")}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, &lineError{lineOf(data, i), fmt.Errorf("is not a text file (it contains NUL bytes)")}
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return nil, &lineError{lineOf(data, i), fmt.Errorf("is not valid UTF-8 text (byte %#x at offset %d); save it as UTF-8", data[i], i)}
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return data, nil
}

func lineOf(data []byte, off int) int { return bytes.Count(data[:off], []byte("\n")) + 1 }

// titleFromFile makes a title from a file name when front matter has none:
// "my-first-post.md" → "My first post".
func titleFromFile(rel string) string {
	base := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
	if base == "index" && path.Dir(rel) != "." {
		base = path.Base(path.Dir(rel))
	}
	base = strings.NewReplacer("-", " ", "_", " ").Replace(base)
	r, n := utf8.DecodeRuneInString(base)
	return string(unicode.ToUpper(r)) + base[n:]
}
