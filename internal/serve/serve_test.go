package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/folio-ssg/folio/internal/build"
)

// newSite writes a small site into a temporary folder.
func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"folio.toml":           "title = \"Preview\"\nbase_url = \"https://example.org/\"\npermalink = \"/:slug/\"\n",
		"content/first.md":     "---\ntitle: First\ndate: 2021-01-01\ntags: [a]\n---\nHello from the first article.\n",
		"content/second.md":    "---\ntitle: Second\ndate: 2021-01-02\n---\nThe second article.\n",
		"content/img/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
		"content/notes.txt":    "just a text file\n",
	}
	for name, body := range files {
		writeFile(t, filepath.Join(dir, name), body)
	}
	return dir
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func buildOptions(dir string) build.Options {
	return build.Options{Source: dir, BaseURL: "http://127.0.0.1:1313/"}
}

func newPreview(t *testing.T, dir string) (*Preview, *httptest.Server) {
	t.Helper()
	p, err := NewPreview(buildOptions(dir), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return p, newServer(t, p)
}

func newServer(t testing.TB, p *Preview) *httptest.Server {
	ts := httptest.NewServer(p.Handler())
	t.Cleanup(func() { p.Close(); ts.Close() })
	return ts
}

func get(t testing.TB, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHTTP(t *testing.T) {
	_, ts := newPreview(t, newSite(t))
	tests := []struct {
		path     string
		status   int
		ctype    string
		contains string
	}{
		{"/", 200, "text/html; charset=utf-8", "First"},
		{"/first/", 200, "text/html; charset=utf-8", "Hello from the first article."},
		{"/tags/a/", 200, "text/html; charset=utf-8", "First"},
		{"/feed.xml", 200, "application/rss+xml; charset=utf-8", "<rss"},
		{"/atom.xml", 200, "application/atom+xml; charset=utf-8", "<feed"},
		{"/feed.json", 200, "application/feed+json; charset=utf-8", `"version":"https://jsonfeed.org/version/1.1"`},
		{"/tags/a/feed.xml", 200, "application/rss+xml; charset=utf-8", "<rss"},
		{"/img/logo.svg", 200, "image/svg+xml", "<svg"},
		{"/notes.txt", 200, "text/plain; charset=utf-8", "just a text file"},
		{"/nope/", 404, "text/html; charset=utf-8", "Page not found"},
		{"/img/", 404, "text/html; charset=utf-8", ""},
		{"/_folio/reload.js", 200, "text/javascript; charset=utf-8", "EventSource"},
	}
	for _, tt := range tests {
		resp, body := get(t, ts.URL+tt.path)
		if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != tt.ctype || !strings.Contains(body, tt.contains) {
			t.Errorf("GET %s: %d %q, want %d %q containing %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.status, tt.ctype, tt.contains)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s: Cache-Control %q", tt.path, cc)
		}
		if strings.HasPrefix(tt.ctype, "text/html") && !strings.Contains(body, `<script src="/_folio/reload.js" defer></script></body>`) {
			t.Errorf("GET %s: no reload script before </body>", tt.path)
		}
	}
	// A CSS file is served as CSS, with its hashed name from the page.
	_, home := get(t, ts.URL+"/")
	i := strings.Index(home, `href="/style.`)
	css := home[i+len(`href="`) : i+strings.Index(home[i:], `.css"`)+len(".css")]
	if resp, _ := get(t, ts.URL+css); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("GET %s: %d %s", css, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// "/tags/a" redirects to "/tags/a/", as static hosts do.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(ts.URL + "/tags/a")
	if err != nil || resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/tags/a/" {
		t.Errorf("GET /tags/a: %v %v", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Built pages themselves carry no reload script.
	if resp, err := http.Post(ts.URL+"/", "text/plain", nil); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %v", resp.StatusCode)
	}
}

// TestPathTraversal sends raw request lines, so that no client cleans the
// path first.
func TestPathTraversal(t *testing.T) {
	dir := newSite(t)
	writeFile(t, filepath.Join(filepath.Dir(dir), "secret.txt"), "TOP SECRET")
	_, ts := newPreview(t, dir)
	addr := strings.TrimPrefix(ts.URL, "http://")
	for _, target := range []string{
		"/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/secret.txt",
		"/img/..%2f..%2fsecret.txt", "/..%5csecret.txt", "/img\\..\\..\\secret.txt", "/%2e%2e%5c%2e%2e%5csecret.txt",
		"/folio.toml", "/content/first.md", "/../folio.toml", "/img/%00", "//etc/passwd",
	} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode == 200 || strings.Contains(string(body), "TOP SECRET") || strings.Contains(string(body), "permalink") || strings.Contains(string(body), "Hello from") {
			t.Errorf("GET %s: %d, served a file from outside the site:\n%.200s", target, resp.StatusCode, body)
		}
	}
}

// events connects to the event stream and returns a function that waits
// for the next event.
func events(t testing.TB, ts *httptest.Server) func(timeout time.Duration) (Event, bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+eventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream content type %q", ct)
	}
	ch := make(chan Event, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var ev Event
				json.Unmarshal([]byte(data), &ev)
				ch <- ev
			}
		}
	}()
	return func(timeout time.Duration) (Event, bool) {
		select {
		case ev := <-ch:
			return ev, true
		case <-time.After(timeout):
			return Event{}, false
		}
	}
}

