package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"index.html", "index.html", ""},
		{"a/b/index.html", "a/b/index.html", ""},
		{"a/./b//c.html", "a/b/c.html", ""},
		{"a/../b.html", "b.html", ""},
		{"../x", "", "outside"},
		{"a/../../x", "", "outside"},
		{"/etc/passwd", "", "outside"},
		{"..", "", "outside"},
		{".", "", "outside"},
		{"", "", "invalid"},
		{`a\..\..\x`, "", "invalid"},
		{"a\x00b", "", "invalid"},
	}
	for _, tt := range tests {
		got, err := Clean(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Clean(%q) = %q, %v; want error with %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Clean(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestCommitReplacesOutput(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	must(t, os.MkdirAll(filepath.Join(dest, "stale"), 0o755))
	must(t, os.WriteFile(filepath.Join(dest, "stale", "old.html"), []byte("old"), 0o644))

	d, err := New(dest)
	must(t, err)
	var wg sync.WaitGroup
	for _, name := range []string{"index.html", "a/b/index.html", "a/c/index.html"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			must(t, d.WriteFile(name, []byte(name)))
		}()
	}
	wg.Wait()
	must(t, d.CopyFile("img/x.png", fstest.MapFS{"src/x.png": {Data: []byte("png")}}, "src/x.png"))
	if err := d.WriteFile("index.html", nil); err == nil {
		t.Error("writing a file twice is not an error")
	}
	if err := d.WriteFile("../escape.html", nil); err == nil {
		t.Error("writing outside the output is not an error")
	}
	must(t, d.Commit())

	got := listFiles(t, dest)
	if want := "a/b/index.html a/c/index.html img/x.png index.html"; got != want {
		t.Errorf("output = %s, want %s", got, want)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("leftovers beside the output: %v", entries)
	}
}

func TestDiscardKeepsOutput(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	must(t, os.MkdirAll(dest, 0o755))
	must(t, os.WriteFile(filepath.Join(dest, "index.html"), []byte("old"), 0o644))
	d, err := New(dest)
	must(t, err)
	must(t, d.WriteFile("index.html", []byte("new")))
	must(t, d.Discard())
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "old" {
		t.Errorf("index.html = %q after Discard", b)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("leftovers beside the output: %v", entries)
	}
}

func TestNewRemovesLeftoverStaging(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	leftover := filepath.Join(root, stagingPrefix+"public-123")
	must(t, os.MkdirAll(leftover, 0o755))
	d, err := New(dest)
	must(t, err)
	defer d.Discard()
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("leftover staging folder still there: %v", err)
	}
}

func TestCommitFirstBuild(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "out", "public")
	d, err := New(dest)
	must(t, err)
	must(t, d.WriteFile("index.html", []byte("x")))
	must(t, d.Commit())
	if got := listFiles(t, dest); got != "index.html" {
		t.Errorf("output = %s", got)
	}
}

func TestExchangeByRename(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	must(t, os.MkdirAll(a, 0o755))
	must(t, os.MkdirAll(b, 0o755))
	must(t, os.WriteFile(filepath.Join(a, "x"), []byte("a"), 0o644))
	must(t, os.WriteFile(filepath.Join(b, "x"), []byte("b"), 0o644))
	must(t, exchangeByRename(a, b))
	if x, _ := os.ReadFile(filepath.Join(b, "x")); string(x) != "a" {
		t.Errorf("b/x = %q", x)
	}
	if x, _ := os.ReadFile(filepath.Join(a, "x")); string(x) != "b" {
		t.Errorf("a/x = %q", x)
	}
}

