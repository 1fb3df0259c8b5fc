// Package newstext parses news articles that web scrapers saved as plain
// text, so that they can be imported into a site. It knows the layout such
// scrapers produce and nothing about folio itself: it turns bytes into a
// [Document] and leaves slugs, front matter and Markdown to its callers.
//
// # Layout
//
// An article looks like this (the dateline and the deck are optional):
//
//	kayhan.ir
//
//	News ID: 88056
//	Publish Date : 27 February 2021 - 23:08
//	Officials Warn of Plot to Revive Terrorists
//
//	Iran, Iraq Discuss Suspicious U.S. Moves
//
//	TEHRAN (Dispatches) -- Friday’s U.S. airstrikes ... said on Saturday.
//	Washington said the strikes ...
//
// Lines may end in LF, CRLF or a lone CR. A leading UTF-8 byte order mark is
// ignored, as is white space at either end of a line; a line holding only
// white space is blank. Text that is not valid UTF-8 is an error.
//
// The first non-empty line names the source site. It must be a bare host
// name such as "kayhan.ir": no scheme, no path, no spaces, at least one dot.
//
// # Headers
//
// Header lines follow the source. A line is header-shaped if it reads
// "Key: value", where Key, the text before the first colon less surrounding
// spaces, is an ASCII letter followed by at most 29 ASCII letters, digits,
// spaces, hyphens or underscores. The value may be empty; an empty value of
// a recognized key counts as absent. Blank lines may separate headers.
//
// Keys are matched without regard to case, after hyphens and underscores
// become spaces and runs of spaces collapse to one. The recognized keys are
// "News ID"; "Publish Date", "Date" and "Published"; "Language"; and
// "Author" and "By". Each may be given once, counting aliases together. Any
// other key is kept, in file order, in [Document.Params], because scrapers
// add fields of their own and losing them silently would be worse than
// carrying them along.
//
// A date is a day, month and year in one of the orders "27 February 2021",
// "February 27, 2021" or "2021-02-27", with the month named in full or in
// short ("Feb", "Sept"). A time of day may follow after a dash, a comma,
// "at" or a space: "23:08", "23:08:05" or "11:08 pm"; and after the time a
// zone: "Z", "UTC", "GMT" or an offset such as "+03:30". Without a zone the
// date is in the location given to [Parse]. Impossible dates such as 31
// February are errors rather than being moved into March. A language is a
// BCP 47 tag such as "fa" or "en-US", checked for shape only.
//
// # Headline
//
// The headers end at the first non-empty line that is not header-shaped:
// that line is the headline. A headline may contain a colon, though, and
// "Iran: Talks Resume" has the shape of a header. Nothing in such a line
// tells a headline from an unknown header, so the decision rests on what
// follows: the last header-shaped line is taken as the headline when its key
// is not recognized and the line after it cannot be a headline, because the
// file ends there, or that line opens with a dateline, or it is longer than
// any headline (200 characters). A recognized key is always a header.
//
// The one layout this rule reads wrongly is a colon headline directly
// followed by a short deck: it comes out as a parameter followed by a
// headline, which is also what an unknown header followed by a headline
// without a deck looks like.
//
// # Deck and body
//
// The first non-empty line after the headline is the deck (Subtitle) if it
// stands apart from the body. It must have no dateline, be at most 200
// characters long, and be followed by a blank line and then more text. In
// addition, one of these must hold: the next line opens with a dateline; the
// next line is directly followed by another, so that the body is written one
// paragraph per line and the candidate is the one line set apart; or the
// candidate does not end like a sentence, as decks usually don't. Otherwise
// the line is the first paragraph. Every non-empty line after the deck, or
// after the headline if there is no deck, is one paragraph of the body.
//
// # Dateline
//
// The first paragraph may open with a dateline: a place written in capital
// letters, optionally an agency in parentheses, then "--", an em dash or an
// en dash, as in "TEHRAN (Dispatches) -- Friday’s ..." or "TEHRAN — ...".
// It is moved from the paragraph into [Document.Dateline].
//
// # Typography
//
// Scrapers leave a mix of straight and curly quotes behind. The headline,
// the deck and the paragraphs have their quotes made typographic by
// [FixQuotes], and a double hyphen standing alone between spaces (or at
// either end of the text) becomes an em dash, since that is what a
// typewritten "--" stands for in running text. Header values and params are
// kept as written: they are data, not prose.
package newstext

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Document is one parsed plain-text news article.
type Document struct {
	// Source is the site the article was taken from, as written on its
	// first line, such as "kayhan.ir".
	Source string

	// SourceID is the site's own identifier for the article, from the
	// "News ID" header, or "" if there is none. It is kept as text because
	// sites are free to use identifiers that are not numbers.
	SourceID string

	// Date is the publication date. A date written without a time zone
	// offset is in the location given to Parse. Date is meaningful only if
	// HasDate is true.
	Date time.Time

	// HasDate reports whether the article gave a publication date. It is
	// separate from Date so that a date at the zero time can't be mistaken
	// for a missing one.
	HasDate bool

	// Language is the BCP 47 language tag from the "Language" header, in
	// canonical case ("fa", "en-US"), or "" if there is none.
	Language string

	// Author is the value of the "Author" or "By" header, or "".
	Author string

	// Title is the headline, with typographic quotes.
	Title string

	// Subtitle is the deck printed under the headline, with typographic
	// quotes, or "" if the article has none.
	Subtitle string

	// Dateline is the dateline that opened the first paragraph, or nil.
	Dateline *Dateline

	// Paragraphs holds the body, one element per paragraph, with
	// typographic quotes. The first paragraph no longer carries its
	// dateline. An article may have a headline and no body; Paragraphs is
	// then empty and it is up to the caller whether that is acceptable.
	Paragraphs []string

	// Params holds the headers whose keys this package does not know, in
	// the order the file gives them.
	Params []Param

	// TitleLine is the 1-based line number of the headline.
	TitleLine int

	// BodyLine is the 1-based line number of the first paragraph, or 0 if
	// the body is empty. Tools that report problems in the body can count
	// lines from it.
	BodyLine int
}

