package feed

import (
	"encoding/json"

	"github.com/gorilla/feeds"
)

// jsonDoc is gorilla's JSONFeed with an items array that is never left
// out: JSON Feed requires it, and gorilla's omitempty drops it from a feed
// with no items. The outer field hides gorilla's.
type jsonDoc struct {
	*feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

// jsonItem is gorilla's item with the article's language where it differs
// from the site's.
type jsonItem struct {
	*feeds.JSONItem
	Language string `json:"language,omitempty"`
}

// encodeJSON encodes d as JSON Feed 1.1. encoding/json escapes <, > and &
// in strings, so no title or content can close a <script> that embeds the
// feed.
func encodeJSON(d *doc) ([]byte, error) {
	jf := (&feeds.JSON{Feed: d.feed}).JSONFeed()
	jf.FeedUrl = d.selfURL(JSON)
	jf.Language = d.lang
	author := &feeds.JSONAuthor{Name: d.author.name, Url: d.site.AbsURL("")}
	jf.Author, jf.Authors = author, []*feeds.JSONAuthor{author}
	x := &jsonDoc{JSONFeed: jf, Items: make([]*jsonItem, 0, len(jf.Items))}
	for i, ji := range jf.Items {
		it := d.items[i]
		// gorilla copies the HTML description into summary, which JSON Feed
		// defines as plain text.
		ji.Summary = it.summaryText
		ji.ContentHTML = it.contentHTML
		ji.Tags = termNames(it)
		ji.Author, ji.Authors = nil, nil
		for _, a := range it.authors {
			ji.Authors = append(ji.Authors, &feeds.JSONAuthor{Name: a.name})
		}
		if len(ji.Authors) > 0 {
			ji.Author = ji.Authors[0] // JSON Feed 1.0 readers
		}
		xi := &jsonItem{JSONItem: ji}
		if it.page.Lang != "" && it.page.Lang != d.lang {
			xi.Language = it.page.Lang
		}
		x.Items = append(x.Items, xi)
	}
	jf.Items = nil
	data, err := json.Marshal(x)
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
