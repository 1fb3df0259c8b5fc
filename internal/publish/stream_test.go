package publish

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCreate writes a file in parts over a previous output and wants the
// bytes written, the previous file kept (the same inode) exactly when
// the bytes are the same, whatever the parts and wherever they differ,
// and the file reported to Written in a first build only.
func TestCreate(t *testing.T) {
	long := strings.Repeat("0123456789abcdef", 9000) // past Create's 64 KiB comparisons
	tests := []struct {
		name  string
		old   *string // the previous output's file; nil: none
		parts []string
	}{
		{"first build", nil, []string{"<html>", "body", "</html>"}},
		{"same bytes", ptr("<html>body</html>"), []string{"<html>", "body", "</html>"}},
		{"same bytes, other parts", ptr("<html>body</html>"), []string{"<ht", "ml>body</h", "tml>"}},
		{"same long bytes", ptr(long + "end"), []string{long[:5], long[5:], "end"}},
		{"differs in the first part", ptr("<html>body</html>"), []string{"<HTML>", "body", "</html>"}},
		{"differs in a later part", ptr("<html>body</html>"), []string{"<html>", "bodY", "</html>"}},
		{"differs past 64 KiB", ptr(long + "end"), []string{long, "END"}},
		{"differs late in a long part", ptr(long + "end"), []string{long[:len(long)-1] + "X", "end"}},
		{"shorter", ptr("<html>body</html>"), []string{"<html>", "body"}},
		{"longer", ptr("<html>body</html>"), []string{"<html>", "body", "</html>", "\n"}},
		{"empty, was not", ptr("x"), nil},
		{"empty, as before", ptr(""), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			var before os.FileInfo
			if tt.old != nil {
				d, err := New(dest)
				must(t, err)
				must(t, d.WriteFile("index.html", []byte("home")))
				must(t, d.WriteFile("a/index.html", []byte(*tt.old)))
				must(t, d.Commit())
				before, err = os.Stat(filepath.Join(dest, "a/index.html"))
				must(t, err)
			}
			d, err := New(dest)
			must(t, err)
			reported := map[string]bool{}
			d.Written = func(name string, info fs.FileInfo) { reported[name] = true }
			f, err := d.Create("a/index.html")
			must(t, err)
			for _, p := range tt.parts {
				if n, err := f.Write([]byte(p)); n != len(p) || err != nil {
					t.Fatalf("Write(%d bytes) = %d, %v", len(p), n, err)
				}
			}
			must(t, f.Close())
			must(t, d.Commit())

			want := strings.Join(tt.parts, "")
			got, err := os.ReadFile(filepath.Join(dest, "a/index.html"))
			must(t, err)
			if string(got) != want {
				t.Errorf("file holds %q…, want %q… (%d and %d bytes)", head(got), head([]byte(want)), len(got), len(want))
			}
			now, err := os.Stat(filepath.Join(dest, "a/index.html"))
			must(t, err)
			kept := before != nil && os.SameFile(before, now)
			if wantKept := tt.old != nil && *tt.old == want; kept != wantKept {
				t.Errorf("previous file kept: %v, want %v", kept, wantKept)
			}
			if got, want := reported["a/index.html"], tt.old == nil; got != want {
				t.Errorf("reported to Written: %v, want %v", got, want)
			}
		})
	}
}

func ptr(s string) *string { return &s }

func head(b []byte) []byte { return b[:min(len(b), 20)] }

// TestCreateErrors wants Create to refuse what WriteFile refuses, and a
// file that cannot be created reported by Create.
func TestCreateErrors(t *testing.T) {
	d, err := New(filepath.Join(t.TempDir(), "public"))
	must(t, err)
	must(t, d.WriteFile("twice.html", nil))
	must(t, d.WriteFile("file", nil))
	for _, name := range []string{"twice.html", "../out.html", "", "file/index.html"} {
		if f, err := d.Create(name); err == nil {
			f.Close()
			t.Errorf("Create(%q): no error", name)
		}
	}
}

// TestCreateReplacesSymlink wants a previous output whose file is a
// symbolic link, even to the same bytes, replaced by a regular file, as
// WriteFile replaces it.
func TestCreateReplacesSymlink(t *testing.T) {
	root := t.TempDir()
	dest, elsewhere := filepath.Join(root, "public"), filepath.Join(root, "page.html")
	must(t, os.WriteFile(elsewhere, []byte("same"), 0o644))
	must(t, os.MkdirAll(dest, 0o755))
	must(t, os.WriteFile(filepath.Join(dest, "index.html"), []byte("home"), 0o644))
	must(t, os.Symlink(elsewhere, filepath.Join(dest, "a.html")))
	d, err := New(dest)
	must(t, err)
	f, err := d.Create("a.html")
	must(t, err)
	_, err = f.Write([]byte("same"))
	must(t, err)
	must(t, f.Close())
	must(t, d.WriteFile("index.html", []byte("home")))
	must(t, d.Commit())
	fi, err := os.Lstat(filepath.Join(dest, "a.html"))
	must(t, err)
	if !fi.Mode().IsRegular() {
		t.Errorf("a.html is %v, want a regular file", fi.Mode())
	}
}
