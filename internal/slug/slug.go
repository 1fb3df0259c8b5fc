// Package slug turns titles and taxonomy terms into URL path segments.
//
// Slugs keep letters of every script (a Persian tag stays Persian, as in
// Hugo's urlize), fold case, and join words with single hyphens, so that
// URLs are readable in the reader's own language and stable across builds.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Make returns the slug of s: letters and digits of any script in lower
// case, every other run of characters replaced by one hyphen, no hyphen at
// either end. Apostrophes inside words are dropped rather than split
// ("Iran’s" → "irans"). Make returns "" when s has no letter or digit.
func Make(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	pendingHyphen := false
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingHyphen = false
			b.WriteRune(unicode.ToLower(r))
		case isApostrophe(r) && i > 0 && isWordAfter(s, i+utf8.RuneLen(r)):
			// Dropped: "don't" → "dont", not "don-t".
		default:
			pendingHyphen = true
		}
	}
	// Lower-casing can leave a letter and a combining mark that NFC joins
	// ("Y" + ring above → "y" + ring above → "ẙ"): normalize again, so that
	// a slug is always in NFC and Make(Make(s)) == Make(s).
	return norm.NFC.String(b.String())
}

// HasLatin reports whether s contains a Latin letter. Callers use it to pick
// a readable fallback (e.g. "news-88056") for titles in other scripts where a
// transliteration would be a mess.
func HasLatin(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

func isWordAfter(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}
