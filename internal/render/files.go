package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"

	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
	"github.com/folio-ssg/folio/internal/site"
)

// redirectPage is written at an article's old URL (an alias): a meta
// refresh for browsers and a canonical link for search engines.
func redirectPage(s *site.Site, to *site.Page) []byte {
	var b bytes.Buffer
	u := template.HTMLEscapeString(to.Permalink)
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="%s">
<head>
<meta charset="utf-8">
<title>%s</title>
<link rel="canonical" href="%s">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=%s">
</head>
<body>
<p>This article has moved to <a href="%s">%s</a>.</p>
</body>
</html>
`, template.HTMLEscapeString(s.Config.Language), template.HTMLEscapeString(to.Title), u, u, u, template.HTMLEscapeString(to.Title))
	return b.Bytes()
}

// sitemapURL is one <url> of a sitemap (https://www.sitemaps.org/protocol.html).
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists every article, list and archive page with an absolute URL
// and, for articles, the W3C date of the last change. Its bytes depend
// only on the site, never on the build time.
func sitemap(s *site.Site) []byte {
	var urls []sitemapURL
	add := func(loc string, t time.Time) {
		u := sitemapURL{Loc: loc}
		if !t.IsZero() {
			u.LastMod = t.Format(time.RFC3339)
		}
		urls = append(urls, u)
	}
	var newest time.Time
	if len(s.Pages) > 0 {
		newest = s.Pages[0].Lastmod
		for _, p := range s.Pages[:min(len(s.Pages), s.Config.Paginate)] {
			if p.Lastmod.After(newest) {
				newest = p.Lastmod
			}
		}
	}
	add(s.AbsURL(""), newest)
	for _, p := range s.Pages {
		add(p.Permalink, p.Lastmod)
	}
	for _, t := range s.Taxonomies {
		add(t.Permalink, time.Time{})
		for _, term := range t.Terms {
			add(term.Permalink, term.Pages[0].Lastmod)
		}
	}
	if s.Config.Archives {
		add(s.Archive.Permalink, newest)
	}
	for _, y := range s.Years {
		add(y.Permalink, y.Pages[0].Lastmod)
		for _, m := range y.Months {
			add(m.Permalink, m.Pages[0].Lastmod)
		}
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	enc := xml.NewEncoder(&b)
	enc.Indent("  ", "  ")
	for _, u := range urls {
		enc.EncodeElement(u, xml.StartElement{Name: xml.Name{Local: "url"}})
	}
	enc.Flush()
	b.WriteString("\n</urlset>\n")
	return b.Bytes()
}

// robots allows every crawler and names the sitemap.
func robots(s *site.Site) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.AbsURL("sitemap.xml") + "\n")
}
