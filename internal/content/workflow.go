package content

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/publish"
	"github.com/canhgiac/canhgiac/internal/sanitize"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Submit sends a draft for review, for an editor of the item's unit.
func (s *Service) Submit(ctx context.Context, id int64) (*Item, error) {
	return s.transition(ctx, id, access.ContentEdit, StateDraft, StateInReview, "content.submit", "Gửi duyệt", "", func(it *Item) error {
		if it.State != StateDraft {
			return errs.Conflict("Chỉ bản nháp mới gửi duyệt được.", "Only a draft can be submitted.")
		}
		return nil
	})
}

// Return sends an item waiting for review back to its editor with a note
// saying what to change; a scheduled publication is called off.
func (s *Service) Return(ctx context.Context, id int64, note string) (*Item, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return nil, errs.InvalidField("note", "Vui lòng ghi lý do trả lại để người biên tập biết cần sửa gì.")
	}
	if err := errs.NewInvalid().MaxLen("note", "Lý do trả lại", note, 2000).Err(); err != nil {
		return nil, err
	}
	return s.transition(ctx, id, access.ContentReview, StateInReview, StateDraft, "content.return", "Trả lại để sửa", note, func(it *Item) error {
		if it.State != StateInReview {
			return errs.Conflict("Chỉ bài đang chờ duyệt mới trả lại được.", "Only an item in review can be returned.")
		}
		return nil
	})
}

// Archive takes an item off the portal (or drops a draft that was never
// published). Its verification code keeps answering, saying it is
// archived.
func (s *Service) Archive(ctx context.Context, id int64) (*Item, error) {
	it, err := s.transition(ctx, id, access.ContentReview, "", StateArchived, "content.archive", "Lưu trữ", "", func(it *Item) error {
		if it.State == StateArchived {
			return errs.Conflict("Bài đã được lưu trữ.", "The item is archived already.")
		}
		return nil
	})
	if err == nil && it.PublishedVersion > 0 {
		s.rebuildIndex(ctx)
	}
	return it, err
}

// transition moves an item from one state to another (from "" means any
// state), with the permission on the item's unit, in one transaction with
// its audit entry.
func (s *Service) transition(ctx context.Context, id int64, perm access.Permission, from, to State, action, what, note string, check func(*Item) error) (*Item, error) {
	it, err := s.item(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, perm, it.UnitID); err != nil {
		return nil, err
	}
	if err := check(it); err != nil {
		return nil, err
	}
	if from != "" && from != it.State {
		return nil, errs.Conflict("Trạng thái của bài vừa thay đổi; hãy tải lại trang.", "The item changed meanwhile.")
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE content_items SET state = $1, review_note = $2, scheduled_at = NULL, scheduled_by = NULL, updated_at = $3
			WHERE id = $4 AND state = $5`, string(to), note, now, id, string(it.State))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Conflict("Trạng thái của bài vừa thay đổi; hãy tải lại trang.", "The item changed meanwhile.")
		}
		summary := fmt.Sprintf("%s: %s “%s”", what, strings.ToLower(it.Kind.Label()), it.Title)
		if note != "" {
			summary += " — " + note
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: action, Entity: "content", EntityKey: string(it.Kind) + "/" + it.Slug, UnitID: it.UnitID, Summary: summary},
			map[string]string{"state": string(it.State)}, map[string]string{"state": string(to)})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// Publish publishes the item's latest version now (at zero) or schedules
// it for at, for a reviewer of the item's unit. The item must be waiting
// for review. A reviewer who edited any version since the last publication
// may not publish it (four eyes); the system actor may. A time in the past
// is refused.
func (s *Service) Publish(ctx context.Context, id int64, at time.Time) (*Item, error) {
	it, err := s.item(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.ContentReview, it.UnitID); err != nil {
		return nil, err
	}
	if it.State != StateInReview {
		return nil, errs.Conflict("Chỉ bài đã gửi duyệt mới đăng được; hãy gửi duyệt trước.", "Only an item in review can be published.")
	}
	if err := s.fourEyes(ctx, it); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	if !at.IsZero() {
		if !at.After(now) {
			return nil, errs.InvalidField("scheduled_at", fmt.Sprintf("Thời điểm hẹn đăng %s đã qua; hãy chọn một thời điểm trong tương lai, hoặc đăng ngay.", vnTime(at)))
		}
		err := s.db.Transact(ctx, func(tx *sql.Tx) error {
			by, _ := actorOf(ctx)
			res, err := tx.ExecContext(ctx, `UPDATE content_items SET scheduled_at = $1, scheduled_by = $2, updated_at = $3
				WHERE id = $4 AND state = 'in_review' AND current_version = $5`, at.UTC(), nullID(by), now, id, it.CurrentVersion)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return errs.Conflict("Trạng thái của bài vừa thay đổi; hãy tải lại trang.", "The item changed meanwhile.")
			}
			return audit.Record(ctx, tx, now, audit.Entry{Action: "content.schedule", Entity: "content", EntityKey: string(it.Kind) + "/" + it.Slug, UnitID: it.UnitID,
				Summary: fmt.Sprintf("Hẹn đăng %s “%s” lúc %s", strings.ToLower(it.Kind.Label()), it.Title, vnTime(at))}, nil, map[string]string{"scheduled_at": at.UTC().Format(time.RFC3339)})
		})
		if err != nil {
			return nil, err
		}
		return s.Get(ctx, id)
	}
	if err := s.publish(ctx, it, now); err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// fourEyes refuses a reviewer who edited a version that would go live.
func (s *Service) fourEyes(ctx context.Context, it *Item) error {
	a := access.From(ctx)
	if a == nil || a.IsSystem() || a.UserID == 0 {
		return nil
	}
	var n int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM content_versions WHERE item_id = $1 AND number > $2 AND editor_id = $3`,
		it.ID, it.PublishedVersion, a.UserID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errs.Forbidden("Bạn đã biên tập bài này nên không tự duyệt đăng được; cần một người duyệt khác (nguyên tắc hai người).",
			"You edited this item; another reviewer must publish it (four eyes).")
	}
	return nil
}

