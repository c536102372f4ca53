package activity

import (
	"context"
	"database/sql"

	"github.com/canhgiac/canhgiac/internal/store"
)

// LogTx records an activity inside the caller's transaction. It is for
// services that log what the product did itself (an item published on the
// portal) together with the change that did it, so that both stand or fall
// together. The checks are those of Log.
func (s *Service) LogTx(ctx context.Context, tx *sql.Tx, in Input) (*Activity, error) {
	a, err := s.check(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := s.insert(ctx, tx, a, s.clock.Now()); err != nil {
		return nil, err
	}
	return a, nil
}

// SetViews sets the views figure of an activity whose reach the product
// counts itself (the page views of a published item).
func (s *Service) SetViews(ctx context.Context, q store.Querier, id, views int64) error {
	_, err := q.ExecContext(ctx, `UPDATE activities SET views = $1, updated_at = $2 WHERE id = $3`, views, s.clock.Now(), id)
	return err
}
