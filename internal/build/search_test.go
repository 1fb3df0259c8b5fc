package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchIndex checks that a build writes the search page and index,
// and that the preview serves the same index bytes from memory.
func TestSearchIndex(t *testing.T) {
	src := copySite(t, "basic")
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Source: src, Destination: out, Now: now}); err != nil {
		t.Fatal(err)
	}
	g, err := NewSession(Options{Source: src, Now: now}).Build()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	err = filepath.WalkDir(filepath.Join(out, "search"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		names = append(names, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"search/index.html", "search/index.json", "search/docs/0.json"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("no %s in %v", want, names)
		}
	}
	for _, name := range names {
		disk, _ := os.ReadFile(filepath.Join(out, name))
		mem, found, err := g.File(name)
		if !found || err != nil || !bytes.Equal(disk, mem) {
			t.Errorf("%s: the preview serves other bytes than the build wrote (found %t, err %v)", name, found, err)
		}
	}
	if _, found, _ := g.File("search/terms/nope.json"); found {
		t.Error("a missing shard is found")
	}
}

// TestSearchPageURLIsTaken checks that an article cannot take the search
// page's URL unnoticed.
func TestSearchPageURLIsTaken(t *testing.T) {
	src := copySite(t, "basic")
	writeFile(t, filepath.Join(src, "content", "find.md"), "---\ntitle: Find\nurl: /search/\n---\nText.\n")
	_, err := Run(Options{Source: src, Destination: filepath.Join(t.TempDir(), "public"), Now: now})
	if want := "content/find.md: has the same URL as (the search page) (/search/); give one of them another slug or url"; err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}
