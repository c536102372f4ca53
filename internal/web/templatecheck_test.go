package web

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"html/template"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"
)

// The template type check, as pkgsite has one: every page template is
// walked with the type of the data it is rendered with, and every field,
// method, variable and function it names is resolved against that type
// (through range, with, template calls and pipelines), with the number and
// types of the arguments of methods and functions. A misspelt field or a
// field renamed in Go then fails here rather than at a user's request.
//
// Which page struct a template is rendered with is read from the code: the
// test parses this package's files and finds every s.render call, whose
// data argument is a &T{…} literal, a call to a function returning *T, or
// a variable assigned one of those in the same function. pageTypes maps
// those names to types; a page type missing from it fails the test.

// pageTypes are the page structs the templates are rendered with.
var pageTypes = []any{
	(*AccountPage)(nil), (*ActivityPage)(nil), (*APIKeysPage)(nil), (*AudiencePage)(nil), (*AuditPage)(nil),
	(*CampaignPage)(nil), (*CampaignsPage)(nil), (*CheckPage)(nil), (*CompliancePage)(nil), (*ContentEditPage)(nil),
	(*ContentListPage)(nil), (*ContentViewPage)(nil), (*DashboardPage)(nil), (*ErrorPage)(nil), (*HomePage)(nil),
	(*InboxPage)(nil), (*InvitationPage)(nil), (*OnboardPage)(nil), (*LoginPage)(nil), (*NewPasswordPage)(nil), (*NoticesPage)(nil), (*NoticePrefsPage)(nil), (*PlanEditPage)(nil),
	(*PlanImportPage)(nil), (*PlanIssuePage)(nil), (*PlanListPage)(nil), (*PlanNewPage)(nil), (*PlanPage)(nil),
	(*ItemPage)(nil), (*ListPage)(nil), (*SearchPage)(nil), (*StatsPage)(nil), (*VerifyPage)(nil), (*ReportIndexPage)(nil), (*ConfirmPage)(nil), (*EnrolPage)(nil),
	(*ProtectedPage)(nil),
	(*QuizListPage)(nil), (*QuizPage)(nil), (*RemovalPage)(nil), (*RemovalReviewPage)(nil), (*ReportPage)(nil),
	(*RestructurePage)(nil), (*SubscribePage)(nil), (*SubscriptionPage)(nil),
	(*TipPage)(nil), (*TipStatsPage)(nil), (*TipStatusPage)(nil), (*TOTPPage)(nil),
	(*TriagePage)(nil), (*UnitFormPage)(nil), (*UnitPage)(nil), (*UnitTreePage)(nil), (*UserFormPage)(nil),
	(*UserListPage)(nil),
}

func TestTemplateCheck_EveryReferenceResolvesAgainstItsPageStruct(t *testing.T) {
	tmpl, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]reflect.Type{}
	for _, p := range pageTypes {
		typ := reflect.TypeOf(p)
		byName[typ.Elem().Name()] = typ
	}
	uses, unresolved := renderCalls(t)
	for _, u := range unresolved {
		t.Errorf("cannot tell the page struct of %s; render it with &T{…}, a function returning *T, or a variable set from one", u)
	}
	var names []string
	for name := range tmpl.pages {
		names = append(names, name)
	}
	sort.Strings(names)
	checked := 0
	for _, name := range names {
		types := uses[name]
		if len(types) == 0 {
			t.Errorf("template %s.html: no s.render call renders it (unused, or rendered in a way this test cannot follow)", name)
			continue
		}
		for _, tn := range types {
			typ, ok := byName[tn]
			if !ok {
				t.Errorf("template %s.html is rendered with %s, which pageTypes does not list", name, tn)
				continue
			}
			c := &checker{set: tmpl.pages[name], seen: map[string]bool{}}
			c.template("layout", typ)
			for _, sub := range tmpl.pages[name].Templates() {
				if strings.HasPrefix(sub.Name(), "hx-") { // htmx answers execute the block alone
					c.template(sub.Name(), typ)
				}
			}
			for _, p := range c.problems {
				t.Errorf("template %s.html with %s: %s", name, tn, p)
			}
			if len(c.opaque) > 0 {
				slices.Sort(c.opaque)
				t.Logf("template %s.html with %s: not checked past an interface: %s", name, tn, strings.Join(slices.Compact(c.opaque), ", "))
			}
			checked++
		}
	}
	if checked < len(names) {
		t.Logf("%d of %d templates checked", checked, len(names))
	}
}

