// This file is folio's, not the Go project's: see ../README.md.

package template

import (
	stdtemplate "html/template"
	"reflect"
	"strings"
	"testing"
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
