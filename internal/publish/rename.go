package publish

import "os"

// exchangeByRename swaps a and b through a temporary name. A crash between
// the renames leaves the old output at b+".old", never lost.
func exchangeByRename(a, b string) error {
	tmp := b + ".old"
	os.RemoveAll(tmp)
	if err := os.Rename(b, tmp); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(tmp, b)
		return err
	}
	return os.Rename(tmp, a)
}
