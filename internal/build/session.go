package build

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/diag"
	"github.com/folio-ssg/folio/internal/feed"
	"github.com/folio-ssg/folio/internal/rawfile"
	"github.com/folio-ssg/folio/internal/render"
	"github.com/folio-ssg/folio/internal/search"
	"github.com/folio-ssg/folio/internal/site"
	"github.com/folio-ssg/folio/templates"
)

// Session builds one site again and again, as the preview server does:
// each Build re-reads only the content files whose size or modification
// time changed since the last, and reuses the rest. `folio build` is a
// session of one build.
type Session struct {
	opts Options
	src  fs.FS

	loader    *content.Loader
	loaderKey string // the configuration the loader was made for
	// spoolDir, when not "", is where the loader keeps rendered bodies
	// out of memory (content.WithSpool): a one-off build of a large site
	// needs each body only a few times, while the preview keeps them.
	spoolDir string
	// onRead, when not nil, is given the bytes of every content file the
	// loader reads (content.WithReadHook).
	onRead func(file string, data []byte)
	// once says that the session builds only once, as folio build does:
	// it then keeps no content cache, which would cost a stat of every
	// article for nothing.
	once  bool
	cache content.Cache
	last  *Generation // the last good build
}

// bodiesInMemory is how many bytes of rendered article bodies a build keeps
// in memory before it spools the rest: about 5,000 news articles' worth.
// Reading a body back from the spool costs system calls and garbage, about
// a tenth of the CPU of a 10,000-article build when every body is spooled;
// past this share, memory must not grow with the length of articles, so
// that 100,000 of them build in under 1 GiB.
const bodiesInMemory = 32 << 20

// NewSession returns a session for the site at opts.Source, which it reads
// through rawfile.DirFS: a build reads every article, and os.DirFS would
// spend twice the system calls on each.
func NewSession(opts Options) *Session {
	if opts.Source == "" {
		opts.Source = "."
	}
	return &Session{opts: opts, src: rawfile.DirFS(opts.Source)}
}

// Changes says what a build found different from the last good one, so
// that the preview can swap a stylesheet instead of reloading the page.
type Changes struct {
	// Content lists the files under content/ read anew or gone.
	Content []string
	// Config, Templates and Stylesheet report changes to folio.toml, to
	// the HTML templates, and to the theme's stylesheet.
	Config, Templates, Stylesheet bool
}

// OnlyStylesheet reports whether the stylesheet is all that changed.
func (c Changes) OnlyStylesheet() bool {
	return c.Stylesheet && !c.Config && !c.Templates && len(c.Content) == 0
}

// Generation is one build of the site, held in memory. Its pages are
// rendered when first asked for and then kept, so a preview renders only
// the pages somebody looks at.
type Generation struct {
	Site  *site.Site
	Theme *render.Theme
	// Changes compares this build with the session's previous good one.
	Changes Changes

	src          fs.FS
	contentFiles []string
	configSum    [32]byte
	jobsOnce     sync.Once
	jobs         map[string]render.Job // the render plan by output name, made on the first File call
	assets       map[string][]byte
	files        map[string]bool // output names of content files

	mu       sync.Mutex
	rendered map[string][]byte
	feeds    map[string][]byte // written on the first feed request
	feedErr  error

	searchOnce  sync.Once
	searchFiles map[string][]byte // the search index, written on its first request
	searchErr   error
}

