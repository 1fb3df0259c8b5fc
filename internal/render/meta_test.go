package render

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/folio-ssg/folio/internal/content"
	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
	"github.com/folio-ssg/folio/internal/site"
)

// jsonLDMaps is jsonLD as it was first written, with maps: jsonLD must
// give the same bytes.
func jsonLDMaps(s *site.Site, d *Data) (template.JS, error) {
	p := d.Page
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
	return template.JS(b), err
}

func TestJSONLD(t *testing.T) {
	date := time.Date(2021, 2, 3, 4, 5, 6, 0, time.FixedZone("", 3*3600+1800))
	articles := []*content.Article{
		{Path: "a.md", Slug: "a", Title: `Tom & Jerry <script>"x"</script>`, Date: date, Lastmod: date.Add(time.Hour),
			Tags: []string{"go", "<b>"}, Categories: []string{"News & views"}, Authors: []string{"Ada", "Grace \u2028 Hopper"},
			Params: map[string]any{"image": "cover.jpg"}, WordCount: 42},
		{Path: "b.md", Slug: "b", Title: "No date, a source", Source: "kayhan.ir", Params: map[string]any{"image": "/img/x.png"}},
		{Path: "c.md", Slug: "c", Title: "Empty tags", Date: date, Lastmod: date, Categories: []string{"Opinion", "News"}, Tags: []string{}},
		{Path: "d.md", Slug: "d", Title: "", Date: date, Lastmod: date, Params: map[string]any{"image": "https://cdn.example/x.jpg"}},
	}
	for _, author := range []string{"", "Site Author"} {
		cfg := site.DefaultConfig()
		cfg.BaseURL, cfg.Title, cfg.Author.Name = "https://example.org/blog/", "Site <&> Title", author
		s, err := site.New(cfg, articles, nil, site.Options{Now: date.AddDate(1, 0, 0)})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range s.Pages {
			for _, d := range []*Data{{Page: p, Lang: "en", Description: "A <description> & more"}, {Page: p}} {
				want, err1 := jsonLDMaps(s, d)
				got, err2 := jsonLD(s, d)
				if err1 != nil || err2 != nil || got != want {
					t.Errorf("%s: jsonLD =\n%s, %v\nwant\n%s, %v", p.Path, got, err2, want, err1)
				}
			}
		}
	}
}

// FuzzJSONString checks that appendJSONString writes what
// encoding/json writes for the same string.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `Tom & Jerry <script>"x"</script>`, "a\\b\x00\x1f\x7f\b\f\n\r\t", "line\u2028para\u2029", "bad \xff\xfe utf-8 \xe2\x80", "é 中文 😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got[1:], want)
		}
	})
}

// BenchmarkJSONLD writes the structured data of a typical news article
// page, as every article page does.
func BenchmarkJSONLD(b *testing.B) {
	date := time.Date(2024, 5, 22, 5, 38, 1, 0, time.UTC)
	cfg := site.DefaultConfig()
	cfg.BaseURL, cfg.Title = "https://example.org/", "Bench News"
	a := &content.Article{Path: "articles/a.md", Slug: "a-ager-sint", Title: "A ager sint asperiores esse illum fama ab corporis", Date: date, Lastmod: date,
		Tags: []string{"climate", "politics", "obituaries"}, Authors: []string{"Julius Okafor"}, WordCount: 869}
	s, err := site.New(cfg, []*content.Article{a}, nil, site.Options{Now: date.AddDate(1, 0, 0)})
	if err != nil {
		b.Fatal(err)
	}
	d := &Data{Page: s.Pages[0], Lang: "en", Description: "Quas sint quaerat ut consequuntur repellendus mors minus legio lux qui salus ut sed dolores."}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jsonLD(s, d); err != nil {
			b.Fatal(err)
		}
	}
}
