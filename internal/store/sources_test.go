package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// source is one non-test Go file under internal/, parsed.
type source struct {
	pkg  string // the first folder under internal/: dispatch/smpp belongs to dispatch
	rel  string // the path under internal/, with forward slashes
	file *ast.File
}

// eachSource parses every non-test Go file under internal/ (testdata
// folders skipped) and calls fn with it. The tests that read the code
// (who names which table, how rows are read) share this one walk; test
// files may set up anything they need and are not read.
func eachSource(t *testing.T, fset *token.FileSet, fn func(source)) {
	t.Helper()
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		fn(source{pkg: strings.Split(rel, "/")[0], rel: rel, file: f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
