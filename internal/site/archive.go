package site

import (
	"fmt"
	"time"
)

// Archive is the list of a year's or a month's articles, at /2021/ or
// /2021/02/: the URLs the default permalink makes hackable.
type Archive struct {
	Year  int
	Month time.Month // 0 for a year
	// Title is "2021" or "February 2021".
	Title string
	// Pages are the articles, newest first.
	Pages  []*Page
	Pagers []*Pager
	// Months are a year's months with articles, newest first.
	Months       []*Archive
	RelPermalink string
	Permalink    string
}

// Count is the number of articles in the archive.
func (a *Archive) Count() int { return len(a.Pages) }

// newArchives groups the dated pages by year and month.
func (s *Site) newArchives(claim func(out, file string) bool) {
	s.Archive = Link{Title: "Archive", RelPermalink: s.RelURL("archive/"), Permalink: s.AbsURL("archive/")}
	claim("archive/index.html", "(the archive)")
	var year, month *Archive
	for _, p := range s.Pages { // newest first
		if p.Date.IsZero() {
			continue
		}
		y, m := p.Date.Year(), p.Date.Month()
		if year == nil || year.Year != y {
			dir := fmt.Sprintf("%04d/", y)
			year = &Archive{Year: y, Title: fmt.Sprint(y), RelPermalink: s.RelURL(dir), Permalink: s.AbsURL(dir)}
			s.Years = append(s.Years, year)
			month = nil
		}
		if month == nil || month.Month != m {
			dir := fmt.Sprintf("%04d/%02d/", y, int(m))
			month = &Archive{Year: y, Month: m, Title: fmt.Sprintf("%s %d", m, y), RelPermalink: s.RelURL(dir), Permalink: s.AbsURL(dir)}
			year.Months = append(year.Months, month)
		}
		year.Pages = append(year.Pages, p)
		month.Pages = append(month.Pages, p)
	}
	for _, y := range s.Years {
		for _, a := range append([]*Archive{y}, y.Months...) {
			dir := fmt.Sprintf("%04d/", a.Year)
			if a.Month != 0 {
				dir += fmt.Sprintf("%02d/", int(a.Month))
			}
			a.Pagers = s.paginate(a.Pages, dir, s.Config.Paginate)
			for _, pg := range a.Pagers {
				claim(pg.OutputPath, "(the archive of "+a.Title+")")
			}
		}
	}
}
