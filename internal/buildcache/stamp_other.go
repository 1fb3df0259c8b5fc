//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package buildcache

import "io/fs"

// stampOf reads a file's identity where the system offers no change time
// or inode: size and modification time only.
func stampOf(info fs.FileInfo) Stamp {
	return Stamp{Mode: info.Mode(), Size: info.Size(), MTime: info.ModTime().UnixNano()}
}
