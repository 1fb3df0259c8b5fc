// This file is folio's, not the Go project's: see ../README.md.

package template

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	stdtemplate "text/template"

	"github.com/folio-ssg/folio/internal/gotemplate/texttemplate/parse"
)

// folioInner and folioOuter exercise field lookup: promoted fields and
// methods, a field shadowed by a shallower one, methods on pointer and value
// receivers, and a method and a field reached through an interface.
type folioInner struct {
	Name   string
	Deep   string
	hidden string
}

func (i folioInner) Value() string    { return "value:" + i.Name }
func (i *folioInner) Pointer() string { return "pointer:" + i.Name }

// Methods registered with CallMethodDirectly (see init below): a panic,
// a nil and a non-nil interface, a reflect.Value and a pointer result.
func (i *folioInner) Boom() string         { panic("boom " + i.Name) }
func (i *folioInner) Err() error           { return nil }
func (i *folioInner) Any() any             { return "any:" + i.Name }
func (i folioInner) Held() reflect.Value   { return reflect.ValueOf("held:" + i.Name) }
func (i *folioInner) Self() *folioInner    { return i }
func (i *folioInner) Unregistered() string { return "unregistered:" + i.Name }

// Caller names the function that called it.
func (i *folioInner) Caller() string {
	pc, _, _, _ := runtime.Caller(1)
	return runtime.FuncForPC(pc).Name()
}

// Describe is a method of a type with a caller registered (printf's), which
// the engine reaches as a method value rather than a function.
func (i folioInner) Describe(format string, args ...any) string {
	return i.Name + ":" + fmt.Sprintf(format, args...)
}

type folioOuter struct {
	folioInner
	Name  string // shadows folioInner.Name
	Ptr   *folioInner
	Iface fmt.Stringer
	Map   map[string]string
	Nil   *folioInner
	Ptrs  []*folioInner // the last is nil
	List  []folioInner
	Lists [][]folioInner
	Func  func(string, any, ...any) (string, error)
	Loud  folioLoud
	Quiet folioLoud
	Mixed []any // values of several types, each with a Name
	// Value holds a reflect.Value, which builtins taking reflect.Values
	// receive unwrapped; NoValue is the zero reflect.Value.
	Value   reflect.Value
	NoValue reflect.Value
}

// folioNamed has a method Name, where the other types in Mixed have a
// field or a map key.
type folioNamed struct{}

func (folioNamed) Name() string { return "method" }

// folioLoud is a string type that folioShout has a string form for.
type folioLoud string

type folioStringer struct{ S string }

func (s folioStringer) String() string { return "stringer:" + s.S }

func folioData() folioOuter {
	return folioOuter{
		folioInner: folioInner{Name: "inner", Deep: "deep", hidden: "h"},
		Name:       "outer",
		Ptr:        &folioInner{Name: "ptr"},
		Iface:      folioStringer{S: "x"},
		Map:        map[string]string{"Key": "mapped"},
		Ptrs:       []*folioInner{{Name: "p1"}, {Name: "p2"}, nil},
		List:       []folioInner{{Name: "a"}, {Name: "b"}},
		Lists:      [][]folioInner{{{Name: "c"}, {Name: "d"}}},
		Loud:       "LOUD",
		Quiet:      "quiet",
		Mixed: []any{folioInner{Name: "m1"}, folioInner{Name: "m2"}, &folioInner{Name: "m3"},
			map[string]string{"Name": "m4"}, folioNamed{}, folioOuter{Name: "m5"}, folioInner{Name: "m6"}, 7},
		Value: reflect.ValueOf("held"),
		Func: func(s string, v any, rest ...any) (string, error) {
			return fmt.Sprintf("func:%s=%v%v", s, v, rest), nil
		},
	}
}

