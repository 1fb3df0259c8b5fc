package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/folio-ssg/folio/internal/build"
)

func newBuildCmd(stdout, stderr io.Writer) *cobra.Command {
	var opts build.Options
	var check bool
	var cpuProfile string
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Build the site into the destination folder",
		Long: `Build reads folio.toml, content/ and templates/ under the source folder and
writes the complete site to the destination folder (public/ by default).

The site is rendered into a staging folder, and the destination changes only
once every page has rendered: a build that fails leaves the previous output
exactly as it was, and every error found is reported, each with its file and
line. A rebuild then writes only the files whose bytes changed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if os.Getenv("GOMEMLIMIT") == "" {
				opts.MemoryLimit = defaultMemoryLimit
			}
			stopProfile, err := startCPUProfile(cpuProfile)
			if err != nil {
				return err
			}
			stop := showProgress(stderr, &opts)
			res, err := build.Run(opts)
			stop()
			if perr := stopProfile(); err == nil {
				err = perr
			}
			if err != nil {
				return err
			}
			for _, w := range res.Warnings {
				fmt.Fprintln(stderr, "folio: warning:", w)
			}
			fmt.Fprintln(stdout, summary(res))
			if check {
				return checkLinks(stdout, stderr, opts.Source, res.Destination, opts.BaseURL)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Source, "source", "s", ".", "site root, holding folio.toml, content/ and templates/")
	f.StringVarP(&opts.Destination, "destination", "d", "", "output folder (default \"public\" under the source)")
	f.StringVar(&opts.BaseURL, "base-url", "", "base URL of the published site, overriding base_url in folio.toml")
	f.BoolVarP(&opts.Drafts, "drafts", "D", false, "include articles marked draft")
	f.BoolVarP(&opts.Future, "future", "F", false, "include articles dated in the future or with a future publishDate")
	f.BoolVarP(&opts.Expired, "expired", "E", false, "include articles past their expiryDate")
	f.BoolVar(&check, "check", false, "check the built site for broken internal links, as 'folio check' does")
	f.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the build to `file`, for go tool pprof (as go test -cpuprofile)")
	return cmd
}

// startCPUProfile starts profiling the CPU into the file path, when path
// is not empty, and returns the function that stops and writes it. The
// profile shows where a slow build spends its time; bench/pgo.sh also
// merges such profiles into cmd/folio/default.pgo, which the Go compiler
// uses to optimise folio (profile-guided optimisation).
func startCPUProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		return nil
	}, nil
}

// defaultMemoryLimit is the soft memory limit of a build (see
// build.Options.MemoryLimit): a 100,000-article archive builds in under
// 1 GiB with it. Setting GOMEMLIMIT replaces it.
const defaultMemoryLimit = 768 << 20

// summary is the one line printed after a successful build.
func summary(r *build.Result) string {
	var b strings.Builder
	verb := "built"
	if r.Unchanged {
		verb = "up to date (nothing changed):"
	}
	fmt.Fprintf(&b, "%s %d %s, %d pages", verb, r.Articles, plural(r.Articles, "article", "articles"), r.Pages)
	if r.Files > 0 {
		fmt.Fprintf(&b, ", %d %s", r.Files, plural(r.Files, "file", "files"))
	}
	fmt.Fprintf(&b, " in %s → %s", roundDuration(r.Duration), displayPath(r.Destination))
	var skipped []string
	for _, reason := range []string{"draft", "future", "expired"} {
		if n := r.Skipped[reason]; n > 0 {
			skipped = append(skipped, fmt.Sprintf("%d %s", n, plural(n, reason, reason+"s")))
		}
	}
	if len(skipped) > 0 {
		fmt.Fprintf(&b, " (skipped %s)", strings.Join(skipped, ", "))
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d > 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d > time.Second:
		return d.Round(10 * time.Millisecond)
	default:
		return d.Round(time.Millisecond)
	}
}

// displayPath shows the destination relative to the working folder where
// that is shorter, with a trailing slash: "public/".
func displayPath(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
			p = rel
		}
	}
	return filepath.ToSlash(p) + "/"
}

// showProgress shows what a build is doing on a terminal once it has run
// for a second; quick builds and builds whose output is piped print nothing
// but the summary. It returns a function that stops and erases the display.
func showProgress(w io.Writer, opts *build.Options) (stop func()) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	opts.Progress = &build.Progress{}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		start := time.Now()
		ticker := time.NewTicker(100 * time.Millisecond)
		defer ticker.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(w, "\r\033[K")
				}
				return
			case <-ticker.C:
				if time.Since(start) < time.Second {
					continue
				}
				stage, n, total := opts.Progress.Get()
				line := fmt.Sprintf("%s… %d", stage, n)
				if total > 0 {
					line = fmt.Sprintf("%s… %d/%d", stage, n, total)
				} else if n == 0 {
					line = stage + "…"
				}
				fmt.Fprintf(w, "\r\033[K%s (%s)", line, time.Since(start).Round(100*time.Millisecond))
				shown = true
			}
		}
	}()
	return func() { close(done); <-finished }
}
