package dispatch

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Runner sends one campaign's queued messages through a Sender.
//
// The order of writes is what makes it crash-safe: messages are claimed
// (queued → sending) in one statement before any of them is submitted,
// and each outcome is written (sending → submitted / failed / unknown, or
// back to queued for a retry) as soon as a short batch of outcomes
// gathers. Killed at any point, the process leaves every message either
// queued (never submitted: sent after restart), with an outcome (never
// sent again), or sending (in flight: Recover marks it unknown).
//
// Sending is a stream: a fixed set of Concurrency workers submits, and
// more is claimed while the previous claim is still being sent (once half
// of it has an outcome), so the channel is never idle waiting for the
// database. At most Batch messages are claimed and without an outcome at
// any time, as when a batch was claimed and sent whole.
//
// Before each submit a worker asks whether the campaign still runs: a
// pause or a cancel stops the submits at once, not after the claim. The
// state is read again from the database when this instance changed a
// campaign's state (Service.Cancel, a pause) and otherwise every Recheck,
// for a change made on another instance. What was claimed and not
// submitted is handed back in one statement: not sent once the campaign
// is cancelled, queued again (for a resume) when it is paused.
type Runner struct {
	Campaigns   *Service
	Sender      Sender
	Log         *slog.Logger
	Batch       int           // messages claimed and without an outcome at most (default 200; at a set rate, at least half a second's worth)
	Concurrency int           // submits in flight (default 32)
	Backoff     time.Duration // first pause after a throttle or a connection error (default 1 s)
	Poll        time.Duration // how often to look for work when none is ready (default 500 ms)
	// Progress, when set, is called about once a second while it runs.
	Progress func(Counts)
	// Fatal, when set, says which errors mean the channel cannot be used
	// until a person acts (wrong credentials): the campaign is paused with
	// the error as its note, rather than retried.
	Fatal func(error) bool
	// Owner, when set, is the instance whose lease on the campaign every
	// claim requires: once another instance has taken the campaign over,
	// this one claims nothing more.
	Owner string
	// Flush is how long an outcome may wait before it is written, in a
	// group with others (default 100 ms); a group is also written once it
	// has FlushSize outcomes (default 256).
	Flush     time.Duration
	FlushSize int
	// Recheck is how old the campaign's state may be when a submit
	// begins, for a pause or cancel made on another instance (default
	// 250 ms); one made on this instance is seen at once.
	Recheck time.Duration

	lastProgress time.Time
	// On several channels, a channel that throttles or cannot be reached
	// is held (its messages not claimed) until hold[ch], with pauses that
	// double; the other channels go on.
	hold      map[string]time.Time
	holdPause map[string]time.Duration
}

type outcome struct {
	id        int64
	channelID string
	err       error
	channel   string // the message's channel, on several
}

// errStopped is the outcome of a claimed message a worker did not submit
// because the campaign no longer runs (paused or cancelled).
var errStopped = errors.New("dispatch: the campaign stopped before this message was submitted")

// whyCancelled is the reason kept on the messages a cancel left unsent.
const whyCancelled = "chiến dịch đã hủy"

// gate tells a stream's workers whether the campaign still runs. It reads
// the campaign's state again when this instance changed a campaign's
// state since the last read, or when that read is older than every; the
// workers share one read.
type gate struct {
	s     *Service
	id    int64
	every time.Duration

	mu    sync.Mutex
	state string
	gen   uint64 // s.changed at the last read
	at    time.Time
}

