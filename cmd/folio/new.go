package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/folio-ssg/folio/internal/build"
	"github.com/folio-ssg/folio/internal/scaffold"
)

func newNewCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "new",
		Short: "Create a new site or article",
	}
	site := &cobra.Command{
		Use:   "site DIR",
		Short: "Create a runnable skeleton site in DIR",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := scaffold.Site(args[0], time.Now().UTC().Truncate(time.Second)); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "created a new site in %s\nnext: cd %s && folio build\n", args[0], args[0])
			return nil
		},
	}
	var source string
	article := &cobra.Command{
		Use:   `article "Title"`,
		Short: "Create a draft article with its front matter filled in",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			cfg, err := build.LoadConfig(osDirFS(source))
			if err != nil {
				return err
			}
			p, err := scaffold.Article(source, args[0], time.Now().In(cfg.Location).Truncate(time.Second))
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "created %s (a draft: set draft: false to publish it, or build with --drafts)\n", p)
			return nil
		},
	}
	article.Flags().StringVarP(&source, "source", "s", ".", "site root")
	cmd.AddCommand(site, article)
	return cmd
}
