package auth

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Keys are administered by those who manage accounts (UserManage) within
// their units: the national level sees every key, a province its own
// units'. The command line acts as the system and sees all.

// APIKeyInfo is a key as its list shows it: never the secret, only the
// prefix it starts with.
type APIKeyInfo struct {
	APIKey
	UnitCode, UnitName string
	CreatedAt          time.Time
	RevokedAt          *time.Time
	LastUsed           string // YYYY-MM-DD of the last day with use; "" never
	UsedToday          int64  // stored plus not yet written by this instance
}

// Revoked reports whether the key was revoked.
func (k APIKeyInfo) Revoked() bool { return k.RevokedAt != nil }

var keySelect = `SELECT k.id, k.unit_id, un.code, ` + fmt.Sprintf(unitName, "k.unit_id") + `, k.name, k.prefix, k.scopes, k.quota_per_day, k.created_at, k.revoked_at,
	COALESCE((SELECT MAX(u.day) FROM api_usage u WHERE u.key_id = k.id AND u.used > 0), '')
	FROM api_keys k JOIN units un ON un.id = k.unit_id`

func (s *Service) queryKeys(ctx context.Context, q store.Querier, where string, args ...any) ([]APIKeyInfo, error) {
	rows, err := q.QueryContext(ctx, keySelect+" "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("api keys: %w", err)
	}
	defer rows.Close()
	var out []APIKeyInfo
	for rows.Next() {
		var k APIKeyInfo
		var scopes string
		var revoked sql.NullTime
		if err := rows.Scan(&k.ID, &k.UnitID, &k.UnitCode, &k.UnitName, &k.Name, &k.Prefix, &scopes, &k.Quota, &k.CreatedAt, &revoked, &k.LastUsed); err != nil {
			return nil, fmt.Errorf("api keys: %w", err)
		}
		k.Scopes = strings.Split(scopes, ",")
		if revoked.Valid {
			t := revoked.Time
			k.RevokedAt = &t
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// APIKeys lists the keys of the units the actor manages, newest first,
// with today's use and the last day used.
func (s *Service) APIKeys(ctx context.Context) ([]APIKeyInfo, error) {
	sc, err := s.org.ScopeOf(ctx, access.UserManage)
	if err != nil {
		return nil, err
	}
	if !sc.All && len(sc.IDs) == 0 {
		return nil, errs.ErrForbidden
	}
	all, err := s.queryKeys(ctx, s.db.R, "ORDER BY k.created_at DESC, k.id DESC")
	if err != nil {
		return nil, err
	}
	today := vn.Today(s.clock.Now())
	out := all[:0]
	for _, k := range all {
		if !sc.Contains(k.UnitID) {
			continue
		}
		if k.UsedToday, err = s.usedOn(ctx, k.ID, today); err != nil {
			return nil, err
		}
		if k.UsedToday > 0 && k.LastUsed < today {
			k.LastUsed = today // counted here, not yet written
		}
		out = append(out, k)
	}
	return out, nil
}

// usedOn is a key's use on a day: what is stored plus what this instance
// has counted and not yet written.
func (s *Service) usedOn(ctx context.Context, id int64, day string) (int64, error) {
	var used int64
	err := s.db.R.QueryRowContext(ctx, `SELECT COALESCE(SUM(used), 0) FROM api_usage WHERE key_id = $1 AND day = $2`, id, day).Scan(&used)
	if err != nil {
		return 0, fmt.Errorf("api usage: %w", err)
	}
	s.meter.mu.Lock()
	used += s.meter.pending[usageKey{id: id, day: day}]
	s.meter.mu.Unlock()
	return used, nil
}

// findKey finds the one key a reference names — its number or the prefix
// it starts with — among those the actor manages.
func (s *Service) findKey(ctx context.Context, q store.Querier, ref string) (APIKeyInfo, error) {
	ref = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(ref), "…"))
	var ks []APIKeyInfo
	var err error
	if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		ks, err = s.queryKeys(ctx, q, "WHERE k.id = $1", id)
	} else if len(ref) >= 6 {
		ks, err = s.queryKeys(ctx, q, "WHERE k.prefix = $1", ref)
	}
	if err != nil {
		return APIKeyInfo{}, err
	}
	switch {
	case len(ks) == 0:
		return APIKeyInfo{}, errs.NotFound(fmt.Sprintf("Không có khóa API %q (ghi số thứ tự hoặc phần đầu của khóa như trong danh sách).", ref), "No such API key.")
	case len(ks) > 1:
		return APIKeyInfo{}, errs.InvalidField("key", fmt.Sprintf("Có %d khóa cùng bắt đầu bằng %q; hãy ghi số thứ tự của khóa.", len(ks), ref))
	}
	if err := s.org.Authorize(ctx, access.UserManage, ks[0].UnitID); err != nil {
		return APIKeyInfo{}, err
	}
	return ks[0], nil
}