// TestTemplateCheck_CatchesWhatItShould runs the checker on small
// templates with mistakes, so that a checker that sees nothing fails too.
func TestTemplateCheck_CatchesWhatItShould(t *testing.T) {
	type row struct {
		Name  string
		Count int
	}
	type page struct {
		Page
		Rows  []row
		ByKey map[string]row
		Any   any
	}
	cases := []struct {
		name, text, want string
	}{
		{"a field that exists", `{{.Title}} {{range .Rows}}{{.Name}}{{end}}`, ""},
		{"a misspelt field", `{{.Titel}}`, "no field or method Titel"},
		{"a field of a range element", `{{range .Rows}}{{.Nme}}{{end}}`, "no field or method Nme in web.row"},
		{"a field through a variable", `{{range $i, $r := .Rows}}{{$r.Count}}{{$r.Cnt}}{{end}}`, "no field or method Cnt"},
		{"the root from inside a range", `{{range .Rows}}{{$.Nav}}{{$.Navv}}{{end}}`, "no field or method Navv"},
		{"a map's values", `{{with index .ByKey "a"}}{{.Count}}{{.Cout}}{{end}}`, "no field or method Cout"},
		{"a method's argument count", `{{.T}}`, "T takes 1 argument(s), given 0"},
		{"a function's argument type", `{{num .Title}}`, "argument 1 of num: string is not int"},
		{"a piped argument", `{{.Title | num}}`, "argument 1 of num: string is not int"},
		{"a field of an int", `{{range .Rows}}{{.Count.Name}}{{end}}`, "can't evaluate field Name in type int"},
		{"an interface stops the check", `{{.Any.Whatever}}`, ""},
		{"a template called with a row", `{{range .Rows}}{{template "r" .}}{{end}}{{end}}{{define "r"}}{{.Name}}{{.Nam}}`, "no field or method Nam"},
		{"an unexported field", `{{.csrf}}`, "no field or method csrf"},
	}
	for _, c := range cases {
		set, err := template.New("layout").Funcs(funcs).Parse(`{{define "layout"}}` + c.text + `{{end}}`)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		ch := &checker{set: set, seen: map[string]bool{}}
		ch.template("layout", reflect.TypeOf(&page{}))
		got := strings.Join(ch.problems, "; ")
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// renderCalls finds the s.render calls of this package and the name of the
// page type each passes, by template name.
func renderCalls(t *testing.T) (map[string][]string, []string) {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var parsed []*ast.File
	results := map[string]string{} // function or method name → type its first result points to
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, af)
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Type.Results != nil && len(fd.Type.Results.List) > 0 {
				results[fd.Name.Name] = pointee(fd.Type.Results.List[0].Type)
			}
		}
	}
	uses := map[string][]string{}
	var unresolved []string
	for _, af := range parsed {
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 5 {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "render" {
					return true
				}
				lit, ok := call.Args[3].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					unresolved = append(unresolved, fset.Position(call.Pos()).String()+" (template name not a literal)")
					return true
				}
				name, _ := strconv.Unquote(lit.Value)
				tn := typeOfExpr(call.Args[4], fd, results)
				if tn == "" {
					unresolved = append(unresolved, fmt.Sprintf("%s (template %s)", fset.Position(call.Pos()), name))
					return true
				}
				if !slices.Contains(uses[name], tn) {
					uses[name] = append(uses[name], tn)
				}
				return true
			})
		}
	}
	return uses, unresolved
}

// pointee names T in *T (or T).
func pointee(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// typeOfExpr names the page type of a render call's data argument.
func typeOfExpr(e ast.Expr, fd *ast.FuncDecl, results map[string]string) string {
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if cl, ok := x.X.(*ast.CompositeLit); ok && x.Op == token.AND {
			return pointee(cl.Type)
		}
	case *ast.CallExpr:
		switch f := x.Fun.(type) {
		case *ast.Ident:
			return results[f.Name]
		case *ast.SelectorExpr:
			return results[f.Sel.Name]
		}
	case *ast.Ident:
		for _, f := range fd.Type.Params.List {
			for _, id := range f.Names {
				if id.Name == x.Name {
					return pointee(f.Type)
				}
			}
		}
		found := ""
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch a := n.(type) {
			case *ast.AssignStmt:
				for i, l := range a.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == x.Name {
						var rhs ast.Expr
						if len(a.Rhs) == len(a.Lhs) {
							rhs = a.Rhs[i]
						} else if i == 0 && len(a.Rhs) == 1 {
							rhs = a.Rhs[0] // p, err := s.page(…)
						}
						if rhs != nil {
							if tn := typeOfExpr(rhs, fd, results); tn != "" {
								found = tn
							}
						}
					}
				}
			case *ast.ValueSpec:
				for _, id := range a.Names {
					if id.Name == x.Name && a.Type != nil {
						found = pointee(a.Type)
					}
				}
			}
			return true
		})
		return found
	}
	return ""
}

