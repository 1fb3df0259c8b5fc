// Package render turns the site model into HTML pages through Go
// html/template templates.
//
// A theme is the embedded default theme overlaid, file by file, with the
// site's own templates/ folder, so a user can change one template without
// copying the rest. The base layout (baseof.html) and partials are parsed
// once and cloned per page kind, so one kind's {{define "main"}} can never
// overwrite another's.
package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/folio-ssg/folio/internal/diag"
	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
	"github.com/folio-ssg/folio/internal/site"
)

// TemplatesDir is the folder of a site's own templates.
const TemplatesDir = "templates"

// Page kinds, each rendered with the template of the same name.
const (
	KindArticle = "single"
	KindList    = "list"
	KindTerms   = "terms"
	KindArchive = "archive"
	// KindSearch is the search page, at /search/; its script reads the
	// index that internal/search writes.
	KindSearch = "search"
	Kind404    = "404"
)

var kinds = []string{KindArticle, KindList, KindTerms, KindArchive, KindSearch, Kind404}

// Theme is a parsed set of templates and the static files that go with them.
type Theme struct {
	templates map[string]*template.Template
	// files names each template file's origin for error messages.
	files map[string]string
	// assets are the theme's static files, keyed by their plain name.
	assets map[string]Asset
	// sum is a hash of every template's source.
	sum string
}

// TemplateSum returns a hash of the theme's templates, so that callers can
// tell a change to templates from a change to the stylesheet alone.
func (t *Theme) TemplateSum() string { return t.sum }

// Asset is a static theme file, published under a name that carries a hash
// of its content so browsers may cache it forever.
type Asset struct {
	Name string // e.g. "style.3f2a9c1b.css"
	Data []byte
}

// layer is one source of theme files: the site's templates/ folder or the
// embedded default theme.
type layer struct {
	fsys    fs.FS
	builtin bool
}

// name is how errors name the file p of the layer.
func (l layer) name(p string) string {
	if l.builtin {
		return TemplatesDir + "/" + p + " (built-in theme)"
	}
	return TemplatesDir + "/" + p
}

// LoadTheme parses the theme: each file is taken from the site's templates
// folder when it has one (override may be nil), else from the embedded
// default theme. s supplies URLs to the template functions.
func LoadTheme(embedded, override fs.FS, s *site.Site) (*Theme, error) {
	layers := []layer{{fsys: embedded, builtin: true}}
	if override != nil {
		layers = append(layers, layer{fsys: override})
	}

	t := &Theme{templates: map[string]*template.Template{}, files: map[string]string{}, assets: map[string]Asset{}}
	sources := map[string][]byte{}
	var errs diag.List
	for _, l := range layers { // later layers win
		err := fs.WalkDir(l.fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs.Add(diag.Errorf(l.name(p), 0, "%v", err))
				return nil
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(p, ".go") {
				return nil
			}
			data, err := fs.ReadFile(l.fsys, p)
			if err != nil {
				errs.Add(diag.Errorf(l.name(p), 0, "%v", err))
				return nil
			}
			sources[p] = data
			t.files[p] = l.name(p)
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs.Add(err)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}

	for name, data := range sources {
		if path.Ext(name) == ".html" {
			continue
		}
		t.assets[name] = Asset{Name: hashedName(name, data), Data: data}
	}

	h := sha256.New()
	for _, name := range sortedKeys(sources) {
		if path.Ext(name) == ".html" {
			fmt.Fprintf(h, "%s\x00%d\x00", name, len(sources[name]))
			h.Write(sources[name])
		}
	}
	t.sum = hex.EncodeToString(h.Sum(nil))

	funcs := funcMap(s, t)
	base := template.New("").Funcs(funcs)
	for _, name := range sortedKeys(sources) {
		if name == "baseof.html" || strings.HasPrefix(name, "partials/") && path.Ext(name) == ".html" {
			if _, err := base.New(name).Parse(string(sources[name])); err != nil {
				errs.Add(t.templateError(err, ""))
			}
		}
	}
	if _, ok := sources["baseof.html"]; !ok {
		errs.Add(diag.Errorf(TemplatesDir+"/baseof.html", 0, "missing: the theme needs a base layout"))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	for _, kind := range kinds {
		name := kind + ".html"
		src, ok := sources[name]
		if !ok {
			errs.Add(diag.Errorf(TemplatesDir+"/"+name, 0, "missing: the theme needs a %s template", kind))
			continue
		}
		tmpl, err := base.Clone()
		if err == nil {
			_, err = tmpl.New(name).Parse(string(src))
		}
		if err != nil {
			errs.Add(t.templateError(err, ""))
			continue
		}
		// Each kind renders its partials with its own templates, which its
		// template may have changed with {{ define }}, and caches them apart.
		tmpl.Funcs(template.FuncMap{"partialCached": partialCachedFunc(tmpl)})
		t.templates[kind] = tmpl
	}
	return t, errs.Err()
}

// Assets returns the theme's static files, sorted by name.
func (t *Theme) Assets() []Asset {
	out := make([]Asset, 0, len(t.assets))
	for _, a := range t.assets {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// hashedName inserts a short content hash before the extension.
func hashedName(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
}

// templateErrLine matches the "template: name:line:col:" prefix of
// html/template errors.
var templateErrLine = regexp.MustCompile(`^(?:html/)?template: ([^:]+):(\d+):(?:\d+:)? ?`)

// templateError turns a template error into one that names the template
// file (site or built-in) and line, and the article being rendered.
func (t *Theme) templateError(err error, rendering string) *diag.Error {
	msg := err.Error()
	file, line := "", 0
	if m := templateErrLine.FindStringSubmatch(msg); m != nil {
		file = t.files[m[1]]
		if file == "" {
			file = TemplatesDir + "/" + m[1]
		}
		line, _ = strconv.Atoi(m[2])
		msg = msg[len(m[0]):]
	}
	if rendering != "" {
		msg = fmt.Sprintf("rendering %s: %s", rendering, msg)
	}
	return &diag.Error{File: file, Line: line, Err: errors.New(msg)}
}
