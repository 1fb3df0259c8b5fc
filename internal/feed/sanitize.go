package feed

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// This file makes article HTML fit for feed readers, which show it outside
// the site: inside their own pages, in mail clients, in apps. Two things
// differ from the site's own pages.
//
// Safety. A site may allow raw HTML in Markdown (markdown.unsafe = true);
// that is the site's own business on its own pages, but a feed carries the
// HTML into someone else's reader, many of which do not sanitise. So the HTML
// is rebuilt from an allow-list: only the elements and attributes listed
// below survive; scripts, styles, frames and plug-ins are dropped with their
// content, every event-handler and style attribute goes, and URLs keep only
// the http, https, mailto and tel schemes.
//
// Data URLs: an <img src> may keep a data: URL whose media type is a raster
// image (PNG, GIF, JPEG, WebP, AVIF). Browsers never run script from a
// raster image, and small inline images (equations, sparklines) are part of
// some articles. SVG (data:image/svg+xml) is dropped, since an SVG document
// can carry script when a reader opens the image on its own, and so is every
// other data: URL, in every other attribute.
//
// Absolute URLs. Readers resolve relative URLs against different things (the
// feed's URL, the item's link, nothing at all; many ignore xml:base), so every
// href, src, srcset, poster and cite is made absolute against the item's
// permalink, exactly as a browser showing the article page would resolve it.

// allowedElements are the elements kept, with the attributes each may keep
// beyond globalAttrs.
var allowedElements = func() map[string]map[string]bool {
	m := map[string]map[string]bool{
		"a":          set("href", "hreflang"),
		"audio":      set("src", "controls", "loop", "muted", "preload"),
		"blockquote": set("cite"),
		"col":        set("span"),
		"colgroup":   set("span"),
		"data":       set("value"),
		"del":        set("cite", "datetime"),
		"details":    set("open"),
		"img":        set("src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"),
		"ins":        set("cite", "datetime"),
		"li":         set("value"),
		"ol":         set("start", "reversed", "type"),
		"q":          set("cite"),
		"source":     set("src", "srcset", "sizes", "type", "media"),
		"td":         set("colspan", "rowspan", "headers", "align"),
		"th":         set("colspan", "rowspan", "headers", "scope", "abbr", "align"),
		"time":       set("datetime"),
		"track":      set("src", "kind", "srclang", "label", "default"),
		"video":      set("src", "poster", "controls", "width", "height", "loop", "muted", "playsinline", "preload"),
	}
	for _, name := range strings.Fields(`abbr address article aside b bdi bdo br caption cite
		code dd dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i kbd
		mark p picture pre rp rt ruby s samp section small span strong sub summary sup table
		tbody tfoot thead tr u ul var wbr`) {
		m[name] = nil
	}
	return m
}()

// globalAttrs may appear on every allowed element. class stays for code
// highlighting; id does not, since in-page links are made absolute anyway.
var globalAttrs = set("title", "lang", "dir", "class")

// voidElements have no end tag.
var voidElements = set("br", "col", "hr", "img", "source", "track", "wbr")

// droppedWithContent are removed together with everything inside them: what
// they hold is code, styles or fallback for embedded content, not text for
// the reader. Elements that are neither here nor allowed lose their tags but
// keep their text.
var droppedWithContent = set(
	"script", "style", "iframe", "frame", "frameset", "object", "applet",
	"noscript", "noembed", "noframes", "template", "svg", "math",
	"textarea", "select", "title", "head", "xmp", "plaintext",
)

// urlAttrs hold a single URL.
var urlAttrs = set("href", "src", "poster", "cite")

// rasterDataURL matches the data: URLs an <img> may keep.
var rasterDataURL = regexp.MustCompile(`^data:image/(?:png|gif|jpeg|webp|avif)[;,]`)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// cleanHTML returns src rebuilt from the allow-list, with every URL made
// absolute against base. Its output is balanced: every element it opens it
// closes, so an article's stray end tag cannot break a reader's layout.
func cleanHTML(src string, base *url.URL) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	var open []string    // allowed elements open, innermost last
	skip, depth := "", 0 // the element being dropped with its content
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken: // io.EOF: a strings.Reader has no other error
			for i := len(open) - 1; i >= 0; i-- {
				b.WriteString("</" + open[i] + ">")
			}
			return b.String()
		case html.TextToken:
			if skip == "" {
				b.WriteString(escapeText(string(z.Text())))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			name := tok.Data
			if skip != "" {
				if name == skip {
					depth++
				}
				continue
			}
			if droppedWithContent[name] {
				// A browser ignores the slash of <script/>, and so does the
				// tokenizer: what follows is still the element's content.
				skip, depth = name, 1
				continue
			}
			if name == "input" {
				b.WriteString(checkbox(tok.Attr))
				continue
			}
			attrs, ok := allowedElements[name]
			if !ok {
				continue
			}
			b.WriteString("<" + name)
			writeAttrs(&b, name, tok.Attr, attrs, base)
			b.WriteString(">")
			if !voidElements[name] {
				open = append(open, name)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skip != "" {
				if tag == skip {
					if depth--; depth == 0 {
						skip = ""
					}
				}
				continue
			}
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == tag {
					for j := len(open) - 1; j >= i; j-- {
						b.WriteString("</" + open[j] + ">")
					}
					open = open[:i]
					break
				}
			}
		}
		// Comments and doctypes are dropped: old browsers run conditional
		// comments, and no reader needs them.
	}
}