func (g *gate) running(ctx context.Context) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if gen := g.s.changed.Load(); gen != g.gen || time.Since(g.at) >= g.every {
		var state string
		err := g.s.db.R.QueryRowContext(ctx, `SELECT state FROM campaigns WHERE id = $1`, g.id).Scan(&state)
		g.at = time.Now()
		if err == nil {
			g.state, g.gen = state, gen
		} // else: as last read (the submit itself will meet a database or context that is gone)
	}
	return g.state == StateRunning
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
	if r.Flush <= 0 {
		r.Flush = 100 * time.Millisecond
	}
	if r.FlushSize <= 0 {
		r.FlushSize = 256
	}
	if r.Recheck <= 0 {
		r.Recheck = 250 * time.Millisecond
	}
	if r.Log == nil {
		r.Log = slog.Default()
	}
	r.lastProgress = time.Time{}
	r.hold, r.holdPause = map[string]time.Time{}, map[string]time.Duration{}
	backoff := r.Backoff
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, err := r.Campaigns.Get(ctx, id)
		if err != nil {
			return err
		}
		if c.State != StateRunning {
			return nil
		}
		r.progress(ctx, id)
		if wait := r.quiet(c, r.Campaigns.clock.Now()); wait > 0 {
			r.Campaigns.SetNote(ctx, id, "Đang trong giờ yên lặng (không gửi từ "+hm(c.QuietStart)+" đến "+hm(c.QuietEnd)+"); sẽ tự gửi tiếp.")
			if !sleep(ctx, min(wait, 30*time.Second)) {
				return ctx.Err()
			}
			continue
		}
		st := r.stream(ctx, c)
		if st.err != nil {
			return st.err
		}
		if st.fatal != nil {
			r.Campaigns.SetState(context.WithoutCancel(ctx), id, StatePaused, st.fatal.Error())
			return st.fatal
		}
		switch {
		case st.down:
			r.Campaigns.SetNote(ctx, id, "Không kết nối được kênh gửi (trung tâm tin nhắn, máy chủ thư, Zalo hoặc đối tác); chiến dịch sẽ tự gửi tiếp khi kết nối lại.")
			backoff = min(backoff*2, time.Minute)
			if !sleep(ctx, backoff) {
				return ctx.Err()
			}
			continue
		case st.throttled > 0:
			r.Campaigns.SetNote(ctx, id, "Kênh gửi yêu cầu gửi chậm lại (hoặc đã hết hạn mức trong ngày); đang giảm tốc.")
			backoff = min(backoff*2, 30*time.Second)
			if !sleep(ctx, backoff) {
				return ctx.Err()
			}
			continue
		case st.sent > 0:
			if backoff != r.Backoff {
				r.Campaigns.SetNote(ctx, id, "")
			}
			backoff = r.Backoff
		}
		if !st.empty {
			continue // stopped for a check (state, quiet hours): look again
		}
		n, err := r.Campaigns.Counts(ctx, id)
		if err != nil {
			return err
		}
		if n.Finished() {
			if r.Progress != nil {
				r.Progress(n)
			}
			return r.Campaigns.SetState(ctx, id, StateDone, "")
		}
		if !sleep(ctx, r.Poll) { // queued, but waiting for a retry time
			return ctx.Err()
		}
	}
}

func (r *Runner) progress(ctx context.Context, id int64) {
	if r.Progress != nil && time.Since(r.lastProgress) >= time.Second {
		if n, err := r.Campaigns.Counts(ctx, id); err == nil {
			r.Progress(n)
		}
		r.lastProgress = time.Now()
	}
}

// streamEnd says why a stream stopped.
type streamEnd struct {
	empty     bool  // nothing due was left to claim
	sent      int   // outcomes other than throttled / not sent
	throttled int   // the channel asked to slow down
	down      bool  // every outcome since the last claim: channel unreachable
	fatal     error // Runner.Fatal said so
	err       error // a claim failed or ctx ended
}

