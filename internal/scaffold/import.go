package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/diag"
)

// Import converts plain-text news articles into Markdown articles in the
// folder to, one <slug>.md per article, for `folio import`. Each argument
// is a .txt file or a folder searched for .txt files. Existing files are
// never overwritten; every problem is reported, and the files that could
// be converted are written.
func Import(paths []string, to string, loc *time.Location) (written []string, err error) {
	loader := content.NewLoader(content.WithLocation(loc))
	var errs diag.List
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			errs.Add(&diag.Error{File: p, Err: errors.Unwrap(err)})
			continue
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		filepath.WalkDir(p, func(f string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(f, ".txt") {
				files = append(files, f)
			}
			return nil
		})
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			errs.Add(&diag.Error{File: f, Err: errors.Unwrap(err)})
			continue
		}
		md, err := loader.NewsToMarkdown(filepath.Base(f), data)
		if err != nil {
			var line int
			var le interface{ Line() int }
			if errors.As(err, &le) {
				line = le.Line()
			}
			errs.Add(&diag.Error{File: f, Line: line, Err: err})
			continue
		}
		a, _ := loader.Parse(filepath.Base(f), md)
		out := filepath.Join(to, a.Slug+".md")
		fh, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			errs.Add(&diag.Error{File: f, Err: fmt.Errorf("not imported: %s already exists", out)})
			continue
		}
		_, werr := fh.Write(md)
		if cerr := fh.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			errs.Add(&diag.Error{File: out, Err: werr})
			continue
		}
		written = append(written, out)
	}
	return written, errs.Err()
}