// folioFuncs are functions of html/template's escapers' type, which
// callAnyToString calls directly, beside others that go through reflection.
func folioFuncs() map[string]any {
	return map[string]any{
		"join": func(args ...any) string {
			parts := make([]string, len(args))
			for i, a := range args {
				parts[i] = fmt.Sprintf("%T(%v)", a, a)
			}
			return "[" + strings.Join(parts, " ") + "]"
		},
		"boom":      func(args ...any) string { panic("boom") },
		"boomError": func(args ...any) string { panic(errors.New("boom error")) },
		"upper":     strings.ToUpper,
		// Functions with StringForms, registered below.
		"shout":     folioShout,
		"shoutBoom": folioShoutBoom,
		// Functions of the types registered with CallDirectly below.
		"pair": func(s string, v any, rest ...any) (string, error) {
			return fmt.Sprintf("%s=%T(%v)%d%v", s, v, v, len(rest), rest), nil
		},
		"pairFail":  func(s string, v any, rest ...any) (string, error) { return "", errors.New("pair failed: " + s) },
		"pairPanic": func(s string, v any, rest ...any) (string, error) { panic("pair panicked") },
		"nth": func(i int, list any) (any, error) {
			v := reflect.ValueOf(list)
			if v.Kind() != reflect.Slice || i < 0 || i >= v.Len() {
				return nil, fmt.Errorf("nth: no element %d in %T", i, list)
			}
			return v.Index(i).Interface(), nil
		},
	}
}

// folioShout and folioShoutBoom have string forms, as html/template's
// escapers do: folioShout for a string and for a folioLoud, folioShoutBoom
// for a string. plainShouts counts the calls of folioShout's forms.
func folioShout(args ...any) string     { return strings.ToUpper(fmt.Sprint(args...)) }
func folioShoutBoom(args ...any) string { panic("shout boom") }

var plainShouts atomic.Int64

func init() {
	shout := func(s string) string {
		plainShouts.Add(1)
		return strings.ToUpper(s) // s itself when it has no lower case
	}
	StringForm(folioShout, stringType, shout)
	StringForm(folioShout, reflect.TypeFor[folioLoud](), shout)
	StringForm(folioShoutBoom, stringType, func(string) string { panic("shout boom") })
}

// TestStringFormCalled wants a function's string form called for one
// argument of a type it has a form for, from a call or a pipeline, and not
// otherwise.
func TestStringFormCalled(t *testing.T) {
	for _, tt := range []struct {
		src   string
		calls int64
	}{
		{`{{shout .Name}}`, 1},
		{`{{.Name | shout}}`, 1},
		{`{{.Name | shout | shout}}`, 2},
		{`{{shout "x"}}`, 1},
		{`{{shout .Loud}}`, 1},
		{`{{shout .Ptr.Name}}`, 1},
		{`{{shout 3}}`, 0},
		{`{{shout .Name .Deep}}`, 0},
		{`{{shout .Iface}}`, 0},
		{`{{shout}}`, 0},
	} {
		before := plainShouts.Load()
		if _, err := executeCopy(tt.src, folioData()); err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		if calls := plainShouts.Load() - before; calls != tt.calls {
			t.Errorf("%s: plain form called %d times, want %d", tt.src, calls, tt.calls)
		}
	}
}

// folioWhisper gets a string form only in TestStringFormRegisteredLater.
func folioWhisper(args ...any) string { return strings.ToLower(fmt.Sprint(args...)) }

