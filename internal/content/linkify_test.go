package content

import (
	"bytes"
	"slices"
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
	"`code http://example.org` and <http://example.org> and &#64;",
	"| a | http://example.org |\n|---|---|\n| me@example.org | www.x.y |",
	"- [ ] task www.example.org\n- [x] done ~~me@example.org~~",
	"\tindented http://x.org\n  two spaces www.y.org",
	"https://example.org/a_(b)_c). &amp; https://x.org/&lt;",
	"",
}

// linkifyPair returns goldmark with extension.GFM and with folio's gfm,
// each with the other extensions folio uses.
func linkifyPair() (want, got goldmark.Markdown) {
	others := []goldmark.Extender{extension.Footnote, extension.DefinitionList, extension.Typographer}
	want = goldmark.New(goldmark.WithExtensions(append([]goldmark.Extender{extension.GFM}, others...)...))
	got = goldmark.New(goldmark.WithExtensions(append(slices.Clone(gfm), others...)...))
	return want, got
}

func checkLinkifyGate(t *testing.T, want, got goldmark.Markdown, src string) {
	t.Helper()
	var w, g bytes.Buffer
	errW := want.Convert([]byte(src), &w)
	errG := got.Convert([]byte(src), &g)
	if (errW == nil) != (errG == nil) || w.String() != g.String() {
		t.Errorf("%q:\nGFM:  %q (%v)\ngate: %q (%v)", src, w.String(), errW, g.String(), errG)
	}
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
