package content

import (
	"errors"
	"html"
	"path"
	"strings"

	"github.com/folio-ssg/folio/internal/newstext"
	"github.com/folio-ssg/folio/internal/slug"
)

// ParseNews reads a plain-text news article as scraped from a news site
// (see package newstext for the format); rel is its path under content/.
// The text is escaped, never read as Markdown or HTML: each line is one
// paragraph, and "2021." at the start of a line stays text.
func (l *Loader) ParseNews(rel string, data []byte) (*Article, *lineError) {
	doc, err := newstext.Parse(data, l.loc)
	if err != nil {
		var perr *newstext.ParseError
		if errors.As(err, &perr) {
			return nil, &lineError{perr.Line, errors.New("news article: " + perr.Msg)}
		}
		return nil, &lineError{1, err}
	}
	a := &Article{
		Path:     rel,
		Format:   News,
		Title:    doc.Title,
		Subtitle: doc.Subtitle,
		Lang:     doc.Language,
		Source:   doc.Source,
		SourceID: doc.SourceID,
	}
	if dir := path.Dir(rel); dir != "." {
		a.Section, _, _ = strings.Cut(dir, "/")
	}
	if doc.HasDate {
		a.Date, a.Lastmod = doc.Date, doc.Date
	}
	if doc.Author != "" {
		a.Authors = []string{doc.Author}
	}
	for _, p := range doc.Params {
		if a.Params == nil {
			a.Params = map[string]any{}
		}
		a.Params[strings.ToLower(p.Key)] = p.Value
	}
	if doc.Dateline != nil {
		a.Dateline = &Dateline{Place: doc.Dateline.Place, Agency: doc.Dateline.Agency}
	}
	a.Slug = newsSlug(doc.Title, doc.SourceID, rel)

	var body strings.Builder
	for i, p := range doc.Paragraphs {
		body.WriteString("<p>")
		if i == 0 && a.Dateline != nil {
			body.WriteString(datelineHTML(a.Dateline))
		}
		body.WriteString(html.EscapeString(p))
		body.WriteString("</p>\n")
		a.WordCount += len(strings.Fields(p))
		if i == 0 {
			a.Summary = safeHTML(body.String())
		}
	}
	a.body.html = safeHTML(body.String())
	a.Truncated = len(doc.Paragraphs) > 1
	a.ReadingTime = readingTime(a.WordCount)
	return a, nil
}

// datelineHTML renders a dateline set apart from the text it opens, with
// an em dash where the scraped text had "--".
func datelineHTML(d *Dateline) string {
	s := `<span class="dateline">` + html.EscapeString(d.Place)
	if d.Agency != "" {
		s += " (" + html.EscapeString(d.Agency) + ")"
	}
	return s + "</span> — "
}

// newsSlug makes the slug of a news article from its headline. A headline
// with no Latin letters (a Persian one, say) gives "news-<News ID>" rather
// than a transliteration nobody can read, or the file name without an ID.
func newsSlug(title, sourceID, rel string) string {
	if slug.HasLatin(title) {
		if s := slug.Make(title); s != "" {
			return s
		}
	}
	if id := slug.Make(sourceID); id != "" {
		return "news-" + id
	}
	return slug.Make(strings.TrimSuffix(path.Base(rel), path.Ext(rel)))
}