// TestStringFormRegisteredLater wants a form registered after a template
// ran used the next time it runs, though the function's memo (see
// funcMemo) was made without it.
func TestStringFormRegisteredLater(t *testing.T) {
	if stringForm(folioWhisper, stringType) != nil {
		t.Skip("an earlier run of this test (-count) registered the form")
	}
	tmpl := Must(New("t").Funcs(FuncMap{"whisper": folioWhisper}).Parse(`{{whisper .}}`))
	run := func() string {
		t.Helper()
		var b strings.Builder
		if err := tmpl.Execute(&b, "ABC"); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if got := run(); got != "abc" {
		t.Fatalf("before: %q", got)
	}
	StringForm(folioWhisper, stringType, func(s string) string { return "form:" + strings.ToLower(s) })
	if got := run(); got != "form:abc" {
		t.Errorf("after StringForm: %q, want the form's result", got)
	}
}

// Callers for some functions of folioFuncs and for printf (fmt.Sprintf),
// so that this package's tests, the standard library's among them, run
// them through CallDirectly as folio's themes do.
func init() {
	CallDirectly(func(f func(string, any, ...any) (string, error), a []reflect.Value) (reflect.Value, error) {
		rest := make([]any, len(a)-2)
		for i, v := range a[2:] {
			rest[i] = v.Interface()
		}
		out, err := f(a[0].String(), a[1].Interface(), rest...)
		return reflect.ValueOf(out), err
	})
	CallDirectly(func(f func(int, any) (any, error), a []reflect.Value) (reflect.Value, error) {
		out, err := f(int(a[0].Int()), a[1].Interface())
		return reflect.ValueOf(&out).Elem(), err
	})
	CallDirectly(func(f func(string, ...any) string, a []reflect.Value) (reflect.Value, error) {
		rest := make([]any, len(a)-1)
		for i, v := range a[1:] {
			rest[i] = v.Interface()
		}
		return reflect.ValueOf(f(a[0].String(), rest...)), nil
	})
}

// Methods of folioInner called without reflection, as folio's render
// package has its own called.
func init() {
	CallMethodDirectly("Value", (*folioInner).Value)
	CallMethodDirectly("Value", folioInner.Value)
	CallMethodDirectly("Pointer", (*folioInner).Pointer)
	CallMethodDirectly("Boom", (*folioInner).Boom)
	CallMethodDirectly("Err", (*folioInner).Err)
	CallMethodDirectly("Any", (*folioInner).Any)
	CallMethodDirectly("Held", (*folioInner).Held)
	CallMethodDirectly("Self", (*folioInner).Self)
	CallMethodDirectly("Caller", (*folioInner).Caller)
}

// TestCallMethodDirectlyChecks wants CallMethodDirectly to refuse a
// function that is not the method expression it names.
func TestCallMethodDirectlyChecks(t *testing.T) {
	tests := map[string]func(){
		"another method":       func() { CallMethodDirectly("Value", (*folioInner).Unregistered) },
		"no such method":       func() { CallMethodDirectly("Missing", (*folioInner).Value) },
		"a function":           func() { CallMethodDirectly("Value", func(*folioInner) string { return "" }) },
		"value method on ptr":  func() { CallMethodDirectly("Pointer", folioInner.Value) },
		"pointer method value": func() { CallMethodDirectly("Value", folioInner.Held) },
	}
	for name, register := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			register()
		})
	}
}

// TestCallMethodDirectlyCalled wants a registered method called without
// reflection once its place in a chain has met the receiver's type.
// The first call at a place goes through evalCall; from the second on,
// Caller reports the function CallMethodDirectly made.
func TestCallMethodDirectlyCalled(t *testing.T) {
	data := folioData()
	data.List = append(data.List, folioInner{Name: "c"})
	outs, errs := executeTwice(func(src string) (*Template, error) { return New("t").Parse(src) },
		`{{range .List}}{{.Caller}};{{end}}{{range .List}}{{.Caller 1}};{{end}}`, &data)
	out := outs[0]
	if errs[0] == nil || errs[1] == nil {
		t.Fatal("no error for an argument Caller does not take")
	}
	callers := strings.Split(out, ";")
	if len(callers) < 3 {
		t.Fatalf("output %q, want three callers", out)
	}
	for i, c := range callers[:3] {
		if direct := strings.Contains(c, "CallMethodDirectly"); direct != (i > 0) {
			t.Errorf("call %d: called by %s", i+1, c)
		}
	}
}

// TestMatchesStandardLibrary runs templates through this copy and through
// the standard library's text/template, and wants the same output, or an
// error in both. It covers what folio changed: calls of func(...any)
// string, field and method lookup, and printing strings.
func TestMatchesStandardLibrary(t *testing.T) {
	for _, src := range matchTests {
		t.Run(src, func(t *testing.T) {
			for _, data := range []any{folioData(), ptrTo(folioData())} {
				if err := compareWithStd(src, data); err != nil {
					t.Errorf("%T: %v", data, err)
				}
			}
		})
	}
}

// FuzzMatchesStandardLibrary executes any template that both this copy
// and the standard library parse, and wants the same output or the same
// error from both.
func FuzzMatchesStandardLibrary(f *testing.F) {
	for _, src := range matchTests {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 512 || manyIterations.MatchString(src) {
			t.Skip("could run too long")
		}
		if err := compareWithStd(src, ptrTo(folioData())); err != nil {
			t.Error(err)
		}
	})
}

// manyIterations matches a template that may loop a great many times:
// range over a large integer, or a template that calls templates.
var manyIterations = regexp.MustCompile(`\d{4}|template|block`)

