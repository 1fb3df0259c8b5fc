package slug

import "testing"

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Officials Warn of Plot to Revive Terrorists", "officials-warn-of-plot-to-revive-terrorists"},
		{"  Hello,   World!  ", "hello-world"},
		{"Iran’s top official", "irans-top-official"},
		{"don't stop", "dont-stop"},
		{"rock 'n' roll", "rock-n-roll"},
		{"C++ & Go", "c-go"},
		{"2021: a year", "2021-a-year"},
		{"Ünïcödé Straße", "ünïcödé-straße"},
		{"گفت‌وگوی ایران و عراق", "گفت-وگوی-ایران-و-عراق"},
		{"東京 ニュース", "東京-ニュース"},
		{"---", ""},
		{"", ""},
		{"a/b\\c", "a-b-c"},
		{"../../etc/passwd", "etc-passwd"},
		{"UPPER lower", "upper-lower"},
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHasLatin(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Officials warn", true},
		{"گفت‌وگو", false},
		{"1234 !", false},
		{"Ünï", true},
		{"خبر 1 a", true},
	}
	for _, tt := range tests {
		if got := HasLatin(tt.in); got != tt.want {
			t.Errorf("HasLatin(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzMake(f *testing.F) {
	for _, s := range []string{"Hello, World", "../x", "گفت‌وگو", "a\x00b", "'''"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if got != "" && (got[0] == '-' || got[len(got)-1] == '-') {
			t.Errorf("Make(%q) = %q has a hyphen at an end", s, got)
		}
		for _, r := range got {
			if r == '/' || r == '\\' || r == '.' || r == '?' || r == '#' || r == 0 {
				t.Errorf("Make(%q) = %q contains %q", s, got, r)
			}
		}
		if Make(got) != got {
			t.Errorf("Make is not idempotent on %q: %q then %q", s, got, Make(got))
		}
	})
}
