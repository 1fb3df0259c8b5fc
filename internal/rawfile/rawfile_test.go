package rawfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// TestWriteNewReadFile writes empty, small and large files and reads them
// back with ReadFile, ReadRegular and DirFS, and checks that on Linux
// WriteNew never replaces an existing file.
func TestWriteNewReadFile(t *testing.T) {
	dir := t.TempDir()
	big := []byte(strings.Repeat("0123456789abcdef", 1<<16))
	fsys := DirFS(dir)
	for name, data := range map[string][]byte{"empty": {}, "small": []byte("folio"), "big": big} {
		p := filepath.Join(dir, name)
		info, err := WriteNew(p, data)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Lstat(p)
		if runtime.GOOS != "windows" && (err != nil || fi.Mode().Perm()&^0o022 != 0o644&^0o022) {
			t.Errorf("%s: mode %v, %v", name, fi.Mode(), err)
		}
		if err == nil && !sameInfo(info, fi) {
			t.Errorf("%s: WriteNew says %s, os.Lstat %s", name, describe(info), describe(fi))
		}
		for how, read := range map[string]func() ([]byte, error){
			"os.ReadFile":   func() ([]byte, error) { return os.ReadFile(p) },
			"ReadFile":      func() ([]byte, error) { return ReadFile(p) },
			"ReadRegular":   func() ([]byte, error) { return ReadRegular(p, int64(len(data))) },
			"DirFS":         func() ([]byte, error) { return fs.ReadFile(fsys, name) },
			"fs.Sub(DirFS)": func() ([]byte, error) { sub, _ := fs.Sub(fsys, "."); return fs.ReadFile(sub, name) },
		} {
			if b, err := read(); err != nil || string(b) != string(data) {
				t.Errorf("%s: %s = %d bytes, %v; want %d", name, how, len(b), err, len(data))
			}
		}
		if b, _ := ReadRegular(p, int64(len(data))-1); len(b) == len(data)-1 {
			t.Errorf("%s: ReadRegular of a file longer than expected returned the expected size", name)
		}
	}
	if runtime.GOOS != "linux" {
		return // elsewhere WriteNew is os.WriteFile, which truncates.
	}
	if _, err := WriteNew(filepath.Join(dir, "big"), []byte("x")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("WriteNew over an existing file: %v", err)
	}
}

// sameInfo reports whether two answers about a file agree on everything
// the build cache records of it (see buildcache.Stamp): name, size, mode,
// modification time and, where the system has them, inode and change time.
func sameInfo(a, b fs.FileInfo) bool {
	if a.Name() != b.Name() || a.Size() != b.Size() || a.Mode() != b.Mode() || !a.ModTime().Equal(b.ModTime()) || a.IsDir() != b.IsDir() {
		return false
	}
	return reflect.DeepEqual(a.Sys(), b.Sys())
}

func describe(fi fs.FileInfo) string {
	return fmt.Sprintf("%s %d %v %v %+v", fi.Name(), fi.Size(), fi.Mode(), fi.ModTime(), fi.Sys())
}

// TestDirFSErrors wants DirFS to fail as os.DirFS does: on a missing file,
// a folder, and names that are not valid paths, with an error that names
// the file as given.
func TestDirFSErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"missing.md", "folder", "../escape", "/abs", "a//b", ""} {
		_, err := fs.ReadFile(DirFS(dir), name)
		_, want := fs.ReadFile(os.DirFS(dir), name)
		if err == nil || want == nil {
			t.Errorf("%q: error %v, os.DirFS's %v", name, err, want)
			continue
		}
		if errors.Is(err, fs.ErrNotExist) != errors.Is(want, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) != errors.Is(want, fs.ErrInvalid) {
			t.Errorf("%q: error %v, os.DirFS's %v", name, err, want)
		}
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != name {
			t.Errorf("%q: error %v does not name the file as given", name, err)
		}
	}
	if _, err := fs.ReadFile(DirFS(""), "a"); err == nil {
		t.Error("DirFS(\"\") read a file")
	}
}
