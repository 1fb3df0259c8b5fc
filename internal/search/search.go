// Package search writes the index behind the site's search page: static
// JSON files that the page's script (templates/search.js) fetches, so that
// a site needs no search server.
//
// A 100,000-article archive must not make a reader download one huge file
// before the first result, so the index is sharded, as pagefind does it:
//
//	search/index.json           the manifest (Manifest): shard keys, article count, version
//	search/terms/<key>.json     the terms that start with <key>, each with its articles
//	search/docs/<n>.json        title, URL, date and excerpt of articles n*100 … n*100+99
//
// A query fetches the manifest, the term shards of its words, and then the
// document shards of the top results only.
//
// Article ids are positions in site.Pages, newest first, so a smaller id
// is a newer article and results sort by date without loading anything
// more. A term shard maps each term to two lists of ids, delta-encoded
// (each number is the difference from the one before, the first from 0):
// the articles with the term in the title, and those with it only in the
// text.
//
//	{"ferry":[[12,30],[3,1,7]], "ferryman":[[],[40]]}
//
// Term shards are keyed by the first letter of their terms; a shard that
// would grow past about 32 KB is split by the first two letters, then
// three, up to six, so that a common word's shard is not also the shard of
// every word that shares its first letters. A term lives in the shard of
// the longest key in the manifest that starts it. Shard files of keys outside a-z and 0-9 are named by the hex
// of the key's UTF-8 bytes after an "x" ("xd8a7.json"), so that no server
// or file system has to handle non-ASCII file names.
//
// The output depends only on the site: keys are sorted and ids follow the
// site's order, so two builds of the same site write identical bytes, and
// the manifest's version (a hash of every shard) changes exactly when the
// index does. The script adds it to the shard URLs, so a browser never
// mixes the shards of two builds.
package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/folio-ssg/folio/internal/content"
	"github.com/folio-ssg/folio/internal/site"
)

// Dir is the output folder of the index.
const Dir = "search"

// ManifestFile is the manifest's output path, which the search page
// fetches first.
const ManifestFile = Dir + "/index.json"

// DocsPerShard is the number of articles per document shard. The top 20
// results of a rare word can come from 20 shards; at about 400 bytes an
// article, 100 articles a shard keeps that under a megabyte (a third of it
// compressed), while a common word's results, the newest articles, mostly
// share a shard or two.
const DocsPerShard = 100

// FormatVersion is the version of the index format, so that a script from
// one folio never misreads the index of another.
const FormatVersion = 1

const (
	// maxShardBytes is the size past which a term shard is split by one
	// more letter.
	maxShardBytes = 32 << 10
	// maxKeyRunes is the longest shard key: a shard keyed by six letters
	// is not split further, however large (it then mostly holds one word).
	maxKeyRunes = 6
	// excerptRunes is the length of an article's excerpt.
	excerptRunes = 240
	// batch is the number of articles analysed at a time on all CPUs; it
	// bounds the memory held for text not yet in the index.
	batch = 512
)

// Writer receives the index files; publish.Dir writes them to disk, and
// the preview keeps them in memory.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Manifest is search/index.json: what the search page needs to know
// before it fetches any shard.
type Manifest struct {
	// Format is FormatVersion.
	Format int `json:"format"`
	// Version is a hash of every shard, added to shard URLs as ?v= so
	// that caches never mix two builds.
	Version string `json:"version"`
	// Articles is the number of articles indexed.
	Articles int `json:"articles"`
	// DocsPerShard is the number of articles in each document shard.
	DocsPerShard int `json:"docsPerShard"`
	// Shards are the keys of the term shards, sorted.
	Shards []string `json:"shards"`
	// StopWords are the words the index leaves out, for the script to
	// drop from queries too.
	StopWords []string `json:"stopWords"`
}

// Doc is one article in a document shard: what a result shows.
type Doc struct {
	// Title is the headline, plain text.
	Title string `json:"title"`
	// URL is the article's URL path, base path included.
	URL string `json:"url"`
	// Date is the publication date as YYYY-MM-DD, "" for an undated page.
	Date string `json:"date,omitempty"`
	// Excerpt is the start of the summary (or text), plain, at most 240
	// characters, for the result's snippet.
	Excerpt string `json:"excerpt,omitempty"`
}

