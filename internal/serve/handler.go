// Package serve is folio's preview server: it builds the site, serves it
// over HTTP from memory, watches the sources, rebuilds on every change and
// tells open pages to reload over Server-Sent Events.
//
// The reload script and the error overlay are injected by the HTTP layer
// into HTML responses, so built files stay exactly what `folio build`
// writes. A failed rebuild keeps serving the last good site, with the
// errors shown over every page until the next good build.
package serve

import (
	"bytes"
	"fmt"
	"html"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
)

// Site is what the handler serves: one generation of the built site.
type Site interface {
	// File returns the content of an output file ("2021/02/a/index.html").
	File(name string) ([]byte, bool, error)
}

// Handler serves the current site generation with live reload.
type Handler struct {
	mu   sync.RWMutex
	site Site
	errs string // the last rebuild's errors, "" after a good build

	hub *hub
}

// NewHandler returns a handler serving site.
func NewHandler(site Site) *Handler {
	return &Handler{site: site, hub: newHub()}
}

// Update swaps in a new site generation after a good rebuild and tells
// open pages what to do: reload (to a new URL when their page moved), or
// swap the stylesheet when only CSS changed.
func (h *Handler) Update(site Site, ev Event) {
	h.mu.Lock()
	h.site, h.errs = site, ""
	h.mu.Unlock()
	h.hub.broadcast(ev)
}

// Fail records a failed rebuild: the last good site stays, and open pages
// show the errors over their content.
func (h *Handler) Fail(errs string) {
	h.mu.Lock()
	h.errs = errs
	h.mu.Unlock()
	h.hub.broadcast(Event{Kind: "failed", Data: errs})
}

// Close ends every open event stream, so that the server can shut down.
func (h *Handler) Close() { h.hub.close() }

const (
	eventsPath = "/_folio/events"
	scriptPath = "/_folio/reload.js"
)

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		h.hub.serve(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write([]byte(reloadScript))
		return
	}
	name, ok := outputName(r.URL.Path)
	if !ok {
		h.notFound(w, r)
		return
	}
	h.mu.RLock()
	site, errs := h.site, h.errs
	h.mu.RUnlock()

	body, found, err := site.File(name)
	if err == nil && !found && !strings.HasSuffix(name, "/index.html") && path.Ext(name) == "" {
		// "/tags" → "/tags/", as static hosts do.
		if _, isDir, _ := site.File(name + "/index.html"); isDir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	switch {
	case err != nil:
		h.serveHTML(w, r, http.StatusInternalServerError, []byte("<!DOCTYPE html><title>Error</title><h1>This page failed to render</h1>"), errs+err.Error())
	case !found:
		h.notFound(w, r)
	default:
		h.serveFile(w, r, name, body, errs)
	}
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.mu.RLock()
	site, errs := h.site, h.errs
	h.mu.RUnlock()
	body, found, err := site.File("404.html")
	if err != nil || !found {
		body = []byte("<!DOCTYPE html><title>Not found</title><h1>Not found</h1>")
	}
	h.serveHTML(w, r, http.StatusNotFound, body, errs)
}

func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, name string, body []byte, errs string) {
	ctype := ContentType(name)
	if strings.HasPrefix(ctype, "text/html") {
		h.serveHTML(w, r, http.StatusOK, body, errs)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// serveHTML writes an HTML page with the reload script, and the error
// overlay when the last rebuild failed.
func (h *Handler) serveHTML(w http.ResponseWriter, r *http.Request, status int, body []byte, errs string) {
	inject := `<script src="` + scriptPath + `" defer></script>`
	if errs != "" {
		inject += overlayHTML(errs)
	}
	out := injectBeforeBodyEnd(body, inject)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(out)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(out)
	}
}

// injectBeforeBodyEnd inserts s before the last </body>, or at the end.
func injectBeforeBodyEnd(page []byte, s string) []byte {
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(s))
	out = append(out, page[:i]...)
	out = append(out, s...)
	return append(out, page[i:]...)
}

// overlayHTML is the error overlay shown over a page while the last
// rebuild has failed.
func overlayHTML(errs string) string {
	return `<div id="folio-error-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#ffd7d7;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem">` +
		`<h2 style="color:#fff;font:600 18px system-ui,sans-serif;margin:0 0 1rem">Build failed — showing the last good build</h2><pre style="white-space:pre-wrap;margin:0">` +
		html.EscapeString(errs) + `</pre></div>`
}

// outputName maps a URL path to an output file name, refusing any path
// that could reach outside the site: "..", backslashes, NUL bytes, whether
// written plainly or percent-encoded (net/http has decoded r.URL.Path).
func outputName(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	return name, true
}

// ContentType returns the media type of an output file, with the feed
// types readers expect rather than the generic text/xml.
func ContentType(name string) string {
	switch path.Base(name) {
	case "feed.xml":
		return "application/rss+xml; charset=utf-8"
	case "atom.xml":
		return "application/atom+xml; charset=utf-8"
	case "feed.json":
		return "application/feed+json; charset=utf-8"
	}
	switch path.Ext(name) {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}
