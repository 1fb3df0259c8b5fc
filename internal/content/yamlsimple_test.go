package content

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// simpleYAMLCases are front matter texts, each with whether
// parseSimpleYAML takes it (false: it leaves it to yaml.v3).
var simpleYAMLCases = []struct {
	src    string
	simple bool
}{
	{"", true},
	{"\n  \n", true},
	{"title: \"A ager sint: asperiores # esse\"\nslug: a-ager-2550\ndate: 2024-05-22T05:38:01Z\nauthor: \"Julius Okafor\"\ntags:\n  - climate\n  - politics\ndescription: \"Quas sint.\"\n", true},
	{"Title: Plain words, with [brackets] and {braces}, it's \"quoted\"\nDraft: true\nweight: 1_000\n", true},
	{"tags: [one, \"two, three\"]\n", false},
	{"tags: [one, 'two', \"three\", 4, 5.5, ~, 2024-01-02]\ncategories: []\nauthors: [ ]\n", true},
	{"tags:\n- a\n- b\nnext: x\n", true},
	{"tags:\n\n  -   a\n\n  - 'b'\nempty:\nalso-empty:   \n", true},
	{"n: 12345678901234567890\nm: -0b101\no: 0o17\nh: 0x1F\nf: 1e3\ng: .5\nx: +.inf\ny: .NaN\nz: -.Inf\n", true},
	{"date: 2024-5-2\nat: 2024-05-22 05:38:01.5\nlower: 2024-05-22t05:38:01+02:00\nbad: 2024-13-45\n", true},
	{"a: yes\nb: No\nc: on\nd: y\ne: Null\nf: NULL\ng: True\n", true},
	{"url: https://example.org/a?b=c#d\nkey: C# and F#\nsum: a-b\nneg: -x\n", true},
	{"title: é — «quoted» 😀\n", true},
	{"a: 1\na: 2\n", true},
	{"# a comment\ntitle: x\n", false},
	{"title: x # a comment\n", false},
	{"title: \"escaped \\\" quote\"\n", false},
	{"title: 'it''s'\n", false},
	{"title: a: b\n", false},
	{"title: ends:\n", false},
	{"title: more\n  lines\n", false},
	{"title: x\n  - y\n", false},
	{"tags:\n  - a\n - b\n", false},
	{"tags:\n  - a: b\n", false},
	{"tags:\n  -\n", false},
	{"params:\n  nested: map\n", false},
	{"  title: indented\n", false},
	{"title: |\n  block\n", false},
	{"title: &anchor x\nother: *anchor\n", false},
	{"title: !tag x\n", false},
	{"title:\tx\n", false},
	{"title: x\r\n", false},
	{"tags: [a,]\n", false},
	{"tags: [a\n", false},
	{"tags: [a: b]\n", false},
	{"tags: [[a]]\n", false},
	{"key:value\n", false},
	{"\"quoted key\": x\n", false},
	{"---\ntitle: x\n", false},
	{"%YAML 1.2\ntitle: x\n", false},
	{"title: <<\n", false},
	{"title: x\u2028y\n", false},
	{"title: \ufeffx\n", false},
	{"title: \x85x\n", false},
	{"title: -\n", false},
	{"title: - x\n", false},
	{"title: ? x\n", false},
	{strings.Repeat("k", 512) + ": x\n", true},
	{"a: 1\n" + strings.Repeat("k", 1025) + ": x\n", false}, // yaml.v3 rejects it
}

// sameFields is reflect.DeepEqual for front matter fields, with NaN equal
// to itself.
func sameFields(a, b []field) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].key != b[i].key || a[i].line != b[i].line || a[i].text != b[i].text || !sameValue(a[i].value, b[i].value) {
			return false
		}
	}
	return (a == nil) == (b == nil)
}

func sameValue(a, b any) bool {
	if x, ok := a.(float64); ok && math.IsNaN(x) {
		y, ok := b.(float64)
		return ok && math.IsNaN(y)
	}
	if x, ok := a.([]any); ok {
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// checkSimpleYAML wants parseSimpleYAML, where it takes src, to give what
// yaml.v3 gives.
func checkSimpleYAML(t *testing.T, src string) (simple bool) {
	t.Helper()
	got, ok := parseSimpleYAML([]byte(src), 2)
	if !ok {
		return false
	}
	want, err := parseFullYAML([]byte(src), 2)
	if err != nil {
		t.Fatalf("%q: simple YAML decoded what yaml.v3 rejects (%v):\n%#v", src, err, got)
	}
	if !sameFields(got, want) {
		t.Errorf("%q:\nsimple:  %#v\nyaml.v3: %#v", src, got, want)
	}
	return true
}

func TestSimpleYAML(t *testing.T) {
	for _, tc := range simpleYAMLCases {
		if simple := checkSimpleYAML(t, tc.src); simple != tc.simple {
			t.Errorf("%q: taken by the simple parser = %v, want %v", tc.src, simple, tc.simple)
		}
	}
}

// TestSimpleYAMLValues pins a few decoded values, so that the two parsers
// cannot agree on a wrong answer unnoticed.
func TestSimpleYAMLValues(t *testing.T) {
	src := "Date: 2024-05-22T05:38:01Z\ntags:\n  - a\n  - 2\nn: 1_000\nempty:\nq: \"x\"\n"
	got, ok := parseSimpleYAML([]byte(src), 2)
	want := []field{
		{key: "date", value: time.Date(2024, 5, 22, 5, 38, 1, 0, time.UTC), line: 2, text: "2024-05-22T05:38:01Z"},
		{key: "tags", value: []any{"a", 2}, line: 3},
		{key: "n", value: 1000, line: 6, text: "1_000"},
		{key: "empty", line: 7},
		{key: "q", value: "x", line: 8, text: "x"},
	}
	if !ok || !sameFields(got, want) {
		t.Errorf("got %#v (%v), want %#v", got, ok, want)
	}
}

func FuzzSimpleYAML(f *testing.F) {
	for _, tc := range simpleYAMLCases {
		f.Add(tc.src)
	}
	f.Fuzz(func(t *testing.T, src string) { checkSimpleYAML(t, src) })
}

// BenchmarkFrontMatter times parseYAML on the front matter of a news
// article of the bench corpus, which the simple parser takes, against
// yaml.v3 on the same text.
func BenchmarkFrontMatter(b *testing.B) {
	fm := []byte(simpleYAMLCases[2].src)
	for _, bc := range []struct {
		name  string
		parse func([]byte, int) ([]field, error)
	}{{"parseYAML", parseYAML}, {"yaml.v3", parseFullYAML}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bc.parse(fm, 2); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
