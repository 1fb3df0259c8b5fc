package content

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// parseSimpleYAML decodes front matter written in the small part of YAML
// that nearly all front matter uses, exactly as parseYAML's yaml.v3 would,
// and reports false, having decoded nothing, for anything else:
//
//	title: "A quoted string"        (no escapes, on one line)
//	slug: a-plain-string            (on one line, without comments)
//	date: 2024-05-22T05:38:01Z      (resolved as yaml.v3 resolves: a time)
//	tags: [one, "two"]              (a flow sequence of such scalars)
//	categories:                     (a block sequence of such scalars)
//	  - news
//
// yaml.v3 takes about 20 µs for the front matter of a news article, some
// 6% of the CPU time of a build of such articles; this takes about 2 µs
// (BenchmarkFrontMatter).
// Anything outside that part of YAML (comments, escapes, nested maps,
// anchors, block scalars, tabs, CR, unusual characters) goes to yaml.v3,
// and so does every error, which yaml.v3 reports with its line.
// FuzzSimpleYAML checks the two against each other.
func parseSimpleYAML(fm []byte, first int) (fields []field, ok bool) {
	if !simpleText(fm) {
		return nil, false
	}
	src := string(fm)
	var open *field // the last key, while its value may be a block sequence
	var seq []any
	seqIndent := -1
	closeOpen := func() {
		if open == nil {
			return
		}
		if seq != nil {
			open.value = seq
		}
		fields = append(fields, *open)
		open, seq, seqIndent = nil, nil, -1
	}
	for n := 1; src != ""; n++ {
		line, rest, _ := strings.Cut(src, "\n")
		src = rest
		line = strings.TrimRight(line, " ")
		if line == "" {
			continue
		}
		text := strings.TrimLeft(line, " ")
		indent := len(line) - len(text)
		if text[0] == '#' {
			return nil, false
		}
		if item, isItem := strings.CutPrefix(text, "- "); isItem {
			if open == nil || seqIndent >= 0 && indent != seqIndent {
				return nil, false
			}
			v, _, ok := simpleScalar(strings.TrimLeft(item, " "), false)
			if !ok {
				return nil, false
			}
			seqIndent = indent
			seq = append(seq, v)
			continue
		}
		if indent != 0 {
			return nil, false
		}
		closeOpen()
		key, value, found := strings.Cut(text, ":")
		if !found || !simpleKey(key) || value != "" && value[0] != ' ' {
			return nil, false
		}
		f := field{key: strings.ToLower(key), line: first + n - 1}
		value = strings.TrimLeft(value, " ")
		switch {
		case value == "":
			open = &f // null, unless a block sequence follows
			continue
		case value[0] == '[':
			seq, ok := simpleFlowSequence(value)
			if !ok {
				return nil, false
			}
			f.value = seq
		default:
			if f.value, f.text, ok = simpleScalar(value, false); !ok {
				return nil, false
			}
		}
		fields = append(fields, f)
	}
	closeOpen()
	return fields, true
}

