// Command lowerbound is the yardstick of issue 7: the least work any static
// site generator must do for a corpus of Markdown articles. It reads every
// article, converts its Markdown (front matter skipped) with goldmark on all
// cores, and writes one HTML file per article, nothing else: no templates,
// no lists, no feeds. bench/compare.sh times it beside folio and Hugo.
//
// Usage: lowerbound SRC DST, where SRC holds the .md files.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: lowerbound SRC DST")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "lowerbound:", err)
		os.Exit(1)
	}
}

func run(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	names := make(chan string)
	// The first errors are kept; the rest are dropped rather than block.
	errs := make(chan error, runtime.NumCPU())
	fail := func(err error) {
		select {
		case errs <- err:
		default:
		}
	}
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			md := goldmark.New()
			var buf bytes.Buffer
			for name := range names {
				data, err := os.ReadFile(filepath.Join(src, name))
				if err != nil {
					fail(err)
					continue
				}
				buf.Reset()
				if err := md.Convert(body(data), &buf); err != nil {
					fail(err)
					continue
				}
				out := filepath.Join(dst, strings.TrimSuffix(name, ".md")+".html")
				if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
					fail(err)
				}
			}
		}()
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") {
			names <- e.Name()
		}
	}
	close(names)
	wg.Wait()
	close(errs)
	return <-errs
}

// body returns the Markdown after a "---" front matter block.
func body(data []byte) []byte {
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return data
	}
	if i := bytes.Index(data[4:], []byte("\n---\n")); i >= 0 {
		return data[4+i+5:]
	}
	return data
}
