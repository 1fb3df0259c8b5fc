package content

import (
	"bytes"
	"math/bits"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"go.abhg.dev/goldmark/anchor"

	"github.com/folio-ssg/folio/internal/slug"
)

// markdown converts article bodies. One instance serves every article of a
// build (goldmark parsers and renderers are safe for concurrent use); the
// per-document state lives in a parser.Context.
type markdown struct {
	md goldmark.Markdown
	// plain is md without linkify, for the articles whose text has no
	// bare link (see parse).
	plain goldmark.Markdown
	// unsafe is whether raw HTML is passed through, so that the rendered
	// HTML may hold elements that no node of the document accounts for.
	unsafe bool
}

// dirKey carries the article's directory under content/ and the base path
// into the link rewriter.
var dirKey = parser.NewContextKey()

type linkBase struct{ basePath, dir string }

func newMarkdown(unsafe, highlight bool) *markdown {
	return &markdown{
		md:     newGoldmark(unsafe, highlight, gfm),
		plain:  newGoldmark(unsafe, highlight, gfmWithoutLinkify),
		unsafe: unsafe,
	}
}

// newGoldmark returns the Markdown converter of articles: the given GFM
// extensions, and folio's other extensions and options.
func newGoldmark(unsafe, highlight bool, gfm []goldmark.Extender) goldmark.Markdown {
	rendererOpts := []goldmark.Option{
		goldmark.WithRendererOptions(html.WithWriter(plainTextWriter{html.NewWriter()})),
	}
	if unsafe {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	extensions := append(gfm[:len(gfm):len(gfm)],
		extension.Footnote,
		extension.DefinitionList,
		extension.NewTypographer(extension.WithTypographicSubstitutions(typography)),
		&anchor.Extender{
			// One attribute only: the extension writes them from a map,
			// whose order would differ between builds. The label that
			// screen readers announce is in the (constant) text.
			Texter:     anchor.Text(anchorText),
			Unsafe:     true,
			Attributer: anchor.Attributes{"class": "anchor"},
		},
	)
	if highlight {
		extensions = append(extensions, highlighting{})
	}
	return goldmark.New(append(rendererOpts,
		goldmark.WithExtensions(extensions...),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkRewriter{}, 500)),
		),
	)...)
}

// typography makes the typographer write characters, not entities such as
// &rsquo;, so that HTML, feeds and search snippets carry the same text.
var typography = extension.TypographicSubstitutions{
	extension.LeftSingleQuote:  []byte("‘"),
	extension.RightSingleQuote: []byte("’"),
	extension.LeftDoubleQuote:  []byte("“"),
	extension.RightDoubleQuote: []byte("”"),
	extension.EnDash:           []byte("–"),
	extension.EmDash:           []byte("—"),
	extension.Ellipsis:         []byte("…"),
	extension.LeftAngleQuote:   []byte("«"),
	extension.RightAngleQuote:  []byte("»"),
	extension.Apostrophe:       []byte("’"),
}

// anchorText is the text of the link on every heading: a "#" for the eye,
// words for screen readers.
const anchorText = `<span aria-hidden="true">#</span><span class="visually-hidden">Link to this section</span>`

// anchorOpen and anchorClose delimit the link that headings get; the
// href between them is the heading's ID, which never holds a quote.
const (
	anchorOpen  = `<a class="anchor" href="#`
	anchorClose = `">` + anchorText + `</a>`
)

// StripAnchors removes the links on headings from rendered HTML, for uses
// that are not a page of the site: feeds (readers would show the hidden
// label), the search index, word counts. It runs on every article several
// times per build, so it scans with strings.Index rather than a regexp
// (which cost a quarter of a build's CPU).
func StripAnchors(h string) string {
	i := strings.Index(h, anchorOpen)
	if i < 0 {
		return h
	}
	var b strings.Builder
	b.Grow(len(h))
	withoutAnchors(h, i, func(part string) { b.WriteString(part) })
	return b.String()
}

