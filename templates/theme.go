// Package templates holds folio's default theme: the html/template files
// and the stylesheet that every site gets unless its own templates/ folder
// overrides them, file by file. It is embedded in the binary so that folio
// builds a complete site with no templates of its own.
package templates

import "embed"

// FS holds the default theme's files.
//
//go:embed *.html *.css *.js partials/*.html
var FS embed.FS