func waitForClients(t testing.TB, h *Handler, n int) {
	t.Helper()
	for i := 0; i < 200 && h.hub.count() < n; i++ {
		time.Sleep(5 * time.Millisecond)
	}
}

func TestLiveReload(t *testing.T) {
	dir := newSite(t)
	p, ts := newPreview(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.Watch(ctx, 20*time.Millisecond)
	next := events(t, ts)
	waitForClients(t, p.Handler(), 1)
	time.Sleep(50 * time.Millisecond) // let the watcher start

	step := func(name string, change func(), want string, check func(ev Event)) {
		t.Helper()
		change()
		ev, ok := next(5 * time.Second)
		if !ok {
			t.Fatalf("%s: no event", name)
		}
		if ev.Kind != want {
			t.Fatalf("%s: event %+v, want %s", name, ev, want)
		}
		if check != nil {
			check(ev)
		}
	}

	step("edit an article", func() {
		writeFile(t, filepath.Join(dir, "content/first.md"), "---\ntitle: First\ndate: 2021-01-01\ntags: [a]\n---\nEdited text.\n")
	}, "reload", func(Event) {
		if _, body := get(t, ts.URL+"/first/"); !strings.Contains(body, "Edited text.") {
			t.Errorf("the page does not show the edit")
		}
	})

	step("break the front matter", func() {
		writeFile(t, filepath.Join(dir, "content/first.md"), "---\ntitle: First\ndate: not a date\n---\nBroken.\n")
	}, "failed", func(ev Event) {
		if !strings.Contains(ev.Data, `content/first.md:3: front matter: date "not a date" is not a date`) {
			t.Errorf("failed event: %q", ev.Data)
		}
		_, body := get(t, ts.URL+"/first/")
		if !strings.Contains(body, "Edited text.") || !strings.Contains(body, `id="folio-error-overlay"`) || !strings.Contains(body, "content/first.md:3") {
			t.Errorf("the last good page with the overlay is not served:\n%.500s", body)
		}
	})

	step("fix it", func() {
		writeFile(t, filepath.Join(dir, "content/first.md"), "---\ntitle: First\ndate: 2021-01-01\n---\nFixed.\n")
	}, "reload", func(Event) {
		if _, body := get(t, ts.URL+"/first/"); !strings.Contains(body, "Fixed.") || strings.Contains(body, "folio-error-overlay") {
			t.Errorf("overlay not cleared or fix not shown")
		}
	})

	step("change the slug", func() {
		writeFile(t, filepath.Join(dir, "content/first.md"), "---\ntitle: First\nslug: renamed\ndate: 2021-01-01\n---\nFixed.\n")
	}, "reload", func(ev Event) {
		if ev.Moved["/first/"] != "/renamed/" {
			t.Errorf("moved = %v", ev.Moved)
		}
	})

	step("delete an article", func() {
		os.Remove(filepath.Join(dir, "content/second.md"))
	}, "reload", func(ev Event) {
		if ev.Moved["/second/"] != "/" {
			t.Errorf("moved = %v", ev.Moved)
		}
	})

	step("change only the stylesheet", func() {
		writeFile(t, filepath.Join(dir, "templates/style.css"), "body { color: rebeccapurple; }\n")
	}, "css", func(ev Event) {
		if !strings.HasPrefix(ev.Data, "/style.") {
			t.Errorf("css event data %q", ev.Data)
		}
		if resp, body := get(t, ts.URL+ev.Data); resp.StatusCode != 200 || !strings.Contains(body, "rebeccapurple") {
			t.Errorf("new stylesheet not served")
		}
	})

	step("add an article in a new folder", func() {
		os.MkdirAll(filepath.Join(dir, "content/new/deeper"), 0o755)
		time.Sleep(100 * time.Millisecond) // the watcher adds the new folder
		writeFile(t, filepath.Join(dir, "content/new/deeper/third.md"), "---\ntitle: Third\n---\nNew.\n")
	}, "reload", nil)
	for i := 0; i < 20; i++ { // the folder's creation may have fired first
		if resp, _ := get(t, ts.URL+"/third/"); resp.StatusCode == 200 {
			break
		}
		next(200 * time.Millisecond)
	}
	if resp, _ := get(t, ts.URL+"/third/"); resp.StatusCode != 200 {
		t.Errorf("an article in a new folder is not served: %d", resp.StatusCode)
	}
}

func TestSaveStormIsOneRebuild(t *testing.T) {
	dir := newSite(t)
	p, ts := newPreview(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.Watch(ctx, 50*time.Millisecond)
	next := events(t, ts)
	waitForClients(t, p.Handler(), 1)
	time.Sleep(50 * time.Millisecond)

	// What editors do on save: write a temp file, rename it over, chmod,
	// then write again.
	path := filepath.Join(dir, "content/first.md")
	tmp := filepath.Join(dir, "content/.first.md.swp")
	writeFile(t, tmp, "---\ntitle: First\n---\nStorm 1\n")
	os.Rename(tmp, path)
	os.Chmod(path, 0o600)
	writeFile(t, path, "---\ntitle: First\n---\nStorm 2\n")
	writeFile(t, path, "---\ntitle: First\n---\nStorm 3\n")
	if ev, ok := next(5 * time.Second); !ok || ev.Kind != "reload" {
		t.Fatalf("no reload after a save storm: %+v", ev)
	}
	if ev, ok := next(300 * time.Millisecond); ok {
		t.Errorf("a save storm gave a second event: %+v", ev)
	}
}

func TestFirstBuildFails(t *testing.T) {
	dir := newSite(t)
	writeFile(t, filepath.Join(dir, "content/first.md"), "---\ndraft: maybe\n---\n")
	p, ts := newPreview(t, dir)
	resp, body := get(t, ts.URL+"/")
	if resp.StatusCode != 404 || !strings.Contains(body, "draft must be true or false") {
		t.Errorf("GET / after a failed first build: %d\n%s", resp.StatusCode, body)
	}
	writeFile(t, filepath.Join(dir, "content/first.md"), "---\ntitle: Now fine\n---\nok\n")
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if resp, body := get(t, ts.URL+"/"); resp.StatusCode != 200 || strings.Contains(body, "folio-error-overlay") {
		t.Errorf("GET / after the fix: %d", resp.StatusCode)
	}
}

func TestRunShutsDownCleanly(t *testing.T) {
	dir := newSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Build: build.Options{Source: dir}, Port: 0, Ready: func(u string) { ready <- u }}, io.Discard)
	}()
	url := <-ready
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("url %s is not on loopback", url)
	}
	resp, body := get(t, url+"feed.xml")
	if resp.StatusCode != 200 || !strings.Contains(body, url+"first/") {
		t.Errorf("feeds do not use the local address:\n%.300s", body)
	}
	// An open event stream must not keep the server from stopping.
	req, _ := http.NewRequest("GET", url+"_folio/events", nil)
	stream, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}