// simpleText reports whether fm holds only characters that need no thought:
// printable ASCII, line feeds, and printable non-ASCII runes other than
// those YAML reads as line breaks or byte order marks.
func simpleText(fm []byte) bool {
	for i := 0; i < len(fm); {
		c := fm[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(fm[i:])
		if r == utf8.RuneError || r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff {
			return false
		}
		i += size
	}
	return true
}

// simpleKey reports whether k is a plain key of letters, digits, '_' and
// '-', starting with a letter or '_', and not longer than maxSimpleKey.
func simpleKey(k string) bool {
	if k == "" || len(k) > maxSimpleKey || !(isASCIILetter(k[0]) || k[0] == '_') {
		return false
	}
	for i := 1; i < len(k); i++ {
		c := k[i]
		if !(isASCIILetter(c) || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// maxSimpleKey is a safe length for a key: YAML parsers look for the ':'
// after a key within 1,024 characters only (yaml.v3 rejects a key of
// 1,025), so a longer key goes to yaml.v3 for its error.
const maxSimpleKey = 512

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// simpleScalar decodes s, a whole scalar with no leading or trailing
// space, to what yaml.v3 decodes it to in an `any`, and returns its text
// as a yaml.Node's Value holds it. inFlow says s is an item of a flow
// sequence, where ",[]{}" end a plain scalar.
func simpleScalar(s string, inFlow bool) (value any, text string, ok bool) {
	switch s[0] {
	case '"', '\'':
		// Quoted, without escapes: no backslash in "…", no '' in '…'.
		inner, ok := strings.CutSuffix(s[1:], s[:1])
		if !ok || strings.IndexByte(inner, s[0]) >= 0 || s[0] == '"' && strings.IndexByte(inner, '\\') >= 0 {
			return nil, "", false
		}
		return inner, inner, true
	}
	if !simplePlain(s, inFlow) {
		return nil, "", false
	}
	return resolvePlain(s), s, true
}

// simplePlain reports whether s is a plain (unquoted) scalar with nothing
// that YAML gives a meaning: it starts with a letter, a digit or one of a
// few safe characters, and holds no ": ", " #", or final ':'. In a flow
// sequence, where more characters are indicators, it holds only letters,
// digits, spaces and the characters of flowSafe.
func simplePlain(s string, inFlow bool) bool {
	c := s[0]
	switch {
	case c >= utf8.RuneSelf, isASCIILetter(c), c >= '0' && c <= '9':
	case c == '-' || c == '+' || c == '.':
		if len(s) == 1 || s[1] == ' ' {
			return false
		}
	case strings.IndexByte("~/(_$=^", c) >= 0:
	default:
		return false
	}
	if inFlow {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < utf8.RuneSelf && !isASCIILetter(c) && !(c >= '0' && c <= '9') && strings.IndexByte(flowSafe, c) < 0 {
				return false
			}
		}
		return true
	}
	return !strings.Contains(s, ": ") && !strings.Contains(s, " #") && s[len(s)-1] != ':'
}

// flowSafe are the punctuation characters a plain scalar in a flow
// sequence may hold.
const flowSafe = " -_./+()'&$~"

// simpleFlowSequence decodes s, "[a, "b", c]", as yaml.v3 decodes a flow
// sequence of simple scalars in an `any`.
func simpleFlowSequence(s string) ([]any, bool) {
	inner, ok := strings.CutSuffix(s[1:], "]")
	if !ok {
		return nil, false
	}
	seq := []any{}
	if strings.TrimLeft(inner, " ") == "" {
		return seq, true
	}
	for item := range strings.SplitSeq(inner, ",") {
		item = strings.Trim(item, " ")
		if item == "" {
			return nil, false
		}
		v, _, ok := simpleScalar(item, true)
		if !ok {
			return nil, false
		}
		seq = append(seq, v)
	}
	return seq, true
}

// resolvePlain is yaml.v3's resolve for an untagged plain scalar (in its
// resolve.go), as decoded into an `any`: null, a bool, an int, a float, a
// time, or else the string itself.
func resolvePlain(s string) any {
	switch s {
	case "~", "null", "Null", "NULL":
		return nil
	case "true", "True", "TRUE":
		return true
	case "false", "False", "FALSE":
		return false
	case ".nan", ".NaN", ".NAN":
		return math.NaN()
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(+1)
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1)
	}
	switch c := s[0]; {
	case c == '.':
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	case c == '+' || c == '-' || c >= '0' && c <= '9':
		if t, ok := yamlTimestamp(s); ok {
			return t
		}
		plain := strings.ReplaceAll(s, "_", "")
		if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return int(i)
		}
		if u, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return u
		}
		if yamlFloat.MatchString(plain) {
			if f, err := strconv.ParseFloat(plain, 64); err == nil {
				return f
			}
		}
		for _, base := range []struct {
			prefix string
			base   int
		}{{"0b", 2}, {"0o", 8}} {
			if digits, ok := strings.CutPrefix(plain, base.prefix); ok {
				if i, err := strconv.ParseInt(digits, base.base, 64); err == nil {
					return int(i)
				}
				if u, err := strconv.ParseUint(digits, base.base, 64); err == nil {
					return u
				}
			} else if digits, ok := strings.CutPrefix(plain, "-"+base.prefix); ok {
				if i, err := strconv.ParseInt("-"+digits, base.base, 64); err == nil {
					return int(i)
				}
			}
		}
	}
	return s
}

// yamlFloat is yaml.v3's pattern of a YAML-style float.
var yamlFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// yamlTimestamp is yaml.v3's parseTimestamp: the formats of YAML's
// timestamp type that it reads.
func yamlTimestamp(s string) (time.Time, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return time.Time{}, false
	}
	for _, layout := range []string{
		"2006-1-2T15:4:5.999999999Z07:00",
		"2006-1-2t15:4:5.999999999Z07:00",
		"2006-1-2 15:4:5.999999999",
		"2006-1-2",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
