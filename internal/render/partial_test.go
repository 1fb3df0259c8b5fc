package render

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/diag"
	"github.com/folio-ssg/folio/internal/site"
	"github.com/folio-ssg/folio/templates"
)

// partialSite is a site of three articles rendered with the default theme
// overlaid with override.
func partialSite(t *testing.T, override fstest.MapFS) (*site.Site, *Theme) {
	t.Helper()
	date := time.Date(2021, 2, 3, 4, 5, 6, 0, time.UTC)
	var articles []*content.Article
	for i, title := range []string{"One", "Two", "Three"} {
		articles = append(articles, &content.Article{Path: title + ".md", Slug: strings.ToLower(title), Title: title,
			Date: date.AddDate(0, 0, i), Lastmod: date.AddDate(0, 0, i), Tags: []string{"go"}, ReadingTime: 1})
	}
	s, err := site.New(site.DefaultConfig(), articles, nil, site.Options{Now: date.AddDate(1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	th, err := LoadTheme(templates.FS, override, s)
	if err != nil {
		t.Fatal(err)
	}
	return s, th
}

// job returns the job that writes out.
func job(t *testing.T, s *site.Site, out string) Job {
	t.Helper()
	for _, j := range Plan(s) {
		if j.Out == out {
			return j
		}
	}
	t.Fatalf("no job writes %s", out)
	return Job{}
}

func TestPartialCached(t *testing.T) {
	s, th := partialSite(t, fstest.MapFS{
		"list.html": {Data: []byte(`{{ define "main" }}
{{- range .Paginator.Pages }}[{{ partialCached "partials/p.html" . . }}|{{ template "partials/p.html" . }}]{{ end }}
{{- partialCached "partials/n.html" 1 }}{{ partialCached "partials/n.html" 2 }}
{{- partialCached "partials/n.html" 3 "a" }}{{ partialCached "partials/n.html" 4 "b" }}{{ partialCached "partials/n.html" 5 "a" }}
{{ end }}`)},
		"partials/p.html": {Data: []byte(`<i title="{{ .Title }}">{{ .Title }} {{ "&" }} co</i>`)},
		"partials/n.html": {Data: []byte(`<b>{{ . }}</b>`)},
	})
	var b bytes.Buffer
	if err := th.Render(job(t, s, "index.html"), &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Cached or not, a partial renders the same; a cached one renders once
	// per list of variants, whatever the context.
	want := `[<i title="Three">Three &amp; co</i>|<i title="Three">Three &amp; co</i>]` +
		`[<i title="Two">Two &amp; co</i>|<i title="Two">Two &amp; co</i>]` +
		`[<i title="One">One &amp; co</i>|<i title="One">One &amp; co</i>]` +
		`<b>1</b><b>1</b><b>3</b><b>4</b><b>3</b>`
	if !strings.Contains(out, want) {
		t.Errorf("list page has no\n%s\nin\n%s", want, out)
	}
}

func TestPartialCachedErrors(t *testing.T) {
	for _, tt := range []struct {
		name, list, partial string
		file                string
		line                int
		msg                 string
	}{
		{"error in partial", `{{ define "main" }}{{ range .Paginator.Pages }}{{ partialCached "partials/p.html" . . }}{{ end }}{{ end }}`,
			"\n\n{{ .Nope }}", "templates/partials/p.html", 3, "can't evaluate field Nope"},
		{"too many variants", `{{ define "main" }}
{{ partialCached "partials/p.html" . 1 2 3 4 }}{{ end }}`, "", "templates/list.html", 2, "at most 3"},
		{"unhashable variant", `{{ define "main" }}{{ partialCached "partials/p.html" . .Paginator.Pages }}{{ end }}`,
			"", "templates/list.html", 1, "cannot be a cache key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, th := partialSite(t, fstest.MapFS{
				"list.html":       {Data: []byte(tt.list)},
				"partials/p.html": {Data: []byte(tt.partial)},
			})
			err := th.Render(job(t, s, "index.html"), new(bytes.Buffer))
			var de *diag.Error
			if !errors.As(err, &de) || de.File != tt.file || de.Line != tt.line || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %v; want %s:%d: …%s…", err, tt.file, tt.line, tt.msg)
			}
		})
	}
}