// stream claims and sends until nothing due is left, the channel
// throttles or is down, the campaign stops running or enters quiet hours,
// or ctx ends. It returns once every claimed message has an outcome
// written (or, when that write fails, is left "sending").
func (r *Runner) stream(ctx context.Context, c *Campaign) (end streamEnd) {
	// At a set rate, hold half a second's worth so the claims stay rare.
	size := min(max(r.Batch, c.TPS/2), 5000)
	jobs := make(chan claimed, size)
	results := make(chan outcome, size)
	g := &gate{s: r.Campaigns, id: c.ID, every: r.Recheck, state: c.State, gen: r.Campaigns.changed.Load(), at: time.Now()}
	var wg sync.WaitGroup
	for range min(r.Concurrency, size) {
		wg.Go(func() {
			for m := range jobs {
				if !g.running(ctx) {
					results <- outcome{id: m.id, err: errStopped, channel: m.channel}
					continue
				}
				cid, err := r.Sender.Send(ctx, Message{ID: m.id, To: m.to, Text: m.text, Brandname: m.brandname, Channel: m.channel})
				results <- outcome{id: m.id, channelID: cid, err: err, channel: m.channel}
			}
		})
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			close(jobs)
		}
	}
	defer func() {
		stop()
		wg.Wait()
	}()

	var group []outcome
	var unsent []int64 // claimed, not submitted: the campaign stopped
	cancelled := false // messages were handed back to a cancelled campaign
	flush := func() {
		// A write that fails here leaves the messages "sending": after a
		// restart they are unknown, never resent blindly.
		if len(group) > 0 {
			if err := r.Campaigns.record(context.WithoutCancel(ctx), group, r.Backoff); err != nil {
				r.Log.Error("dispatch: recording outcomes", "err", err)
			}
			group = group[:0]
		}
		if len(unsent) > 0 {
			gone, err := r.Campaigns.handBack(context.WithoutCancel(ctx), c.ID, unsent)
			if err != nil {
				r.Log.Error("dispatch: handing back messages not submitted", "campaign", c.ID, "err", err)
			}
			unsent, cancelled = unsent[:0], cancelled || gone
		}
	}
	tick := time.NewTicker(r.Flush)
	defer tick.Stop()

	outstanding := 0         // claimed, without an outcome yet
	since, downSince := 0, 0 // outcomes since the last claim, and how many were "down"
	first := true
	multi := strings.Contains(c.Channel, ",")
	holdNote := false
	for {
		if !stopped && outstanding <= size/2 {
			// Time to claim more, unless something says stop.
			switch {
			case end.fatal != nil, end.throttled > 0:
				stop()
			case downSince > 0 && downSince == since:
				end.down = true
				stop()
			case ctx.Err() != nil:
				end.err = ctx.Err()
				stop()
			}
			if !stopped && !first {
				cur, err := r.Campaigns.Get(ctx, c.ID)
				switch {
				case err != nil:
					end.err = err
					stop()
				case cur.State != StateRunning || r.quiet(cur, r.Campaigns.clock.Now()) > 0:
					stop() // Run looks again
				default:
					r.progress(ctx, c.ID)
				}
			}
			if !stopped {
				first = false
				var held []string
				now := time.Now()
				for ch, until := range r.hold {
					if now.Before(until) {
						held = append(held, ch)
					}
				}
				if multi && len(held) == 0 && holdNote {
					r.Campaigns.SetNote(ctx, c.ID, "")
					holdNote = false
				}
				want := size - outstanding
				batch, err := r.Campaigns.claim(ctx, c.ID, want, r.Owner, held...)
				if err == nil && len(batch) < want {
					// A large audience is written as it is sent: the
					// next pages, then claim again.
					var queued int
					if queued, err = r.Campaigns.topUp(ctx, c.ID, want-len(batch), r.Owner); err == nil && queued > 0 {
						var more []claimed
						more, err = r.Campaigns.claim(ctx, c.ID, want-len(batch), r.Owner, held...)
						batch = append(batch, more...)
					}
				}
				switch {
				case err != nil:
					end.err = err
					stop()
				case len(batch) == 0:
					end.empty = true
					stop()
				}
				for _, m := range batch {
					jobs <- m
				}
				outstanding += len(batch)
				since, downSince = 0, 0
			}
		}
		if stopped && outstanding == 0 {
			flush()
			if cancelled {
				// Cancelled: the unit's activity counts what was sent in
				// the end, including the submits that were under way.
				r.Campaigns.logActivity(ctx, c.ID)
			}
			return end
		}
		select {
		case o := <-results:
			outstanding--
			if errors.Is(o.err, errStopped) {
				unsent = append(unsent, o.id)
				stop() // Run looks at the campaign again
				continue
			}
			since++
			busy := errors.Is(o.err, ErrThrottled) || (o.err != nil && !errors.Is(o.err, ErrRejected) && !errors.Is(o.err, ErrUnknown))
			switch {
			case o.err != nil && r.Fatal != nil && r.Fatal(o.err):
				end.fatal = o.err
			case multi && busy:
				// Hold this channel only; the others go on.
				pause := min(max(2*r.holdPause[o.channel], r.Backoff), time.Minute)
				r.holdPause[o.channel], r.hold[o.channel] = pause, time.Now().Add(pause)
				if !holdNote {
					r.Campaigns.SetNote(ctx, c.ID, "Kênh "+strings.ToLower(ChannelLabel(o.channel))+" yêu cầu gửi chậm lại hoặc chưa kết nối được; các kênh khác vẫn gửi.")
					holdNote = true
				}
			case errors.Is(o.err, ErrThrottled):
				end.throttled++
			case o.err != nil && !errors.Is(o.err, ErrRejected) && !errors.Is(o.err, ErrUnknown):
				downSince++
			default:
				end.sent++
				if multi {
					r.holdPause[o.channel] = 0
				}
			}
			group = append(group, o)
			if len(group) >= r.FlushSize {
				flush()
			}
		case <-tick.C:
			flush()
		}
	}
}