// compareWithStd executes src on data with this copy and with the
// standard library's text/template, and describes any difference. Each
// executes its template twice, since the copy answers a place in a
// template from its memo from the second time on.
func compareWithStd(src string, data any) error {
	want, wantErr := executeTwice(func(src string) (*stdtemplate.Template, error) {
		return stdtemplate.New("t").Funcs(folioFuncs()).Parse(src)
	}, src, data)
	got, gotErr := executeTwice(func(src string) (*Template, error) {
		return New("t").Funcs(folioFuncs()).Parse(src)
	}, src, data)
	for i := range want {
		switch {
		case (wantErr[i] != nil) != (gotErr[i] != nil):
			return fmt.Errorf("execution %d: error %v, standard library's %v", i+1, gotErr[i], wantErr[i])
		case gotErr[i] != nil && gotErr[i].Error() != wantErr[i].Error():
			return fmt.Errorf("execution %d: error %q, standard library's %q", i+1, gotErr[i], wantErr[i])
		case got[i] != want[i]:
			return fmt.Errorf("execution %d: got %q, standard library's %q", i+1, got[i], want[i])
		}
	}
	return nil
}

// matchTests are templates that exercise what folio changed: calls of
// func(...any) string and of the builtins, field and method lookup, and
// printing strings.
var matchTests = []string{
	// Functions of the escapers' type, with arguments, from a pipeline, both, none.
	`{{join}}`,
	`{{join .Name}}`,
	`{{join .Name .Deep 3 nil}}`,
	`{{.Name | join}}`,
	`{{.Name | join "a" 1}}`,
	`{{.Name | join | join}}`,
	`{{join .Nil}}`,
	`{{.Nil | join}}`,
	`{{join .Map.Missing}}`,
	`{{join (index .List 1)}}`,
	`{{join .Iface}}`,
	`{{html .Name "<b>"}}`,
	`{{print 1 2 | urlquery}}`,
	`{{boom}}`,
	`{{.Name | boom}}`,
	`{{boomError 1}}`,
	`{{upper .Name | join}}`,
	// Functions with a plain-string form: one string, or anything else.
	`{{shout .Name}} {{.Name | shout}} {{shout "x"}} {{shout 3}} {{shout .Name .Deep}} {{shout .Iface}}`,
	`{{shout .Map.Key}} {{shout .Map.Missing}} {{shout .Nil}} {{shout}} {{shout nil}}`,
	`{{.Name | shout | shout}} {{shout (shout .Name)}} {{$s := shout .Name}}{{$s}}{{shout $s}} {{.Name | shout | join}}`,
	`{{shout .Loud | join}} {{.Loud | shout | join}} {{shout .Quiet | join}} {{.Name | shout | join}} {{"ABC" | shout | join}}`,
	`{{shoutBoom .Name}}`,
	`{{shoutBoom .Loud}}`,
	`{{.Name | shoutBoom}}`,
	`{{shoutBoom 1}}`,
	// Builtins called directly: arguments, pipelines, counts, errors.
	`{{not .Name}} {{not ""}} {{not .Nil}} {{not nil}} {{.Name | not}}`,
	`{{not}}`,
	`{{not 1 2}}`,
	`{{len .Name}} {{len .List}} {{len .Map}} {{.List | len}}`,
	`{{len 3}}`,
	`{{len .Nil}}`,
	`{{len}}`,
	`{{eq .Name "outer"}} {{eq .Name "a" "outer"}} {{eq 1 1}} {{eq 1 2}} {{eq 1}}`,
	`{{"outer" | eq .Name}} {{eq .Nil nil}} {{eq nil nil}}`,
	`{{eq .List .List}}`,
	// Builtins given a reflect.Value: the value it holds, or none.
	`{{eq .Value "held"}} {{"held" | eq .Value}} {{.Value | eq "held"}} {{len .Value}} {{not .Value}} {{ne .Value "x"}} {{lt .Value "z"}}`,
	`{{$v := .Value}}{{eq $v "held"}} {{eq (.Value) "held"}} {{with .Value}}{{eq . "held"}}{{end}}`,
	`{{not .NoValue}}`,
	`{{eq .NoValue nil}}`,
	`{{len .NoValue}}`,
	`{{eq 1 "a"}}`,
	`{{eq}}`,
	`{{ne .Name "x"}} {{ne 1 1}} {{ne 1.5 1.5}} {{ne "a" "b"}}`,
	`{{ne 1}}`,
	`{{ne 1 2 3}}`,
	`{{lt 1 2}} {{le 2 2}} {{gt 3 2}} {{ge 1 2}} {{lt "a" "b"}} {{lt 1 2.5}}`,
	`{{2 | lt 1}} {{len .List | gt 3}}`,
	`{{lt .List .List}}`,
	`{{lt true false}}`,
	`{{gt 1 "a"}}`,
	`{{if and (eq (len .List) 2) (ne .Name "") (not .Nil)}}yes{{end}}`,
	// Field and method lookup.
	`{{.Name}} {{.Deep}} {{.Value}} {{.Pointer}}`,
	`{{.folioInner.Name}} {{.Ptr.Name}} {{.Ptr.Value}} {{.Ptr.Pointer}}`,
	`{{.Iface.String}} {{.Iface}}`,
	`{{.Map.Key}} {{.Map.Missing}}`,
	`{{range .List}}{{.Name}} {{.Value}} {{.Pointer}};{{end}}`,
	`{{range $i, $e := .List}}{{$e.Name}}{{$e.Value}}{{end}}`,
	`{{with index .List 0}}{{.Value}}{{end}}`,
	`{{.Nil.Name}}`,
	`{{.Nil.Pointer}}`,
	`{{.Nil.Missing}}`,
	`{{.hidden}}`,
	`{{.Missing}}`,
	`{{.Name.Missing}}`,
	`{{.Value "extra"}}`,
	`{{.Name "extra"}}`,
	`{{.Ptr.Name}}{{.Name}}{{.Ptr.Name}}`,
	// One field chain met again on values of its type (fastField), then on
	// a nil pointer, a struct that is not addressable, or another type.
	`{{range .List}}{{.Name}}{{.Value}}{{.Pointer}}{{.Describe "%v" 1}};{{end}}`,
	`{{range .Ptrs}}{{.Name}};{{end}}`,
	`{{range .Ptrs}}{{.Pointer}};{{end}}`,
	`{{range .Ptrs}}{{.Value}};{{end}}`,
	`{{define "n"}}{{.Name}}{{.Pointer}};{{end}}{{template "n" .Ptr}}{{template "n" .Ptr}}{{template "n" .Nil}}`,
	`{{define "n"}}{{.Name}}{{.Value}};{{end}}{{range .List}}{{template "n" .}}{{end}}{{with index .Mixed 0}}{{template "n" .}}{{end}}{{range .List}}{{template "n" .}}{{end}}`,
	`{{define "n"}}{{.Name}}{{.Value}};{{end}}{{with index .Mixed 0}}{{template "n" .}}{{template "n" .}}{{end}}{{range .List}}{{template "n" .}}{{end}}`,
	`{{define "n"}}{{.Name}}{{.Deep}};{{end}}{{template "n" .Ptr}}{{template "n" .Ptr}}{{template "n" .}}{{template "n" .Ptr}}`,
	`{{define "n"}}{{.Name}};{{end}}{{template "n" .Ptr}}{{template "n" .Ptr}}{{template "n" .Map}}{{template "n" .Ptr}}`,
	// Methods called directly (CallMethodDirectly), again and again.
	`{{range .List}}{{.Value}}{{.Pointer}}{{.Held}}{{.Any}}{{.Err}}{{.Self.Name}}{{.Self.Value}}{{.Unregistered}};{{end}}`,
	`{{range .Ptrs}}{{.Value}}{{.Pointer}}{{.Held}}{{.Any}}{{.Err}}{{.Self.Self.Name}};{{end}}`,
	`{{range .List}}{{eq .Held "held:a"}}{{len .Held}}{{printf "%v" .Any}}{{.Any | printf "%v"}}{{if .Err}}err{{end}};{{end}}`,
	`{{range .List}}{{.Boom}}{{end}}`,
	`{{range .List}}{{.Held.Len}}{{end}}`,
	`{{range .List}}{{.Name}}{{if eq .Name "b"}}{{.Boom}}{{end}}{{end}}`,
	`{{range .List}}{{.Value "x"}}{{end}}`,
	`{{range .List}}{{"x" | .Value}}{{end}}`,
	`{{range .List}}{{.Self.Value 1}}{{end}}`,
	`{{range $i, $e := .Mixed}}{{with $e}}{{.Value}}{{end}};{{end}}`,
	`{{define "n"}}{{.Value}}{{.Held}};{{end}}{{range .List}}{{template "n" .}}{{end}}{{with index .Mixed 0}}{{template "n" .}}{{template "n" .}}{{end}}`,
	// One field chain met on values of several types.
	`{{range .Mixed}}{{.Name}};{{end}}`,
	`{{range $m := .Mixed}}{{$m.Name}};{{end}}`,
	`{{range $i, $_ := .Mixed}}{{(index $.Mixed $i).Name}};{{end}}`,
	`{{range .Mixed}}{{with .}}{{.Name | join}}{{end}};{{end}}`,
	// Functions called through CallDirectly: arguments, pipelines,
	// conversions, counts, errors, panics, and an `any` result.
	`{{pair "a" .Name}} {{pair "a" .Nil 1 "x" .List}} {{.Name | pair "b"}} {{pair "c" nil}}`,
	`{{pair "a"}}`,
	`{{pair 1 2}}`,
	`{{pair .Nil 2}}`,
	`{{pairFail "a" 1}}`,
	`{{pairPanic "a" 1}}`,
	// Calls nested in arguments, deep and wide enough to grow the arguments' stack
	// while outer calls hold theirs; and after a failed call, calls that reuse it.
	`{{pair "a" (pair "b" (pair "c" (pair "d" 1 2 3 4 5 6 7 8 9) (printf "%v %v %v %v" 1 2 3 4)) 5 (pair "e" 6 7 8 9 10 11 12 13 14 15 16 17)) 18 (pair "f" 19)}}`,
	`{{pair "a" (pair "b" 1) (pair "c" 2) (pair "d" 3 (pair "e" 4 (pair "f" 5))) (printf "%v" (pair "g" 6 7))}}`,
	`{{range .List}}{{pair .Name (pair "in" .Name 1 2 3 4 5 6 7 8)}}{{end}}{{pair "after" 1}}`,
	`{{pair "a" 1 (pairFail "x" 2)}}`,
	`{{pair "a" 1 (pairPanic "x" 2)}}`,
	`{{nth 1 .List}} {{(nth 0 .List).Name}} {{(nth 1 .List).Value}} {{len (nth 0 .List).Name}}`,
	`{{range $i, $e := nth 0 .Lists}}{{$i}}{{$e.Name}}{{end}} {{range nth 0 .Lists}}{{.Value}}{{end}}`,
	`{{slice .List 0 1 | nth 0 | printf "%v" | pair "x" | printf "[%v]"}}`,
	`{{with nth 5 .List}}{{.}}{{end}}`,
	`{{nth "a" .List}}`,
	`{{nth 0 .Nil}}`,
	`{{printf "%s|%d|%v" .Name 3 .List}} {{.Name | printf "%q"}} {{printf "%v" nil}}`,
	`{{printf}}`,
	`{{printf 1}}`,
	`{{call .Func "x" 1}} {{call .Func "y" .Nil 2 3}} {{call .Func 1 2}}`,
	`{{.Describe "%s-%d" .Name 3}} {{.Ptr.Describe "p"}} {{range .List}}{{.Describe "%v" .}}{{end}} {{.Name | .Describe "%q"}}`,
	`{{.Describe 1}}`,
	`{{.Nil.Describe "x"}}`,
	// Printing strings and other values.
	`{{"text"}} {{1}} {{true}} {{nil}}`,
	`{{.Iface}} {{.Ptr}}`,
	`{{printf "%s" .Name}}`,
	// Templates called, which run on their caller's state and stack of
	// variables: the caller's variables after the call, a callee's of the
	// same name, calls within range and with, nesting, and errors.
	`{{define "x"}}{{$}}{{$.Name}}{{$v := .Name}}{{$v}}{{end}}{{$a := 1}}{{template "x" .}}{{$a}}{{template "x" .Ptr}}{{$a}}`,
	`{{define "y"}}{{$i := .}}{{$i}}{{range $j, $e := $.List}}{{$j}}{{$e.Name}}{{end}}{{end}}{{range $i, $e := .List}}{{template "y" $e.Name}}{{$i}}{{$e.Name}}{{end}}`,
	`{{define "z"}}{{$x := .}}{{$x}}{{template "w" $x}}{{$x}}{{end}}{{define "w"}}{{$x := "w"}}{{$x}}{{.}}{{end}}{{with $x := .Name}}{{template "z" 3}}{{$x}}{{$x = "set"}}{{template "z" $x}}{{$x}}{{end}}`,
	`{{define "b"}}{{.}}{{break}}{{end}}{{range .List}}{{template "b" .Name}}{{end}}`,
	`{{define "e"}}{{$y := 1}}{{index .List 9}}{{end}}{{$a := 2}}{{template "e" .}}{{$a}}`,
	`{{define "n"}}{{.Nil.Name}}{{end}}{{template "n" .}}`,
	`{{block "k" .List}}{{range .}}{{.Name}}{{end}}{{end}}{{$}}{{block "k2" .Name}}{{.}}{{end}}`,
	`{{define "r"}}{{len .}}{{if .}}{{template "r" slice . 1}}{{end}}{{end}}{{template "r" .List}}{{template "r" .Lists}}`,
}

