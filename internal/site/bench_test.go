package site

import (
	"fmt"
	"testing"
	"time"

	"github.com/folio-ssg/folio/internal/content"
)

// benchStart is the first date of benchArticles.
var benchStart = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// benchArticles makes n articles under articles/, dated in shuffled
// order, with three of the given number of tags each.
func benchArticles(n, tags int) []*content.Article {
	articles := make([]*content.Article, n)
	for i := range articles {
		articles[i] = &content.Article{
			Path:  fmt.Sprintf("articles/a%05d.md", i),
			Title: fmt.Sprint("Article ", i),
			Slug:  fmt.Sprint("article-", i),
			Date:  benchStart.Add(time.Duration(i*7919%n) * time.Hour),
			Tags:  []string{fmt.Sprint("t", i%tags), fmt.Sprint("t", i*7%tags), fmt.Sprint("t", i*13%tags)},
		}
	}
	return articles
}

// BenchmarkNew models a 10,000-article site with 150 tags, three per
// article, with bench/compare.sh's permalinks and no date archives: the
// part of a build that runs on one goroutine between loading and
// rendering.
func BenchmarkNew(b *testing.B) {
	articles := benchArticles(10000, 150)
	cfg := DefaultConfig()
	cfg.Permalink = "/articles/:slug/"
	cfg.Archives = false
	for b.Loop() {
		if _, err := New(cfg, articles, nil, Options{Now: benchStart.AddDate(10, 0, 0)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRelated finds the related articles of every article of a
// 10,000-article site with 150 tags, three per article, as rendering
// does (the site is modelled once, outside the timing).
func BenchmarkRelated(b *testing.B) {
	s, err := New(DefaultConfig(), benchArticles(10000, 150), nil, Options{Now: benchStart.AddDate(10, 0, 0)})
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
