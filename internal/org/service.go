package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Service reads and changes the organisation, for the actor in the context.
type Service struct {
	db    *store.DB
	clock clock.Clock
	coll  *vn.Collator
}

// NewService returns the organisation service.
func NewService(db *store.DB, clk clock.Clock) *Service {
	return &Service{db: db, clock: clk, coll: vn.NewCollator()}
}

// Today is the service's current date in Vietnam, YYYY-MM-DD.
func (s *Service) Today() string { return vn.Today(s.clock.Now()) }

// Scope is the set of units an actor may act on with one permission.
type Scope struct {
	All bool
	IDs map[int64]bool
}

// Contains reports whether unit id is in the scope.
func (sc Scope) Contains(id int64) bool { return sc.All || sc.IDs[id] }

// List returns the ids, for queries; nil when All.
func (sc Scope) List() []int64 {
	out := make([]int64, 0, len(sc.IDs))
	for id := range sc.IDs {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// ScopeOf returns the units the actor in ctx may act on with p: the subtree
// of each granting unit as of today; for viewing, also every predecessor
// of those units, so that history stays visible after a merger.
func (s *Service) ScopeOf(ctx context.Context, p access.Permission) (Scope, error) {
	return s.scopeOf(ctx, s.db.R, p)
}

func (s *Service) scopeOf(ctx context.Context, q store.Querier, p access.Permission) (Scope, error) {
	a := access.From(ctx)
	if a == nil {
		return Scope{}, errs.ErrUnauthenticated
	}
	roots, all := a.ScopesFor(p)
	if all {
		return Scope{All: true}, nil
	}
	today := s.Today()
	set := map[int64]bool{}
	for _, r := range roots {
		sub, err := subtreeAt(ctx, q, r, today)
		if err != nil {
			return Scope{}, fmt.Errorf("scope: %w", err)
		}
		for _, id := range sub {
			set[id] = true
		}
	}
	switch p {
	case access.UnitView, access.UserView, access.AuditView, access.PlanView, access.ActivityView, access.ReportView:
		seed := make([]int64, 0, len(set))
		for id := range set {
			seed = append(seed, id)
		}
		withPred, err := withPredecessors(ctx, q, seed)
		if err != nil {
			return Scope{}, fmt.Errorf("scope: %w", err)
		}
		for _, id := range withPred {
			set[id] = true
		}
	}
	return Scope{IDs: set}, nil
}

// Authorize returns nil when the actor in ctx may use p on unit id, and a
// forbidden (or unauthenticated) error otherwise.
func (s *Service) Authorize(ctx context.Context, p access.Permission, id int64) error {
	return s.authorize(ctx, s.db.R, p, id)
}

func (s *Service) authorize(ctx context.Context, q store.Querier, p access.Permission, id int64) error {
	sc, err := s.scopeOf(ctx, q, p)
	if err != nil {
		return err
	}
	if !sc.Contains(id) {
		return errs.ErrForbidden
	}
	return nil
}

// ParseDate reads a date a person typed (or "" for today) as YYYY-MM-DD.
func (s *Service) ParseDate(field, text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return s.Today(), nil
	}
	t, err := vn.ParseDate(text)
	if err != nil {
		return "", errs.InvalidField(field, err.Error())
	}
	return vn.ISODate(t), nil
}

// Tree returns the units the actor may see as they stood on date d, as a
// forest: a visible unit whose parent is not visible is a root.
func (s *Service) Tree(ctx context.Context, d string) ([]*Node, error) {
	sc, err := s.ScopeOf(ctx, access.UnitView)
	if err != nil {
		return nil, err
	}
	units, err := activeUnits(ctx, s.db.R, d)
	if err != nil {
		return nil, err
	}
	nodes := map[int64]*Node{}
	for _, u := range units {
		if sc.Contains(u.ID) {
			nodes[u.ID] = &Node{Unit: u}
		}
	}
	var roots []*Node
	for _, n := range nodes {
		if p, ok := nodes[n.ParentID]; ok {
			n.ParentName = p.Name
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	s.sortNodes(roots)
	return roots, nil
}

func (s *Service) sortNodes(ns []*Node) {
	slices.SortStableFunc(ns, func(a, b *Node) int {
		if c := typeRank(a.Type) - typeRank(b.Type); c != 0 {
			return c
		}
		return s.coll.Compare(a.Name, b.Name)
	})
	for _, n := range ns {
		s.sortNodes(n.Children)
	}
}

// typeRank orders siblings: governing bodies first, enterprises last.
func typeRank(t Type) int {
	if i := slices.Index(Types, t); i >= 0 {
		return i
	}
	return len(Types)
}

// Search finds visible units in force on d whose name, short name or code
// contains the query, ignoring diacritics and case.
func (s *Service) Search(ctx context.Context, query, d string) ([]Unit, error) {
	sc, err := s.ScopeOf(ctx, access.UnitView)
	if err != nil {
		return nil, err
	}
	folded := vn.Fold(query)
	if folded == "" {
		return nil, nil
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(folded) + "%"
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+unitColumns+unitFrom+`
		WHERE v.name_folded LIKE $1 ESCAPE '\' AND v.valid_from <= $2 AND $2 < v.valid_to LIMIT 200`, like, d)
	if err != nil {
		return nil, fmt.Errorf("search units: %w", err)
	}
	found, err := scanUnits(rows)
	if err != nil {
		return nil, err
	}
	out := found[:0]
	for _, u := range found {
		if sc.Contains(u.ID) {
			out = append(out, u)
		}
	}
	if err := s.fillParentNames(ctx, out, d); err != nil {
		return nil, err
	}
	vn.SortBy(s.coll, out, func(u Unit) string { return u.Name })
	return out, nil
}

func (s *Service) fillParentNames(ctx context.Context, us []Unit, d string) error {
	for i := range us {
		if us[i].ParentID == 0 {
			continue
		}
		p, err := versionAt(ctx, s.db.R, us[i].ParentID, d)
		if errors.Is(err, errs.ErrNotFound) {
			p, err = lastVersion(ctx, s.db.R, us[i].ParentID)
		}
		if err != nil {
			return err
		}
		us[i].ParentName = p.Name
	}
	return nil
}

// Lookup returns a visible unit by code as it stood on d (or, if it did not
// exist then, its last version).
func (s *Service) Lookup(ctx context.Context, code, d string) (Unit, error) {
	id, err := unitIDByCode(ctx, s.db.R, strings.ToLower(strings.TrimSpace(code)))
	if err != nil {
		return Unit{}, errs.NotFound(fmt.Sprintf("Không có đơn vị mã %q.", code), fmt.Sprintf("No unit with code %q.", code))
	}
	if err := s.Authorize(ctx, access.UnitView, id); err != nil {
		return Unit{}, err
	}
	u, err := versionAt(ctx, s.db.R, id, d)
	if errors.Is(err, errs.ErrNotFound) {
		u, err = lastVersion(ctx, s.db.R, id)
	}
	if err != nil {
		return Unit{}, err
	}
	us := []Unit{u}
	if err := s.fillParentNames(ctx, us, d); err != nil {
		return Unit{}, err
	}
	return us[0], nil
}

// Get returns the unit page: the unit on d, its history, children and
// successions.
func (s *Service) Get(ctx context.Context, code, d string) (*Detail, error) {
	u, err := s.Lookup(ctx, code, d)
	if err != nil {
		return nil, err
	}
	det := &Detail{Unit: u, ActiveAtDate: u.Active(d)}
	if det.Versions, err = versions(ctx, s.db.R, u.ID); err != nil {
		return nil, err
	}
	if err := s.fillParentNames(ctx, det.Versions, d); err != nil {
		return nil, err
	}
	kids, err := childrenAt(ctx, s.db.R, u.ID, d)
	if err != nil {
		return nil, err
	}
	vn.SortBy(s.coll, kids, func(u Unit) string { return u.Name })
	det.Children = kids
	if det.Predecessors, err = s.fillSuccessions(ctx, u.ID, false); err != nil {
		return nil, err
	}
	if det.Successors, err = s.fillSuccessions(ctx, u.ID, true); err != nil {
		return nil, err
	}
	det.CanEdit = s.Authorize(ctx, access.UnitEdit, u.ID) == nil && u.ValidTo == vn.Forever
	return det, nil
}

func (s *Service) fillSuccessions(ctx context.Context, id int64, outOf bool) ([]Succession, error) {
	ss, err := successions(ctx, s.db.R, id, outOf)
	if err != nil {
		return nil, err
	}
	for i := range ss {
		for _, side := range []*Unit{&ss[i].Predecessor, &ss[i].Successor} {
			v, err := lastVersion(ctx, s.db.R, side.ID)
			if err != nil {
				return nil, err
			}
			*side = v
		}
	}
	return ss, nil
}

// Successor returns the unit or units that carry unit code's duties and
// history on date d: the unit itself while it is in force, otherwise the
// units its restructures led to, followed as far as d.
func (s *Service) Successor(ctx context.Context, code, d string) ([]Unit, error) {
	u, err := s.Lookup(ctx, code, d)
	if err != nil {
		return nil, err
	}
	var out []Unit
	seen := map[int64]bool{}
	var walk func(id int64) error
	walk = func(id int64) error {
		if seen[id] {
			return nil
		}
		seen[id] = true
		if v, err := versionAt(ctx, s.db.R, id, d); err == nil {
			out = append(out, v)
			return nil
		} else if !errors.Is(err, errs.ErrNotFound) {
			return err
		}
		next, err := successions(ctx, s.db.R, id, true)
		if err != nil {
			return err
		}
		for _, n := range next {
			if n.Effective <= d {
				if err := walk(n.Successor.ID); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(u.ID); err != nil {
		return nil, err
	}
	if err := s.fillParentNames(ctx, out, d); err != nil {
		return nil, err
	}
	return out, nil
}

// AuditLog returns one page of the audit entries the actor may read, newest
// first, and how many there are in all.
func (s *Service) AuditLog(ctx context.Context, action string, offset, limit int) ([]audit.Entry, int, error) {
	sc, err := s.ScopeOf(ctx, access.AuditView)
	if err != nil {
		return nil, 0, err
	}
	if !sc.All && len(sc.IDs) == 0 {
		return nil, 0, errs.ErrForbidden
	}
	f := audit.Filter{All: sc.All, Units: sc.List(), Action: action, Offset: offset, Limit: limit}
	total, err := audit.Count(ctx, s.db.R, f)
	if err != nil {
		return nil, 0, err
	}
	es, err := audit.List(ctx, s.db.R, f)
	return es, total, err
}

// now is the service's clock, for records.
func (s *Service) now() time.Time { return s.clock.Now() }

// tx runs fn in a transaction.
func (s *Service) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.db.Transact(ctx, fn)
}

// Ancestors returns the units above unit id on date d, nearest first. Plans
// flow down the tree, so a unit reads the issued plans of its ancestors.
func (s *Service) Ancestors(ctx context.Context, id int64, d string) ([]Unit, error) {
	var out []Unit
	seen := map[int64]bool{id: true}
	for {
		u, err := versionAt(ctx, s.db.R, id, d)
		if errors.Is(err, errs.ErrNotFound) {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		if u.ParentID == 0 || seen[u.ParentID] {
			return out, nil
		}
		seen[u.ParentID] = true
		p, err := versionAt(ctx, s.db.R, u.ParentID, d)
		if err != nil {
			return out, nil
		}
		out = append(out, p)
		id = p.ID
	}
}

// ChildrenOf returns the units whose parent on date d is the unit with
// code, restricted to the given types (all types when none). It is not
// scoped: it expands who a plan addresses, which is public to the plan's
// readers.
func (s *Service) ChildrenOf(ctx context.Context, code, d string, types ...Type) ([]Unit, error) {
	id, err := unitIDByCode(ctx, s.db.R, code)
	if err != nil {
		return nil, err
	}
	kids, err := childrenAt(ctx, s.db.R, id, d)
	if err != nil {
		return nil, err
	}
	out := kids[:0]
	for _, k := range kids {
		if len(types) == 0 || slices.Contains(types, k.Type) {
			out = append(out, k)
		}
	}
	vn.SortBy(s.coll, out, func(u Unit) string { return u.Name })
	return out, nil
}

// Empty reports whether the database holds no unit yet (a fresh install,
// which the demo may fill).
func (s *Service) Empty(ctx context.Context) (bool, error) {
	var n int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM units`).Scan(&n); err != nil {
		return false, fmt.Errorf("count units: %w", err)
	}
	return n == 0, nil
}

// Unit returns a unit by id as it stood on d (or its last version), without
// a scope check; callers must have checked that the actor may see it.
func (s *Service) Unit(ctx context.Context, id int64, d string) (Unit, error) {
	u, err := versionAt(ctx, s.db.R, id, d)
	if errors.Is(err, errs.ErrNotFound) {
		u, err = lastVersion(ctx, s.db.R, id)
	}
	return u, err
}

// IDByCode resolves a unit code without a scope check.
func (s *Service) IDByCode(ctx context.Context, code string) (int64, error) {
	return unitIDByCode(ctx, s.db.R, strings.ToLower(strings.TrimSpace(code)))
}

// Predecessors returns unit id and every unit it succeeded, however many
// restructures back.
func (s *Service) Predecessors(ctx context.Context, id int64) ([]int64, error) {
	return withPredecessors(ctx, s.db.R, []int64{id})
}

// History returns every version of unit id, oldest first, without a scope
// check.
func (s *Service) History(ctx context.Context, id int64) ([]Unit, error) {
	return versions(ctx, s.db.R, id)
}

// PredecessorsBy returns unit id and the units it had succeeded by date d
// (restructures effective on or before d), however many steps back. A unit
// absorbed later is not among them: for a period before the merger it
// counts on its own.
func (s *Service) PredecessorsBy(ctx context.Context, id int64, d string) ([]int64, error) {
	out := []int64{id}
	seen := map[int64]bool{id: true}
	for i := 0; i < len(out); i++ {
		preds, err := ids(ctx, s.db.R, `SELECT predecessor_id FROM unit_successions WHERE successor_id = $1 AND effective <= $2`, out[i], d)
		if err != nil {
			return nil, err
		}
		for _, p := range preds {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// Edge is one succession: pred's duties and history went to succ on date.
type Edge struct {
	Pred, Succ int64
	Effective  string
}

// Edges returns every succession, for callers that follow many units at
// once (the report aggregate) and would otherwise ask unit by unit.
func (s *Service) Edges(ctx context.Context) ([]Edge, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT predecessor_id, successor_id, effective FROM unit_successions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Edge
	for rows.Next() {
		var e Edge
		if err := rows.Scan(&e.Pred, &e.Succ, &e.Effective); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