// checker walks one page's templates with the types of their data.
type checker struct {
	set      *template.Template
	tree     *parse.Tree
	seen     map[string]bool // template name and dot type already walked
	problems []string
	reported map[string]bool
	opaque   []string // references the check stopped at, for want of a type
}

// value is what a template expression yields: its type (nil when it cannot
// be known: an interface, nil, an untyped result) and whether it is a
// constant, which templates convert to the type a function expects.
type value struct {
	t     reflect.Type
	konst reflect.Kind // the constant's kind; Invalid when not a constant
}

// scope holds the variables of a control structure.
type scope struct {
	vars   map[string]value
	parent *scope
}

func (s *scope) lookup(name string) (value, bool) {
	for ; s != nil; s = s.parent {
		if v, ok := s.vars[name]; ok {
			return v, true
		}
	}
	return value{}, false
}

func (s *scope) child() *scope { return &scope{vars: map[string]value{}, parent: s} }

func (c *checker) problem(n parse.Node, format string, args ...any) {
	where := ""
	if c.tree != nil && n != nil {
		where, _ = c.tree.ErrorContext(n)
		where += ": "
	}
	msg := where + fmt.Sprintf(format, args...)
	if c.reported == nil {
		c.reported = map[string]bool{}
	}
	if !c.reported[msg] {
		c.reported[msg] = true
		c.problems = append(c.problems, msg)
	}
}

// template walks a named template executed with data of type dot.
func (c *checker) template(name string, dot reflect.Type) {
	key := name + "|" + fmt.Sprint(dot)
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	tt := c.set.Lookup(name)
	if tt == nil || tt.Tree == nil {
		c.problem(nil, "no template %q", name)
		return
	}
	outer := c.tree
	c.tree = tt.Tree
	root := &scope{vars: map[string]value{"$": {t: dot}}}
	c.walk(tt.Tree.Root, dot, root)
	c.tree = outer
}

func (c *checker) walk(n parse.Node, dot reflect.Type, sc *scope) {
	switch n := n.(type) {
	case nil:
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, x := range n.Nodes {
			c.walk(x, dot, sc)
		}
	case *parse.ActionNode:
		c.pipe(n.Pipe, dot, sc, true)
	case *parse.IfNode:
		inner := sc.child()
		c.pipe(n.Pipe, dot, inner, true)
		c.walk(n.List, dot, inner)
		c.walk(n.ElseList, dot, sc.child())
	case *parse.WithNode:
		inner := sc.child()
		v := c.pipe(n.Pipe, dot, inner, true)
		c.walk(n.List, v.t, inner)
		c.walk(n.ElseList, dot, sc.child())
	case *parse.RangeNode:
		inner := sc.child()
		v := c.pipe(n.Pipe, dot, inner, false)
		key, elem := rangeTypes(v.t)
		switch len(n.Pipe.Decl) {
		case 1:
			inner.vars[n.Pipe.Decl[0].Ident[0]] = value{t: elem}
		case 2:
			inner.vars[n.Pipe.Decl[0].Ident[0]] = value{t: key}
			inner.vars[n.Pipe.Decl[1].Ident[0]] = value{t: elem}
		}
		if v.t != nil && elem == nil && !isOpaque(v.t) {
			c.problem(n, "range over %s, which is not a slice, array, map or integer", v.t)
		}
		c.walk(n.List, elem, inner)
		c.walk(n.ElseList, dot, sc.child())
	case *parse.TemplateNode:
		var arg reflect.Type
		if n.Pipe != nil {
			arg = c.pipe(n.Pipe, dot, sc, true).t
		}
		c.template(n.Name, arg)
	}
}

// rangeTypes gives the key and element types of ranging over t.
func rangeTypes(t reflect.Type) (key, elem reflect.Type) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return nil, nil
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return reflect.TypeOf(0), t.Elem()
	case reflect.Map:
		return t.Key(), t.Elem()
	case reflect.Chan:
		return nil, t.Elem()
	case reflect.Int, reflect.Int64, reflect.Int32:
		return t, t
	}
	return nil, nil
}

