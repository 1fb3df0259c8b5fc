// Package diag collects the errors of a build so that all of them can be
// reported together, each naming the file and, where known, the line.
//
// It is modelled on go/scanner.ErrorList: a build that stops at the first bad
// file makes people fix a large archive one error at a time, so every stage
// collects what it finds and the command prints the sorted list at the end.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is one problem found in one input file.
type Error struct {
	// File is the path of the offending file relative to the site root,
	// with forward slashes (e.g. "content/2021/a.md"); empty when the
	// problem belongs to no file.
	File string
	// Line is the 1-based line number, or 0 when not known.
	Line int
	// Err says what is wrong.
	Err error
}

// Error formats the error as "file:line: message", the form editors and
// terminals turn into a link.
func (e *Error) Error() string {
	switch {
	case e.File == "":
		return e.Err.Error()
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	default:
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error for file and line with a formatted message.
func Errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}

// List is a list of errors, typically all the errors of one build.
// The zero value is an empty list ready to use.
type List []*Error

// Add appends err, flattening a List or an *Error found in err's chain so that
// nested stages do not hide file names. A nil err is ignored.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	var list List
	if errors.As(err, &list) {
		*l = append(*l, list...)
		return
	}
	var e *Error
	if errors.As(err, &e) && e == err {
		*l = append(*l, e)
		return
	}
	*l = append(*l, &Error{Err: err})
}

// Len, Less and Swap implement sort.Interface: by file, then line, then text.
func (l List) Len() int      { return len(l) }
func (l List) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l List) Less(i, j int) bool {
	a, b := l[i], l[j]
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Err.Error() < b.Err.Error()
}

// Sort sorts the list by file and line, so output does not depend on the
// order in which parallel workers finished.
func (l List) Sort() { sort.Sort(l) }

// Error returns every error, one per line.
func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns nil for an empty list and the sorted list otherwise, so that a
// stage can end with "return errs.Err()".
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}
