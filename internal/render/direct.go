package render

import (
	"fmt"
	"reflect"
	"time"

	template "github.com/folio-ssg/folio/internal/gotemplate/htmltemplate"
	texttemplate "github.com/folio-ssg/folio/internal/gotemplate/texttemplate"
	"github.com/folio-ssg/folio/internal/site"
)

// The template engine calls the functions of these types, and the
// methods below, without reflection (texttemplate.CallDirectly and
// CallMethodDirectly): the default theme calls the functions some 25
// times a page, partialCached alone 8 times, and the methods about 10
// times, and a reflected call costs more than most of them. Each caller
// only converts the arguments the engine has checked to the parameters'
// types and calls.
func init() {
	texttemplate.CallDirectly(func(f func(string, any, ...any) (template.HTML, error), a []reflect.Value) (reflect.Value, error) {
		out, err := f(a[0].String(), a[1].Interface(), anys(a[2:])...)
		return reflect.ValueOf(out), err
	})
	texttemplate.CallDirectly(func(f func(...any) (map[string]any, error), a []reflect.Value) (reflect.Value, error) {
		out, err := f(anys(a)...)
		return reflect.ValueOf(out), err
	})
	texttemplate.CallDirectly(func(f func(int, any) (any, error), a []reflect.Value) (reflect.Value, error) {
		out, err := f(int(a[0].Int()), a[1].Interface())
		return reflect.ValueOf(&out).Elem(), err // an `any` result is an interface Value
	})
	texttemplate.CallDirectly(func(f func(string, ...any) string, a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(f(a[0].String(), anys(a[1:])...)), nil // printf
	})
	texttemplate.CallDirectly(func(f func(string) string, a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(f(a[0].String())), nil
	})
	texttemplate.CallDirectly(func(f func(string) (string, error), a []reflect.Value) (reflect.Value, error) {
		out, err := f(a[0].String())
		return reflect.ValueOf(out), err
	})
	texttemplate.CallDirectly(func(f func(string, time.Time) string, a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(f(a[0].String(), timeOf(a[1]))), nil
	})
	texttemplate.CallDirectly(func(f func(time.Time) string, a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(f(timeOf(a[0]))), nil
	})
	texttemplate.CallDirectly(func(f func(time.Time) template.HTMLAttr, a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(f(timeOf(a[0]))), nil
	})
	texttemplate.CallDirectly(func(f func(*site.Page) string, a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(f(pointerOf[site.Page](a[0]))), nil
	})
	texttemplate.CallDirectly(func(f func(*Data) (template.JS, error), a []reflect.Value) (reflect.Value, error) {
		out, err := f(pointerOf[Data](a[0]))
		return reflect.ValueOf(out), err
	})

	// The methods without arguments that the default theme calls on
	// every page (texttemplate.CallMethodDirectly).
	texttemplate.CallMethodDirectly("IsHome", (*Data).IsHome)
	texttemplate.CallMethodDirectly("Related", (*site.Page).Related)
	texttemplate.CallMethodDirectly("Breadcrumbs", (*site.Page).Breadcrumbs)
	texttemplate.CallMethodDirectly("HasPrev", (*site.Pager).HasPrev)
	texttemplate.CallMethodDirectly("HasNext", (*site.Pager).HasNext)
	texttemplate.CallMethodDirectly("Prev", (*site.Pager).Prev)
	texttemplate.CallMethodDirectly("Next", (*site.Pager).Next)
	texttemplate.CallMethodDirectly("Count", (*site.Term).Count)
	texttemplate.CallMethodDirectly("IsZero", (*time.Time).IsZero)
}

// anys returns the values of a variadic ...any parameter, as
// reflect.Value.Call passes them: a slice, empty but not nil when there
// are none.
func anys(a []reflect.Value) []any {
	out := make([]any, len(a))
	for i, v := range a {
		out[i] = v.Interface()
	}
	return out
}

// timeOf returns the time.Time in v.
func timeOf(v reflect.Value) time.Time {
	if v.CanAddr() {
		return *v.Addr().Interface().(*time.Time) // without copying it to the heap
	}
	return v.Interface().(time.Time)
}

// pointerOf returns the *T in v, which may be a nil pointer.
func pointerOf[T any](v reflect.Value) *T {
	p, ok := v.Interface().(*T)
	if !ok {
		panic(fmt.Sprintf("render: a %s where a *%s was checked", v.Type(), reflect.TypeFor[T]()))
	}
	return p
}
