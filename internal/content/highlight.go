package content

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// highlighting colours the fenced code blocks that name a language chroma
// knows, with CSS classes that the theme's stylesheet colours, and writes
// the others as goldmark does. Attributes after the language work as in
// Hugo: {linenos=table hl_lines=[2,"4-5"] linenostart=10}, and {nohl} to
// leave a block plain.
//
// It renders exactly what github.com/yuin/goldmark-highlighting renders
// with the options folio gave it until now (CSS classes, no guessing of
// languages); TestHighlightingMatchesGoldmarkHighlighting and
// FuzzHighlighting compare the two. folio does not link that package
// because it imports chroma's styles, whose initialisation parses some 70
// colour styles in every folio process, 9 ms before main runs, for
// colours that CSS classes do not use.
type highlighting struct{}

// Extend adds the code block renderer, at goldmark-highlighting's priority.
func (highlighting) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&codeRenderer{Config: html.NewConfig()}, 200),
	))
}

// codeRenderer renders fenced code blocks. It takes the HTML renderer's
// options, the text writer among them, for the blocks it leaves plain.
type codeRenderer struct{ html.Config }

// RegisterFuncs implements renderer.NodeRenderer.
func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.renderFencedCodeBlock)
}

// classStyle is the style chroma's formatter requires. With CSS classes
// nothing it writes depends on the style.
var classStyle = chroma.MustNewStyle("folio-classes", chroma.StyleEntries{})

// The attributes a fenced code block's info string may carry.
var (
	attrHighlightLines = []byte("hl_lines")
	attrNoHighlight    = []byte("nohl")
	attrLineNumbers    = []byte("linenos")
	attrLineNumbersAt  = []byte("linenostart")
	lineNumbersTable   = []byte("table")
	lineNumbersInline  = []byte("inline")
)

func (r *codeRenderer) renderFencedCodeBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	language := n.Language(source)
	options := []chromahtml.Option{chromahtml.WithClasses(true)}
	highlight := true
	var info []byte
	if n.Info != nil {
		info = n.Info.Segment.Value(source)
	}
	if attrs := codeAttributes(n, info); attrs != nil {
		options, highlight = applyCodeAttributes(options, attrs)
	}
	var lexer chroma.Lexer
	if language != nil {
		lexer = lexers.Get(string(language))
	}
	if highlight && lexer != nil {
		var code strings.Builder
		lines := n.Lines()
		for i := range lines.Len() {
			line := lines.At(i)
			code.Write(line.Value(source))
		}
		if tokens, err := chroma.Coalesce(lexer).Tokenise(nil, code.String()); err == nil {
			_ = chromahtml.New(options...).Format(w, classStyle, tokens)
			return ast.WalkContinue, nil
		}
	}
	_, _ = w.WriteString("<pre><code")
	if language != nil {
		_, _ = w.WriteString(` class="language-`)
		r.Writer.Write(w, language)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	lines := n.Lines()
	for i := range lines.Len() {
		line := lines.At(i)
		r.Writer.RawWrite(w, line.Value(source))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkContinue, nil
}

// codeAttributes returns the node holding a code block's attributes: the
// block itself when it has any, or one made from the {…} after the
// language in its info string; nil when there are none.
func codeAttributes(n *ast.FencedCodeBlock, info []byte) ast.Node {
	if n.Attributes() != nil {
		return n
	}
	if i := bytes.IndexByte(info, '{'); i > 0 {
		if attrs, ok := parser.ParseAttributes(text.NewReader(info[i:])); ok {
			holder := ast.NewTextBlock()
			for _, a := range attrs {
				holder.SetAttribute(a.Name, a.Value)
			}
			return holder
		}
	}
	return nil
}

// applyCodeAttributes adds to options the formatting that a code block's
// attributes ask for, and reports false when they ask for no colours
// (nohl). The values are read as goldmark parses them: numbers as
// float64, strings as []byte, lists as []any. hl_style, which picks a
// colour style, changes nothing with CSS classes.
func applyCodeAttributes(options []chromahtml.Option, attrs ast.Node) ([]chromahtml.Option, bool) {
	base := 1
	if v, ok := attrs.Attribute(attrLineNumbersAt); ok {
		if start, ok := v.(float64); ok {
			base = int(start)
			options = append(options, chromahtml.BaseLineNumber(base))
		}
	}
	if v, ok := attrs.Attribute(attrHighlightLines); ok {
		if lines, ok := v.([]any); ok {
			var ranges [][2]int
			for _, l := range lines {
				if n, ok := l.(float64); ok {
					ranges = append(ranges, [2]int{int(n) + base - 1, int(n) + base - 1})
				}
				if s, ok := l.([]byte); ok {
					bounds := strings.Split(string(s), "-")
					lo, err := strconv.Atoi(bounds[0])
					if err != nil {
						continue
					}
					hi := lo
					if len(bounds) > 1 {
						if hi, err = strconv.Atoi(bounds[1]); err != nil {
							continue
						}
					}
					ranges = append(ranges, [2]int{lo + base - 1, hi + base - 1})
				}
			}
			options = append(options, chromahtml.HighlightLines(ranges))
		}
	}
	_, plain := attrs.Attribute(attrNoHighlight)
	if v, ok := attrs.Attribute(attrLineNumbers); ok {
		switch v := v.(type) {
		case bool:
			options = append(options, chromahtml.WithLineNumbers(v))
		case []byte:
			if v != nil {
				options = append(options, chromahtml.WithLineNumbers(true))
			}
			if bytes.Equal(v, lineNumbersTable) {
				options = append(options, chromahtml.LineNumbersInTable(true))
			} else if bytes.Equal(v, lineNumbersInline) {
				options = append(options, chromahtml.LineNumbersInTable(false))
			}
		}
	}
	return options, !plain
}
