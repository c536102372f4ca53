package remind

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/jobs"
	"github.com/canhgiac/canhgiac/internal/mail"
)

// NoticeKind is what a notice is about; each person chooses, per kind,
// whether it also comes by e-mail.
type NoticeKind string

const (
	KindReportDue       NoticeKind = "report_due"        // a report's due date coming or passed
	KindPlanIssued      NoticeKind = "plan_issued"       // a plan issued to your unit
	KindDeadline        NoticeKind = "deadline"          // a plan's or a duty's deadline coming or passed
	KindReportReviewed  NoticeKind = "report_reviewed"   // your report returned or accepted
	KindContentReview   NoticeKind = "content_review"    // content awaiting your review
	KindCampaignApprove NoticeKind = "campaign_approval" // a campaign awaiting your approval
	KindSecondAnalyst   NoticeKind = "second_analyst"    // a tip or indicator needing a second analyst
	KindUrge            NoticeKind = "urge"              // the level above urges your unit (đôn đốc)
)

// NoticeKinds lists every kind in the order the preferences page shows them.
var NoticeKinds = []NoticeKind{KindPlanIssued, KindDeadline, KindReportDue, KindReportReviewed, KindUrge,
	KindContentReview, KindCampaignApprove, KindSecondAnalyst}

// Label names the kind in Vietnamese.
func (k NoticeKind) Label() string {
	switch k {
	case KindReportDue:
		return "Nhắc hạn gửi báo cáo"
	case KindPlanIssued:
		return "Kế hoạch giao nhiệm vụ cho đơn vị"
	case KindDeadline:
		return "Hạn ban hành kế hoạch, hạn thực hiện nhiệm vụ"
	case KindReportReviewed:
		return "Báo cáo bị trả lại hoặc được tiếp nhận"
	case KindContentReview:
		return "Nội dung chờ duyệt"
	case KindCampaignApprove:
		return "Chiến dịch chờ phê duyệt"
	case KindSecondAnalyst:
		return "Dấu hiệu cần người xác minh thứ hai"
	case KindUrge:
		return "Đôn đốc của cấp trên"
	}
	return "Thông báo khác"
}

// MailKind is the job kind that e-mails one notice.
const MailKind = "notice.mail"

// Event is one hand-off to tell people about. Key names the event, so that
// telling the same people about it again adds nothing: each person gets at
// most one notice (and one e-mail) per event.
type Event struct {
	Kind NoticeKind
	Key  string // e.g. "plan:12:unit:40"
	Text string // one or a few Vietnamese sentences, naming the thing
	Link string // console path of the thing
}

// mailPayload is what a notice's e-mail job carries.
type mailPayload struct {
	Notice string `json:"notice"` // the notice's dedup key
	To     string `json:"to"`
	Name   string `json:"name"`
}

// Notify gives each person the event's notice, once, and queues an e-mail
// for those who have an address and want this kind by e-mail (the default).
// It returns how many people were told for the first time.
func (s *Service) Notify(ctx context.Context, ev Event, people []auth.Recipient) (int, error) {
	fresh := 0
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		fresh = 0
		n, err := s.notifyTx(ctx, tx, ev, people)
		fresh = n
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("notify %s: %w", ev.Key, err)
	}
	return fresh, nil
}