// checkbox keeps the one input an article has a use for, the disabled
// checkbox of a Markdown task list ("- [x] done"), and drops every other.
func checkbox(attrs []html.Attribute) string {
	checked, isBox := "", false
	for _, a := range attrs {
		switch {
		case a.Key == "type":
			isBox = strings.EqualFold(strings.TrimSpace(a.Val), "checkbox")
		case a.Key == "checked":
			checked = ` checked=""`
		}
	}
	if !isBox {
		return ""
	}
	return `<input type="checkbox" disabled=""` + checked + ">"
}

// writeAttrs writes the allowed attributes of one element, the first of
// each name only (as a browser reads them), with URLs made absolute.
func writeAttrs(b *strings.Builder, elem string, attrs []html.Attribute, allowed map[string]bool, base *url.URL) {
	seen := map[string]bool{}
	for _, a := range attrs {
		if a.Namespace != "" || seen[a.Key] || !(allowed[a.Key] || globalAttrs[a.Key]) {
			continue
		}
		seen[a.Key] = true
		val := a.Val
		switch {
		case urlAttrs[a.Key]:
			var ok bool
			if val, ok = cleanURL(val, base, elem == "a" && a.Key == "href", elem == "img" && a.Key == "src"); !ok {
				continue
			}
		case a.Key == "srcset":
			if val = cleanSrcset(val, base); val == "" {
				continue
			}
		}
		b.WriteString(" " + a.Key + `="` + escapeAttr(val) + `"`)
	}
}

// cleanURL returns raw resolved against base, and whether it may be kept:
// http and https always, mailto and tel in links, raster data: images in
// <img src>. Tabs and newlines inside are removed first, as browsers do, so
// that "java\tscript:" is recognised for what it is.
func cleanURL(raw string, base *url.URL, link, image bool) (string, bool) {
	raw = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, raw)
	raw = strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	if raw == "" {
		return "", false
	}
	if image && rasterDataURL.MatchString(strings.ToLower(raw[:min(len(raw), 32)])) {
		return raw, true
	}
	ref, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	u := base.ResolveReference(ref)
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return "", false
		}
	case "mailto", "tel":
		if !link {
			return "", false
		}
	default:
		return "", false
	}
	return u.String(), true
}

// cleanSrcset resolves each candidate URL of a srcset, keeping only http and
// https ones with their descriptors ("a.png 1x, /b.png 2x").
func cleanSrcset(srcset string, base *url.URL) string {
	var out []string
	s := srcset
	for {
		s = strings.TrimLeft(s, " \t\n\r\f,")
		if s == "" {
			break
		}
		end := strings.IndexAny(s, " \t\n\r\f")
		if end < 0 {
			end = len(s)
		}
		rawURL, descr := s[:end], ""
		s = s[end:]
		if strings.HasSuffix(rawURL, ",") {
			rawURL = strings.TrimRight(rawURL, ",")
		} else {
			// The descriptors run to the next comma.
			c := strings.IndexByte(s, ',')
			if c < 0 {
				c = len(s)
			}
			descr = strings.Join(strings.Fields(s[:c]), " ")
			s = s[c:]
		}
		u, ok := cleanURL(rawURL, base, false, false)
		if !ok {
			continue
		}
		if descr != "" {
			u += " " + descr
		}
		out = append(out, u)
	}
	return strings.Join(out, ", ")
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)

// escapeText escapes text content; quotes need no escaping there, and
// leaving them keeps the feed close to the page's own HTML.
func escapeText(s string) string { return textEscaper.Replace(s) }

// escapeAttr escapes a double-quoted attribute value.
func escapeAttr(s string) string { return attrEscaper.Replace(s) }

// blockElements end a run of text: plainText puts a space after them so
// that "<p>a</p><p>b</p>" reads "a b", not "ab".
var blockElements = set("p", "div", "br", "li", "dd", "dt", "tr", "td", "th", "blockquote",
	"h1", "h2", "h3", "h4", "h5", "h6", "pre", "figcaption", "hr", "section", "article")

// plainText returns the text of an HTML fragment with its whitespace
// collapsed, for JSON Feed's plain-text summary.
func plainText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	skip := ""
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == "" {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if skip == "" && droppedWithContent[string(name)] {
				skip = string(name)
			}
			if blockElements[string(name)] {
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) == skip {
				skip = ""
			}
			if blockElements[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}

// xmlText removes what XML 1.0 forbids in a document (control characters
// other than tab and newlines, U+FFFE, U+FFFF) and turns invalid UTF-8 into
// U+FFFD, so that a stray byte in one article cannot make a whole feed
// unreadable. encoding/xml
// would replace them in text but not in CDATA, and JSON would keep them.
func xmlText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexFunc(s, func(r rune) bool { return !xmlChar(r) }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if xmlChar(r) {
			return r
		}
		return -1
	}, s)
}

// xmlChar reports whether r is a Char of the XML 1.0 grammar.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
