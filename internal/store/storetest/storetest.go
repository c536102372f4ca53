// Package storetest opens fresh, migrated databases for tests: always an
// SQLite file in a temporary folder, and a PostgreSQL schema of its own when
// CANHGIAC_TEST_POSTGRES holds a URL.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/store"
)

// PostgresEnv names the variable that holds the test PostgreSQL URL.
const PostgresEnv = "CANHGIAC_TEST_POSTGRES"

// ForEach runs fn once per available database, as subtests "sqlite" and
// "postgres"; the PostgreSQL run is skipped with a reason when not configured.
func ForEach(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated database in a fresh temporary folder. The
// migrations run once per test binary (seconds under the race detector);
// each test gets a copy of the migrated file.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	tmpl, err := migratedTemplate()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := CopyDir(tmpl, dir); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// Nothing to do on the copy; kept so that a migration added to the
	// code after the template was made cannot be missed.
	if _, err := db.Migrate(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	return db
}

// SQLiteFilled returns a copy of a database that fill filled once per test
// binary under the name key (the demo's units, plans and activities, say),
// so that tests needing the same data do not each load it again.
func SQLiteFilled(t testing.TB, key string, fill func(db *store.DB) error) *store.DB {
	t.Helper()
	filledMu.Lock()
	f := filled[key]
	if f == nil {
		f = &filledDir{}
		filled[key] = f
	}
	filledMu.Unlock()
	f.once.Do(func() {
		tmpl, err := migratedTemplate()
		if err != nil {
			f.err = err
			return
		}
		if f.dir, f.err = TemplateDir("filled"); f.err != nil {
			return
		}
		if f.err = CopyDir(tmpl, f.dir); f.err != nil {
			return
		}
		db, err := store.Open(context.Background(), store.Options{DataDir: f.dir})
		if err != nil {
			f.err = err
			return
		}
		if err := fill(db); err != nil {
			db.Close()
			f.err = fmt.Errorf("filling the shared test database %q: %w", key, err)
			return
		}
		f.err = db.Close()
	})
	if f.err != nil {
		t.Fatal(f.err)
	}
	dir := t.TempDir()
	if err := CopyDir(f.dir, dir); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

type filledDir struct {
	once sync.Once
	dir  string
	err  error
}

var (
	filledMu sync.Mutex
	filled   = map[string]*filledDir{}
)

var migrated struct {
	once sync.Once
	dir  string
	err  error
}

// migratedTemplate is a data folder holding a freshly migrated SQLite
// database, made once per test binary.
func migratedTemplate() (string, error) {
	migrated.once.Do(func() {
		migrated.dir, migrated.err = TemplateDir("migrated")
		if migrated.err != nil {
			return
		}
		db, err := store.Open(context.Background(), store.Options{DataDir: migrated.dir})
		if err != nil {
			migrated.err = err
			return
		}
		if _, err := db.Migrate(context.Background(), time.Now()); err != nil {
			db.Close()
			migrated.err = err
			return
		}
		migrated.err = db.Close()
	})
	return migrated.dir, migrated.err
}

const templatePrefix = "canhgiac-testtmpl-"

// TemplateDir makes a folder for data shared by the tests of this test
// binary (named after its process, so that the next binary removes it once
// this one has ended: a binary cannot remove its own when it exits).
func TemplateDir(what string) (string, error) {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), templatePrefix+"*"))
	for _, d := range old {
		rest := strings.TrimPrefix(filepath.Base(d), templatePrefix)
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err != nil || pid == os.Getpid() {
			continue
		}
		if syscall.Kill(pid, 0) == syscall.ESRCH {
			os.RemoveAll(d)
		}
	}
	return os.MkdirTemp("", templatePrefix+strconv.Itoa(os.Getpid())+"-"+what+"-")
}

// CopyDir copies the files under src into dst, keeping their modes (key
// files are readable by their owner only).
func CopyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(target, info.Mode().Perm())
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

// PostgresURL returns a URL to an empty schema of its own, dropped when the
// test ends, or skips the test when no server is configured.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skip("PostgreSQL not configured: set " + PostgresEnv + " (the CI does)")
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Postgres returns a migrated database in a schema of its own.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{URL: PostgresURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	return db
}
