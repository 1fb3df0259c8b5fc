//go:build !linux

package publish

import "os"

// writeNew creates the file at path and writes data to it. Only Linux has
// a path with fewer system calls; elsewhere os.WriteFile is as cheap as
// this package knows how to be.
func writeNew(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }

// readOld returns the contents of the previous output's file at path; size
// is what reuse found it holds, which only the Linux path uses.
func readOld(path string, size int64) ([]byte, error) { return os.ReadFile(path) }
