// This file is folio's, not the Go project's: see ../README.md.

package template

import (
	"fmt"
	stdtemplate "html/template"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// stringFormSeeds are strings each escaper treats differently: empty,
// nothing to escape, HTML specials, unsafe and safe URLs, runes escaped
// only outside attributes, invalid UTF-8 and spaces.
var stringFormSeeds = []string{
	"",
	"plain text",
	`<a href="x">Tom & 'Jerry'</a>`,
	"javascript:alert(1)",
	"JavaScript:alert(1)",
	"http://example.org/a b?c=d&e=f#g",
	"https://例え.jp/パス?q=é",
	"mailto:someone@example.org",
	"/relative/path/",
	"%zz%41",
	"/tags/c%2B%2B/?x='y'(z)&a=%4",
	"[::1]:80/%",
	"\x00\ufdd0\uffef\ufffe\uffff",
	"\xff\xfe=`",
	" \t\n\r\f",
}

// TestStringForms wants each escaper's string form to return what the
// escaper returns for the same string, converted to the form's type.
func TestStringForms(t *testing.T) {
	for _, s := range stringFormSeeds {
		checkStringForms(t, s)
	}
}

// FuzzStringForms is TestStringForms for any string.
func FuzzStringForms(f *testing.F) {
	for _, s := range stringFormSeeds {
		f.Add(s)
	}
	f.Fuzz(checkStringForms)
}

// checkStringForms checks every string form with s.
func checkStringForms(t *testing.T, s string) {
	for _, f := range stringForms {
		arg := reflect.ValueOf(s).Convert(f.arg).Interface()
		if got, want := f.form(s), f.escaper(arg); got != want {
			t.Errorf("%s form for %s of %q = %q, escaper gives %q", f.name, f.arg, s, got, want)
		}
	}
}

// TestStringFormsMatchStandardLibrary executes templates whose actions
// end in the escapers that have string forms, with values that take a
// form (strings from fields, methods, variables, constants and other
// escapers, and typed content) and values that must not (pointers,
// interfaces, numbers, several arguments), and wants the output of
// html/template.
func TestStringFormsMatchStandardLibrary(t *testing.T) {
	type data struct {
		S, Unsafe, Empty string
		HTML             HTML
		URL              URL
		Attr             HTMLAttr
		JS               JS
		Ptr              *string
		Any              any
		N                int
	}
	s := "Tom & <Jerry>"
	d := data{S: s, Unsafe: "javascript:x()", HTML: "<b>bold</b>", URL: "javascript:ok()", Attr: `datetime="2020-01-02"`, JS: `{"a": [1, "<b>"]}`, Ptr: &s, Any: "any <value>", N: 42}
	stdData := struct {
		S, Unsafe, Empty string
		HTML             stdtemplate.HTML
		URL              stdtemplate.URL
		Attr             stdtemplate.HTMLAttr
		JS               stdtemplate.JS
		Ptr              *string
		Any              any
		N                int
	}{d.S, d.Unsafe, d.Empty, stdtemplate.HTML(d.HTML), stdtemplate.URL(d.URL), stdtemplate.HTMLAttr(d.Attr), stdtemplate.JS(d.JS), d.Ptr, d.Any, d.N}
	values := []string{".S", ".Unsafe", ".Empty", ".HTML", ".URL", ".Attr", ".JS", ".Ptr", ".Any", ".N", `"a<b"`, `(print .S)`, `(print .S .N)`, `$`, `.S .N`, `.S | html`}
	contexts := []string{
		"<p>{{%s}}</p>",
		`<p title="{{%s}}">x</p>`,
		`<p title={{%s}}>x</p>`,
		`<a href="{{%s}}">x</a>`,
		`<a href="/search?q={{%s}}">x</a>`,
		`<a href="{{%s}}/{{%[1]s}}?q={{%[1]s}}">x</a>`,
		`<textarea>{{%s}}</textarea>`,
		`<time {{%s}}>x</time>`,
		`<script>var x = {{%s}};</script>`,
		"<p>{{with %s}}{{.}}{{end}}</p>",
	}
	for _, c := range contexts {
		for _, v := range values {
			src := strings.ReplaceAll(c, "%[1]s", v)
			src = strings.ReplaceAll(src, "%s", v)
			if v == "$" {
				src = "{{$ := .S}}" + src
			}
			var got, want strings.Builder
			gotErr := Must(New("t").Parse(src)).Execute(&got, d)
			wantErr := stdtemplate.Must(stdtemplate.New("t").Parse(src)).Execute(&want, stdData)
			if got.String() != want.String() || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("%s:\ngot  %q, %v\nwant %q, %v", src, got.String(), gotErr, want.String(), wantErr)
			}
		}
	}
}

// TestHTMLReplacer wants htmlReplacer, which skips what cannot be
// replaced without decoding runes (htmlReplaceFrom), to return what the
// standard library's htmlReplacer returns, for every table, with and
// without badRunes.
func TestHTMLReplacer(t *testing.T) {
	seeds := append([]string{"\x80", "a\xef", "\xef\xbf", "é\x00", "\ufdd0a", "ab\ufffd", "\xe9<", "x\xf0\x9f\x98<"}, stringFormSeeds...)
	for _, s := range seeds {
		checkHTMLReplacer(t, s)
	}
}

// FuzzHTMLReplacer is TestHTMLReplacer for any string.
func FuzzHTMLReplacer(f *testing.F) {
	for _, s := range stringFormSeeds {
		f.Add(s)
	}
	f.Fuzz(checkHTMLReplacer)
}

func checkHTMLReplacer(t *testing.T, s string) {
	tables := map[string][]string{
		"html": htmlReplacementTable, "norm": htmlNormReplacementTable,
		"nospace": htmlNospaceReplacementTable, "nospaceNorm": htmlNospaceNormReplacementTable,
	}
	for name, table := range tables {
		for _, badRunes := range []bool{false, true} {
			if got, want := htmlReplacer(s, table, badRunes), stdHTMLReplacer(s, table, badRunes); got != want {
				t.Errorf("htmlReplacer(%q, %s, %t) = %q, want %q", s, name, badRunes, got, want)
			}
		}
	}
}

// stdHTMLReplacer is htmlReplacer as the standard library has it (Go
// 1.26), the reference for the copy's.
func stdHTMLReplacer(s string, replacementTable []string, badRunes bool) string {
	written, b := 0, new(strings.Builder)
	r, w := rune(0), 0
	for i := 0; i < len(s); i += w {
		r, w = utf8.DecodeRuneInString(s[i:])
		if int(r) < len(replacementTable) {
			if repl := replacementTable[r]; len(repl) != 0 {
				if written == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[written:i])
				b.WriteString(repl)
				written = i + w
			}
		} else if badRunes {
			// No-op.
		} else if 0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff {
			if written == 0 {
				b.Grow(len(s))
			}
			fmt.Fprintf(b, "%s&#x%x;", s[written:i], r)
			written = i + w
		}
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// BenchmarkHTMLEscapePlain escapes strings such as a theme prints on
// every page: titles, paths, dates, names and a description, none of
// which needs a replacement.
func BenchmarkHTMLEscapePlain(b *testing.B) {
	strs := []string{"Hello world, this is a title", "/articles/some-slug-here/", "2 January 2026", "Politics",
		"A longer description of an article that goes on for a while, as descriptions do in meta tags."}
	for b.Loop() {
		for _, s := range strs {
			htmlEscapePlain(s)
		}
	}
}
