package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The SQL of this package. Every query runs unchanged on SQLite and
// PostgreSQL; dates are TEXT YYYY-MM-DD and periods are [valid_from, valid_to).

const unitColumns = `u.id, u.code, v.name, v.short_name, v.type, COALESCE(v.parent_id, 0),
	COALESCE(pu.code, ''), v.valid_from, v.valid_to, v.id`

// unitFrom is the FROM clause for a unit with one of its versions; the
// parent's code is joined, its name is filled in later at the same date.
const unitFrom = ` FROM unit_versions v JOIN units u ON u.id = v.unit_id LEFT JOIN units pu ON pu.id = v.parent_id`

func scanUnits(rows *sql.Rows) ([]Unit, error) {
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		var u Unit
		var t string
		if err := rows.Scan(&u.ID, &u.Code, &u.Name, &u.ShortName, &t, &u.ParentID, &u.ParentCode, &u.ValidFrom, &u.ValidTo, &u.VersionID); err != nil {
			return nil, err
		}
		u.Type = Type(t)
		out = append(out, u)
	}
	return out, rows.Err()
}

// activeUnits returns every unit version in force on date d.
func activeUnits(ctx context.Context, q store.Querier, d string) ([]Unit, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+unitColumns+unitFrom+` WHERE v.valid_from <= $1 AND $1 < v.valid_to`, d)
	if err != nil {
		return nil, fmt.Errorf("units at %s: %w", d, err)
	}
	return scanUnits(rows)
}

// versionAt returns the version of unit id in force on d, or errs.ErrNotFound.
func versionAt(ctx context.Context, q store.Querier, id int64, d string) (Unit, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+unitColumns+unitFrom+` WHERE v.unit_id = $1 AND v.valid_from <= $2 AND $2 < v.valid_to`, id, d)
	if err != nil {
		return Unit{}, err
	}
	us, err := scanUnits(rows)
	if err != nil {
		return Unit{}, err
	}
	if len(us) == 0 {
		return Unit{}, errs.ErrNotFound
	}
	return us[0], nil
}

// versions returns every version of unit id, oldest first.
func versions(ctx context.Context, q store.Querier, id int64) ([]Unit, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+unitColumns+unitFrom+` WHERE v.unit_id = $1 ORDER BY v.valid_from`, id)
	if err != nil {
		return nil, err
	}
	return scanUnits(rows)
}

// unitIDByCode resolves a code to an id, or errs.ErrNotFound.
func unitIDByCode(ctx context.Context, q store.Querier, code string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM units WHERE code = $1`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.ErrNotFound
	}
	return id, err
}

// childrenAt returns the units whose parent on d is id.
func childrenAt(ctx context.Context, q store.Querier, id int64, d string) ([]Unit, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+unitColumns+unitFrom+` WHERE v.parent_id = $1 AND v.valid_from <= $2 AND $2 < v.valid_to ORDER BY u.code`, id, d)
	if err != nil {
		return nil, err
	}
	return scanUnits(rows)
}

// subtreeAt returns id and all its descendants on d.
func subtreeAt(ctx context.Context, q store.Querier, id int64, d string) ([]int64, error) {
	return ids(ctx, q, `WITH RECURSIVE s(id) AS (
			SELECT CAST($1 AS BIGINT)
			UNION
			SELECT v.unit_id FROM unit_versions v JOIN s ON v.parent_id = s.id
			WHERE v.valid_from <= $2 AND $2 < v.valid_to
		) SELECT id FROM s`, id, d)
}

// withPredecessors returns the given units and all their predecessors,
// however many restructures back.
func withPredecessors(ctx context.Context, q store.Querier, seed []int64) ([]int64, error) {
	seen := map[int64]bool{}
	frontier := append([]int64(nil), seed...)
	for _, id := range seed {
		seen[id] = true
	}
	for len(frontier) > 0 {
		next := frontier[:0:0]
		for _, id := range frontier {
			preds, err := ids(ctx, q, `SELECT predecessor_id FROM unit_successions WHERE successor_id = $1`, id)
			if err != nil {
				return nil, err
			}
			for _, p := range preds {
				if !seen[p] {
					seen[p] = true
					next = append(next, p)
				}
			}
		}
		frontier = next
	}
	out := make([]int64, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	return out, nil
}

func ids(ctx context.Context, q store.Querier, query string, args ...any) ([]int64, error) {
	return store.Column[int64](q.QueryContext(ctx, query, args...))
}

func insertUnit(ctx context.Context, q store.Querier, code string, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO units (code, created_at) VALUES ($1, $2) RETURNING id`, code, now).Scan(&id)
	if store.IsUniqueViolation(err) {
		return 0, errs.InvalidField("code", fmt.Sprintf("Mã %q đã được dùng cho một đơn vị khác.", code))
	}
	return id, err
}