// PublishDue publishes the scheduled items whose time has come, as the
// system; the four-eyes check was made when they were scheduled. Several
// instances may run it at once: each item is published once. It returns
// how many it published.
func (s *Service) PublishDue(ctx context.Context, now time.Time) (int, error) {
	sys := access.With(ctx, access.System())
	due, err := s.queryItems(sys, s.db.R, joinCurrent+` WHERE i.state = 'in_review' AND i.scheduled_at IS NOT NULL AND i.scheduled_at <= $1 ORDER BY i.scheduled_at, i.id`, now.UTC())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, it := range due {
		err := s.publish(sys, it, s.clock.Now())
		if errs.KindOf(err) == errs.KindConflict {
			continue // another instance was first
		}
		if err != nil {
			return n, fmt.Errorf("publish due item %d: %w", it.ID, err)
		}
		n++
	}
	return n, nil
}

// publish makes the item's latest version live: its code (made once), the
// hash of its canonical text, the version's record, the audit entry and,
// on first publication, the activity the unit gets credit for.
func (s *Service) publish(ctx context.Context, it *Item, now time.Time) error {
	secret, err := s.codeSecret(ctx)
	if err != nil {
		return err
	}
	now = now.UTC().Truncate(time.Second) // the canonical text keeps seconds
	unit, err := s.org.Unit(ctx, it.UnitID, vn.Today(now))
	if err != nil {
		return err
	}
	canon := Canonical(it, now, unit.Name)
	hash := publish.Hash(canon)
	code := it.Code
	if code == "" {
		code = publish.Code(it.Kind.Path(), it.ID, secret)
	}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE content_items SET state = 'published', published_version = current_version, published_at = $1,
			first_published_at = COALESCE(first_published_at, $1), scheduled_at = NULL, scheduled_by = NULL, issuer = $2, code = $3, hash = $4,
			review_note = '', updated_at = $1 WHERE id = $5 AND state = 'in_review' AND current_version = $6`,
			now, unit.Name, code, hash, it.ID, it.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Conflict("Trạng thái của bài vừa thay đổi; hãy tải lại trang.", "The item changed meanwhile.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE content_versions SET published_at = $1, canonical = $2, hash = $3 WHERE item_id = $4 AND number = $5`,
			now, string(canon), hash, it.ID, it.Version); err != nil {
			return err
		}
		if err := s.logActivity(ctx, tx, it, unit.Code, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "content.publish", Entity: "content", EntityKey: string(it.Kind) + "/" + it.Slug, UnitID: it.UnitID,
			Summary: fmt.Sprintf("Đăng %s “%s” (phiên bản %d, mã xác minh %s)", strings.ToLower(it.Kind.Label()), it.Title, it.Version, code)},
			map[string]string{"state": string(it.State)}, map[string]any{"state": StatePublished, "version": it.Version, "code": code, "hash": hash})
	})
	if err != nil {
		return err
	}
	s.rebuildIndex(ctx)
	return nil
}

