package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/folio-ssg/folio/internal/build"
)

// TestCheckExampleSite builds the example site at the repository root and
// checks it: the site newcomers build first has no broken links.
func TestCheckExampleSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(build.Options{Source: "../..", Destination: out}); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := folio(t, "check", "--source", "../..", "--destination", out)
	if code != 0 || !strings.HasPrefix(stdout, "no broken links in ") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
}

// TestCheckBrokenLink plants a broken link and a broken fragment in an
// article and checks that both `folio check` and `folio build --check`
// fail and name the page.
func TestCheckBrokenLink(t *testing.T) {
	src := copyTestSite(t)
	if code, _, stderr := folio(t, "build", "--source", src, "--check"); code != 0 {
		t.Fatalf("the test site has broken links before any were planted:\n%s", stderr)
	}
	first := filepath.Join(src, "content", "news", "first.md")
	data, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, "\nSee [all of it](/tags/nope/) and [the notes](/2021/03/second-story/#no-such-note).\n"...)
	if err := os.WriteFile(first, data, 0o644); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := folio(t, "build", "--source", src, "--check")
	if code != 1 || !strings.HasPrefix(stdout, "built 3 articles") {
		t.Errorf("build --check: exit %d\nstdout: %s", code, stdout)
	}
	page := filepath.ToSlash(filepath.Join(src, "public")) + "/2021/02/first-story/index.html"
	want := page + ": broken link /2021/03/second-story/#no-such-note (no element with id \"no-such-note\" on 2021/03/second-story/index.html)\n" +
		page + ": broken link /tags/nope/ (no such page)\n" +
		"error: 2 broken links in " + filepath.ToSlash(filepath.Join(src, "public")) + "/\n"
	if !strings.HasSuffix(stderr, want) {
		t.Errorf("build --check: stderr:\n%s\nwant it to end with:\n%s", stderr, want)
	}

	code, stdout, stderr2 := folio(t, "check", "-s", src)
	if code != 1 || stdout != "" || stderr2 != want {
		t.Errorf("check: exit %d\nstdout: %s\nstderr:\n%s\nwant:\n%s", code, stdout, stderr2, want)
	}
}

func TestCheckHelp(t *testing.T) {
	code, out, _ := folio(t, "check", "--help")
	for _, flag := range []string{"Usage:", "--source", "--destination", "--base-url"} {
		if code != 0 || !strings.Contains(out, flag) {
			t.Errorf("check --help: exit %d, lacks %s", code, flag)
		}
	}
	if _, out, _ := folio(t, "build", "--help"); !strings.Contains(out, "--check") {
		t.Error("build --help lacks --check")
	}
}
