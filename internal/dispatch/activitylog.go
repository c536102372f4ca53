package dispatch

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// activityForm is the outreach form a channel's campaign is logged as.
var activityForm = map[string]string{"sms": "sms", "email": "email", "zalo": "zalo", "webhook": "partner"}

// logActivity records a finished (or cancelled) campaign as an activity
// of its unit, with the messages the channel accepted as its reach, so
// that it counts in the unit's reports. Called again (after a decision on
// unknown messages), it updates the figure.
func (s *Service) logActivity(ctx context.Context, id int64) {
	ctx = access.With(context.WithoutCancel(ctx), access.System())
	c, err := s.Get(ctx, id)
	if err != nil || c.UnitID == 0 {
		return
	}
	lock := ""
	if s.db.Dialect == store.Postgres {
		lock = " FOR UPDATE"
	}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		// The campaign's row first: two callers at once (a cancel, and the
		// runner that hands back what it had claimed) log one activity,
		// and the later one counts what both saw.
		var logged sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT activity_id FROM campaigns WHERE id = $1`+lock, id).Scan(&logged); err != nil {
			return err
		}
		n, err := s.Counts(ctx, id)
		if err != nil {
			return err
		}
		reach := int64(n.Submitted + n.Delivered)
		if reach == 0 {
			return nil
		}
		if logged.Valid {
			return s.act.SetMessagesTx(ctx, tx, logged.Int64, reach)
		}
		u, err := s.org.Unit(ctx, c.UnitID, s.org.Today())
		if err != nil {
			return nil // no unit to log it for
		}
		from, to := c.CreatedAt, s.clock.Now()
		if c.StartedAt != nil {
			from = *c.StartedAt
		}
		form := activityForm[c.ChannelList()[0]]
		if len(c.ChannelList()) > 1 {
			// On several channels: the form of the one that carried the most.
			most := 0
			counts, _ := store.Column[string](s.db.R.QueryContext(ctx, `SELECT channel FROM messages WHERE campaign_id = $1 AND state IN ('submitted', 'delivered')`, id))
			per := map[string]int{}
			for _, ch := range counts {
				per[ch]++
				if per[ch] > most {
					most, form = per[ch], activityForm[ch]
				}
			}
		}
		in := activity.Input{UnitCode: u.Code, Date: vn.Today(from), DateTo: vn.Today(to), Form: form,
			Title:    fmt.Sprintf("Chiến dịch “%s” (%s)", c.Name, ChannelLabel(c.Channel)),
			Messages: strconv.FormatInt(reach, 10), Source: "system", Audience: []string{"Người đăng ký nhận cảnh báo"},
			Note: fmt.Sprintf("Ghi tự động khi chiến dịch kết thúc. Số tin nhắn là số tin kênh gửi đã nhận: %s; đã đến người nhận: %s; không đến được: %s; không gửi: %s.",
				vn.FormatInt(reach), vn.FormatInt(int64(n.Delivered)), vn.FormatInt(int64(n.Failed)), vn.FormatInt(int64(n.Skipped)))}
		a, err := s.act.LogTx(ctx, tx, in)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE campaigns SET activity_id = $1 WHERE id = $2 AND activity_id IS NULL`, a.ID, id)
		return err
	})
	if err != nil {
		s.log.Error("dispatch: logging the campaign's activity", "campaign", id, "err", err)
	}
}
