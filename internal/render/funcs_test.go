package render

import (
	"fmt"
	"testing"

	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
)

func TestLangDir(t *testing.T) {
	tests := map[string]string{"en": "ltr", "fa": "rtl", "ar": "rtl", "he": "rtl", "ur": "rtl", "fa-IR": "rtl", "az-Arab": "rtl", "az": "ltr", "zh-Hant": "ltr", "not a tag!": "ltr", "": "ltr"}
	for lang, want := range tests {
		if got := langDir(lang); got != want {
			t.Errorf("langDir(%q) = %s, want %s", lang, got, want)
		}
	}
}

func TestPlainify(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{template.HTML("<p>Hello <em>world</em></p>\n<p>again</p>"), "Hello world again"},
		{"a &amp; b &lt;c&gt;", "a &amp; b &lt;c&gt;"},
		{template.HTML(`<p>“Quote” &amp; <a href="x">link</a></p>`), "“Quote” &amp; link"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := plainify(tt.in); got != tt.want {
			t.Errorf("plainify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

type item struct {
	Name  string
	Count int
}

func (i item) Double() int { return i.Count * 2 }

func TestListFuncs(t *testing.T) {
	items := []item{{"a", 1}, {"b", 2}, {"c", 2}}
	got, err := first(2, items)
	if err != nil || fmt.Sprint(got) != "[{a 1} {b 2}]" {
		t.Errorf("first(2) = %v, %v", got, err)
	}
	if got, _ := first(10, items); fmt.Sprint(got) != "[{a 1} {b 2} {c 2}]" {
		t.Errorf("first(10) = %v", got)
	}
	if _, err := first(1, 42); err == nil {
		t.Error("first on a number is not an error")
	}
	if got, err := where(items, "Count", 2); err != nil || fmt.Sprint(got) != "[{b 2} {c 2}]" {
		t.Errorf("where Count 2 = %v, %v", got, err)
	}
	if got, err := where(items, "Double", 4); err != nil || fmt.Sprint(got) != "[{b 2} {c 2}]" {
		t.Errorf("where Double 4 = %v, %v", got, err)
	}
	if _, err := where(items, "Nope", 1); err == nil {
		t.Error("where on a missing field is not an error")
	}
	for _, tt := range []struct {
		def, v, want any
	}{{"x", "", "x"}, {"x", "y", "y"}, {1, 0, 1}, {"x", nil, "x"}, {"x", []string{}, "x"}, {"x", []string{"a"}, []string{"a"}}} {
		if got := defaultValue(tt.def, tt.v); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("default %v %v = %v, want %v", tt.def, tt.v, got, tt.want)
		}
	}
	if m, err := dict("a", 1, "b", "two"); err != nil || fmt.Sprint(m) != "map[a:1 b:two]" {
		t.Errorf("dict = %v, %v", m, err)
	}
	if _, err := dict("a"); err == nil {
		t.Error("dict with an odd number of arguments is not an error")
	}
}
