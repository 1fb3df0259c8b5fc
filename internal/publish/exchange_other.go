//go:build !linux

package publish

// exchange swaps two paths with two renames.
func exchange(a, b string) error { return exchangeByRename(a, b) }
