package content

import (
	"errors"
	"io/fs"

	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
)

// unwrapPathError drops the path from an *fs.PathError, since diag.Error
// names the file already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// safeHTML marks rendered Markdown as safe for templates. Only goldmark's
// output, which escapes text and drops raw HTML unless the site allows it,
// is ever marked this way.
func safeHTML(s string) template.HTML { return template.HTML(s) }
