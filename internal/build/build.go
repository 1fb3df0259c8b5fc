// Package build runs folio's pipeline end to end: read the configuration,
// load content, model the site, render pages, and publish the output.
//
// Run reads like a table of contents of the build: each step is a plain
// function from one value to the next. Errors from every step are collected
// and returned together; the output folder is replaced only when there are
// none.
package build

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/folio-ssg/folio/internal/buildcache"
	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/diag"
	"github.com/folio-ssg/folio/internal/feed"
	"github.com/folio-ssg/folio/internal/publish"
	"github.com/folio-ssg/folio/internal/render"
	"github.com/folio-ssg/folio/internal/search"
	"github.com/folio-ssg/folio/internal/site"
)

// Options are the inputs of one build.
type Options struct {
	// Source is the site root (holding folio.toml, content/, templates/).
	Source string
	// Destination is the output folder; default "public" under Source.
	Destination string
	// BaseURL overrides the configured base_url when not empty.
	BaseURL string
	// Drafts, Future and Expired include draft, future-dated and expired
	// articles.
	Drafts, Future, Expired bool
	// Now is the build time against which future dates are judged; the
	// zero value means time.Now().
	Now time.Time
	// Progress, when not nil, is kept up to date as the build runs, so that
	// a terminal can show what a long build is doing.
	Progress *Progress
	// MemoryLimit, when > 0, bounds the build's memory: once the site is
	// modelled, Run sets the Go runtime's soft memory limit to the larger
	// of MemoryLimit and three times the live heap, and restores the old
	// limit when it returns. Go's collector otherwise lets the heap grow
	// to twice the live data; with a limit it collects more often near the
	// limit instead (a little more CPU), and a site too big for the limit
	// raises it rather than making the collector run without pause.
	MemoryLimit int64
}

// Progress reports what a running build is doing. Its fields are read
// concurrently with the build.
type Progress struct {
	stage atomic.Value // string
	done  atomic.Int64
	total atomic.Int64
}

// Get returns the current stage and, where counted, how many of how many
// items it has done.
func (p *Progress) Get() (stage string, done, total int64) {
	s, _ := p.stage.Load().(string)
	return s, p.done.Load(), p.total.Load()
}

// tick counts one item done. Like set, it does nothing on a nil Progress,
// so the build need not check whether anyone is watching.
func (p *Progress) tick() {
	if p != nil {
		p.done.Add(1)
	}
}

func (p *Progress) set(stage string, total int) {
	if p == nil {
		return
	}
	p.stage.Store(stage)
	p.done.Store(0)
	p.total.Store(int64(total))
}

// Result summarises a successful build.
type Result struct {
	Articles int
	Pages    int
	Files    int
	// Skipped counts articles left out, by reason ("draft", "future").
	Skipped     map[string]int
	Destination string        `json:"-"`
	Duration    time.Duration `json:"-"`
	// Unchanged reports that nothing had changed since the last build into
	// Destination, so nothing was written; the counts are that build's.
	Unchanged bool `json:"-"`
	// Warnings are problems that did not fail the build, such as a build
	// cache that could not be saved (which only makes the next build slower).
	Warnings []string `json:"-"`
}

