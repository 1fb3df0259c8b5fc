package render

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"reflect"
	"sync"

	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
)

// maxVariants is the number of variants partialCached takes after the
// context: enough for any key a theme needs, few enough for a fixed-size
// cache key that costs no allocation.
const maxVariants = 3

// partialKey identifies one cached rendering of a partial.
type partialKey struct {
	name     string
	n        int
	variants [maxVariants]any
}

// partialError carries the error of a partial that partialCached rendered,
// so that Render can report the partial's own file and line rather than
// the line that called partialCached.
type partialError struct{ err error }

func (e *partialError) Error() string { return e.err.Error() }
func (e *partialError) Unwrap() error { return e.err }

// innermostPartialError returns the error of the innermost partial that
// failed, or err when no cached partial did.
func innermostPartialError(err error) error {
	for {
		var pe *partialError
		if !errors.As(err, &pe) {
			return err
		}
		err = pe.err
	}
}

// partialShards is how many parts partialCached's cache is split into,
// each behind its own lock. With one lock for the whole cache, the render
// workers queued behind each new rendering being stored (a writer waits
// for the readers it finds, and the readers that come after wait for
// it): in two traces of a 10,000-article build they spent 0.34 and 0.51 s
// blocked there in all.
const partialShards = 64

// partialShard is one part of partialCached's cache, padded so that two
// shards' locks are not in one cache line.
type partialShard struct {
	mu    sync.RWMutex
	cache map[partialKey]template.HTML
	_     [128 - 32]byte
}

// partialBuffers holds the buffers partialCached renders into, which it
// copies out of.
var partialBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// partialCachedFunc returns the partialCached template function of one
// page kind, whose templates are set. It is Hugo's partialCached: it
// renders the named template with context once per distinct list of
// variants, and returns the same HTML for every later call. Only name and
// variants are the key, so a template must pass as variants everything
// the output depends on: the context itself when it is a page,
// {{ partialCached "partials/card.html" $p $p }}.
//
// Themes use it for the pieces that recur on many pages (a story's card on
// every list it is in, the site navigation on every page): html/template
// executes a template by reflection, and a build would otherwise spend
// most of its rendering time executing those pieces again and again with
// the same data. The cache lives as long as the theme, which is made anew
// for each build, so a build's site never meets another build's output.
func partialCachedFunc(set *template.Template) func(name string, context any, variants ...any) (template.HTML, error) {
	var shards [partialShards]partialShard
	for i := range shards {
		shards[i].cache = map[partialKey]template.HTML{}
	}
	seed := maphash.MakeSeed()
	return func(name string, context any, variants ...any) (template.HTML, error) {
		if len(variants) > maxVariants {
			return "", fmt.Errorf("partialCached %q: %d variants; at most %d are allowed", name, len(variants), maxVariants)
		}
		key := partialKey{name: name, n: len(variants)}
		for i, v := range variants {
			if v != nil && !reflect.TypeOf(v).Comparable() {
				return "", fmt.Errorf("partialCached %q: variant %d is a %T, which cannot be a cache key", name, i+1, v)
			}
			key.variants[i] = v
		}
		sh := &shards[maphash.Comparable(seed, key)%partialShards]
		sh.mu.RLock()
		out, ok := sh.cache[key]
		sh.mu.RUnlock()
		if ok {
			return out, nil
		}
		b := partialBuffers.Get().(*bytes.Buffer)
		b.Reset()
		err := set.ExecuteTemplate(b, name, context)
		// One copy of exactly the partial's length: a strings.Builder grew
		// by doubling, nine allocations for a story's card, and kept up
		// to twice its length for the rest of the build.
		out = template.HTML(b.String())
		partialBuffers.Put(b)
		if err != nil {
			return "", &partialError{err}
		}
		sh.mu.Lock()
		sh.cache[key] = out
		sh.mu.Unlock()
		return out, nil
	}
}
