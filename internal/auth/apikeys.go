package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
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
// returns it once; only its hash is kept. The actor must manage the
// unit's accounts.
func (s *Service) CreateAPIKey(ctx context.Context, unitCode, name string, scopes []string, quota int64) (APIKey, string, error) {
	v := errs.NewInvalid()
	u, err := s.org.Lookup(ctx, unitCode, s.org.Today())
	if err != nil {
		v.Fieldf("unit", "Không có đơn vị mã %q.", unitCode)
	} else if err := s.org.Authorize(ctx, access.UserManage, u.ID); err != nil {
		// Keys are managed (listed, revoked, rotated) by whoever manages
		// the unit's accounts; issuing one needs the same.
		return APIKey{}, "", err
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
		if slices.Contains(clean, sc) {
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
//
// Neither the check nor the count touches the database on the way of a
// request: keys are cached for KeyCacheTTL (so a key revoked in the
// database stops working within that time), and use is counted in memory
// and added to api_usage by FlushAPIUsage, which serve runs every second.
// The quota is checked against the day's stored count (as this instance
// last read it) plus what it has not flushed yet; behind several instances a
// key can overrun its quota by what the others counted since their last
// flush. A refused request is not counted.
func (s *Service) UseAPIKey(ctx context.Context, secret string, n int64) (APIKey, error) {
	k, err := s.APIKeyOf(ctx, secret)
	if err != nil {
		return k, err
	}
	return k, s.CountAPIUse(ctx, k, n)
}

// APIKeyOf returns the key of a secret (from the cache, or the database
// once in KeyCacheTTL) without counting anything, so a request refused for
// its scope or its content costs no quota.
func (s *Service) APIKeyOf(ctx context.Context, secret string) (APIKey, error) {
	m := s.meter
	now := s.clock.Now()
	m.mu.Lock()
	// Cached by the secret as sent, so a request costs a map lookup, not a
	// hash; only a cache miss hashes it to ask the database.
	c, ok := m.keys[secret]
	m.mu.Unlock()
	if !ok || now.Sub(c.fetched) > KeyCacheTTL {
		var k APIKey
		var scopes string
		err := s.db.R.QueryRowContext(ctx, `SELECT id, unit_id, name, prefix, scopes, quota_per_day FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, hashToken(secret)).
			Scan(&k.ID, &k.UnitID, &k.Name, &k.Prefix, &scopes, &k.Quota)
		if errors.Is(err, sql.ErrNoRows) {
			k.ID = 0 // remembered as unknown, so guessing keys costs no query either
		} else if err != nil && ok && c.key.ID != 0 {
			// The database is out of reach: a key known a moment ago goes on
			// being served (checks are answered from the index meanwhile);
			// it is asked about again at the next request.
			return c.key, nil
		} else if err != nil {
			return k, err
		} else {
			k.Scopes = strings.Split(scopes, ",")
		}
		c = cachedKey{key: k, fetched: now}
		m.mu.Lock()
		if len(m.keys) > 10_000 {
			clear(m.keys)
		}
		m.keys[secret] = c
		m.mu.Unlock()
	}
	if c.key.ID == 0 {
		return c.key, ErrBadKey
	}
	return c.key, nil
}

// CountAPIUse counts n items against the key's daily quota, or refuses
// (and counts nothing) when they would pass it.
func (s *Service) CountAPIUse(ctx context.Context, k APIKey, n int64) error {
	m := s.meter
	now := s.clock.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	u := usageKey{id: k.ID, day: m.today(now)}
	stored, ok := m.stored[u]
	if !ok {
		var used int64 // its own variable: Scan's pointer would move stored to the heap on every call
		err := s.db.R.QueryRowContext(ctx, `SELECT used FROM api_usage WHERE key_id = $1 AND day = $2`, u.id, u.day).Scan(&used)
		switch {
		case err == nil || errors.Is(err, sql.ErrNoRows):
			stored = used
			m.stored[u] = used
		default:
			// The database is out of reach: the day's use is counted from
			// what this instance has seen (pending), and read again once it
			// answers; checks go on meanwhile.
		}
	}
	pending := m.pending[u] // each map access hashes the key: three, not five, per check
	if stored+pending+n > k.Quota {
		return errs.TooMany(fmt.Sprintf("Khóa %s… đã dùng hết hạn mức %d mục trong ngày.", k.Prefix, k.Quota), "Daily quota used up.")
	}
	m.pending[u] = pending + n
	return nil
}

// ReturnAPIUse gives back n items counted for a request that was then
// refused in part (a partner's reports that were not accepted).
func (s *Service) ReturnAPIUse(k APIKey, n int64) {
	if n <= 0 {
		return
	}
	m := s.meter
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pending[usageKey{id: k.ID, day: m.today(s.clock.Now())}] -= n
}

// today is the day's date string, made once a day rather than per request.
// The caller holds m.mu.
func (m *keyMeter) today(now time.Time) string {
	if m.day == "" || !now.Before(m.dayEnd) || now.Before(m.dayStart) {
		y, mo, d := now.In(vn.Zone).Date()
		m.dayStart = time.Date(y, mo, d, 0, 0, 0, 0, vn.Zone)
		m.dayEnd = m.dayStart.AddDate(0, 0, 1)
		m.day = vn.Today(now)
	}
	return m.day
}

// KeyCacheTTL is how long a key read from the database is trusted.
var KeyCacheTTL = 10 * time.Second

type cachedKey struct {
	key     APIKey
	fetched time.Time
}

type usageKey struct {
	id  int64
	day string
}

// keyMeter holds the cached keys and the counts not yet written.
type keyMeter struct {
	mu               sync.Mutex
	day              string // see today
	dayStart, dayEnd time.Time
	keys             map[string]cachedKey
	stored           map[usageKey]int64 // the day's count in api_usage, as last read
	pending          map[usageKey]int64 // counted here, not yet written
}

func newKeyMeter() *keyMeter {
	return &keyMeter{keys: map[string]cachedKey{}, stored: map[usageKey]int64{}, pending: map[usageKey]int64{}}
}

// FlushAPIUsage adds the counts of this instance to api_usage and reads
// back each day's total (which includes other instances' flushes).
func (s *Service) FlushAPIUsage(ctx context.Context) error {
	m := s.meter
	m.mu.Lock()
	pending := m.pending
	m.pending = map[usageKey]int64{}
	m.mu.Unlock()
	if len(pending) == 0 {
		return nil
	}
	totals := map[usageKey]int64{}
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		for u, n := range pending {
			if _, err := tx.ExecContext(ctx, `INSERT INTO api_usage (key_id, day, used) VALUES ($1, $2, 0) ON CONFLICT (key_id, day) DO NOTHING`, u.id, u.day); err != nil {
				return err
			}
			var used int64
			if err := tx.QueryRowContext(ctx, `UPDATE api_usage SET used = used + $1 WHERE key_id = $2 AND day = $3 RETURNING used`, n, u.id, u.day).Scan(&used); err != nil {
				return err
			}
			totals[u] = used
		}
		return nil
	})
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil { // keep the counts for the next flush
		for u, n := range pending {
			m.pending[u] += n
		}
		return fmt.Errorf("api usage: %w", err)
	}
	today := vn.Today(s.clock.Now())
	for u, used := range totals {
		m.stored[u] = used
	}
	for u := range m.stored { // yesterday's counts are no longer needed
		if u.day != today {
			delete(m.stored, u)
		}
	}
	return nil
}

// FollowAPIUsage flushes the counts every interval until ctx ends, and once
// more then.
func (s *Service) FollowAPIUsage(ctx context.Context, every time.Duration) {
	for {
		select {
		case <-ctx.Done():
			s.FlushAPIUsage(context.WithoutCancel(ctx))
			return
		case <-time.After(every):
			s.FlushAPIUsage(ctx)
		}
	}
}
