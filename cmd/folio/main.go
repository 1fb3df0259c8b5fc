// Command folio builds static sites for article collections: news sites,
// magazines, blogs and archives.
//
// This file only wires flags to the build and new-site code and turns
// errors into exit codes; the work happens in internal/.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/folio-ssg/folio/internal/diag"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit code, so that
// tests can run the CLI in-process.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	printError(stderr, err)
	return 1
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "folio",
		Short:         "folio builds static sites for article collections",
		Long:          "folio builds static sites for article collections: news sites, magazines, blogs and archives.\nIt reads articles from content/, renders them through templates/ and writes the site to public/.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newBuildCmd(stdout, stderr), newCheckCmd(stdout, stderr), newNewCmd(stdout), newImportCmd(stdout), newServeCmd(stderr), newVersionCmd(stdout))
	return root
}

// printError prints every error of a failed build, one per line, then a
// count, so that a long list still ends with the verdict.
func printError(w io.Writer, err error) {
	var list diag.List
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintf(w, "error: %s\n", indentLines(e.Error()))
		}
		noun := "errors"
		if len(list) == 1 {
			noun = "error"
		}
		fmt.Fprintf(w, "build failed: %d %s; the output folder was left as it was\n", len(list), noun)
		return
	}
	fmt.Fprintf(w, "error: %s\n", indentLines(err.Error()))
}

func indentLines(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }

func osDirFS(dir string) fs.FS { return os.DirFS(dir) }