// Write writes the search index of the site's articles through w and
// returns the number of files written. The build calls it beside the
// feeds; the preview calls it when a file under search/ is first asked
// for. It analyses articles on all CPUs and writes each shard as soon as
// it is encoded, so only the index itself, compactly, is held in memory.
// A site with build_search_index off has no index: Write writes nothing.
func Write(s *site.Site, w Writer) (files int, err error) {
	if !s.Config.BuildSearchIndex {
		return 0, nil
	}
	idx, err := newIndex(s.Pages)
	if err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	err = idx.encode(func(name string, data []byte) error {
		if err := w.WriteFile(name, data); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		files++
		return nil
	})
	return files, err
}

// ShardFile returns the output path of the term shard with the given key.
func ShardFile(key string) string {
	ascii := true
	for i := 0; i < len(key); i++ {
		if c := key[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			ascii = false
			break
		}
	}
	if !ascii {
		key = "x" + hex.EncodeToString([]byte(key))
	}
	return Dir + "/terms/" + key + ".json"
}

// DocShardFile returns the output path of document shard n.
func DocShardFile(n int) string { return Dir + "/docs/" + strconv.Itoa(n) + ".json" }

// postings is a list of ascending article ids, delta-encoded as uvarints
// while the index is built: a 100,000-article index holds tens of millions
// of ids, mostly small gaps.
type postings struct {
	last int
	buf  []byte
}

func (p *postings) add(id int) {
	p.buf = binary.AppendUvarint(p.buf, uint64(id-p.last))
	p.last = id
}

// appendJSON writes the deltas as a JSON array.
func (p *postings) appendJSON(dst []byte) []byte {
	dst = append(dst, '[')
	for b, first := p.buf, true; len(b) > 0; first = false {
		v, n := binary.Uvarint(b)
		b = b[n:]
		if !first {
			dst = append(dst, ',')
		}
		dst = strconv.AppendUint(dst, v, 10)
	}
	return append(dst, ']')
}

type termEntry struct{ title, body postings }

type index struct {
	terms map[string]*termEntry
	docs  []Doc
}

// analysed is what the index takes from one article.
type analysed struct {
	doc         Doc
	title, body []string // distinct terms; body leaves out the title's
}

// newIndex analyses the pages on all CPUs. It fails if the body of a page
// cannot be read (see content.Article.Content).
func newIndex(pages []*site.Page) (*index, error) {
	idx := &index{terms: map[string]*termEntry{}, docs: make([]Doc, 0, len(pages))}
	results := make([]analysed, min(batch, len(pages)))
	analysers := make([]analyser, min(runtime.GOMAXPROCS(0), len(pages)))
	for start := 0; start < len(pages); start += batch {
		chunk := pages[start:min(start+batch, len(pages))]
		var wg sync.WaitGroup
		var next sync.Mutex
		i := 0
		var firstErr error
		for w := range min(len(analysers), len(chunk)) {
			wg.Add(1)
			go func(an *analyser) {
				defer wg.Done()
				for {
					next.Lock()
					j := i
					i++
					stop := firstErr != nil
					next.Unlock()
					if j >= len(chunk) || stop {
						return
					}
					var err error
					if results[j], err = an.analyse(chunk[j]); err != nil {
						next.Lock()
						if firstErr == nil {
							firstErr = err
						}
						next.Unlock()
					}
				}
			}(&analysers[w])
		}
		wg.Wait()
		if firstErr != nil {
			return nil, firstErr
		}
		for j, a := range results[:len(chunk)] {
			id := start + j
			idx.docs = append(idx.docs, a.doc)
			for _, t := range a.title {
				idx.entry(t).title.add(id)
			}
			for _, t := range a.body {
				idx.entry(t).body.add(id)
			}
			results[j] = analysed{}
		}
	}
	return idx, nil
}

func (idx *index) entry(t string) *termEntry {
	e := idx.terms[t]
	if e == nil {
		e = &termEntry{}
		idx.terms[t] = e
	}
	return e
}

// analyser reads articles for the index, one at a time; each worker has
// its own, whose buffers serve all its articles.
type analyser struct {
	terms  termScanner
	blocks blockScanner
	seen   termSet
	start  []byte   // the start of the text, for an excerpt
	body   []string // the body's terms, copied to the result at the end
}

