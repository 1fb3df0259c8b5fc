package build

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// minimalSite writes a site with one good article and returns its folder.
func minimalSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	writeFile(t, filepath.Join(dir, "folio.toml"), "title = \"Hard\"\nbase_url = \"https://example.org/\"\n")
	writeFile(t, filepath.Join(dir, "content", "good.md"), "---\ntitle: Good\ndate: 2021-01-01\n---\nFine.\n")
	return dir
}

// TestBadInput builds a site with one bad file at a time and checks the
// exact error, and that a previous output is left as it was.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // the whole error text; "" means the build succeeds
	}{
		{"empty file", map[string]string{"content/empty.md": ""}, ""},
		{"only front matter", map[string]string{"content/fm.md": "---\ntitle: Only\n---\n"}, ""},
		{"CRLF", map[string]string{"content/crlf.md": "---\r\ntitle: Win\r\n---\r\nText\r\n"}, ""},
		{"lone CR", map[string]string{"content/cr.md": "---\rtitle: Mac\r---\rText\r"}, ""},
		{"unterminated front matter", map[string]string{"content/bad.md": "---\ntitle: x\ndate: 2021-01-01\n"},
			"content/bad.md:1: front matter: the --- block opened on line 1 is never closed (add a line with --- after the last key)"},
		{"YAML syntax", map[string]string{"content/bad.md": "---\ntitle: x\n  tags: [a\n---\n"},
			"content/bad.md:3: front matter: YAML: mapping values are not allowed in this context"},
		{"TOML syntax", map[string]string{"content/bad.md": "+++\ntitle = x\n+++\n"},
			"content/bad.md:2: front matter: TOML: expected value but found \"x\" instead"},
		{"wrong type", map[string]string{"content/bad.md": "---\ntags: {a: 1}\n---\n"},
			"content/bad.md:2: front matter: tags must be a list of names, not a table of keys"},
		{"date that is not a date", map[string]string{"content/bad.md": "---\ndate: 31-02-2021\n---\n"},
			`content/bad.md:2: front matter: date "31-02-2021" is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)`},
		{"draft maybe", map[string]string{"content/bad.md": "---\ndraft: maybe\n---\n"},
			`content/bad.md:2: front matter: draft must be true or false, not "maybe"`},
		{"invalid UTF-8", map[string]string{"content/bad.md": "---\ntitle: x\n---\n\xc3\x28\n"},
			"content/bad.md:4: is not valid UTF-8 text (byte 0xc3 at offset 17); save it as UTF-8"},
		{"UTF-16 with BOM", map[string]string{"content/bad.md": "\xff\xfe-\x00-\x00-\x00\n\x00"},
			"content/bad.md:1: is UTF-16 text; save it as UTF-8"},
		{"binary file named .md", map[string]string{"content/bad.md": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
			"content/bad.md:3: is not a text file (it contains NUL bytes)"},
		{"two articles with one URL", map[string]string{"content/a/same.md": "---\ntitle: Same\ndate: 2021-01-01\n---\n", "content/b/same.md": "---\ntitle: Same\ndate: 2021-01-09\n---\n"},
			"content/b/same.md: has the same URL as content/a/same.md (/2021/01/same/); give one of them another slug or url"},
		{"slug with ../", map[string]string{"content/bad.md": "---\nslug: ../../outside\n---\n"},
			`content/bad.md: front matter: slug "../../outside" must not contain slashes`},
		{"url with ../", map[string]string{"content/bad.md": "---\nurl: /a/../../../outside/\n---\n"},
			`content/bad.md: front matter: url "/a/../../../outside/" must not contain ".." segments`},
		{"url with a scheme", map[string]string{"content/bad.md": "---\nurl: https://evil.example/\n---\n"},
			`content/bad.md: front matter: url "https://evil.example/" must be a path on this site such as /about/, not a full URL`},
		{"url that is an absolute file path", map[string]string{"content/bad.md": "---\nurl: C:\\Windows\\x\n---\n"},
			`content/bad.md: front matter: url "C:\\Windows\\x" must be a path on this site such as /about/, not a full URL`},
		{"tag without letters", map[string]string{"content/bad.md": "---\ntags: [\"???\"]\n---\n"},
			`content/bad.md: front matter: tags: "???" has no letters or digits to make a URL from`},
		{"colliding tag slugs", map[string]string{"content/c1.md": "---\ntitle: one\ndate: 2021-01-02\ntags: [C]\n---\n", "content/c2.md": "---\ntitle: two\ndate: 2021-01-01\ntags: [C++]\n---\n"},
			`content/c2.md: front matter: tags: "C++" has the same URL as "C" (/tags/c/); rename one of them`},
		{"broken template", map[string]string{"templates/single.html": "{{ define \"main\" }}{{ if }}{{ end }}"},
			"templates/single.html:1: missing value for if"},
		{"template failing at run time", map[string]string{"templates/single.html": "{{ define \"main\" }}\n\n{{ index .Page.Tags 5 }}{{ end }}"},
			"templates/single.html:3: rendering content/good.md: executing \"main\" at <index .Page.Tags 5>: error calling index: index out of range: 5"},
		{"unknown config key", map[string]string{"folio.toml": "title = \"x\"\nbase_url = \"https://example.org/\"\ntheme = \"y\"\n"},
			"folio.toml:3: theme: unknown key (known keys: title, base_url, language, description, timezone, author, paginate, paginate_terms, permalink, markdown, feeds, taxonomies, authors, params, archives, build_search_index)"},
		{"invalid base_url", map[string]string{"folio.toml": "base_url = \"example.org\"\n"},
			`folio.toml:1: base_url: "example.org" is not an absolute http(s) URL (e.g. https://example.org/)`},
		{"invalid timezone", map[string]string{"folio.toml": "base_url = \"https://example.org/\"\ntimezone = \"Europe/Atlantis\"\n"},
			`folio.toml:2: timezone: "Europe/Atlantis" is not an IANA time zone (e.g. UTC, Europe/Paris, Asia/Tehran)`},
		{"several files at once", map[string]string{"content/x1.md": "---\ndraft: 1\n---\n", "content/x2.md": "+++\ndate = \"never\"\n+++\n"},
			"content/x1.md:2: front matter: draft must be true or false, not \"1\"\ncontent/x2.md:2: front matter: date \"never\" is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := minimalSite(t)
			out := filepath.Join(t.TempDir(), "public")
			if _, err := Run(Options{Source: dir, Destination: out, Now: now}); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, out)
			for name, body := range tt.files {
				writeFile(t, filepath.Join(dir, name), body)
			}
			_, err := Run(Options{Source: dir, Destination: out, Now: now})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("build failed: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("build succeeded")
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tt.want)
			}
			if snapshot(t, out) != before {
				t.Error("the previous output changed")
			}
		})
	}
}

