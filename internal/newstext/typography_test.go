package newstext

import (
	"strings"
	"testing"
)

var fixQuotesTests = []struct {
	in, want string
}{
	{"", ""},
	{"no quotes", "no quotes"},
	{`"Hello,” he said`, `“Hello,” he said`},
	{`He said "yes" and 'no'`, `He said “yes” and ‘no’`},
	{`rock 'n' roll`, `rock ’n’ roll`},
	{`the '90s`, `the ’90s`},
	{`'90s music`, `’90s music`},
	{`Hashd al-Sha’abi`, `Hashd al-Sha’abi`},
	{`don't`, `don’t`},
	{`the students' books`, `the students’ books`},
	{`'Tis the season, 'twas said; give 'em 'til noon 'cause`, `’Tis the season, ’twas said; give ’em ’til noon ’cause`},
	{`'never'`, `‘never’`},
	{`'nother`, `‘nother`},
	{`"She said 'no,' then left"`, `“She said ‘no,’ then left”`},
	{`"'Hi,' she said"`, `“‘Hi,’ she said”`},
	{`'"Yes"'`, `‘“Yes”’`},
	{`(the "plan")`, `(the “plan”)`},
	{`("Quote.")`, `(“Quote.”)`},
	{`["a"] {"b"}`, `[“a”] {“b”}`},
	{`--"Yes"`, `--“Yes”`},
	{`now—"later"`, `now—“later”`},
	{`« "x" »`, `« “x” »`},
	{`""`, `“”`},
	{`"`, `”`},
	{`a " b`, `a ” b`},
	{`"Hello"`, `“Hello”`},
	{"\"line\"\n\"two\"", "“line”\n“two”"},
	{`5'10"`, `5’10”`},
	{`“already” ‘curly’`, `“already” ‘curly’`},
	{`"mixed”`, `“mixed”`},
	{`“mixed"`, `“mixed”`},
	{`"America’s recent action strengthens,” Shamkhani said`, `“America’s recent action strengthens,” Shamkhani said`},
	{`the "dangerous move” to attack`, `the “dangerous move” to attack`},
	{`"region”.`, `“region”.`},
	{"\"bad\xffbyte\"", "“bad\xffbyte”"},
	{"\xff\"", "\xff”"},
}

func TestFixQuotes(t *testing.T) {
	for _, tt := range fixQuotesTests {
		if got := FixQuotes(tt.in); got != tt.want {
			t.Errorf("FixQuotes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFixDashes(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{"", ""},
		{"a -- b", "a — b"},
		{"a -- b -- c", "a — b — c"},
		{"a\t--\tb", "a\t—\tb"},
		{"-- a", "— a"},
		{"a --", "a —"},
		{"--", "—"},
		{"a--b", "a--b"},
		{"a - b", "a - b"},
		{"a --- b", "a --- b"},
		{"use --help", "use --help"},
		{"Iran’s -- “yes”", "Iran’s — “yes”"},
		{"anti-terror", "anti-terror"},
	} {
		if got := fixDashes(tt.in); got != tt.want {
			t.Errorf("fixDashes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCutDateline(t *testing.T) {
	for _, tt := range []struct {
		in           string
		place        string // "" if no dateline
		agency, rest string
	}{
		{"TEHRAN (Dispatches) -- Friday’s strikes", "TEHRAN", "Dispatches", "Friday’s strikes"},
		{"TEHRAN -- Friday’s strikes", "TEHRAN", "", "Friday’s strikes"},
		{"TEHRAN — Friday’s strikes", "TEHRAN", "", "Friday’s strikes"},
		{"TEHRAN (IRNA) — Friday", "TEHRAN", "IRNA", "Friday"},
		{"TEHRAN–Friday", "TEHRAN", "", "Friday"},
		{"NEW YORK (AP) -- x", "NEW YORK", "AP", "x"},
		{"WASHINGTON, D.C. -- x", "WASHINGTON, D.C.", "", "x"},
		{"AL-QAIM ( Dispatches ) -- x", "AL-QAIM", "Dispatches", "x"},
		{"SANA’A -- x", "SANA’A", "", "x"},
		{"ÉVIAN -- x", "ÉVIAN", "", "x"},
		{"TEHRAN (Dispatches) -- \"Yes\"", "TEHRAN", "Dispatches", "\"Yes\""},

		{"Tehran (Dispatches) -- x", "", "", ""},
		{"TEHRAN (Dispatches) x", "", "", ""},
		{"TEHRAN - x", "", "", ""},
		{"TEHRAN --", "", "", ""},
		{"TEHRAN () -- x", "", "", ""},
		{"TEHRAN (A (B)) -- x", "", "", ""},
		{"T -- x", "", "", ""},
		{"NATO said -- x", "", "", ""},
		{"-- x", "", "", ""},
		{"تهران -- x", "", "", ""},
		{strings.Repeat("LONG ", 12) + "-- x", "", "", ""},
	} {
		dl, rest, ok := cutDateline(tt.in)
		if tt.place == "" {
			if ok || dl != nil || rest != tt.in {
				t.Errorf("cutDateline(%q) = %+v, %q, %v, want no dateline", tt.in, dl, rest, ok)
			}
			continue
		}
		if !ok || dl == nil || dl.Place != tt.place || dl.Agency != tt.agency || rest != tt.rest {
			t.Errorf("cutDateline(%q) = %+v, %q, %v, want {%s %s}, %q", tt.in, dl, rest, ok, tt.place, tt.agency, tt.rest)
		}
	}
}

func FuzzFixQuotes(f *testing.F) {
	for _, tt := range fixQuotesTests {
		f.Add(tt.in)
	}
	straight := strings.NewReplacer(`"`, "", "'", "", "“", "", "”", "", "‘", "", "’", "")
	f.Fuzz(func(t *testing.T, s string) {
		got := FixQuotes(s)
		if strings.ContainsAny(got, `"'`) {
			t.Fatalf("FixQuotes(%q) = %q has straight quotes", s, got)
		}
		if straight.Replace(got) != straight.Replace(s) {
			t.Fatalf("FixQuotes(%q) = %q changed more than quotes", s, got)
		}
		if FixQuotes(got) != got {
			t.Fatalf("FixQuotes(%q) is not idempotent", s)
		}
	})
}
