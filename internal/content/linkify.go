package content

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's extension.GFM (tables, strikethrough, task lists and
// bare URLs and e-mail addresses as links), with linkify behind a gate
// (see linkifyGate) that gives the same output for less work.
var gfm = []goldmark.Extender{linkify{}, extension.Table, extension.Strikethrough, extension.TaskList}

// gfmWithoutLinkify is gfm for text without bare links.
var gfmWithoutLinkify = gfm[1:]

// mayHaveBareLink reports whether linkify could find a link in the text of
// doc, parsed from src without it: whether any text node has "http",
// "ftp", "www" or an '@', with which every link linkify finds starts or
// that it holds. Linkify only looks at text that the inline parser reads
// as text: not into code, HTML or the destination of a [link](…), and not
// into link text either, though this check does, to be safe. It checks
// "www" rather than "www.", because the typographer may take the dot.
func mayHaveBareLink(doc ast.Node, src []byte) bool {
	found := false
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if t, ok := n.(*ast.Text); ok {
			v := t.Segment.Value(src)
			if bytes.IndexByte(v, '@') >= 0 || bytes.Contains(v, []byte("http")) ||
				bytes.Contains(v, []byte("ftp")) || bytes.Contains(v, []byte("www")) {
				found = true
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return found
}

// linkify adds goldmark's linkify parser behind linkifyGate, at the
// priority extension.Linkify gives it.
type linkify struct{}

func (linkify) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(linkifyGate{extension.NewLinkifyParser()}, 999),
	))
}

// The prefixes of the links linkify finds, other than e-mail addresses.
var (
	protoHTTP  = []byte("http:")
	protoHTTPS = []byte("https:")
	protoFTP   = []byte("ftp:")
	domainWWW  = []byte("www.")
)

// maxEmailLocal is the longest local part (before the '@') of an e-mail
// address that goldmark links (util.FindEmailIndex).
const maxEmailLocal = 64

// linkifyGate runs goldmark's linkify parser only where it can find a
// link. The parser is triggered by every space of every paragraph, and
// at each it tests four URL prefixes and looks for an e-mail address: a
// fifth of the time goldmark spends parsing a news article, nearly always
// to find nothing. A link starts after the trigger with "http:",
// "https:", "ftp:" or "www.", or is an address whose local part, at most
// 64 bytes without spaces, runs from there to an '@'; the gate asks the
// parser only there. Elsewhere the parser would return nil too, so the
// output is the same (FuzzLinkifyGate compares the two).
type linkifyGate struct{ parser.InlineParser }

// Parse returns what the linkify parser returns, nil without asking it
// where it cannot find a link.
func (g linkifyGate) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) > 0 {
		switch line[0] { // the trigger characters that linkify steps over
		case ' ', '*', '_', '~', '(':
			line = line[1:]
		}
	}
	if len(line) == 0 {
		return nil
	}
	switch line[0] {
	case 'h':
		if bytes.HasPrefix(line, protoHTTP) || bytes.HasPrefix(line, protoHTTPS) {
			return g.InlineParser.Parse(parent, block, pc)
		}
	case 'f':
		if bytes.HasPrefix(line, protoFTP) {
			return g.InlineParser.Parse(parent, block, pc)
		}
	case 'w':
		if bytes.HasPrefix(line, domainWWW) {
			return g.InlineParser.Parse(parent, block, pc)
		}
	}
	// An address: the local part has no space.
	at := bytes.IndexByte(line[:min(len(line), maxEmailLocal+1)], '@')
	if at <= 0 || bytes.IndexByte(line[:at], ' ') >= 0 {
		return nil
	}
	return g.InlineParser.Parse(parent, block, pc)
}
