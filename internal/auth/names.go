package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// FullName is the full name of the account with the given id, as printed
// under a signature ("Nguyễn Thái Hà"); the username when no full name was
// given. It is for documents the caller may already show (a signed
// report), so it checks no scope.
func (s *Service) FullName(ctx context.Context, id int64) (string, error) {
	var full, username string
	err := s.db.R.QueryRowContext(ctx, `SELECT full_name, username FROM users WHERE id = $1`, id).Scan(&full, &username)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.NotFound("Không có tài khoản này.", "No such account.")
	}
	if err != nil {
		return "", fmt.Errorf("user %d: name: %w", id, err)
	}
	if full == "" {
		return username, nil
	}
	return full, nil
}
