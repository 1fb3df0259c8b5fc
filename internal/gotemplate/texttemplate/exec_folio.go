// This file is folio's, not the Go project's: see ../README.md.

package template

import (
	"fmt"
	"io"
	"maps"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/folio-ssg/folio/internal/gotemplate/texttemplate/parse"
)

// anyToString is the type of html/template's escapers, which it adds to
// nearly every action of a template ({{.Title}} runs as
// {{.Title | _html_template_htmlescaper}}).
type anyToString = func(...any) string

var (
	emptyInterfaceType = reflect.TypeFor[any]()
	stringType         = reflect.TypeFor[string]()
)

// funcMemo is what an identifier names in one set of templates (one
// common): the function findFunction finds, and that function as an
// anyToString when it is one. It is memoized on the IdentifierNode,
// since findFunction takes a lock shared by every page being rendered and
// looks the name up in two maps, for each of the hundreds of calls a page
// makes (html/template adds an escaper call to nearly every action).
type funcMemo struct {
	common    *common
	version   uint64 // common.version when fn was found
	name      string
	fn        reflect.Value
	isBuiltin bool
	toString  anyToString

	// forms are toString's string forms (see StringForm), taken from the
	// registry formsOf when the memo was made: a page calls escapers
	// hundreds of times, and finding the form in the registry by function
	// and type, which hashes both, took 4% of rendering a page.
	forms   []typedForm
	formsOf *map[stringFormKey]func(string) string
}

// typedForm is a string form and the argument type it takes.
type typedForm struct {
	arg  reflect.Type
	form func(string) string
}

// stringForm returns the form StringForm registered for m.toString and
// argument type t, or nil, as stringForm does.
func (m *funcMemo) stringForm(t reflect.Type) func(string) string {
	if stringForms.Load() != m.formsOf {
		return stringForm(m.toString, t) // registered since the memo was made
	}
	for _, f := range m.forms {
		if f.arg == t {
			return f.form
		}
	}
	return nil
}

// findFunction returns what node names as a function in s.tmpl, or nil if
// it names none, as findFunction does, memoized on node while the set's
// functions and templates stay as they were.
func (s *state) findFunction(node *parse.IdentifierNode) *funcMemo {
	c := s.common()
	if m, _ := node.Memo.Load().(*funcMemo); m != nil && c != nil && m.common == c && m.version == c.version.Load() && m.name == node.Ident {
		return m
	}
	var version uint64
	if c != nil {
		version = c.version.Load() // before the lookup, so that a change during it voids the memo
	}
	fn, isBuiltin, ok := findFunction(node.Ident, s.tmpl)
	if !ok {
		return nil
	}
	m := &funcMemo{common: c, version: version, name: node.Ident, fn: fn, isBuiltin: isBuiltin}
	m.toString, _ = fn.Interface().(anyToString)
	if m.formsOf = stringForms.Load(); m.toString != nil && m.formsOf != nil {
		code := reflect.ValueOf(m.toString).Pointer()
		for k, form := range *m.formsOf {
			if k.code == code {
				m.forms = append(m.forms, typedForm{k.arg, form})
			}
		}
	}
	if c != nil {
		node.Memo.Store(m)
	}
	return m
}

// templateMemo is the template a {{template "name"}} action runs in one
// set of templates, memoized on the TemplateNode for the reason funcMemo
// is. html/template renames the templates that actions run as it escapes
// them, so the name is kept too.
type templateMemo struct {
	common  *common
	version uint64 // common.version when tmpl was found
	name    string
	tmpl    *Template
}

// lookupTemplate returns s.tmpl.Lookup(node.Name), memoized on node while
// the set's functions and templates stay as they were.
func (s *state) lookupTemplate(node *parse.TemplateNode) *Template {
	c := s.common()
	if c == nil {
		return nil // as Lookup
	}
	if m, _ := node.Memo.Load().(*templateMemo); m != nil && m.common == c && m.version == c.version.Load() && m.name == node.Name {
		return m.tmpl
	}
	version := c.version.Load()
	tmpl := s.tmpl.Lookup(node.Name)
	if tmpl != nil {
		node.Memo.Store(&templateMemo{common: c, version: version, name: node.Name, tmpl: tmpl})
	}
	return tmpl
}

// common returns the common structure of the template being executed,
// or nil.
func (s *state) common() *common {
	if s.tmpl == nil {
		return nil
	}
	return s.tmpl.common
}

