package content

import (
	"bytes"
	"strings"
	"testing"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting2 "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/renderer/html"
)

// highlightingCases are Markdown documents with fenced code blocks: known
// and unknown languages, none, characters to escape, empty blocks, and
// every attribute the renderer reads, well and badly formed.
var highlightingCases = []string{
	"```go\npackage main\n\nfunc main() { println(\"<&>\") }\n```\n",
	"```python\ndef f(x):\n    return x < 1 and x > 0\n```\n",
	"```\nno language <b>&amp;</b>\n```\n",
	"```nosuchlanguage\nplain & <text>\n```\n",
	"```go\n```\n",
	"~~~js\nconst a = `x${y}`;\n~~~\n",
	"```go {linenos=true}\na := 1\nb := 2\n```\n",
	"```go {linenos=table,hl_lines=[2,\"3-4\"],linenostart=10}\na\nb\nc\nd\ne\n```\n",
	"```go {linenos=inline hl_lines=[1]}\na\nb\n```\n",
	"```go {linenos=false}\na\n```\n",
	"```go {linenos=yes}\na\n```\n",
	"```go {hl_lines=[\"x-2\",\"2-y\",3]}\na\nb\nc\n```\n",
	"```go {nohl}\na <b>\n```\n",
	"```go {nohl=true}\na <b>\n```\n",
	"```go {.class #id linenos=true}\na\n```\n",
	"```go {hl_style=monokai}\nfunc f() {}\n```\n",
	"```{linenos=true}\nattributes but no language\n```\n",
	"```go {not attributes\na\n```\n",
	"```go {linenostart=\"3\"}\na\n```\n",
	"    indented code is not fenced\n",
	"```bash\necho \"$HOME\" # comment\n```\n\ntext\n\n```rust\nfn main() {}\n```\n",
}

// highlightingPair returns goldmark with goldmark-highlighting as folio
// configured it, and with folio's own renderer, both writing text through
// plainTextWriter as folio does.
func highlightingPair() (want, got goldmark.Markdown) {
	writer := goldmark.WithRendererOptions(html.WithWriter(plainTextWriter{html.NewWriter()}))
	want = goldmark.New(writer, goldmark.WithExtensions(highlighting2.NewHighlighting(
		highlighting2.WithFormatOptions(chromahtml.WithClasses(true)),
		highlighting2.WithGuessLanguage(false),
	)))
	got = goldmark.New(writer, goldmark.WithExtensions(highlighting{}))
	return want, got
}

func checkHighlighting(t *testing.T, want, got goldmark.Markdown, src string) {
	t.Helper()
	var w, g bytes.Buffer
	errW := want.Convert([]byte(src), &w)
	errG := got.Convert([]byte(src), &g)
	if (errW == nil) != (errG == nil) || w.String() != g.String() {
		t.Errorf("%q:\ngot  %q, %v\nwant %q, %v", src, g.String(), errG, w.String(), errW)
	}
}

// TestHighlightingMatchesGoldmarkHighlighting checks that folio's code
// block renderer writes what goldmark-highlighting writes.
func TestHighlightingMatchesGoldmarkHighlighting(t *testing.T) {
	want, got := highlightingPair()
	for _, src := range highlightingCases {
		checkHighlighting(t, want, got, src)
	}
	var g bytes.Buffer
	if err := got.Convert([]byte(highlightingCases[0]), &g); err != nil || !strings.Contains(g.String(), `<pre class="chroma"><code><span class="line"><span class="cl"><span class="kn">package</span>`) {
		t.Errorf("Go code is not coloured with classes: %s, %v", g.String(), err)
	}
}

// FuzzHighlighting compares folio's code block renderer with
// goldmark-highlighting on any fenced block: any info string (language
// and attributes) and any code.
func FuzzHighlighting(f *testing.F) {
	f.Add("go {linenos=table,hl_lines=[2,\"3-4\"],linenostart=10}", "a\nb <c>\n&d\n")
	f.Add("python {nohl}", "x = 1\n")
	f.Add("", "")
	want, got := highlightingPair()
	f.Fuzz(func(t *testing.T, info, code string) {
		if strings.ContainsAny(info, "`\n\r") {
			return // not an info string
		}
		checkHighlighting(t, want, got, "```"+info+"\n"+code+"\n```\n")
	})
}
