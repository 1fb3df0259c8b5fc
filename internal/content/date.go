package content

import (
	"fmt"
	"strings"
	"time"
)

// dateLayouts are the date forms accepted in front matter, in the order
// tried. They are the forms Hugo accepts for front matter dates.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC822Z,
	time.RFC822,
}

// ParseDate reads a front matter date. A date without an offset is a wall
// clock time in loc (the site's time zone), not UTC: a newsroom in Tehran
// writing "2021-02-27 23:08" means 23:08 in Tehran.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		t, err := time.ParseInLocation(layout, s, loc)
		if err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)", s)
}

// inLocation reinterprets a TOML local date or date-time, which the TOML
// decoder returns in a placeholder zone, as a wall clock time in loc. Times
// with a real offset are returned unchanged.
func inLocation(t time.Time, loc *time.Location) time.Time {
	switch t.Location().String() {
	case "datetime-local", "date-local", "time-local":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	}
	return t
}
