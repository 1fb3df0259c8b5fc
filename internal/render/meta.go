package render

import (
	"encoding/json"
	"path"
	"strings"
	"time"

	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
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

// newsArticle is schema.org NewsArticle data. Its fields are in the
// order of their JSON names, as encoding/json orders the keys of a map: the
// output is what marshalling the same data as maps gives, without the maps.
type newsArticle struct {
	Context          string      `json:"@context"`
	Type             string      `json:"@type"`
	ArticleSection   *string     `json:"articleSection,omitempty"`
	Author           []ldThing   `json:"author"`
	DateModified     string      `json:"dateModified,omitempty"`
	DatePublished    string      `json:"datePublished,omitempty"`
	Description      string      `json:"description,omitempty"`
	Headline         string      `json:"headline"`
	Image            []string    `json:"image,omitempty"`
	InLanguage       string      `json:"inLanguage"`
	Keywords         []string    `json:"keywords,omitempty"`
	MainEntityOfPage ldWebPage   `json:"mainEntityOfPage"`
	Publisher        ldPublisher `json:"publisher"`
	URL              string      `json:"url"`
	WordCount        int         `json:"wordCount"`
}

// ldThing is a schema.org Person or Organization known by name.
type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// ldWebPage is the schema.org WebPage an article is the main entity of.
type ldWebPage struct {
	ID   string `json:"@id"`
	Type string `json:"@type"`
}

// ldPublisher is the schema.org Organization that publishes the site.
type ldPublisher struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

// jsonLD returns schema.org NewsArticle structured data for an article
// page, for search engines. encoding/json escapes <, > and & so that no
// title can end the <script> element it is written into.
func jsonLD(s *site.Site, d *Data) (template.JS, error) {
	p := d.Page
	if p == nil {
		return "", nil
	}
	doc := newsArticle{
		Context:          "https://schema.org",
		Type:             "NewsArticle",
		Headline:         p.Title,
		MainEntityOfPage: ldWebPage{ID: p.Permalink, Type: "WebPage"},
		URL:              p.Permalink,
		Publisher:        ldPublisher{Type: "Organization", Name: s.Config.Title, URL: s.AbsURL("")},
		InLanguage:       d.Lang,
		WordCount:        p.WordCount,
		Description:      d.Description,
	}
	if !p.Date.IsZero() {
		doc.DatePublished = p.Date.Format(time.RFC3339)
		doc.DateModified = p.Lastmod.Format(time.RFC3339)
	}
	for _, name := range p.Authors {
		doc.Author = append(doc.Author, ldThing{Type: "Person", Name: name})
	}
	if len(doc.Author) == 0 && p.Source != "" {
		// A news article scraped from another site was written there.
		doc.Author = append(doc.Author, ldThing{Type: "Organization", Name: p.Source})
	}
	if len(doc.Author) == 0 && s.Config.Author.Name != "" {
		doc.Author = append(doc.Author, ldThing{Type: "Person", Name: s.Config.Author.Name})
	}
	if len(doc.Author) == 0 {
		doc.Author = append(doc.Author, ldThing{Type: "Organization", Name: s.Config.Title})
	}
	if img := pageImage(s, p); img != "" {
		doc.Image = []string{img}
	}
	if len(p.Tags) > 0 {
		doc.Keywords = p.Tags
	}
	if len(p.Categories) > 0 {
		doc.ArticleSection = &p.Categories[0]
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}
