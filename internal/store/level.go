package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// ErrSchemaAhead says the database holds migrations this program does not
// know: a newer version of the program migrated it. Running on it would
// read and write columns this version has never heard of, so the program
// refuses to start (and `migrate` refuses to touch it) until it is
// upgraded.
var ErrSchemaAhead = errors.New("schema ahead of the program")

// Level is where a database and this program stand: the highest migration
// applied to the database, the highest the program embeds, and the
// applied ones the program does not know.
type Level struct {
	Database int   // highest migration applied; 0 on an empty database
	Program  int   // highest migration this program embeds
	Unknown  []int // applied migrations this program does not embed, in order
}

// Level reads the migration level of the database against the program's.
func (db *DB) Level(ctx context.Context) (Level, error) {
	if _, err := db.W.ExecContext(ctx, createVersions); err != nil {
		return Level{}, fmt.Errorf("schema_migrations: %w", err)
	}
	return db.level(ctx, db.W)
}

func (db *DB) level(ctx context.Context, q Querier) (Level, error) {
	all, err := Migrations(db.Dialect)
	if err != nil {
		return Level{}, err
	}
	applied, err := Column[int](q.QueryContext(ctx, `SELECT version FROM schema_migrations`))
	if err != nil {
		return Level{}, fmt.Errorf("read schema_migrations: %w", err)
	}
	known := map[int]bool{}
	var l Level
	for _, m := range all {
		known[m.Version] = true
		l.Program = max(l.Program, m.Version)
	}
	for _, v := range applied {
		l.Database = max(l.Database, v)
		if !known[v] {
			l.Unknown = append(l.Unknown, v)
		}
	}
	slices.Sort(l.Unknown)
	return l, nil
}

// AheadError is the refusal to run on a database a newer program migrated,
// in the words an operator reads.
func (l Level) AheadError() error {
	return fmt.Errorf("%w: cơ sở dữ liệu ở mức di chuyển %04d, chương trình này chỉ biết đến %04d (%d di chuyển lạ, đầu tiên là %04d): hãy nâng cấp chương trình lên cùng phiên bản với máy chủ đã nâng cấp cơ sở dữ liệu, rồi khởi động lại",
		ErrSchemaAhead, l.Database, l.Program, len(l.Unknown), l.Unknown[0])
}