type claimed struct {
	id                           int64
	to, text, brandname, channel string
}

// claim moves up to n due queued messages to sending and returns them.
// Messages of the held channels are left for later.
// With an owner, only while that instance holds the campaign's lease.
func (s *Service) claim(ctx context.Context, id int64, n int, owner string, held ...string) ([]claimed, error) {
	lock := ""
	if s.db.Dialect == store.Postgres {
		lock = " FOR UPDATE SKIP LOCKED" // several instances share the work
	}
	now := s.clock.Now()
	args := []any{now, id, n}
	skip := ""
	if owner != "" {
		args = append(args, owner)
		skip += fmt.Sprintf(" AND EXISTS (SELECT 1 FROM campaigns WHERE id = $2 AND lease_owner = $%d)", len(args))
	}
	for _, ch := range held {
		args = append(args, ch)
		skip += fmt.Sprintf(" AND channel <> $%d", len(args))
	}
	rows, err := s.db.W.QueryContext(ctx, `UPDATE messages SET state = 'sending', attempts = attempts + 1, submitted_at = $1
		WHERE id IN (SELECT id FROM messages WHERE campaign_id = $2 AND state = 'queued' AND (next_at IS NULL OR next_at <= $1)`+skip+` ORDER BY id LIMIT $3`+lock+`)
		RETURNING id, recipient, text, channel`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []claimed
	for rows.Next() {
		var m claimed
		if err := rows.Scan(&m.id, &m.to, &m.text, &m.channel); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The sender opens each message as it claims it.
	for i := range out {
		var err error
		if out[i].to, err = s.open(msgRecipient, out[i].to); err != nil {
			return nil, err
		}
		if out[i].text, err = s.open(msgText, out[i].text); err != nil {
			return nil, err
		}
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

// handBack returns messages a runner claimed and did not submit because
// the campaign stopped, in one statement, as the campaign stands once its
// row is locked (so a cancel committing meanwhile cannot leave them
// queued): not sent when it is cancelled, queued again otherwise (a pause:
// a resume sends them, and the claim does not count as an attempt).
func (s *Service) handBack(ctx context.Context, id int64, ids []int64) (cancelled bool, err error) {
	lock := ""
	if s.db.Dialect == store.Postgres {
		lock = " FOR UPDATE"
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return false, err
	}
	in := `SELECT value FROM json_each($2)`
	if s.db.Dialect == store.Postgres {
		in = `SELECT CAST(jsonb_array_elements_text(CAST($2 AS jsonb)) AS bigint)`
	}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		var state string
		if err := tx.QueryRowContext(ctx, `SELECT state FROM campaigns WHERE id = $1`+lock, id).Scan(&state); err != nil {
			return err
		}
		cancelled = state == StateCancelled
		set := `state = 'queued'`
		args := []any{id, string(list)}
		if cancelled {
			set, args = `state = 'skipped', error = $3`, append(args, whyCancelled)
		}
		// Not submitted: the claim is no attempt, and a first try keeps no
		// time of sending (the CSV's "Số lần gửi", "Gửi lúc").
		_, err := tx.ExecContext(ctx, `UPDATE messages SET `+set+`, attempts = attempts - 1, submitted_at = CASE WHEN attempts <= 1 THEN NULL ELSE submitted_at END
			WHERE campaign_id = $1 AND state = 'sending' AND id IN (`+in+`)`, args...)
		return err
	})
	return cancelled, err
}

// record writes a group of outcomes in one transaction, each kind of
// outcome with one prepared statement.
func (s *Service) record(ctx context.Context, group []outcome, backoff time.Duration) error {
	now := s.clock.Now()
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		stmts := map[string]*sql.Stmt{}
		defer func() {
			for _, st := range stmts {
				st.Close()
			}
		}()
		exec := func(query string, args ...any) error {
			st := stmts[query]
			if st == nil {
				var err error
				if st, err = tx.PrepareContext(ctx, query); err != nil {
					return err
				}
				stmts[query] = st
			}
			_, err := st.ExecContext(ctx, args...)
			return err
		}
		for _, o := range group {
			var err error
			switch {
			case o.err == nil:
				// Also from "unknown": another instance starting up may have
				// taken this in-flight message for one left by a crash.
				err = exec(`UPDATE messages SET state = 'submitted', channel_id = $1, submitted_at = $2, error = '', done_at = NULL WHERE id = $3 AND (state = 'sending' OR (state = 'unknown' AND channel_id = ''))`, o.channelID, now, o.id)
			case errors.Is(o.err, ErrRejected):
				err = exec(`UPDATE messages SET state = 'failed', error = $1, done_at = $2 WHERE id = $3 AND (state = 'sending' OR (state = 'unknown' AND channel_id = ''))`, reason(o.err), now, o.id)
				if err == nil {
					err = s.fallBack(ctx, tx, o.id, now)
				}
			case errors.Is(o.err, ErrUnknown):
				err = exec(`UPDATE messages SET state = 'unknown', error = $1, done_at = $2 WHERE id = $3 AND state = 'sending'`, reason(o.err), now, o.id)
			default: // throttled or not connected: it was not sent; try again later
				err = exec(`UPDATE messages SET state = 'queued', error = $1, next_at = $2 WHERE id = $3 AND state = 'sending'`, reason(o.err), now.Add(backoff), o.id)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// fallBack hands a refused message of a campaign on several channels to
// the person's next channel: a new queued message there, and the refused
// one counted as not sent, with why.
func (s *Service) fallBack(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	var campaign int64
	var next, why string
	err := tx.QueryRowContext(ctx, `SELECT campaign_id, fallback, error FROM messages WHERE id = $1 AND state = 'failed'`, id).Scan(&campaign, &next, &why)
	if err == sql.ErrNoRows || (err == nil && next == "") {
		return nil
	}
	if err != nil {
		return err
	}
	if next, err = s.open(msgFallback, next); err != nil {
		return err
	}
	var alts []Alt
	if json.Unmarshal([]byte(next), &alts) != nil || len(alts) == 0 {
		return nil
	}
	rest := ""
	if len(alts) > 1 {
		b, _ := json.Marshal(alts[1:])
		rest = string(b)
	}
	row, err := s.sealRow(alts[0].Channel, alts[0].To, alts[0].Text, rest)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO messages (campaign_id, recipient, text, state, error, created_at, channel, fallback, recipient_index, carrier) VALUES ($1, $2, $3, 'queued', '', $4, $5, $6, $7, $8)`,
		campaign, row.to, row.text, now, alts[0].Channel, row.fallback, row.index, row.carrier); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE messages SET state = 'skipped', fallback = '', error = $1 WHERE id = $2`,
		"chuyển sang "+strings.ToLower(ChannelLabel(alts[0].Channel))+": "+why, id)
	return err
}

// reason is an error as kept on a message: without the recipient's
// contact, which some channels quote.
func reason(err error) string { return audience.MaskContacts(err.Error()) }

// Deliveries applies receipts as they come until ctx ends, in groups. A
// receipt can arrive before the runner has written the message's channel
// id (receipts are fast, outcomes are written in groups): such a receipt
// is kept and tried again with the next groups, for up to ten minutes.
func (s *Service) Deliveries(ctx context.Context, rc <-chan Receipt) {
	// An early receipt is tried again after growing pauses (by the wall
	// clock), and at most maxEarly wait: receipts that will never match
	// (a duplicate, another system's) must not keep the writer busy.
	type waiting struct {
		r     Receipt
		since time.Time
		next  time.Time
		tries int
	}
	const maxEarly = 100_000
	pauses := []time.Duration{200 * time.Millisecond, time.Second, 5 * time.Second, 30 * time.Second}
	var group []Receipt
	var early []waiting
	flush := func() {
		due := len(group) > 0
		for i := 0; !due && i < len(early); i++ {
			due = !time.Now().Before(early[i].next)
		}
		if !due {
			return // nothing to try: no transaction (on SQLite it would hold the writer)
		}
		now := s.clock.Now()
		var unmatched []waiting
		// The last group is written after ctx ends too.
		ctx := context.WithoutCancel(ctx)
		err := s.db.Transact(ctx, func(tx *sql.Tx) error {
			unmatched = unmatched[:0]
			st, err := tx.PrepareContext(ctx, `UPDATE messages SET state = $1, error = $2, done_at = $3 WHERE channel_id = $4 AND state IN ('submitted', 'unknown')`)
			if err != nil {
				return err
			}
			defer st.Close()
			try := func(r Receipt) (bool, error) {
				state, why := MsgDelivered, ""
				if !r.Delivered {
					state, why = MsgFailed, r.Status
				}
				res, err := st.ExecContext(ctx, state, why, now, r.ChannelID)
				if err != nil {
					return false, err
				}
				n, _ := res.RowsAffected()
				if n == 0 && r.MessageID != 0 {
					// An unknown message the channel did get after all — a
					// message of that channel ("zalo:…"), not a namesake.
					ch, _, tagged := strings.Cut(r.ChannelID, ":")
					res, err = tx.ExecContext(ctx, `UPDATE messages SET state = $1, error = $2, done_at = $3, channel_id = $4 WHERE id = $5 AND state = 'unknown' AND channel_id = ''
						AND ($6 = '' OR channel = $6 OR (channel = '' AND campaign_id IN (SELECT id FROM campaigns WHERE channel = $6)))`,
						state, why, now, r.ChannelID, r.MessageID, map[bool]string{true: ch}[tagged])
					if err != nil {
						return false, err
					}
					n, _ = res.RowsAffected()
				}
				return n > 0, nil
			}
			wall := time.Now()
			for _, w := range early {
				if wall.Before(w.next) {
					unmatched = append(unmatched, w) // not yet
					continue
				}
				ok, err := try(w.r)
				if err != nil {
					return err
				}
				if !ok && wall.Sub(w.since) < 10*time.Minute {
					w.next = wall.Add(pauses[min(w.tries, len(pauses)-1)])
					w.tries++
					unmatched = append(unmatched, w)
				}
			}
			for _, r := range group {
				ok, err := try(r)
				if err != nil {
					return err
				}
				if !ok {
					unmatched = append(unmatched, waiting{r: r, since: time.Now(), next: time.Now().Add(pauses[0])})
				}
			}
			return nil
		})
		if err != nil {
			return // the receipts stay in group/early and are tried again
		}
		if len(unmatched) > maxEarly {
			unmatched = unmatched[len(unmatched)-maxEarly:] // the oldest go
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

var vnTime = vn.Zone

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