// Dateline is the place and news agency that open a news story, as in
// "TEHRAN (Dispatches) --". They are kept apart from the paragraph because
// a site usually renders them differently from the text, or not at all.
type Dateline struct {
	Place  string // as written, e.g. "TEHRAN"
	Agency string // without its parentheses, e.g. "Dispatches"; "" if absent
}

// Param is a header whose key this package does not recognize. It is kept
// so that the caller can decide what the scraper's extra fields mean.
type Param struct {
	Key   string // as written, less surrounding spaces, e.g. "Service"
	Value string // as written, less surrounding spaces; may be empty
	Line  int    // 1-based line number of the header
}

// ParseError describes why an article could not be parsed. It carries a
// line number but no file name, which the caller knows and adds.
type ParseError struct {
	Line int    // 1-based line number the problem was found at
	Msg  string // what is wrong, without the line number
}

// Error returns the message as "line N: msg".
func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

const (
	// maxKeyLen is the longest header key. Keys are short labels; the
	// limit keeps sentences that happen to contain a colon out of the
	// headers.
	maxKeyLen = 30

	// maxHeadlineLen is the length in characters past which a line is
	// taken to be a paragraph, not a headline.
	maxHeadlineLen = 200

	// maxDeckLen is the length in characters past which a line is taken
	// to be a paragraph, not a deck.
	maxDeckLen = 200
)

