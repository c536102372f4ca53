package org

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// Holdings answers, for figures, which units' records count for unit id at
// date d: the unit itself (with its whole subtree on d when subtree is set)
// and every unit that had ended into one of them by d, however many
// restructures back. It is the one answer every sum of activities uses, so
// that each record counts for exactly one unit at each date:
//
//   - a unit ended by a merger or a dissolution hands its history to its one
//     successor;
//   - a unit split into several hands its history to its principal successor
//     (the first part, which also takes its sub-units), never to all parts,
//     or the level above would count it twice;
//   - a unit ended after d still stands on its own at d.
//
// A unit formed after d (a merger's new unit asked about an earlier period)
// stands for the units it succeeded that were in force on d.
//
// It is not scoped: callers have checked the actor may read the figures.
func (s *Service) Holdings(ctx context.Context, id int64, subtree bool, d string) ([]int64, error) {
	edges, err := s.Edges(ctx)
	if err != nil {
		return nil, fmt.Errorf("holdings of unit %d: %w", id, err)
	}
	principal := map[int64]int64{} // predecessor → the successor holding its history
	for _, e := range edges {
		if p, ok := principal[e.Pred]; !ok || e.Succ < p {
			principal[e.Pred] = e.Succ
		}
	}
	back := map[int64][]Edge{} // successor → principal edges into it
	for _, e := range edges {
		if principal[e.Pred] == e.Succ {
			back[e.Succ] = append(back[e.Succ], e)
		}
	}
	active := func(x int64) (bool, error) {
		_, err := versionAt(ctx, s.db.R, x, d)
		if errors.Is(err, errs.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}

	// The units in force on d that id stands for.
	var roots []int64
	todo, seen := []int64{id}, map[int64]bool{id: true}
	for len(todo) > 0 {
		x := todo[0]
		todo = todo[1:]
		ok, err := active(x)
		if err != nil {
			return nil, fmt.Errorf("holdings of unit %d: %w", id, err)
		}
		if ok {
			roots = append(roots, x)
			continue
		}
		if x != id && s.endedBy(back, x, d) {
			continue // an ended predecessor: collected below with its holder
		}
		for _, e := range back[x] {
			if !seen[e.Pred] {
				seen[e.Pred] = true
				todo = append(todo, e.Pred)
			}
		}
	}
	if len(roots) == 0 {
		// Not in force on d and standing for no unit that was: its own
		// records (dated before it was formed, if any) are all it holds.
		roots = []int64{id}
	}
	units := roots
	if subtree {
		units = nil
		for _, r := range roots {
			sub, err := subtreeAt(ctx, s.db.R, r, d)
			if err != nil {
				return nil, fmt.Errorf("holdings of unit %d: subtree: %w", id, err)
			}
			units = append(units, sub...)
		}
	}
	out := map[int64]bool{}
	for len(units) > 0 {
		x := units[0]
		units = units[1:]
		if out[x] {
			continue
		}
		out[x] = true
		for _, e := range back[x] {
			if e.Effective <= d {
				units = append(units, e.Pred)
			}
		}
	}
	list := make([]int64, 0, len(out))
	for x := range out {
		list = append(list, x)
	}
	slices.Sort(list)
	return list, nil
}

// endedBy reports whether unit x had ended into a successor by d (its
// history then belongs to that successor at d).
func (s *Service) endedBy(back map[int64][]Edge, x int64, d string) bool {
	for _, es := range back {
		for _, e := range es {
			if e.Pred == x && e.Effective <= d {
				return true
			}
		}
	}
	return false
}
