package remind

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// Notice is an in-app notice.
type Notice struct {
	ID        int64
	Kind      NoticeKind
	Text      string
	Link      string
	CreatedAt time.Time
	Read      bool
}

// Notices returns the signed-in user's notices, newest first, and how many
// are unread.
func (s *Service) Notices(ctx context.Context, limit int) ([]Notice, int, error) {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return nil, 0, errs.ErrUnauthenticated
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, kind, text, link, created_at, read_at IS NOT NULL FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, a.UserID, limit)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		if err := rows.Scan(&n.ID, &n.Kind, &n.Text, &n.Link, &n.CreatedAt, &n.Read); err != nil {
			return nil, 0, err
		}
		out = append(out, n)
	}
	unread, err := s.Unread(ctx)
	return out, unread, err
}

// Unread counts the signed-in user's unread notices.
func (s *Service) Unread(ctx context.Context) (int, error) {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return 0, nil
	}
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, a.UserID).Scan(&n)
	return n, err
}

// MarkRead marks all the signed-in user's notices read.
func (s *Service) MarkRead(ctx context.Context) error {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return errs.ErrUnauthenticated
	}
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, s.clock.Now(), a.UserID)
		return err
	})
}

// MarkOneRead marks one of the signed-in user's notices read; another
// person's notice is not found.
func (s *Service) MarkOneRead(ctx context.Context, id int64) error {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return errs.ErrUnauthenticated
	}
	var n int64
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3`, s.clock.Now(), id, a.UserID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("mark notice %d read: %w", id, err)
	}
	if n == 0 {
		return errs.NotFound("Không có thông báo này.", "No such notice.")
	}
	return nil
}
