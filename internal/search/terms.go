package search

import (
	"encoding/binary"
	"math/bits"
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

// stopEnds has, for each length and first letter of the stop words, a
// bit for each of their last letters: most words can be told from stop
// words with one look at it.
var stopEnds = func() (t [8][26]uint32) {
	for _, w := range StopWords {
		if len(w) >= len(t) || w[0] < 'a' || w[0] > 'z' || w[len(w)-1] < 'a' || w[len(w)-1] > 'z' {
			panic("search: stop word " + w + " is not a short word of a-z")
		}
		t[len(w)][w[0]-'a'] |= 1 << (w[len(w)-1] - 'a')
	}
	return t
}()

// stopWords holds StopWords for isStopWord: an open-addressed table of
// the words packed into integers (see packWord), 0 for an empty slot.
var stopWords = func() (t [128]uint64) {
	for _, w := range StopWords {
		k, ok := packWord([]byte(w))
		if !ok || len(w) == 0 {
			panic("search: stop word " + w + " longer than 8 bytes")
		}
		i := stopSlot(k)
		for t[i] != 0 {
			i = (i + 1) % uint64(len(t))
		}
		t[i] = k
	}
	return t
}()

// packWord returns the bytes of w, at most 8 of them, as an integer; no
// byte of a term is 0, so two terms pack alike only if they are equal.
func packWord(w []byte) (uint64, bool) {
	if len(w) > 8 {
		return 0, false
	}
	var k uint64
	for _, c := range w {
		k = k<<8 | uint64(c)
	}
	return k, true
}

// stopSlot returns where packed word k lives in stopWords, or starts
// looking for it.
func stopSlot(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> 57 }

// isStopWord reports whether t is one of StopWords, without the cost of
// a map (the index asks only after a look at stopEnds).
func isStopWord(t []byte) bool {
	k, ok := packWord(t)
	if !ok || k == 0 {
		return false
	}
	for i := stopSlot(k); ; i = (i + 1) % uint64(len(stopWords)) {
		switch stopWords[i] {
		case k:
			return true
		case 0:
			return false
		}
	}
}

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
	var sc termScanner
	sc.each([]byte(text), func(t []byte) { out = append(out, string(t)) })
	return out
}

// termScanner splits text into terms (see Terms). It keeps its buffers
// from one text to the next, so that the index of a large site does not
// allocate for every word.
type termScanner struct {
	ascii [maxTermRunes + 1]byte // the term of an ASCII word, and a byte to tell an overlong one
	term  []byte                 // the term of any other word
}

// asciiLower maps the ASCII bytes of words (letters and digits) to their
// lower case, and every other byte to 0.
var asciiLower = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			t[c] = byte(c)
		}
	}
	return t
}()

// each calls fn with each term of text, in order. The term is only valid
// until fn returns: fn must copy what it keeps.
func (sc *termScanner) each(text []byte, fn func(term []byte)) {
	if !isASCII(text) {
		text = norm.NFKC.Bytes(text) // text itself, unless it changes
	}
	for i := 0; i < len(text); {
		start := i
		if c := text[i]; c >= utf8.RuneSelf {
			if !startsWord(text[i:]) {
				_, n := utf8.DecodeRune(text[i:])
				i += n
				continue
			}
		} else if asciiLower[c] == 0 {
			i++
			continue
		} else {
			// An ASCII word, as most are: lower-case it as it is read, up
			// to one byte more than a term can have.
			w := text[i:min(len(text), i+len(sc.ascii))]
			n := 0
			for ; n < len(w); n++ {
				l := asciiLower[w[n]]
				if l == 0 {
					break
				}
				sc.ascii[n] = l
			}
			for i += n; i < len(text) && asciiLower[text[i]] != 0; i++ { // the rest of an overlong word
			}
			if i == len(text) || text[i] < utf8.RuneSelf || !startsWord(text[i:]) {
				if n <= maxTermRunes {
					sc.asciiTerm(sc.ascii[:n], fn)
				}
				continue
			}
		}
		// A word of other characters too, read from its start.
		i = start
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				if asciiLower[c] == 0 {
					break
				}
				i++
				continue
			}
			r, n := utf8.DecodeRune(text[i:])
			if !isWordRune(r) {
				break
			}
			i += n
		}
		sc.unicodeTerm(text[start:i], fn)
	}
}

// startsWord reports whether text starts with a character of a word.
func startsWord(text []byte) bool {
	if len(text) == 0 {
		return false
	}
	if c := text[0]; c < utf8.RuneSelf {
		return asciiLower[c] != 0
	}
	r, _ := utf8.DecodeRune(text)
	return isWordRune(r)
}