// RevokeAPIKey stops a key: at once on this instance, within KeyCacheTTL
// on the others.
func (s *Service) RevokeAPIKey(ctx context.Context, ref string) (APIKeyInfo, error) {
	var k APIKeyInfo
	now := s.clock.Now()
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		var err error
		if k, err = s.findKey(ctx, tx, ref); err != nil {
			return err
		}
		if k.Revoked() {
			return errs.Conflict(fmt.Sprintf("Khóa %s… đã bị thu hồi từ trước.", k.Prefix), "The key was already revoked.")
		}
		if err := revoke(ctx, tx, k.ID, now); err != nil {
			return err
		}
		k.RevokedAt = &now
		return audit.Record(ctx, tx, now, audit.Entry{Action: "apikey.revoke", Entity: "apikey", EntityKey: k.Prefix, UnitID: k.UnitID,
			Summary: fmt.Sprintf("Thu hồi khóa API %s… của %s", k.Prefix, k.UnitName)}, nil, nil)
	})
	if err != nil {
		return k, err
	}
	s.forgetKey(k.ID)
	return k, nil
}

// RotateAPIKey issues a new key with the same unit, name, scopes and
// quota, revokes the old one, and returns the new secret once.
func (s *Service) RotateAPIKey(ctx context.Context, ref string) (APIKey, string, error) {
	var old APIKeyInfo
	var k APIKey
	secret := "cg_" + RandomToken()
	now := s.clock.Now()
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		var err error
		if old, err = s.findKey(ctx, tx, ref); err != nil {
			return err
		}
		if old.Revoked() {
			return errs.Conflict(fmt.Sprintf("Khóa %s… đã bị thu hồi; hãy cấp khóa mới.", old.Prefix), "The key was revoked; issue a new one.")
		}
		k = APIKey{UnitID: old.UnitID, Name: old.Name, Prefix: secret[:10], Scopes: old.Scopes, Quota: old.Quota}
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_keys (unit_id, name, prefix, key_hash, scopes, quota_per_day, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			k.UnitID, k.Name, k.Prefix, hashToken(secret), strings.Join(k.Scopes, ","), k.Quota, now).Scan(&k.ID); err != nil {
			return fmt.Errorf("rotate api key: %w", err)
		}
		if err := revoke(ctx, tx, old.ID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "apikey.rotate", Entity: "apikey", EntityKey: k.Prefix, UnitID: k.UnitID,
			Summary: fmt.Sprintf("Đổi khóa API %s… của %s thành %s… (khóa cũ bị thu hồi)", old.Prefix, old.UnitName, k.Prefix)}, nil, nil)
	})
	if err != nil {
		return APIKey{}, "", err
	}
	s.forgetKey(old.ID)
	return k, secret, nil
}

func revoke(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $1 WHERE id = $2`, now, id); err != nil {
		return fmt.Errorf("revoke api key %d: %w", id, err)
	}
	return nil
}

// forgetKey drops a key from this instance's cache so it stops here now.
func (s *Service) forgetKey(id int64) {
	m := s.meter
	m.mu.Lock()
	defer m.mu.Unlock()
	for secret, c := range m.keys {
		if c.key.ID == id {
			delete(m.keys, secret)
		}
	}
}
