package content

import (
	"bytes"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/folio-ssg/folio/internal/newstext"
)

// NewsToMarkdown converts a plain-text news article into a Markdown article
// with YAML front matter, for people who want to edit it by hand. The
// conversion is lossless: the result renders to the same body, and carries
// the source, News ID and dateline that feeds and templates use.
func (l *Loader) NewsToMarkdown(rel string, data []byte) ([]byte, error) {
	a, lerr := l.ParseNews(rel, data)
	if lerr != nil {
		return nil, lerr
	}
	doc := frontMatterDoc(a)
	var out bytes.Buffer
	out.WriteString("---\n")
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	enc.Close()
	out.WriteString("---\n")
	for _, p := range newsParagraphs(data, l.loc) {
		out.WriteString("\n")
		out.WriteString(escapeMarkdown(p))
		out.WriteString("\n")
	}
	return out.Bytes(), nil
}

// frontMatterDoc lists the front matter of an imported article in a fixed,
// readable order.
func frontMatterDoc(a *Article) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v any) {
		var n yaml.Node
		if err := n.Encode(v); err != nil {
			panic(err) // only plain values are encoded here
		}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, &n)
	}
	add("title", a.Title)
	if a.Subtitle != "" {
		add("subtitle", a.Subtitle)
	}
	if !a.Date.IsZero() {
		add("date", a.Date.Format(time.RFC3339))
	}
	add("slug", a.Slug)
	if a.Lang != "" {
		add("lang", a.Lang)
	}
	if len(a.Authors) > 0 {
		add("authors", a.Authors)
	}
	add("source", a.Source)
	if a.SourceID != "" {
		add("source_id", a.SourceID)
	}
	if a.Dateline != nil {
		d := map[string]string{"place": a.Dateline.Place}
		if a.Dateline.Agency != "" {
			d["agency"] = a.Dateline.Agency
		}
		add("dateline", d)
	}
	keys := make([]string, 0, len(a.Params))
	for k := range a.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add(k, a.Params[k])
	}
	return m
}

// newsParagraphs returns the body paragraphs as ParseNews reads them, the
// first without its dateline.
func newsParagraphs(data []byte, loc *time.Location) []string {
	doc, err := newstext.Parse(data, loc)
	if err != nil {
		return nil
	}
	return doc.Paragraphs
}

// escapeMarkdown escapes the characters of one paragraph of plain text
// that Markdown (with GFM and the typographer) would otherwise read as
// markup, so the paragraph renders as exactly the same text. Ordinary
// punctuation is left alone where it cannot start markup, to keep the
// article pleasant to edit.
func escapeMarkdown(p string) string {
	var b strings.Builder
	for i, r := range p {
		next, _ := utf8.DecodeRuneInString(p[i+utf8.RuneLen(r):])
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '&', '~', '|', '$':
			b.WriteByte('\\')
		case '#', '+', '=':
			if b.Len() == 0 {
				b.WriteByte('\\')
			}
		case '-':
			if b.Len() == 0 || next == '-' {
				b.WriteByte('\\')
			}
		case '.':
			lower := strings.ToLower(b.String())
			if next == '.' || isAllDigits(b.String()) && b.Len() > 0 || strings.HasSuffix(lower, "www") {
				// "..." would become an ellipsis, "2021. " a list item and
				// "www.example.org" a link.
				b.WriteByte('\\')
			}
		case ')':
			if isAllDigits(b.String()) && b.Len() > 0 {
				b.WriteByte('\\')
			}
		case '!':
			if next == '[' {
				b.WriteByte('\\')
			}
		case ':':
			// "https://…" would become a link (GFM autolinks).
			if strings.HasPrefix(p[i:], "://") {
				b.WriteByte('\\')
			}
		case '"', '\'':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isAllDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
