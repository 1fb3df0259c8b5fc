package search

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// plainText returns the text of an HTML fragment, entities decoded, with
// a space between blocks (see blockScanner.each). White space is kept as
// it is (excerpt collapses it).
func plainText(fragment string) string {
	var b strings.Builder
	var sc blockScanner
	sc.each(fragment, func(block []byte) {
		b.Write(block)
		b.WriteByte(' ')
	})
	return b.String()
}

// blockScanner reads the text of HTML fragments a block at a time,
// keeping its buffer from one fragment to the next.
//
// It reads HTML as the x/net/html tokenizer does, but on the fragment in
// place, without the tokenizer's copies and allocations (a build reads
// every article through it): a port of the tokenizer's rules for text,
// tags and comments, which hands the rest of a fragment to the tokenizer
// itself at the first element whose content is not plain HTML (script,
// style, template, textarea, …) or declaration other than a comment. The
// fuzz targets check that both read every fragment alike.
type blockScanner struct {
	b []byte // the text of the current block
}

// each calls fn with the text of each block of an HTML fragment, in
// order, entities decoded: the text between two block elements' tags, so
// that "<p>a</p><p>b</p>" gives two blocks and "fo<em>o</em>" one word.
// The contents of script, style and template elements are left out, and
// blocks of white space alone are skipped. The block is only valid until
// fn returns: fn must copy what it keeps.
func (sc *blockScanner) each(fragment string, fn func(block []byte)) {
	s, n := fragment, len(fragment)
	sc.b = sc.b[:0]
	for i := 0; ; { // i is where the next token starts
		// Text runs to the first '<' that starts a tag, a comment or a
		// declaration.
		tag := -1
		for p := i; ; {
			k := strings.IndexByte(s[p:], '<')
			if k < 0 || p+k+1 >= n {
				break
			}
			p += k
			if c := s[p+1]; isASCIILetter(c) || c == '/' || c == '!' || c == '?' {
				tag = p
				break
			}
			p++
		}
		if tag < 0 {
			sc.text(s[i:])
			sc.flush(fn)
			return
		}
		sc.text(s[i:tag])

		switch c := s[tag+1]; {
		case isASCIILetter(c): // a start tag
			nameEnd, end, ok := readTag(s, tag+1)
			if !ok {
				sc.flush(fn)
				return
			}
			name, lowered := lowerName(s[tag+1 : nameEnd])
			if lowered && plainOnly(name) {
				sc.tokenize(s[tag:], fn)
				return
			}
			if lowered && block(atom.Lookup(name)) {
				sc.flush(fn)
			}
			i = end
		case c == '/': // an end tag, or a comment
			switch {
			case tag+2 >= n: // "</" at the end is text
				sc.text(s[tag:])
				sc.flush(fn)
				return
			case s[tag+2] == '>':
				i = tag + 3
			case isASCIILetter(s[tag+2]):
				nameEnd, end, ok := readTag(s, tag+2)
				if !ok {
					sc.flush(fn)
					return
				}
				if name, lowered := lowerName(s[tag+2 : nameEnd]); lowered && block(atom.Lookup(name)) {
					sc.flush(fn)
				}
				i = end
			default: // a bogus comment, to the next '>'
				k := strings.IndexByte(s[tag+2:], '>')
				if k < 0 {
					sc.flush(fn)
					return
				}
				i = tag + 2 + k + 1
			}
		case c == '?': // a bogus comment, to the next '>'
			k := strings.IndexByte(s[tag+2:], '>')
			if k < 0 {
				sc.flush(fn)
				return
			}
			i = tag + 2 + k + 1
		default: // "<!"
			if tag+3 >= n { // a bogus comment to the end
				sc.flush(fn)
				return
			}
			if s[tag+2] != '-' || s[tag+3] != '-' { // a doctype or CDATA
				sc.tokenize(s[tag:], fn)
				return
			}
			end, ok := readComment(s, tag+4)
			if !ok {
				sc.flush(fn)
				return
			}
			i = end
		}
	}
}

// text adds the text of a text token to the block: the tokenizer's Text,
// newlines normalized, then entities decoded.
func (sc *blockScanner) text(raw string) {
	start := len(sc.b)
	sc.b = append(sc.b, raw...)
	if strings.IndexByte(raw, '\r') >= 0 {
		sc.b = sc.b[:start+len(convertNewlines(sc.b[start:]))]
	}
	if strings.IndexByte(raw, '&') >= 0 {
		sc.b = append(sc.b[:start], html.UnescapeString(string(sc.b[start:]))...)
	}
}

// flush hands the block to fn, unless it is white space alone, and starts
// the next.
func (sc *blockScanner) flush(fn func([]byte)) {
	if len(bytes.TrimSpace(sc.b)) > 0 {
		fn(sc.b)
	}
	sc.b = sc.b[:0]
}

