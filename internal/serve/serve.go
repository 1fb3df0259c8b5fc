package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/folio-ssg/folio/internal/build"
	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/render"
	"github.com/folio-ssg/folio/internal/site"
)

// Options configure the preview server.
type Options struct {
	// Source, Drafts and Future are as for a build. BaseURL is ignored: the
	// preview's links and feeds use the server's own address.
	Build build.Options
	// Bind is the address to listen on; loopback unless told otherwise.
	Bind string
	// Port is the TCP port; 0 picks a free one.
	Port int
	// Open opens the site in the default browser once it is served.
	Open bool
	// Debounce is how long the watcher waits after the last change before
	// rebuilding, so that an editor's save storm (rename, chmod, several
	// writes) gives one rebuild. Default 30ms.
	Debounce time.Duration
	// Ready, when not nil, receives the server's URL once it is serving.
	Ready func(url string)
}

// Run builds the site, serves it and rebuilds it on every change until
// ctx is cancelled (Ctrl-C in the CLI), then shuts down cleanly. Progress
// and errors are printed to log.
func Run(ctx context.Context, opts Options, log io.Writer) error {
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Debounce == 0 {
		opts.Debounce = 30 * time.Millisecond
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Bind, strconv.Itoa(opts.Port)))
	if err != nil {
		return err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	url := "http://" + net.JoinHostPort(displayHost(opts.Bind), strconv.Itoa(port)) + "/"
	opts.Build.BaseURL = url

	p, err := NewPreview(opts.Build, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer p.Close()

	srv := &http.Server{Handler: p.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(log, "serving %s at %s (Ctrl-C to stop)\n", displaySource(opts.Build.Source), url)
	if opts.Ready != nil {
		opts.Ready(url)
	}
	if opts.Open {
		openBrowser(url)
	}

	watchErr := make(chan error, 1)
	go func() { watchErr <- p.Watch(ctx, opts.Debounce) }()

	select {
	case <-ctx.Done():
	case err = <-served:
	case err = <-watchErr:
	}
	p.handler.Close() // end event streams so Shutdown does not wait on them
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if serr := srv.Shutdown(shutdownCtx); err == nil && !errors.Is(serr, http.ErrServerClosed) {
		err = serr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Preview is a site kept built in memory: a build session, the HTTP
// handler serving its latest good generation, and what rebuilds it.
type Preview struct {
	session *build.Session
	handler *Handler
	source  string
	log     io.Writer

	mu   sync.Mutex
	last *build.Generation
}

// NewPreview builds the site once. A first build that fails still gives a
// preview: it shows the errors until the sources are fixed.
func NewPreview(opts build.Options, log io.Writer) (*Preview, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	if fi, err := os.Stat(opts.Source); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("source %s is not a folder", opts.Source)
	}
	p := &Preview{session: build.NewSession(opts), source: opts.Source, log: log}
	start := time.Now()
	g, err := p.session.Build()
	if err != nil {
		fmt.Fprintf(log, "build failed:\n%v\n", err)
		p.handler = NewHandler(emptySite{})
		p.handler.Fail(err.Error())
		return p, nil
	}
	p.last = g
	p.handler = NewHandler(g)
	fmt.Fprintf(log, "built %d articles in %s\n", len(g.Site.Pages), time.Since(start).Round(time.Millisecond))
	return p, nil
}

// Handler returns the preview's HTTP handler.
func (p *Preview) Handler() *Handler { return p.handler }

// Close ends the preview's event streams.
func (p *Preview) Close() { p.handler.Close() }

// Rebuild builds the site again and tells open pages what changed.
func (p *Preview) Rebuild() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	start := time.Now()
	g, err := p.session.Build()
	if err != nil {
		fmt.Fprintf(p.log, "rebuild failed (still serving the last good build):\n%v\n", err)
		p.handler.Fail(err.Error())
		return err
	}
	ev := Event{Kind: "reload"}
	if p.last != nil && g.Changes.OnlyStylesheet() {
		ev = Event{Kind: "css", Data: g.Stylesheet()}
	} else if p.last != nil {
		ev.Moved = moved(p.last, g)
	}
	p.last = g
	p.handler.Update(g, ev)
	fmt.Fprintf(p.log, "rebuilt in %s (%s)\n", time.Since(start).Round(time.Millisecond), describe(g.Changes))
	return nil
}

// moved maps the URLs of pages that moved or vanished between two builds
// to where their readers should go: the article's new URL, else home.
func moved(old, cur *build.Generation) map[string]string {
	now := cur.URLs()
	m := map[string]string{}
	for src, u := range old.URLs() {
		switch nu, ok := now[src]; {
		case !ok:
			m[u] = cur.Site.BasePath
		case nu != u:
			m[u] = nu
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

func describe(c build.Changes) string {
	var parts []string
	if n := len(c.Content); n == 1 {
		parts = append(parts, c.Content[0])
	} else if n > 1 {
		parts = append(parts, fmt.Sprintf("%d files", n))
	}
	if c.Config {
		parts = append(parts, site.ConfigFile)
	}
	if c.Templates {
		parts = append(parts, "templates")
	}
	if c.Stylesheet {
		parts = append(parts, "stylesheet")
	}
	if len(parts) == 0 {
		return "no changes"
	}
	return strings.Join(parts, ", ")
}

// Watch rebuilds the site whenever content/, templates/ or folio.toml
// change, until ctx is cancelled. Changes closer together than debounce
// make one rebuild.
func (p *Preview) Watch(ctx context.Context, debounce time.Duration) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	if err := w.Add(p.source); err != nil {
		return err
	}
	for _, dir := range []string{content.Dir, render.TemplatesDir} {
		addTree(w, filepath.Join(p.source, dir))
	}
	var timer *time.Timer
	fire := make(chan struct{}, 1)
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			fmt.Fprintf(p.log, "watcher: %v\n", err)
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if !p.relevant(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					addTree(w, ev.Name) // fsnotify is not recursive
				}
			}
			if timer == nil {
				timer = time.AfterFunc(debounce, func() {
					select {
					case fire <- struct{}{}:
					default:
					}
				})
			} else {
				timer.Reset(debounce)
			}
		case <-fire:
			p.Rebuild()
		}
	}
}

// relevant reports whether a changed path is one of the site's sources:
// anything under content/ or templates/, and folio.toml. Changes to the
// output folder and editor droppings elsewhere are ignored.
func (p *Preview) relevant(name string) bool {
	rel, err := filepath.Rel(p.source, name)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	first, _, _ := strings.Cut(rel, "/")
	return rel == site.ConfigFile || first == content.Dir || first == render.TemplatesDir
}

// addTree watches dir and every folder below it.
func addTree(w *fsnotify.Watcher, dir string) {
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != dir {
				return filepath.SkipDir
			}
			w.Add(p)
		}
		return nil
	})
}

// emptySite is served when the first build failed.
type emptySite struct{}

func (emptySite) File(string) ([]byte, bool, error) { return nil, false, nil }

func displayHost(bind string) string {
	if bind == "0.0.0.0" || bind == "::" || bind == "" {
		return "localhost"
	}
	return bind
}

func displaySource(s string) string {
	if abs, err := filepath.Abs(s); err == nil {
		return abs
	}
	return s
}

// openBrowser opens url in the default browser, best effort.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
