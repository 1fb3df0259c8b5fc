package content

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// field is one top-level front matter key with its decoded value and the
// line of the file it stands on (for error messages).
type field struct {
	key   string // lower-cased, as Hugo does
	value any
	line  int
	// text is the value as written, for scalars: dates are read from it so
	// that a date without an offset is taken in the site's time zone rather
	// than the decoder's.
	text string
}

// splitFrontMatter separates front matter from body. It returns the format
// ("yaml", "toml" or "" when there is none), the front matter text, the body,
// and the 1-based line on which the body starts.
func splitFrontMatter(src []byte) (format string, fm, body []byte, bodyLine int, err error) {
	var delim string
	switch {
	case bytes.HasPrefix(src, []byte("---\n")):
		format, delim = "yaml", "---"
	case bytes.HasPrefix(src, []byte("+++\n")):
		format, delim = "toml", "+++"
	default:
		return "", nil, src, 1, nil
	}
	rest := src[4:]
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		next := len(rest) + 1
		if end >= 0 {
			l, next = rest[off:off+end], off+end+1
		} else {
			l = rest[off:]
		}
		t := string(bytes.TrimRight(l, " \t"))
		if t == delim || (format == "yaml" && t == "...") {
			body := rest[min(next, len(rest)):]
			return format, rest[:off], body, line + 1, nil
		}
		off = next
		line++
	}
	return "", nil, nil, 0, fmt.Errorf("front matter: the %s block opened on line 1 is never closed (add a line with %s after the last key)", delim, delim)
}

// yamlLine matches the "line N:" that YAML errors carry.
var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// parseYAML decodes YAML front matter that starts on file line first.
func parseYAML(fm []byte, first int) ([]field, error) {
	if fields, ok := parseSimpleYAML(fm, first); ok {
		return fields, nil
	}
	return parseFullYAML(fm, first)
}

// parseFullYAML is parseYAML by yaml.v3, for any YAML.
func parseFullYAML(fm []byte, first int) ([]field, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		msg := err.Error()
		line := first
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			if m[1] != "" {
				var n int
				fmt.Sscan(m[1], &n)
				line = first + n - 1
			}
			msg = msg[len(m[0]):]
		}
		return nil, &lineError{line, fmt.Errorf("front matter: YAML: %s", msg)}
	}
	if len(doc.Content) == 0 {
		return nil, nil // empty front matter
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &lineError{first + root.Line - 1, errors.New("front matter: expected key: value pairs")}
	}
	fields := make([]field, 0, len(root.Content)/2)
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var val any
		if err := v.Decode(&val); err != nil {
			return nil, &lineError{first + v.Line - 1, fmt.Errorf("front matter: %s: %v", k.Value, err)}
		}
		f := field{key: strings.ToLower(k.Value), value: val, line: first + k.Line - 1}
		if v.Kind == yaml.ScalarNode {
			f.text = v.Value
			if v.Tag == "!!null" {
				f.value = nil
			}
		}
		fields = append(fields, f)
	}
	return fields, nil
}

// tomlKeyLine finds the line of a top-level key in TOML text: the TOML
// decoder reports no positions for keys, only for syntax errors.
func tomlKeyLine(fm []byte, key string) int {
	for i, l := range strings.Split(string(fm), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			break // top-level keys come before the first table
		}
		k, _, ok := strings.Cut(t, "=")
		if ok && strings.EqualFold(strings.Trim(strings.TrimSpace(k), `"'`), key) {
			return i + 1
		}
	}
	return 1
}

// parseTOML decodes TOML front matter that starts on file line first.
func parseTOML(fm []byte, first int) ([]field, error) {
	m := map[string]any{}
	md, err := toml.Decode(string(fm), &m)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, &lineError{first + perr.Position.Line - 1, fmt.Errorf("front matter: TOML: %s", perr.Message)}
		}
		return nil, &lineError{first, fmt.Errorf("front matter: TOML: %v", err)}
	}
	var fields []field
	for _, k := range md.Keys() {
		if len(k) != 1 {
			continue
		}
		v := m[k[0]]
		f := field{key: strings.ToLower(k[0]), value: v, line: first + tomlKeyLine(fm, k[0]) - 1}
		if s, ok := v.(string); ok {
			f.text = s
		}
		fields = append(fields, f)
	}
	return fields, nil
}

// lineError is an error at a known line of the file being read.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }

// Line returns the 1-based line the error is on.
func (e *lineError) Line() int     { return e.line }
func (e *lineError) Unwrap() error { return e.err }

