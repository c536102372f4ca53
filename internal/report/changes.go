package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
)

// ChangedAfterSending lists the unit's own activities of the report's
// window — those its figures count, as Figures counts them — that were
// corrected, deleted or logged after the report was sent. The figures sent
// stay as they were frozen; the list says why today's may differ. A report
// not sent (or sent back) has none: its figures are live.
func (s *Service) ChangedAfterSending(ctx context.Context, r *Report) ([]activity.Change, error) {
	if r.ID == 0 || !r.Status.Received() {
		return nil, nil
	}
	var at sql.NullTime
	err := s.db.R.QueryRowContext(ctx, `SELECT submitted_at FROM reports WHERE id = $1`, r.ID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !at.Valid) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report %d: sent at: %w", r.ID, err)
	}
	sys := access.With(ctx, access.System())
	cs, err := s.activity.ChangedSince(sys, r.UnitID, false, r.Period.CoverFrom, r.Period.CoverTo, at.Time)
	if err != nil {
		return nil, fmt.Errorf("report %d: changed after sending: %w", r.ID, err)
	}
	return cs, nil
}
