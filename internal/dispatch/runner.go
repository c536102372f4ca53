package dispatch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/store"
)

// Runner sends one campaign's queued messages through a Sender.
//
// The order of writes is what makes it crash-safe: a batch is claimed
// (queued → sending) in one statement before anything is submitted, and
// each outcome is written (sending → submitted / failed / unknown, or
// back to queued for a retry) as soon as a short batch of outcomes
// gathers. Killed at any point, the process leaves every message either
// queued (never submitted: sent after restart), with an outcome (never
// sent again), or sending (in flight: Recover marks it unknown).
type Runner struct {
	Store       *Store
	Sender      Sender
	Log         *slog.Logger
	Batch       int           // messages claimed at a time (default 200)
	Concurrency int           // submits in flight (default 32)
	Backoff     time.Duration // first pause after a throttle or a connection error (default 1 s)
	Poll        time.Duration // how often to look for work when none is ready (default 500 ms)
	// Progress, when set, is called about once a second while it runs.
	Progress func(Counts)
	// Fatal, when set, says which errors mean the channel cannot be used
	// until a person acts (wrong credentials): the campaign is paused with
	// the error as its note, rather than retried.
	Fatal func(error) bool
}

type outcome struct {
	id        int64
	channelID string
	err       error
}

// Run sends until the campaign has nothing left to send, is paused or
// cancelled, or ctx ends.
func (r *Runner) Run(ctx context.Context, id int64) error {
	if r.Batch <= 0 {
		r.Batch = 200
	}
	if r.Concurrency <= 0 {
		r.Concurrency = 32
	}
	if r.Backoff <= 0 {
		r.Backoff = time.Second
	}
	if r.Poll <= 0 {
		r.Poll = 500 * time.Millisecond
	}
	if r.Log == nil {
		r.Log = slog.Default()
	}
	lastProgress := time.Time{}
	backoff := r.Backoff
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, err := r.Store.Get(ctx, id)
		if err != nil {
			return err
		}
		if c.State != StateRunning {
			return nil
		}
		if r.Progress != nil && time.Since(lastProgress) >= time.Second {
			if n, err := r.Store.Counts(ctx, id); err == nil {
				r.Progress(n)
			}
			lastProgress = time.Now()
		}
		if wait := r.quiet(c, r.Store.clock.Now()); wait > 0 {
			r.Store.setNote(ctx, id, "Đang trong giờ yên lặng (không gửi từ "+hm(c.QuietStart)+" đến "+hm(c.QuietEnd)+"); sẽ tự gửi tiếp.")
			if !sleep(ctx, min(wait, 30*time.Second)) {
				return ctx.Err()
			}
			continue
		}
		// Between batches nothing is submitted for a round trip: at a set
		// rate, claim two seconds' worth at a time so the pause stays small.
		batch, err := r.Store.claim(ctx, id, min(max(r.Batch, 2*c.TPS), 5000))
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			n, err := r.Store.Counts(ctx, id)
			if err != nil {
				return err
			}
			if n.Finished() {
				if r.Progress != nil {
					r.Progress(n)
				}
				return r.Store.SetState(ctx, id, StateDone, "")
			}
			if !sleep(ctx, r.Poll) { // queued, but waiting for a retry time
				return ctx.Err()
			}
			continue
		}
		throttled, down, fatal := r.send(ctx, batch)
		if fatal != nil {
			r.Store.SetState(context.WithoutCancel(ctx), id, StatePaused, fatal.Error())
			return fatal
		}
		switch {
		case down > 0 && down == len(batch):
			r.Store.setNote(ctx, id, "Không kết nối được trung tâm tin nhắn; chiến dịch sẽ tự gửi tiếp khi kết nối lại.")
			backoff = min(backoff*2, time.Minute)
			if !sleep(ctx, backoff) {
				return ctx.Err()
			}
		case throttled > 0:
			r.Store.setNote(ctx, id, "Trung tâm tin nhắn yêu cầu gửi chậm lại; đang giảm tốc.")
			backoff = min(backoff*2, 30*time.Second)
			if !sleep(ctx, backoff) {
				return ctx.Err()
			}
		default:
			if backoff != r.Backoff {
				r.Store.setNote(ctx, id, "")
			}
			backoff = r.Backoff
		}
	}
}

// send submits a claimed batch and records every outcome; it reports how
// many were throttled and how many could not reach the channel.
func (r *Runner) send(ctx context.Context, batch []claimed) (throttled, down int, fatal error) {
	results := make(chan outcome, len(batch))
	sem := make(chan struct{}, r.Concurrency)
	var wg sync.WaitGroup
	for _, m := range batch {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			cid, err := r.Sender.Send(ctx, Message{ID: m.id, To: m.to, Text: m.text, Brandname: m.brandname})
			results <- outcome{id: m.id, channelID: cid, err: err}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	// Outcomes are written in small groups as they come, so a crash
	// leaves few messages in flight.
	var group []outcome
	flush := func() {
		if len(group) == 0 {
			return
		}
		// A write that fails here leaves the messages "sending": after a
		// restart they are unknown, never resent blindly.
		if err := r.Store.record(context.WithoutCancel(ctx), group, r.Backoff); err != nil {
			r.Log.Error("dispatch: recording outcomes", "err", err)
		}
		group = group[:0]
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case o, ok := <-results:
			if !ok {
				flush()
				return throttled, down, fatal
			}
			switch {
			case o.err != nil && r.Fatal != nil && r.Fatal(o.err):
				fatal = o.err
			case errors.Is(o.err, ErrThrottled):
				throttled++
			case o.err != nil && !errors.Is(o.err, ErrRejected) && !errors.Is(o.err, ErrUnknown):
				down++
			}
			group = append(group, o)
			if len(group) >= 50 {
				flush()
			}
		case <-tick.C:
			flush()
		}
	}
}