// openVersion starts a version of unit id from date from, open-ended.
func openVersion(ctx context.Context, q store.Querier, id int64, u Unit, from string, eventID int64) error {
	var parent, event any
	if u.ParentID != 0 {
		parent = u.ParentID
	}
	if eventID != 0 {
		event = eventID
	}
	_, err := q.ExecContext(ctx, `INSERT INTO unit_versions (unit_id, name, name_folded, short_name, type, parent_id, valid_from, valid_to, event_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		id, u.Name, vn.Fold(u.Name+" "+u.ShortName+" "+u.Code), u.ShortName, string(u.Type), parent, from, vn.Forever, event)
	return err
}

// closeVersion ends a version on date to (exclusive).
func closeVersion(ctx context.Context, q store.Querier, versionID int64, to string) error {
	_, err := q.ExecContext(ctx, `UPDATE unit_versions SET valid_to = $1 WHERE id = $2`, to, versionID)
	return err
}

// correctVersion rewrites a version in place (a correction, not a change
// in time).
func correctVersion(ctx context.Context, q store.Querier, u Unit) error {
	var parent any
	if u.ParentID != 0 {
		parent = u.ParentID
	}
	_, err := q.ExecContext(ctx, `UPDATE unit_versions SET name = $1, name_folded = $2, short_name = $3, type = $4, parent_id = $5 WHERE id = $6`,
		u.Name, vn.Fold(u.Name+" "+u.ShortName+" "+u.Code), u.ShortName, string(u.Type), parent, u.VersionID)
	return err
}

func insertEvent(ctx context.Context, q store.Querier, e Event, actorID int64) (int64, error) {
	var by any
	if actorID != 0 {
		by = actorID
	}
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO restructure_events (kind, effective, basis, note, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, string(e.Kind), e.Effective, e.Basis, e.Note, by, e.CreatedAt).Scan(&id)
	return id, err
}

func insertSuccession(ctx context.Context, q store.Querier, pred, succ, eventID int64, effective string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO unit_successions (predecessor_id, successor_id, event_id, effective) VALUES ($1, $2, $3, $4)`,
		pred, succ, eventID, effective)
	return err
}

// successions returns the links into (pred=false) or out of (pred=true) id.
func successions(ctx context.Context, q store.Querier, id int64, outOf bool) ([]Succession, error) {
	col, other := "successor_id", "predecessor_id"
	if outOf {
		col, other = "predecessor_id", "successor_id"
	}
	rows, err := q.QueryContext(ctx, `SELECT s.`+other+`, s.event_id, e.kind, s.effective, e.basis
		FROM unit_successions s JOIN restructure_events e ON e.id = s.event_id
		WHERE s.`+col+` = $1 ORDER BY s.effective, s.event_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Succession
	for rows.Next() {
		var s Succession
		var otherID int64
		var kind string
		if err := rows.Scan(&otherID, &s.EventID, &kind, &s.Effective, &s.Basis); err != nil {
			return nil, err
		}
		s.Kind = Kind(kind)
		if outOf {
			s.Predecessor.ID, s.Successor.ID = id, otherID
		} else {
			s.Predecessor.ID, s.Successor.ID = otherID, id
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// lastVersion returns the latest version of unit id.
func lastVersion(ctx context.Context, q store.Querier, id int64) (Unit, error) {
	vs, err := versions(ctx, q, id)
	if err != nil {
		return Unit{}, err
	}
	if len(vs) == 0 {
		return Unit{}, errs.ErrNotFound
	}
	return vs[len(vs)-1], nil
}
