package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Event is what open pages are told after a rebuild.
type Event struct {
	// Kind is "reload" (reload the page), "css" (swap the stylesheet for
	// Data, its new URL, keeping the scroll position) or "failed" (show Data
	// over the page).
	Kind string `json:"kind"`
	Data string `json:"data,omitempty"`
	// Moved maps the URL paths of pages that moved or disappeared to where
	// their readers should go instead: the article's new URL after a slug
	// change, else the home page.
	Moved map[string]string `json:"moved,omitempty"`
}

// hub fans events out to every open page's event stream.
type hub struct {
	mu      sync.Mutex
	clients map[chan Event]struct{}
	done    chan struct{}
	closed  bool
}

func newHub() *hub { return &hub{clients: map[chan Event]struct{}{}, done: make(chan struct{})} }

func (h *hub) broadcast(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- ev:
		default: // a stalled client misses an event rather than stalling rebuilds
		}
	}
}

// clients returns the number of open event streams (for tests).
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// keepAlive is how often an idle stream gets a comment, so that proxies
// and browsers do not time it out.
const keepAlive = 15 * time.Second

func (h *hub) serve(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan Event, 8)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	h.clients[c] = struct{}{}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 500\n: connected\n\n")
	flusher.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case ev := <-c:
			data, _ := json.Marshal(ev)
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Kind, data)
			flusher.Flush()
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			flusher.Flush()
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		}
	}
}

// reloadScript is served at /_folio/reload.js and injected into every HTML
// page of the preview. It never appears in built files.
const reloadScript = `(() => {
  const es = new EventSource("` + eventsPath + `");
  const overlay = (text) => {
    let el = document.getElementById("folio-error-overlay");
    if (!el) {
      el = document.createElement("div");
      el.id = "folio-error-overlay";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#ffd7d7;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem";
      document.body.appendChild(el);
    }
    el.innerHTML = "";
    const h = document.createElement("h2");
    h.style.cssText = "color:#fff;font:600 18px system-ui,sans-serif;margin:0 0 1rem";
    h.textContent = "Build failed — showing the last good build";
    const pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    pre.textContent = text;
    el.append(h, pre);
  };
  es.addEventListener("reload", (e) => {
    const ev = JSON.parse(e.data);
    const to = ev.moved && ev.moved[location.pathname];
    if (to) location.href = to; else location.reload();
  });
  es.addEventListener("css", (e) => {
    const ev = JSON.parse(e.data);
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      if (/\/style\.[0-9a-f]+\.css$/.test(new URL(link.href).pathname)) link.href = ev.data;
    }
    const el = document.getElementById("folio-error-overlay");
    if (el) el.remove();
  });
  es.addEventListener("failed", (e) => overlay(JSON.parse(e.data).data));
})();
`