func listFiles(t *testing.T, dir string) string {
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	return strings.Join(files, " ")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestUnchangedFilesKeepTheirInode checks that a rebuild links files whose
// bytes did not change instead of writing them, so their modification
// times stay, and writes the ones that changed.
func TestUnchangedFilesKeepTheirInode(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	src := fstest.MapFS{"img.png": {Data: []byte("png")}}
	build := func(index, page string) {
		d, err := New(dest)
		must(t, err)
		must(t, d.WriteFile("index.html", []byte(index)))
		must(t, d.WriteFile("a/index.html", []byte(page)))
		must(t, d.CopyFile("img.png", src, "img.png"))
		must(t, d.Commit())
	}
	stat := func(name string) os.FileInfo {
		fi, err := os.Stat(filepath.Join(dest, name))
		must(t, err)
		return fi
	}
	build("home", "page")
	old := map[string]os.FileInfo{"index.html": stat("index.html"), "a/index.html": stat("a/index.html"), "img.png": stat("img.png")}
	time.Sleep(20 * time.Millisecond)
	build("home", "page changed")
	for name, same := range map[string]bool{"index.html": true, "img.png": true, "a/index.html": false} {
		now := stat(name)
		if os.SameFile(old[name], now) != same || now.ModTime().Equal(old[name].ModTime()) != same {
			t.Errorf("%s: same file %v, same mtime %v; want %v", name, os.SameFile(old[name], now), now.ModTime().Equal(old[name].ModTime()), same)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "a/index.html")); string(b) != "page changed" {
		t.Errorf("a/index.html = %q", b)
	}
}

// TestConcurrentWritesShareFolders checks that goroutines racing to create
// the same new folders all succeed.
func TestConcurrentWritesShareFolders(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	d, err := New(dest)
	must(t, err)
	var wg sync.WaitGroup
	var want []string
	for i := range 40 {
		name := fmt.Sprintf("a/b/c/%d/index.html", i%8)
		if i >= 8 {
			name = fmt.Sprintf("a/b/c/%d/d/%d.html", i%8, i)
		}
		want = append(want, name)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.WriteFile(name, []byte(name)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	must(t, d.Commit())
	for _, name := range want {
		if b, err := os.ReadFile(filepath.Join(dest, name)); err != nil || string(b) != name {
			t.Errorf("%s = %q, %v", name, b, err)
		}
	}
}

// TestHasPrevious checks when a build looks for files to link.
func TestHasPrevious(t *testing.T) {
	root := t.TempDir()
	empty, full := filepath.Join(root, "empty"), filepath.Join(root, "full")
	must(t, os.Mkdir(empty, 0o755))
	must(t, os.Mkdir(full, 0o755))
	must(t, os.WriteFile(filepath.Join(full, "index.html"), nil, 0o644))
	for dest, want := range map[string]bool{filepath.Join(root, "missing"): false, empty: false, full: true} {
		if got := hasPrevious(dest); got != want {
			t.Errorf("hasPrevious(%s) = %v, want %v", dest, got, want)
		}
	}
}

// TestReportFolders checks that ReportFolders reports exactly the folders
// that hold one entry, the output folder aside, with what the file system
// says of them after Commit: a build and a rebuild that links unchanged
// files from it, with files written one by one, copied and written at
// once.
func TestReportFolders(t *testing.T) {
	src := fstest.MapFS{"img.png": {Data: []byte("png")}}
	want := map[string]bool{"a": true, "c": true, "c/d": true, "e/x": true, "e/y": true}
	for build := range 2 {
		dest := filepath.Join(t.TempDir(), "public")
		d, err := New(dest)
		must(t, err)
		reported := map[string]os.FileInfo{}
		var mu sync.Mutex
		d.Written = func(name string, info os.FileInfo) {
			if info.IsDir() {
				mu.Lock()
				reported[name] = info
				mu.Unlock()
			}
		}
		names := []string{"index.html", "a/index.html", "b/index.html", "c/d/index.html", "e/x/index.html", "e/y/index.html"}
		if build == 1 { // folders made ahead, as render.Pages has them
			for _, name := range names {
				d.MakeFolder(name)
			}
		}
		for _, name := range names {
			must(t, d.WriteFile(name, []byte(name)))
		}
		must(t, d.CopyFile("b/img.png", src, "img.png"))
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() { must(t, d.WriteFile(fmt.Sprintf("f/%d.html", i), nil)) })
		}
		wg.Wait()
		d.ReportFolders()
		must(t, d.Commit())
		for name := range want {
			if reported[name] == nil {
				t.Errorf("build %d: folder %s not reported", build, name)
			}
		}
		for name, info := range reported {
			if !want[name] {
				t.Errorf("build %d: folder %s reported, though it holds more than one entry", build, name)
				continue
			}
			now, err := os.Lstat(filepath.Join(dest, name))
			must(t, err)
			if !os.SameFile(info, now) || !info.ModTime().Equal(now.ModTime()) || info.Size() != now.Size() {
				t.Errorf("build %d: folder %s reported as %v %d, is %v %d", build, name, info.ModTime(), info.Size(), now.ModTime(), now.Size())
			}
		}
	}

	// Commit renames the output folder, which changes its times: it is
	// not reported even when it holds one entry.
	d, err := New(filepath.Join(t.TempDir(), "public"))
	must(t, err)
	d.Written = func(name string, info os.FileInfo) {
		if name != "only" && name != "only/index.html" {
			t.Errorf("%s reported", name)
		}
	}
	must(t, d.WriteFile("only/index.html", nil))
	d.ReportFolders()
	must(t, d.Commit())

	// A rebuild reports nothing: it moves files into folders, which
	// changes what the file system says of both.
	d, err = New(filepath.Join(filepath.Dir(d.dest), "public"))
	must(t, err)
	d.Written = func(name string, info os.FileInfo) { t.Errorf("rebuild: %s reported", name) }
	must(t, d.WriteFile("only/index.html", []byte("changed")))
	must(t, d.WriteFile("new/index.html", nil))
	d.ReportFolders()
	must(t, d.Commit())
}

// TestMakeFolder makes folders ahead of their files, from one goroutine
// while others write, and wants each file written in its folder, nothing
// made for a bad name, and an error from WriteFile, naming nothing else,
// when a file stands where the folder should be.
func TestMakeFolder(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	d, err := New(dest)
	must(t, err)
	names := make([]string, 200)
	for i := range names {
		names[i] = fmt.Sprintf("articles/a%03d/index.html", i)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, name := range names {
			d.MakeFolder(name)
		}
	})
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(names); i += 4 {
				must(t, d.WriteFile(names[i], []byte(names[i])))
			}
		})
	}
	wg.Wait()

	for _, bad := range []string{"", "../x/index.html", "/abs/index.html"} {
		d.MakeFolder(bad)
	}
	must(t, d.WriteFile("file", []byte("a file")))
	d.MakeFolder("file/index.html")
	if err := d.WriteFile("file/index.html", nil); err == nil {
		t.Error("no error writing under a file")
	}
	must(t, d.Commit())

	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(name)))
		if err != nil || string(data) != name {
			t.Errorf("%s: %q, %v", name, data, err)
		}
	}
	entries, err := os.ReadDir(dest)
	must(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if want := []string{"articles", "file"}; !slices.Equal(got, want) {
		t.Errorf("output holds %v, want %v", got, want)
	}
}