// withoutAnchors calls keep with each part of h that StripAnchors keeps,
// in order, given the index i of the first anchorOpen in h. Each part
// starts and ends next to an ASCII byte of h, never inside a character.
func withoutAnchors(h string, i int, keep func(part string)) {
	for i >= 0 {
		rest := h[i+len(anchorOpen):]
		q := strings.IndexByte(rest, '"')
		if q < 0 || !strings.HasPrefix(rest[q:], anchorClose) {
			// Not our link (hand-written HTML that looks like it): keep it.
			keep(h[:i+len(anchorOpen)])
			h = rest
		} else {
			start := i
			if start > 0 && h[start-1] == ' ' {
				start--
			}
			keep(h[:start])
			h = rest[q+len(anchorClose):]
		}
		i = strings.Index(h, anchorOpen)
	}
	keep(h)
}

// countWordsWithoutAnchors is countWords(StripAnchors(h)) without making
// the stripped copy of every article.
//
// The counter takes the parts of h that StripAnchors keeps one by one,
// which gives the count of their concatenation as long as no character
// spans two parts. One can only where both bytes beside a removed link
// are non-ASCII: bytes of invalid UTF-8 that join into a character once
// the link between them is gone, which no page of a site has but HTML
// written by hand might. Then it counts the stripped copy.
func countWordsWithoutAnchors(h string) int {
	i := strings.Index(h, anchorOpen)
	if i < 0 {
		return countWords(h)
	}
	var c wordCounter
	var last byte // the last byte of the parts so far
	joins := false
	withoutAnchors(h, i, func(part string) {
		if part == "" {
			return
		}
		joins = joins || last >= utf8.RuneSelf && part[0] >= utf8.RuneSelf
		last = part[len(part)-1]
		c.add(part)
	})
	if joins {
		return countWords(StripAnchors(h))
	}
	return c.words
}

// rendered is a Markdown body converted to HTML.
type rendered struct {
	content, summary string
	truncated        bool
	words            int
	headings         []Heading
}

// moreMarker separates a hand-written summary from the rest of the body.
const moreMarker = "<!--more-->"

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// htmlBuffer is a bytes.Buffer that goldmark's renderer writes to as it
// is: given any other writer, Render wraps it in a new 4 KB bufio.Writer,
// whose bytes it then copies again, for every article. Nothing in goldmark
// or its extensions reads Buffered or Available; the buffer has nothing
// to flush.
type htmlBuffer struct{ *bytes.Buffer }

func (htmlBuffer) Buffered() int { return 0 }
func (htmlBuffer) Flush() error  { return nil }

var _ util.BufWriter = htmlBuffer{}

// convert renders body. basePath is the URL path the site is published under
// ("/" or "/blog/"), dir the article's directory under content/: relative
// links and images are resolved against it, so that a picture beside an
// article shows wherever the article's permalink puts the page.
func (m *markdown) convert(body []byte, summarySrc string, basePath, dir string) (rendered, error) {
	var r rendered
	var before []byte
	if i := markerIndex(body); i >= 0 {
		before = body[:i]
		body = append(append(append([]byte{}, body[:i]...), '\n'), body[i+len(moreMarker):]...)
	}
	base := linkBase{basePath: basePath, dir: dir}
	var summary *string
	if before == nil && summarySrc == "" {
		summary = &r.summary // the first paragraph, if render can take it
	}
	doc, gotSummary, err := m.renderSummary(body, base, &r.content, summary)
	if err != nil {
		return r, err
	}
	r.words = countWordsWithoutAnchors(r.content)
	r.headings = headings(doc, body)
	switch {
	case before != nil:
		// The footnotes are defined after the fold: drop their references.
		before = footnoteRef.ReplaceAll(before, nil)
		if _, err := m.render(before, base, &r.summary); err != nil {
			return r, err
		}
		r.truncated = true
	case summarySrc != "":
		if _, err := m.render([]byte(summarySrc), base, &r.summary); err != nil {
			return r, err
		}
		r.truncated = true
	case gotSummary:
		_, count := firstTopParagraph(doc)
		r.truncated = count > 1
	default:
		r.summary, r.truncated = m.firstParagraph(doc, body)
	}
	return r, nil
}