// callAnyToString is evalCall for a function of type anyToString, called
// directly rather than through reflect.Value.Call: a reflected call of a
// variadic function allocates its argument slice, the slice's backing
// array and its results, and a page calls escapers hundreds of times. The
// arguments are evaluated and checked as evalCall does, and a panic in the
// function becomes an execution error as in safeCall. A function given one
// argument of a type it has a StringForm for is called in that form
// instead.
func (s *state) callAnyToString(dot reflect.Value, fn *funcMemo, node parse.Node, name string, args []parse.Node, final reflect.Value) reflect.Value {
	f := fn.toString
	if args != nil {
		args = args[1:] // Zeroth arg is function name/node; not passed to function.
	}
	n := len(args)
	if !isMissing(final) {
		n++
	}
	if n == 1 {
		var arg reflect.Value
		if len(args) == 1 {
			arg = s.evalArg(dot, emptyInterfaceType, args[0])
		} else {
			arg = s.validateType(final, emptyInterfaceType)
		}
		if arg.IsValid() && arg.Kind() == reflect.String {
			if form := fn.stringForm(arg.Type()); form != nil {
				return s.callStringForm(form, node, name, arg)
			}
		}
		return s.finishAnyToString(f, node, name, []any{arg.Interface()})
	}
	argv := make([]any, 0, n)
	for _, arg := range args {
		argv = append(argv, s.evalArg(dot, emptyInterfaceType, arg).Interface())
	}
	if !isMissing(final) {
		argv = append(argv, s.validateType(final, emptyInterfaceType).Interface())
	}
	return s.finishAnyToString(f, node, name, argv)
}

// finishAnyToString calls f with the evaluated arguments argv.
func (s *state) finishAnyToString(f anyToString, node parse.Node, name string, argv []any) reflect.Value {
	out, err := safeCallAnyToString(f, argv)
	if err != nil {
		s.at(node)
		s.errorf("error calling %s: %w", name, err)
	}
	return reflect.ValueOf(out)
}

// callStringForm calls a function's string form with arg, a Value of a
// string type. A result that is a string arg itself, as when an escaper
// finds nothing to escape, is returned as arg, which saves boxing it again.
func (s *state) callStringForm(form func(string) string, node parse.Node, name string, arg reflect.Value) reflect.Value {
	in := arg.String()
	out, err := safeCallStringForm(form, in)
	if err != nil {
		s.at(node)
		s.errorf("error calling %s: %w", name, err)
	}
	if arg.Type() == stringType && len(out) == len(in) && unsafe.StringData(out) == unsafe.StringData(in) {
		return arg
	}
	return reflect.ValueOf(out)
}

// safeCallStringForm is safeCall for a string form.
func safeCallStringForm(form func(string) string, arg string) (out string, err error) {
	defer recoverCallError(&err)
	return form(arg), nil
}

// stringFormKey is a function, by its code pointer, and the type of its
// argument.
type stringFormKey struct {
	code uintptr
	arg  reflect.Type
}

// stringForms holds the forms registered with StringForm. It is replaced,
// never changed, so that reading it needs no lock.
var stringForms atomic.Pointer[map[stringFormKey]func(string) string]

// StringForm has templates call form instead of f wherever f is called
// with a single argument of type t, a string type: form(s) must return
// what f returns for s converted to t. html/template registers its
// escapers this way, since a call through func(...any) string boxes the
// string, allocates the argument slice and tests the argument's type, on
// almost every action of a page. f must be a function declared at package
// level (not a closure or a method value), as it is known by its code.
//
// Register forms before templates execute, from an init function.
func StringForm(f func(...any) string, t reflect.Type, form func(string) string) {
	if t.Kind() != reflect.String {
		panic("StringForm: " + t.String() + " is not a string type")
	}
	grown := map[stringFormKey]func(string) string{}
	if old := stringForms.Load(); old != nil {
		maps.Copy(grown, *old)
	}
	grown[stringFormKey{reflect.ValueOf(f).Pointer(), t}] = form
	stringForms.Store(&grown)
}

// stringForm returns the form StringForm registered for f and argument
// type t, or nil.
func stringForm(f anyToString, t reflect.Type) func(string) string {
	forms := stringForms.Load()
	if forms == nil {
		return nil
	}
	return (*forms)[stringFormKey{reflect.ValueOf(f).Pointer(), t}]
}