// TestRebuildInPlace rebuilds over a previous output and wants the new
// output exactly, with what did not change untouched: the unchanged
// file and the folder where nothing changed keep their identity and
// times. Files become folders and folders files, and nothing is left
// beside the output.
func TestRebuildInPlace(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	first := map[string]string{
		"index.html":          "home",
		"same/index.html":     "same",
		"changed/index.html":  "old",
		"gone/index.html":     "gone",
		"gone/deep/x.html":    "gone",
		"dir2file/index.html": "was a folder",
		"file2dir":            "was a file",
		"keep/a.html":         "a",
		"keep/b.html":         "b",
	}
	second := map[string]string{
		"index.html":          "home",
		"same/index.html":     "same",
		"changed/index.html":  "new",
		"dir2file":            "now a file",
		"file2dir/index.html": "now a folder",
		"keep/a.html":         "a",
		"keep/c.html":         "c",
		"new/deeper/x.html":   "new",
	}
	build := func(files map[string]string) {
		d, err := New(dest)
		must(t, err)
		for name, data := range files {
			must(t, d.WriteFile(name, []byte(data)))
		}
		must(t, d.Commit())
	}
	stat := func(name string) os.FileInfo {
		fi, err := os.Stat(filepath.Join(dest, name))
		must(t, err)
		return fi
	}
	build(first)
	before := map[string]os.FileInfo{"same/index.html": stat("same/index.html"), "same": stat("same"), "keep/a.html": stat("keep/a.html")}
	time.Sleep(20 * time.Millisecond)
	build(second)

	var names []string
	for name := range second {
		names = append(names, name)
	}
	slices.Sort(names)
	if got, want := listFiles(t, dest), strings.Join(names, " "); got != want {
		t.Errorf("output = %s\nwant     %s", got, want)
	}
	for name, data := range second {
		if b, _ := os.ReadFile(filepath.Join(dest, name)); string(b) != data {
			t.Errorf("%s = %q, want %q", name, b, data)
		}
	}
	for name, fi := range before {
		now := stat(name)
		if !os.SameFile(fi, now) || !fi.ModTime().Equal(now.ModTime()) {
			t.Errorf("%s changed: %v → %v", name, fi.ModTime(), now.ModTime())
		}
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("leftovers beside the output: %v", entries)
	}
}

