// This file is folio's, not the Go project's: see ../README.md.

package template

import (
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/folio-ssg/folio/internal/gotemplate/texttemplate"
)

// The escapers of HTML text, attributes and URLs end nearly every action
// of a page, and most often take one string: a title, a name, a link, a
// partial's HTML. Called as func(...any) string, each such call boxes the
// string, allocates the argument slice and sniffs the argument's content
// type. The forms registered here take the string itself, for one type of
// argument each, and return what their escaper returns for that one
// argument, without copying it when nothing needs escaping.
// TestStringForms and FuzzStringForms hold them to that.
func init() {
	for _, f := range stringForms {
		template.StringForm(f.escaper, f.arg, f.form)
	}
}

var (
	stringType   = reflect.TypeFor[string]()
	htmlType     = reflect.TypeFor[HTML]()
	htmlAttrType = reflect.TypeFor[HTMLAttr]()
	jsType       = reflect.TypeFor[JS]()
)

// stringForms pairs escapers with their forms for one type of argument.
// Plain strings take most of the escapers; the typed ones are those a
// theme's partials, dates and JSON-LD hand to the escapers that pass them
// through unchanged.
var stringForms = []struct {
	name    string
	escaper func(...any) string
	arg     reflect.Type
	form    func(string) string
}{
	{"attrescaper", attrEscaper, stringType, htmlEscapePlain},
	{"htmlescaper", htmlEscaper, stringType, htmlEscapePlain},
	{"rcdataescaper", rcdataEscaper, stringType, htmlEscapePlain},
	{"nospaceescaper", htmlNospaceEscaper, stringType, htmlNospaceEscapePlain},
	{"urlfilter", urlFilter, stringType, urlFilterPlain},
	{"urlescaper", urlEscaper, stringType, urlEscapePlain},
	{"urlnormalizer", urlNormalizer, stringType, urlNormalizePlain},
	{"htmlescaper", htmlEscaper, htmlType, passThrough},
	{"htmlnamefilter", htmlNameFilter, htmlAttrType, passThrough},
	{"jsvalescaper", jsValEscaper, jsType, passThrough},
}

// passThrough is the form of an escaper that returns content of its own
// type as it is: htmlEscaper for HTML, htmlNameFilter for HTMLAttr and
// jsValEscaper for JS.
func passThrough(s string) string { return s }

// htmlEscapePlain is attrEscaper, htmlEscaper and rcdataEscaper for a
// plain string.
func htmlEscapePlain(s string) string {
	return htmlReplacer(s, htmlReplacementTable, true)
}

// htmlNospaceEscapePlain is htmlNospaceEscaper for a plain string.
func htmlNospaceEscapePlain(s string) string {
	if s == "" {
		return filterFailsafe
	}
	return htmlReplacer(s, htmlNospaceReplacementTable, false)
}

// urlFilterPlain is urlFilter for a plain string.
func urlFilterPlain(s string) string {
	if !isSafeURL(s) {
		return "#" + filterFailsafe
	}
	return s
}

// urlEscapePlain is urlEscaper for a plain string.
func urlEscapePlain(s string) string { return processURLPlain(s, false) }

// urlNormalizePlain is urlNormalizer for a plain string.
func urlNormalizePlain(s string) string { return processURLPlain(s, true) }

// processURLPlain is urlProcessor for a plain string. When
// processURLOnto would leave s as it is, as for nearly every link of a
// page, it returns s without making a builder.
func processURLPlain(s string, norm bool) string {
	if urlUnchanged(s, norm) {
		return s
	}
	var b strings.Builder
	processURLOnto(s, norm, &b)
	return b.String()
}

// urlUnchanged reports whether processURLOnto keeps every byte of s as it
// is. It asks what processURLOnto's switch asks, in the same order.
func urlUnchanged(s string, norm bool) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case norm && strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
		case c == '-' || c == '.' || c == '_' || c == '~':
		case norm && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
		default:
			return false
		}
	}
	return true
}

// htmlReplaceFrom returns where htmlReplacer must start decoding runes
// in s: the first byte that may be replaced, or len(s) if none can be.
// Every replacement table replaces ASCII runes only, and without
// badRunes htmlReplacer also replaces runes from U+FDD0, including the
// U+FFFD that an invalid byte decodes to, so there the first byte that is
// not ASCII stops the search too. Nearly every string a page escapes is
// found to need nothing here, one byte at a time, without decoding a
// rune. An ASCII byte never continues a rune, so decoding from the byte
// returned finds the runes that decoding from the start would.
func htmlReplaceFrom(s string, replacementTable []string, badRunes bool) int {
	stops := replaceStops(replacementTable, badRunes)
	if stops == nil {
		return 0
	}
	for i := 0; i < len(s); i++ {
		if stops[s[i]] {
			return i
		}
	}
	return len(s)
}

// htmlReplaceStops holds, for each of html.go's replacement tables,
// the bytes at which htmlReplaceFrom stops, without and with badRunes.
var htmlReplaceStops = func() (stops [4]struct {
	table *string
	bytes [2][256]bool
}) {
	for i, table := range [][]string{htmlReplacementTable, htmlNormReplacementTable, htmlNospaceReplacementTable, htmlNospaceNormReplacementTable} {
		stops[i].table = &table[0]
		for b, badRunes := range []bool{false, true} {
			for c := range 256 {
				stops[i].bytes[b][c] = c >= utf8.RuneSelf && !badRunes || c < len(table) && table[c] != ""
			}
		}
	}
	return stops
}()

// replaceStops returns the bytes at which htmlReplaceFrom stops for
// replacementTable, or nil for a table that is not html.go's.
func replaceStops(replacementTable []string, badRunes bool) *[256]bool {
	if len(replacementTable) == 0 {
		return nil
	}
	b := 0
	if badRunes {
		b = 1
	}
	for i := range htmlReplaceStops {
		if htmlReplaceStops[i].table == &replacementTable[0] {
			return &htmlReplaceStops[i].bytes[b]
		}
	}
	return nil
}
