package plan

import (
	"context"
	"errors"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
)

// DutyUnits returns the units a duty of plan p gives work to, as the tree
// stood on the plan's date: its one unit, or the members of its group. The
// notices of a plan (remind) name each unit's own duties with it. It is not
// scoped: callers tell only those units' people.
func (s *Service) DutyUnits(ctx context.Context, p *Plan, d Duty) ([]org.Unit, error) {
	date := p.IssuedOn
	if date == "" {
		date = s.org.Today()
	}
	if d.UnitID != 0 {
		u, err := s.org.Unit(ctx, d.UnitID, date)
		if err != nil {
			return nil, err
		}
		return []org.Unit{u}, nil
	}
	g, ok := ParseGroup(d.Addressees)
	if !ok {
		return nil, nil
	}
	kids, err := s.org.ChildrenOf(ctx, g.Parent, date, g.Types...)
	if errors.Is(err, errs.ErrNotFound) {
		return nil, nil
	}
	return kids, err
}