// isASCII reports whether text is all ASCII, which NFKC leaves as it is.
func isASCII(text []byte) bool {
	for ; len(text) >= 8; text = text[8:] {
		if binary.LittleEndian.Uint64(text)&0x8080808080808080 != 0 {
			return false
		}
	}
	for _, c := range text {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiTerm calls fn with the term an ASCII word makes, lower-cased, if
// it makes one: its characters are its bytes, and none of them folds.
func (sc *termScanner) asciiTerm(t []byte, fn func([]byte)) {
	switch {
	case len(t) == 1 && t[0] >= 'a': // a single letter (digits come before 'a')
		return
	case len(t) < len(stopEnds) && t[0] >= 'a' && t[len(t)-1] >= 'a' &&
		stopEnds[len(t)][t[0]-'a']&(1<<(t[len(t)-1]-'a')) != 0 && isStopWord(t):
		return
	}
	fn(t)
}

// unicodeTerm calls fn with the term any word makes, if it makes one.
func (sc *termScanner) unicodeTerm(word []byte, fn func([]byte)) {
	t := fold(strings.ToLower(string(word)))
	n := utf8.RuneCountInString(t)
	if n == 0 || n > maxTermRunes || n == 1 && t[0] >= 'a' && t[0] <= 'z' || !hasLetterOrDigit(t) {
		return
	}
	sc.term = append(sc.term[:0], t...)
	if isStopWord(sc.term) { // "a\u200dn" folds to "an"
		return
	}
	fn(sc.term)
}

// isWordRune reports whether r is part of a word: a letter, a digit or a
// mark of any script, or a zero-width (non-)joiner, which Persian writes
// inside words.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || r == '\u200c' || r == '\u200d'
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

// termSet finds the distinct terms of one article after another. It keeps
// the terms of past articles too, so that a word is copied into a string
// the first time it is seen, not once per article: an open-addressed hash
// table, cheaper than a map for the millions of short words of a large
// site, whose slots record the article that last had their term.
type termSet struct {
	slots []termSlot // a power of two of them
	used  int
	stamp uint32 // the current article
}

type termSlot struct {
	term  string // "" in an empty slot
	hash  uint32 // the top of the term's hash, to compare first
	stamp uint32 // the article that last had the term
}

const (
	// minTermSlots is the size of an empty termSet.
	minTermSlots = 1 << 10
	// maxTermSlots bounds the memory a termSet keeps from one article to
	// the next: past it, the set forgets the terms of past articles.
	maxTermSlots = 1 << 15
)

// next starts a new article: every term is new to it.
func (s *termSet) next() {
	s.stamp++
	if s.stamp == 0 || len(s.slots) > maxTermSlots {
		if len(s.slots) > maxTermSlots {
			s.slots = make([]termSlot, maxTermSlots)
		} else {
			clear(s.slots)
		}
		s.used, s.stamp = 0, 1
	}
}

// add returns t as a string, and whether the article has it for the first
// time. t must not be empty.
func (s *termSet) add(t []byte) (string, bool) {
	if s.slots == nil {
		s.slots = make([]termSlot, minTermSlots)
	}
	h := hashTerm(t)
	top := uint32(h >> 32)
	mask := len(s.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		sl := &s.slots[i]
		switch {
		case sl.term == "":
			term := string(t)
			*sl = termSlot{term: term, hash: top, stamp: s.stamp}
			if s.used++; s.used*4 > len(s.slots)*3 {
				s.grow()
			}
			return term, true
		case sl.hash == top && sl.term == string(t):
			if sl.stamp == s.stamp {
				return "", false
			}
			sl.stamp = s.stamp
			return sl.term, true
		}
	}
}

// grow doubles the table.
func (s *termSet) grow() {
	old := s.slots
	s.slots = make([]termSlot, 2*len(old))
	mask := len(s.slots) - 1
	for _, sl := range old {
		if sl.term == "" {
			continue
		}
		i := int(hashTerm(sl.term)) & mask
		for s.slots[i].term != "" {
			i = (i + 1) & mask
		}
		s.slots[i] = sl
	}
}

// hashTerm hashes a term eight bytes at a time.
func hashTerm[S ~string | ~[]byte](t S) uint64 {
	h := uint64(len(t)) * 0x9e3779b97f4a7c15
	for ; len(t) >= 8; t = t[8:] {
		k := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		h = mix(h ^ k)
	}
	var k uint64
	for i := 0; i < len(t); i++ {
		k = k<<8 | uint64(t[i])
	}
	return mix(h ^ k ^ 0xa0761d6478bd642f)
}

// mix scrambles the bits of h, as wyhash does.
func mix(h uint64) uint64 {
	hi, lo := bits.Mul64(h, 0xe7037ed1a0b428db)
	return hi ^ lo
}
