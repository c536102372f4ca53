package activity

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
)

// Corrections. An activity logged wrongly is corrected or deleted by those
// who may log for its unit, with a reason. The version replaced is kept in
// activity_versions; a deleted activity leaves its row there and nowhere
// else, so every sum of activities drops it without knowing about
// deletions, while its history stays readable.

// Version kinds.
const (
	KindCorrect = "correct"
	KindDelete  = "delete"
	KindAdd     = "add" // only in changes: logged after a report was sent
)

// maxReasonRunes bounds the reason of a correction.
const maxReasonRunes = 1000

// Version is a version of an activity replaced by a correction or removed
// by a deletion.
type Version struct {
	ID         int64
	ActivityID int64
	UnitID     int64
	Kind       string
	Before     Activity // the activity as it stood before the change
	DateAfter  string   // the date after a correction; "" after a deletion
	Reason     string
	ChangedAt  time.Time
	ChangedBy  string
}

// KindLabel names what was done.
func (v Version) KindLabel() string { return kindLabel(v.Kind) }

func kindLabel(k string) string {
	return map[string]string{KindCorrect: "Sửa", KindDelete: "Xóa", KindAdd: "Ghi nhận thêm"}[k]
}

// History is an activity as it stands (nil once deleted) and the versions
// it replaced, oldest first.
type History struct {
	ActivityID int64
	UnitID     int64
	Current    *Activity
	Versions   []Version
}

// Deleted reports whether the activity was deleted.
func (h *History) Deleted() bool { return h.Current == nil }

// LastChange is the latest correction or deletion, nil if none.
func (h *History) LastChange() *Version {
	if len(h.Versions) == 0 {
		return nil
	}
	return &h.Versions[len(h.Versions)-1]
}

// Latest is the activity as last known: the current one, or the version a
// deletion removed.
func (h *History) Latest() Activity {
	if h.Current != nil {
		return *h.Current
	}
	return h.Versions[len(h.Versions)-1].Before
}

var errNotCorrectable = errs.Forbidden("Bạn chỉ sửa, xóa được hoạt động của đơn vị trong phạm vi bạn phụ trách; hoạt động này thuộc đơn vị khác.",
	"You may only correct or delete activities of units in your scope.")

// Get returns an activity the actor may see.
func (s *Service) Get(ctx context.Context, id int64) (*Activity, error) {
	a, err := s.one(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.ActivityView, a.UnitID); err != nil {
		return nil, err
	}
	return a, nil
}

// History returns an activity's current state and the versions it
// replaced, for a person who may see its unit's activities.
func (s *Service) History(ctx context.Context, id int64) (*History, error) {
	h := &History{ActivityID: id}
	a, err := s.one(ctx, s.db.R, id)
	switch {
	case err == nil:
		h.Current, h.UnitID = a, a.UnitID
	case !errors.Is(err, errs.ErrNotFound):
		return nil, err
	}
	if h.Versions, err = s.versions(ctx, `WHERE activity_id = $1 ORDER BY id`, id); err != nil {
		return nil, err
	}
	if h.Current == nil {
		if len(h.Versions) == 0 {
			return nil, errNoActivity
		}
		h.UnitID = h.Versions[0].UnitID
	}
	if err := s.org.Authorize(ctx, access.ActivityView, h.UnitID); err != nil {
		return nil, err
	}
	return h, nil
}

var errNoActivity = errs.NotFound("Không có hoạt động này.", "No such activity.")

// Correct replaces an activity of a unit the actor may log for with what
// was typed, keeping the version it replaces. The unit stays: an activity
// of another unit is deleted here and logged there.
func (s *Service) Correct(ctx context.Context, id int64, in Input, reason string) (*Activity, error) {
	old, err := s.editable(ctx, id)
	if err != nil {
		return nil, err
	}
	v := errs.NewInvalid()
	a := &Activity{ID: id, UnitID: old.UnitID, Source: old.Source, SeriesID: old.SeriesID, CreatedAt: old.CreatedAt}
	s.fill(v, in, a, s.org.Today())
	if in.Themes == nil {
		// The console's form has no themes (imports bring them): not given
		// means kept, not cleared.
		a.Themes = old.Themes
	}
	reason = s.reason(v, reason)
	if v.Err() == nil && same(old, a) {
		v.Field("title", "Chưa có gì thay đổi so với bản đang lưu; hãy sửa ô cần sửa rồi lưu lại.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		var duty any
		if a.DutyID != 0 {
			duty = a.DutyID
		}
		res, err := tx.ExecContext(ctx, `UPDATE activities SET duty_id = $1, date = $2, date_to = $3, form = $4, title = $5, themes = $6, tactics = $7,
			audience = $8, links = $9, participants = $10, copies = $11, views = $12, messages = $13, note = $14, updated_at = $15 WHERE id = $16`,
			duty, a.Date, a.DateTo, a.Form, a.Title, js(a.Themes), js(a.Tactics), js(a.Audience), js(a.Links),
			a.Participants, a.Copies, a.Views, a.Messages, a.Note, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNoActivity
		}
		if err := s.keep(ctx, tx, old, KindCorrect, a.Date, reason, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "activity.correct", Entity: "activity", EntityKey: fmt.Sprint(id), UnitID: a.UnitID,
			Summary: fmt.Sprintf("Sửa hoạt động ngày %s: %s. Lý do: %s", vnDate(a.Date), a.Title, reason)}, old, a)
	})
	if err != nil {
		return nil, fmt.Errorf("activity %d: correct: %w", id, err)
	}
	return a, nil
}

