// This file is folio's, not the Go project's: see ../../README.md.

package parse

import "sync/atomic"

// Memo holds what the package executing a tree resolved a node to, such as
// the function an identifier names or the template a {{template}} action
// runs, so that a template executed for every page of a site resolves
// each name once instead of on every execution. parse itself neither sets
// nor reads it, and a copied node starts with an empty Memo.
//
// A Memo is safe for concurrent use. Every value stored in one Memo must
// have the same concrete type.
type Memo struct{ v atomic.Value }

// Load returns the value last stored, or nil.
func (m *Memo) Load() any { return m.v.Load() }

// Store replaces the value.
func (m *Memo) Store(v any) { m.v.Store(v) }
