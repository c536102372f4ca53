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
	"github.com/canhgiac/canhgiac/internal/store"
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

// Proposal is the first analyst's decision on a protected indicator,
// waiting for a second one.
type Proposal struct {
	Verify bool
	Note   string
	By     string // the proposer's username
	At     time.Time
}

// proposal reads the open proposal on an indicator; nil without one.
func (s *Service) proposal(ctx context.Context, q store.Querier, id int64) (*Proposal, error) {
	p := &Proposal{}
	err := q.QueryRowContext(ctx, `SELECT verify, note, proposed_name, created_at FROM indicator_proposals WHERE indicator_id = $1`, id).Scan(&p.Verify, &p.Note, &p.By, &p.At)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("indicator %d: proposal: %w", id, err)
	}
	return p, nil
}

// protectedDecision applies four eyes to a protected (official) indicator:
// verifying or clearing it reaches every telecom and bank, so one analyst
// proposes and a different analyst confirms. It reports whether the
// decision may take effect now; otherwise it has recorded (or replaced)
// the proposal. The proposer confirming their own proposal is refused.
func (s *Service) protectedDecision(ctx context.Context, tx *sql.Tx, a *access.Actor, id int64, display string, verify bool, note string, now time.Time) (bool, error) {
	if !a.IsSystem() && !a.HasRole(access.RoleAnalyst) {
		return false, errs.Forbidden("Chỉ dấu chính thức chỉ do cán bộ xác minh (vai trò Cán bộ xác minh) đề xuất và xác nhận; quyền duyệt tố giác của vai trò khác không đủ.",
			"Only analysts propose and confirm decisions on a protected indicator.")
	}
	var verifyWas bool
	var by int64
	err := tx.QueryRowContext(ctx, `SELECT verify, proposed_by FROM indicator_proposals WHERE indicator_id = $1`, id).Scan(&verifyWas, &by)
	switch {
	case err == nil && verifyWas == verify && by == a.UserID:
		return false, errs.Forbidden("Chỉ dấu chính thức cần hai cán bộ xác minh: bạn đã đề xuất quyết định này, một cán bộ xác minh khác phải xác nhận.",
			"A protected indicator needs a second analyst: you proposed this decision; another analyst must confirm it.")
	case err == nil && verifyWas == verify:
		if _, err := tx.ExecContext(ctx, `DELETE FROM indicator_proposals WHERE indicator_id = $1`, id); err != nil {
			return false, fmt.Errorf("indicator %d: confirm: %w", id, err)
		}
		return true, nil
	case err != nil && err != sql.ErrNoRows:
		return false, fmt.Errorf("indicator %d: proposal: %w", id, err)
	}
	// No proposal, or one for the other decision: this one becomes the
	// proposal a second analyst confirms.
	if _, err := tx.ExecContext(ctx, `DELETE FROM indicator_proposals WHERE indicator_id = $1`, id); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_proposals (indicator_id, verify, note, proposed_by, proposed_name, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		id, verify, strings.TrimSpace(note), a.UserID, a.Username, now); err != nil {
		return false, fmt.Errorf("indicator %d: propose: %w", id, err)
	}
	what := map[bool]string{true: "xác minh lừa đảo", false: "bác bỏ"}[verify]
	return false, audit.Record(ctx, tx, now, audit.Entry{Action: "tip.propose", Entity: "indicator", EntityKey: display, UnitID: a.UnitID,
		Summary: "Đề xuất " + what + " chỉ dấu chính thức " + display + " (chờ cán bộ thứ hai xác nhận)"}, nil, map[string]any{"note": note, "verify": verify})
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
