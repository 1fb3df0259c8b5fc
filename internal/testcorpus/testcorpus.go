// Package testcorpus writes a site of generated news articles for the
// benchmarks of each stage of the build (load, render, feeds, search,
// write), so that they run anywhere with `go test -bench`, without the
// Python generator in ../shared/bench.
//
// The articles have the shape of that generator's: YAML front matter with
// title, slug, date, author, tags and description, then 600 to 1,200 words
// of Markdown with headings, a list, links, emphasis, a blockquote and, in
// one article in ten, a fenced code block. Article i depends only on the
// seed and i, so benchmarks are repeatable.
//
// Set FOLIO_BENCH_SITE to a site folder (for instance one made by
// bench/compare.sh) to benchmark on it instead; Site returns that folder.
package testcorpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Site returns a site folder holding n generated articles under
// content/articles/ and a folio.toml like the one bench/compare.sh writes,
// made in dir; or the folder named by FOLIO_BENCH_SITE when that is set.
func Site(dir string, n int) (string, error) {
	if env := os.Getenv("FOLIO_BENCH_SITE"); env != "" {
		return env, nil
	}
	articles := filepath.Join(dir, "content", "articles")
	if err := os.MkdirAll(articles, 0o755); err != nil {
		return "", err
	}
	config := "title = \"Bench News\"\nbase_url = \"https://example.org/\"\npaginate = 10\npermalink = \"/articles/:slug/\"\n"
	if err := os.WriteFile(filepath.Join(dir, "folio.toml"), []byte(config), 0o644); err != nil {
		return "", err
	}
	for i := range n {
		slug, text := Article(1, i)
		if err := os.WriteFile(filepath.Join(articles, slug+".md"), []byte(text), 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

var (
	words = strings.Fields(`a ab accusamus ad adipisci alias aliquam amet animi aperiam
		architecto at atque aut autem beatae causa civitas commodi consul corporis culpa
		cum debitis deleniti dicta dolor dolore dolores ea earum eius enim eos esse est et
		eum ex facere facilis fuga harum hic id illo in ipsa ipsum iste iure labore libero
		magnam minima modi nam natus nemo neque nihil nisi non nulla odio omnis optio porro
		quae quam qui quia quis quo ratio rem rerum saepe sed sequi sint sit sunt tempora
		totam unde ut vel velit vero vitae senatus populus urbs imperium legio forum portus
		navis via aqua terra annus dies nox lux ventus flumen mons silva domus templum liber
		nuntius fama bellum pax lex ius iudex poena pecunia aurum frumentum vinum opus ars`)
	tags = strings.Fields(`politics economy elections climate energy health science technology
		education business markets finance housing transport aviation shipping agriculture
		food water environment weather floods space physics medicine hospitals sports
		football tennis cycling culture music film theatre books art design architecture
		travel history religion law courts police crime immigration diplomacy defence
		security privacy internet software robotics startups employment wages pensions
		taxes budget inflation trade mining oil solar wind nuclear cities rural media
		retail logistics insurance charity families youth ageing parliament europe asia
		africa americas oceania arctic obituaries opinion analysis interview review`)
	authors = []string{"Aurelia Marcellus", "Bruno Castellan", "Cecilia Varro", "Decimus Orland",
		"Elena Fabricius", "Felix Anders", "Gaia Sorensen", "Hector Valens", "Iris Mendoza",
		"Julius Okafor", "Karin Lindqvist", "Lucius Brandt", "Marta Kowalska", "Nero Albright",
		"Octavia Reyes", "Paulus Havel", "Quinta Moreau", "Rufus Tanaka", "Sabina Costa"}
)

// Article returns the slug and the file of article i of the corpus seed.
func Article(seed uint64, i int) (slug, text string) {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	word := func() string { return words[r.IntN(len(words))] }
	sentence := func() string {
		n := 6 + r.IntN(12)
		ws := make([]string, n)
		for j := range ws {
			ws[j] = word()
		}
		switch r.IntN(8) {
		case 0:
			ws[1] = "*" + ws[1] + "*"
		case 1:
			ws[2] = "**" + ws[2] + "**"
		case 2:
			ws[3] = fmt.Sprintf("[%s](https://example.org/%s/%d)", ws[3], ws[4], r.IntN(1000))
		}
		s := strings.Join(ws, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	paragraph := func() string {
		n := 3 + r.IntN(5)
		ss := make([]string, n)
		for j := range ss {
			ss[j] = sentence()
		}
		return strings.Join(ss, " ")
	}

	titleWords := make([]string, 4+r.IntN(4))
	for j := range titleWords {
		titleWords[j] = word()
	}
	title := strings.Join(titleWords, " ")
	title = strings.ToUpper(title[:1]) + title[1:]
	slug = fmt.Sprintf("%s-%d", strings.Join(titleWords, "-"), i)
	date := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(5*365*24*60)) * time.Minute)
	var ts []string
	for range 1 + r.IntN(4) {
		t := tags[r.IntN(len(tags))]
		if !strings.Contains(" "+strings.Join(ts, " ")+" ", " "+t+" ") {
			ts = append(ts, t)
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\nslug: %s\ndate: %s\nauthor: %q\ntags: [%s]\ndescription: %q\n---\n\n",
		title, slug, date.Format(time.RFC3339), authors[r.IntN(len(authors))], strings.Join(ts, ", "), sentence())
	wordsWanted := 600 + r.IntN(600)
	for written, part := 0, 0; written < wordsWanted; part++ {
		var block string
		switch {
		case part > 0 && part%4 == 0:
			block = "## " + strings.TrimSuffix(sentence(), ".")
		case part == 3:
			items := make([]string, 3+r.IntN(3))
			for j := range items {
				items[j] = "- " + sentence()
			}
			block = strings.Join(items, "\n")
		case part == 5:
			block = "> " + paragraph()
		case part == 6 && i%10 == 0:
			block = "```go\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"tick\")\n}\n```"
		default:
			block = paragraph()
		}
		b.WriteString(block)
		b.WriteString("\n\n")
		written += len(strings.Fields(block))
	}
	return slug, b.String()
}
