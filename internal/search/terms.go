package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// StopWords are the English words left out of the index: they are in
// nearly every article, so their lists would be the largest in the index
// while telling readers nothing. The manifest carries the list, so that
// the search page drops the same words from a query.
var StopWords = []string{
	"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from",
	"had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is",
	"it", "its", "not", "of", "on", "or", "our", "she", "so", "than", "that",
	"the", "their", "them", "then", "there", "these", "they", "this", "to",
	"was", "we", "were", "what", "when", "which", "who", "will", "with",
	"would", "you", "your",
}

var stopWords = func() map[string]bool {
	m := make(map[string]bool, len(StopWords))
	for _, w := range StopWords {
		m[w] = true
	}
	return m
}()

// maxTermRunes is the longest term indexed. Longer runs of letters are
// rarely words (hashes, base64, URLs without punctuation) and nobody types
// them into a search box.
const maxTermRunes = 64

// Terms splits text into the terms the index holds, in order, duplicates
// kept: the text is put in Unicode NFKC form and lower-cased, cut at every
// character that is not a letter, digit or combining mark (so words of
// every script survive), and stop words, single Latin letters, overlong
// runs and runs of marks alone are dropped. A few spellings are folded together so that a
// reader finds a word however it was typed: Arabic yeh and kaf as their
// Persian forms, Arabic-Indic digits as ASCII ones, final sigma as sigma,
// with tatweel and zero-width (non-)joiners removed. search.js repeats
// exactly these steps on the query, so the two must change together.
func Terms(text string) []string {
	var out []string
	eachTerm(text, func(t string) { out = append(out, t) })
	return out
}

// eachTerm calls fn with each term of text, in order (see Terms). A term
// may share memory with text: fn must clone one it keeps, or it keeps the
// whole text in memory.
func eachTerm(text string, fn func(string)) {
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
			if t, ok := term(text[start:i]); ok {
				fn(t)
			}
			start = -1
		}
		i += n
	}
	if start >= 0 {
		if t, ok := term(text[start:]); ok {
			fn(t)
		}
	}
}

// isWordRune reports whether r is part of a word: a letter, a digit or a
// mark of any script, or a zero-width (non-)joiner, which Persian writes
// inside words.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || r == '\u200c' || r == '\u200d'
}

// term returns the term a word makes, if it makes one.
func term(word string) (string, bool) {
	t := fold(strings.ToLower(word))
	n := utf8.RuneCountInString(t)
	if n == 0 || n > maxTermRunes || stopWords[t] || n == 1 && t[0] >= 'a' && t[0] <= 'z' || !hasLetterOrDigit(t) {
		return "", false
	}
	return t, true
}

// hasLetterOrDigit reports whether t has more than marks and joiners, such
// as the variation selector after a footnote's ↩.
func hasLetterOrDigit(t string) bool {
	for _, r := range t {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
	}
	return false
}

// fold maps the spellings of one word onto one form (see Terms).
func fold(s string) string {
	needs := false
	for _, r := range s {
		if _, ok := foldRune(r); ok {
			needs = true
			break
		}
	}
	if !needs {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if f, ok := foldRune(r); ok {
			if f >= 0 {
				b.WriteRune(f)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldRune returns what r folds to, -1 for nothing, and whether it folds.
func foldRune(r rune) (rune, bool) {
	switch {
	case r == '\u064a': // Arabic yeh
		return '\u06cc', true // Persian yeh
	case r == '\u0643': // Arabic kaf
		return '\u06a9', true // Persian keheh
	case r == '\u03c2': // final sigma
		return '\u03c3', true
	case r == '\u0640', r == '\u200c', r == '\u200d': // tatweel, ZWNJ, ZWJ
		return -1, true
	case r >= '\u0660' && r <= '\u0669': // Arabic-Indic digits
		return '0' + r - '\u0660', true
	case r >= '\u06f0' && r <= '\u06f9': // extended Arabic-Indic digits
		return '0' + r - '\u06f0', true
	}
	return 0, false
}

// keyOf returns the first n runes of a term: the key of the shard that
// holds it when its group is split n runes deep.
func keyOf(term string, n int) string {
	for i := range term {
		if n == 0 {
			return term[:i]
		}
		n--
	}
	return term
}
