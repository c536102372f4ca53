package plan

import (
	"context"
	"slices"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// AsksForPlan reports whether the duty asks its unit to issue a plan of
// its own, as "Căn cứ nội dung Kế hoạch này, xây dựng, ban hành Kế hoạch
// của cơ quan, đơn vị; gửi về Công an tỉnh trước ngày 20/5/2024" does. Such
// a duty is done when the implementing plan is issued, not when activities
// are logged against it.
func (d Duty) AsksForPlan() bool {
	f := vn.Fold(d.Task)
	for _, verb := range []string{"xay dung", "ban hanh"} {
		for i := 0; ; {
			j := strings.Index(f[i:], verb)
			if j < 0 {
				break
			}
			i += j + len(verb)
			// "xây dựng, ban hành Kế hoạch", "ban hành kế hoạch": the
			// plan follows the verb within a few words.
			if k := strings.Index(f[i:], "ke hoach"); k >= 0 && k <= 16 {
				return true
			}
		}
	}
	return false
}

// Implementing says where the units (one unit first, then the units it succeeded)
// stand with the implementing plan a plan-asking duty calls for, exactly as
// the compliance view of the plan that gave the duty shows it. A duty read
// from the unit's own implementing plan (which copies its parent's duties)
// is answered by the parent's compliance view. ok is false when no
// compliance view lists the units.
func (s *Service) Implementing(ctx context.Context, d Duty, unitIDs []int64) (row ComplianceRow, ok bool, err error) {
	ctx = access.With(ctx, access.System())
	p, err := loadPlan(ctx, s.db.R, d.PlanID)
	if err != nil {
		return ComplianceRow{}, false, err
	}
	parent := p.ID
	if slices.Contains(unitIDs, p.UnitID) {
		if p.ParentPlanID == 0 {
			return ComplianceRow{}, false, nil
		}
		parent = p.ParentPlanID
	}
	c, err := s.Compliance(ctx, parent)
	if err != nil {
		return ComplianceRow{}, false, err
	}
	// The unit's own row if the plan addressed it; else, for a unit formed
	// by a restructure, the best of its predecessors' rows: the plan it
	// issued for them is what the duty asked for.
	for _, r := range c.Rows {
		if len(unitIDs) > 0 && r.Unit.ID == unitIDs[0] {
			return r, true, nil
		}
	}
	for _, r := range c.Rows {
		if slices.Contains(unitIDs, r.Unit.ID) && (!ok || rank(r.State) < rank(row.State)) {
			row, ok = r, true
		}
	}
	return row, ok, nil
}

// rank orders states from the most done: a known date of issue first.
func rank(st State) int {
	return slices.Index([]State{StateOnTime, StateLate, StateIssued, StateDrafting, StateMissing, StateNotDue}, st)
}
