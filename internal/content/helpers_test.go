package content

import (
	"fmt"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

func fmtAny(v any) string { return fmt.Sprint(v) }

// contentOf returns an article's rendered body, or the read error as text
// (which no expected body holds).
func contentOf(a *Article) string {
	h, err := a.Content()
	if err != nil {
		return "ERROR: " + err.Error()
	}
	return string(h)
}
