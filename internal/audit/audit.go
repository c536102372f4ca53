// Package audit keeps the trail of every change staff make: who, when, what,
// before and after. Services write an entry in the same transaction as the
// change, so a change and its record stand or fall together. It does not
// decide who may read the trail; callers pass the units the reader may see.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/store"
)

// Entry is one recorded change.
type Entry struct {
	ID        int64
	At        time.Time
	ActorID   int64
	Actor     string
	Action    string // e.g. "unit.create", "unit.merge", "user.login"
	Entity    string // "unit", "user", …
	EntityKey string // the code or username
	UnitID    int64  // the unit the change concerns, for scoping; 0 if none
	Summary   string // one Vietnamese line
	Before    string // JSON, empty if none
	After     string // JSON, empty if none
}

// Record writes e with the actor from ctx. before and after are marshalled
// to JSON; pass nil when there is none.
func Record(ctx context.Context, q store.Querier, at time.Time, e Entry, before, after any) error {
	if a := access.From(ctx); a != nil {
		e.ActorID, e.Actor = a.UserID, a.Username
	}
	if e.Actor == "" {
		e.Actor = "system"
	}
	b, err := marshal(before)
	if err != nil {
		return err
	}
	aft, err := marshal(after)
	if err != nil {
		return err
	}
	var actorID, unitID any
	if e.ActorID != 0 {
		actorID = e.ActorID
	}
	if e.UnitID != 0 {
		unitID = e.UnitID
	}
	_, err = q.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_key, unit_id, summary, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		at.UTC(), actorID, e.Actor, e.Action, e.Entity, e.EntityKey, unitID, e.Summary, b, aft)
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", e.Action, e.EntityKey, err)
	}
	return nil
}

func marshal(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: marshal: %w", err)
	}
	return string(b), nil
}

// Filter narrows a listing.
type Filter struct {
	Units  []int64 // only entries about these units; nil with All=false means none
	All    bool    // every entry (the system, or an admin of the root)
	Action string  // prefix such as "unit." ; empty for all
	Before int64   // page: entries with id < Before; 0 for the newest
	Offset int     // page: skip this many of the newest first
	Limit  int
}

// where is the filter as an SQL WHERE clause ("" for none) and its arguments.
func (f Filter) where() (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if !f.All {
		ph := make([]string, len(f.Units))
		for i, u := range f.Units {
			ph[i] = arg(u)
		}
		where = append(where, "unit_id IN ("+strings.Join(ph, ",")+")")
	}
	if f.Action != "" {
		where = append(where, "action LIKE "+arg(f.Action+"%"))
	}
	if f.Before > 0 {
		where = append(where, "id < "+arg(f.Before))
	}
	if len(where) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// Count says how many entries the filter lets through (Offset and Limit aside).
func Count(ctx context.Context, q store.Querier, f Filter) (int, error) {
	if !f.All && len(f.Units) == 0 {
		return 0, nil
	}
	where, args := f.where()
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("audit count: %w", err)
	}
	return n, nil
}

// List returns entries newest first.
func List(ctx context.Context, q store.Querier, f Filter) ([]Entry, error) {
	if !f.All && len(f.Units) == 0 {
		return nil, nil
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	where, args := f.where()
	query := `SELECT id, at, COALESCE(actor_id, 0), actor, action, entity, entity_key, COALESCE(unit_id, 0), summary, before_json, after_json FROM audit_log` + where
	args = append(args, f.Limit, max(f.Offset, 0))
	query += fmt.Sprintf(" ORDER BY id DESC LIMIT $%d OFFSET $%d", len(args)-1, len(args))
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("audit list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Actor, &e.Action, &e.Entity, &e.EntityKey, &e.UnitID, &e.Summary, &e.Before, &e.After); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Actors returns the ids of the people who did any of the actions to one
// entity (the system, which has no id, is left out), so a rule of four eyes
// can ask who wrote or sent something. unitID narrows the search to the
// entity's unit, which the trail is indexed by.
func Actors(ctx context.Context, q store.Querier, unitID int64, entity, key string, actions ...string) ([]int64, error) {
	args := []any{unitID, entity, key}
	ph := make([]string, len(actions))
	for i, a := range actions {
		args = append(args, a)
		ph[i] = fmt.Sprintf("$%d", len(args))
	}
	out, err := store.Column[int64](q.QueryContext(ctx, `SELECT DISTINCT actor_id FROM audit_log WHERE unit_id = $1 AND entity = $2 AND entity_key = $3
		AND actor_id IS NOT NULL AND action IN (`+strings.Join(ph, ",")+`)`, args...))
	if err != nil {
		return nil, fmt.Errorf("audit actors of %s %s: %w", entity, key, err)
	}
	return out, nil
}