// Parse parses one article. Dates written without a time zone offset are
// read in loc; a nil loc means UTC. The format is described in the package
// documentation. On failure, the error is a *ParseError.
func Parse(data []byte, loc *time.Location) (*Document, error) {
	if loc == nil {
		loc = time.UTC
	}
	lines, err := splitLines(data)
	if err != nil {
		return nil, err
	}

	i := nextNonBlank(lines, 0)
	if i == len(lines) {
		return nil, &ParseError{Line: 1, Msg: `no source line: the file is empty (expected a host name such as "kayhan.ir")`}
	}
	if !isHost(lines[i]) {
		return nil, &ParseError{Line: i + 1, Msg: fmt.Sprintf("first line %q is not a source site (expected a host name such as %q)", clip(lines[i]), "kayhan.ir")}
	}
	doc := &Document{Source: lines[i]}

	// The header block: header-shaped lines, possibly with blank lines
	// between them. At the end, j indexes the first line of another shape,
	// or is len(lines).
	var hdrs []header
	j := i + 1
	for ; j < len(lines); j++ {
		if lines[j] == "" {
			continue
		}
		h, ok := parseHeader(lines[j])
		if !ok {
			break
		}
		h.line = j + 1
		hdrs = append(hdrs, h)
	}
	title := j
	if n := len(hdrs); n > 0 && hdrs[n-1].field == fieldNone && !canBeHeadline(lines, j) {
		// A headline with a colon in it; see the package documentation.
		title = hdrs[n-1].line - 1
		hdrs = hdrs[:n-1]
	}
	if err := doc.setHeaders(hdrs, loc); err != nil {
		return nil, err
	}
	if title == len(lines) {
		return nil, &ParseError{Line: lastNonBlank(lines) + 2, Msg: "no headline: the file ends after the headers"}
	}
	doc.Title = typeset(lines[title])
	doc.TitleLine = title + 1

	k := nextNonBlank(lines, title+1)
	if k < len(lines) && isDeck(lines, k) {
		doc.Subtitle = typeset(lines[k])
		k++
	}
	for ; k < len(lines); k++ {
		p := lines[k]
		if p == "" {
			continue
		}
		if doc.BodyLine == 0 {
			doc.BodyLine = k + 1
			if dl, rest, ok := cutDateline(p); ok {
				doc.Dateline, p = dl, rest
			}
		}
		doc.Paragraphs = append(doc.Paragraphs, typeset(p))
	}
	return doc, nil
}

// Sniff reports whether data looks like an article in this format: its
// first non-empty line is a bare host name such as "kayhan.ir", and the
// header lines after it include at least one recognized key. Requiring a
// known key keeps ordinary text files that merely start with a host name
// from being taken for articles. Sniff looks only at the start of data and
// does not validate the rest; Parse may still reject a file Sniff accepts.
func Sniff(data []byte) bool {
	const sniffLen = 4096
	if len(data) > sniffLen {
		data = data[:sniffLen]
	}
	data = bytes.TrimPrefix(data, bom)
	source := false
	for len(data) > 0 {
		var line []byte
		line, data = nextLine(data)
		s := strings.TrimSpace(string(line))
		switch {
		case s == "":
			continue
		case !source:
			if !isHost(s) {
				return false
			}
			source = true
		default:
			h, ok := parseHeader(s)
			if !ok {
				return false
			}
			if h.field != fieldNone {
				return true
			}
		}
	}
	return false
}

// A field is a header recognized by this package.
type field int

const (
	fieldNone field = iota
	fieldID
	fieldDate
	fieldLanguage
	fieldAuthor
)

// fields maps normalized header keys to the fields they set.
var fields = map[string]field{
	"news id":      fieldID,
	"publish date": fieldDate,
	"date":         fieldDate,
	"published":    fieldDate,
	"language":     fieldLanguage,
	"author":       fieldAuthor,
	"by":           fieldAuthor,
}

// fieldNames names the fields in error messages.
var fieldNames = [...]string{
	fieldID:       "news ID",
	fieldDate:     "publish date",
	fieldLanguage: "language",
	fieldAuthor:   "author",
}