func TestSymlinks(t *testing.T) {
	dir := minimalSite(t)
	outside := filepath.Join(t.TempDir(), "secret.md")
	writeFile(t, outside, "---\ntitle: Secret\n---\nsecret\n")
	if err := os.Symlink(outside, filepath.Join(dir, "content", "link.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink(filepath.Join(dir, "content", "loop"), filepath.Join(dir, "content", "loop")); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "content", "d"), 0o755)
	os.Symlink("..", filepath.Join(dir, "content", "d", "up"))
	_, err := Run(Options{Source: dir, Destination: filepath.Join(t.TempDir(), "public"), Now: now})
	want := strings.Join([]string{
		"content/d/up: is a symbolic link; folio does not follow links in content/ (copy the file or folder instead)",
		"content/link.md: is a symbolic link; folio does not follow links in content/ (copy the file or folder instead)",
		"content/loop: is a symbolic link; folio does not follow links in content/ (copy the file or folder instead)",
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

// TestUnreadableFile checks the error for an article the build may not
// read. Root reads files whatever their permissions, so when run as root,
// as CI is, the test runs itself again as an unprivileged user.
func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		runUnprivileged(t)
		return
	}
	dir := minimalSite(t)
	p := filepath.Join(dir, "content", "locked.md")
	writeFile(t, p, "x")
	os.Chmod(p, 0)
	_, err := Run(Options{Source: dir, Destination: filepath.Join(t.TempDir(), "public"), Now: now})
	if err == nil || err.Error() != "content/locked.md: permission denied" {
		t.Errorf("error: %v", err)
	}
}

// runUnprivileged runs the calling test again, in a copy of the test
// binary, as user and group 65534 (nobody, which need not exist), and
// fails unless it passes there.
func runUnprivileged(t *testing.T) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	// The other user must reach and run the copy, and make its own
	// temporary folders beside it.
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "test.bin")
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: "+t.Name())) {
		t.Fatalf("%s as user 65534: %v\n%s", t.Name(), err, out)
	}
}

