package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
)

// APIScopes are what a partner's key may do.
var APIScopes = []string{"check", "screen", "report"}

// APIKey is a partner's key as the API sees it (never the secret itself).
type APIKey struct {
	ID     int64
	UnitID int64
	Name   string
	Prefix string
	Scopes []string
	Quota  int64 // items a day
}

// Allows reports whether the key carries a scope.
func (k APIKey) Allows(scope string) bool { return slices.Contains(k.Scopes, scope) }

// CreateAPIKey issues a key for a partner unit (a telecom, a bank) and
// returns it once; only its hash is kept.
func (s *Service) CreateAPIKey(ctx context.Context, unitCode, name string, scopes []string, quota int64) (APIKey, string, error) {
	v := errs.NewInvalid()
	u, err := s.org.Lookup(ctx, unitCode, s.org.Today())
	if err != nil {
		v.Fieldf("unit", "Không có đơn vị mã %q.", unitCode)
	}
	var clean []string
	for _, sc := range scopes {
		sc = strings.TrimSpace(sc)
		if sc == "" {
			continue
		}
		if !slices.Contains(APIScopes, sc) {
			v.Fieldf("scopes", "Quyền %q không có (chọn: %s).", sc, strings.Join(APIScopes, ", "))
			continue
		}
		clean = append(clean, sc)
	}
	if len(clean) == 0 && !v.Has("scopes") {
		v.Field("scopes", "Vui lòng chọn ít nhất một quyền: "+strings.Join(APIScopes, ", ")+".")
	}
	if quota <= 0 {
		quota = 1_000_000
	}
	if err := v.Err(); err != nil {
		return APIKey{}, "", err
	}
	secret := "cg_" + RandomToken()
	k := APIKey{UnitID: u.ID, Name: name, Prefix: secret[:10], Scopes: clean, Quota: quota}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_keys (unit_id, name, prefix, key_hash, scopes, quota_per_day, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			k.UnitID, k.Name, k.Prefix, hashToken(secret), strings.Join(clean, ","), quota, now).Scan(&k.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "apikey.create", Entity: "apikey", EntityKey: k.Prefix, UnitID: k.UnitID,
			Summary: fmt.Sprintf("Cấp khóa API %s… cho %s (%s)", k.Prefix, u.Name, strings.Join(clean, ", "))}, nil, nil)
	})
	return k, secret, err
}

// ErrBadKey is the answer to a missing, unknown or revoked key.
var ErrBadKey = &errs.Error{Kind: errs.KindUnauthenticated, VI: "Khóa API không hợp lệ hoặc đã bị thu hồi (gửi “Authorization: Bearer KHÓA”).", EN: "Invalid or revoked API key."}

// UseAPIKey checks a key and counts n items against its daily quota.
func (s *Service) UseAPIKey(ctx context.Context, secret string, n int64) (APIKey, error) {
	var k APIKey
	var scopes string
	err := s.db.R.QueryRowContext(ctx, `SELECT id, unit_id, name, prefix, scopes, quota_per_day FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, hashToken(secret)).
		Scan(&k.ID, &k.UnitID, &k.Name, &k.Prefix, &scopes, &k.Quota)
	if errors.Is(err, sql.ErrNoRows) {
		return k, ErrBadKey
	} else if err != nil {
		return k, err
	}
	k.Scopes = strings.Split(scopes, ",")
	day := store.DateString(s.clock.Now())
	var used int64
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_usage (key_id, day, used) VALUES ($1, $2, 0) ON CONFLICT (key_id, day) DO NOTHING`, k.ID, day); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `UPDATE api_usage SET used = used + $1 WHERE key_id = $2 AND day = $3 RETURNING used`, n, k.ID, day).Scan(&used)
	})
	if err != nil {
		return k, err
	}
	if used > k.Quota {
		return k, errs.TooMany(fmt.Sprintf("Khóa %s… đã dùng hết hạn mức %d mục trong ngày.", k.Prefix, k.Quota), "Daily quota used up.")
	}
	return k, nil
}