// A header is one header-shaped line.
type header struct {
	key   string // as written, less surrounding spaces
	value string // as written, less surrounding spaces
	field field  // fieldNone if the key is not recognized
	line  int
}

// parseHeader splits a header-shaped line into its key and value, reporting
// whether the line is header-shaped at all. It does not set h.line.
func parseHeader(s string) (h header, ok bool) {
	key, value, ok := strings.Cut(s, ":")
	if !ok {
		return header{}, false
	}
	key = strings.TrimSpace(key)
	if !isHeaderKey(key) {
		return header{}, false
	}
	return header{
		key:   key,
		value: strings.TrimSpace(value),
		field: fields[normKey(key)],
	}, true
}

// isHeaderKey reports whether s is a possible header key: an ASCII letter
// and then at most maxKeyLen-1 ASCII letters, digits, spaces, hyphens or
// underscores.
func isHeaderKey(s string) bool {
	if s == "" || len(s) > maxKeyLen || !isASCIILetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isASCIILetter(c) && !('0' <= c && c <= '9') && c != ' ' && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// normKey returns key in lower case with hyphens and underscores turned into
// spaces and runs of spaces collapsed, so that "Publish Date",
// "publish_date" and "PUBLISH  DATE" compare equal.
func normKey(key string) string {
	key = strings.NewReplacer("-", " ", "_", " ").Replace(strings.ToLower(key))
	return strings.Join(strings.Fields(key), " ")
}

// setHeaders stores the headers in d, reading the values of the recognized
// ones.
func (d *Document) setHeaders(hdrs []header, loc *time.Location) error {
	var seen [len(fieldNames)]int // line each field was set on
	for _, h := range hdrs {
		if h.field == fieldNone {
			d.Params = append(d.Params, Param{Key: h.key, Value: h.value, Line: h.line})
			continue
		}
		if first := seen[h.field]; first != 0 {
			return &ParseError{Line: h.line, Msg: fmt.Sprintf("header %q repeats the %s given on line %d", h.key, fieldNames[h.field], first)}
		}
		seen[h.field] = h.line
		if h.value == "" {
			continue
		}
		switch h.field {
		case fieldID:
			d.SourceID = h.value
		case fieldDate:
			t, ok := parseDate(h.value, loc)
			if !ok {
				return &ParseError{Line: h.line, Msg: fmt.Sprintf("%s %q is not a date (expected e.g. %q)", normKey(h.key), clip(h.value), "27 February 2021 - 23:08")}
			}
			d.Date, d.HasDate = t, true
		case fieldLanguage:
			tag, ok := normLanguage(h.value)
			if !ok {
				return &ParseError{Line: h.line, Msg: fmt.Sprintf("%s %q is not a language tag (expected e.g. %q or %q)", normKey(h.key), clip(h.value), "fa", "en-US")}
			}
			d.Language = tag
		case fieldAuthor:
			d.Author = h.value
		}
	}
	return nil
}

// normLanguage checks that s looks like a BCP 47 language tag and returns
// it in the canonical case: "EN_us" becomes "en-US". It checks the shape
// only, not that the subtags are registered.
func normLanguage(s string) (string, bool) {
	subtags := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' })
	if len(subtags) == 0 || strings.Count(s, "-")+strings.Count(s, "_") != len(subtags)-1 {
		return "", false
	}
	for i, t := range subtags {
		if len(t) > 8 || i == 0 && (len(t) < 2 || len(t) > 3) {
			return "", false
		}
		letters := true
		for j := 0; j < len(t); j++ {
			c := t[j]
			if !isASCIILetter(c) {
				letters = false
				if i == 0 || c < '0' || c > '9' {
					return "", false
				}
			}
		}
		switch {
		case i > 0 && letters && len(t) == 2: // region
			t = strings.ToUpper(t)
		case i > 0 && letters && len(t) == 4: // script
			t = strings.ToUpper(t[:1]) + strings.ToLower(t[1:])
		default:
			t = strings.ToLower(t)
		}
		subtags[i] = t
	}
	return strings.Join(subtags, "-"), true
}

// isHost reports whether s is a bare host name: dot-separated labels of
// letters, digits and inner hyphens, the last one starting with a letter.
// Letters may be non-ASCII, for internationalized names.
func isHost(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' {
				return false
			}
		}
	}
	tld, _ := utf8.DecodeRuneInString(labels[len(labels)-1])
	return unicode.IsLetter(tld)
}

