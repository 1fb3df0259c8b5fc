package content

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
)

// writeBoth writes source with goldmark's default writer and with
// plainTextWriter, through write (a method expression of html.Writer), and
// returns both outputs.
func writeBoth(write func(html.Writer, *bufio.Writer, []byte), source []byte) (want, got string) {
	run := func(w html.Writer) string {
		var buf bytes.Buffer
		bw := bufio.NewWriter(&buf)
		write(w, bw, source)
		_ = bw.Flush()
		return buf.String()
	}
	return run(html.NewWriter()), run(plainTextWriter{html.NewWriter()})
}

var (
	writeText = func(w html.Writer, bw *bufio.Writer, s []byte) { w.Write(bw, s) }
	writeRaw  = func(w html.Writer, bw *bufio.Writer, s []byte) { w.RawWrite(bw, s) }
)

func TestPlainTextWriter(t *testing.T) {
	tests := []struct {
		source, write, raw string
	}{
		{"", "", ""},
		{"Plain prose, with punctuation: (yes) — and UTF-8 ünïcödé.", "Plain prose, with punctuation: (yes) — and UTF-8 ünïcödé.", "Plain prose, with punctuation: (yes) — and UTF-8 ünïcödé."},
		{`a < b > c "d"`, "a &lt; b &gt; c &quot;d&quot;", "a &lt; b &gt; c &quot;d&quot;"},
		{"AT&T &amp; &copy; &#65; &#x42; &bogus;", "AT&amp;T &amp; © A B &amp;bogus;", "AT&amp;T &amp;amp; &amp;copy; &amp;#65; &amp;#x42; &amp;bogus;"},
		{`\*not emphasis\* \a`, `*not emphasis* \a`, `\*not emphasis\* \a`},
		{"nul\x00byte", "nul\ufffdbyte", "nul\ufffdbyte"},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			name  string
			write func(html.Writer, *bufio.Writer, []byte)
			out   string
		}{{"Write", writeText, tt.write}, {"RawWrite", writeRaw, tt.raw}} {
			want, got := writeBoth(c.write, []byte(tt.source))
			if got != want {
				t.Errorf("%s(%q) = %q, goldmark's writer %q", c.name, tt.source, got, want)
			}
			if got != c.out {
				t.Errorf("%s(%q) = %q, want %q", c.name, tt.source, got, c.out)
			}
		}
	}
}

// FuzzPlainTextWriter wants plainTextWriter to write what goldmark's
// default writer writes, for any text.
func FuzzPlainTextWriter(f *testing.F) {
	for _, s := range []string{"plain text", `a < b & "c" \*`, "&amp; &#1234; &#x1F600; &nbsp;x", "\x00", `\`, "&"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, source []byte) {
		for name, write := range map[string]func(html.Writer, *bufio.Writer, []byte){"Write": writeText, "RawWrite": writeRaw} {
			if want, got := writeBoth(write, source); got != want {
				t.Errorf("%s(%q) = %q, goldmark's writer %q", name, source, got, want)
			}
		}
	})
}
