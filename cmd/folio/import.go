package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/folio-ssg/folio/internal/build"
	"github.com/folio-ssg/folio/internal/scaffold"
)

func newImportCmd(stdout io.Writer) *cobra.Command {
	var source, to string
	cmd := &cobra.Command{
		Use:   "import FILE_OR_DIR...",
		Short: "Convert plain-text news articles into Markdown articles",
		Long: `Import converts plain-text news articles, as scraped from news sites, into
Markdown articles with YAML front matter, for people who want to edit them.
The conversion is lossless: an imported article renders to the same page as
the original .txt file. Dates without an offset are read in the site's
timezone (folio.toml under --source). Existing files are never overwritten.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			cfg, err := build.LoadConfig(os.DirFS(source))
			if err != nil {
				return err
			}
			written, err := scaffold.Import(args, to, cfg.Location)
			for _, w := range written {
				fmt.Fprintf(stdout, "imported %s\n", w)
			}
			return err
		},
	}
	cmd.Flags().StringVarP(&source, "source", "s", ".", "site root, whose folio.toml gives the time zone")
	cmd.Flags().StringVar(&to, "to", "content", "folder to write the Markdown articles to")
	return cmd
}
