package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/gorilla/feeds"
)

// XML namespaces the RSS feed declares.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
)

// rssDoc is gorilla's RssFeedXml with the atom and dc namespaces declared,
// which its fixed set of attributes has no room for.
type rssDoc struct {
	XMLName   xml.Name `xml:"rss"`
	Version   string   `xml:"version,attr"`
	NSContent string   `xml:"xmlns:content,attr"`
	NSAtom    string   `xml:"xmlns:atom,attr"`
	NSDC      string   `xml:"xmlns:dc,attr"`
	Channel   *rssChannel
}

// rssChannel is gorilla's channel with an atom:link rel="self" (readers and
// validators use it to know where the feed lives) and items of our own.
// Fields here hide gorilla's fields of the same XML name.
type rssChannel struct {
	XMLName xml.Name `xml:"channel"`
	*feeds.RssFeed
	Self  rssAtomLink `xml:"atom:link"`
	Items []*rssItem  `xml:"item"`
}

// rssAtomLink is the channel's <atom:link>.
type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

// rssItem is gorilla's item with one <category> per term (gorilla has a
// single one) and dc:creator for authors whose e-mail the site does not
// know, since RSS's own <author> must hold an e-mail address.
type rssItem struct {
	XMLName xml.Name `xml:"item"`
	*feeds.RssItem
	Categories []string `xml:"category"`
	Creators   []string `xml:"dc:creator"`
}

// encodeRSS encodes d as RSS 2.0. Dates are RFC 1123 with a numeric offset,
// in each article's own time zone ("Sat, 27 Feb 2021 23:08:00 +0330").
func encodeRSS(d *doc) ([]byte, error) {
	ch := (&feeds.Rss{Feed: d.withoutItems()}).RssFeed()
	ch.Language = d.lang
	ch.Generator = "folio"
	// gorilla writes " (Name)" when there is no e-mail, which is no address.
	ch.ManagingEditor = ""
	if d.author.email != "" {
		ch.ManagingEditor = rssPerson(d.author)
	}
	ch.Items = nil
	c := &rssChannel{
		RssFeed: ch,
		Self:    rssAtomLink{Href: d.selfURL(RSS), Rel: "self", Type: formats[RSS].mime},
	}
	data, err := marshalXML(&rssDoc{Version: "2.0", NSContent: nsContent, NSAtom: nsAtom, NSDC: nsDC, Channel: c})
	if err != nil {
		return nil, err
	}
	// Items are the channel's last elements: each, encoded once for all
	// feeds, goes before the channel's closing tag, two levels in.
	return spliceXML(data, "\n  </channel>", d.items, rssIndex, 2, rssItemOf)
}

// rssItemOf converts an item to RSS.
func rssItemOf(it *item) any {
	ri := (&feeds.Rss{Feed: &feeds.Feed{Items: []*feeds.Item{it.model}}}).RssFeed().Items[0]
	x := &rssItem{RssItem: ri, Categories: termNames(it)}
	ri.Author = ""
	if len(it.authors) == 1 && it.authors[0].email != "" {
		ri.Author = rssPerson(it.authors[0])
	} else {
		for _, a := range it.authors {
			x.Creators = append(x.Creators, a.name)
		}
	}
	return x
}

func rssPerson(p person) string {
	if p.name == "" {
		return p.email
	}
	return p.email + " (" + p.name + ")"
}

// termNames returns the names of an item's terms, each once.
func termNames(it *item) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range it.terms {
		if !seen[t.Name] {
			seen[t.Name] = true
			out = append(out, t.Name)
		}
	}
	return out
}

// spliceXML inserts the items' encodings, each made once per item and
// format (index f of item.encoded) by encoding convert(item) as depth
// levels in, before the last occurrence of closing in doc, an indented
// document encoded without them. The bytes are those of encoding the
// document with its items in place.
func spliceXML(doc []byte, closing string, items []*item, f, depth int, convert func(*item) any) ([]byte, error) {
	at := bytes.LastIndex(doc, []byte(closing))
	if at < 0 {
		return nil, fmt.Errorf("feed without %q", strings.TrimSpace(closing))
	}
	var b bytes.Buffer
	b.Write(doc[:at])
	for _, it := range items {
		err := it.encoded[f].use(func() ([]byte, error) {
			var e bytes.Buffer
			enc := xml.NewEncoder(&e)
			enc.Indent(strings.Repeat("  ", depth), "  ")
			if err := enc.Encode(convert(it)); err != nil {
				return nil, err
			}
			return e.Bytes(), nil
		}, func(frag []byte) {
			b.WriteByte('\n')
			b.Write(frag)
		})
		if err != nil {
			return nil, err
		}
	}
	b.Write(doc[at:])
	return b.Bytes(), nil
}

// marshalXML encodes v as an indented XML document ending in a newline.
func marshalXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	e := xml.NewEncoder(&b)
	e.Indent("", "  ")
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
