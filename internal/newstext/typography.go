package newstext

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// FixQuotes returns s with its straight quotes replaced by typographic ones.
// Scraped text mixes the two, often within one quotation (a straight quote
// to open, a curly one to close), and a site should show them consistently.
//
// A straight quote opens a quotation if it comes at the start of s or after
// white space, an opening bracket, a dash or an opening quote, and is not
// followed by white space or the end of s; otherwise it closes one. So a
// straight double quote becomes “ or ”, and a straight single quote becomes
// ‘ or ’. The closing single quote ’ is also the apostrophe, which is why
// "don't" becomes "don’t". An apostrophe that stands for left-out letters
// at the start of a word is not an opening quote, and becomes ’ too: before
// a digit ("the ’90s") and in "’n’", "’em", "’til", "’tis", "’twas",
// "’cause" and "’bout". Quotes that are curly already are kept, as is any
// byte that is not valid UTF-8.
func FixQuotes(s string) string {
	if !strings.ContainsAny(s, `"'`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	prev := rune(-1) // -1 stands for the start of s
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		rest := s[i+size:]
		switch r {
		case '"':
			if opensQuote(prev, rest) {
				r = '“'
			} else {
				r = '”'
			}
			b.WriteRune(r)
		case '\'':
			if opensQuote(prev, rest) && !isElision(rest) {
				r = '‘'
			} else {
				r = '’'
			}
			b.WriteRune(r)
		default:
			b.WriteString(s[i : i+size])
		}
		prev = r
		i += size
	}
	return b.String()
}

// opensQuote reports whether a quote between prev, the character before it
// (-1 at the start of the text), and rest, the text after it, opens a
// quotation.
func opensQuote(prev rune, rest string) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	if rest == "" || unicode.IsSpace(next) {
		return false
	}
	return prev < 0 || unicode.IsSpace(prev) || strings.ContainsRune("([{«‹“‘-–—", prev)
}

// elisions are the words, less their first letters, that are written with
// a leading apostrophe.
var elisions = map[string]bool{
	"n": true, "em": true, "til": true, "tis": true, "twas": true, "cause": true, "bout": true,
}

// isElision reports whether a single quote followed by rest is an
// apostrophe standing for left-out letters, as in "’90s" or "rock ’n’ roll".
func isElision(rest string) bool {
	if rest != "" && '0' <= rest[0] && rest[0] <= '9' {
		return true
	}
	n := 0
	for n < len(rest) && isASCIILetter(rest[n]) {
		n++
	}
	if n < len(rest) {
		if r, _ := utf8.DecodeRuneInString(rest[n:]); unicode.IsLetter(r) {
			return false
		}
	}
	return elisions[strings.ToLower(rest[:n])]
}

// fixDashes replaces each double hyphen that stands alone, with white space
// or the end of the text on both sides, by an em dash, which is what a
// typewritten " -- " means. Hyphen runs of other lengths, and double
// hyphens within a word, are left alone: they may be meant literally.
func fixDashes(s string) string {
	if !strings.Contains(s, "--") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] != '-' {
			b.WriteByte(s[i]) // bytes of multibyte characters are never '-'
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '-' {
			j++
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[j:])
		if j-i == 2 && (i == 0 || unicode.IsSpace(before)) && (j == len(s) || unicode.IsSpace(after)) {
			b.WriteString("—")
		} else {
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}

// typeset applies the typographic fixes that Parse makes to prose.
func typeset(s string) string {
	return FixQuotes(fixDashes(s))
}

// datelineRE matches a dateline: a place in capitals (words of at least one
// capital, the first of at least two, joined by spaces, commas or single
// hyphens, as in "WASHINGTON, D.C." or "AL-QAIM"), an optional agency in
// parentheses, and a double hyphen, em dash or en dash. Its Unicode classes
// took a millisecond of every folio process's start when it was compiled
// at initialisation; it is compiled on first use.
var datelineRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(\p{Lu}[\p{Lu}\p{M}.'’]+(?:(?: |, ?|-)\p{Lu}[\p{Lu}\p{M}.'’]*)*)\s*(?:\(([^()]*)\)\s*)?(?:--|—|–)\s*`)
})

// maxDatelinePart is the length in characters past which a place or an
// agency is taken not to be one.
const maxDatelinePart = 50

// cutDateline splits a dateline off the paragraph p, returning the dateline
// and the rest of the paragraph, and reporting whether there was a dateline
// followed by text.
func cutDateline(p string) (dl *Dateline, rest string, ok bool) {
	m := datelineRE().FindStringSubmatchIndex(p)
	if m == nil || m[1] == len(p) {
		return nil, p, false
	}
	dl = &Dateline{Place: p[m[2]:m[3]]}
	if m[4] >= 0 {
		dl.Agency = strings.TrimSpace(p[m[4]:m[5]])
		if dl.Agency == "" {
			return nil, p, false
		}
	}
	if utf8.RuneCountInString(dl.Place) > maxDatelinePart || utf8.RuneCountInString(dl.Agency) > maxDatelinePart {
		return nil, p, false
	}
	return dl, p[m[1]:], true
}

// hasDateline reports whether the paragraph p opens with a dateline.
func hasDateline(p string) bool {
	_, _, ok := cutDateline(p)
	return ok
}
