package build

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/folio-ssg/folio/internal/testcorpus"
)

// BenchmarkBuild measures whole builds of 1,000 generated articles (or the
// site in FOLIO_BENCH_SITE): cold, into an empty destination; unchanged,
// and over the output of the same site, where the build cache finds
// nothing to do. BenchmarkRebuild measures the preview's rebuild after an
// edit. The stages have their own benchmarks: BenchmarkLoad (content), BenchmarkRender
// (render), BenchmarkWrite (feed), BenchmarkWriteSite (search) and
// BenchmarkWriteFile (publish).
func BenchmarkBuild(b *testing.B) {
	src, err := testcorpus.Site(b.TempDir(), 1000)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cold", func(b *testing.B) {
		dests := b.TempDir()
		i := 0
		for b.Loop() {
			i++
			if _, err := Run(Options{Source: src, Destination: filepath.Join(dests, fmt.Sprint(i))}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		dest := filepath.Join(b.TempDir(), "public")
		if _, err := Run(Options{Source: src, Destination: dest}); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			res, err := Run(Options{Source: src, Destination: dest})
			if err != nil {
				b.Fatal(err)
			}
			if !res.Unchanged {
				b.Fatal("an unchanged site was built again")
			}
		}
	})
}
