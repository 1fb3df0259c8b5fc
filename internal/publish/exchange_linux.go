package publish

import "golang.org/x/sys/unix"

// exchange swaps two paths atomically with renameat2(RENAME_EXCHANGE), so
// that at no instant is there no output folder, falling back to two renames
// on file systems that do not support it.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if err == nil {
		return nil
	}
	return exchangeByRename(a, b)
}
