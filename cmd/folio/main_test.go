package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// folio runs the CLI in-process and returns its exit code and output.
func folio(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func copyTestSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dir, os.DirFS("../../testdata/sites/basic/input")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBuildCommand(t *testing.T) {
	src := copyTestSite(t)
	code, out, errOut := folio(t, "build", "--source", src)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	re := regexp.MustCompile(`^built 3 articles, \d+ pages, 1 file in \d+(\.\d+)?[µm]?s → .+/public/ \(skipped 1 draft, 1 future\)\n$`)
	if !re.MatchString(out) {
		t.Errorf("summary line = %q", out)
	}
	code, out, _ = folio(t, "build", "-s", src, "--drafts", "--future", "-d", filepath.Join(src, "out"))
	if code != 0 || !strings.HasPrefix(out, "built 5 articles") {
		t.Errorf("--drafts --future: exit %d, %q", code, out)
	}
}

func TestBuildCommandErrors(t *testing.T) {
	src := copyTestSite(t)
	os.WriteFile(filepath.Join(src, "content", "a.md"), []byte("---\ndraft: maybe\n---\n"), 0o644)
	os.WriteFile(filepath.Join(src, "content", "b.md"), []byte("---\ndate: someday\n---\n"), 0o644)
	code, out, errOut := folio(t, "build", "--source", src)
	want := `error: content/a.md:2: front matter: draft must be true or false, not "maybe"
error: content/b.md:2: front matter: date "someday" is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)
build failed: 2 errors; the output folder was left as it was
`
	if code != 1 || out != "" || errOut != want {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant:\n%s", code, out, errOut, want)
	}
	if code, _, errOut := folio(t, "build", "--source", src, "extra-arg"); code != 1 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("extra argument: exit %d, %s", code, errOut)
	}
}

func TestBuildCPUProfile(t *testing.T) {
	src := copyTestSite(t)
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	code, _, errOut := folio(t, "build", "--source", src, "--cpuprofile", prof)
	if strings.Contains(errOut, "already in use") {
		t.Skip("the test binary itself is being profiled")
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// A profile is gzip-compressed protocol buffers.
	if b, err := os.ReadFile(prof); err != nil || !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
		t.Errorf("profile: %v, %.8q", err, b)
	}
	missing := filepath.Join(t.TempDir(), "no", "cpu.prof")
	code, _, errOut = folio(t, "build", "--source", src, "--cpuprofile", missing)
	if code != 1 || !strings.Contains(errOut, "--cpuprofile: open "+missing) {
		t.Errorf("unwritable profile: exit %d, %s", code, errOut)
	}
}

func TestNewSiteAndArticle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my-news")
	code, out, errOut := folio(t, "new", "site", dir)
	if code != 0 || !strings.Contains(out, "created a new site in") {
		t.Fatalf("new site: exit %d, %s %s", code, out, errOut)
	}
	if code, _, errOut := folio(t, "new", "site", dir); code != 1 || !strings.Contains(errOut, "is not empty") {
		t.Errorf("new site over an existing site: exit %d, %s", code, errOut)
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "folio.toml"))
	if !strings.Contains(string(cfg), `title = "My News"`) {
		t.Errorf("folio.toml:\n%s", cfg)
	}

	code, out, errOut = folio(t, "new", "article", "Council Approves the Budget!", "--source", dir)
	if code != 0 {
		t.Fatalf("new article: exit %d, %s", code, errOut)
	}
	path := filepath.Join(dir, "content", "council-approves-the-budget.md")
	if !strings.Contains(out, path) {
		t.Errorf("new article output %q does not name %s", out, path)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"title: \"Council Approves the Budget!\"\n", "slug: council-approves-the-budget\n", "draft: true\n", "date: 20"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("article lacks %q:\n%s", want, body)
		}
	}
	if code, _, errOut := folio(t, "new", "article", "Council Approves the Budget!", "--source", dir); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("second new article with the same title: exit %d, %s", code, errOut)
	}

	code, out, errOut = folio(t, "build", "--source", dir, "--drafts")
	if code != 0 || !strings.HasPrefix(out, "built 2 articles") {
		t.Errorf("building the new site: exit %d, %q %s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "index.html")); err != nil {
		t.Error(err)
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := folio(t, "version")
	if code != 0 || !strings.HasPrefix(out, "folio v") {
		t.Errorf("version: exit %d, %q", code, out)
	}
	for _, args := range [][]string{{"--help"}, {"build", "--help"}, {"new", "--help"}, {"new", "site", "--help"}, {"new", "article", "--help"}, {"version", "--help"}} {
		code, out, _ := folio(t, args...)
		if code != 0 || !strings.Contains(out, "Usage:") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
	if code, _, _ := folio(t, "build", "--help"); code != 0 {
		t.Error("build --help failed")
	}
	_, out, _ = folio(t, "build", "--help")
	for _, flag := range []string{"--source", "--destination", "--base-url", "--drafts", "--future"} {
		if !strings.Contains(out, flag) {
			t.Errorf("build --help lacks %s", flag)
		}
	}
}

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in")
	os.MkdirAll(src, 0o755)
	sample, err := os.ReadFile("../../content/news/kayhan/000_2c66ef688392c791.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, "a.txt"), sample, 0o644)
	os.WriteFile(filepath.Join(src, "bad.txt"), []byte("example.com\nNews ID: 1\nPublish Date: 40 May 2021\nT\n\nB\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("timezone = \"Asia/Tehran\"\n"), 0o644)
	to := filepath.Join(dir, "content")
	code, out, errOut := folio(t, "import", src, "--to", to, "--source", dir)
	if code != 1 || !strings.Contains(out, "officials-warn-of-plot-to-revive-terrorists.md") || !strings.Contains(errOut, "bad.txt:3: news article: ") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	md, err := os.ReadFile(filepath.Join(to, "officials-warn-of-plot-to-revive-terrorists.md"))
	if err != nil || !strings.Contains(string(md), `date: "2021-02-27T23:08:00+03:30"`) {
		t.Errorf("imported file: %v\n%s", err, md)
	}
	if code, _, errOut := folio(t, "import", filepath.Join(src, "a.txt"), "--to", to, "--source", dir); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("second import: exit %d, %s", code, errOut)
	}
}
