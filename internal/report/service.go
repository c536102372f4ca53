package report

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
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Service reads and moves reports for the actor in the context.
type Service struct {
	db       *store.DB
	clock    clock.Clock
	org      *org.Service
	activity *activity.Service
	plan     *plan.Service
	quizzes  QuizCounter // optional: the staff quiz figures
	names    SignerNames // optional: who signed, by name
}

// QuizCounter counts the staff of a set of units who took and passed
// awareness quizzes in a window (content.Service does; report does not
// import content, which owns the quizzes).
type QuizCounter interface {
	StaffQuizCounts(ctx context.Context, unitIDs []int64, from, to string) (took, passed int, err error)
}

// CountQuizzesWith makes reports show how the unit's staff did in the
// awareness quizzes.
func (s *Service) CountQuizzesWith(q QuizCounter) { s.quizzes = q }

// SignerNames gives the full name of the account that signed a report,
// for the signature block of its document (auth.Service does).
type SignerNames interface {
	FullName(ctx context.Context, userID int64) (string, error)
}

// NameSignersWith makes a signed report's document carry the name of the
// leader who signed it.
func (s *Service) NameSignersWith(n SignerNames) { s.names = n }

// NewService returns the report service.
func NewService(db *store.DB, clk clock.Clock, o *org.Service, a *activity.Service, p *plan.Service) *Service {
	return &Service{db: db, clock: clk, org: o, activity: a, plan: p}
}

const reportColumns = `r.id, r.unit_id, u.code, r.status, r.narrative, r.snapshot, r.comment, r.submitted_on, r.updated_at, ` +
	`p.id, p.code, p.kind, p.name, p.cover_from, p.cover_to, p.due, p.internal_due, p.ontime_until, COALESCE(p.requested_by, 0), p.units`