// Delete removes an activity of a unit the actor may log for, keeping it
// in its history with the reason.
func (s *Service) Delete(ctx context.Context, id int64, reason string) error {
	old, err := s.editable(ctx, id)
	if err != nil {
		return err
	}
	v := errs.NewInvalid()
	reason = s.reason(v, reason)
	if err := v.Err(); err != nil {
		return err
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if err := s.keep(ctx, tx, old, KindDelete, "", reason, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM activity_files WHERE activity_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM activities WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "activity.delete", Entity: "activity", EntityKey: fmt.Sprint(id), UnitID: old.UnitID,
			Summary: fmt.Sprintf("Xóa hoạt động ngày %s: %s. Lý do: %s", vnDate(old.Date), old.Title, reason)}, old, nil)
	})
	if err != nil {
		return fmt.Errorf("activity %d: delete: %w", id, err)
	}
	return nil
}

// editable loads an activity the actor may correct: one of a unit they may
// log for, typed by people rather than counted by the product.
func (s *Service) editable(ctx context.Context, id int64) (*Activity, error) {
	a, err := s.one(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.ActivityEdit, a.UnitID); err != nil {
		if errors.Is(err, errs.ErrForbidden) {
			return nil, errNotCorrectable
		}
		return nil, err
	}
	if a.Source == "system" {
		return nil, errs.Forbidden("Hoạt động này do hệ thống tự ghi nhận (bài đăng trên cổng, đợt gửi cảnh báo) và số liệu do hệ thống đếm, nên không sửa hay xóa tay được.",
			"This activity is counted by the product and cannot be changed by hand.")
	}
	files, err := s.FilesOf(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	a.Files = files[id]
	return a, nil
}

func (s *Service) reason(v *errs.Invalid, reason string) string {
	reason = strings.Join(strings.Fields(reason), " ")
	if reason == "" {
		v.Field("reason", "Vui lòng ghi lý do sửa hoặc xóa (ví dụ: nhập nhầm số người tham dự); lý do được lưu cùng bản cũ.")
	}
	v.MaxLen("reason", "Lý do", reason, maxReasonRunes)
	return reason
}

// keep stores the version a change replaces.
func (s *Service) keep(ctx context.Context, tx *sql.Tx, old *Activity, kind, dateAfter, reason string, now time.Time) error {
	var by any
	name := "system"
	if act := access.From(ctx); act != nil && act.UserID != 0 {
		by, name = act.UserID, act.Username
	}
	before, err := json.Marshal(old)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO activity_versions (activity_id, unit_id, kind, date_before, date_after, before_json, reason, changed_at, changed_by, changed_by_name)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, old.ID, old.UnitID, kind, old.Date, dateAfter, string(before), reason, now, by, name)
	return err
}

// same reports whether a correction changes nothing people typed.
func same(a, b *Activity) bool {
	return a.Date == b.Date && a.DateTo == b.DateTo && a.Form == b.Form && a.Title == b.Title && a.DutyID == b.DutyID && a.Note == b.Note &&
		slices.Equal(a.Themes, b.Themes) && slices.Equal(a.Tactics, b.Tactics) && slices.Equal(a.Audience, b.Audience) && slices.Equal(a.Links, b.Links) &&
		a.Participants == b.Participants && a.Copies == b.Copies && a.Views == b.Views && a.Messages == b.Messages
}

const oneColumns = `id, unit_id, COALESCE(duty_id, 0), date, date_to, form, title, themes, tactics, audience, links,
	participants, copies, views, messages, note, source, created_at, COALESCE(series_id, 0)`