// TestLargeArticle builds a 50 MB article: it must build, and not hold
// many copies of it in memory.
func TestLargeArticle(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("large input; memory figures mean little under the race detector (CI runs this test without it)")
	}
	dir := minimalSite(t)
	var b bytes.Buffer
	b.WriteString("---\ntitle: Huge\ndate: 2021-01-01\n---\n")
	para := strings.Repeat("All work and no play makes a long article. ", 20) + "\n\n"
	for b.Len() < 50<<20 {
		b.WriteString(para)
	}
	writeFile(t, filepath.Join(dir, "content", "huge.md"), b.String())
	b.Reset()
	runtime.GC()

	// Sample the heap while the build runs, for its peak.
	var peak uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	out := filepath.Join(t.TempDir(), "public")
	_, err := Run(Options{Source: dir, Destination: out, Now: now})
	close(done)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(out, "2021/01/huge/index.html"))
	if err != nil || fi.Size() < 50<<20 {
		t.Fatalf("page: %v", err)
	}
	t.Logf("peak heap in use while building a 50 MB article: %d MiB", peak>>20)
	if peak > 1<<30 {
		t.Errorf("building a 50 MB article used %d MiB of heap at its peak", peak>>20)
	}
}

// TestKilledBuild kills a build with SIGKILL while it writes and checks
// that the previous output is intact and the next build succeeds.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the folio binary")
	}
	bin := filepath.Join(t.TempDir(), "folio")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/folio").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := minimalSite(t)
	for i := 0; i < 1500; i++ {
		writeFile(t, filepath.Join(dir, "content", "many", strings.Repeat("x", i%7+1)+strconv.Itoa(i)+".md"),
			"---\ntitle: Article "+strconv.Itoa(i)+"\ndate: 2021-01-01\ntags: [t"+strconv.Itoa(i%50)+"]\n---\n"+strings.Repeat("Text of the article. ", 200)+"\n")
	}
	out := filepath.Join(dir, "public")
	if err := exec.Command(bin, "build", "-s", dir).Run(); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	killed := 0
	for _, delay := range []time.Duration{20 * time.Millisecond, 80 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond} {
		cmd := exec.Command(bin, "build", "-s", dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		var exit *exec.ExitError
		if errors.As(err, &exit) && !exit.Success() {
			killed++
		}
		if snapshot(t, out) != before {
			t.Fatalf("public/ changed after a build killed at %s", delay)
		}
	}
	t.Logf("%d of 4 builds were killed before they finished", killed)
	if killed == 0 {
		t.Error("no build was killed mid-way: the test proves nothing (make the site bigger)")
	}
	if err := exec.Command(bin, "build", "-s", dir).Run(); err != nil {
		t.Fatalf("the build after a killed one failed: %v", err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".folio-staging-*")); len(leftovers) > 0 {
		t.Errorf("staging folders left behind after a good build: %v", leftovers)
	}
}