// parse parses src. Linkify, which makes bare URLs and e-mail addresses
// links, costs goldmark work at every space of every paragraph (see
// linkifyGate), yet few articles have a bare link: most links are written
// [like this](https://…), whose URL is no text of the document. So src is
// parsed without linkify first, and again with it only if some text of
// the document could start a link (see mayHaveBareLink). When none can,
// linkify would have found nothing, and the document is the same
// (FuzzLinkifyGate compares the output with GFM's).
func (m *markdown) parse(src []byte, base linkBase) ast.Node {
	parse := func(md goldmark.Markdown) ast.Node {
		ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
		ctx.Set(dirKey, base)
		return md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	}
	doc := parse(m.plain)
	if mayHaveBareLink(doc, src) {
		doc = parse(m.md)
	}
	return doc
}

func (m *markdown) render(src []byte, base linkBase, out *string) (ast.Node, error) {
	doc, _, err := m.renderSummary(src, base, out, nil)
	return doc, err
}

// renderSummary is render that, when summary is not nil and the document's
// first top-level paragraph has no footnote reference, also sets *summary
// to that paragraph's HTML and reports true. It then renders the document
// block by block, which writes what rendering it whole does (the document
// node itself renders as nothing) and shows where the paragraph's HTML
// is, where firstParagraph renders it a second time (3% of the cost of
// converting a news article). Otherwise the caller falls back on
// firstParagraph.
func (m *markdown) renderSummary(src []byte, base linkBase, out, summary *string) (ast.Node, bool, error) {
	doc := m.parse(src, base)
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	w, r := htmlBuffer{buf}, m.md.Renderer()
	var para ast.Node
	if summary != nil {
		if para, _ = firstTopParagraph(doc); para != nil && hasFootnoteLink(para) {
			para = nil
		}
	}
	if para == nil {
		if err := r.Render(w, src, doc); err != nil {
			return nil, false, err
		}
	} else {
		for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
			start := buf.Len()
			if err := r.Render(w, src, c); err != nil {
				return nil, false, err
			}
			if c == para {
				*summary = string(buf.Bytes()[start:]) // copied out of the pooled buffer
			}
		}
	}
	*out = buf.String()
	if m.unsafe || mayScroll(doc) {
		*out = focusableScrollers(*out)
	}
	return doc, para != nil, nil
}

// mayScroll reports whether the document under n has a code block or a
// table: the only nodes that render as the elements focusableScrollers
// changes, apart from raw HTML, which is omitted unless the site allows
// it. Most articles have neither, and looking at their blocks costs less
// than searching their HTML. Inline nodes hold no blocks, so it descends
// only into blocks whose first child is a block.
func mayScroll(n ast.Node) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.Kind() {
		case ast.KindCodeBlock, ast.KindFencedCodeBlock, east.KindTable:
			return true
		}
		if fc := c.FirstChild(); fc != nil && fc.Type() == ast.TypeBlock && mayScroll(c) {
			return true
		}
	}
	return false
}

// scrollerFixes make code blocks and tables, which scroll sideways when
// wider than the text column, reachable with the keyboard (WCAG 2.1.1):
// each pair is an element as goldmark writes it and its replacement.
var scrollerFixes = [...][2]string{
	{`<pre class="chroma">`, `<pre class="chroma" tabindex="0">`},
	{"<pre><code", `<pre tabindex="0"><code`},
	{"<table>", `<div class="table-scroll" role="region" aria-label="Table" tabindex="0"><table>`},
	{"</table>", "</table></div>"},
}

// focusableScrollers applies scrollerFixes to h. It replaces one pattern
// at a time, with strings.ReplaceAll, whose search runs many times faster
// than a strings.Replacer over an article; that gives what one pass with
// all of them would, because no two patterns overlap and no replacement
// holds a pattern other than its own.
func focusableScrollers(h string) string {
	for _, f := range scrollerFixes {
		if strings.Contains(h, f[0]) {
			h = strings.ReplaceAll(h, f[0], f[1])
		}
	}
	return h
}

