package org

import (
	"context"
	"errors"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// UnitsOf are the units an actor deals with, as they are today: those
// their roles are granted on, in the order granted, then the unit they
// belong to, each once. The console offers them where a page is about one
// unit (reports, the dashboard); what the actor may do on each is still
// checked by the services.
func (s *Service) UnitsOf(ctx context.Context, a *access.Actor) ([]Unit, error) {
	if a == nil {
		return nil, nil
	}
	ids := make([]int64, 0, len(a.Grants)+1)
	for _, g := range a.Grants {
		ids = append(ids, g.ScopeUnit)
	}
	ids = append(ids, a.UnitID)
	today := s.Today()
	seen := map[int64]bool{}
	var out []Unit
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		u, err := s.Unit(ctx, id, today)
		if errors.Is(err, errs.ErrNotFound) {
			continue // the system actor belongs to no unit
		} else if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}
