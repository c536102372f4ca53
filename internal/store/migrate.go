package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// Migration is one embedded schema change, numbered by its file name prefix.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the embedded migrations of the dialect in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := "migrations/" + string(d)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and '_'", e.Name())
		}
		b, err := migrationFS.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

const createVersions = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TIMESTAMP NOT NULL
)`

// Pending returns the migrations not yet applied.
func (db *DB) Pending(ctx context.Context) ([]Migration, error) {
	if _, err := db.W.ExecContext(ctx, createVersions); err != nil {
		return nil, fmt.Errorf("schema_migrations: %w", err)
	}
	return db.pending(ctx, db.W)
}

func (db *DB) pending(ctx context.Context, q Querier) ([]Migration, error) {
	all, err := Migrations(db.Dialect)
	if err != nil {
		return nil, err
	}
	applied, err := Column[int](q.QueryContext(ctx, `SELECT version FROM schema_migrations`))
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	done := map[int]bool{}
	for _, v := range applied {
		done[v] = true
	}
	var out []Migration
	for _, m := range all {
		if !done[m.Version] {
			out = append(out, m)
		}
	}
	return out, nil
}

// Migrate applies every pending migration, each in its own transaction, and
// returns the ones it applied. On PostgreSQL an advisory lock makes several
// instances starting at once take turns.
func (db *DB) Migrate(ctx context.Context, now time.Time) ([]Migration, error) {
	if _, err := db.W.ExecContext(ctx, createVersions); err != nil {
		return nil, fmt.Errorf("schema_migrations: %w", err)
	}
	var applied []Migration
	for {
		var did *Migration
		err := db.Transact(ctx, func(tx *sql.Tx) error {
			if db.Dialect == Postgres {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7402215)`); err != nil {
					return err
				}
			}
			// A newer program migrated this database: applying this
			// program's older steps on it could undo or clash with them.
			if l, err := db.level(ctx, tx); err != nil {
				return err
			} else if len(l.Unknown) > 0 {
				return l.AheadError()
			}
			pend, err := db.pending(ctx, tx)
			if err != nil || len(pend) == 0 {
				return err
			}
			m := pend[0]
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, m.Version, m.Name, now.UTC()); err != nil {
				return err
			}
			did = &m
			return nil
		})
		if err != nil {
			return applied, err
		}
		if did == nil {
			return applied, nil
		}
		applied = append(applied, *did)
	}
}
