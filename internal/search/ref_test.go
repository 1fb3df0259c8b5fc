package search

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// This file keeps the first, straightforward implementation of the text
// analysis, against which the fuzz targets check the fast one.

// refTerms is Terms as first written.
func refTerms(text string) []string {
	var out []string
	text = norm.NFKC.String(text)
	start := -1
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		var word bool
		if r < utf8.RuneSelf {
			word = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		} else {
			r, n = utf8.DecodeRuneInString(text[i:])
			word = isWordRune(r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			if t, ok := refTerm(text[start:i]); ok {
				out = append(out, t)
			}
			start = -1
		}
		i += n
	}
	if start >= 0 {
		if t, ok := refTerm(text[start:]); ok {
			out = append(out, t)
		}
	}
	return out
}

func refTerm(word string) (string, bool) {
	t := fold(strings.ToLower(word))
	n := utf8.RuneCountInString(t)
	if n == 0 || n > maxTermRunes || refStopWords[t] || n == 1 && t[0] >= 'a' && t[0] <= 'z' || !hasLetterOrDigit(t) {
		return "", false
	}
	return t, true
}

var refStopWords = func() map[string]bool {
	m := make(map[string]bool, len(StopWords))
	for _, w := range StopWords {
		m[w] = true
	}
	return m
}()

// refBlocks returns the blocks eachBlock found as first written, on the
// x/net/html tokenizer alone.
func refBlocks(fragment string) []string {
	var out []string
	var b []byte
	flush := func() {
		if len(bytes.TrimSpace(b)) > 0 {
			out = append(out, string(b))
		}
		b = b[:0]
	}
	refHidden := map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Template: true}
	z := html.NewTokenizer(strings.NewReader(fragment))
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return out
		case html.TextToken:
			if skip == 0 {
				b = append(b, z.Text()...)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if refHidden[a] {
				switch tt {
				case html.StartTagToken:
					skip++
				case html.EndTagToken:
					skip = max(0, skip-1)
				}
			}
			if refBlock[a] {
				flush()
			}
		}
	}
}

var refBlock = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Br: true, atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hr: true, atom.Img: true, atom.Li: true,
	atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Td: true,
	atom.Th: true, atom.Tr: true, atom.Ul: true,
}
