package intel

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/seal"
)

// Removal is an owner's request to take down a warning about their
// number, site or account.
type Removal struct {
	ID        int64
	Code      string
	Display   string
	Verified  bool
	Reports   int
	Reason    string
	Contact   string // in clear: only from RemovalForReview, whose reading is audited
	Masked    string // the contact masked, for lists
	Status    string // new, granted, refused
	Outcome   string
	CreatedAt time.Time

	indicatorID int64
}

// RequestRemoval records an owner's request. Only indicators that carry a
// warning can be asked about; the owner must say why and how to reach them.
func (s *Service) RequestRemoval(ctx context.Context, indicator, reason, contact string, consent bool) (*Removal, error) {
	v := errs.NewInvalid()
	v.MaxLen("indicator", "Số, đường link hoặc tài khoản", indicator, maxIndicatorRunes).MaxLen("reason", "Lý do", reason, 5000).
		MaxLen("contact", "Liên hệ", contact, maxContactRunes)
	if v.Has("indicator") {
		indicator = "" // not read further
	}
	r := normalize.Detect(indicator)
	if r.Kind == normalize.KindInvalid {
		v.Field("indicator", r.Reason)
	}
	reason, contact = strings.TrimSpace(reason), strings.TrimSpace(contact)
	if len([]rune(reason)) < 20 {
		v.Field("reason", "Vui lòng trình bày vì sao cảnh báo là nhầm (ít nhất 20 ký tự), kèm thông tin giúp xác minh bạn là chủ số, trang hoặc tài khoản.")
	}
	if contact == "" {
		v.Field("contact", "Vui lòng để lại số điện thoại hoặc thư điện tử để cơ quan chức năng liên hệ xác minh.")
	} else if !consent {
		v.Field("consent", "Vui lòng đánh dấu đồng ý để cơ quan chức năng dùng liên hệ này cho việc xác minh.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var id int64
	var verified bool
	var reports int
	err := s.db.R.QueryRowContext(ctx, `SELECT id, verified, reports FROM indicators WHERE kind = $1 AND key = $2 AND level > $3`, string(r.Kind), key(r), 0).
		Scan(&id, &verified, &reports)
	if err == sql.ErrNoRows {
		return nil, errs.InvalidField("indicator", "Hiện không có cảnh báo nào về “"+indicator+"”, nên không cần gỡ.")
	} else if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	sealed, err := s.keys.Seal(removalContact.Where(), contact)
	if err != nil {
		return nil, noKey("contact", err)
	}
	// One contact may ask a few times a day, not flood the analysts' queue;
	// counted by the blind index under every key, so a rotation in progress
	// does not reset the count. The row stores the current key's index.
	indexes, err := s.keys.Indexes(NormalContact(contact))
	if err != nil {
		return nil, err
	}
	index := indexes[0]
	args := []any{now.Add(-24 * time.Hour)}
	marks := make([]string, len(indexes))
	for i, x := range indexes {
		args, marks[i] = append(args, x), fmt.Sprintf("$%d", i+2)
	}
	var recent int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM removal_requests WHERE created_at > $1 AND contact_index IN (`+strings.Join(marks, ", ")+`)`, args...).Scan(&recent); err != nil {
		return nil, fmt.Errorf("removal requests by contact: %w", err)
	}
	if recent >= s.MaxRemovalsPerContact {
		return nil, errs.TooMany("Liên hệ này đã gửi nhiều yêu cầu gỡ cảnh báo trong 24 giờ qua; cơ quan chức năng sẽ xem xét các yêu cầu đã gửi, vui lòng chờ liên hệ.", "Too many removal requests from this contact today.")
	}
	rm := &Removal{Code: strings.Replace(newCode(), "TG-", "GO-", 1), Display: display(r), Verified: verified, Reports: reports, Reason: reason, Contact: contact, Masked: seal.Mask(contact), Status: "new", CreatedAt: now}
	sealedReason, err := s.sealText(removalReason, "reason", reason)
	if err != nil {
		return nil, err
	}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO removal_requests (code, indicator_id, reason, contact, contact_index, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			rm.Code, id, sealedReason, sealed, index, now).Scan(&rm.ID)
	})
	return rm, err
}

// RemovalByCode is the request's page for its author.
func (s *Service) RemovalByCode(ctx context.Context, code string) (*Removal, error) {
	rs, err := s.removals(ctx, `WHERE rr.code = $1`, strings.ToUpper(strings.TrimSpace(code)))
	if err != nil || len(rs) == 0 {
		return nil, errs.NotFound("Không có yêu cầu với mã này.", "No such request.")
	}
	rs[0].Contact, rs[0].Masked = "", "" // the page is public: the contact stays with the analysts
	return &rs[0], nil
}

// Removals lists pending requests, for analysts, with contacts masked: the
// list is seen by many; a contact is read on the request's own page.
// Only requests about indicators reported within the analyst's area.
func (s *Service) Removals(ctx context.Context) ([]Removal, error) {
	_, ar, err := s.reviewer(ctx)
	if err != nil {
		return nil, err
	}
	in, inArgs := ar.indicatorClause(1)
	rs, err := s.removals(ctx, `WHERE rr.status = 'new' AND `+in+` ORDER BY rr.created_at`, inArgs...)
	for i := range rs {
		rs[i].Contact = ""
	}
	return rs, err
}

// RemovalForReview is one request with its contact in clear, for the
// analyst who will call the owner back. Every opening is written to the
// audit trail (who, when, which request) before the contact is returned.
func (s *Service) RemovalForReview(ctx context.Context, id int64) (*Removal, error) {
	a, ar, err := s.reviewer(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := s.removals(ctx, `WHERE rr.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, errs.NotFound("Không có yêu cầu gỡ cảnh báo này.", "No such removal request.")
	}
	rm := &rs[0]
	if err := checkIndicator(ctx, s.db.R, ar, rm.indicatorID, "xem yêu cầu gỡ cảnh báo này"); err != nil {
		return nil, err
	}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, s.clock.Now(), audit.Entry{Action: "tip.removal_contact_read", Entity: "removal_request", EntityKey: rm.Code, UnitID: a.UnitID,
			Summary: "Xem liên hệ của người yêu cầu gỡ cảnh báo " + rm.Code + " (" + rm.Display + ")"}, nil, nil)
	})
	if err != nil {
		return nil, err
	}
	return rm, nil
}

