package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/folio-ssg/folio/internal/buildcache"
)

// TestIncrementalEqualsCold checks the build cache: after each kind of
// edit, a build over the previous output (with its manifest) gives exactly
// the bytes of a cold build into an empty folder, and a build with nothing
// changed writes nothing.
func TestIncrementalEqualsCold(t *testing.T) {
	later := now.Add(24 * time.Hour)
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, src, out string)
		// at is the second build's time (default now).
		at time.Time
		// unchanged says the second build must be skipped.
		unchanged bool
	}{
		{name: "nothing", unchanged: true},
		{name: "nothing, a day later", at: later, unchanged: true},
		{name: "article body", edit: func(t *testing.T, src, _ string) {
			replaceIn(t, src, "content/2021/march-a.md", "More text.", "More text, revised.")
		}},
		{name: "front matter date", edit: func(t *testing.T, src, _ string) {
			replaceIn(t, src, "content/2021/march-b.md", "date: 2021-03-", "date: 2020-11-")
		}},
		{name: "tag added", edit: func(t *testing.T, src, _ string) {
			replaceIn(t, src, "content/2021/march-a.md", "tags: [council, budget]", "tags: [council, budget, transport]")
		}},
		{name: "tag removed", edit: func(t *testing.T, src, _ string) {
			replaceIn(t, src, "content/2021/march-a.md", "tags: [council, budget]", "tags: [council]")
		}},
		{name: "template", edit: func(t *testing.T, src, _ string) {
			writeFile(t, filepath.Join(src, "templates/partials/byline.html"), `<p class="byline">{{ .Title }} ({{ .ReadingTime }} min)</p>`)
		}},
		{name: "config", edit: func(t *testing.T, src, _ string) {
			replaceIn(t, src, "folio.toml", `title = "Archive Edge Cases"`, `title = "Archive, Renamed"`)
		}},
		{name: "deleted article", edit: func(t *testing.T, src, _ string) {
			if err := os.Remove(filepath.Join(src, "content/2021/march-b.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "renamed file", edit: func(t *testing.T, src, _ string) {
			if err := os.Rename(filepath.Join(src, "content/2021/march-b.md"), filepath.Join(src, "content/2021/march-c.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "new picture", edit: func(t *testing.T, src, _ string) {
			writeFile(t, filepath.Join(src, "content/2021/map.png"), "not really a PNG")
		}},
		{name: "touched, same bytes", unchanged: true, edit: func(t *testing.T, src, _ string) {
			f := filepath.Join(src, "content/2021/march-a.md")
			if err := os.Chtimes(f, later, later); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "scheduled article falls due", at: time.Date(2099, 1, 2, 0, 0, 0, 0, time.UTC)},
		{name: "expiry before the first build, checked after it", at: now.Add(-10 * 365 * 24 * time.Hour)},
		{name: "output file edited in place", edit: func(t *testing.T, _, out string) {
			f := filepath.Join(out, "index.html")
			fi, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(f)
			b[len(b)-2] = 'X' // same size
			writeFile(t, f, string(b))
			os.Chtimes(f, fi.ModTime(), fi.ModTime()) // and the old mtime back
		}},
		{name: "output file deleted", edit: func(t *testing.T, _, out string) {
			os.Remove(filepath.Join(out, "sitemap.xml"))
		}},
		{name: "output file added", edit: func(t *testing.T, _, out string) {
			writeFile(t, filepath.Join(out, "tags/stray.html"), "stray")
		}},
		{name: "corrupt manifest", edit: func(t *testing.T, _, out string) {
			writeFile(t, buildcache.PathFor(out), `{"Format":1,"Inputs":`)
		}},
		{name: "missing manifest", edit: func(t *testing.T, _, out string) {
			os.Remove(buildcache.PathFor(out))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := filepath.Join(t.TempDir(), "site")
			if err := os.CopyFS(src, os.DirFS(filepath.Join(sitesDir, "archive", "input"))); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(src, "public")
			if _, err := Run(Options{Source: src, Now: now}); err != nil {
				t.Fatal(err)
			}
			before := stamps(t, out)
			if tc.edit != nil {
				tc.edit(t, src, out)
			}
			at := tc.at
			if at.IsZero() {
				at = now
			}
			res, err := Run(Options{Source: src, Now: at})
			if err != nil {
				t.Fatal(err)
			}
			if res.Unchanged != tc.unchanged {
				t.Errorf("Unchanged = %v, want %v", res.Unchanged, tc.unchanged)
			}
			if tc.unchanged {
				if after := stamps(t, out); after != before {
					t.Errorf("a build with nothing to do touched the output")
				}
			}
			cold := filepath.Join(t.TempDir(), "cold")
			if _, err := Run(Options{Source: src, Destination: cold, Now: at}); err != nil {
				t.Fatal(err)
			}
			compareTrees(t, cold, out)
		})
	}
}

// TestColdBuildFingerprintsEveryInput checks that a cold build, which
// hashes articles as it reads them and the other inputs before, records
// the fingerprint a full read of the inputs gives: the next build finds
// nothing changed. The site has every kind of file under content/ that
// the loader treats differently: Markdown, a news text, a plain text it
// copies, a picture, and files and folders it ignores.
func TestColdBuildFingerprintsEveryInput(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(src, os.DirFS(filepath.Join(sitesDir, "archive", "input"))); err != nil {
		t.Fatal(err)
	}
	news, err := os.ReadFile(filepath.Join(sitesDir, "news", "input", "content", "persian.txt"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(src, "content/news.txt"), string(news))
	writeFile(t, filepath.Join(src, "content/notes.txt"), "plain text, published as it is\n")
	writeFile(t, filepath.Join(src, "content/2021/map.png"), "not really a PNG")
	writeFile(t, filepath.Join(src, "content/_index.md"), "# a Hugo section page, ignored\n")
	writeFile(t, filepath.Join(src, "content/.draft.md"), "# hidden, ignored\n")
	writeFile(t, filepath.Join(src, "content/.git/notes.md"), "# in a hidden folder, ignored\n")
	writeFile(t, filepath.Join(src, "templates/partials/byline.html"), `<p class="byline">{{ .Title }}</p>`)
	for i, edit := range []func(){
		nil, // the first build is cold
		nil, // the second has nothing to do
		func() { replaceIn(t, src, "content/_index.md", "ignored", "still ignored") },
		nil,
		func() { replaceIn(t, src, "content/notes.txt", "plain", "Plain") },
		nil,
	} {
		if edit != nil {
			edit()
		}
		res, err := Run(Options{Source: src, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		// Every build after one that changed nothing is skipped.
		if want := i > 0 && edit == nil; res.Unchanged != want {
			t.Errorf("build %d: Unchanged = %v, want %v", i+1, res.Unchanged, want)
		}
	}
}

// replaceIn replaces old by new in the site file name, failing when old is
// not there (an edit that does nothing would prove nothing).
func replaceIn(t *testing.T, src, name, old, new string) {
	t.Helper()
	p := filepath.Join(src, name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", name, old)
	}
	writeFile(t, p, strings.Replace(string(b), old, new, 1))
}

// stamps describes every file and folder of dir by inode, size and times.
func stamps(t *testing.T, dir string) string {
	t.Helper()
	entries, err := buildcache.Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		fmt.Fprintf(&b, "%s %+v\n", e.Path, e.Stamp)
	}
	return b.String()
}

// TestManifestRecordsWholeOutput checks that the manifest a build saves,
// made from the names the build wrote rather than from a walk of the
// output, records every file and folder there is, with the stamps a walk
// finds: after a cold build, and after a rebuild that links unchanged
// files from the previous output.
func TestManifestRecordsWholeOutput(t *testing.T) {
	for _, tc := range []struct {
		site    string
		rebuild bool
	}{
		{site: "archive"},
		{site: "news"},
		{site: "lean"},
		{site: "archive", rebuild: true},
	} {
		t.Run(fmt.Sprintf("%s rebuild=%v", tc.site, tc.rebuild), func(t *testing.T) {
			src := filepath.Join(t.TempDir(), "site")
			if err := os.CopyFS(src, os.DirFS(filepath.Join(sitesDir, tc.site, "input"))); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(src, "public")
			if _, err := Run(Options{Source: src, Now: now}); err != nil {
				t.Fatal(err)
			}
			if tc.rebuild {
				replaceIn(t, src, "content/2021/march-a.md", "More text.", "More text, revised.")
				if _, err := Run(Options{Source: src, Now: now}); err != nil {
					t.Fatal(err)
				}
			}
			m, err := buildcache.Load(buildcache.PathFor(out))
			if err != nil {
				t.Fatal(err)
			}
			walked, err := buildcache.Scan(out)
			if err != nil {
				t.Fatal(err)
			}
			recorded := map[string]buildcache.Stamp{}
			for _, e := range m.Outputs {
				recorded[e.Path] = e.Stamp
			}
			for _, e := range walked {
				if s, ok := recorded[e.Path]; !ok {
					t.Errorf("%s is in the output but not in the manifest", e.Path)
				} else if s != e.Stamp {
					t.Errorf("%s: manifest has %+v, the output %+v", e.Path, s, e.Stamp)
				}
				delete(recorded, e.Path)
			}
			for p := range recorded {
				t.Errorf("%s is in the manifest but not in the output", p)
			}
		})
	}
}
