package newstext

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// dateRE matches the date formats scrapers write: a date in one of three
// orders, then optionally a time after a dash, comma, "at" or a space, then
// optionally a zone. Matching is case-insensitive. It is compiled on first
// use, as datelineRE is: every folio process links this package, and
// most never read a news article.
var dateRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:` +
		`(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})` + // 27 February 2021
		`|([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})` + // February 27, 2021
		`|(\d{4})-(\d{1,2})-(\d{1,2})` + // 2021-02-27
		`)(?:(?:\s*[-–—,|]\s*|\s+at\s+|\s+|T)` +
		`(\d{1,2}):(\d{2})(?::(\d{2}))?` + // 23:08, 23:08:05
		`(?:\s*([ap])\.?m\.?)?` + // 11:08 pm
		`(?:\s*(z|utc|gmt|[+-]\d{2}:?\d{2}))?` + // +03:30
		`)?$`)
})

// months maps lower-case English month names and their abbreviations to
// months.
var months = map[string]time.Month{
	"jan": time.January, "january": time.January,
	"feb": time.February, "february": time.February,
	"mar": time.March, "march": time.March,
	"apr": time.April, "april": time.April,
	"may": time.May,
	"jun": time.June, "june": time.June,
	"jul": time.July, "july": time.July,
	"aug": time.August, "august": time.August,
	"sep": time.September, "sept": time.September, "september": time.September,
	"oct": time.October, "october": time.October,
	"nov": time.November, "november": time.November,
	"dec": time.December, "december": time.December,
}

// parseDate reads a publication date such as "27 February 2021 - 23:08".
// It accepts a day-month-year date with the month named in full or
// abbreviated ("27 Feb 2021"), a month-day-year one ("February 27, 2021")
// and ISO 8601 ("2021-02-27"), each optionally followed by a time of day
// ("23:08", "23:08:05", "11:08 pm") and a zone ("Z", "UTC", "+03:30").
// A date without a zone is in loc. Impossible dates such as 31 February
// are rejected rather than moved into the next month.
func parseDate(s string, loc *time.Location) (time.Time, bool) {
	m := dateRE().FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	var year, day int
	var month time.Month
	switch {
	case m[1] != "":
		day, month, year = atoi(m[1]), months[strings.ToLower(m[2])], atoi(m[3])
	case m[4] != "":
		month, day, year = months[strings.ToLower(m[4])], atoi(m[5]), atoi(m[6])
	default:
		year, month, day = atoi(m[7]), time.Month(atoi(m[8])), atoi(m[9])
	}
	if month < time.January || month > time.December || day < 1 {
		return time.Time{}, false
	}
	if t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC); t.Month() != month {
		return time.Time{}, false // 31 February
	}

	var hour, minute, sec int
	if m[10] != "" {
		hour, minute, sec = atoi(m[10]), atoi(m[11]), atoi(m[12])
		switch strings.ToLower(m[13]) {
		case "":
			if hour > 23 {
				return time.Time{}, false
			}
		case "a", "p":
			if hour < 1 || hour > 12 {
				return time.Time{}, false
			}
			hour %= 12
			if strings.EqualFold(m[13], "p") {
				hour += 12
			}
		}
		if minute > 59 || sec > 59 {
			return time.Time{}, false
		}
	}

	switch zone := strings.ToUpper(m[14]); zone {
	case "":
	case "Z", "UTC", "GMT":
		loc = time.UTC
	default:
		digits := strings.ReplaceAll(zone[1:], ":", "")
		h, mm := atoi(digits[:2]), atoi(digits[2:])
		if h > 14 || mm > 59 {
			return time.Time{}, false
		}
		offset := (h*60 + mm) * 60
		if zone[0] == '-' {
			offset = -offset
		}
		loc = time.FixedZone("", offset)
	}
	return time.Date(year, month, day, hour, minute, sec, 0, loc), true
}

// atoi converts a string of at most a few ASCII digits, as matched by
// dateRE, to an int. An empty string is zero.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