// safeCallAnyToString is safeCall for a function of type anyToString.
func safeCallAnyToString(f anyToString, args []any) (out string, err error) {
	defer recoverCallError(&err)
	return f(args...), nil
}

// callBuiltin is evalCall for the builtins not, len, eq, ne, lt, le, gt
// and ge, called directly rather than through reflect.Value.Call: themes
// test conditions on every page, and each reflected call of these, whose
// parameters are reflect.Values, wraps and unwraps every argument. It
// reports false, having done nothing, for any other name, and for a wrong
// number of arguments, which evalCall then reports. Arguments are
// evaluated, and errors and panics reported, as evalCall and safeCall do.
func (s *state) callBuiltin(dot reflect.Value, node parse.Node, name string, args []parse.Node, final reflect.Value) (reflect.Value, bool) {
	least, most := 0, 0
	switch name {
	case "not", "len":
		least, most = 1, 1
	case "ne", "lt", "le", "gt", "ge":
		least, most = 2, 2
	case "eq":
		least, most = 1, -1
	default:
		return reflect.Value{}, false
	}
	if args != nil {
		args = args[1:] // Zeroth arg is function name/node; not passed to function.
	}
	n := len(args)
	if !isMissing(final) {
		n++
	}
	if n < least || most >= 0 && n > most {
		return reflect.Value{}, false
	}
	var buf [4]reflect.Value
	argv := buf[:0]
	for _, arg := range args {
		argv = append(argv, s.evalArgValue(dot, arg))
	}
	if !isMissing(final) {
		argv = append(argv, unwrapValueArg(final))
	}
	out, err := safeCallBuiltin(name, argv)
	if err != nil {
		s.at(node)
		s.errorf("error calling %s: %w", name, err)
	}
	return out, true
}

// recoverCallError, deferred, turns a panic in the function called into
// the call's error, as safeCall does.
func recoverCallError(err *error) {
	if r := recover(); r != nil {
		if e, ok := r.(error); ok {
			*err = e
		} else {
			*err = fmt.Errorf("%v", r)
		}
	}
}

// safeCallBuiltin is safeCall for callBuiltin's functions.
func safeCallBuiltin(name string, argv []reflect.Value) (out reflect.Value, err error) {
	defer recoverCallError(&err)
	var truth bool
	switch name {
	case "not":
		return reflect.ValueOf(not(argv[0])), nil
	case "len":
		n, err := length(argv[0])
		return reflect.ValueOf(n), err
	case "eq":
		truth, err = eq(argv[0], argv[1:]...)
	case "ne":
		truth, err = ne(argv[0], argv[1])
	case "lt":
		truth, err = lt(argv[0], argv[1])
	case "le":
		truth, err = le(argv[0], argv[1])
	case "gt":
		truth, err = gt(argv[0], argv[1])
	case "ge":
		truth, err = ge(argv[0], argv[1])
	default:
		panic("callBuiltin: no builtin " + name)
	}
	return reflect.ValueOf(truth), err
}

// lookup is what a name in a field chain (.Name) means on a type: a
// method, by its index in the method set of the type its methods are
// looked up on, or else a struct field.
type lookup struct {
	method  int // -1 if the name is not a method
	field   reflect.StructField
	isField bool
}

// lookups caches lookupName, one table of names for each type: a theme
// reads the same few names on the same few types on every page, and
// reflect's MethodByName and FieldByName search the type each time
// (FieldByName through every embedded struct). A table is never changed
// once stored, so reading needs no lock; a name seen for the first time
// stores a new table with the name added, and if two executions race to
// add names, one table wins and the other's name is looked up again later.
//
// lookups[0] holds the types whose methods are looked up on the type
// itself, lookups[1] those whose methods are looked up on their pointer
// type (an addressable struct), keyed by the pointer type.
var lookups [2]sync.Map // reflect.Type -> map[string]lookup

// lookupName returns what name means on a value of type receiver whose
// methods are looked up on ptr: receiver's pointer type when the value is
// addressable, else receiver itself. It answers as evalField's
// ptr.MethodByName and receiver.FieldByName would.
func lookupName(ptr, receiver reflect.Type, name string) lookup {
	cache := &lookups[0]
	if ptr != receiver {
		cache = &lookups[1]
	}
	var table map[string]lookup
	if t, ok := cache.Load(ptr); ok {
		table = t.(map[string]lookup)
		if l, ok := table[name]; ok {
			return l
		}
	}
	l := lookup{method: -1}
	if m, ok := ptr.MethodByName(name); ok {
		l.method = m.Index
	} else if receiver.Kind() == reflect.Struct {
		l.field, l.isField = receiver.FieldByName(name)
	}
	grown := make(map[string]lookup, len(table)+1)
	for k, v := range table {
		grown[k] = v
	}
	grown[name] = l
	cache.Store(ptr, grown)
	return l
}

