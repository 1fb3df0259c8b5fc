package search

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// plainText returns the text of an HTML fragment, entities decoded, with
// a space between blocks (see eachBlock). White space is kept as it is
// (excerpt collapses it).
func plainText(fragment string) string {
	var b strings.Builder
	eachBlock(fragment, func(block string) {
		b.WriteString(block)
		b.WriteByte(' ')
	})
	return b.String()
}

// eachBlock calls fn with the text of each block of an HTML fragment, in
// order, entities decoded: the text between two block elements' tags, so
// that "<p>a</p><p>b</p>" gives two blocks and "fo<em>o</em>" one word.
// The contents of script, style and template elements are left out, and
// blocks of white space alone are skipped.
func eachBlock(fragment string, fn func(string)) {
	var b []byte
	flush := func() {
		if len(bytes.TrimSpace(b)) > 0 {
			fn(string(b))
		}
		b = b[:0]
	}
	z := html.NewTokenizer(strings.NewReader(fragment))
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return
		case html.TextToken:
			if skip == 0 {
				b = append(b, z.Text()...)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if hidden[a] {
				switch tt {
				case html.StartTagToken:
					skip++
				case html.EndTagToken:
					skip = max(0, skip-1)
				}
			}
			if block[a] {
				flush()
			}
		}
	}
}

// hidden are the elements whose text a reader never sees as prose.
var hidden = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Template: true}

// block are the elements that separate words.
var block = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Br: true, atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hr: true, atom.Img: true, atom.Li: true,
	atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Td: true,
	atom.Th: true, atom.Tr: true, atom.Ul: true,
}

// excerpt returns the start of text, white space collapsed, at most n
// runes, cut at a space, with an ellipsis when anything was cut.
func excerpt(text string, n int) string {
	// Only the start is needed: n runes are at most 4n bytes, and white
	// space to collapse rarely takes as many again.
	more := ""
	if len(text) > 8*n {
		text, more = cut(text, 8*n), "…"
	}
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text + more
	}
	cut := 0
	for i := range text {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	if sp := strings.LastIndexByte(text[:cut], ' '); sp > cut/2 {
		cut = sp
	}
	return strings.TrimRight(text[:cut], " ,;:.–—-") + "…"
}

// cut returns the longest start of s of at most n bytes that does not end
// in the middle of a character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
