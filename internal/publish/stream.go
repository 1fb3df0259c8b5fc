package publish

import (
	"bytes"
	"io"
	"os"
	"path"
	"path/filepath"
)

// streamFile is an output file written in parts (see Create).
type streamFile struct {
	d     *Dir
	clean string

	// While the bytes written so far are the previous output's first
	// bytes, old is that file open, and nothing is written: matched bytes
	// of it matched. The first byte that differs creates f and copies the
	// matched bytes into it from old.
	old     *os.File
	oldSize int64
	matched int64
	scratch []byte

	f   *os.File
	err error // the first error, returned by every later call
}

// Create opens the output file name to be written in parts: its bytes
// need not be held in memory at once, as WriteFile's are. The render
// workers stream the largest pages this way (a tag page that lists every
// article runs to tens of megabytes in a large archive), so that the
// memory a build takes does not grow with the length of its longest page.
//
// Close finishes the file as WriteFile would have: when the previous
// output holds the same bytes at name, its file stays as it is, so an
// unchanged page keeps its inode and modification time. Until a byte
// differs from that file nothing is written; the bytes that matched are
// then copied from it.
//
// The file is not safe for concurrent use, and Close must be called once.
func (d *Dir) Create(name string) (io.WriteCloser, error) {
	clean, err := d.claim(name)
	if err != nil {
		return nil, err
	}
	f := &streamFile{d: d, clean: clean}
	if d.previous {
		// As in unchanged, only a regular file is kept: Lstat, not the
		// open file's Stat, which a symbolic link would pass.
		oldPath := filepath.Join(d.dest, filepath.FromSlash(clean))
		if fi, err := os.Lstat(oldPath); err == nil && fi.Mode().IsRegular() {
			if old, err := os.Open(oldPath); err == nil {
				f.old, f.oldSize = old, fi.Size()
				return f, nil
			}
		}
	}
	if err := f.create(); err != nil {
		return nil, err
	}
	return f, nil
}

// create creates the new file in staging.
func (f *streamFile) create() error {
	full, err := f.d.stage(f.clean)
	if err != nil {
		return err
	}
	defer f.d.made(path.Dir(f.clean)) // the folder's first entry is made
	out, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	f.f = out
	return nil
}

// Write writes p to the file.
func (f *streamFile) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.old != nil {
		if f.same(p) {
			f.matched += int64(len(p))
			return len(p), nil
		}
		if f.err = f.diverge(); f.err != nil {
			return 0, f.err
		}
	}
	n, err := f.f.Write(p)
	f.err = err
	return n, err
}

// same reports whether p is the previous output's next len(p) bytes.
func (f *streamFile) same(p []byte) bool {
	if f.scratch == nil {
		f.scratch = make([]byte, 64<<10)
	}
	off := f.matched
	for len(p) > 0 {
		chunk := f.scratch[:min(len(p), len(f.scratch))]
		if _, err := f.old.ReadAt(chunk, off); err != nil || !bytes.Equal(chunk, p[:len(chunk)]) {
			return false
		}
		p, off = p[len(chunk):], off+int64(len(chunk))
	}
	return true
}

// diverge gives up on the previous output: it creates the new file and
// copies the bytes that matched into it.
func (f *streamFile) diverge() error {
	old := f.old
	f.old = nil
	defer old.Close()
	if err := f.create(); err != nil {
		return err
	}
	_, err := io.Copy(f.f, io.NewSectionReader(old, 0, f.matched))
	return err
}

// Close finishes the file and reports the first error of its writing.
func (f *streamFile) Close() error {
	if f.old != nil {
		switch {
		case f.err == nil && f.matched == f.oldSize:
			// The same bytes: the previous output's file stays.
		case f.err == nil:
			f.err = f.diverge() // the new file is shorter
		}
		if f.old != nil {
			f.old.Close()
		}
	}
	if f.f == nil {
		return f.err
	}
	info, statErr := f.f.Stat()
	if err := f.f.Close(); f.err == nil {
		f.err = err
	}
	if f.err == nil && statErr != nil {
		f.err = statErr
	}
	if f.err == nil && f.d.Written != nil && !f.d.previous {
		f.d.Written(f.clean, info)
	}
	return f.err
}