// canBeHeadline reports whether lines[i] may be the headline. It is false
// when there is no such line, or the line looks like the first paragraph.
func canBeHeadline(lines []string, i int) bool {
	return i < len(lines) && !hasDateline(lines[i]) && utf8.RuneCountInString(lines[i]) <= maxHeadlineLen
}

// isDeck reports whether lines[i], the first non-empty line after the
// headline, is a deck rather than the first paragraph. The rule is in the
// package documentation.
func isDeck(lines []string, i int) bool {
	s := lines[i]
	if hasDateline(s) || utf8.RuneCountInString(s) > maxDeckLen {
		return false
	}
	if i+1 == len(lines) || lines[i+1] != "" {
		return false
	}
	j := nextNonBlank(lines, i+1)
	switch {
	case j == len(lines):
		return false
	case hasDateline(lines[j]):
		return true
	case j+1 < len(lines) && lines[j+1] != "":
		return true
	}
	return !endsSentence(s)
}

// endsSentence reports whether s ends the way a sentence or paragraph does:
// in a full stop, question mark, exclamation mark, ellipsis, colon or
// semicolon, possibly followed by closing quotes and brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’»)]`)
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…:;؟", r)
}

// bom is the UTF-8 encoding of U+FEFF, which some editors put at the start
// of a file.
var bom = []byte("\uFEFF")

// splitLines splits data into lines with surrounding white space removed,
// after dropping a leading byte order mark. It accepts LF, CRLF and lone CR
// line endings, and reports the first line that is not valid UTF-8.
func splitLines(data []byte) ([]string, error) {
	data = bytes.TrimPrefix(data, bom)
	var lines []string
	for n := 1; ; n++ {
		var line []byte
		line, data = nextLine(data)
		if !utf8.Valid(line) {
			col := 0
			for col < len(line) {
				r, size := utf8.DecodeRune(line[col:])
				if r == utf8.RuneError && size <= 1 {
					break
				}
				col += size
			}
			return nil, &ParseError{Line: n, Msg: fmt.Sprintf("invalid UTF-8 (byte %#02x at column %d)", line[col], col+1)}
		}
		lines = append(lines, strings.TrimSpace(string(line)))
		if data == nil {
			return lines, nil
		}
	}
}

// nextLine returns the first line of data without its line ending, and the
// data after that ending. rest is nil, as opposed to empty, if data held no
// line ending, so that the caller can tell the last line from one followed
// by an empty last line.
func nextLine(data []byte) (line, rest []byte) {
	i := bytes.IndexAny(data, "\r\n")
	if i < 0 {
		return data, nil
	}
	line, rest = data[:i], data[i+1:]
	if data[i] == '\r' && len(rest) > 0 && rest[0] == '\n' {
		rest = rest[1:]
	}
	return line, rest
}

// nextNonBlank returns the index of the first non-empty line at or after i,
// or len(lines) if there is none.
func nextNonBlank(lines []string, i int) int {
	for i < len(lines) && lines[i] == "" {
		i++
	}
	return i
}

// lastNonBlank returns the index of the last non-empty line, or -1.
func lastNonBlank(lines []string) int {
	i := len(lines) - 1
	for i >= 0 && lines[i] == "" {
		i--
	}
	return i
}

// clip shortens s for quoting in an error message.
func clip(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
