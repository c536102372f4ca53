package activity

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/canhgiac/canhgiac/internal/errs"
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

// SetMessages sets the messages figure of an activity the product logged
// for a campaign, when the count of accepted messages changes after the
// campaign ended (a decision on messages whose outcome was unknown).
func (s *Service) SetMessages(ctx context.Context, id, messages int64) error {
	return s.SetMessagesTx(ctx, s.db.W, id, messages)
}

// SetMessagesTx is SetMessages inside the caller's transaction.
func (s *Service) SetMessagesTx(ctx context.Context, q store.Querier, id, messages int64) error {
	res, err := q.ExecContext(ctx, `UPDATE activities SET messages = $1, updated_at = $2 WHERE id = $3`, messages, s.clock.Now(), id)
	if err != nil {
		return fmt.Errorf("activity %d: set messages: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("activity %d: set messages: %w", id, errs.ErrNotFound)
	}
	return nil
}