// logActivity records, on an item's first publication, the outreach it is
// for its unit: a website article whose views the portal counts. A legal
// document's entry is a reference to someone else's text and logs nothing.
func (s *Service) logActivity(ctx context.Context, tx *sql.Tx, it *Item, unitCode string, now time.Time) error {
	if it.PublishedVersion > 0 || it.Kind == KindLegal {
		return nil
	}
	var tactics []string
	switch {
	case it.Kind == KindTactic:
		tactics = []string{it.Fields.Category}
	case it.Kind == KindWarning && it.Fields.Tactic != "":
		var fields string
		if err := s.db.R.QueryRowContext(ctx, `SELECT v.fields FROM content_items i JOIN content_versions v ON v.item_id = i.id AND v.number = i.current_version
			WHERE i.kind = 'tactic' AND i.slug = $1`, it.Fields.Tactic).Scan(&fields); err == nil {
			var f Fields
			if json.Unmarshal([]byte(fields), &f) == nil && f.Category != "" {
				tactics = []string{f.Category}
			}
		}
	}
	title := "Đăng trên cổng thông tin: " + it.Kind.Label() + " “" + it.Title + "”"
	if r := []rune(title); len(r) > 480 {
		title = string(r[:480]) + "…"
	}
	sys := access.With(ctx, access.System())
	a, err := s.activity.LogTx(sys, tx, activity.Input{UnitCode: unitCode, Date: vn.Today(now), Form: "web-article", Title: title,
		Tactics: tactics, Source: "system", Note: "Ghi tự động khi đăng; lượt xem cập nhật theo số lượt đọc trên cổng."})
	if err != nil {
		return fmt.Errorf("activity for item %d: %w", it.ID, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE content_items SET activity_id = $1 WHERE id = $2`, a.ID, it.ID)
	return err
}

// Canonical returns the canonical text of an item's shown version as
// published at the time by the issuer: publish.Canonical over the title
// and, as the body, the summary, the body's plain text and the kind's
// fields as labelled lines, separated by blank lines.
func Canonical(it *Item, published time.Time, issuer string) []byte {
	var parts []string
	for _, p := range []string{strings.TrimSpace(it.Summary), sanitize.Text(it.BodyHTML), FieldsText(it.Kind, it.Fields)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return publish.Canonical(it.Title, strings.Join(parts, "\n\n"), published, issuer)
}

// FieldsText writes the kind's fields as the labelled plain text that the
// canonical text (and search) include.
func FieldsText(k Kind, f Fields) string {
	var b strings.Builder
	line := func(label, v string) {
		if v != "" {
			b.WriteString(label + ": " + v + "\n")
		}
	}
	list := func(label string, xs []string) {
		if len(xs) == 0 {
			return
		}
		b.WriteString(label + ":\n")
		for _, x := range xs {
			b.WriteString("- " + oneLine(x) + "\n")
		}
	}
	switch k {
	case KindTactic:
		list("Dấu hiệu nhận biết", f.Signs)
		list("Cách phòng tránh", f.Protect)
		list("Nếu đã bị lừa", f.IfCaught)
		list("Ví dụ", f.Examples)
		list("Căn cứ pháp lý", f.LegalBasis)
		line("Xuất hiện từ", f.FirstSeen)
	case KindWarning:
		line("Mức độ", LabelOf(Severities, f.Severity))
		line("Khẩn cấp", LabelOf(Urgencies, f.Urgency))
		line("Địa bàn", f.Area)
		if f.ValidFrom != "" {
			line("Hiệu lực từ", vnDate(f.ValidFrom))
		}
		if f.ValidUntil != "" {
			line("Hiệu lực đến", vnDate(f.ValidUntil))
		}
	case KindLegal:
		line("Số, ký hiệu", f.Number)
		line("Loại văn bản", f.DocKind)
		line("Cơ quan ban hành", f.Issuer)
		if f.Issued != "" {
			line("Ngày ban hành", vnDate(f.Issued))
		}
		if f.Effective != "" {
			line("Ngày có hiệu lực", vnDate(f.Effective))
		}
	case KindPractice:
		line("Tập thể, đơn vị", f.Unit)
		line("Cá nhân", f.Person)
		line("Thành tích", oneLine(f.Reason))
		if f.Date != "" {
			line("Ngày", vnDate(f.Date))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
