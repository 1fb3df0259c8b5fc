package buildcache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cespare/xxhash/v2"
)

// writeInput writes an input file of a test site.
func writeInput(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// inputSite makes a small site to fingerprint.
func inputSite(t *testing.T) string {
	dir := t.TempDir()
	writeInput(t, dir, "folio.toml", `title = "T"`)
	writeInput(t, dir, "content/a.md", "# A")
	writeInput(t, dir, "content/b/c.md", "# C")
	return dir
}

func TestFingerprint(t *testing.T) {
	write, setup := writeInput, inputSite
	fp := func(t *testing.T, dir string, opts ...string) string {
		t.Helper()
		s, err := Fingerprint(dir, opts, "folio.toml", "content", "templates")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := fp(t, setup(t))
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, dir string) []string // returns options
		same bool
	}{
		{"nothing", func(t *testing.T, dir string) []string { return nil }, true},
		{"mtime only", func(t *testing.T, dir string) []string {
			os.Chtimes(filepath.Join(dir, "content/a.md"), time.Now().Add(time.Hour), time.Now().Add(time.Hour))
			return nil
		}, true},
		{"content byte", func(t *testing.T, dir string) []string { write(t, dir, "content/a.md", "# B"); return nil }, false},
		{"rename", func(t *testing.T, dir string) []string {
			os.Rename(filepath.Join(dir, "content/a.md"), filepath.Join(dir, "content/z.md"))
			return nil
		}, false},
		{"new file", func(t *testing.T, dir string) []string { write(t, dir, "content/x.png", ""); return nil }, false},
		{"template", func(t *testing.T, dir string) []string { write(t, dir, "templates/single.html", "x"); return nil }, false},
		{"config", func(t *testing.T, dir string) []string { write(t, dir, "folio.toml", `title = "U"`); return nil }, false},
		{"option", func(t *testing.T, dir string) []string { return []string{"drafts=true"} }, false},
		{"executable", func(t *testing.T, dir string) []string {
			old := executableSum
			t.Cleanup(func() { executableSum = old })
			executableSum = func() ([]byte, error) { return []byte("another folio"), nil }
			return nil
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := setup(t)
			opts := tc.edit(t, dir)
			if got := fp(t, dir, opts...); (got == base) != tc.same {
				t.Errorf("fingerprint same = %v, want %v", got == base, tc.same)
			}
		})
	}
}

// TestFingerprintFormat pins what is hashed, written with fmt as it once
// was: one line per input file, its path quoted, so that no two lists of
// files hash the same lines.
func TestFingerprintFormat(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"folio.toml":             `title = "T"`,
		"content/a \"b\".md":     "# A",
		"content/é\tx.md":        "# E",
		"content/sub/n\nline.md": "",
	}
	for name, data := range files {
		writeInput(t, dir, name, data)
	}
	got, err := Fingerprint(dir, []string{"drafts=true"}, "folio.toml", "content", "templates")
	if err != nil {
		t.Fatal(err)
	}
	exe, err := executableSum()
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "folio build cache %d\x00", format)
	h.Write(exe)
	fmt.Fprintf(h, "option %q\x00", "drafts=true")
	for _, name := range []string{"content/a \"b\".md", "content/sub/n\nline.md", "content/é\tx.md", "folio.toml"} {
		fmt.Fprintf(h, "file %q %016x\x00", name, xxhash.Sum64String(files[name]))
	}
	if want := hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("fingerprint %s, want %s", got, want)
	}
}

func TestPendingMatchesFingerprint(t *testing.T) {
	roots := []string{"folio.toml", "content", "templates"}
	markdown := func(rel string) bool { return filepath.Ext(rel) == ".md" }
	for _, tc := range []struct {
		name string
		// build does what a build would between Begin and Finish: read
		// files and Record them, while someone edits the site.
		build func(t *testing.T, dir string, p *Pending)
		same  bool // Finish returns Fingerprint of the site as build left it
		fails bool
	}{
		{name: "all recorded", build: func(t *testing.T, dir string, p *Pending) {
			p.Record("content/a.md", []byte("# A"))
			p.Record("content/b/c.md", []byte("# C"))
		}, same: true},
		{name: "none recorded", build: func(t *testing.T, dir string, p *Pending) {}, same: true},
		{name: "a file not deferred is not recorded", build: func(t *testing.T, dir string, p *Pending) {
			p.Record("folio.toml", []byte("something else"))
		}, same: true},
		{name: "edited after it was read", build: func(t *testing.T, dir string, p *Pending) {
			p.Record("content/a.md", []byte("# A"))
			writeInput(t, dir, "content/a.md", "# A, edited")
		}, same: false},
		{name: "edited before it was read", build: func(t *testing.T, dir string, p *Pending) {
			writeInput(t, dir, "content/a.md", "# A, edited")
			p.Record("content/a.md", []byte("# A, edited"))
		}, same: true},
		{name: "added while the build ran", build: func(t *testing.T, dir string, p *Pending) {
			writeInput(t, dir, "content/new.md", "# New")
			p.Record("content/new.md", []byte("# New"))
		}, same: false},
		{name: "deleted while the build ran", build: func(t *testing.T, dir string, p *Pending) {
			os.Remove(filepath.Join(dir, "content/a.md"))
		}, fails: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := inputSite(t)
			p, err := Begin(dir, []string{"o"}, markdown, roots...)
			if err != nil {
				t.Fatal(err)
			}
			tc.build(t, dir, p)
			got, err := p.Finish()
			if (err != nil) != tc.fails {
				t.Fatalf("Finish error = %v, want an error: %v", err, tc.fails)
			}
			if tc.fails {
				return
			}
			want, err := Fingerprint(dir, []string{"o"}, roots...)
			if err != nil {
				t.Fatal(err)
			}
			if (got == want) != tc.same {
				t.Errorf("Finish = Fingerprint of the site as the build left it: %v, want %v", got == want, tc.same)
			}
		})
	}
}

