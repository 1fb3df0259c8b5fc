package feed

import (
	"net/url"
	"testing"
)

var testBase, _ = url.Parse("https://example.org/blog/2021/02/story/")

func TestCleanHTML(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text and entities", `<p>a &lt; b &amp; "c"</p>`, `<p>a &lt; b &amp; "c"</p>`},
		{"script with content", `<p>x<script>alert("<p>")</script>y</p>`, `<p>xy</p>`},
		{"self-closing script still has content", `<p>x<script/>alert(1)</script>y</p>`, `<p>xy</p>`},
		{"style, iframe, object, embed", `<style>p{}</style><iframe src="https://e.example/">f</iframe><object data="x">o</object><embed src="x.swf"><p>ok</p>`, `<p>ok</p>`},
		{"svg with script", `<svg><script>alert(1)</script><a href="x">s</a></svg><p>ok</p>`, `<p>ok</p>`},
		{"nested dropped element", `<svg><svg>a</svg>b</svg>c`, `c`},
		{"noscript is raw text, as in a browser", `<noscript><noscript>a</noscript>b`, `b`},
		{"event handlers and style", `<img src="a.png" onerror="alert(1)" style="x" ONLOAD="y" alt="a">`, `<img src="https://example.org/blog/2021/02/story/a.png" alt="a">`},
		{"unknown element keeps text", `<form action="/x"><button onclick="y">Go</button></form>`, `Go`},
		{"comments dropped", `a<!--[if IE]><script>x</script><![endif]-->b`, `ab`},
		{"javascript link", `<a href="javascript:alert(1)">x</a>`, `<a>x</a>`},
		{"obfuscated javascript", `<a href=" JaVa&#x09;Scr&#10;ipt&colon;alert(1)">x</a>`, `<a>x</a>`},
		{"vbscript", `<a href="vbscript:msgbox">x</a>`, `<a>x</a>`},
		{"data link", `<a href="data:text/html,<script>x</script>">x</a>`, `<a>x</a>`},
		{"data svg image", `<img src="data:image/svg+xml;base64,PHN2Zz4=">`, `<img>`},
		{"data png image kept", `<img src="data:image/png;base64,iVBORw0KGgo=">`, `<img src="data:image/png;base64,iVBORw0KGgo=">`},
		{"data png not in a link", `<a href="data:image/png;base64,iVBORw0KGgo=">x</a>`, `<a>x</a>`},
		{"root-relative", `<a href="/about/">x</a>`, `<a href="https://example.org/about/">x</a>`},
		{"relative", `<img src="pic.jpg">`, `<img src="https://example.org/blog/2021/02/story/pic.jpg">`},
		{"dot-dot", `<a href="../../../other/">x</a>`, `<a href="https://example.org/blog/other/">x</a>`},
		{"fragment", `<a href="#fn:1">1</a>`, `<a href="https://example.org/blog/2021/02/story/#fn:1">1</a>`},
		{"query", `<a href="?page=2">x</a>`, `<a href="https://example.org/blog/2021/02/story/?page=2">x</a>`},
		{"protocol-relative", `<img src="//cdn.example/a.png">`, `<img src="https://cdn.example/a.png">`},
		{"absolute kept", `<a href="http://other.example/x?a=1&amp;b=2">x</a>`, `<a href="http://other.example/x?a=1&amp;b=2">x</a>`},
		{"mailto and tel", `<a href="mailto:a@example.org">m</a><a href="tel:+98-21-1234">t</a>`, `<a href="mailto:a@example.org">m</a><a href="tel:+98-21-1234">t</a>`},
		{"mailto not an image", `<img src="mailto:a@example.org">`, `<img>`},
		{"non-ASCII path escaped", `<img src="/عکس.png">`, `<img src="https://example.org/%D8%B9%DA%A9%D8%B3.png">`},
		{"srcset", `<img srcset="a.jpg 1x, /b.jpg 2x, javascript:x 3x">`, `<img srcset="https://example.org/blog/2021/02/story/a.jpg 1x, https://example.org/b.jpg 2x">`},
		{"srcset without descriptors", `<source srcset="a.webp, b.webp">`, `<source srcset="https://example.org/blog/2021/02/story/a.webp, https://example.org/blog/2021/02/story/b.webp">`},
		{"video poster and cite", `<video poster="p.jpg" src="v.mp4" autoplay controls></video><blockquote cite="/src/">q</blockquote>`,
			`<video poster="https://example.org/blog/2021/02/story/p.jpg" src="https://example.org/blog/2021/02/story/v.mp4" controls=""></video><blockquote cite="https://example.org/src/">q</blockquote>`},
		{"attribute quoting", `<abbr title='say "hi" &amp; <go>'>x</abbr>`, `<abbr title="say &quot;hi&quot; &amp; &lt;go&gt;">x</abbr>`},
		{"duplicate attribute: first wins", `<a href="/a/" href="javascript:x">x</a>`, `<a href="https://example.org/a/">x</a>`},
		{"unbalanced end tags", `<p><em>a</p></em></div>b`, `<p><em>a</em></p>b`},
		{"unclosed elements closed", `<ul><li><strong>a`, `<ul><li><strong>a</strong></li></ul>`},
		{"task list checkbox", `<li><input checked="" disabled="" type="checkbox"> done</li><input type="text" value="x">`, `<li><input type="checkbox" disabled="" checked=""> done</li>`},
		{"code highlighting classes kept", `<pre class="chroma"><code><span class="k">func</span></code></pre>`, `<pre class="chroma"><code><span class="k">func</span></code></pre>`},
		{"id dropped", `<sup id="fnref:1">1</sup>`, `<sup>1</sup>`},
		{"base and meta dropped", `<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=x"><p>ok</p>`, `<p>ok</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanHTML(tt.in, testBase); got != tt.want {
				t.Errorf("cleanHTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<p>One <em>two</em></p><p>three&amp;four</p>`, `One two three&four`},
		{"<ul><li>a</li><li>b</li></ul>", "a b"},
		{`<p>x<script>y</script>z</p>`, `xz`},
		{"  spaced\n\n out  ", "spaced out"},
	}
	for _, tt := range tests {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestXMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"tab\tnewline\n", "tab\tnewline\n"},
		{"nul\x00bell\x07esc\x1b", "nulbellesc"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"nonchar \uFFFE\uFFFF", "nonchar "},
		{"فارسی 😀", "فارسی 😀"},
	}
	for _, tt := range tests {
		if got := xmlText(tt.in); got != tt.want {
			t.Errorf("xmlText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
