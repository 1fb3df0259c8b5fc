// Package content reads a site's content/ folder into Articles.
//
// It owns every input format: Markdown with YAML or TOML front matter (the
// only user of goldmark in folio) and plain-text news articles as scraped
// from news sites. It knows nothing of URLs, templates or the disk: it takes
// an fs.FS and returns values, so that tests run on fstest.MapFS and the site
// model can be built from any source.
package content

import (
	"time"

	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
)

// Format names the input format an Article was read from.
type Format string

// The input formats folio reads.
const (
	Markdown Format = "markdown"
	News     Format = "news"
)

// Article is one piece of content: its metadata and its body rendered to
// HTML. Field names follow Hugo's page variables where one exists, so that
// templates read the same to people who switch.
type Article struct {
	// Path is the file's path under content/, with forward slashes
	// (e.g. "2021/hello.md"). It identifies the article in errors.
	Path string
	// Section is the first directory of Path ("" for files at the top).
	Section string
	// Format is the format the file was read as.
	Format Format

	Title    string
	Subtitle string // the deck under the headline; "" if none
	// Date is the publication date. It is zero when the article has none.
	Date time.Time
	// Lastmod is the last modification date; it defaults to Date.
	Lastmod time.Time
	// PublishDate and ExpiryDate schedule an article: it is left out of a
	// build before PublishDate and after ExpiryDate (zero means unset).
	PublishDate time.Time
	ExpiryDate  time.Time
	Draft       bool
	// Aliases are old URL paths of the article, where redirect pages are
	// written (for archives that moved).
	Aliases []string
	// TOC asks for a table of contents (true) or none (false); nil leaves
	// it to the site's [markdown] toc_min_words.
	TOC *bool
	// Headings are the article's section headings, for a table of contents.
	Headings []Heading
	// Slug is the front matter slug, or one made from the title, or from the
	// file name when there is no usable title.
	Slug string
	// URL is an explicit path from front matter that replaces the permalink
	// pattern ("" when not set).
	URL         string
	Description string
	Tags        []string
	Categories  []string
	Authors     []string
	// Lang is the article's language tag ("" means the site's language).
	Lang string
	// Params holds every front matter key folio does not know, for templates
	// (e.g. {{ .Params.image }}). Keys are lower-cased as in Hugo.
	Params map[string]any

	// body is the rendered body, read with Content.
	body storedBody
	// Summary is the rendered summary: the part before <!--more-->, else the
	// summary front matter key, else the first paragraph.
	Summary template.HTML
	// Truncated reports whether Summary is shorter than Content, so that
	// templates know when to show a "read more" link.
	Truncated bool
	// WordCount is the number of words in the body text.
	WordCount int
	// ReadingTime is the estimated reading time in whole minutes (at least 1).
	ReadingTime int

	// Source and SourceID identify a news article at the site it was scraped
	// from ("kayhan.ir", "88056"); both are empty for Markdown articles.
	// Feeds build stable item IDs from them.
	Source   string
	SourceID string
	// Dateline is the place and agency that open a news article's first
	// paragraph ("TEHRAN", "Dispatches"), or nil.
	Dateline *Dateline
}

// Heading is a section heading of an article.
type Heading struct {
	Level int    // 2 for ##, 3 for ###, …
	ID    string // the id attribute, for links to the section
	Text  string // the heading's plain text
}

// Dateline is the place and agency line that opens a news report.
type Dateline struct {
	Place  string
	Agency string
}

// wordsPerMinute is the reading speed used for ReadingTime; Hugo uses the
// same figure for languages with spaces between words.
const wordsPerMinute = 213

func readingTime(words int) int {
	m := (words + wordsPerMinute - 1) / wordsPerMinute
	if m < 1 {
		m = 1
	}
	return m
}

// Content returns the rendered body. A large build keeps bodies out of
// memory (see WithSpool), so Content may read the body back from disk; the
// error reports a failed read. Templates call it as {{ .Content }}.
func (a *Article) Content() (template.HTML, error) { return a.body.get() }

// SetContent sets the rendered body, for code that makes articles itself
// (importers, tests).
func (a *Article) SetContent(h template.HTML) { a.body = storedBody{html: h} }
