package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// Reads never write. Every GET route of the route table, console and
// portal, is opened by a signed-in coordinator, leader and administrator
// (and the portal's also by a stranger); before and after, every table is
// counted and hashed row by row. Nothing may change but what is listed
// here, each with the reason a read may touch it.
var readsMayWrite = map[string][]string{
	// table: the columns a read may change (nil: any row of the table)
	"sessions":       nil,                               // a request keeps the session alive
	"login_attempts": nil,                               // signing in (before the walk) is metered
	"api_usage":      nil,                               // API keys' daily meters
	"content_items":  {"views"},                         // page-view counts of published articles
	"activities":     {"views", "updated_at"},           // an article's views carried to its activity
	"audit_log":      {"@personal-records-access-only"}, // the access log of personal records; see accessLogActions
}

// accessLogActions are the audit entries a read may add: someone opened a
// person's record.
var accessLogActions = []string{"tip.removal_contact_read", "subscriber.export", "tip.contact_read", "subscriber.view"}

// tableSums counts and hashes the rows of every table of the database.
func tableSums(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	names, err := store.Column[string](db.R.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, name := range names {
		rows, err := db.R.QueryContext(ctx, `SELECT * FROM `+name) // names from the catalog
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		skip := readsMayWrite[name]
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, c := range cols {
				if slices.Contains(skip, c) {
					continue
				}
				fmt.Fprintf(&b, "%s=%v|", c, vals[i])
			}
			lines = append(lines, b.String())
		}
		rows.Close()
		slices.Sort(lines)
		h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		out[name] = fmt.Sprintf("%d rows, %s", len(lines), hex.EncodeToString(h[:8]))
	}
	return out
}

var hrefOf = regexp.MustCompile(`href="(/[^"?#]+)"`)

// publicPaths gives each GET route of the portal a path to open: a real
// item where the route names one (found on its list page), else a made-up
// key, which reads and finds nothing.
func publicPaths(t *testing.T, e *testutil.Env) []string {
	t.Helper()
	anon := e.NewClient(t)
	var out []string
	for _, pattern := range e.App.Web.PublicRoutes() {
		method, path, ok := strings.Cut(pattern, " ")
		if !ok || method != "GET" {
			continue
		}
		path = strings.TrimSuffix(path, "{$}")
		prefix, _, hasParam := strings.Cut(path, "{")
		if !hasParam {
			out = append(out, path)
			continue
		}
		real := ""
		if list := strings.TrimSuffix(prefix, "/"); list != "" {
			for _, m := range hrefOf.FindAllStringSubmatch(anon.Get(list).Body, -1) {
				if strings.HasPrefix(m[1], prefix) && len(m[1]) > len(prefix) && !strings.Contains(m[1][len(prefix):], "/") {
					real = m[1]
					break
				}
			}
		}
		if real == "" {
			real = regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(path, "khong-co-123")
		}
		out = append(out, real)
	}
	return out
}

func TestReads_NoGETCreatesOrChangesADomainRow(t *testing.T) {
	e := testutil.Start(t, "")
	e.AddUser(t, "giaovien", "cao-bang-sgddt", "", "officer")
	table := probes(matrixTarget(t, e))
	var console []string
	for _, pattern := range e.App.Web.ConsoleRoutes() {
		if !strings.HasPrefix(pattern, "GET ") {
			continue
		}
		if len(table[pattern]) == 0 {
			t.Errorf("GET route %q has no probe in matrix_test.go to open it by", pattern)
		}
		for _, pr := range table[pattern] {
			console = append(console, pr.path)
		}
	}
	// Reports and dashboards of periods nobody has opened yet: reading
	// them must not create their drafts.
	console = append(console, "/quan-tri/tong-quan", "/quan-tri/tong-quan?nam=2025", "/quan-tri/bao-cao/cao-bang-snnmt/2026-Y",
		"/quan-tri/bao-cao/cao-bang-ca/2026-H1", "/quan-tri/bao-cao/cao-bang-snnmt/2025-Y/tai-ve/docx", "/quan-tri/bao-cao?nam=2025")
	portal := publicPaths(t, e)

	clients := map[string]*testutil.Client{"người lạ": e.NewClient(t)}
	for _, u := range []string{"thuongtruc", "lanhdao", "quantri"} {
		c := e.NewClient(t)
		c.Login(u, e.Passwords[u])
		clients[u] = c
	}
	before := tableSums(t, e.App.DB)
	auditBefore := auditCount(t, e)
	for who, c := range clients {
		paths := portal
		if who != "người lạ" {
			paths = append(slices.Clone(console), portal...)
		}
		for _, p := range paths {
			c.Get(p)
			after := tableSums(t, e.App.DB)
			for name, sum := range after {
				if sum == before[name] {
					continue
				}
				if cols, ok := readsMayWrite[name]; ok && (cols == nil || name == "audit_log") {
					continue
				}
				t.Errorf("%s: GET %s changed table %s (%s → %s)", who, p, name, before[name], sum)
			}
			before = after
		}
	}
	actions, err := store.Column[string](e.App.DB.R.QueryContext(context.Background(), `SELECT action FROM audit_log ORDER BY id LIMIT -1 OFFSET $1`, auditBefore))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		if !slices.Contains(accessLogActions, a) {
			t.Errorf("a read recorded %q in the audit log; only opening a person's record may be logged by a read", a)
		}
	}
}

func auditCount(t *testing.T, e *testutil.Env) int {
	t.Helper()
	var n int
	if err := e.App.DB.R.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