// isOpaque reports whether nothing can be said about a value of type t.
func isOpaque(t reflect.Type) bool { return t == nil || t.Kind() == reflect.Interface }

// pipe checks a pipeline and returns its value; declare says whether its
// variables take that value (range declares its own).
func (c *checker) pipe(p *parse.PipeNode, dot reflect.Type, sc *scope, declare bool) value {
	if p == nil {
		return value{}
	}
	var v value
	for i, cmd := range p.Cmds {
		var piped *value
		if i > 0 {
			piped = &v
		}
		v = c.command(cmd, dot, sc, piped)
	}
	for _, d := range p.Decl {
		name := d.Ident[0]
		if p.IsAssign {
			if _, ok := sc.lookup(name); !ok {
				c.problem(d, "undefined variable %s", name)
			}
			continue
		}
		if declare {
			sc.vars[name] = v
		}
	}
	return v
}

// command checks one command of a pipeline; piped is the previous
// command's value, passed as the last argument.
func (c *checker) command(cmd *parse.CommandNode, dot reflect.Type, sc *scope, piped *value) value {
	var args []value
	for _, a := range cmd.Args[1:] {
		args = append(args, c.arg(a, dot, sc))
	}
	if piped != nil {
		args = append(args, *piped)
	}
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.chain(n, value{t: dot}, n.Ident, args)
	case *parse.ChainNode:
		return c.chain(n, c.arg(n.Node, dot, sc), n.Field, args)
	case *parse.VariableNode:
		v, ok := sc.lookup(n.Ident[0])
		if !ok {
			c.problem(n, "undefined variable %s", n.Ident[0])
			return value{}
		}
		return c.chain(n, v, n.Ident[1:], args)
	case *parse.IdentifierNode:
		return c.function(n, n.Ident, args)
	}
	if len(args) > 0 {
		c.problem(cmd, "%s takes no arguments", cmd.Args[0])
	}
	return c.arg(cmd.Args[0], dot, sc)
}

// arg is the value of one operand.
func (c *checker) arg(n parse.Node, dot reflect.Type, sc *scope) value {
	switch n := n.(type) {
	case *parse.DotNode:
		return value{t: dot}
	case *parse.FieldNode:
		return c.chain(n, value{t: dot}, n.Ident, nil)
	case *parse.ChainNode:
		return c.chain(n, c.arg(n.Node, dot, sc), n.Field, nil)
	case *parse.VariableNode:
		v, ok := sc.lookup(n.Ident[0])
		if !ok {
			c.problem(n, "undefined variable %s", n.Ident[0])
			return value{}
		}
		return c.chain(n, v, n.Ident[1:], nil)
	case *parse.PipeNode:
		return c.pipe(n, dot, sc.child(), true)
	case *parse.IdentifierNode:
		return c.function(n, n.Ident, nil)
	case *parse.StringNode:
		return value{t: reflect.TypeOf(""), konst: reflect.String}
	case *parse.BoolNode:
		return value{t: reflect.TypeOf(false), konst: reflect.Bool}
	case *parse.NumberNode:
		return value{konst: reflect.Int}
	}
	return value{}
}

// chain resolves .A.B.C from v; only the last element takes args.
func (c *checker) chain(n parse.Node, v value, idents []string, args []value) value {
	if len(idents) == 0 {
		if len(args) > 0 {
			c.problem(n, "%s is not a method and takes no arguments", n)
		}
		return v
	}
	t := v.t
	for i, name := range idents {
		var a []value
		if i == len(idents)-1 {
			a = args
		}
		var ok bool
		if t, ok = c.member(n, t, name, a); !ok {
			return value{}
		}
	}
	return value{t: t}
}

// member resolves one field or method on t, checking a method's
// arguments; ok is false when the walk cannot go on.
func (c *checker) member(n parse.Node, t reflect.Type, name string, args []value) (reflect.Type, bool) {
	if t == nil {
		return nil, false
	}
	if t.Kind() == reflect.Interface {
		if m, ok := t.MethodByName(name); ok {
			return c.call(n, name, m.Type, 0, args), true
		}
		c.opaque = append(c.opaque, fmt.Sprintf(".%s on %s", name, t))
		return nil, false // any value: nothing more to check
	}
	pt := t
	if pt.Kind() != reflect.Pointer {
		pt = reflect.PointerTo(t)
	}
	if m, ok := pt.MethodByName(name); ok && m.IsExported() {
		return c.call(n, name, m.Type, 1, args), true
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		f, ok := t.FieldByName(name)
		if !ok || !f.IsExported() {
			c.problem(n, "no field or method %s in %s", name, t)
			return nil, false
		}
		if len(args) > 0 {
			c.problem(n, "field %s takes no arguments", name)
		}
		return f.Type, true
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			c.problem(n, "map key %s of %s is not a string", name, t)
			return nil, false
		}
		return t.Elem(), true
	}
	c.problem(n, "can't evaluate field %s in type %s", name, t)
	return nil, false
}

