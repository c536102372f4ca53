package remind

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Matter is what late units are urged (đôn đốc) about: one plan's
// implementing plans, or one period's reports.
type Matter struct {
	Key   string // "plan:<series>" or "report:<period>"
	What  string // what is late, as a verb phrase: "gửi Báo cáo 6 tháng đầu năm 2024"
	Since string // YYYY-MM-DD, the deadline missed
	// Link is the console path a unit's people open to do it.
	Link func(u org.Unit) string
}

// UrgeResult says which units were urged now and which had been already
// today (at most once a day per unit and matter).
type UrgeResult struct {
	Sent    []org.Unit
	Already []org.Unit
}

// Urge urges each unit about the matter: its people get a notice (and an
// e-mail, as they chose) naming what is late and since when, and the urge is
// audited. Only the standing body above a unit urges it (access.Urge over
// the unit's parent); a unit already urged today about the same matter is
// not urged again.
func (s *Service) Urge(ctx context.Context, m Matter, unitIDs []int64) (*UrgeResult, error) {
	if len(unitIDs) == 0 {
		return nil, errs.InvalidField("units", "Vui lòng chọn ít nhất một đơn vị cần đôn đốc.")
	}
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return nil, errs.ErrUnauthenticated
	}
	sys := access.With(ctx, access.System())
	today := s.org.Today()
	out := &UrgeResult{}
	for _, id := range unitIDs {
		u, err := s.org.Unit(sys, id, today)
		if err != nil {
			return nil, err
		}
		if u.ParentID == 0 {
			return nil, errs.ErrForbidden
		}
		if err := s.org.Authorize(ctx, access.Urge, u.ParentID); err != nil {
			return nil, err
		}
		people, err := s.auth.Recipients(sys, u.ID, reportingRoles...)
		if err != nil {
			return nil, err
		}
		text := fmt.Sprintf("Đôn đốc: %s chưa %s, chậm từ ngày %s (%d ngày). Đề nghị đơn vị khẩn trương hoàn thành.", u.Name, m.What, displayDate(m.Since), daysSince(m.Since, today))
		link := ""
		if m.Link != nil {
			link = m.Link(u)
		}
		sent := false
		err = s.db.Transact(ctx, func(tx *sql.Tx) error {
			now := s.clock.Now()
			res, err := tx.ExecContext(ctx, `INSERT INTO urges (unit_id, matter, day, what, by_user, created_at) VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (unit_id, matter, day) DO NOTHING`, u.ID, m.Key, today, m.What, a.UserID, now)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				sent = false
				return err
			}
			sent = true
			if err := audit.Record(ctx, tx, now, audit.Entry{Action: "unit.urge", Entity: "unit", EntityKey: u.Code, UnitID: u.ID,
				Summary: "Đôn đốc " + u.Name + " " + m.What + " (hạn " + displayDate(m.Since) + ")"}, nil, map[string]any{"matter": m.Key, "since": m.Since, "people": len(people)}); err != nil {
				return err
			}
			_, err = s.notifyTx(ctx, tx, Event{Kind: KindUrge, Key: fmt.Sprintf("%s:unit:%d:%s", m.Key, u.ID, today), Text: text, Link: link}, people)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("urge %s about %s: %w", u.Code, m.Key, err)
		}
		if sent {
			out.Sent = append(out.Sent, u)
		} else {
			out.Already = append(out.Already, u)
		}
	}
	return out, nil
}

// Tally is how often a unit was urged about a matter.
type Tally struct {
	Count int
	Last  string // YYYY-MM-DD in Vietnam
}

// String reads "đã đôn đốc 2 lần, lần cuối 03/06".
func (t Tally) String() string {
	if t.Count == 0 {
		return ""
	}
	last := t.Last
	if d, err := vn.ParseISODate(t.Last); err == nil {
		last = d.Format("02/01")
	}
	return fmt.Sprintf("đã đôn đốc %d lần, lần cuối %s", t.Count, last)
}

// Urges returns, per unit, how often it was urged about the matter. The
// counts are no secret to whoever sees the units' states, so it is not
// scoped further.
func (s *Service) Urges(ctx context.Context, matter string) (map[int64]Tally, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT unit_id, COUNT(*), MAX(day) FROM urges WHERE matter = $1 GROUP BY unit_id`, matter)
	if err != nil {
		return nil, fmt.Errorf("urges of %s: %w", matter, err)
	}
	defer rows.Close()
	out := map[int64]Tally{}
	for rows.Next() {
		var id int64
		var t Tally
		if err := rows.Scan(&id, &t.Count, &t.Last); err != nil {
			return nil, fmt.Errorf("urges of %s: %w", matter, err)
		}
		out[id] = t
	}
	return out, rows.Err()
}

func daysSince(from, to string) int {
	a, err1 := vn.ParseISODate(from)
	b, err2 := vn.ParseISODate(to)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a) / (24 * time.Hour))
}
