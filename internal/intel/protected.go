package intel

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
)

// Protected indicators are official: every .gov.vn name, banks' and
// carriers' own domains, hotlines and service numbers, banks' own
// accounts. Anyone can report one and the report is kept, but reports
// cannot flag it (restate holds its level at unknown); only an analyst's
// decision can. The registry starts from our own list (migration 0022) and
// the national level edits it.

// Protected is one entry of the registry.
type Protected struct {
	ID        int64
	Kind      string // phone, url (a domain and every name under it), bank, social, wallet
	Key       string
	Owner     string
	Seeded    bool
	CreatedBy string
	CreatedAt time.Time
}

// protectedDecision is where a decision on a protected indicator is
// checked. Today one analyst decides, like any other indicator, and the
// audit entry marks it protected; Step 8 makes it wait for a second
// analyst here.
func (s *Service) protectedDecision(ctx context.Context, a *access.Actor, id int64, verify bool) error {
	return nil
}

// national refuses anyone but the national level (or the system).
func (s *Service) national(ctx context.Context) (*access.Actor, error) {
	a := access.From(ctx)
	if a == nil || !a.Has(access.TipReview) {
		return nil, errs.ErrForbidden
	}
	if a.IsSystem() {
		return a, nil
	}
	if s.National != nil {
		scopes, _ := a.ScopesFor(access.TipReview)
		for _, u := range scopes {
			ok, err := s.National(ctx, u)
			if err != nil {
				return nil, err
			}
			if ok {
				return a, nil
			}
		}
	}
	return nil, errs.Forbidden("Chỉ cán bộ xác minh cấp trung ương được sửa danh sách chỉ dấu chính thức.", "Only the national level edits the protected indicators.")
}

// ListProtected lists the registry, for analysts.
func (s *Service) ListProtected(ctx context.Context) ([]Protected, error) {
	if a := access.From(ctx); a == nil || !a.Has(access.TipReview) {
		return nil, errs.ErrForbidden
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, kind, key, owner, seeded, created_by, created_at FROM protected_indicators ORDER BY kind, key`)
	if err != nil {
		return nil, fmt.Errorf("protected indicators: %w", err)
	}
	defer rows.Close()
	var out []Protected
	for rows.Next() {
		var p Protected
		if err := rows.Scan(&p.ID, &p.Kind, &p.Key, &p.Owner, &p.Seeded, &p.CreatedBy, &p.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// protectedKey reads what an analyst typed into a registry key: a link or
// a domain becomes the domain (without "www."), covering every name under
// it; anything else its normal key.
func protectedKey(raw string) (kind, k string, err error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", "", errs.InvalidField("indicator", "Ghi số điện thoại, tên miền hoặc tài khoản chính thức cần bảo vệ.")
	}
	r := normalize.Detect(raw)
	switch r.Kind {
	case normalize.KindInvalid:
		return "", "", errs.InvalidField("indicator", "“"+raw+"”: "+r.Reason)
	case normalize.KindURL:
		return string(r.Kind), strings.TrimPrefix(r.Host, "www."), nil
	}
	return string(r.Kind), key(r), nil
}

// AddProtected puts an indicator into the registry; indicators it covers
// lose any verdict reports gave them at once (an analyst's stays).
func (s *Service) AddProtected(ctx context.Context, raw, owner string) error {
	a, err := s.national(ctx)
	if err != nil {
		return err
	}
	kind, k, err := protectedKey(raw)
	if err != nil {
		return err
	}
	owner = strings.TrimSpace(owner)
	if owner == "" || len([]rune(owner)) > 200 {
		return errs.InvalidField("owner", "Ghi chủ sở hữu (ví dụ “Vietcombank — tổng đài”), tối đa 200 ký tự.")
	}
	now := s.clock.Now()
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM protected_indicators WHERE kind = $1 AND key = $2`, kind, k).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errs.InvalidField("indicator", "“"+k+"” đã có trong danh sách chỉ dấu chính thức.")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO protected_indicators (kind, key, owner, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
			kind, k, owner, a.Username, now); err != nil {
			return err
		}
		if err := s.restateCovered(ctx, tx, kind, k, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "protected.add", Entity: "protected_indicator", EntityKey: k, UnitID: a.UnitID,
			Summary: "Thêm chỉ dấu chính thức: " + k + " (" + owner + ")"}, nil, nil)
	})
}

// RemoveProtected takes an entry out of the registry; the indicators it
// covered are recounted like any other.
func (s *Service) RemoveProtected(ctx context.Context, id int64) error {
	a, err := s.national(ctx)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		var kind, k string
		if err := tx.QueryRowContext(ctx, `SELECT kind, key FROM protected_indicators WHERE id = $1`, id).Scan(&kind, &k); err != nil {
			return errs.NotFound("Không có chỉ dấu chính thức này.", "No such protected indicator.")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM protected_indicators WHERE id = $1`, id); err != nil {
			return err
		}
		if err := s.restateCovered(ctx, tx, kind, k, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "protected.remove", Entity: "protected_indicator", EntityKey: k, UnitID: a.UnitID,
			Summary: "Bỏ chỉ dấu chính thức: " + k}, nil, nil)
	})
}

// restateCovered recounts the indicators a registry entry covers: the same
// key, or for a domain every link on it or under it.
func (s *Service) restateCovered(ctx context.Context, tx *sql.Tx, kind, k string, now time.Time) error {
	var rows *sql.Rows
	var err error
	if kind == string(normalize.KindURL) {
		rows, err = tx.QueryContext(ctx, `SELECT id, key FROM indicators WHERE kind = $1 AND (key LIKE $2 OR key LIKE $3)`, kind, k+"/%", "%."+k+"/%")
	} else {
		rows, err = tx.QueryContext(ctx, `SELECT id, key FROM indicators WHERE kind = $1 AND key = $2`, kind, k)
	}
	if err != nil {
		return fmt.Errorf("protected %s: covered: %w", k, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			rows.Close()
			return err
		}
		if host := urlHost(key); kind != string(normalize.KindURL) || host == k || strings.HasSuffix(host, "."+k) {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.restate(ctx, tx, id, now); err != nil {
			return err
		}
	}
	return nil
}
