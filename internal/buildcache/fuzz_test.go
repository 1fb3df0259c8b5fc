package buildcache

import (
	"os"
	"testing"
	"time"
)

// FuzzParse feeds damaged manifests to the parser: whatever the bytes, it
// returns a manifest or an error, never panics, and a manifest it accepts
// saves and parses back to the same thing.
func FuzzParse(f *testing.F) {
	m := &Manifest{Inputs: "ab12", SettledUntil: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), Summary: []byte(`{"Articles":3}`),
		Outputs: []Entry{{Path: ".", Stamp: Stamp{Mode: 0o20000000755, Size: 4096, MTime: 1, CTime: 2, Ino: 3}}, {Path: "a b/index.html", Stamp: Stamp{Size: 10}}}}
	path := f.TempDir() + "/m"
	if err := m.Save(path); err != nil {
		f.Fatal(err)
	}
	saved, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(saved))
	f.Add("folio-build-cache 1\ninputs x\nsettled 0001-01-01T00:00:00Z 0001-01-01T00:00:00Z\nsummary {}\n")
	f.Add("folio-build-cache 1\ninputs x\nsettled  \nsummary {}\n1 2 3 4 5 p\n")
	f.Fuzz(func(t *testing.T, data string) {
		m, err := parse(data)
		if err != nil {
			return
		}
		p := t.TempDir() + "/m"
		if err := m.Save(p); err != nil {
			return // a path with a newline cannot be saved; that is an error, not a crash
		}
		if _, err := Load(p); err != nil {
			t.Errorf("a manifest that parsed does not load once saved: %v\n%q", err, data)
		}
	})
}
