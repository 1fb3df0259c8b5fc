package site

import (
	"fmt"
	"testing"
	"time"

	"github.com/folio-ssg/folio/internal/content"
)

// BenchmarkRelated finds the related articles of every article of a
// 10,000-article site with 150 tags, three per article, as rendering
// does (the site is modelled once, outside the timing).
func BenchmarkRelated(b *testing.B) {
	const n, tags = 10000, 150
	articles := make([]*content.Article, n)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range articles {
		articles[i] = &content.Article{
			Path:  fmt.Sprintf("a%05d.md", i),
			Title: fmt.Sprint("Article ", i),
			Slug:  fmt.Sprint("a", i),
			Date:  start.Add(time.Duration(i*7919%n) * time.Hour),
			Tags:  []string{fmt.Sprint("t", i%tags), fmt.Sprint("t", i*7%tags), fmt.Sprint("t", i*13%tags)},
		}
	}
	s, err := New(DefaultConfig(), articles, nil, Options{Now: start.AddDate(10, 0, 0)})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, p := range s.Pages {
			p.related = relatedOnce{}
			p.Related()
		}
	}
}
