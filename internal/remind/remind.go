// Package remind owns the notices people get in the console and by
// e-mail: reminders of report due dates (one job N days before and one the
// day after, unless the report has been received), notices of every
// hand-off (a plan issued to a unit with its duties, plan and duty
// deadlines coming and passed, reports returned or accepted, work awaiting
// review), each person's choice of e-mail per kind, and urging (đôn đốc)
// of late units, at most once a day per unit and matter. Every notice is
// keyed, so an event reaches each person at most once even when told again
// after a crash; its e-mail is a queued job. It does not decide who must
// report (report does), read plans or accounts (it asks plan and auth) nor
// deliver mail itself (mail does).
package remind

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/jobs"
	"github.com/canhgiac/canhgiac/internal/mail"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Kind is the job kind of a reminder.
const Kind = "report.remind"

// Service schedules and sends reminders.
type Service struct {
	db     *store.DB
	clock  clock.Clock
	log    *slog.Logger
	org    *org.Service
	auth   *auth.Service
	report *report.Service
	queue  *jobs.Queue
	mailer mail.Sender // nil: in-app notices only
	// Plans, when set, lets the plans' notices name duties, deadlines and
	// who has not issued their plan (remind never reads plan tables).
	Plans *plan.Service
	// LeadTime, when set, gives a unit's reminder lead time in days (from
	// the plans above it); 0 falls back to Days.
	LeadTime func(ctx context.Context, unitID int64) (int, error)
	Days     int    // how many days before the due date to remind
	BaseURL  string // for links in e-mails, e.g. https://canhgiac.example.gov.vn
}

// New returns the reminder service and registers its job handler.
func New(db *store.DB, clk clock.Clock, log *slog.Logger, o *org.Service, a *auth.Service, r *report.Service, q *jobs.Queue, m mail.Sender) *Service {
	s := &Service{db: db, clock: clk, log: log, org: o, auth: a, report: r, queue: q, mailer: m, Days: 7}
	q.Handle(Kind, s.run)
	q.Handle(MailKind, s.sendMail)
	q.Handle(DeadlineKind, s.deadline)
	return s
}

// payload is what a reminder job carries.
type payload struct {
	Period  string `json:"period"`
	Unit    int64  `json:"unit"`
	Overdue bool   `json:"overdue"`
	Days    int    `json:"days,omitempty"` // the lead time it was scheduled with
}

// reportingRoles are the people told about their unit's report.
var reportingRoles = []access.Role{access.RoleOfficer, access.RoleLeader, access.RoleCoordinator}

// Schedule enqueues the reminders of a year's regular periods for every
// unit that has someone to tell. Running it again adds nothing new.
func (s *Service) Schedule(ctx context.Context, year int) (int, error) {
	sys := access.With(ctx, access.System())
	periods, err := s.report.Periods(sys, year)
	if err != nil {
		return 0, err
	}
	units, err := s.auth.UnitsWithRoles(sys, reportingRoles...)
	if err != nil {
		return 0, err
	}
	added := 0
	for _, p := range periods {
		for _, u := range units {
			due := p.Due
			if internal, err := s.internal(sys, u, p); err != nil {
				return added, err
			} else if internal && p.InternalDue != "" {
				due = p.InternalDue
			}
			d, err := vn.ParseISODate(due)
			if err != nil {
				continue
			}
			days := s.Days
			if s.LeadTime != nil {
				if n, err := s.LeadTime(sys, u); err != nil {
					return added, err
				} else if n > 0 {
					days = n
				}
			}
			for _, overdue := range []bool{false, true} {
				at, tag := d.AddDate(0, 0, -days), "before"
				if overdue {
					at, tag = d.AddDate(0, 0, 1), "overdue"
				}
				at = at.Add(1 * time.Hour) // 08:00 in Vietnam
				// The lead time is part of the key: when a plan changes it, a
				// new job is scheduled and the old one stands down (run).
				key := fmt.Sprintf("%s:%d:%s", p.Code, u, tag)
				if !overdue {
					key += fmt.Sprintf(":%d", days)
				}
				ok, err := s.queue.Enqueue(ctx, nil, Kind, key, at, payload{Period: p.Code, Unit: u, Overdue: overdue, Days: days})
				if err != nil {
					return added, err
				}
				if ok {
					added++
				}
			}
		}
	}
	return added, nil
}

// internal reports whether the unit reports to a department (earlier due
// date) rather than to the province.
func (s *Service) internal(ctx context.Context, unitID int64, p report.Period) (bool, error) {
	u, err := s.org.Unit(ctx, unitID, p.CoverTo)
	if err != nil {
		return false, err
	}
	if u.ParentID == 0 {
		return false, nil
	}
	parent, err := s.org.Unit(ctx, u.ParentID, p.CoverTo)
	if err != nil {
		return false, err
	}
	return parent.Type != org.TypeProvince && parent.Type != org.TypeMinistry, nil
}

// run tells a unit's people about a coming or passed due date, unless the
// report has been received by then.
func (s *Service) run(ctx context.Context, j jobs.Job) error {
	var p payload
	if err := j.Decode(&p); err != nil {
		return err
	}
	sys := access.With(ctx, access.System())
	u, err := s.org.Unit(sys, p.Unit, s.org.Today())
	if err != nil {
		return jobs.Permanent(err)
	}
	rep, err := s.report.Open(sys, u.Code, p.Period)
	if err != nil {
		return err
	}
	if rep.Status.Received() {
		return nil
	}
	if !p.Overdue && s.org.Today() > rep.Period.Due {
		return nil // a "due soon" reminder that ran late: the overdue one says it
	}
	if !p.Overdue && p.Days != 0 && s.LeadTime != nil {
		if n, err := s.LeadTime(sys, p.Unit); err == nil && n > 0 && n != p.Days {
			return nil // the plan now asks for another lead time: that job speaks
		}
	}
	people, err := s.auth.Recipients(sys, p.Unit, reportingRoles...)
	if err != nil {
		return err
	}
	link := "/quan-tri/bao-cao/" + u.Code + "/" + rep.Period.Code
	text := fmt.Sprintf("Nhắc hạn: %s của %s cần gửi trước ngày %s.", rep.Period.Name, u.Name, displayDate(rep.Period.Due))
	if p.Overdue {
		text = fmt.Sprintf("Quá hạn: %s của %s chưa được gửi (hạn %s). Đề nghị hoàn thành, trình lãnh đạo ký và gửi ngay.", rep.Period.Name, u.Name, displayDate(rep.Period.Due))
	}
	_, err = s.Notify(ctx, Event{Kind: KindReportDue, Key: j.Key, Text: text, Link: link}, people)
	return err
}

func (s *Service) markEmailed(ctx context.Context, key string) error {
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET emailed = $1 WHERE dedup_key = $2`, true, key)
		return err
	})
}

func nameOf(r auth.Recipient) string {
	if r.FullName != "" {
		return r.FullName
	}
	return r.Username
}

func firstSentence(s string) string {
	if i := strings.Index(s, ":"); i > 0 {
		return "[Cảnh Giác] " + s[:i] + " — " + strings.TrimSpace(strings.SplitN(s[i+1:], ".", 2)[0])
	}
	return "[Cảnh Giác] " + s
}

func displayDate(d string) string {
	t, err := vn.ParseISODate(d)
	if err != nil {
		return d
	}
	return t.Format("02/01/2006")
}
