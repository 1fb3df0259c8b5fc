package render

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/folio-ssg/folio/internal/publish"
)

// folderWriter is a FolderMaker that keeps what it is given.
type folderWriter struct {
	mu      sync.Mutex
	files   map[string]bool
	folders map[string]bool
	early   int // files written before their folder was made
}

func (w *folderWriter) WriteFile(name string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[name] = true
	if !w.folders[path.Dir(name)] {
		w.early++
	}
	return nil
}

func (w *folderWriter) MakeFolder(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.folders[path.Dir(name)] = true
}

// TestPagesMakeFolders wants Pages to have a FolderMaker make the folder
// of every page it renders, and to have finished when it returns.
func TestPagesMakeFolders(t *testing.T) {
	s, theme := benchSite(t)()
	w := &folderWriter{files: map[string]bool{}, folders: map[string]bool{}}
	n, err := Pages(s, theme, w)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, j := range Plan(s) {
		want[path.Dir(j.Out)] = true
	}
	if n != len(Plan(s)) || len(want) < 300 {
		t.Fatalf("%d pages in %d folders rendered; the generated site has more", n, len(want))
	}
	for dir := range want {
		if !w.folders[dir] {
			t.Errorf("folder %s not made", dir)
		}
	}
	if extra := slices.Collect(maps.Keys(w.folders)); len(extra) != len(want) {
		t.Errorf("%d folders made, want %d", len(extra), len(want))
	}
	t.Logf("%d of %d files written before their folder was made", w.early, len(w.files))
}

// streamWriter is a Creator that keeps what it is given, and how.
type streamWriter struct {
	mu       sync.Mutex
	files    map[string][]byte
	streamed map[string]int // the parts of each file written in parts
	fail     string         // WriteFile and Create fail for this name
	largest  int            // the longest part written to a page
}

func (w *streamWriter) WriteFile(name string, data []byte) error {
	if name == w.fail {
		return errors.New("cannot write")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[name] = bytes.Clone(data)
	return nil
}

func (w *streamWriter) Create(name string) (io.WriteCloser, error) {
	if name == w.fail {
		return nil, errors.New("cannot write")
	}
	return &streamFile{w: w, name: name}, nil
}

type streamFile struct {
	w     *streamWriter
	name  string
	data  []byte
	parts int
}

func (f *streamFile) Close() error {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	f.w.files[f.name], f.w.streamed[f.name] = f.data, f.parts
	return nil
}

func (f *streamFile) Write(p []byte) (int, error) {
	f.data = append(f.data, p...)
	f.parts++
	if f.name != "sitemap.xml" { // generated in one piece
		f.w.mu.Lock()
		f.w.largest = max(f.w.largest, len(p))
		f.w.mu.Unlock()
	}
	return len(p), nil
}

// TestPagesStream renders a site with pages held whole, then through a
// Creator, and wants the same bytes in every file, written in parts
// exactly when longer than streamAbove, and in parts that keep the
// workers' buffers near that length. A file that cannot be created
// fails its page, naming its source.
func TestPagesStream(t *testing.T) {
	s, theme := benchSite(t)()
	ref := &streamWriter{files: map[string][]byte{}, streamed: map[string]int{}}
	if _, err := Pages(s, theme, struct{ Writer }{ref}); err != nil { // no Creator
		t.Fatal(err)
	}
	defer func(n int) { streamAbove = n }(streamAbove)
	streamAbove = 8 << 10
	w := &streamWriter{files: map[string][]byte{}, streamed: map[string]int{}}
	if _, err := Pages(s, theme, w); err != nil {
		t.Fatal(err)
	}
	if len(w.files) != len(ref.files) {
		t.Errorf("%d files written, want %d", len(w.files), len(ref.files))
	}
	assets := map[string]bool{}
	for _, a := range theme.Assets() {
		assets[a.Name] = true // written whole by Pages, not rendered
	}
	long := 0
	for name, want := range ref.files {
		got, parts := w.files[name], w.streamed[name]
		if assets[name] {
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes differ from the %d rendered whole", name, len(got), len(want))
		}
		if (len(want) >= streamAbove) != (parts > 0) {
			t.Errorf("%s: %d bytes written in %d parts", name, len(want), parts)
		}
		if len(want) >= streamAbove {
			long++
			if max := 2*len(want)/streamAbove + 2; parts > max {
				t.Errorf("%s: %d bytes written in %d parts, want at most %d", name, len(want), parts, max)
			}
		}
	}
	t.Logf("%d of %d files written in parts", long, len(ref.files))
	if long == 0 || long == len(ref.files) {
		t.Fatalf("%d of %d pages are longer than %d bytes; the test needs some of both", long, len(ref.files), streamAbove)
	}
	if w.largest > streamAbove {
		t.Errorf("a part of %d bytes written; the buffer holds up to %d", w.largest, streamAbove)
	}

	// A streamed page and one written whole whose files fail.
	var streamed, whole string
	for _, name := range slices.Sorted(maps.Keys(ref.files)) {
		switch {
		case !strings.HasPrefix(name, "tags/") || name == "tags/index.html":
		case w.streamed[name] > 0:
			streamed = name
		default:
			whole = name
		}
	}
	for _, failing := range []string{streamed, whole} {
		w := &streamWriter{files: map[string][]byte{}, streamed: map[string]int{}, fail: failing}
		_, err := Pages(s, theme, w)
		if err == nil || !strings.Contains(err.Error(), "cannot write") || !strings.Contains(err.Error(), "tags page of") {
			t.Errorf("writing %s failing: Pages returned %v", failing, err)
		}
	}
}

// TestPagesStreamToDisk renders a site through publish.Dir with most
// pages streamed, twice, and wants the bytes rendered whole, and every
// file of the first build kept by the second: nothing changed.
func TestPagesStreamToDisk(t *testing.T) {
	s, theme := benchSite(t)()
	ref := &streamWriter{files: map[string][]byte{}, streamed: map[string]int{}}
	if _, err := Pages(s, theme, struct{ Writer }{ref}); err != nil {
		t.Fatal(err)
	}
	defer func(n int) { streamAbove = n }(streamAbove)
	streamAbove = 8 << 10
	dest := filepath.Join(t.TempDir(), "public")
	inodes := map[string]os.FileInfo{}
	for build := range 2 {
		d, err := publish.New(dest)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Pages(s, theme, d); err != nil {
			t.Fatal(err)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		for name, want := range ref.files {
			full := filepath.Join(dest, filepath.FromSlash(name))
			got, err := os.ReadFile(full)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("build %d: %s: %d bytes (%v), want the %d rendered whole", build, name, len(got), err, len(want))
			}
			fi, err := os.Stat(full)
			if err != nil {
				t.Fatal(err)
			}
			if build == 1 && !os.SameFile(inodes[name], fi) {
				t.Errorf("%s not kept from the first build", name)
			}
			inodes[name] = fi
		}
	}
}