// firstParagraph renders the first top-level paragraph as the summary, with
// footnote references removed (their targets are not on list pages).
func (m *markdown) firstParagraph(doc ast.Node, src []byte) (string, bool) {
	para, count := firstTopParagraph(doc)
	if para == nil {
		return "", false
	}
	var refs []ast.Node
	ast.Walk(para, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == east.KindFootnoteLink {
			refs = append(refs, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range refs {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	if err := m.md.Renderer().Render(htmlBuffer{buf}, src, para); err != nil {
		return "", false
	}
	return buf.String(), count > 1 || len(refs) > 0
}

// firstTopParagraph returns the first top-level paragraph of doc, or nil,
// and the number of top-level blocks other than the footnote list.
func firstTopParagraph(doc ast.Node) (para ast.Node, count int) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == east.KindFootnoteList {
			continue
		}
		count++
		if para == nil && n.Kind() == ast.KindParagraph {
			para = n
		}
	}
	return para, count
}

// hasFootnoteLink reports whether a footnote reference is under n.
func hasFootnoteLink(n ast.Node) bool {
	found := false
	ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == east.KindFootnoteLink {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// footnoteRef matches a footnote reference such as [^1].
var footnoteRef = regexp.MustCompile(`\[\^[^\]\s]+\]`)

// headings lists the level 2 to 4 headings of doc with their IDs.
func headings(doc ast.Node, src []byte) []Heading {
	var out []Heading
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Level < 2 || h.Level > 4 {
			continue
		}
		id, _ := h.AttributeString("id")
		idb, _ := id.([]byte)
		var text bytes.Buffer
		for c := h.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Kind() == anchor.Kind {
				continue
			}
			text.Write(plainText(c, src))
		}
		out = append(out, Heading{Level: h.Level, ID: string(idb), Text: strings.TrimSpace(text.String())})
	}
	return out
}

// plainText returns the text of an inline node and its children.
func plainText(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.Bytes()
}

// markerIndex finds <!--more--> standing on a line of its own.
func markerIndex(body []byte) int {
	off := 0
	for {
		i := bytes.Index(body[off:], []byte(moreMarker))
		if i < 0 {
			return -1
		}
		i += off
		if (i == 0 || body[i-1] == '\n') && lineRestBlank(body[i+len(moreMarker):]) {
			return i
		}
		off = i + len(moreMarker)
	}
}

func lineRestBlank(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t':
		case '\n':
			return true
		default:
			return false
		}
	}
	return true
}

// wordClass sorts the bytes of rendered HTML for countWords.
var wordClass = func() (t [256]byte) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = multiByte
		case c == '<':
			t[c] = tagByte
		case c == ' ', c == '\t', c == '\n', c == '\v', c == '\f', c == '\r': // as unicode.IsSpace
			t[c] = spaceByte
		}
	}
	return t
}()

// The classes of wordClass.
const (
	wordByte  = iota // an ASCII byte of a word (any that is not below)
	spaceByte        // ASCII white space
	tagByte          // '<', which opens a tag
	multiByte        // the first or a later byte of a non-ASCII character
)

// wordBit is 1 for the bytes of class wordByte and 0 for the others.
var wordBit = func() (t [256]uint8) {
	for c := range t {
		if wordClass[c] == wordByte {
			t[c] = 1
		}
	}
	return t
}()

// countWords counts the words of rendered HTML's text, skipping tags (a
// tag ends a word). It reads every byte of every article; see
// wordCounter.add for how it does so quickly.
func countWords(h string) int {
	var c wordCounter
	c.add(h)
	return c.words
}

// wordCounter is countWords over a text given in parts: the count of
// their concatenation, given parts that split no character.
type wordCounter struct {
	words  int
	inWord bool
	inTag  bool // in a tag that an earlier part opened
}

