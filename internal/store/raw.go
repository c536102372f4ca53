package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// ScanRaw runs a read query and calls fn with each row's columns as text
// (booleans "t"/"f" on PostgreSQL, "1"/"0" on SQLite; see RawBool), valid
// only during the call. On PostgreSQL it reads through pgx itself, without
// database/sql's per-row cost: it is for reading millions of rows at start.
func (db *DB) ScanRaw(ctx context.Context, fn func(cols [][]byte) error, query string, args ...any) error {
	if db.Dialect == Postgres {
		conn, err := db.R.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		return conn.Raw(func(dc any) error {
			sc, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("store: not a pgx connection: %T", dc)
			}
			rows, err := sc.Conn().Query(ctx, query, append([]any{pgx.QueryResultFormats{pgx.TextFormatCode}}, args...)...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				if err := fn(rows.RawValues()); err != nil {
					return err
				}
			}
			return rows.Err()
		})
	}
	rows, err := db.R.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return err
	}
	raw := make([]sql.RawBytes, len(names))
	ptrs := make([]any, len(names))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	cols := make([][]byte, len(names))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i := range raw {
			cols[i] = raw[i]
		}
		if err := fn(cols); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RawBool reads a boolean column as ScanRaw gives it.
func RawBool(b []byte) bool { return len(b) > 0 && (b[0] == 't' || b[0] == '1') }

// RawInt reads an integer column as ScanRaw gives it (0 if it is not one).
func RawInt(b []byte) int64 {
	var n int64
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		return -n
	}
	return n
}

// Column reads a one-column result into a slice, closing the rows:
// ids, err := store.Column[int64](db.R.QueryContext(ctx, `SELECT id …`)).
func Column[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
