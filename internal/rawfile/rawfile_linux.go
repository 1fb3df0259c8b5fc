package rawfile

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// DirFS returns a file system for the tree at root, as os.DirFS does,
// whose ReadFile (and so fs.ReadFile) reads with ReadFile.
func DirFS(root string) fs.FS {
	return dirFS{os.DirFS(root).(dirFSMethods), root}
}

// dirFSMethods is the method set of os.DirFS's file system, which dirFS
// passes on, so that fs.ReadDir, fs.Stat, fs.Lstat and fs.ReadLink stay as
// cheap as on os.DirFS.
type dirFSMethods interface {
	fs.ReadFileFS
	fs.ReadDirFS
	fs.StatFS
	fs.ReadLinkFS
}

// dirFS is os.DirFS(root) with ReadFile replaced.
type dirFS struct {
	dirFSMethods
	root string
}

// ReadFile reads the named file with ReadFile, after checking name as
// os.DirFS does. Errors name the file by name, as os.DirFS's do.
func (d dirFS) ReadFile(name string) ([]byte, error) {
	if d.root == "" || !fs.ValidPath(name) {
		return d.dirFSMethods.ReadFile(name) // os.DirFS's error
	}
	b, err := ReadFile(d.root + "/" + name)
	if pe, ok := err.(*fs.PathError); ok {
		pe.Path = name
	}
	return b, err
}

// ReadFile returns the contents of the file at path, as os.ReadFile does,
// with an open, an fstat for the size, reads until end of file and a close.
func ReadFile(path string) ([]byte, error) {
	fd, err := open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	for {
		if err = unix.Fstat(fd, &st); err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	// One byte more than the size, as os.ReadFile allows more, so that
	// the read that finds the end of the file needs no larger buffer.
	return readAll(fd, path, make([]byte, 0, max(st.Size, 0)+1), false)
}

// ReadRegular returns the contents of the file at path, which was found to
// hold size bytes, with one open, reads until end of file and a close. If
// the file grew since, the result is longer than size, and so compares
// unequal to what size bytes were expected to be, as os.ReadFile's would.
// O_NOFOLLOW keeps it from following a symbolic link that replaced the
// regular file seen.
func ReadRegular(path string, size int64) ([]byte, error) {
	fd, err := open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	return readAll(fd, path, make([]byte, 0, size+1), true)
}

// readAll reads fd until end of file onto buf, growing it as needed
// unless capped, when it stops with buf full.
func readAll(fd int, path string, buf []byte, capped bool) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			if capped {
				return buf, nil
			}
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n <= 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
}

// WriteNew creates the file at path, which must not exist yet, writes
// data to it with one open, write and close, and returns what the file
// system says of the file then, as os.Lstat would. The build cache records
// the identity of every output; asking the open file for it costs one
// fstat, where looking its path up at the end of a build cost a path walk
// with nothing else to run beside it.
func WriteNew(path string, data []byte) (fs.FileInfo, error) {
	fd, err := open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err == unix.EINTR {
			continue
		}
		if err == nil && n <= 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			unix.Close(fd)
			return nil, &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	info := &fileInfo{name: filepath.Base(path)}
	for {
		if err = syscall.Fstat(fd, &info.st); err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	// close is not retried on EINTR: Linux has released the descriptor
	// by then, and it may already name another goroutine's file.
	if err := unix.Close(fd); err != nil {
		return nil, &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return info, nil
}

// fileInfo is an fs.FileInfo made from a stat call's answer as os makes
// its own, with the same Sys value: a *syscall.Stat_t.
type fileInfo struct {
	name string
	st   syscall.Stat_t
}

func (fi *fileInfo) Name() string       { return fi.name }
func (fi *fileInfo) Size() int64        { return fi.st.Size }
func (fi *fileInfo) ModTime() time.Time { return time.Unix(fi.st.Mtim.Unix()) }
func (fi *fileInfo) IsDir() bool        { return fi.Mode().IsDir() }
func (fi *fileInfo) Sys() any           { return &fi.st }

// Mode converts the stat call's mode bits as os does on Linux.
func (fi *fileInfo) Mode() fs.FileMode {
	m := fs.FileMode(fi.st.Mode & 0o777)
	switch fi.st.Mode & syscall.S_IFMT {
	case syscall.S_IFBLK:
		m |= fs.ModeDevice
	case syscall.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		m |= fs.ModeDir
	case syscall.S_IFIFO:
		m |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		m |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		m |= fs.ModeSocket
	}
	if fi.st.Mode&syscall.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if fi.st.Mode&syscall.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if fi.st.Mode&syscall.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}

// open is unix.Open retried on EINTR, as os.OpenFile does: a signal (the
// Go runtime's own preemption among them) can interrupt an open on
// network and FUSE file systems.
func open(path string, flags int, mode uint32) (int, error) {
	for {
		fd, err := unix.Open(path, flags, mode)
		if err != unix.EINTR {
			return fd, err
		}
	}
}