// Build reads the site as it is now. On error the session keeps its last
// good generation for comparison with the next build.
func (s *Session) Build() (*Generation, error) {
	opts := s.opts
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	opts.Progress.set("reading configuration", 0)
	cfg, cfgData, err := readConfig(s.src)
	if err != nil {
		return nil, err
	}
	if opts.BaseURL != "" {
		u, err := site.CheckBaseURL(opts.BaseURL)
		if err != nil {
			return nil, fmt.Errorf("--base-url: %w", err)
		}
		cfg.BaseURL = u
	}
	if err := feed.CheckConfig(cfg); err != nil { // feeds need base_url
		return nil, err
	}

	var errs diag.List
	opts.Progress.set("reading content", 0)
	key := fmt.Sprint(cfg.Location, cfg.Markdown.Unsafe, cfg.Markdown.HighlightCode, cfg.BasePath())
	if s.loader == nil || key != s.loaderKey {
		lopts := []content.Option{
			content.WithLocation(cfg.Location),
			content.WithUnsafeHTML(cfg.Markdown.Unsafe),
			content.WithHighlighting(cfg.Markdown.HighlightCode),
			content.WithBasePath(cfg.BasePath()),
		}
		if s.spoolDir != "" {
			lopts = append(lopts, content.WithSpool(s.spoolDir, bodiesInMemory))
		}
		if s.onRead != nil {
			lopts = append(lopts, content.WithReadHook(s.onRead))
		}
		s.loader = content.NewLoader(lopts...)
		s.loaderKey, s.cache = key, content.Cache{}
	}
	cache := &s.cache
	if s.once {
		cache = nil
	}
	loaded, err := s.loader.LoadCached(s.src, cache)
	errs.Add(err)

	st, err := site.New(cfg, loaded.Articles, loaded.Files, site.Options{Drafts: opts.Drafts, Future: opts.Future, Expired: opts.Expired, Now: opts.Now})
	errs.Add(err)

	theme, err := render.LoadTheme(templates.FS, siteTemplates(opts.Source), st)
	errs.Add(err)
	if err := errs.Err(); err != nil {
		return nil, err
	}

	g := &Generation{
		Site: st, Theme: theme, src: s.src, contentFiles: loaded.Files,
		configSum: sha256.Sum256(cfgData),
		assets:    map[string][]byte{},
		files:     map[string]bool{},
		rendered:  map[string][]byte{},
	}
	for _, a := range theme.Assets() {
		g.assets[a.Name] = a.Data
	}
	for _, f := range loaded.Files {
		g.files[f] = true
	}
	g.Changes.Content = append([]string(nil), s.cache.Changed()...)
	if prev := s.last; prev != nil {
		g.Changes.Config = prev.configSum != g.configSum
		g.Changes.Templates = prev.Theme.TemplateSum() != theme.TemplateSum()
		g.Changes.Stylesheet = prev.Stylesheet() != g.Stylesheet()
	}
	s.last = g
	return g, nil
}

// File returns an output file of the site, rendering it on first request.
// found is false when the site has no such file.
func (g *Generation) File(name string) (data []byte, found bool, err error) {
	if b, ok := g.assets[name]; ok {
		return b, true, nil
	}
	// The plan is made on demand: folio build renders from its own plan,
	// and at 100,000 articles this map is 50 MB.
	g.jobsOnce.Do(func() {
		plan := render.Plan(g.Site)
		g.jobs = make(map[string]render.Job, len(plan))
		for _, j := range plan {
			g.jobs[j.Out] = j
		}
	})
	if job, ok := g.jobs[name]; ok {
		g.mu.Lock()
		b, ok := g.rendered[name]
		g.mu.Unlock()
		if ok {
			return b, true, nil
		}
		var buf bytes.Buffer
		if err := g.Theme.Render(job, &buf); err != nil {
			return nil, true, err
		}
		g.mu.Lock()
		g.rendered[name] = buf.Bytes()
		g.mu.Unlock()
		return buf.Bytes(), true, nil
	}
	if g.files[name] {
		b, err := fs.ReadFile(g.src, content.Dir+"/"+name)
		return b, true, err
	}
	if strings.HasPrefix(name, search.Dir+"/") && path.Ext(name) == ".json" {
		g.searchOnce.Do(func() {
			w := &memWriter{files: map[string][]byte{}}
			_, g.searchErr = search.Write(g.Site, w)
			g.searchFiles = w.files
		})
		if b, ok := g.searchFiles[name]; ok {
			return b, true, g.searchErr
		}
	}
	switch path.Base(name) {
	case "feed.xml", "atom.xml", "feed.json":
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.feeds == nil {
			w := &memWriter{files: map[string][]byte{}}
			_, g.feedErr = feed.Write(g.Site, w)
			g.feeds = w.files
		}
		if b, ok := g.feeds[name]; ok {
			return b, true, g.feedErr
		}
	}
	return nil, false, nil
}

// URLs maps the path under content/ of every published article to its URL
// path, so the preview can send the reader of a moved page to its new URL.
func (g *Generation) URLs() map[string]string {
	m := make(map[string]string, len(g.Site.Pages))
	for _, p := range g.Site.Pages {
		m[p.Path] = p.RelPermalink
	}
	return m
}

// Stylesheet returns the URL of the theme's stylesheet.
func (g *Generation) Stylesheet() string {
	for _, a := range g.Theme.Assets() {
		if strings.HasPrefix(a.Name, "style.") && strings.HasSuffix(a.Name, ".css") {
			return g.Site.RelURL(a.Name)
		}
	}
	return ""
}

// memWriter keeps written files in memory. Like publish.Dir, it is safe
// for concurrent use: feeds are written from several goroutines.
type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memWriter) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = append([]byte(nil), data...)
	return nil
}