// TestFileFolderConflicts wants a name used as both a file and a folder
// of the output refused, whichever comes first, in a first build and in
// a rebuild (which makes no folders before Commit).
func TestFileFolderConflicts(t *testing.T) {
	for _, rebuild := range []bool{false, true} {
		for _, names := range [][2]string{{"x", "x/index.html"}, {"y/index.html", "y"}, {"z", "z/a/b.html"}} {
			dest := filepath.Join(t.TempDir(), "public")
			if rebuild {
				must(t, os.MkdirAll(dest, 0o755))
				must(t, os.WriteFile(filepath.Join(dest, "index.html"), nil, 0o644))
			}
			d, err := New(dest)
			must(t, err)
			must(t, d.WriteFile(names[0], []byte("first")))
			if err := d.WriteFile(names[1], []byte("second")); err == nil {
				t.Errorf("rebuild %v: %s then %s: no error", rebuild, names[0], names[1])
			}
			d.Discard()
		}
	}
}

// TestRebuildRefusesSymlinkedFolder wants a rebuild whose previous output
// has a symbolic link where the output has a folder to fail at Commit
// without changing the output or what the link points to: unchanged
// files were compared through the link, and replacing it with a folder
// would lose them.
func TestRebuildRefusesSymlinkedFolder(t *testing.T) {
	root := t.TempDir()
	dest, elsewhere := filepath.Join(root, "public"), filepath.Join(root, "elsewhere")
	must(t, os.MkdirAll(elsewhere, 0o755))
	must(t, os.WriteFile(filepath.Join(elsewhere, "a.html"), []byte("a"), 0o644))
	must(t, os.MkdirAll(dest, 0o755))
	must(t, os.WriteFile(filepath.Join(dest, "index.html"), []byte("old"), 0o644))
	must(t, os.Symlink(elsewhere, filepath.Join(dest, "sub")))
	d, err := New(dest)
	must(t, err)
	must(t, d.WriteFile("index.html", []byte("new")))
	must(t, d.WriteFile("sub/a.html", []byte("a")))
	if err := d.Commit(); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("Commit = %v, want an error about the link", err)
	}
	if got := listFiles(t, dest); got != "index.html sub" {
		t.Errorf("output = %s", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "old" {
		t.Errorf("index.html = %q, want it unchanged", b)
	}
	if b, _ := os.ReadFile(filepath.Join(elsewhere, "a.html")); string(b) != "a" {
		t.Errorf("the link's target changed: %q", b)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 2 {
		t.Errorf("leftovers beside the output: %v", entries)
	}
}

// TestSymlinkedDestination builds twice into a destination that is a
// symbolic link to a folder, and wants the folder it points to to hold
// the output and the link to stay.
func TestSymlinkedDestination(t *testing.T) {
	root := t.TempDir()
	target, dest := filepath.Join(root, "www"), filepath.Join(root, "public")
	must(t, os.MkdirAll(target, 0o755))
	must(t, os.Symlink(target, dest))
	for _, page := range []string{"first", "second"} {
		d, err := New(dest)
		must(t, err)
		must(t, d.WriteFile("index.html", []byte(page)))
		must(t, d.WriteFile(page+"/index.html", []byte(page)))
		must(t, d.Commit())
		if fi, err := os.Lstat(dest); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("after the %s build, %s is no longer a link: %v", page, dest, err)
		}
		want := []string{"index.html", page + "/index.html"}
		slices.Sort(want)
		if got, want := listFiles(t, target), strings.Join(want, " "); got != want {
			t.Errorf("after the %s build, the folder holds %s, want %s", page, got, want)
		}
		if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != page {
			t.Errorf("after the %s build, index.html = %q", page, b)
		}
	}
	if entries, _ := os.ReadDir(root); len(entries) != 2 {
		t.Errorf("leftovers beside the output: %v", entries)
	}
}
