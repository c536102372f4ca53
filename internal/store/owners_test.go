package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/store"
)

// tableOwners names, for every table the migrations create, the one package
// under internal/ whose SQL may name it. Everyone else asks that package's
// service. A new table needs a line here (the test says so).
var tableOwners = map[string]string{
	"schema_migrations": "store",

	"units":              "org",
	"unit_versions":      "org",
	"unit_successions":   "org",
	"restructure_events": "org",

	"users":          "auth",
	"user_roles":     "auth",
	"sessions":       "auth",
	"invitations":    "auth",
	"login_attempts": "auth",
	"api_keys":       "auth",
	"api_usage":      "auth",

	"audit_log": "audit",
	"jobs":      "jobs",

	"plans":       "plan",
	"plan_duties": "plan",

	"activities":        "activity",
	"activity_files":    "activity",
	"activity_versions": "activity",
	"tactics":           "activity",

	"reports":        "report",
	"report_periods": "report",
	"report_files":   "report",

	"notifications": "remind",
	"notice_prefs":  "remind",
	"urges":         "remind",

	"indicators":           "intel",
	"indicator_changes":    "intel",
	"indicator_proposals":  "intel",
	"protected_indicators": "intel",
	"inbound_senders":      "inbound",
	"inbound_stats":        "inbound",
	"tips":                 "intel",
	"tip_indicators":       "intel",
	"tip_files":            "intel",
	"tip_additions":        "intel",
	"removal_requests":     "intel",

	"content_items":    "content",
	"content_versions": "content",
	"content_files":    "content",
	"quizzes":          "content",
	"quiz_questions":   "content",
	"quiz_attempts":    "content",
	"settings":         "content",

	"subscribers":      "audience",
	"suppressions":     "audience",
	"consent_requests": "audience",

	"campaigns": "dispatch",
	"messages":  "dispatch",
}

// unitNameReads lists the packages allowed to read org's units and
// unit_versions without owning them: a SELECT that joins a unit's code or
// name to label each row of a listing, where a call on org per row would be
// slower and no clearer. Writes stay with org. The test fails when an entry
// is no longer used, so the list stays true.
var unitNameReads = map[string]string{
	"auth":   "user lists show each account's unit code and name (users.go, userSelect)",
	"plan":   "plans and duties carry their unit's code (store.go, planFrom and loadDuties)",
	"report": "reports carry their unit's code (service.go, queryReports)",
}

// pendingCrossings are crossings being removed on another branch. Each is
// "package: table"; the test fails when one is no longer found, so the list
// shrinks to nothing as the work lands. (audience↔dispatch went behind the
// owners' services in seal3.)
var pendingCrossings = []string{}

var (
	createTable = regexp.MustCompile(`(?i)\bCREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)`)
	// SQL here is written with upper-case keywords; lower-case "update users"
	// in an error message is prose, not a statement.
	tableRef = regexp.MustCompile(`\b(FROM|JOIN|INTO|UPDATE|TABLE)\s+"?([a-z_][a-z0-9_]*)`)
	writeSQL = regexp.MustCompile(`\b(INSERT|UPDATE|DELETE)\b`)
)

func migrationTables(t *testing.T, d store.Dialect) map[string]bool {
	t.Helper()
	ms, err := store.Migrations(d)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]bool{"schema_migrations": true}
	for _, m := range ms {
		for _, g := range createTable.FindAllStringSubmatch(m.SQL, -1) {
			tables[strings.ToLower(g[1])] = true
		}
	}
	return tables
}

// sqlUse is one string literal in a package's Go source that names a table.
type sqlUse struct {
	pkg, table, where string
	write             bool
}

// sqlUses parses every non-test Go file under internal/ and returns the
// tables each string literal names after FROM, JOIN, INTO, UPDATE or TABLE,
// and the tables of sealed-column declarations. Test files may set up any
// table they need and are not read.
func sqlUses(t *testing.T, tables map[string]bool) []sqlUse {
	t.Helper()
	fset := token.NewFileSet()
	var uses []sqlUse
	eachSource(t, fset, func(src source) {
		pkg := src.pkg
		ast.Inspect(src.file, func(n ast.Node) bool {
			// A sealed column is declared by its table's owner
			// (seal.Column{Table: "tips", …}); seal rewrites it.
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "Table" {
					if lit, ok := kv.Value.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if name, err := strconv.Unquote(lit.Value); err == nil && tables[name] {
							uses = append(uses, sqlUse{pkg: pkg, table: name, where: fset.Position(lit.Pos()).String(), write: true})
						}
					}
				}
				return true
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, g := range tableRef.FindAllStringSubmatch(s, -1) {
				if !tables[g[2]] {
					continue
				}
				uses = append(uses, sqlUse{
					pkg: pkg, table: g[2], where: fset.Position(lit.Pos()).String(),
					write: writeSQL.MatchString(s),
				})
			}
			return true
		})
	})
	return uses
}

func TestTableOwners_EveryMigratedTableHasOneOwner(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		tables := migrationTables(t, d)
		for name := range tables {
			if tableOwners[name] == "" {
				t.Errorf("%s migrations create table %s, which has no owner in tableOwners", d, name)
			}
		}
		for name := range tableOwners {
			if !tables[name] {
				t.Errorf("tableOwners names %s, which the %s migrations do not create", name, d)
			}
		}
	}
}

func TestTableOwners_SQLNamesOnlyTablesItsPackageOwns(t *testing.T) {
	tables := migrationTables(t, store.SQLite)
	uses := sqlUses(t, tables)
	if len(uses) == 0 {
		t.Fatal("found no SQL under internal/: the scanner is broken")
	}
	usedReads := map[string]bool{}
	usedPending := map[string]bool{}
	var bad []string
	for _, u := range uses {
		owner := tableOwners[u.table]
		if owner == u.pkg {
			continue
		}
		if (u.table == "units" || u.table == "unit_versions") && !u.write && unitNameReads[u.pkg] != "" {
			usedReads[u.pkg] = true
			continue
		}
		if key := u.pkg + ": " + u.table; slices.Contains(pendingCrossings, key) {
			usedPending[key] = true
			continue
		}
		bad = append(bad, u.where+": package "+u.pkg+" names table "+u.table+", owned by "+owner)
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
	for pkg := range unitNameReads {
		if !usedReads[pkg] {
			t.Errorf("unitNameReads lists %s, which no longer reads units: remove the entry", pkg)
		}
	}
	for _, key := range pendingCrossings {
		if !usedPending[key] {
			t.Errorf("pendingCrossings lists %q, which is no longer found: remove the entry", key)
		}
	}
}

// forbiddenImports are imports that would undo a separation: report asks for
// quiz counts through its own QuizCounter and must not reach into content,
// which owns the quizzes.
var forbiddenImports = map[string][]string{
	"report": {"content"},
}

func TestImports_PackagesKeptApartStayApart(t *testing.T) {
	const module = "github.com/canhgiac/canhgiac/internal/"
	fset := token.NewFileSet()
	for pkg, banned := range forbiddenImports {
		files, err := filepath.Glob(filepath.Join("..", pkg, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("package %s: no Go files (%v)", pkg, err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, file, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if slices.Contains(banned, strings.TrimPrefix(path, module)) {
					t.Errorf("%s imports %s, which %s must ask through its own interface", fset.Position(imp.Pos()), path, pkg)
				}
			}
		}
	}
}