func ptrTo[T any](v T) *T { return &v }

func executeStd(src string, data any) (string, error) {
	tmpl, err := stdtemplate.New("t").Funcs(folioFuncs()).Parse(src)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = tmpl.Execute(&b, data)
	return b.String(), err
}

func executeCopy(src string, data any) (string, error) {
	tmpl, err := New("t").Funcs(folioFuncs()).Parse(src)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = tmpl.Execute(&b, data)
	return b.String(), err
}

// executeTwice parses src with parse and executes it on data twice,
// returning each output and error.
func executeTwice[T interface{ Execute(io.Writer, any) error }](parse func(string) (T, error), src string, data any) (out [2]string, errs [2]error) {
	tmpl, err := parse(src)
	if err != nil {
		return out, [2]error{err, err}
	}
	for i := range out {
		var b strings.Builder
		errs[i] = tmpl.Execute(&b, data)
		out[i] = b.String()
	}
	return out, errs
}

// TestPooledStates executes templates one after another on one goroutine,
// so that each may take the state the one before gave back to the pool:
// some end in an error with variables pushed, in a range and in a called
// template, and the next read variables. It wants the standard library's
// output and errors from every execution.
func TestPooledStates(t *testing.T) {
	srcs := []string{
		`{{$a := 1}}{{range $i, $e := .List}}{{template "e" .}}{{end}}{{define "e"}}{{$b := 2}}{{index .Name 99}}{{end}}`,
		`{{$}}{{$.Name}}{{range $i, $e := .List}}{{$i}}{{$e.Name}}{{end}}`,
		`{{with $x := .Ptr}}{{$x.Name}}{{.Nil.Name}}{{end}}`,
		`{{define "x"}}{{$v := .}}{{$v}}{{$}}{{end}}{{template "x" 1}}{{$}}{{template "x" .Name}}`,
		`{{call .Func 1 2}}`,
		`{{join .Name 2 3}}{{join}}`,
	}
	for range 3 {
		for _, src := range srcs {
			if err := compareWithStd(src, ptrTo(folioData())); err != nil {
				t.Errorf("%s: %v", src, err)
			}
		}
	}

	// An execution inside another, as render's partialCached makes, takes
	// a state of its own while its caller's is in use.
	inner := Must(New("inner").Parse(`{{$y := .}}<{{$y}}>`))
	outer := Must(New("outer").Funcs(FuncMap{"nested": func(v any) (string, error) {
		var b strings.Builder
		err := inner.Execute(&b, v)
		return b.String(), err
	}}).Parse(`{{$x := .Name}}{{range .List}}{{nested .Name}}{{$x}}{{end}}{{nested $x}}{{$x}}`))
	for range 3 {
		var b strings.Builder
		if err := outer.Execute(&b, folioData()); err != nil {
			t.Fatal(err)
		}
		if want := "<a>outer<b>outer<outer>outer"; b.String() != want {
			t.Errorf("nested executions: got %q, want %q", b.String(), want)
		}
	}
}