// notifyTx is Notify inside the caller's transaction, so a notice stands
// or falls with the change it tells about.
func (s *Service) notifyTx(ctx context.Context, tx *sql.Tx, ev Event, people []auth.Recipient) (int, error) {
	fresh := 0
	seen := map[int64]bool{}
	for _, who := range people {
		if seen[who.UserID] {
			continue
		}
		seen[who.UserID] = true
		key := string(ev.Kind) + ":" + ev.Key + ":" + fmt.Sprint(who.UserID)
		res, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, dedup_key, kind, text, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (dedup_key) DO NOTHING`, who.UserID, key, string(ev.Kind), ev.Text, ev.Link, s.clock.Now())
		if err != nil {
			return fresh, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return fresh, err
		} else if n == 0 {
			continue
		}
		fresh++
		if s.mailer == nil || strings.TrimSpace(who.Email) == "" {
			continue
		}
		want, err := wantsEmail(ctx, tx, who.UserID, ev.Kind)
		if err != nil {
			return fresh, err
		}
		if !want {
			continue
		}
		if _, err := s.queue.Enqueue(ctx, tx, MailKind, key, s.clock.Now(), mailPayload{Notice: key, To: who.Email, Name: nameOf(who)}); err != nil {
			return fresh, err
		}
	}
	return fresh, nil
}

// wantsEmail reads a person's choice for a kind; without one, e-mail is on.
func wantsEmail(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, userID int64, kind NoticeKind) (bool, error) {
	var on bool
	err := q.QueryRowContext(ctx, `SELECT email FROM notice_prefs WHERE user_id = $1 AND kind = $2`, userID, string(kind)).Scan(&on)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	return on, err
}

// sendMail e-mails one notice. A refused address is logged and dropped; a
// passing failure is retried by the queue.
func (s *Service) sendMail(ctx context.Context, j jobs.Job) error {
	var p mailPayload
	if err := j.Decode(&p); err != nil {
		return jobs.Permanent(err)
	}
	var text, link string
	var emailed bool
	err := s.db.R.QueryRowContext(ctx, `SELECT text, link, emailed FROM notifications WHERE dedup_key = $1`, p.Notice).Scan(&text, &link, &emailed)
	if errors.Is(err, sql.ErrNoRows) || emailed || s.mailer == nil {
		return nil
	} else if err != nil {
		return err
	}
	body := "Kính gửi " + p.Name + ",\n\n" + text + "\n"
	if link != "" {
		body += "\nXem chi tiết: " + strings.TrimSuffix(s.BaseURL, "/") + link + "\n"
	}
	body += "\nCảnh Giác — thư tự động, xin không trả lời. Chọn loại thông báo nhận qua thư tại Cá nhân → Thông báo.\n"
	if err := s.mailer.Send(ctx, mail.Message{To: []string{p.To}, Subject: firstSentence(text), Text: body}); err != nil {
		if mail.IsPermanent(err) {
			s.log.Warn("notice: address refused", "notice", p.Notice, "err", err)
			return nil
		}
		return fmt.Errorf("notice %s: mail: %w", p.Notice, err)
	}
	return s.markEmailed(ctx, p.Notice)
}

// Prefs returns the signed-in user's choice per kind: true when the kind
// also comes by e-mail.
func (s *Service) Prefs(ctx context.Context) (map[NoticeKind]bool, error) {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return nil, errs.ErrUnauthenticated
	}
	out := map[NoticeKind]bool{}
	for _, k := range NoticeKinds {
		on, err := wantsEmail(ctx, s.db.R, a.UserID, k)
		if err != nil {
			return nil, fmt.Errorf("notice preferences: %w", err)
		}
		out[k] = on
	}
	return out, nil
}

// SavePrefs records the signed-in user's choices: the kinds in email come
// by e-mail too, every other kind only in the app.
func (s *Service) SavePrefs(ctx context.Context, email map[NoticeKind]bool) error {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return errs.ErrUnauthenticated
	}
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		for _, k := range NoticeKinds {
			if _, err := tx.ExecContext(ctx, `INSERT INTO notice_prefs (user_id, kind, email) VALUES ($1, $2, $3)
				ON CONFLICT (user_id, kind) DO UPDATE SET email = excluded.email`, a.UserID, string(k), email[k]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save notice preferences: %w", err)
	}
	return nil
}

// NotifyAbove tells the people holding one of roles in unitID or a unit
// above it — those whose scope covers the unit — about an event, except the
// person who caused it (nobody reviews their own work).
func (s *Service) NotifyAbove(ctx context.Context, ev Event, unitID int64, except int64, roles ...access.Role) (int, error) {
	sys := access.With(ctx, access.System())
	ids := []int64{unitID}
	up, err := s.org.Ancestors(sys, unitID, s.org.Today())
	if err != nil {
		return 0, fmt.Errorf("notify %s: units above %d: %w", ev.Key, unitID, err)
	}
	for _, u := range up {
		ids = append(ids, u.ID)
	}
	var people []auth.Recipient
	for _, id := range ids {
		rs, err := s.auth.Recipients(sys, id, roles...)
		if err != nil {
			return 0, fmt.Errorf("notify %s: people of %d: %w", ev.Key, id, err)
		}
		for _, r := range rs {
			if r.UserID != except {
				people = append(people, r)
			}
		}
	}
	return s.Notify(ctx, ev, people)
}