// builtinResults are the result types of the template's own functions
// (nil: depends on the arguments).
var builtinResults = map[string]reflect.Type{
	"not": reflect.TypeOf(false), "eq": reflect.TypeOf(false), "ne": reflect.TypeOf(false), "lt": reflect.TypeOf(false),
	"le": reflect.TypeOf(false), "gt": reflect.TypeOf(false), "ge": reflect.TypeOf(false), "len": reflect.TypeOf(0),
	"print": reflect.TypeOf(""), "printf": reflect.TypeOf(""), "println": reflect.TypeOf(""), "html": reflect.TypeOf(""),
	"js": reflect.TypeOf(""), "urlquery": reflect.TypeOf(""), "and": nil, "or": nil, "index": nil, "slice": nil, "call": nil,
}

// function checks a call of a function of the FuncMap or a builtin.
func (c *checker) function(n parse.Node, name string, args []value) value {
	if f, ok := funcs[name]; ok {
		return value{t: c.call(n, name, reflect.TypeOf(f), 0, args)}
	}
	if strings.HasPrefix(name, "_html_template_") {
		return value{t: reflect.TypeOf("")} // escapers html/template adds
	}
	t, ok := builtinResults[name]
	if !ok {
		c.problem(n, "unknown function %s", name)
		return value{}
	}
	switch name {
	case "index":
		if len(args) == 0 {
			return value{}
		}
		t := args[0].t
		for range args[1:] {
			for t != nil && t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if t == nil {
				return value{}
			}
			switch t.Kind() {
			case reflect.Slice, reflect.Array, reflect.Map:
				t = t.Elem()
			case reflect.String:
				t = reflect.TypeOf(byte(0))
			default:
				c.problem(n, "can't index %s", t)
				return value{}
			}
		}
		return value{t: t}
	case "slice":
		if len(args) > 0 {
			return value{t: args[0].t}
		}
	case "call":
		if len(args) > 0 && args[0].t != nil && args[0].t.Kind() == reflect.Func && args[0].t.NumOut() > 0 {
			return value{t: args[0].t.Out(0)}
		}
	}
	return value{t: t}
}

// call checks args against a function type (skip is 1 for a method's
// receiver) and returns its first result.
func (c *checker) call(n parse.Node, name string, ft reflect.Type, skip int, args []value) reflect.Type {
	in := ft.NumIn() - skip
	switch {
	case ft.IsVariadic() && len(args) < in-1:
		c.problem(n, "%s takes at least %d argument(s), given %d", name, in-1, len(args))
	case !ft.IsVariadic() && len(args) != in:
		c.problem(n, "%s takes %d argument(s), given %d", name, in, len(args))
	default:
		for i, a := range args {
			var want reflect.Type
			if ft.IsVariadic() && i >= in-1 {
				want = ft.In(skip + in - 1).Elem()
			} else {
				want = ft.In(skip + i)
			}
			if !fits(a, want) {
				c.problem(n, "argument %d of %s: %s is not %s", i+1, name, a.t, want)
			}
		}
	}
	if ft.NumOut() == 0 {
		c.problem(n, "%s returns nothing", name)
		return nil
	}
	return ft.Out(0)
}

// fits reports whether a value of v can be passed where want is expected,
// as text/template converts it (constants to the parameter's kind, a
// pointer to what it points to and back).
func fits(v value, want reflect.Type) bool {
	switch {
	case want.Kind() == reflect.Interface:
		return v.t == nil || v.t.Implements(want)
	case v.konst == reflect.Int:
		switch want.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
			reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
			return true
		}
		return false
	case v.konst != reflect.Invalid:
		return want.Kind() == v.konst
	case v.t == nil || isOpaque(v.t):
		return true
	case v.t.AssignableTo(want):
		return true
	case v.t.Kind() == reflect.Pointer && v.t.Elem().AssignableTo(want):
		return true
	case want.Kind() == reflect.Pointer && v.t.AssignableTo(want.Elem()):
		return true
	}
	return false
}
