package content

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkifyCases are Markdown texts with and without links for linkify.
var linkifyCases = []string{
	"plain words, nothing to link.",
	"see http://example.org and https://example.org/a?b=c#d.",
	"www.example.com/path, (www.example.org) and *www.example.net*",
	"ftp://files.example.org/x ~ftp://a.b~ _http://c.d_",
	"mail me@example.org or first.last+tag@mail.example.co.uk.",
	"not an address: a@b, @handle, x@, me@example-.org_",
	"http://example.org at the head of a line\nwww.example.org too\nme@example.org",
	"hwhat fwhy wwho hhttp://x.org fftp:// wwww.x.org",
	"an address past 64 bytes: " + string(bytes.Repeat([]byte("a"), 70)) + "@example.org",
	"an address at 64 bytes: " + string(bytes.Repeat([]byte("a"), 64)) + "@example.org",
	"[a link label with http://example.org inside](https://example.com)",
	"[link](https://example.org) text, [another](http://example.org \"www\") more",
	"[unclosed](http://example.org and ](http://example.org) and ](www.example.org)",
	"hard break  \nsecond line, **bold**http://example.org and _em_www.example.org",
	"www... and www.. and ...www.example.org and \"http://example.org\"",
	"# Heading http://example.org\n\nText.\n\n[^1]: a note at me@example.org\n\nText[^1].",
	"Term\n: definition www.example.org",
	"`code http://example.org` and <http://example.org> and &#64;",
	"| a | http://example.org |\n|---|---|\n| me@example.org | www.x.y |",
	"- [ ] task www.example.org\n- [x] done ~~me@example.org~~",
	"\tindented http://x.org\n  two spaces www.y.org",
	"https://example.org/a_(b)_c). &amp; https://x.org/&lt;",
	"",
}

// checkLinkifyGate converts src as goldmark does with extension.GFM and
// as folio does (markdown.parse, with linkify behind its gate and only
// for text that may have a bare link), with folio's other extensions in
// both, and wants the same HTML.
func checkLinkifyGate(t *testing.T, want goldmark.Markdown, got *markdown, src string) {
	t.Helper()
	var w, g bytes.Buffer
	b := []byte(src)
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	ctx.Set(dirKey, linkBase{basePath: "/"})
	errW := want.Renderer().Render(&w, b, want.Parser().Parse(text.NewReader(b), parser.WithContext(ctx)))
	errG := got.md.Renderer().Render(&g, b, got.parse(b, linkBase{basePath: "/"}))
	if (errW == nil) != (errG == nil) || lineEnds(w.String()) != lineEnds(g.String()) {
		t.Errorf("%q:\nGFM:   %q (%v)\nfolio: %q (%v)", src, w.String(), errW, g.String(), errG)
	}
}

// spaceAtLineEnd is white space before a line break in HTML output.
var spaceAtLineEnd = regexp.MustCompile(`[ \t\r]+(<br>)?\n`)

// lineEnds drops the white space before line breaks from HTML output.
// Goldmark with linkify keeps a space of two or more white space
// characters at the end of a line of a paragraph, which CommonMark strips
// (and goldmark without linkify too): linkify's trigger at each space
// cuts the text there, and only the last piece of a line is trimmed. Browsers show both alike. folio's
// output is the stripped one for articles without bare links, and
// goldmark's for the others (TestLinkifyLineEnds).
func lineEnds(s string) string { return spaceAtLineEnd.ReplaceAllString(s, "$1\n") }

func TestLinkifyLineEnds(t *testing.T) {
	want, got := linkifyPair()
	for _, tt := range []struct{ src, gfm, folio string }{
		{"a \t\nb", "<p>a \nb</p>\n", "<p>a\nb</p>\n"},
		{"a    \nb", "<p>a <br>\nb</p>\n", "<p>a<br>\nb</p>\n"},
		{"a \t\nb www.example.org", "<p>a \nb <a href=\"http://www.example.org\">www.example.org</a></p>\n", ""},
	} {
		if tt.folio == "" {
			tt.folio = tt.gfm // a bare link: the same as goldmark
		}
		var w, g bytes.Buffer
		b := []byte(tt.src)
		want.Convert(b, &w)
		got.md.Renderer().Render(&g, b, got.parse(b, linkBase{basePath: "/"}))
		if w.String() != tt.gfm || g.String() != tt.folio {
			t.Errorf("%q: GFM %q, folio %q; want %q and %q", tt.src, w.String(), g.String(), tt.gfm, tt.folio)
		}
	}
}