// fieldMemo is what each name of a field chain (.A.B.C, $x.A.B or
// (pipeline).A.B) meant on the type it was evaluated on, memoized on the
// chain's node: lookupName's cache serves every type, so that each
// lookup hashes the type and the name, while nearly every chain in a theme
// meets one type only. A name met on a second type is marked megamorphic
// and looked up in lookupName's cache from then on, so that a chain that
// meets many types does not store a new memo at every evaluation.
type fieldMemo []fieldEntry

// fieldEntry is what name means on receiver, whose methods are looked up
// on ptr, as lookupName answers. When evalField was given a value of type
// in that is a struct or a pointer to one, and name is a method or an
// exported field of that struct (not of one it embeds), fast is set and
// fastField answers for values of type in without indirecting or looking
// up again; addr is then whether a struct in was addressable.
type fieldEntry struct {
	ptr, receiver reflect.Type
	name          string
	look          lookup
	megamorphic   bool
	in            reflect.Type
	addr, fast    bool
	// direct, for a method CallMethodDirectly registered, calls it.
	direct func(recv reflect.Value) reflect.Value
}

// newFieldEntry returns the entry for name on receiver, looked up as l,
// when evalField was given a value of type in.
func newFieldEntry(in, ptr, receiver reflect.Type, name string, l lookup) fieldEntry {
	e := fieldEntry{ptr: ptr, receiver: receiver, name: name, look: l, in: in}
	if receiver.Kind() != reflect.Struct {
		return e
	}
	simple := l.method >= 0 || l.isField && len(l.field.Index) == 1 && l.field.IsExported()
	switch {
	case in.Kind() == reflect.Pointer && in.Elem() == receiver && ptr == in:
		e.fast = simple
	case in == receiver:
		e.fast, e.addr = simple, ptr != receiver
	}
	if e.fast && l.method >= 0 {
		if call, ok := directMethods.Load(methodKey{ptr, name}); ok {
			e.direct = call.(func(reflect.Value) reflect.Value)
		}
	}
	return e
}

// fastField is evalField for a value of a type it has met before at the
// same place of the same chain, when that is a non-nil pointer to a
// struct or a struct (nearly every field a theme reads): what the name
// means is read from the memo without indirecting the value or taking
// its address first. ok is false when fastField cannot answer, and
// evalField must: for any other value, and for anything evalField would
// report as an error.
func (s *state) fastField(dot reflect.Value, fieldName string, node parse.Node, args []parse.Node, final, receiver reflect.Value, memo *parse.Memo, index int) (v reflect.Value, ok bool) {
	if memo == nil || !receiver.IsValid() {
		return zero, false
	}
	m, _ := memo.Load().(fieldMemo)
	if index >= len(m) {
		return zero, false
	}
	e := &m[index]
	if !e.fast || receiver.Type() != e.in {
		return zero, false
	}
	ptr := receiver
	switch receiver.Kind() {
	case reflect.Pointer:
		if receiver.IsNil() {
			return zero, false
		}
		receiver = receiver.Elem()
	default: // a struct
		if receiver.CanAddr() != e.addr {
			return zero, false
		}
		if e.addr {
			ptr = receiver.Addr()
		}
	}
	if e.look.method >= 0 {
		if e.direct != nil && len(args) <= 1 && isMissing(final) && ptr.CanInterface() {
			return s.callMethodDirectly(e.direct, ptr, fieldName, node), true
		}
		return s.evalCall(dot, ptr.Method(e.look.method), false, node, fieldName, args, final), true
	}
	if len(args) > 1 || !isMissing(final) {
		return zero, false
	}
	return receiver.Field(e.look.field.Index[0]), true
}

// fieldMemoOf returns the Memo of a node that holds a field chain.
func fieldMemoOf(node parse.Node) *parse.Memo {
	switch n := node.(type) {
	case *parse.FieldNode:
		return &n.Memo
	case *parse.ChainNode:
		return &n.Memo
	case *parse.VariableNode:
		return &n.Memo
	}
	return nil
}

