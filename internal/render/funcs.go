package render

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/language"

	"github.com/folio-ssg/folio/internal/feed"
	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
	"github.com/folio-ssg/folio/internal/site"
	"github.com/folio-ssg/folio/internal/slug"
)

// funcMap returns the template functions. Names follow Hugo's where Hugo
// has the same function, so templates port with few changes.
func funcMap(s *site.Site, t *Theme) template.FuncMap {
	// Every page links the stylesheet: its URL is worked out once.
	assetURLs := make(map[string]string, len(t.assets))
	for name, a := range t.assets {
		assetURLs[name] = s.RelURL(a.Name)
	}
	return template.FuncMap{
		// relURL returns the URL path of a site path, under the base path.
		"relURL": s.RelURL,
		// absURL returns the absolute URL of a site path.
		"absURL": s.AbsURL,
		// asset returns the URL of a theme file by its plain name
		// ("style.css"), which is published under a content-hashed name.
		"asset": func(name string) (string, error) {
			u, ok := assetURLs[name]
			if !ok {
				return "", fmt.Errorf("asset %q: no such file in the theme", name)
			}
			return u, nil
		},
		// dateFormat formats a time with a Go layout ("2 January 2006").
		"dateFormat": func(layout string, t time.Time) string { return t.Format(layout) },
		// isoDate formats a time as RFC 3339 (for JSON-LD, meta tags).
		"isoDate": func(t time.Time) string { return t.Format(time.RFC3339) },
		// datetime returns a whole datetime="…" attribute. html/template
		// would escape the "+" of an offset inside an attribute value as
		// &#43;; an RFC 3339 time has no character that needs escaping, so
		// the attribute is written as is.
		"datetime": func(t time.Time) template.HTMLAttr {
			return template.HTMLAttr(`datetime="` + t.Format(time.RFC3339) + `"`)
		},
		"urlize": slug.Make,
		"lower":  strings.ToLower,
		"upper":  strings.ToUpper,
		// safeHTML marks a string as trusted HTML; use only on text the
		// site's own authors wrote.
		"safeHTML": func(s string) template.HTML { return template.HTML(s) },
		"plainify": plainify,
		"default":  defaultValue,
		"first":    first,
		"where":    where,
		"dict":     dict,
		// langDir returns "rtl" for languages written right to left, else "ltr".
		"langDir": langDir,
		// jsonLD returns an article page's schema.org NewsArticle data.
		"jsonLD": func(d *Data) (template.JS, error) { return jsonLD(s, d) },
		// pageImage returns the absolute URL of an article's image, or "".
		"pageImage": func(p *site.Page) string { return pageImage(s, p) },
		// partialCached renders a partial once per build for each list of
		// variants (Hugo's partialCached). Each page kind's templates get
		// their own, bound to that kind's template set, when the theme is
		// loaded; this one only lets the shared templates parse.
		"partialCached": func(name string, context any, variants ...any) (template.HTML, error) {
			return "", fmt.Errorf("partialCached %q: not in a page template", name)
		},
		// feedLinks returns a page's feed autodiscovery links: the feeds of
		// term first (nil on pages of no term), then the site's.
		"feedLinks": feedLinks(s),
	}
}

// feedLinks returns the feedLinks template function: feed.Links, computed
// once per term (nil for the site's own feeds) rather than on every page
// that shows them, as every page shows the site's. Templates cannot change
// the slices they are given, so all pages can share one.
func feedLinks(s *site.Site) func(term *site.Term) []feed.Link {
	var links sync.Map // *site.Term → []feed.Link
	return func(term *site.Term) []feed.Link {
		if l, ok := links.Load(term); ok {
			return l.([]feed.Link)
		}
		l, _ := links.LoadOrStore(term, feed.Links(s, term))
		return l.([]feed.Link)
	}
}

// rtlScripts are the scripts written right to left.
var rtlScripts = map[string]bool{"Arab": true, "Hebr": true, "Thaa": true, "Syrc": true, "Nkoo": true, "Adlm": true, "Rohg": true}

// langDirs holds langDir's answers, at most maxLangDirs of them: a site
// has few languages, and parsing a tag costs far more than looking it up.
var (
	langDirs     sync.Map // string → string
	langDirCount atomic.Int32
)

const maxLangDirs = 256

// langDir returns the writing direction of a language tag.
func langDir(lang string) string {
	if dir, ok := langDirs.Load(lang); ok {
		return dir.(string)
	}
	dir := parseLangDir(lang)
	if langDirCount.Add(1) <= maxLangDirs {
		langDirs.Store(lang, dir)
	}
	return dir
}

// parseLangDir returns the writing direction of a language tag.
func parseLangDir(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return "ltr"
	}
	script, _ := tag.Script()
	if rtlScripts[script.String()] {
		return "rtl"
	}
	return "ltr"
}

// plainify strips HTML tags, for meta descriptions made from summaries.
func plainify(v any) string {
	var in string
	switch v := v.(type) {
	case template.HTML:
		in = string(v)
	case string:
		in = v
	default:
		in = fmt.Sprint(v)
	}
	var b strings.Builder
	inTag := false
	for _, r := range in {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(template.HTMLEscapeString(unescapeEntities(b.String()))), " ")
}

// unescapeEntities undoes the escaping goldmark applied to text, so that
// plainify's result is plain text that html/template escapes once.
func unescapeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return htmlUnescaper.Replace(s)
}

var htmlUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&#x27;", "'")

// defaultValue returns v, or def when v is empty (Hugo's default).
func defaultValue(def, v any) any {
	if v == nil {
		return def
	}
	rv := reflect.ValueOf(v)
	if rv.IsZero() {
		return def
	}
	if (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Map) && rv.Len() == 0 {
		return def
	}
	return v
}

// first returns the first n items of a slice.
func first(n int, list any) (any, error) {
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, fmt.Errorf("first: %T is not a list", list)
	}
	if n < 0 {
		return nil, fmt.Errorf("first: n must not be negative")
	}
	return rv.Slice(0, min(n, rv.Len())).Interface(), nil
}

// where returns the items of a slice whose field (or method) key equals
// value: {{ where .Site.Pages "Section" "news" }}.
func where(list any, key string, value any) (any, error) {
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("where: %T is not a list", list)
	}
	out := reflect.MakeSlice(rv.Type(), 0, rv.Len())
	for i := 0; i < rv.Len(); i++ {
		item := rv.Index(i)
		v := item
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		var f reflect.Value
		if m := item.MethodByName(key); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() >= 1 {
			f = m.Call(nil)[0]
		} else if v.Kind() == reflect.Struct {
			f = v.FieldByName(key)
		}
		if !f.IsValid() {
			return nil, fmt.Errorf("where: %s has no field %s", item.Type(), key)
		}
		if reflect.DeepEqual(f.Interface(), value) {
			out = reflect.Append(out, item)
		}
	}
	return out.Interface(), nil
}

// dict builds a map from key, value pairs, to pass several values to a
// partial: {{ template "partials/x.html" (dict "page" . "size" 3) }}.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