// Run builds the site described by opts.
//
// When the build cache (package buildcache) shows that nothing the output
// depends on has changed since the last build into the same destination,
// and that output is untouched, Run writes nothing and returns that
// build's result with Unchanged set.
func Run(opts Options) (*Result, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Destination == "" {
		opts.Destination = filepath.Join(opts.Source, "public")
	}
	if opts.Now.IsZero() {
		opts.Now = start // one clock for the cache and the build
	}
	if err := checkDestination(opts.Source, opts.Destination); err != nil {
		return nil, err
	}
	cachePath := buildcache.PathFor(opts.Destination)
	roots := []string{site.ConfigFile, content.Dir, render.TemplatesDir}
	// An input that cannot be read fails the build below, with its file
	// named; here it only means that this build is not cached.
	var inputs string
	var cacheErr error
	var pending *buildcache.Pending
	if m := loadManifest(cachePath, opts.Destination); m != nil && m.Settled(opts.Now) && m.Intact(opts.Destination) {
		// Perhaps nothing changed: that takes a fingerprint of every input.
		inputs, cacheErr = buildcache.Fingerprint(opts.Source, cacheOptions(opts), roots...)
		if res := upToDate(m, inputs, cacheErr, opts); res != nil {
			res.Duration = time.Since(start)
			return res, nil
		}
	} else {
		// The build must run: it hashes articles as it reads them, so that
		// they are not read twice.
		pending, cacheErr = buildcache.Begin(opts.Source, cacheOptions(opts), content.ReadsFile, roots...)
	}
	// Rendered bodies wait on disk beside the output, not in memory, so
	// that the build's memory does not grow with the length of articles.
	session := NewSession(opts)
	session.spoolDir = filepath.Dir(filepath.Clean(opts.Destination))
	session.once = true
	if pending != nil && cacheErr == nil {
		session.onRead = pending.Record
	}
	if err := os.MkdirAll(session.spoolDir, 0o755); err != nil {
		return nil, err
	}
	g, err := session.Build()
	if err != nil {
		return nil, err
	}
	// Finish hashes only inputs the build does not read (see
	// buildcache.Begin), and the manifest needs its sum only at the end:
	// it runs beside the rendering rather than before it, where nothing
	// else ran.
	finished := make(chan struct{})
	defer func() { <-finished }()
	go func() {
		defer close(finished)
		if pending != nil && cacheErr == nil {
			inputs, cacheErr = pending.Finish()
		}
	}()
	if opts.MemoryLimit > 0 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit(opts.MemoryLimit)))
	}
	out, err := publish.New(opts.Destination)
	if err != nil {
		return nil, err
	}
	var stamps buildcache.Stamps
	out.Written = stamps.Add
	res, err := write(g.Site, g.Theme, g.src, g.contentFiles, out, opts.Progress)
	if err != nil {
		out.Discard()
		return nil, err
	}
	opts.Progress.set("publishing", 0)
	out.ReportFolders() // the folders whose identity is known already
	if err := buildcache.Remove(cachePath); err != nil {
		out.Discard()
		return nil, fmt.Errorf("build cache: %w", err)
	}
	if err := out.Commit(); err != nil {
		out.Discard()
		return nil, err
	}
	res.Destination = opts.Destination
	<-finished
	if cacheErr == nil {
		cacheErr = saveCache(cachePath, inputs, g.Site, res, out.Names(), &stamps)
	}
	if cacheErr != nil {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the next build cannot be skipped: %v", cacheErr))
	}
	res.Duration = time.Since(start)
	return res, nil
}

// loadManifest returns the manifest of the last build into dest, or nil.
// When dest is gone (rm -rf public, a usual way to ask for a clean build)
// no manifest can show it intact: it is not read, which saves parsing
// 27,000 lines, 15 ms at the start of a 10,000-article build with nothing
// else running.
func loadManifest(cachePath, dest string) *buildcache.Manifest {
	if _, err := os.Lstat(dest); err != nil {
		return nil
	}
	m, err := buildcache.Load(cachePath)
	if err != nil {
		return nil
	}
	return m
}

// memoryLimit returns the larger of limit and three times the live heap
// (see Options.MemoryLimit). Measuring the live heap takes a collection,
// 11 ms at the end of loading 10,000 articles with nothing else to run;
// it is skipped when the heap's objects, live or not yet collected, are a
// third of limit or less, since the live heap cannot be more.
func memoryLimit(limit int64) int64 {
	if 3*runtimeMetric("/memory/classes/heap/objects:bytes") <= limit {
		return limit
	}
	runtime.GC() // so that the model just built is measured
	return max(limit, 3*runtimeMetric("/gc/heap/live:bytes"))
}