func (s *Service) removals(ctx context.Context, where string, args ...any) ([]Removal, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT rr.id, rr.indicator_id, rr.code, i.display, i.verified, i.reports, rr.reason, rr.contact, rr.status, rr.outcome, rr.created_at
		FROM removal_requests rr JOIN indicators i ON i.id = rr.indicator_id `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Removal
	for rows.Next() {
		var r Removal
		var stored string
		if err := rows.Scan(&r.ID, &r.indicatorID, &r.Code, &r.Display, &r.Verified, &r.Reports, &r.Reason, &stored, &r.Status, &r.Outcome, &r.CreatedAt); err != nil {
			return nil, err
		}
		if r.Contact, err = s.keys.Open(removalContact.Where(), stored); err != nil {
			return nil, fmt.Errorf("removal request %s: %w", r.Code, err)
		}
		if r.Reason, err = s.openText(removalReason, r.Reason); err != nil {
			return nil, fmt.Errorf("removal request %s: %w", r.Code, err)
		}
		r.Masked = seal.Mask(r.Contact)
		out = append(out, r)
	}
	return out, rows.Err()
}

// DecideRemoval grants (the warning is withdrawn everywhere through the
// change log) or refuses a request, with a note for its author; audited.
// The analyst must be of a province where the indicator was reported; a
// request already decided is a conflict. Granting a request about a
// protected indicator clears it, so it needs a second analyst like any
// decision on one (protectedDecision): the first grant is a proposal and
// the request stays open.
func (s *Service) DecideRemoval(ctx context.Context, id int64, grant bool, note string) (Outcome, error) {
	if err := noteLength("note", "Ghi chú", note); err != nil {
		return 0, err
	}
	a, ar, err := s.reviewer(ctx)
	if err != nil {
		return 0, err
	}
	now := s.clock.Now()
	status, outcome := "refused", "Chưa đủ căn cứ để gỡ cảnh báo."
	if grant {
		status, outcome = "granted", "Đã gỡ cảnh báo."
	}
	if n := strings.TrimSpace(note); n != "" {
		outcome += " " + n
	}
	result := Decided
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		result = Decided
		var indicatorID int64
		var display, current, kind, key string
		if err := tx.QueryRowContext(ctx, `SELECT rr.indicator_id, i.display, rr.status, i.kind, i.key FROM removal_requests rr JOIN indicators i ON i.id = rr.indicator_id WHERE rr.id = $1`, id).
			Scan(&indicatorID, &display, &current, &kind, &key); err != nil {
			return errs.NotFound("Không có yêu cầu gỡ cảnh báo này.", "No such removal request.")
		}
		if err := checkDecision(ctx, tx, ar, indicatorID, "quyết định yêu cầu gỡ cảnh báo này"); err != nil {
			return err
		}
		if current != "new" {
			return errs.Conflict("Yêu cầu này đã được xử lý, không còn chờ quyết định.", "Request already decided.")
		}
		if grant {
			protected, err := isProtected(ctx, tx, kind, key)
			if err != nil {
				return err
			}
			if protected {
				confirmed, err := s.protectedDecision(ctx, tx, a, indicatorID, display, false, note, now)
				if err != nil {
					return err
				}
				if !confirmed {
					result = Proposed
					return nil
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE removal_requests SET status = $1, outcome = $2, decided_at = $3 WHERE id = $4`, status, outcome, now, id); err != nil {
			return err
		}
		if grant {
			if _, err := tx.ExecContext(ctx, `UPDATE indicators SET verified = $1, rejected = $2, updated_at = $3 WHERE id = $4`, false, true, now, indicatorID); err != nil {
				return err
			}
			if err := s.restate(ctx, tx, indicatorID, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "tip.removal_" + status, Entity: "indicator", EntityKey: display, UnitID: a.UnitID,
			Summary: fmt.Sprintf("%s yêu cầu gỡ cảnh báo: %s", map[bool]string{true: "Chấp nhận", false: "Từ chối"}[grant], display)}, nil, map[string]any{"note": note})
	})
	if err != nil {
		return 0, err
	}
	return result, nil
}
