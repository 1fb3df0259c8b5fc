//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package buildcache

import (
	"io/fs"
	"syscall"
)

// stampOf reads a file's identity, change time and inode included.
func stampOf(info fs.FileInfo) Stamp {
	s := Stamp{Mode: info.Mode(), Size: info.Size(), MTime: info.ModTime().UnixNano()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		s.CTime = ctime(st)
		s.Ino = uint64(st.Ino)
	}
	return s
}