// lookupField returns lookupName(ptr, receiver, name) for the name at
// index in the field chain whose Memo is memo (nil for none), where
// evalField was given a value of type in.
func lookupField(memo *parse.Memo, index int, in, ptr, receiver reflect.Type, name string) lookup {
	if memo == nil {
		return lookupName(ptr, receiver, name)
	}
	m, _ := memo.Load().(fieldMemo)
	var e fieldEntry
	if index < len(m) {
		e = m[index]
	}
	if e.megamorphic {
		return lookupName(ptr, receiver, name)
	}
	if e.ptr == ptr && e.receiver == receiver && e.name == name {
		return e.look
	}
	l := lookupName(ptr, receiver, name)
	grown := make(fieldMemo, max(len(m), index+1))
	copy(grown, m)
	if e.ptr == nil {
		grown[index] = newFieldEntry(in, ptr, receiver, name, l)
	} else {
		grown[index] = fieldEntry{megamorphic: true}
	}
	memo.Store(grown)
	return l
}

// methodKey names a method: its receiver's type and its name.
type methodKey struct {
	recv reflect.Type
	name string
}

// directMethods holds the methods registered with CallMethodDirectly.
var directMethods sync.Map // methodKey -> func(recv reflect.Value) reflect.Value

// CallMethodDirectly has templates call the method name of type R without
// reflection when they call it with no arguments on a value they have met
// at the same place before (see fastField), as a theme reads .Related or
// .Date.IsZero on every page: reflect.Value.Call costs more than most
// such methods. m must be the method expression R.name, such as
// (*site.Page).Related, and anything else panics. A method of a value
// type read through an addressable value is called on its pointer: for
// .Date.IsZero on a time.Time field, register (*time.Time).IsZero. The
// call, its result and a panic in the method are reported as evalCall
// reports them.
//
// Register methods before templates execute, from an init function.
func CallMethodDirectly[R, T any](name string, m func(R) T) {
	recv := reflect.TypeFor[R]()
	meth, ok := recv.MethodByName(name)
	if !ok || meth.Type != reflect.TypeFor[func(R) T]() || meth.Func.Pointer() != reflect.ValueOf(m).Pointer() {
		panic(fmt.Sprintf("CallMethodDirectly: the function given is not the method expression (%v).%s", recv, name))
	}
	call := func(v reflect.Value) reflect.Value { return reflect.ValueOf(m(v.Interface().(R))) }
	if reflect.TypeFor[T]().Kind() == reflect.Interface {
		call = func(v reflect.Value) reflect.Value {
			out := m(v.Interface().(R))
			return reflect.ValueOf(&out).Elem() // an interface Value, as Call returns
		}
	}
	directMethods.Store(methodKey{recv, name}, call)
}