// analyse reads an article's terms and its result entry. The text is read
// a block (paragraph, list item, …) at a time, so a long article is never
// held as plain text whole.
func (an *analyser) analyse(p *site.Page) (analysed, error) {
	body, err := p.Content()
	if err != nil {
		return analysed{}, fmt.Errorf("%s/%s: %w", content.Dir, p.Path, err)
	}
	a := analysed{doc: Doc{Title: p.Title, URL: p.RelPermalink}}
	if !p.Date.IsZero() {
		a.doc.Date = p.Date.Format("2006-01-02")
	}
	// The scanners hand out terms in their own buffers, which an.seen
	// turns into strings shared by all the articles that have them.
	an.seen.next()
	an.terms.each([]byte(p.Title), func(t []byte) {
		if s, ok := an.seen.add(t); ok {
			a.title = append(a.title, s)
		}
	})
	an.body = an.body[:0]
	addBody := func(t []byte) {
		if s, ok := an.seen.add(t); ok {
			an.body = append(an.body, s)
		}
	}
	for _, list := range [][]string{{p.Subtitle, p.Description}, p.Tags, p.Categories, p.Authors} {
		for _, s := range list {
			an.terms.each([]byte(s), addBody)
		}
	}
	an.start = an.start[:0]
	an.blocks.each(content.StripAnchors(string(body)), func(block []byte) {
		if n := 8*excerptRunes - len(an.start); n > 0 {
			an.start = append(an.start, cut(block, n)...)
			an.start = append(an.start, ' ')
		}
		an.terms.each(block, addBody)
	})

	a.body = slices.Clone(an.body)

	ex := plainText(string(p.Summary))
	if strings.TrimSpace(ex) == "" {
		ex = p.Description
	}
	if strings.TrimSpace(ex) == "" {
		ex = string(an.start)
	}
	a.doc.Excerpt = excerpt(ex, excerptRunes)
	return a, nil
}

// encode encodes the index and hands each file to write: term shards,
// document shards, then the manifest, whose version hashes the others. It
// stops at the first error.
func (idx *index) encode(write func(name string, data []byte) error) error {
	h := sha256.New()
	var err error
	emit := func(name string, data []byte) {
		if err == nil {
			fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
			h.Write(data)
			err = write(name, data)
		}
	}

	terms := make([]string, 0, len(idx.terms))
	for t := range idx.terms {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	entries := make([]encoded, len(terms))
	for i, t := range terms {
		e := idx.terms[t]
		b, _ := json.Marshal(t)
		b = append(b, ':', '[')
		b = e.title.appendJSON(b)
		b = append(b, ',')
		b = e.body.appendJSON(b)
		b = append(b, ']')
		entries[i] = encoded{term: t, json: b}
		delete(idx.terms, t) // the postings are encoded now
	}

	m := Manifest{Format: FormatVersion, Articles: len(idx.docs), DocsPerShard: DocsPerShard, Shards: []string{}, StopWords: StopWords}
	shard(entries, 1, func(key string, es []encoded) {
		var b bytes.Buffer
		b.WriteByte('{')
		for i, e := range es {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(e.json)
		}
		b.WriteString("}\n")
		m.Shards = append(m.Shards, key)
		emit(ShardFile(key), b.Bytes())
	})
	sort.Strings(m.Shards)

	for n := 0; n*DocsPerShard < len(idx.docs); n++ {
		docs := idx.docs[n*DocsPerShard : min((n+1)*DocsPerShard, len(idx.docs))]
		var b bytes.Buffer
		b.WriteString("[\n")
		for i, d := range docs {
			j, _ := json.Marshal(d)
			b.Write(j)
			if i < len(docs)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString("]\n")
		emit(DocShardFile(n), b.Bytes())
	}

	m.Version = hex.EncodeToString(h.Sum(nil)[:8])
	mb, _ := json.Marshal(m)
	emit(ManifestFile, append(mb, '\n'))
	return err
}

// encoded is one term's entry, JSON-encoded ("term":[[…],[…]]).
type encoded struct {
	term string
	json []byte
}

// shard groups sorted entries into shards by their first depth letters,
// splitting a group one letter deeper while it is too large (see the
// package documentation), and hands each shard to emit.
func shard(entries []encoded, depth int, emit func(key string, es []encoded)) {
	for i := 0; i < len(entries); {
		key := keyOf(entries[i].term, depth)
		size := len(entries[i].json)
		j := i + 1
		for ; j < len(entries) && keyOf(entries[j].term, depth) == key; j++ {
			size += len(entries[j].json) + 1
		}
		group := entries[i:j]
		i = j
		if size <= maxShardBytes || depth >= maxKeyRunes || len(group) == 1 {
			emit(key, group)
			continue
		}
		// Split: the term that is the key itself (sorted first, if there
		// is one) stays; the longer ones go one letter deeper.
		if group[0].term == key {
			emit(key, group[:1])
			group = group[1:]
		}
		shard(group, depth+1, emit)
	}
}
