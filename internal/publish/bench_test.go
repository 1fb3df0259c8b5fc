package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchFiles is the number of articles one benchmark build writes.
const benchFiles = 2000

// benchSite returns benchFiles outputs of about 12 KB each, one per article
// folder, as a build of a news site lays them out.
func benchSite() (names []string, data [][]byte) {
	para := strings.Repeat("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n", 190)
	for i := range benchFiles {
		slug := fmt.Sprintf("article-%05d", i)
		names = append(names, "articles/"+slug+"/index.html")
		data = append(data, []byte("<!doctype html><title>"+slug+"</title>\n"+para))
	}
	return names, data
}

// benchBuild writes one build's files into a new staging folder for dest
// and returns it uncommitted.
func benchBuild(b *testing.B, cpu *[2]int64, dest string, names []string, data [][]byte) *Dir {
	u0, s0 := cpuTime()
	defer func() {
		u1, s1 := cpuTime()
		cpu[0] += u1 - u0
		cpu[1] += s1 - s0
	}()
	d, err := New(dest)
	if err != nil {
		b.Fatal(err)
	}
	for i, name := range names {
		if err := d.WriteFile(name, data[i]); err != nil {
			b.Fatal(err)
		}
	}
	return d
}

// BenchmarkWriteFile measures WriteFile per output file, both into an
// empty destination (a first build) and over an identical previous output
// (a rebuild that links every file). Old trees are moved aside rather than
// removed while timing, since a large removal slows file creation on some
// disks for a while afterwards.
func BenchmarkWriteFile(b *testing.B) {
	names, data := benchSite()
	b.Run("cold", func(b *testing.B) {
		root := b.TempDir()
		var cpu [2]int64
		for i := 0; i < b.N; i++ {
			dest := filepath.Join(root, fmt.Sprint(i), "public")
			d := benchBuild(b, &cpu, dest, names, data)
			b.StopTimer()
			if err := d.Commit(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		reportPerFile(b, cpu)
	})
	b.Run("rebuild", func(b *testing.B) {
		root := b.TempDir()
		dest := filepath.Join(root, "site", "public")
		var cpu [2]int64
		if err := benchBuild(b, &cpu, dest, names, data).Commit(); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		cpu = [2]int64{}
		for i := 0; i < b.N; i++ {
			d := benchBuild(b, &cpu, dest, names, data)
			b.StopTimer()
			if err := os.Rename(d.Path(), filepath.Join(root, fmt.Sprint("trash-", i))); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		reportPerFile(b, cpu)
	})
}

// reportPerFile reports the timed part of a benchmark, and cpu, its user
// and system CPU time, per output file: the unit a build's cost scales with.
func reportPerFile(b *testing.B, cpu [2]int64) {
	files := float64(b.N * benchFiles)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/files, "ns/file")
	b.ReportMetric(float64(cpu[0])/files, "user-ns/file")
	b.ReportMetric(float64(cpu[1])/files, "sys-ns/file")
}
