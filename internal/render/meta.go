package render

import (
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
	"github.com/folio-ssg/folio/internal/site"
)

// pageImage returns the absolute URL of an article's image (the image
// front matter key, as Hugo themes use it), resolving a relative path
// against the article's folder, or "" when it has none.
func pageImage(s *site.Site, p *site.Page) string {
	if p == nil {
		return ""
	}
	img, _ := p.Params["image"].(string)
	img = strings.TrimSpace(img)
	switch {
	case img == "":
		return ""
	case strings.HasPrefix(img, "https://") || strings.HasPrefix(img, "http://"):
		return img
	case strings.HasPrefix(img, "/"):
		return s.AbsURL(img)
	}
	return s.AbsURL(path.Join(path.Dir(p.Path), img))
}

// jsonLD returns schema.org NewsArticle structured data for an article
// page, for search engines. Strings are escaped as encoding/json escapes
// them, <, > and & included, so that no title can end the <script>
// element it is written into.
//
// The JSON is written by hand, keys in the order encoding/json gives the
// keys of a map: json.Marshal of a struct took 2.3 µs of every article
// page, a twentieth of its rendering, and this takes 0.9 µs
// (BenchmarkJSONLD). TestJSONLD wants the bytes that marshalling the same
// data as maps gives.
func jsonLD(s *site.Site, d *Data) (template.JS, error) {
	p := d.Page
	if p == nil {
		return "", nil
	}
	b := make([]byte, 0, 1024)
	b = append(b, `{"@context":"https://schema.org","@type":"NewsArticle"`...)
	if len(p.Categories) > 0 {
		b = appendJSONString(append(b, `,"articleSection":`...), p.Categories[0])
	}
	b = append(b, `,"author":[`...)
	thing := func(b []byte, typ, name string) []byte {
		b = append(append(append(b, `{"@type":"`...), typ...), `","name":`...)
		return append(appendJSONString(b, name), '}')
	}
	switch {
	case len(p.Authors) > 0:
		for i, name := range p.Authors {
			if i > 0 {
				b = append(b, ',')
			}
			b = thing(b, "Person", name)
		}
	case p.Source != "":
		// A news article scraped from another site was written there.
		b = thing(b, "Organization", p.Source)
	case s.Config.Author.Name != "":
		b = thing(b, "Person", s.Config.Author.Name)
	default:
		b = thing(b, "Organization", s.Config.Title)
	}
	b = append(b, ']')
	if !p.Date.IsZero() {
		// RFC 3339 dates hold nothing JSON escapes.
		b = append(p.Lastmod.AppendFormat(append(b, `,"dateModified":"`...), time.RFC3339), '"')
		b = append(p.Date.AppendFormat(append(b, `,"datePublished":"`...), time.RFC3339), '"')
	}
	if d.Description != "" {
		b = appendJSONString(append(b, `,"description":`...), d.Description)
	}
	b = appendJSONString(append(b, `,"headline":`...), p.Title)
	if img := pageImage(s, p); img != "" {
		b = append(appendJSONString(append(b, `,"image":[`...), img), ']')
	}
	b = appendJSONString(append(b, `,"inLanguage":`...), d.Lang)
	if len(p.Tags) > 0 {
		b = append(b, `,"keywords":[`...)
		for i, tag := range p.Tags {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, tag)
		}
		b = append(b, ']')
	}
	b = appendJSONString(append(b, `,"mainEntityOfPage":{"@id":`...), p.Permalink)
	b = appendJSONString(append(b, `,"@type":"WebPage"},"publisher":{"@type":"Organization","name":`...), s.Config.Title)
	b = appendJSONString(append(b, `,"url":`...), s.AbsURL(""))
	b = appendJSONString(append(b, `},"url":`...), p.Permalink)
	b = append(strconv.AppendInt(append(b, `,"wordCount":`...), int64(p.WordCount), 10), '}')
	// b is not written again: the string may share its bytes.
	return template.JS(unsafe.String(unsafe.SliceData(b), len(b))), nil
}

// appendJSONString appends s as a JSON string, escaped exactly as
// encoding/json escapes it (with HTML escaping on, its default):
// FuzzJSONString compares the two.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default: // control characters, and <, > and & for HTML
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1: // invalid UTF-8
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029': // line separators end JavaScript lines
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}
