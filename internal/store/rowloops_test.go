package store_test

import (
	"go/ast"
	"go/token"
	"testing"
)

// rowLoopsPending are packages whose single-column loops are still being
// folded; none now (web holds no SQL since the API moved out). A package
// listed here is skipped by the test.
var rowLoopsPending = map[string]bool{}

// A loop over rows that scans one column is what store.Column does, with
// the Close and the Err check that hand-written loops forget.
func TestRowLoops_OneColumnIsReadWithColumn(t *testing.T) {
	fset := token.NewFileSet()
	var bad []string
	eachSource(t, fset, func(src source) {
		if rowLoopsPending[src.pkg] || src.rel == "store/raw.go" { // raw.go holds Column itself
			return
		}
		ast.Inspect(src.file, func(n ast.Node) bool {
			loop, ok := n.(*ast.ForStmt)
			if !ok || !isCall(loop.Cond, "Next", 0) {
				return true
			}
			ast.Inspect(loop.Body, func(m ast.Node) bool {
				if isCall(m, "Scan", 1) {
					bad = append(bad, fset.Position(loop.Pos()).String())
				}
				return true
			})
			return true
		})
	})
	for _, b := range bad {
		t.Errorf("%s: a loop over rows scans one column: use store.Column", b)
	}
}

// isCall reports whether n calls a method of that name with nargs arguments.
func isCall(n ast.Node, name string, nargs int) bool {
	c, ok := n.(*ast.CallExpr)
	if !ok || len(c.Args) != nargs {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == name
}