// callMethodDirectly is evalCall for a method registered with
// CallMethodDirectly, called with no arguments on recv.
func (s *state) callMethodDirectly(call func(reflect.Value) reflect.Value, recv reflect.Value, name string, node parse.Node) reflect.Value {
	v, err := safeMethodCall(call, recv)
	if err != nil {
		s.at(node)
		s.errorf("error calling %s: %w", name, err)
	}
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

// safeMethodCall is safeCall for callMethodDirectly.
func safeMethodCall(call func(reflect.Value) reflect.Value, recv reflect.Value) (v reflect.Value, err error) {
	defer recoverCallError(&err)
	return call(recv), nil
}

// directCalls holds the callers registered with CallDirectly, by the type
// of function they call.
var directCalls sync.Map // reflect.Type -> func(fn reflect.Value, args []reflect.Value) (reflect.Value, error)

// CallDirectly has templates call every function of type F through call
// rather than through reflect.Value.Call, which for a function called on
// every page costs more than the function: it lays out a frame and
// allocates the arguments and results anew each time. call is given the
// function and its arguments as the engine has evaluated and checked them
// for F's parameters, one reflect.Value per parameter and per variadic
// argument; it must call the function with them and return the function's
// first result as a reflect.Value of F's first result type (so an `any`
// result as an interface Value) and its error, if F has one. A panic in
// the function is reported as safeCall reports one. The engine reuses the
// args slice for later calls: call must not keep it.
//
// Register callers before templates execute, from an init function: the
// engine reads the registry on every call.
func CallDirectly[F any](call func(f F, args []reflect.Value) (reflect.Value, error)) {
	t := reflect.TypeFor[F]()
	if t.Kind() != reflect.Func {
		panic("CallDirectly: " + t.String() + " is not a function type")
	}
	directCalls.Store(t, func(fn reflect.Value, args []reflect.Value) (reflect.Value, error) {
		return call(fn.Interface().(F), args)
	})
}

// directCaller returns the caller CallDirectly registered for fn's type.
func directCaller(fn reflect.Value) (func(fn reflect.Value, args []reflect.Value) (reflect.Value, error), bool) {
	c, ok := directCalls.Load(fn.Type())
	if !ok {
		return nil, false
	}
	return c.(func(fn reflect.Value, args []reflect.Value) (reflect.Value, error)), true
}

// takeArgs returns room for the n arguments of a call, taken from the
// state's stack of them rather than allocated for every call of a page,
// and the mark to give dropArgs once the call has returned. Arguments are
// evaluated while the slice is held, so a nested call takes its room
// further up the stack; if that grows the stack into a new array, the
// slice held keeps the old one, which stays valid.
func (s *state) takeArgs(n int) ([]reflect.Value, int) {
	mark := len(s.args)
	s.args = append(s.args, make([]reflect.Value, n)...)
	return s.args[mark : mark+n : mark+n], mark
}

// dropArgs gives back the room takeArgs returned with mark, cleared so
// that the stack keeps no value alive.
func (s *state) dropArgs(mark int) {
	clear(s.args[mark:])
	s.args = s.args[:mark]
}

// evalArgValue is evalArg(dot, reflectValueType, n).Interface().(reflect.Value),
// what a builtin's reflect.Value parameter receives, without putting the
// value in an interface (which allocates) to take it out again.
func (s *state) evalArgValue(dot reflect.Value, n parse.Node) reflect.Value {
	s.at(n)
	switch arg := n.(type) {
	case *parse.DotNode:
		return unwrapValueArg(dot)
	case *parse.NilNode:
		return reflect.Value{}
	case *parse.FieldNode:
		return unwrapValueArg(s.evalFieldNode(dot, arg, []parse.Node{n}, missingVal))
	case *parse.VariableNode:
		return unwrapValueArg(s.evalVariableNode(dot, arg, nil, missingVal))
	case *parse.PipeNode:
		return unwrapValueArg(s.evalPipeline(dot, arg))
	case *parse.IdentifierNode:
		return unwrapValueArg(s.evalFunction(dot, arg, arg, nil, missingVal))
	case *parse.ChainNode:
		return unwrapValueArg(s.evalChainNode(dot, arg, nil, missingVal))
	}
	return s.evalEmptyInterface(dot, n)
}

// unwrapValueArg is validateType(v, reflectValueType).Interface().(reflect.Value):
// v itself, the zero Value for an invalid one, and the Value v holds when
// v is a reflect.Value.
func unwrapValueArg(v reflect.Value) reflect.Value {
	if v.IsValid() && v.Type() == reflectValueType {
		return v.Interface().(reflect.Value)
	}
	return v
}

// statePool holds the states of executions that have ended, with their
// stacks of variables and arguments: an execution took a new state and
// grew both stacks from nothing, five or six allocations for every page
// and every cached partial a theme renders.
var statePool = sync.Pool{New: func() any { return new(state) }}

// maxPooledStack is the most room a stack of a pooled state may keep: a
// template that pushed more has its stacks dropped rather than kept.
const maxPooledStack = 1024

// newState returns a state for executing t on value into wr, from the pool.
func newState(t *Template, wr io.Writer, value reflect.Value) *state {
	s := statePool.Get().(*state)
	s.tmpl, s.wr, s.node, s.depth = t, wr, nil, 0
	s.vars = append(s.vars[:0], variable{"$", value})
	s.args = s.args[:0]
	return s
}

// release gives s back to the pool once its execution has ended, however
// it ended; nothing may use s afterwards. Its stacks are cleared to their
// capacity, since a called template leaves its variables above the
// caller's (see walkTemplate), so that the pool keeps no value alive.
func (s *state) release() {
	clear(s.vars[:cap(s.vars)])
	clear(s.args[:cap(s.args)])
	if cap(s.vars) > maxPooledStack || cap(s.args) > maxPooledStack {
		return
	}
	s.tmpl, s.wr, s.node = nil, nil, nil
	statePool.Put(s)
}