func TestLoadRejects(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"empty":        "",
		"truncated":    `{"Format":1,"Inputs":"ab`,
		"other format": `{"Format":99,"Inputs":"ab"}`,
		"no inputs":    `{"Format":1}`,
		"not json":     "\x00\x01",
	} {
		p := filepath.Join(dir, "m")
		os.WriteFile(p, []byte(data), 0o644)
		if _, err := Load(p); err == nil {
			t.Errorf("%s: Load accepted %q", name, data)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("Load accepted a missing file")
	}
}

func TestSaveLoadIntact(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	os.MkdirAll(filepath.Join(out, "a"), 0o755)
	os.WriteFile(filepath.Join(out, "a", "index.html"), []byte("x"), 0o644)
	entries, err := Scan(out)
	if err != nil {
		t.Fatal(err)
	}
	m := &Manifest{Inputs: "abc", Summary: []byte(`{"Articles":1}`), Outputs: entries}
	if err := m.Save(PathFor(out)); err != nil {
		t.Fatal(err)
	}
	got, err := Load(PathFor(out))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Intact(out) {
		t.Fatal("an untouched output is not intact")
	}
	data, _ := os.ReadFile(PathFor(out))
	for _, cut := range []int{1, len(data) / 2, len(data) - 1} {
		if m, err := parse(string(data[:cut])); err == nil {
			t.Errorf("a manifest cut to %d bytes parsed: %+v", cut, m)
		}
	}
	os.WriteFile(filepath.Join(out, "a", "index.html"), []byte("y"), 0o644)
	if got.Intact(out) {
		t.Error("an edited output is intact")
	}
	if (&Manifest{}).Intact(out) {
		t.Error("a manifest without outputs vouches for an output")
	}
}

func TestSettled(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2025, 1, 1, h, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		from, until time.Time
		now         time.Time
		want        bool
	}{
		{time.Time{}, time.Time{}, at(5), true},
		{at(2), at(8), at(2), true},
		{at(2), at(8), at(7), true},
		{at(2), at(8), at(8), false},
		{at(2), at(8), at(1), false},
		{time.Time{}, at(8), at(1), true},
		{at(2), time.Time{}, at(23), true},
	} {
		m := &Manifest{SettledFrom: tc.from, SettledUntil: tc.until}
		if got := m.Settled(tc.now); got != tc.want {
			t.Errorf("[%v, %v) at %v = %v, want %v", tc.from, tc.until, tc.now, got, tc.want)
		}
	}
}

// TestGoBuildID reads the test binary's Go build ID, which the go command
// writes into every ELF executable it links, and wants none from a file
// that is not an executable.
func TestGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	id := goBuildID(exe)
	if runtime.GOOS == "linux" && (strings.Count(id, "/") != 3 || strings.ContainsAny(id, "\x00\n")) {
		t.Errorf("goBuildID(test binary) = %q, want four parts separated by slashes", id)
	}
	if out, err := exec.Command("go", "tool", "buildid", exe).Output(); err == nil && id != "" {
		if want := strings.TrimSpace(string(out)); id != want {
			t.Errorf("goBuildID = %q, go tool buildid says %q", id, want)
		}
	}
	text := filepath.Join(t.TempDir(), "text")
	writeInput(t, filepath.Dir(text), "text", "not an executable")
	if id := goBuildID(text); id != "" {
		t.Errorf("goBuildID(text file) = %q", id)
	}
}

// TestListFiles checks the listing of inputs against filepath.WalkDir's:
// files in nested folders, symbolic links listed and not followed, a
// file root and a missing one.
func TestListFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"folio.toml", "content/b.md", "content/a/z.md", "content/a/b/c.txt", "content/a.b/x.md", "outside/o.md"} {
		writeInput(t, dir, name, name)
	}
	if err := os.Symlink(filepath.Join(dir, "outside"), filepath.Join(dir, "content", "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("b.md", filepath.Join(dir, "content", "filelink.md")); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, root := range []string{"folio.toml", "content", "templates"} {
		filepath.WalkDir(filepath.Join(dir, root), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				want = append(want, filepath.ToSlash(rel))
			}
			return nil
		})
	}
	var got []string
	for _, root := range []string{"folio.toml", "content", "templates"} {
		var err error
		got, err = listFiles(got, dir, root)
		if err != nil && (root != "templates" || !errors.Is(err, errNoRoot)) {
			t.Errorf("listFiles(%s): %v", root, err)
		}
	}
	slices.Sort(got) // listFiles promises no order; Begin sorts
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("listFiles =\n%q\nwant\n%q", got, want)
	}
	if !slices.Contains(got, "content/link") || slices.Contains(got, "content/link/o.md") {
		t.Errorf("listFiles followed or dropped the link to a folder: %q", got)
	}
}