// one reads an activity by id, unscoped.
func (s *Service) one(ctx context.Context, q store.Querier, id int64) (*Activity, error) {
	var a Activity
	var themes, tactics, audience, links string
	err := q.QueryRowContext(ctx, `SELECT `+oneColumns+` FROM activities WHERE id = $1`, id).Scan(&a.ID, &a.UnitID, &a.DutyID, &a.Date, &a.DateTo,
		&a.Form, &a.Title, &themes, &tactics, &audience, &links, &a.Participants, &a.Copies, &a.Views, &a.Messages, &a.Note, &a.Source, &a.CreatedAt, &a.SeriesID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoActivity
	}
	if err != nil {
		return nil, fmt.Errorf("activity %d: %w", id, err)
	}
	for _, x := range []struct {
		s  string
		to *[]string
	}{{themes, &a.Themes}, {tactics, &a.Tactics}, {audience, &a.Audience}, {links, &a.Links}} {
		if err := json.Unmarshal([]byte(x.s), x.to); err != nil {
			return nil, fmt.Errorf("activity %d: %w", id, err)
		}
	}
	return &a, nil
}

func (s *Service) versions(ctx context.Context, where string, args ...any) ([]Version, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, activity_id, unit_id, kind, date_after, before_json, reason, changed_at, changed_by_name
		FROM activity_versions `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("activity versions: %w", err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var before string
		if err := rows.Scan(&v.ID, &v.ActivityID, &v.UnitID, &v.Kind, &v.DateAfter, &before, &v.Reason, &v.ChangedAt, &v.ChangedBy); err != nil {
			return nil, fmt.Errorf("activity versions: %w", err)
		}
		if err := json.Unmarshal([]byte(before), &v.Before); err != nil {
			return nil, fmt.Errorf("activity version %d: %w", v.ID, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Deleted lists the activities deleted from units the actor may see,
// newest first, so that they stay findable.
func (s *Service) Deleted(ctx context.Context, limit int) ([]Version, error) {
	sc, err := s.org.ScopeOf(ctx, access.ActivityView)
	if err != nil {
		return nil, err
	}
	vs, err := s.versions(ctx, `WHERE kind = $1 ORDER BY changed_at DESC, id DESC LIMIT $2`, KindDelete, 500)
	if err != nil {
		return nil, err
	}
	var out []Version
	for _, v := range vs {
		if sc.Contains(v.UnitID) && len(out) < limit {
			out = append(out, v)
		}
	}
	return out, nil
}

// Change is an activity a report counted (or would have) that was
// corrected, deleted or logged after the report was sent.
type Change struct {
	ActivityID int64
	Kind       string
	Title      string
	Date       string // the activity's date (after a correction, the new one)
	Reason     string
	At         time.Time
	By         string
}

// KindLabel names what was done.
func (c Change) KindLabel() string { return kindLabel(c.Kind) }

// ChangedSince lists the activities of a unit (only the unit itself, or
// with its sub-units, and its predecessors as Summarize counts them) dated
// within [from, to] — before or after the change — that were corrected,
// deleted or logged after since: what a report sent at since no longer
// matches. Like Summarize it is not scoped; reports call it for reports
// the actor may read.
func (s *Service) ChangedSince(ctx context.Context, unitID int64, subtree bool, from, to string, since time.Time) ([]Change, error) {
	ids, err := s.unitIDs(ctx, unitID, subtree, to)
	if err != nil {
		return nil, err
	}
	args := []any{since, from, to}
	ph := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		ph[i] = fmt.Sprintf("$%d", len(args))
	}
	in := strings.Join(ph, ",")
	vs, err := s.versions(ctx, `WHERE changed_at > $1 AND unit_id IN (`+in+`)
		AND ((date_before >= $2 AND date_before <= $3) OR (date_after >= $2 AND date_after <= $3)) ORDER BY changed_at, id`, args...)
	if err != nil {
		return nil, err
	}
	var out []Change
	for _, v := range vs {
		c := Change{ActivityID: v.ActivityID, Kind: v.Kind, Title: v.Before.Title, Date: v.Before.Date, Reason: v.Reason, At: v.ChangedAt, By: v.ChangedBy}
		if v.DateAfter != "" {
			c.Date = v.DateAfter
		}
		out = append(out, c)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, title, date, created_at FROM activities
		WHERE created_at > $1 AND date >= $2 AND date <= $3 AND unit_id IN (`+in+`) ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("activities changed since: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c := Change{Kind: KindAdd}
		if err := rows.Scan(&c.ActivityID, &c.Title, &c.Date, &c.At); err != nil {
			return nil, fmt.Errorf("activities changed since: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("activities changed since: %w", err)
	}
	slices.SortStableFunc(out, func(a, b Change) int { return a.At.Compare(b.At) })
	return out, nil
}

// unitIDs are the units whose activities count for a unit in a window
// ending on to, as the sums count them.
func (s *Service) unitIDs(ctx context.Context, unitID int64, subtree bool, to string) ([]int64, error) {
	if to == "" {
		to = s.org.Today()
	}
	return s.org.Holdings(access.With(ctx, access.System()), unitID, subtree, to)
}
