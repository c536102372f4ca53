package dispatch

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// A campaign to a segment is written a page at a time: Prepare writes
// the first page and keeps the plan (the texts by channel), the number of
// people the preview counted and a cursor (the last subscriber id
// written, and the newest subscriber when it was prepared, where the
// audience ends). The runner writes the next page when its claims run
// short (topUp), moving the cursor in the page's own transaction, only if
// nobody moved it meanwhile and, under a lease, only while this instance
// holds it: a page is written once, whoever sends. The people's standing
// and the daily cap are checked as each page is written, so a person who
// withdraws between the approval and their page is not messaged.

// pagesPerTopUp bounds the pages one top-up writes looking for people to
// queue (a page can be all skipped: everyone already had their messages
// for the day).
const pagesPerTopUp = 20

// errCursorMoved: another writer wrote this page first; nothing is written.
var errCursorMoved = errors.New("dispatch: the campaign's audience cursor moved")

// audiencePage reads the people of the segment after a subscriber id, a
// page, and makes each a recipient on the channel that reaches them with
// their text; it returns the last id read and whether the page was full.
func (s *Service) audiencePage(ctx context.Context, channels []string, seg Segment, p plan, after, until int64) ([]Recipient, int64, bool, error) {
	ps, last, full, err := s.people.ReachablePage(ctx, seg.of(channels), after, until, s.page)
	if err != nil {
		return nil, after, false, err
	}
	fill := p.filler(channels)
	rs := make([]Recipient, 0, len(ps))
	for _, person := range ps {
		if r := reach(channels, person); r != nil {
			fill(r)
			rs = append(rs, *r)
		}
	}
	return rs, last, full, nil
}

// keepPlan stores, with a prepared campaign, how to write the rest of
// its audience and where it stands.
func (s *Service) keepPlan(ctx context.Context, tx *sql.Tx, id int64, p plan, planned, written int, last int64, more bool, until int64) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var next any
	if more {
		next = last
	}
	_, err = tx.ExecContext(ctx, `UPDATE campaigns SET audience_plan = $1, planned = $2, audience_written = $3, audience_next = $4, audience_until = $5 WHERE id = $6`,
		string(b), planned, written, next, until, id)
	return err
}

// topUp writes pages of a running campaign's audience until at least want
// messages were queued, the audience is written whole, or pagesPerTopUp
// pages were written; it returns how many it queued. With an owner, only
// while that instance holds the campaign's lease.
func (s *Service) topUp(ctx context.Context, id int64, want int, owner string) (int, error) {
	queued := 0
	for range pagesPerTopUp {
		q, more, err := s.writeNextPage(ctx, id, owner)
		queued += q
		if err != nil || !more || queued >= want {
			return queued, err
		}
	}
	return queued, nil
}

// writeNextPage writes the next page of a running campaign's audience; it
// reports how many messages it queued and whether pages remain.
func (s *Service) writeNextPage(ctx context.Context, id int64, owner string) (int, bool, error) {
	if s.people == nil {
		return 0, false, nil
	}
	var planJSON, leaseOwner string
	var next, until sql.NullInt64
	err := s.db.R.QueryRowContext(ctx, `SELECT audience_plan, audience_next, audience_until, lease_owner FROM campaigns WHERE id = $1 AND state = 'running'`, id).
		Scan(&planJSON, &next, &until, &leaseOwner)
	if err == sql.ErrNoRows || (err == nil && (!next.Valid || (owner != "" && leaseOwner != owner))) {
		return 0, false, nil // nothing left to write, no longer running, or not ours
	}
	if err != nil {
		return 0, false, err
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return 0, false, err
	}
	var p plan
	if err := json.Unmarshal([]byte(planJSON), &p); err != nil {
		return 0, false, err
	}
	var seg Segment
	if err := json.Unmarshal([]byte(c.Segment), &seg); err != nil {
		return 0, false, err
	}
	rs, last, full, err := s.audiencePage(ctx, c.ChannelList(), seg, p, next.Int64, until.Int64)
	if err != nil {
		return 0, false, err
	}
	var newNext any
	if full {
		newNext = last
	}
	queued := 0
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		queued = 0
		q := `UPDATE campaigns SET audience_next = $1, audience_written = audience_written + $2 WHERE id = $3 AND audience_next = $4 AND state = 'running'`
		args := []any{newNext, len(rs), id, next.Int64}
		if owner != "" {
			q += ` AND lease_owner = $5`
			args = append(args, owner)
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errCursorMoved
		}
		if len(rs) == 0 {
			return nil
		}
		w := s.newPageWriter(tx, c, s.clock.Now())
		defer w.close()
		_, queued, err = w.write(ctx, rs)
		return err
	})
	if errors.Is(err, errCursorMoved) {
		return 0, true, nil // written by another; look again
	}
	return queued, full && err == nil, err
}

// remaining reads, for the campaigns among ids whose audience is not
// written whole, how many people are still to be written: what the
// preview counted less what was written, at least one while pages remain.
func (s *Service) remaining(ctx context.Context, ids []int64) (map[int64]struct {
	n     int
	state string
}, error) {
	type rest = struct {
		n     int
		state string
	}
	out := map[int64]rest{}
	marks, args := idList(ids)
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, state, planned - audience_written FROM campaigns WHERE id IN (`+marks+`) AND audience_next IS NOT NULL`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r rest
		if err := rows.Scan(&id, &r.state, &r.n); err != nil {
			return nil, err
		}
		r.n = max(r.n, 1)
		out[id] = r
	}
	return out, rows.Err()
}

// idList is ids as a list of placeholders ($1, $2, …) and its arguments.
func idList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i], marks[i] = id, fmt.Sprintf("$%d", i+1)
	}
	return strings.Join(marks, ", "), args
}
