package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/canhgiac/canhgiac/internal/store"
)

// claimed is a job together with what the worker needs to finish it.
type claimed struct {
	Job
	maxAttempts int
}

// claimSQL takes the oldest due job: queued and due, or running under a
// lease that has run out (its worker died or hung). Taking it raises
// attempts, so a job that kills its worker every time still ends up dead.
// %s is the list of kinds this queue handles and, on PostgreSQL, the row
// lock that lets several workers claim at once without waiting on each
// other; SQLite has a single writer, so the transaction alone suffices.
const claimSQL = `UPDATE jobs SET state = 'running', locked_by = $1, locked_until = $2, attempts = attempts + 1, updated_at = $3
	WHERE id IN (SELECT id FROM jobs
		WHERE ((state = 'queued' AND run_at <= $3) OR (state = 'running' AND locked_until < $3)) AND kind IN (%s)
		ORDER BY run_at, id LIMIT 1%s)
	RETURNING id, kind, key, payload, attempts, max_attempts, run_at`

func (q *Queue) claim(ctx context.Context, kinds []string) (*claimed, error) {
	now := q.now()
	args := []any{q.opts.Worker, now.Add(q.opts.Lease), now}
	marks := make([]string, len(kinds))
	for i, k := range kinds {
		args = append(args, k)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	lock := ""
	if q.db.Dialect == store.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	query := fmt.Sprintf(claimSQL, strings.Join(marks, ", "), lock)
	var c *claimed
	err := q.db.Transact(ctx, func(tx *sql.Tx) error {
		c = nil // Transact may call again after a busy database
		var j claimed
		var payload string
		err := tx.QueryRowContext(ctx, query, args...).
			Scan(&j.ID, &j.Kind, &j.Key, &payload, &j.Attempts, &j.maxAttempts, &j.RunAt)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		j.Payload = []byte(payload)
		c = &j
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: claim: %w", err)
	}
	return c, nil
}

// RunOnce claims and runs every due job this queue has a handler for, one
// at a time, and returns how many it ran. A job that fails is due again only
// after its backoff, so each job runs at most once per call. When ctx ends
// it stops claiming; the job already running is finished first.
func (q *Queue) RunOnce(ctx context.Context) (int, error) {
	kinds := q.kinds()
	if err := q.warnUnhandled(ctx); err != nil {
		return 0, err
	}
	if len(kinds) == 0 {
		return 0, nil
	}
	ran := 0
	for ctx.Err() == nil {
		c, err := q.claim(ctx, kinds)
		if err != nil || c == nil {
			return ran, err
		}
		did, err := q.runClaimed(ctx, c)
		if did {
			ran++
		}
		if err != nil {
			return ran, err
		}
	}
	return ran, ctx.Err()
}

// Run works off jobs until ctx ends, pausing Poll between passes. On
// shutdown it stops claiming and lets the running job finish (bounded by
// the lease); it never hands a half-done job back, since one whose worker
// vanished is reclaimed when its lease runs out. Database errors are logged
// and retried at the next pass, because a worker that quit on a passing
// outage would let jobs pile up unseen. It returns nil once ctx is done.
func (q *Queue) Run(ctx context.Context) error {
	q.log.Info("job worker started", "worker", q.opts.Worker, "kinds", q.kinds())
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			q.log.Info("job worker stopped", "worker", q.opts.Worker)
			return nil
		case <-timer.C:
		}
		if _, err := q.RunOnce(ctx); err != nil && ctx.Err() == nil {
			q.log.Error("job worker pass failed", "worker", q.opts.Worker, "err", err)
		}
		timer.Reset(q.opts.Poll)
	}
}

