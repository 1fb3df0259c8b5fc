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
// "www" rather than "www." because the typographer may take the dot.
//
// It finds where src holds those marks first, with one fast search per
// mark, and then tests each text node's place in src against them, a
// comparison or two: a news article, whose marks are a few "https" in the
// destinations of its links, takes 3.0 µs, where searching the bytes of
// every text node for each mark (textHasBareLinkMark) took 4.8.
func mayHaveBareLink(doc ast.Node, src []byte) bool {
	var room [maxBareLinkMarks]mark
	marks := room[:0]
	for _, m := range bareLinkMarks {
		// Overlapping places count: a text node may hold the second "www"
		// of "wwww" but not the first.
		for at := 0; ; at++ {
			i := bytes.Index(src[at:], m)
			if i < 0 {
				break
			}
			if len(marks) == maxBareLinkMarks {
				return textHasBareLinkMark(doc, src)
			}
			at += i
			marks = append(marks, mark{at, at + len(m)})
		}
	}
	if len(marks) == 0 {
		return false
	}
	// A text node's value is src[Start:Stop], after Padding spaces, which
	// hold no mark: it holds a mark where src does, inside those bounds.
	for n := doc.FirstChild(); n != nil; n = nextNode(doc, n) {
		t, ok := n.(*ast.Text)
		if !ok {
			continue
		}
		for _, m := range marks {
			if t.Segment.Start <= m.start && m.stop <= t.Segment.Stop {
				return true
			}
		}
	}
	return false
}

// bareLinkMarks are the marks of mayHaveBareLink.
var bareLinkMarks = [...][]byte{[]byte("@"), []byte("http"), []byte("ftp"), []byte("www")}

// maxBareLinkMarks is how many places of marks mayHaveBareLink compares
// text nodes with; a text with more is searched node by node instead.
const maxBareLinkMarks = 32

// mark is where src holds a mark: src[start:stop].
type mark struct{ start, stop int }

// nextNode returns the node after n in a depth-first walk of root, or nil
// after the last: ast.Walk, without a call through a closure per node.
func nextNode(root, n ast.Node) ast.Node {
	if c := n.FirstChild(); c != nil {
		return c
	}
	for n != root {
		if s := n.NextSibling(); s != nil {
			return s
		}
		n = n.Parent()
	}
	return nil
}

// textHasBareLinkMark is mayHaveBareLink by searching the value of each
// text node for each mark.
func textHasBareLinkMark(doc ast.Node, src []byte) bool {
	found := false
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if t, ok := n.(*ast.Text); ok {
			v := t.Segment.Value(src)
			for _, m := range bareLinkMarks {
				if bytes.Contains(v, m) {
					found = true
					return ast.WalkStop, nil
				}
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