// add counts the words of h. It reads ASCII text eight bytes at a time
// (see asciiWordBytes), up to the first tag or non-ASCII character of
// each eight, and takes those, far fewer than the other bytes, one by one.
func (c *wordCounter) add(h string) {
	i := 0
	if c.inTag {
		k := strings.IndexByte(h, '>')
		if k < 0 {
			return
		}
		i, c.inTag, c.inWord = k+1, false, false
	}
	words, prev := c.words, uint64(0)
	if c.inWord {
		prev = 1
	}
	defer func() { c.words, c.inWord = words, prev == 1 }()
	for i < len(h) {
		if i+8 <= len(h) {
			e := h[i : i+8] // one bounds check, and one load
			v := uint64(e[0]) | uint64(e[1])<<8 | uint64(e[2])<<16 | uint64(e[3])<<24 |
				uint64(e[4])<<32 | uint64(e[5])<<40 | uint64(e[6])<<48 | uint64(e[7])<<56
			other := v&highBits | bytesEqual(v, '<') // tags and non-ASCII bytes
			if other == 0 {
				word := asciiWordBytes(v)
				words += bits.OnesCount64(word &^ (word<<8 | prev<<7))
				prev = word >> 63
				i += 8
				continue
			}
			if n := bits.TrailingZeros64(other) / 8; n > 0 { // the bytes before the first
				word := asciiWordBytes(v) & (1<<(8*n) - 1)
				words += bits.OnesCount64(word &^ (word<<8 | prev<<7))
				prev = word >> (8*n - 1) & 1
				i += n
				continue
			}
		}
		switch b := h[i]; wordClass[b] {
		case tagByte:
			k := strings.IndexByte(h[i+1:], '>')
			if k < 0 {
				c.inTag = true // an unclosed tag runs to the end, or into the next part
				return
			}
			i += 2 + k
			prev = 0
		case multiByte:
			r, n := utf8.DecodeRuneInString(h[i:])
			w := uint64(1)
			if unicode.IsSpace(r) {
				w = 0
			}
			words += int(w &^ prev)
			prev = w
			i += n
		default:
			w := uint64(wordBit[b])
			words += int(w &^ prev)
			prev = w
			i++
		}
	}
}

// highBits has the high bit of each byte of a uint64 set.
const highBits = 0x8080808080808080

// bytesEqual returns the high bit of each byte of v that equals b set,
// and every other bit clear.
func bytesEqual(v uint64, b byte) uint64 {
	t := v ^ (0x0101010101010101 * uint64(b))
	// A byte of t has its high bit set after this when it is not zero; no
	// byte's sum carries into the next.
	return ^((t&^highBits + ^uint64(highBits)) | t) & highBits
}

// asciiWordBytes returns the high bit set of each byte of v that is not
// white space, as unicode.IsSpace has it, for v of ASCII bytes: the bytes
// of words, in text without tags. A word starts at each such byte after
// one that is not (word &^ (word<<8 | prev<<7), v read little-endian).
func asciiWordBytes(v uint64) uint64 {
	// White space is ' ', and '\t' to '\r' (9 to 13). A byte b below 0x80
	// plus 0x77 has its high bit set when b >= 9, plus 0x72 when b >= 14,
	// without carrying into the next byte; a byte of 0x80 or above may
	// carry, but only into later bytes, beyond those that are ASCII.
	space := bytesEqual(v, ' ') | (v+0x7777777777777777) & ^(v+0x7272727272727272) & highBits
	return ^space & highBits
}

// headingIDs generates heading IDs that keep letters of every script:
// goldmark's default drops non-ASCII letters, so a Persian heading would get
// the id "heading". Duplicates get "-1", "-2", … as in goldmark and Hugo.
type headingIDs struct{ seen map[string]bool }

func newHeadingIDs() *headingIDs { return &headingIDs{seen: map[string]bool{}} }

func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	id := slug.Make(string(value))
	if id == "" {
		id = "section"
	}
	if h.seen[id] {
		for i := 1; ; i++ {
			if c := id + "-" + strconv.Itoa(i); !h.seen[c] {
				id = c
				break
			}
		}
	}
	h.seen[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.seen[string(value)] = true }

// linkRewriter resolves relative link and image destinations against the
// article's folder under content/, where its pictures and attachments are
// copied to.
type linkRewriter struct{}

func (linkRewriter) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	base, ok := pc.Get(dirKey).(linkBase)
	if !ok {
		return
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = resolve(n.Destination, base)
		case *ast.Image:
			n.Destination = resolve(n.Destination, base)
		}
		return ast.WalkContinue, nil
	})
}

func resolve(dest []byte, base linkBase) []byte {
	s := string(dest)
	if s == "" || strings.HasPrefix(s, "#") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "?") {
		return dest
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return dest
	}
	u.Path = path.Join(base.basePath, base.dir, u.Path)
	return []byte(u.String())
}