// applyFields sets the Article's metadata from front matter fields. Every
// field is checked; all problems are returned together.
func (a *Article) applyFields(fields []field, loc *time.Location, summary *string) []*lineError {
	var errs []*lineError
	fail := func(f field, format string, args ...any) {
		errs = append(errs, &lineError{f.line, fmt.Errorf("front matter: "+format, args...)})
	}
	for _, f := range fields {
		if f.value == nil {
			continue // "key:" with no value means not set
		}
		switch f.key {
		case "dateline":
			d, ok := f.value.(map[string]any)
			place, _ := d["place"].(string)
			agency, _ := d["agency"].(string)
			if !ok || place == "" || len(d) > 2 || (len(d) == 2 && agency == "") {
				fail(f, "dateline must be a table with a place and an optional agency (place: TEHRAN, agency: Dispatches)")
				continue
			}
			a.Dateline = &Dateline{Place: place, Agency: agency}
		case "title", "subtitle", "slug", "url", "description", "summary", "lang", "source", "source_id":
			s, ok := scalarString(f.value)
			if !ok {
				fail(f, "%s must be text, not %s", f.key, kindOf(f.value))
				continue
			}
			switch f.key {
			case "title":
				a.Title = s
			case "subtitle":
				a.Subtitle = s
			case "slug":
				a.Slug = s
			case "url":
				a.URL = s
			case "description":
				a.Description = s
			case "summary":
				*summary = s
			case "lang":
				a.Lang = s
			case "source":
				a.Source = s
			case "source_id":
				a.SourceID = s
			}
		case "date", "lastmod", "updated", "modified", "publishdate", "pubdate", "published", "expirydate", "unpublishdate":
			t, err := fieldDate(f, loc)
			if err != nil {
				fail(f, "%s %v", f.key, err)
				continue
			}
			switch f.key {
			case "date":
				a.Date = t
			case "publishdate", "pubdate", "published":
				a.PublishDate = t
			case "expirydate", "unpublishdate":
				a.ExpiryDate = t
			default:
				a.Lastmod = t
			}
		case "toc":
			b, ok := f.value.(bool)
			if !ok {
				fail(f, "toc must be true or false, not %q", fmt.Sprint(f.value))
				continue
			}
			a.TOC = &b
		case "aliases":
			list, err := stringList(f.value)
			if err != nil {
				fail(f, "aliases %v", err)
				continue
			}
			a.Aliases = list
		case "draft":
			b, ok := f.value.(bool)
			if !ok {
				fail(f, "draft must be true or false, not %q", fmt.Sprint(f.value))
				continue
			}
			a.Draft = b
		case "tags", "categories", "authors", "author":
			list, err := stringList(f.value)
			if err != nil {
				fail(f, "%s %v", f.key, err)
				continue
			}
			switch f.key {
			case "tags":
				a.Tags = list
			case "categories":
				a.Categories = list
			default:
				a.Authors = append(a.Authors, list...)
			}
		default:
			if a.Params == nil {
				a.Params = map[string]any{}
			}
			a.Params[f.key] = f.value
		}
	}
	return errs
}

// fieldDate reads a date field written as text or decoded as a date by TOML.
func fieldDate(f field, loc *time.Location) (time.Time, error) {
	switch v := f.value.(type) {
	case time.Time:
		if f.text != "" {
			return ParseDate(f.text, loc)
		}
		return inLocation(v, loc), nil
	case string:
		return ParseDate(v, loc)
	default:
		if f.text != "" {
			return ParseDate(f.text, loc)
		}
		return time.Time{}, fmt.Errorf("%q is not a date (use e.g. 2021-02-27 or 2021-02-27T23:08:00+03:30)", fmt.Sprint(v))
	}
}

// stringList reads a list of names. A single string is one name: "a, b" is
// the one tag "a, b", as in Hugo, not two; write a list for two.
func stringList(v any) ([]string, error) {
	if s, ok := scalarString(v); ok {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil, nil
		}
		return []string{s}, nil
	}
	items, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("must be a list of names, not %s", kindOf(v))
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := scalarString(it)
		if !ok {
			return nil, fmt.Errorf("must be a list of names, but one item is %s", kindOf(it))
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// scalarString returns a text, number or boolean value as text, since YAML
// reads "title: 1984" as a number.
func scalarString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int, int64, uint64, float64, bool:
		return fmt.Sprint(v), true
	case time.Time:
		return v.Format(time.RFC3339), true
	}
	return "", false
}

func kindOf(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case map[string]any:
		return "a table of keys"
	case bool:
		return "true/false"
	}
	return fmt.Sprintf("%T", v)
}
