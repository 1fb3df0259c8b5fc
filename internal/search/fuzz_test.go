package search

import (
	"reflect"
	"testing"
)

// fuzzSeeds are texts and fragments that exercise the fast paths and the
// corners of the slow ones.
var fuzzSeeds = []string{
	"Zanzibar Ferry Timetable Changes",
	"The city's budget, and the vote: 2021!",
	"Café NAÏVE nai\u0308ve ＦＵＬＬ ｗｉｄｔｈ",
	"گزارش ويژه كتاب می\u200cشود سال ۱۴۰۰ و ١٤٠٠",
	"ΟΔΟΣ οδος Привет, МИР एक हिन्दी वाक्य note↩︎ x",
	"a\u200dn th\u0640e I A x 7 \u00c5ngstr\u00f6m \xff\xfe bad",
	"<p>One</p><p>Two &amp; thr&#233;e</p><ul><li>a<li>b</ul>",
	"<h2 id=\"x\">Head<a class=\"anchor\" href=\"#x\">#</a></h2><pre><code>go  build\n./...</code></pre>",
	"<p>x</p><script>var y = '<p>hidden</p>';</script><style>p{}</style><p>z</p>",
	"<!-- raw HTML omitted --><p>a<br/>b<img src=x alt='y>z'>c</p></>",
	"<title>a &amp; <b></title><textarea><p>q</p></textarea><noscript><p>n</p></noscript>",
	"<P CLASS=x>Up</P><template><p>t</p></template><?xml x?><!DOCTYPE html>< p>lt",
}

// FuzzTerms checks Terms against the reference implementation.
func FuzzTerms(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Terms(s), refTerms(s); !reflect.DeepEqual(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzBlocks checks blockScanner against the reference, on the x/net/html
// tokenizer alone.
func FuzzBlocks(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	var sc blockScanner
	f.Fuzz(func(t *testing.T, s string) {
		var got []string
		sc.each(s, func(b []byte) { got = append(got, string(b)) })
		if want := refBlocks(s); !reflect.DeepEqual(got, want) {
			t.Errorf("blocks of %q:\n got %q\nwant %q", s, got, want)
		}
	})
}

// TestBlocksExhaustive checks blockScanner against the reference on every
// short string of the characters that matter to the tokenizer, after a
// paragraph's text and before another's, so that each corner of a tag, an
// end tag or a comment meets each other.
func TestBlocksExhaustive(t *testing.T) {
	n := 4
	if testing.Short() {
		n = 2
	}
	const alphabet = "<>/!-?=\"' pB&\r"
	var sc blockScanner
	buf := make([]byte, 0, n)
	var gen func()
	gen = func() {
		for _, in := range []string{string(buf), "x<p>" + string(buf), string(buf) + "a</p>y"} {
			var got []string
			sc.each(in, func(b []byte) { got = append(got, string(b)) })
			if want := refBlocks(in); !reflect.DeepEqual(got, want) {
				t.Fatalf("blocks of %q:\n got %q\nwant %q", in, got, want)
			}
		}
		if len(buf) == n {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			buf = append(buf, alphabet[i])
			gen()
			buf = buf[:len(buf)-1]
		}
	}
	gen()
}