// linkifyPair returns goldmark with extension.GFM and folio's markdown,
// both with raw HTML kept, so that the comparison sees it.
func linkifyPair() (goldmark.Markdown, *markdown) {
	return newGoldmark(true, false, []goldmark.Extender{extension.GFM}), newMarkdown(true, false)
}

func TestLinkifyGateMatchesGFM(t *testing.T) {
	want, got := linkifyPair()
	for _, src := range linkifyCases {
		checkLinkifyGate(t, want, got, src)
	}
}

func FuzzLinkifyGate(f *testing.F) {
	for _, src := range linkifyCases {
		f.Add(src)
	}
	want, got := linkifyPair()
	f.Fuzz(func(t *testing.T, src string) { checkLinkifyGate(t, want, got, src) })
}

// countingParser counts the calls that reach the parser behind the gate.
type countingParser struct {
	parser.InlineParser
	calls int
}

func (c *countingParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	c.calls++
	return c.InlineParser.Parse(parent, block, pc)
}

func TestLinkifyGateSkips(t *testing.T) {
	tests := []struct {
		src   string
		calls int
	}{
		{"only plain words here, and (some) *more* of them", 0},
		{"a link: http://example.org", 1},
		{"mail me@example.org", 1},
		{"the word hello and wow, hhttp: fftp: wwww.", 0},
		{"at the head\nwww.example.org, then http://example.org", 2},
		{"not an address: me @example.org", 0},
	}
	for _, tt := range tests {
		inner := &countingParser{InlineParser: extension.NewLinkifyParser()}
		md := goldmark.New(goldmark.WithParserOptions(parser.WithInlineParsers(util.Prioritized(linkifyGate{inner}, 999))))
		md.Parser().Parse(text.NewReader([]byte(tt.src)))
		if inner.calls != tt.calls {
			t.Errorf("%q: the linkify parser was asked %d times, want %d", tt.src, inner.calls, tt.calls)
		}
	}
}

// TestMayHaveBareLink checks the search for the marks of bare links in
// the text of documents, against the expected answer and against
// textHasBareLinkMark, which searches each text node.
func TestMayHaveBareLink(t *testing.T) {
	many := strings.Repeat("[a](https://example.org/http/www/ftp/@) ", maxBareLinkMarks)
	tests := []struct {
		src  string
		want bool
	}{
		{"plain words only", false},
		{"a [link](https://example.org/www) and ![img](http://x/ftp@y)", false},
		{"see http://example.org", true},
		{"write to me@example.org", true},
		{"visit www.example.org", true},
		{"an ftp://host file", true},
		{"*emphasised http* text", true},
		{"[link text with www](/x)", true},
		{"`code with http` span", true},
		{"<span title=\"http\">tag</span> only", false},
		{"    indented code http\n", false},
		{"wwww", true},
		{"ww*w*w", false},
		{"htt*p*", false},
		{many, false},
		{many + " and www here", true},
		{"[x]: https://example.org/www\n\n[x] ref", false},
		{"> quoted\n> - list www", true},
	}
	m := newMarkdown(false, false)
	for _, tt := range tests {
		src := []byte(tt.src)
		doc := m.plain.Parser().Parse(text.NewReader(src))
		if got := mayHaveBareLink(doc, src); got != tt.want {
			t.Errorf("mayHaveBareLink(%q) = %v, want %v", tt.src, got, tt.want)
		}
		if each := textHasBareLinkMark(doc, src); each != tt.want {
			t.Errorf("textHasBareLinkMark(%q) = %v, want %v", tt.src, each, tt.want)
		}
	}
}

// FuzzMayHaveBareLink checks that finding the marks in the source first
// answers as searching each text node does.
func FuzzMayHaveBareLink(f *testing.F) {
	for _, src := range linkifyCases {
		f.Add(src)
	}
	f.Add("wwww [www](www) `www` www@")
	m := newMarkdown(false, false)
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte(s)
		doc := m.plain.Parser().Parse(text.NewReader(src))
		if got, want := mayHaveBareLink(doc, src), textHasBareLinkMark(doc, src); got != want {
			t.Errorf("mayHaveBareLink(%q) = %v, textHasBareLinkMark %v", s, got, want)
		}
	})
}
