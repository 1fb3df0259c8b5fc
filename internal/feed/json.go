package feed

import (
	"bytes"
	"encoding/json"
	"fmt"

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
	jf := (&feeds.JSON{Feed: d.withoutItems()}).JSONFeed()
	jf.FeedUrl = d.selfURL(JSON)
	jf.Language = d.lang
	author := &feeds.JSONAuthor{Name: d.author.name, Url: d.site.AbsURL("")}
	jf.Author, jf.Authors = author, []*feeds.JSONAuthor{author}
	jf.Items = nil
	data, err := json.Marshal(&jsonDoc{JSONFeed: jf, Items: []*jsonItem{}})
	if err != nil {
		return nil, err
	}
	// The items, each encoded once for all feeds, go into the empty array.
	// `"items":[]` cannot occur inside a JSON string, where its quotes
	// would be escaped.
	at := bytes.LastIndex(data, []byte(`"items":[]`))
	if at < 0 {
		return nil, fmt.Errorf("JSON Feed without its items array")
	}
	at += len(`"items":[`)
	var b bytes.Buffer
	b.Write(data[:at])
	for i, it := range d.items {
		if i > 0 {
			b.WriteByte(',')
		}
		err := it.encoded[jsonIndex].use(func() ([]byte, error) { return json.Marshal(jsonItemOf(it, d.lang)) }, func(frag []byte) { b.Write(frag) })
		if err != nil {
			return nil, err
		}
	}
	b.Write(data[at:])
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// jsonItemOf converts an item to JSON Feed; lang is the site's language.
func jsonItemOf(it *item, lang string) *jsonItem {
	ji := (&feeds.JSON{Feed: &feeds.Feed{Items: []*feeds.Item{it.model}}}).JSONFeed().Items[0]
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
	if it.page.Lang != "" && it.page.Lang != lang {
		xi.Language = it.page.Lang
	}
	return xi
}
