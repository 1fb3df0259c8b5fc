//go:build !linux

package rawfile

import (
	"io/fs"
	"os"
)

// DirFS is os.DirFS: only Linux has a ReadFile with fewer system calls.
func DirFS(root string) fs.FS { return os.DirFS(root) }

// ReadFile is os.ReadFile: only Linux has a path with fewer system calls.
func ReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

// ReadRegular returns the contents of the file at path; size is what the
// caller found it holds, which only the Linux path uses.
func ReadRegular(path string, size int64) ([]byte, error) { return os.ReadFile(path) }

// WriteNew creates the file at path, writes data to it and returns what
// os.Lstat says of it: os.WriteFile and os.Lstat, as cheap as this package
// knows how to be outside Linux.
func WriteNew(path string, data []byte) (fs.FileInfo, error) {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return nil, err
	}
	return os.Lstat(path)
}
