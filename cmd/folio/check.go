package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/folio-ssg/folio/internal/build"
	"github.com/folio-ssg/folio/internal/linkcheck"
)

func newCheckCmd(stdout, stderr io.Writer) *cobra.Command {
	var source, dest, baseURL string
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the built site for broken internal links",
		Long: `Check reads every page of the built site (public/ under the source by default)
and reports each internal link that points nowhere: a missing page or file, or
a #fragment with no matching id on its page. Absolute links to the site's own
base_url (from folio.toml) count as internal; other sites are not visited.

It exits with status 1 when any link is broken. 'folio build --check' runs the
same check after a successful build.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return checkLinks(stdout, stderr, source, dest, baseURL)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&source, "source", "s", ".", "site root, holding folio.toml")
	f.StringVarP(&dest, "destination", "d", "", "the built site (default \"public\" under the source)")
	f.StringVar(&baseURL, "base-url", "", "base URL the site was built for, overriding base_url in folio.toml")
	return cmd
}

// checkLinks checks the site built from source into dest and prints every
// broken link; an error reports how many there were.
func checkLinks(stdout, stderr io.Writer, source, dest, baseURL string) error {
	if dest == "" {
		dest = filepath.Join(source, "public")
	}
	if baseURL == "" {
		cfg, err := build.LoadConfig(osDirFS(source))
		if err != nil {
			return err
		}
		baseURL = cfg.BaseURL
	}
	broken, err := linkcheck.Check(dest, baseURL)
	if err != nil {
		return err
	}
	shown := displayPath(dest)
	for _, b := range broken {
		fmt.Fprintf(stderr, "%s%s\n", shown, b)
	}
	if len(broken) > 0 {
		return fmt.Errorf("%d broken %s in %s", len(broken), plural(len(broken), "link", "links"), shown)
	}
	fmt.Fprintf(stdout, "no broken links in %s\n", shown)
	return nil
}
