// Command lowerbound is the yardstick of issue 7: the least work any static
// site generator must do for a corpus of Markdown articles. It reads every
// article, converts its Markdown (front matter skipped) with goldmark on all
// cores, and writes one HTML file per article, nothing else: no templates,
// no lists, no feeds. bench/compare.sh times it beside folio and Hugo.
//
// Usage: lowerbound [-folders] SRC DST, where SRC holds the .md files.
// With -folders it writes each article as DST/<name>/index.html, a folder
// per page as folio and Hugo do for pretty URLs, rather than all files in
// one folder: what that costs the file system is then measured apart.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
)

func main() {
	folders := flag.Bool("folders", false, "write DST/<name>/index.html, a folder per article")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: lowerbound [-folders] SRC DST")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), *folders); err != nil {
		fmt.Fprintln(os.Stderr, "lowerbound:", err)
		os.Exit(1)
	}
}

func run(src, dst string, folders bool) error {
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
				if folders {
					dir := filepath.Join(dst, strings.TrimSuffix(name, ".md"))
					if err := os.Mkdir(dir, 0o755); err != nil {
						fail(err)
						continue
					}
					out = filepath.Join(dir, "index.html")
				}
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
