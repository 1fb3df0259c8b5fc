package content

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"unsafe"

	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
)

// A spool keeps rendered article bodies in a temporary file instead of the
// heap. A 100,000-article archive renders about a gigabyte of HTML, and a
// build needs each body only a few times (the article's page, the search
// index, perhaps a feed), so it writes bodies as they are rendered and
// reads each back when asked: memory then grows with the number of
// articles, not with their length.
//
// The file is removed from its folder as soon as it is made, so nothing is
// left behind even if folio is killed; it is closed when no article refers
// to it any more.
type spool struct {
	f *os.File

	mu  sync.Mutex
	end int64
}

// newSpool creates a spool file in dir (the system's temporary folder if
// dir is "").
func newSpool(dir string) (*spool, error) {
	f, err := os.CreateTemp(dir, ".folio-bodies-*")
	if err != nil {
		return nil, fmt.Errorf("spool for rendered articles: %w", err)
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, fmt.Errorf("spool for rendered articles: %w", err)
	}
	s := &spool{f: f}
	runtime.AddCleanup(s, func(f *os.File) { f.Close() }, f)
	return s, nil
}

// put appends h to the spool and returns where it is.
func (s *spool) put(h string) (storedBody, error) {
	s.mu.Lock()
	off := s.end
	s.end += int64(len(h))
	s.mu.Unlock()
	// WriteAt only reads the bytes, so h's own may be passed, rather than
	// a copy of every spooled body (half the HTML of a 10,000-article
	// site: 33 MB of garbage).
	if _, err := s.f.WriteAt(unsafe.Slice(unsafe.StringData(h), len(h)), off); err != nil {
		return storedBody{}, fmt.Errorf("spool for rendered articles: %w", err)
	}
	return storedBody{spool: s, off: off, n: len(h)}, nil
}

// storedBody is a rendered article body: in memory (spool == nil) or at off in
// a spool.
type storedBody struct {
	html  template.HTML
	spool *spool
	off   int64
	n     int
}

// get returns the body's HTML, reading it back from the spool if needed.
func (b storedBody) get() (template.HTML, error) {
	if b.spool == nil {
		return b.html, nil
	}
	buf := make([]byte, b.n)
	if _, err := b.spool.f.ReadAt(buf, b.off); err != nil {
		return "", fmt.Errorf("reading a rendered article back from its spool: %w", err)
	}
	if b.n == 0 {
		return "", nil
	}
	// buf is never written again, so the string may share its bytes, as
	// strings.Builder's does, rather than copy the whole body once more.
	return template.HTML(unsafe.String(&buf[0], len(buf))), nil
}