func (s *Service) queryReports(ctx context.Context, q store.Querier, where string, args ...any) ([]*Report, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+reportColumns+` FROM reports r JOIN units u ON u.id = r.unit_id JOIN report_periods p ON p.id = r.period_id `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	defer rows.Close()
	var out []*Report
	for rows.Next() {
		r := &Report{}
		var status, narrative, snapshot, units string
		if err := rows.Scan(&r.ID, &r.UnitID, &r.UnitCode, &status, &narrative, &snapshot, &r.Comment, &r.SubmittedOn, &r.UpdatedAt,
			&r.Period.ID, &r.Period.Code, &r.Period.Kind, &r.Period.Name, &r.Period.CoverFrom, &r.Period.CoverTo, &r.Period.Due, &r.Period.InternalDue,
			&r.Period.OnTimeUntil, &r.Period.RequestedBy, &units); err != nil {
			return nil, err
		}
		r.Status = Status(status)
		json.Unmarshal([]byte(narrative), &r.Narrative)
		json.Unmarshal([]byte(units), &r.Period.Units)
		if snapshot != "" {
			r.Figures = &Figures{}
			if err := json.Unmarshal([]byte(snapshot), r.Figures); err != nil {
				return nil, fmt.Errorf("report %d snapshot: %w", r.ID, err)
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Show returns the unit's report for the period for reading: the stored
// one, or — when none is stored yet — an unsaved draft (ID 0) with the live
// figures. It never writes; Open is for those about to write.
func (s *Service) Show(ctx context.Context, unitCode, periodCode string) (*Report, error) {
	p, err := s.Period(ctx, periodCode)
	if err != nil {
		return nil, err
	}
	return s.show(ctx, unitCode, p)
}

func (s *Service) show(ctx context.Context, unitCode string, p Period) (*Report, error) {
	u, err := s.org.Lookup(ctx, unitCode, s.org.Today())
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.ReportView, u.ID); err != nil {
		return nil, err
	}
	var rs []*Report
	if p.ID != 0 {
		if rs, err = s.queryReports(ctx, s.db.R, `WHERE r.unit_id = $1 AND r.period_id = $2`, u.ID, p.ID); err != nil {
			return nil, err
		}
	}
	if len(rs) == 0 {
		r := &Report{UnitID: u.ID, UnitCode: u.Code, UnitName: u.Name, Period: p, Status: StatusDraft}
		return r, s.fill(ctx, r)
	}
	r := rs[0]
	r.UnitName = u.Name
	return r, s.fill(ctx, r)
}

// Open returns the unit's report for the period for a writer, storing the
// draft (and the period) first if there is none yet. A reader who may not
// write gets what Show gives: nothing is created on their behalf.
func (s *Service) Open(ctx context.Context, unitCode, periodCode string) (*Report, error) {
	p, err := s.Period(ctx, periodCode)
	if err != nil {
		return nil, err
	}
	r, err := s.show(ctx, unitCode, p)
	if err != nil || r.ID != 0 || s.org.Authorize(ctx, access.ReportEdit, r.UnitID) != nil {
		return r, err
	}
	if p, err = s.storedPeriod(ctx, p.Code); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reports (unit_id, period_id, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
			ON CONFLICT (unit_id, period_id) DO NOTHING`, r.UnitID, p.ID, string(StatusDraft), now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.show(ctx, unitCode, p)
}

// Get returns a report by id, for a reader of the unit's reports.
func (s *Service) Get(ctx context.Context, id int64) (*Report, error) {
	rs, err := s.queryReports(ctx, s.db.R, `WHERE r.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, errs.NotFound("Không có báo cáo này.", "No such report.")
	}
	r := rs[0]
	if err := s.org.Authorize(ctx, access.ReportView, r.UnitID); err != nil {
		return nil, err
	}
	u, err := s.org.Unit(ctx, r.UnitID, s.org.Today())
	if err != nil {
		return nil, err
	}
	r.UnitName = u.Name
	return r, s.fill(ctx, r)
}

// fill computes the live figures of a report that has no frozen snapshot.
func (s *Service) fill(ctx context.Context, r *Report) error {
	if r.Figures != nil && r.Status.Received() {
		return nil
	}
	f, err := s.Figures(ctx, r.UnitID, r.Period)
	if err != nil {
		return err
	}
	r.Figures = f
	return nil
}

// maxNarrativeRunes is the longest section of a report's narrative, in
// characters (some 10 printed pages).
const maxNarrativeRunes = 30_000

// SaveNarrative stores the sections people write, on a draft or a returned
// report.
func (s *Service) SaveNarrative(ctx context.Context, id int64, n Narrative) (*Report, error) {
	r, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.ReportEdit, r.UnitID); err != nil {
		return nil, err
	}
	if r.Status != StatusDraft && r.Status != StatusReturned && r.Status != StatusSigned {
		return nil, errs.Conflict("Báo cáo đã gửi thì không sửa được; nếu cấp trên trả lại, bạn sẽ sửa và gửi lại.", "A submitted report cannot be edited.")
	}
	v := errs.NewInvalid()
	for _, f := range []struct{ name, label, text string }{{"results", "Kết quả đạt được", n.Results}, {"shortcomings", "Tồn tại, hạn chế", n.Shortcomings},
		{"causes", "Nguyên nhân", n.Causes}, {"next_tasks", "Phương hướng, nhiệm vụ", n.NextTasks}, {"proposals", "Đề xuất, kiến nghị", n.Proposals}} {
		v.MaxLen(f.name, f.label, f.text, maxNarrativeRunes)
	}
	if err := v.Err(); err != nil {
		return r, err
	}
	b, _ := json.Marshal(n)
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		// Editing after the leader signed needs a new signature.
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET narrative = $1, status = CASE WHEN status = $2 THEN $3 ELSE status END, updated_at = $4 WHERE id = $5`,
			string(b), string(StatusSigned), string(StatusDraft), now, r.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "report.edit", Entity: "report", EntityKey: fmt.Sprint(r.ID), UnitID: r.UnitID,
			Summary: "Soạn " + r.Period.Name + " — " + r.UnitName}, nil, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// Sign records the leader's signature on a draft.
func (s *Service) Sign(ctx context.Context, id int64) (*Report, error) {
	r, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.ReportSign, r.UnitID); err != nil {
		if errors.Is(err, errs.ErrForbidden) {
			return nil, errs.Forbidden("Chỉ lãnh đạo đơn vị mới ký báo cáo.", "Only the unit's leader signs the report.")
		}
		return nil, err
	}
	switch r.Status {
	case StatusSigned:
		return r, nil
	case StatusDraft, StatusReturned:
	default:
		return nil, errs.Conflict("Báo cáo đã được gửi.", "The report has been submitted.")
	}
	if strings.TrimSpace(r.Narrative.Results) == "" {
		return nil, errs.InvalidField("results", "Vui lòng viết phần “Kết quả đạt được” trước khi ký.")
	}
	return s.move(ctx, r, StatusSigned, "report.sign", "Ký báo cáo", "")
}

// Submit sends a signed report to the level above and freezes its figures.
// Submitting again does nothing and is not an error.
func (s *Service) Submit(ctx context.Context, id int64) (*Report, error) {
	r, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.ReportEdit, r.UnitID); err != nil {
		return nil, err
	}
	switch r.Status {
	case StatusSubmitted, StatusAccepted:
		return r, nil
	case StatusSigned:
	default:
		return nil, errs.Conflict("Báo cáo cần lãnh đạo ký trước khi gửi.", "The leader must sign first.")
	}
	if r.Figures != nil && r.Figures.Missing != "" {
		return nil, errs.Conflict("Chưa gửi được báo cáo vì chưa có số liệu: "+r.Figures.Missing, "The report's figures cannot be computed.")
	}
	return s.move(ctx, r, StatusSubmitted, "report.submit", "Gửi báo cáo", "")
}

// Accept marks a received report as accepted by the level above.
func (s *Service) Accept(ctx context.Context, id int64) (*Report, error) {
	r, err := s.reviewable(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.move(ctx, r, StatusAccepted, "report.accept", "Tiếp nhận báo cáo", "")
}

// Return sends a received report back with a comment.
func (s *Service) Return(ctx context.Context, id int64, comment string) (*Report, error) {
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return nil, errs.InvalidField("comment", "Vui lòng ghi lý do trả lại để đơn vị biết cần sửa gì.")
	}
	if err := errs.NewInvalid().MaxLen("comment", "Lý do trả lại", comment, 2000).Err(); err != nil {
		return nil, err
	}
	r, err := s.reviewable(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.move(ctx, r, StatusReturned, "report.return", "Trả lại báo cáo: "+comment, comment)
}

// reviewable returns the report when the actor may accept or return it
// now: it has been received, and MayReview allows the actor.
func (s *Service) reviewable(ctx context.Context, id int64) (*Report, error) {
	r, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.MayReview(ctx, r); err != nil {
		return nil, err
	}
	if !r.Status.Received() {
		return nil, errs.Conflict("Báo cáo chưa được gửi.", "The report has not been submitted.")
	}
	return r, nil
}

// MayReview says whether the actor may accept or return report r, and if
// not, which rule refuses it. A report is decided by the unit it is sent
// to (the unit above the reporting one) — its own people with report.review,
// or the standing body whose grant is over that unit — never by the
// reporting unit itself, and never by a person who wrote, signed or
// submitted it (four eyes, read from the audit trail).
func (s *Service) MayReview(ctx context.Context, r *Report) error {
	a := access.From(ctx)
	if a == nil {
		return errs.ErrUnauthenticated
	}
	if a.IsSystem() {
		return nil
	}
	today := s.org.Today()
	u, err := s.org.Unit(ctx, r.UnitID, today)
	if err != nil {
		return fmt.Errorf("report %d: reviewer: %w", r.ID, err)
	}
	if u.ParentID == 0 {
		return errs.Forbidden("Báo cáo của "+u.Name+" không gửi lên cấp nào trong hệ thống nên không có ai tiếp nhận.", "This report goes to no level above.")
	}
	to, err := s.org.Unit(ctx, u.ParentID, today)
	if err != nil {
		return fmt.Errorf("report %d: reviewer: %w", r.ID, err)
	}
	if a.UnitID == r.UnitID || !s.actsFor(ctx, a, to.ID) {
		return errs.Forbidden(fmt.Sprintf("Chỉ %s (nơi nhận báo cáo) hoặc cơ quan thường trực được giao phụ trách %s mới tiếp nhận hoặc trả lại báo cáo của %s.", to.Name, to.Name, u.Name),
			"Only the unit the report is sent to, or the standing body acting for it, reviews this report.")
	}
	authors, err := audit.Actors(ctx, s.db.R, r.UnitID, "report", fmt.Sprint(r.ID), "report.edit", "report.attach", "report.sign", "report.submit")
	if err != nil {
		return err
	}
	if slices.Contains(authors, a.UserID) {
		return errs.Forbidden(fmt.Sprintf("Bạn đã soạn, ký hoặc gửi báo cáo này nên không được tự tiếp nhận hay trả lại; việc này do một người khác của %s làm (nguyên tắc hai người).", to.Name),
			"You wrote, signed or submitted this report; someone else must review it (four eyes).")
	}
	return nil
}

// actsFor reports whether the actor reviews reports on behalf of unit id:
// a grant of report.review made over that very unit (the standing body, or
// the unit's own people), or a member of that unit whose review scope
// covers it.
func (s *Service) actsFor(ctx context.Context, a *access.Actor, id int64) bool {
	for _, g := range a.Grants {
		if g.ScopeUnit == id && g.Role.Allows(access.ReportReview) {
			return true
		}
	}
	return a.UnitID == id && s.org.Authorize(ctx, access.ReportReview, id) == nil
}

// move changes a report's status, freezing the figures on submission.
func (s *Service) move(ctx context.Context, r *Report, to Status, action, summary, comment string) (*Report, error) {
	now := s.clock.Now()
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		switch to {
		case StatusSubmitted:
			f, err := s.Figures(ctx, r.UnitID, r.Period)
			if err != nil {
				return err
			}
			b, _ := json.Marshal(f)
			_, err = tx.ExecContext(ctx, `UPDATE reports SET status = $1, snapshot = $2, totals = $3, submitted_at = $4, submitted_on = $5, comment = '', updated_at = $4 WHERE id = $6`,
				string(to), string(b), f.Total.Compact(), now, vn.Today(now), r.ID)
			if err != nil {
				return err
			}
		case StatusSigned:
			var by any
			if a := access.From(ctx); a != nil && a.UserID != 0 {
				by = a.UserID
			}
			if _, err := tx.ExecContext(ctx, `UPDATE reports SET status = $1, signed_at = $2, signed_by = $3, updated_at = $2 WHERE id = $4`, string(to), now, by, r.ID); err != nil {
				return err
			}
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE reports SET status = $1, comment = $2, decided_at = $3, updated_at = $3 WHERE id = $4`, string(to), comment, now, r.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: action, Entity: "report", EntityKey: fmt.Sprint(r.ID), UnitID: r.UnitID,
			Summary: summary + " — " + r.Period.Name + " — " + r.UnitName}, map[string]string{"status": string(r.Status)}, map[string]string{"status": string(to)})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, r.ID)
}

// SetSubmittedOn backdates a submission (the demo's history of 2024).
func (s *Service) SetSubmittedOn(ctx context.Context, id int64, date string) error {
	if a := access.From(ctx); !a.IsSystem() {
		return errs.ErrForbidden
	}
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE reports SET submitted_on = $1 WHERE id = $2`, date, id)
		return err
	})
}

func days(from, to string) int {
	a, err1 := vn.ParseISODate(from)
	b, err2 := vn.ParseISODate(to)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a) / (24 * time.Hour))
}
