package render

import (
	"maps"
	"path"
	"slices"
	"sync"
	"testing"
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