// runClaimed runs one claimed job and records the outcome; did says whether
// the handler was called.
func (q *Queue) runClaimed(ctx context.Context, c *claimed) (did bool, err error) {
	// The outcome must be written even when ctx has just ended: otherwise a
	// finished job would run again after its lease.
	bg := context.WithoutCancel(ctx)
	if c.Attempts > c.maxAttempts {
		// Claimed again after the last attempt's worker vanished mid-run.
		return false, q.finish(bg, c, Permanent(fmt.Errorf("lease of attempt %d ran out (worker stopped?)", c.Attempts-1)))
	}
	h := q.handler(c.Kind)
	if h == nil { // unregistered between claim and now; cannot happen via Handle
		return false, q.finish(bg, c, fmt.Errorf("no handler for kind %q", c.Kind))
	}
	// Bounded by the lease in real time: past it another worker may claim
	// the job, and the same job must never run twice at once.
	hctx, cancel := context.WithTimeout(bg, q.opts.Lease)
	runErr := q.call(hctx, h, c.Job)
	cancel()
	return true, q.finish(bg, c, runErr)
}

// call runs the handler, turning a panic into an error so that one bad job
// does not stop the worker.
func (q *Queue) call(ctx context.Context, h Handler, j Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			q.log.Error("job handler panicked", "job", j.ID, "kind", j.Kind, "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, j)
}

// finish records the outcome of an attempt: done, queued again after a
// backoff, or dead. It only touches the row while the lease is still this
// attempt's (same worker, same attempt number): if the lease ran out and
// another worker took the job, that worker's outcome is the one that counts.
func (q *Queue) finish(ctx context.Context, c *claimed, runErr error) error {
	now := q.now()
	var query string
	var args []any
	log := q.log.With("job", c.ID, "kind", c.Kind, "key", c.Key, "attempt", c.Attempts, "worker", q.opts.Worker)
	switch {
	case runErr == nil:
		// last_error stays: it tells that earlier attempts failed.
		query = `UPDATE jobs SET state = 'done', locked_by = '', locked_until = NULL, updated_at = $1, done_at = $1
			WHERE id = $2 AND state = 'running' AND locked_by = $3 AND attempts = $4`
		args = []any{now, c.ID, q.opts.Worker, c.Attempts}
	case IsPermanent(runErr) || c.Attempts >= c.maxAttempts:
		log.Error("job is dead", "err", runErr, "permanent", IsPermanent(runErr))
		query = `UPDATE jobs SET state = 'dead', locked_by = '', locked_until = NULL, updated_at = $1, done_at = $1, last_error = $5
			WHERE id = $2 AND state = 'running' AND locked_by = $3 AND attempts = $4`
		args = []any{now, c.ID, q.opts.Worker, c.Attempts, clip(runErr.Error())}
	default:
		next := now.Add(Backoff(c.Attempts))
		log.Warn("job failed; will retry", "err", runErr, "retry_at", next)
		query = `UPDATE jobs SET state = 'queued', locked_by = '', locked_until = NULL, updated_at = $1, run_at = $5, last_error = $6
			WHERE id = $2 AND state = 'running' AND locked_by = $3 AND attempts = $4`
		args = []any{now, c.ID, q.opts.Worker, c.Attempts, next, clip(runErr.Error())}
	}
	var n int64
	err := q.db.Transact(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("jobs: record outcome of job %d: %w", c.ID, err)
	}
	if n == 0 {
		log.Warn("job lease was lost before the outcome was recorded; another worker owns it now", "err", runErr)
	}
	return nil
}

// warnUnhandled logs, once per kind, due jobs that no handler of this queue
// will ever run: they stay queued, which is silent unless someone says so.
func (q *Queue) warnUnhandled(ctx context.Context) error {
	kinds, err := store.Column[string](q.db.R.QueryContext(ctx, `SELECT DISTINCT kind FROM jobs WHERE state = 'queued' AND run_at <= $1`, q.now()))
	if err != nil {
		return fmt.Errorf("jobs: due kinds: %w", err)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, k := range kinds {
		if q.handlers[k] == nil && !q.warned[k] {
			q.warned[k] = true
			q.log.Warn("due jobs of a kind this worker has no handler for stay queued", "kind", k, "worker", q.opts.Worker)
		}
	}
	return nil
}

// clip keeps last_error to a readable size without cutting a character.
func clip(s string) string {
	const max = 2000
	if len(s) <= max {
		return s
	}
	s = s[:max]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}
