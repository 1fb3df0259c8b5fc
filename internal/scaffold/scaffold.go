// Package scaffold creates new sites and articles for `folio new`, so that
// a newcomer starts from files that build, not from an empty folder.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/folio-ssg/folio/internal/slug"
)

// Site writes a runnable skeleton site into dir: folio.toml, a first
// article and a .gitignore for the output. dir must be empty or absent, so
// that nothing is ever overwritten.
func Site(dir string, now time.Time) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty; folio new site writes only into an empty or new folder", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	name := filepath.Base(filepath.Clean(dir))
	files := map[string]string{
		"folio.toml": fmt.Sprintf(`# folio site configuration. Every key is optional.
title = %s
description = "Articles, news and notes."
# base_url is where the site will be published; links in feeds are made
# absolute with it. Change it before you deploy.
base_url = "https://example.org/"
language = "en"
timezone = "UTC"
paginate = 10
permalink = "/:year/:month/:slug/"

[author]
name = ""
email = ""

[markdown]
# Keep raw HTML in Markdown. Only for trusted authors.
unsafe = false
`, strconv.Quote(titleCase(name))),
		".gitignore": "/public/\n/.folio-cache/\n",
		"content/hello-world.md": fmt.Sprintf(`---
title: Hello, world
date: %s
tags: [welcome]
---

This is the first article of your new folio site. Edit it in
content/hello-world.md, or add another with:

    folio new article "My next story"

<!--more-->

Then build the site with folio build: it is written to public/.
`, now.Format(time.RFC3339)),
		"templates/.keep": "",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Article writes a new draft article for title under the site's content/
// folder and returns its path. Like `hugo new`, the article starts as a
// draft; build with --drafts to see it, or set draft: false to publish.
func Article(source, title string, now time.Time) (string, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return "", errors.New("the article needs a title: folio new article \"My title\"")
	}
	s := slug.Make(title)
	if s == "" {
		return "", fmt.Errorf("cannot make a file name from the title %q; it needs a letter or digit", title)
	}
	p := filepath.Join(source, "content", s+".md")
	if _, err := os.Stat(p); err == nil {
		return "", fmt.Errorf("%s already exists", p)
	}
	body := fmt.Sprintf("---\ntitle: %s\ndate: %s\nslug: %s\ndraft: true\ntags: []\ncategories: []\n---\n\nWrite the first paragraph here; it is the summary on list pages.\n",
		strconv.Quote(title), now.Format(time.RFC3339), s)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return "", err
	}
	return p, f.Close()
}

func titleCase(s string) string {
	s = strings.NewReplacer("-", " ", "_", " ").Replace(s)
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	if len(words) == 0 {
		return "My folio site"
	}
	return strings.Join(words, " ")
}
