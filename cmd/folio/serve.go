package main

import (
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/folio-ssg/folio/internal/serve"
)

func newServeCmd(stderr io.Writer) *cobra.Command {
	var opts serve.Options
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Preview the site on a local server that reloads on every edit",
		Long: `Serve builds the site in memory, serves it over HTTP and watches content/,
templates/ and folio.toml. On every change it rebuilds what changed and tells
open pages to reload; a change to the stylesheet alone is swapped in without
a reload. A failed rebuild keeps serving the last good site and shows the
errors over the page until they are fixed. Nothing is written to public/.

Links and feeds use the server's own address as base URL. The server listens
on loopback unless --bind says otherwise.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return serve.Run(ctx, opts, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Build.Source, "source", "s", ".", "site root, holding folio.toml, content/ and templates/")
	f.StringVar(&opts.Bind, "bind", "127.0.0.1", "interface to listen on")
	f.IntVarP(&opts.Port, "port", "p", 1313, "port to listen on")
	f.BoolVarP(&opts.Build.Drafts, "drafts", "D", false, "include articles marked draft")
	f.BoolVarP(&opts.Build.Future, "future", "F", false, "include articles dated in the future")
	f.BoolVarP(&opts.Build.Expired, "expired", "E", false, "include articles past their expiryDate")
	f.BoolVar(&opts.Open, "open", false, "open the site in the default browser")
	return cmd
}
