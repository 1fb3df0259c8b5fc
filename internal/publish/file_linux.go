package publish

import (
	"io"
	"io/fs"

	"golang.org/x/sys/unix"
)

// writeNew creates the file at path, which must not exist yet, and writes
// data to it with one open, write and close. os.WriteFile costs about three
// more system calls per file on Linux (fcntl, fstat and a failing epoll_ctl,
// as it offers every file to the runtime's poller), which is most of a first
// build's system calls after the folders.
func writeNew(path string, data []byte) error {
	fd, err := open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
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
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	// close is not retried on EINTR: Linux has released the descriptor
	// by then, and it may already name another goroutine's file.
	if err := unix.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

// readOld returns the contents of the previous output's file at path, which
// was found to hold size bytes, with one open, a read until end of file and
// a close, where os.ReadFile adds the poller's fcntl, fstat and epoll_ctl
// calls. If the file grew since, the result is longer than size, and so
// compares unequal, as os.ReadFile's would. O_NOFOLLOW keeps the read from
// following a symbolic link that replaced the regular file reuse saw.
func readOld(path string, size int64) ([]byte, error) {
	fd, err := open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	buf := make([]byte, size+1)
	n := 0
	for n < len(buf) {
		m, err := unix.Read(fd, buf[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if m <= 0 {
			break
		}
		n += m
	}
	return buf[:n], nil
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