// tokenize reads the rest of a fragment, from the start of a tag, with the
// x/net/html tokenizer, which the data state of the fragment before does
// not change.
func (sc *blockScanner) tokenize(rest string, fn func([]byte)) {
	z := html.NewTokenizer(strings.NewReader(rest))
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			sc.flush(fn)
			return
		case html.TextToken:
			if skip == 0 {
				sc.b = append(sc.b, z.Text()...)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if hidden(a) {
				switch tt {
				case html.StartTagToken:
					skip++
				case html.EndTagToken:
					skip = max(0, skip-1)
				}
			}
			if block(a) {
				sc.flush(fn)
			}
		}
	}
}

// hidden reports whether the text of elements a is text a reader never
// sees as prose.
func hidden(a atom.Atom) bool {
	return a == atom.Script || a == atom.Style || a == atom.Template
}

// plainOnly reports whether the tokenizer reads the content of elements
// with the given (lower-case) name as it reads the rest of HTML. It does
// not for the elements whose content it reads as raw text (script, style,
// textarea, …), and template is hidden.
func plainOnly(name []byte) bool {
	switch string(name) {
	case "iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp", "template":
		return true
	}
	return false
}

// block reports whether elements a separate words.
func block(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote,
		atom.Br, atom.Dd, atom.Details, atom.Div, atom.Dl,
		atom.Dt, atom.Figcaption, atom.Figure, atom.Footer,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5,
		atom.H6, atom.Header, atom.Hr, atom.Img, atom.Li,
		atom.Main, atom.Nav, atom.Ol, atom.P, atom.Pre,
		atom.Section, atom.Summary, atom.Table, atom.Td,
		atom.Th, atom.Tr, atom.Ul:
		return true
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }

// maxTagName is the longest tag name that matters here ("blockquote").
const maxTagName = 10

// lowerName returns a tag name in lower case, in a buffer of its own, and
// false for a name too long to be one that matters.
func lowerName(name string) ([]byte, bool) {
	if len(name) > maxTagName {
		return nil, false
	}
	b := make([]byte, len(name), maxTagName) // on the stack
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b, true
}

// readTag reads a tag as the tokenizer does, its name starting at s[p]
// (after "<" or "</"): it returns where the name ends and where the tag
// does, after its '>', and false if the fragment ends first. Quoted
// attribute values may hold '>'.
func readTag(s string, p int) (nameEnd, end int, ok bool) {
	n := len(s)
	i := p + 1
	for ; ; i++ { // the name
		if i >= n {
			return 0, 0, false
		}
		if c := s[i]; isHTMLSpace(c) {
			nameEnd = i
			i++
			break
		} else if c == '/' || c == '>' {
			nameEnd = i
			break
		}
	}
	skipSpace := func() bool {
		for i < n && isHTMLSpace(s[i]) {
			i++
		}
		return i < n
	}
	if !skipSpace() {
		return 0, 0, false
	}
	for {
		if s[i] == '>' {
			return nameEnd, i + 1, true
		}
		// An attribute's name: a leading '=' is part of it.
		for start := i; ; {
			if i >= n {
				return 0, 0, false
			}
			c := s[i]
			i++
			if c == '=' && i == start+1 {
				continue
			}
			if c == '=' || c == '/' || c == '>' || isHTMLSpace(c) {
				i--
				break
			}
		}
		// Its value.
		if !skipSpace() {
			return 0, 0, false
		}
		switch c := s[i]; {
		case c == '/':
			i++
		case c == '=':
			i++
			if !skipSpace() {
				return 0, 0, false
			}
			switch q := s[i]; q {
			case '>':
			case '\'', '"':
				k := strings.IndexByte(s[i+1:], q)
				if k < 0 {
					return 0, 0, false
				}
				i += 1 + k + 1
			default:
				for i++; ; i++ {
					if i >= n {
						return 0, 0, false
					}
					if c := s[i]; isHTMLSpace(c) {
						i++
						break
					} else if c == '>' {
						break
					}
				}
			}
		}
		if !skipSpace() {
			return 0, 0, false
		}
	}
}

// readComment reads a comment as the tokenizer does, from s[p] after its
// "<!--": it returns where the comment ends, and false if the fragment
// ends first.
func readComment(s string, p int) (end int, ok bool) {
	dashes, beginning := 0, true
	for i := p; i < len(s); {
		c := s[i]
		i++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i, true
			}
		case '!':
			if dashes >= 2 {
				if i >= len(s) {
					return 0, false
				}
				c = s[i]
				i++
				if c == '>' {
					return i, true
				} else if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return 0, false
}

// convertNewlines converts "\r" and "\r\n" in s to "\n", in place, as the
// tokenizer does, and returns the start of s that holds the result.
func convertNewlines(s []byte) []byte {
	for i, c := range s {
		if c != '\r' {
			continue
		}
		src := i + 1
		if src >= len(s) || s[src] != '\n' {
			s[i] = '\n'
			continue
		}
		dst := i
		for src < len(s) {
			if s[src] == '\r' {
				if src+1 < len(s) && s[src+1] == '\n' {
					src++
				}
				s[dst] = '\n'
			} else {
				s[dst] = s[src]
			}
			src++
			dst++
		}
		return s[:dst]
	}
	return s
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
func cut[S ~string | ~[]byte](s S, n int) S {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
