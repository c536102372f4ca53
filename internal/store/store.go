// Package store is database plumbing only: it opens SQLite or PostgreSQL,
// applies the embedded migrations and runs transactions. It never imports a
// domain package; each domain package writes its own SQL against *DB.
//
// SQL in this project is written once for both databases: "$1" placeholders,
// RETURNING, WITH RECURSIVE, TEXT dates as YYYY-MM-DD and timestamps as
// time.Time work the same way on both.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names the database in use.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Querier is what both *sql.DB and *sql.Tx offer; domain code that can run
// inside or outside a transaction takes one.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is an open database: a writer and a pool of readers. On PostgreSQL both
// are the same pool; on SQLite the writer has a single connection, so writers
// queue in Go instead of failing with SQLITE_BUSY.
type DB struct {
	Dialect Dialect
	W       *sql.DB // writes and transactions
	R       *sql.DB // reads
	where   string  // for messages: the file or the host, never the password
}

// Options says which database to open.
type Options struct {
	URL     string // postgres://… ; empty for the embedded SQLite file
	DataDir string // folder for the SQLite file
	File    string // SQLite file name, default canhgiac.db
}

// ErrOpen wraps every failure to open the database.
var ErrOpen = errors.New("cannot open database")

// Open opens the database the options name and checks it answers.
func Open(ctx context.Context, o Options) (*DB, error) {
	if strings.HasPrefix(o.URL, "postgres://") || strings.HasPrefix(o.URL, "postgresql://") {
		return openPostgres(ctx, o.URL)
	}
	if o.URL != "" {
		return nil, fmt.Errorf("%w: unsupported database URL (want postgres://…)", ErrOpen)
	}
	return openSQLite(ctx, o)
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrOpen, err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	where := "postgres"
	if u, err := url.Parse(dsn); err == nil {
		where = "postgres://" + u.Host + u.Path
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w %s: %v", ErrOpen, where, err)
	}
	return &DB{Dialect: Postgres, W: db, R: db, where: where}, nil
}

func openSQLite(ctx context.Context, o Options) (*DB, error) {
	dir := o.DataDir
	if dir == "" {
		dir = "data"
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("%w: data folder %s: %v", ErrOpen, dir, err)
	}
	name := o.File
	if name == "" {
		name = "canhgiac.db"
	}
	path := filepath.Join(dir, name)
	// The database holds personal data (sealed, but also tips' narratives
	// and staff accounts): only the server's own user reads it. SQLite
	// gives its -wal and -shm files the database file's permissions, so
	// creating it 0600 covers all three; a file made earlier is narrowed.
	if f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600); err == nil {
		f.Close()
		_ = os.Chmod(path, 0o600)
	}
	// A 64 MB page cache per connection keeps aggregates of thousands of
	// units in memory instead of re-reading pages.
	common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_time_format=sqlite"
	w, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrOpen, path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := w.PingContext(pctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrOpen, path, describeSQLite(err))
	}
	// The writer set WAL; readers then never block it nor each other.
	r, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrOpen, path, err)
	}
	r.SetMaxOpenConns(4)
	if err := r.PingContext(pctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrOpen, path, describeSQLite(err))
	}
	return &DB{Dialect: SQLite, W: w, R: r, where: path}, nil
}

func describeSQLite(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_NOTADB || se.Code() == sqlite3.SQLITE_CORRUPT) {
		return fmt.Errorf("not a Cảnh Giác database file (%v)", err)
	}
	return err
}

// Where says which database this is, without secrets.
func (db *DB) Where() string { return db.where }

// Ping says whether the database answers, on the reading pool.
func (db *DB) Ping(ctx context.Context) error { return db.R.PingContext(ctx) }

// Close closes both pools.
func (db *DB) Close() error {
	err := db.W.Close()
	if db.R != db.W {
		if e := db.R.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Transact runs fn in a transaction on the writer, commits if fn returns nil
// and rolls back otherwise. A serialization failure or a busy database is
// retried a few times, so fn must not have effects outside the transaction.
func (db *DB) Transact(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		err = db.transactOnce(ctx, fn)
		if err == nil || !retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 20 * time.Millisecond):
		}
	}
	return err
}

func (db *DB) transactOnce(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func retryable(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	type sqlState interface{ SQLState() string }
	var ps sqlState
	if errors.As(err, &ps) {
		s := ps.SQLState()
		return s == "40001" || s == "40P01"
	}
	return false
}

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either database.
func IsUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	type sqlState interface{ SQLState() string }
	var ps sqlState
	if errors.As(err, &ps) {
		return ps.SQLState() == "23505"
	}
	return false
}
