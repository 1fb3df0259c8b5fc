package feed

import (
	"encoding/xml"
	"time"

	"github.com/gorilla/feeds"
)

// atomDoc is gorilla's AtomFeed with xml:lang, two links (gorilla has room
// for one: we need rel="self" and rel="alternate") and entries of our own.
// Fields here hide gorilla's fields of the same XML name.
type atomDoc struct {
	XMLName xml.Name `xml:"feed"`
	*feeds.AtomFeed
	Lang    string           `xml:"xml:lang,attr,omitempty"`
	Links   []feeds.AtomLink `xml:"link"`
	Entries []*atomEntry     `xml:"entry"`
}

// atomEntry is gorilla's entry with categories that have the term
// attribute Atom requires (gorilla writes <category>Go</category>), every
// author rather than one, and xml:lang where an article's language differs
// from the site's.
type atomEntry struct {
	XMLName xml.Name `xml:"entry"`
	*feeds.AtomEntry
	Lang       string              `xml:"xml:lang,attr,omitempty"`
	Categories []atomCategory      `xml:"category"`
	Authors    []*feeds.AtomAuthor `xml:"author"`
}

// atomCategory is an Atom <category term="…" scheme="…"/>. The scheme is the
// URL of the taxonomy's index, so that a tag and a category of the same
// name stay apart.
type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
}

// encodeAtom encodes d as Atom 1.0, dates in RFC 3339 with each article's
// own offset.
func encodeAtom(d *doc) ([]byte, error) {
	af := (&feeds.Atom{Feed: d.withoutItems()}).AtomFeed()
	self := d.selfURL(Atom)
	af.Id = self
	af.Updated = d.updated().Format(time.RFC3339)
	af.Link, af.Category = nil, ""
	af.Entries = nil
	x := &atomDoc{
		AtomFeed: af,
		Lang:     d.lang,
		Links: []feeds.AtomLink{
			{Href: self, Rel: "self", Type: formats[Atom].mime},
			{Href: d.home, Rel: "alternate", Type: "text/html"},
		},
	}
	data, err := marshalXML(x)
	if err != nil {
		return nil, err
	}
	// Entries are the feed's last elements: each, encoded once for all
	// feeds, goes before the closing tag, one level in.
	return spliceXML(data, "\n</feed>", d.items, atomIndex, 1, func(it *item) any { return atomEntryOf(it, d.lang) })
}

// atomEntryOf converts an item to an Atom entry; lang is the site's
// language.
func atomEntryOf(it *item, lang string) *atomEntry {
	e := (&feeds.Atom{Feed: &feeds.Feed{Items: []*feeds.Item{it.model}}}).AtomFeed().Entries[0]
	e.Published = it.model.Created.Format(time.RFC3339)
	e.Links = []feeds.AtomLink{{Href: it.page.Permalink, Rel: "alternate", Type: "text/html"}}
	e.Category, e.Author = "", nil
	xe := &atomEntry{AtomEntry: e}
	if it.page.Lang != "" && it.page.Lang != lang {
		xe.Lang = it.page.Lang
	}
	for _, t := range it.terms {
		c := atomCategory{Term: t.Name}
		if t.Taxonomy != nil {
			c.Scheme = t.Taxonomy.Permalink
		}
		xe.Categories = append(xe.Categories, c)
	}
	for _, a := range it.authors {
		xe.Authors = append(xe.Authors, &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: a.name, Email: a.email}})
	}
	return xe
}