// runtimeMetric reads one of the runtime's counts (runtime/metrics of
// kind uint64: bytes, cycles), 0 if it has none.
func runtimeMetric(name string) int64 {
	sample := []metrics.Sample{{Name: name}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(sample[0].Value.Uint64())
}

// cacheOptions lists the options that change the output, for the build
// cache's fingerprint. The destination does not: the same site built into
// two folders is the same bytes.
func cacheOptions(opts Options) []string {
	return []string{
		"base-url=" + opts.BaseURL,
		fmt.Sprintf("drafts=%t future=%t expired=%t", opts.Drafts, opts.Future, opts.Expired),
	}
}

// upToDate returns the result of the last build, whose manifest is m and
// whose output is intact, when inputs shows that it would be made again
// byte for byte. Otherwise it returns nil.
func upToDate(m *buildcache.Manifest, inputs string, inputsErr error, opts Options) *Result {
	if inputsErr != nil || m.Inputs != inputs {
		return nil
	}
	var res Result
	if json.Unmarshal(m.Summary, &res) != nil {
		return nil
	}
	res.Destination, res.Unchanged = opts.Destination, true
	return &res
}

// saveCache records the build just committed, whose output holds exactly
// the files and folders names, so that the next build can tell whether it
// has anything to do. written holds what the file system said of the
// files as the build wrote them.
func saveCache(cachePath, inputs string, s *site.Site, res *Result, names []string, written *buildcache.Stamps) error {
	summary, err := json.Marshal(Result{Articles: res.Articles, Pages: res.Pages, Files: res.Files, Skipped: res.Skipped})
	if err != nil {
		return err
	}
	outputs, err := buildcache.Stat(res.Destination, names, written)
	if err != nil {
		return err
	}
	m := &buildcache.Manifest{Inputs: inputs, SettledFrom: s.SettledFrom, SettledUntil: s.SettledUntil, Summary: summary, Outputs: outputs}
	return m.Save(cachePath)
}

// LoadConfig reads folio.toml from the site root; a site without one gets
// the defaults.
func LoadConfig(src fs.FS) (*site.Config, error) {
	cfg, _, err := readConfig(src)
	return cfg, err
}

// readConfig reads and parses folio.toml, and returns its bytes too, so
// that a session can tell whether it changed; a site without one has the
// defaults and no bytes.
func readConfig(src fs.FS) (*site.Config, []byte, error) {
	data, err := fs.ReadFile(src, site.ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return site.DefaultConfig(), nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", site.ConfigFile, err)
	}
	cfg, err := site.ParseConfig(site.ConfigFile, data)
	return cfg, data, err
}

// siteTemplates returns the site's own templates folder, or nil.
func siteTemplates(source string) fs.FS {
	dir := filepath.Join(source, render.TemplatesDir)
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		return os.DirFS(dir)
	}
	return nil
}

// write renders every page, feed and the search index, and copies content
// files into out. The three renderings run at the same time: pages keep
// every core busy, but they wait on the disk too, and feeds and the index
// fill those gaps.
func write(s *site.Site, theme *render.Theme, src fs.FS, files []string, out *publish.Dir, p *Progress) (*Result, error) {
	p.set("rendering pages", 0)
	w := countingWriter{out, p}
	var pages int
	var pageErr, feedErr, searchErr error
	var wg sync.WaitGroup
	wg.Go(func() { pages, pageErr = render.Pages(s, theme, w) })
	wg.Go(func() { _, feedErr = feed.Write(s, w) })
	wg.Go(func() { _, searchErr = search.Write(s, w) })
	wg.Wait()
	var errs diag.List
	errs.Add(pageErr)
	errs.Add(feedErr)
	errs.Add(searchErr)
	p.set("copying files", len(files))
	for _, f := range files {
		if err := out.CopyFile(f, src, content.Dir+"/"+f); err != nil {
			errs.Add(&diag.Error{File: content.Dir + "/" + f, Err: err})
		}
		p.tick()
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return &Result{Articles: len(s.Pages), Pages: pages, Files: len(files), Skipped: s.Skipped}, nil
}

// countingWriter counts written files for the progress display.
type countingWriter struct {
	*publish.Dir
	p *Progress
}

func (w countingWriter) WriteFile(name string, data []byte) error {
	w.p.tick()
	return w.Dir.WriteFile(name, data)
}

var _ render.Creator = countingWriter{}

// Create counts a file written in parts (render.Creator).
func (w countingWriter) Create(name string) (io.WriteCloser, error) {
	w.p.tick()
	return w.Dir.Create(name)
}

// checkDestination refuses output folders whose replacement would destroy
// the site's sources or someone's files: the site root itself or a folder
// above it, or an existing folder that does not look like a built site.
func checkDestination(source, dest string) error {
	absSrc, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if absDest == absSrc || strings.HasPrefix(absSrc+string(filepath.Separator), absDest+string(filepath.Separator)) {
		return fmt.Errorf("destination %s contains the site's sources; choose a folder such as %s", dest, filepath.Join(source, "public"))
	}
	for _, sub := range []string{content.Dir, render.TemplatesDir} {
		inner := filepath.Join(absSrc, sub)
		if absDest == inner || strings.HasPrefix(absDest+string(filepath.Separator), inner+string(filepath.Separator)) {
			return fmt.Errorf("destination %s is inside %s/; choose a folder outside the sources", dest, sub)
		}
	}
	entries, err := os.ReadDir(dest)
	if err != nil || len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		return fmt.Errorf("destination %s is not empty and does not look like a site folio built (no index.html); folio replaces its destination, so empty it or choose another folder", dest)
	}
	return nil
}