type claimed struct {
	id                  int64
	to, text, brandname string
}

// claim moves up to n due queued messages to sending and returns them.
func (s *Store) claim(ctx context.Context, id int64, n int) ([]claimed, error) {
	lock := ""
	if s.db.Dialect == store.Postgres {
		lock = " FOR UPDATE SKIP LOCKED" // several instances share the work
	}
	now := s.clock.Now()
	rows, err := s.db.W.QueryContext(ctx, `UPDATE messages SET state = 'sending', attempts = attempts + 1, submitted_at = $1
		WHERE id IN (SELECT id FROM messages WHERE campaign_id = $2 AND state = 'queued' AND (next_at IS NULL OR next_at <= $1) ORDER BY id LIMIT $3`+lock+`)
		RETURNING id, recipient, text`, now, id, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []claimed
	for rows.Next() {
		var m claimed
		if err := rows.Scan(&m.id, &m.to, &m.text); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) > 0 {
		var brand string
		if err := s.db.R.QueryRowContext(ctx, `SELECT brandname FROM campaigns WHERE id = $1`, id).Scan(&brand); err != nil {
			return nil, err
		}
		for i := range out {
			out[i].brandname = brand
		}
	}
	return out, nil
}

// record writes a group of outcomes in one transaction.
func (s *Store) record(ctx context.Context, group []outcome, backoff time.Duration) error {
	now := s.clock.Now()
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		for _, o := range group {
			var err error
			switch {
			case o.err == nil:
				_, err = tx.ExecContext(ctx, `UPDATE messages SET state = 'submitted', channel_id = $1, submitted_at = $2, error = '' WHERE id = $3 AND state = 'sending'`, o.channelID, now, o.id)
			case errors.Is(o.err, ErrRejected):
				_, err = tx.ExecContext(ctx, `UPDATE messages SET state = 'failed', error = $1, done_at = $2 WHERE id = $3 AND state = 'sending'`, o.err.Error(), now, o.id)
			case errors.Is(o.err, ErrUnknown):
				_, err = tx.ExecContext(ctx, `UPDATE messages SET state = 'unknown', error = $1, done_at = $2 WHERE id = $3 AND state = 'sending'`, o.err.Error(), now, o.id)
			default: // throttled or not connected: it was not sent; try again later
				_, err = tx.ExecContext(ctx, `UPDATE messages SET state = 'queued', error = $1, next_at = $2 WHERE id = $3 AND state = 'sending'`, o.err.Error(), now.Add(backoff), o.id)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// Deliveries applies receipts as they come until ctx ends, in groups. A
// receipt can arrive before the runner has written the message's channel
// id (receipts are fast, outcomes are written in groups): such a receipt
// is kept and tried again with the next groups, for up to ten minutes.
func (s *Store) Deliveries(ctx context.Context, rc <-chan Receipt) {
	type waiting struct {
		r     Receipt
		since time.Time
	}
	var group []Receipt
	var early []waiting
	flush := func() {
		if len(group) == 0 && len(early) == 0 {
			return
		}
		now := s.clock.Now()
		var unmatched []waiting
		err := s.db.Transact(context.WithoutCancel(ctx), func(tx *sql.Tx) error {
			unmatched = unmatched[:0]
			try := func(r Receipt) (bool, error) {
				state, why := MsgDelivered, ""
				if !r.Delivered {
					state, why = MsgFailed, r.Status
				}
				res, err := tx.ExecContext(ctx, `UPDATE messages SET state = $1, error = $2, done_at = $3 WHERE channel_id = $4 AND state IN ('submitted', 'unknown')`,
					state, why, now, r.ChannelID)
				if err != nil {
					return false, err
				}
				n, _ := res.RowsAffected()
				return n > 0, nil
			}
			for _, w := range early {
				ok, err := try(w.r)
				if err != nil {
					return err
				}
				if !ok && now.Sub(w.since) < 10*time.Minute {
					unmatched = append(unmatched, w)
				}
			}
			for _, r := range group {
				ok, err := try(r)
				if err != nil {
					return err
				}
				if !ok {
					unmatched = append(unmatched, waiting{r, now})
				}
			}
			return nil
		})
		if err != nil {
			return // the receipts stay in group/early and are tried again
		}
		group, early = group[:0], append(early[:0], unmatched...)
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			flush()
			return
		case r, ok := <-rc:
			if !ok {
				flush()
				return
			}
			group = append(group, r)
			if len(group) >= 200 {
				flush()
			}
		case <-tick.C:
			flush()
		}
	}
}

// quiet says how long until the campaign's quiet hours end (0 outside
// them). Quiet hours are in Vietnam's time.
func (r *Runner) quiet(c *Campaign, now time.Time) time.Duration {
	if c.QuietStart == c.QuietEnd {
		return 0
	}
	t := now.In(vnTime)
	m := t.Hour()*60 + t.Minute()
	in := false
	if c.QuietStart < c.QuietEnd {
		in = m >= c.QuietStart && m < c.QuietEnd
	} else {
		in = m >= c.QuietStart || m < c.QuietEnd
	}
	if !in {
		return 0
	}
	end := time.Date(t.Year(), t.Month(), t.Day(), c.QuietEnd/60, c.QuietEnd%60, 0, 0, vnTime)
	if !end.After(t) {
		end = end.AddDate(0, 0, 1)
	}
	return end.Sub(t)
}

var vnTime = time.FixedZone("ICT", 7*3600)

func hm(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