// TestLookupConcurrent executes one template from many goroutines over
// values of several types, for the race detector to check lookups.
func TestLookupConcurrent(t *testing.T) {
	tmpl := Must(New("t").Funcs(folioFuncs()).Parse(
		`{{.Name}}{{.Deep}}{{.Value}}{{.Pointer}}{{.Ptr.Name}}{{range .List}}{{.Name | join}}{{template "item" .}}{{end}}` +
			`{{define "item"}}[{{.Name}}]{{end}}`))
	want, err := executeStd(tmpl.Tree.Root.String()+`{{define "item"}}[{{.Name}}]{{end}}`, ptrTo(folioData()))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			for range 50 {
				var b strings.Builder
				if err := tmpl.Execute(&b, ptrTo(folioData())); err != nil {
					errs <- err
					return
				}
				if b.String() != want {
					errs <- fmt.Errorf("got %q, want %q", b.String(), want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestMemoFollowsChanges changes a template set's functions and templates
// between executions, and wants each execution to call what the names
// mean then: findFunction and lookupTemplate memoize on the parse tree
// what a name meant when last executed.
func TestMemoFollowsChanges(t *testing.T) {
	say := func(s string) FuncMap { return FuncMap{"f": func() string { return s }} }
	exec := func(tmpl *Template) string {
		var b strings.Builder
		if err := tmpl.Execute(&b, nil); err != nil {
			return "error: " + err.Error()
		}
		return b.String()
	}
	tests := []struct {
		name string
		run  func() []string // the outputs of the executions
		want []string
	}{
		{"function replaced", func() []string {
			tmpl := Must(New("t").Funcs(say("a")).Parse(`{{f}}`))
			first := exec(tmpl)
			tmpl.Funcs(say("b"))
			return []string{first, exec(tmpl)}
		}, []string{"a", "b"}},
		{"builtin overridden", func() []string {
			tmpl := Must(New("t").Parse(`{{len "ab"}}`))
			first := exec(tmpl)
			tmpl.Funcs(FuncMap{"len": func(string) int { return 9 }})
			return []string{first, exec(tmpl)}
		}, []string{"2", "9"}},
		{"template redefined", func() []string {
			tmpl := Must(New("t").Parse(`{{define "x"}}1{{end}}{{template "x"}}`))
			first := exec(tmpl)
			Must(tmpl.New("other").Parse(`{{define "x"}}2{{end}}`))
			return []string{first, exec(tmpl)}
		}, []string{"1", "2"}},
		{"clones with their own functions", func() []string {
			tmpl := Must(New("t").Funcs(say("a")).Parse(`{{f}}`))
			// Two changes to each set, so that a memo's count of changes
			// alone cannot tell the sets apart.
			clone := Must(tmpl.Clone()).Funcs(say("b")).Funcs(say("c"))
			return []string{exec(tmpl), exec(clone), exec(tmpl), exec(clone)}
		}, []string{"a", "c", "a", "c"}},
		{"action renamed, as html/template's escaper renames", func() []string {
			tmpl := Must(New("t").Parse(`{{template "x"}}{{define "x"}}1{{end}}{{define "y"}}2{{end}}`))
			first := exec(tmpl)
			tmpl.Tree.Root.Nodes[0].(*parse.TemplateNode).Name = "y"
			return []string{first, exec(tmpl)}
		}, []string{"1", "2"}},
		{"clones with their own templates", func() []string {
			tmpl := Must(New("t").Parse(`{{define "x"}}1{{end}}{{template "x"}}`))
			clone := Must(tmpl.Clone())
			Must(clone.New("other").Parse(`{{define "x"}}3{{end}}`))
			return []string{exec(tmpl), exec(clone), exec(tmpl), exec(clone)}
		}, []string{"1", "3", "1", "3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.run(); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFieldMemoMegamorphic meets one name on two types in turn, and wants
// lookupName's answers and, from the second type on, no more memos stored.
func TestFieldMemoMegamorphic(t *testing.T) {
	var memo parse.Memo
	inner, named := reflect.TypeFor[folioInner](), reflect.TypeFor[folioNamed]()
	var settled fieldMemo
	for i := range 6 {
		for _, typ := range []reflect.Type{inner, named} {
			if got, want := lookupField(&memo, 1, typ, typ, typ, "Name"), lookupName(typ, typ, "Name"); !reflect.DeepEqual(got, want) {
				t.Fatalf("%d: %v: got %+v, want %+v", i, typ, got, want)
			}
		}
		m := memo.Load().(fieldMemo)
		if len(m) != 2 || !m[1].megamorphic {
			t.Fatalf("%d: memo %+v, want entry 1 megamorphic", i, m)
		}
		if settled != nil && &m[0] != &settled[0] {
			t.Errorf("%d: a megamorphic name stored a new memo", i)
		}
		settled = m
	}
}
