package render

import (
	"encoding/json"
	"html/template"
	"path"
	"strings"
	"time"

	"github.com/folio-ssg/folio/internal/site"
)

// pageImage returns the absolute URL of an article's image (the image
// front matter key, as Hugo themes use it), resolving a relative path
// against the article's folder, or "" when it has none.
func pageImage(s *site.Site, p *site.Page) string {
	if p == nil {
		return ""
	}
	img, _ := p.Params["image"].(string)
	img = strings.TrimSpace(img)
	switch {
	case img == "":
		return ""
	case strings.HasPrefix(img, "https://") || strings.HasPrefix(img, "http://"):
		return img
	case strings.HasPrefix(img, "/"):
		return s.AbsURL(img)
	}
	return s.AbsURL(path.Join(path.Dir(p.Path), img))
}

// jsonLD returns schema.org NewsArticle structured data for an article
// page, for search engines. encoding/json escapes <, > and & so that no
// title can end the <script> element it is written into.
func jsonLD(s *site.Site, d *Data) (template.JS, error) {
	p := d.Page
	if p == nil {
		return "", nil
	}
	type thing = map[string]any
	doc := thing{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         p.Title,
		"mainEntityOfPage": thing{"@type": "WebPage", "@id": p.Permalink},
		"url":              p.Permalink,
		"publisher":        thing{"@type": "Organization", "name": s.Config.Title, "url": s.AbsURL("")},
		"inLanguage":       d.Lang,
		"wordCount":        p.WordCount,
	}
	if !p.Date.IsZero() {
		doc["datePublished"] = p.Date.Format(time.RFC3339)
		doc["dateModified"] = p.Lastmod.Format(time.RFC3339)
	}
	if d.Description != "" {
		doc["description"] = d.Description
	}
	var authors []thing
	for _, name := range p.Authors {
		authors = append(authors, thing{"@type": "Person", "name": name})
	}
	if len(authors) == 0 && p.Source != "" {
		// A news article scraped from another site was written there.
		authors = append(authors, thing{"@type": "Organization", "name": p.Source})
	}
	if len(authors) == 0 && s.Config.Author.Name != "" {
		authors = append(authors, thing{"@type": "Person", "name": s.Config.Author.Name})
	}
	if len(authors) == 0 {
		authors = append(authors, thing{"@type": "Organization", "name": s.Config.Title})
	}
	doc["author"] = authors
	if img := pageImage(s, p); img != "" {
		doc["image"] = []string{img}
	}
	if len(p.Tags) > 0 {
		doc["keywords"] = p.Tags
	}
	if len(p.Categories) > 0 {
		doc["articleSection"] = p.Categories[0]
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}
