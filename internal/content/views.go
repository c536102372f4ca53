package content

import (
	"context"
	"database/sql"
	"time"
)

// CountView counts one reading of a live item's page. It only adds to a
// counter in memory, so a page view costs no database write; nothing about
// the reader (address, agent) is kept. FlushViews writes the counts.
func (s *Service) CountView(id int64) {
	s.viewsMu.Lock()
	s.views[id]++
	s.viewsMu.Unlock()
}

// FlushViews adds the counted views to the items and sets the reach (views)
// of the activity each item's publication logged to the item's total. On
// failure the counts are kept for the next flush.
func (s *Service) FlushViews(ctx context.Context) error {
	s.viewsMu.Lock()
	pending := s.views
	s.views = map[int64]int64{}
	s.viewsMu.Unlock()
	if len(pending) == 0 {
		return nil
	}
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		for id, n := range pending {
			var total int64
			var act sql.NullInt64
			err := tx.QueryRowContext(ctx, `UPDATE content_items SET views = views + $1 WHERE id = $2 RETURNING views, activity_id`, n, id).Scan(&total, &act)
			if err == sql.ErrNoRows {
				continue // an item deleted meanwhile, or a made-up id
			}
			if err != nil {
				return err
			}
			if act.Valid {
				if err := s.activity.SetViews(ctx, tx, act.Int64, total); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		s.viewsMu.Lock()
		for id, n := range pending {
			s.views[id] += n
		}
		s.viewsMu.Unlock()
	}
	return err
}

// FollowViews flushes the view counts every interval until ctx ends, then
// once more; on each tick it also rebuilds the search index if another
// instance published or archived something. Run it in its own goroutine.
func (s *Service) FollowViews(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			s.FlushViews(fctx)
			cancel()
			return
		case <-t.C:
			s.FlushViews(ctx)
			s.refreshIndex(ctx)
		}
	}
}
