// Package jobs owns the durable job queue: rows in the jobs table that any
// number of workers (goroutines or processes, on SQLite or PostgreSQL) claim
// under a lease, run through the handler registered for their kind, retry
// with exponential backoff and finally mark done or dead.
//
// It knows nothing of what a job does: domain packages register handlers and
// enqueue jobs, inside their own transaction when a job must exist only if
// their change commits. It must not import a domain package, send anything
// itself, or read the wall clock (all stored instants come from the injected
// clock.Clock, so tests move time by hand).
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/store"
)

// Job is what a handler gets: one claimed row.
type Job struct {
	ID       int64
	Kind     string
	Key      string
	Payload  []byte // JSON, as given to Enqueue
	Attempts int    // this attempt's number, from 1
	RunAt    time.Time
}

// Decode unmarshals the payload into v.
func (j Job) Decode(v any) error {
	if err := json.Unmarshal(j.Payload, v); err != nil {
		return Permanent(fmt.Errorf("job %d (%s): payload: %w", j.ID, j.Kind, err))
	}
	return nil
}

// Handler runs one job. Its context ends when the job's lease does, so a
// job never runs past the point where another worker may claim it again.
type Handler func(ctx context.Context, j Job) error

// Options tunes a Queue; zero values take the defaults.
type Options struct {
	Worker      string        // written to locked_by; default host-pid-random, unique per Queue
	Lease       time.Duration // how long a claim holds; default 2m
	Poll        time.Duration // Run's pause between passes; default 1s
	MaxAttempts int           // attempts before a job is dead; default 8
}

// Queue enqueues jobs and, when run, works them off.
type Queue struct {
	db   *store.DB
	clk  clock.Clock
	log  *slog.Logger
	opts Options

	mu       sync.Mutex
	handlers map[string]Handler
	warned   map[string]bool // kinds without a handler already logged
}

// New returns a queue on db. It starts nothing: call Run or RunOnce.
func New(db *store.DB, clk clock.Clock, log *slog.Logger, opts Options) *Queue {
	if opts.Worker == "" {
		host, _ := os.Hostname()
		// Unique per Queue, not per process: finishing a job checks that the
		// lease is still ours, so two queues in one process must differ.
		opts.Worker = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), randomHex(4))
	}
	if opts.Lease <= 0 {
		opts.Lease = 2 * time.Minute
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 8
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if clk == nil {
		clk = clock.Real{}
	}
	return &Queue{db: db, clk: clk, log: log, opts: opts, handlers: map[string]Handler{}, warned: map[string]bool{}}
}

// Worker returns the id this queue writes to locked_by.
func (q *Queue) Worker() string { return q.opts.Worker }

// Handle registers fn for jobs of kind, replacing any earlier one. A queue
// only claims kinds it has a handler for, so workers with different
// handlers can share one table.
func (q *Queue) Handle(kind string, fn func(ctx context.Context, j Job) error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.handlers[kind] = fn
}

func (q *Queue) handler(kind string) Handler {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.handlers[kind]
}

func (q *Queue) kinds() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	ks := make([]string, 0, len(q.handlers))
	for k := range q.handlers {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// now is the injected clock in UTC at microsecond precision, which is what
// PostgreSQL keeps, so a value read back equals the one written.
func (q *Queue) now() time.Time { return q.clk.Now().UTC().Truncate(time.Microsecond) }

// Enqueue adds a job of kind with the idempotency key, due at runAt (now if
// zero), with payload marshalled to JSON. It reports whether a new job was
// created: a second Enqueue with the same kind and key does nothing, whatever
// state the first job is in, so a caller may enqueue "remind unit 7 of report
// 12 on 2025-06-01" every time it looks without sending twice. An empty key
// means no idempotency (a random one is used).
//
// Pass the caller's *sql.Tx as tx to make the job part of its change; nil
// writes at once on its own.
func (q *Queue) Enqueue(ctx context.Context, tx store.Querier, kind, key string, runAt time.Time, payload any) (bool, error) {
	if kind == "" {
		return false, errors.New("jobs: enqueue: empty kind")
	}
	if key == "" {
		key = "random:" + randomHex(12)
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return false, fmt.Errorf("jobs: enqueue %s %q: payload: %w", kind, key, err)
	}
	now := q.now()
	if runAt.IsZero() {
		runAt = now
	}
	if tx == nil {
		tx = q.db.W
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO jobs (kind, key, payload, run_at, max_attempts, state, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 'queued', $6, $6)
		ON CONFLICT (kind, key) DO NOTHING`,
		kind, key, string(body), runAt.UTC().Truncate(time.Microsecond), q.opts.MaxAttempts, now)
	if err != nil {
		return false, fmt.Errorf("jobs: enqueue %s %q: %w", kind, key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("jobs: enqueue %s %q: %w", kind, key, err)
	}
	return n == 1, nil
}

// permanentError marks a failure that retrying cannot fix.
type permanentError struct{ err error }

func (p *permanentError) Error() string { return p.err.Error() }
func (p *permanentError) Unwrap() error { return p.err }

// Permanent wraps err so that the job goes straight to dead instead of
// being retried (a malformed payload, an address that does not exist).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err (or an error it wraps) came from Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// Backoff is the wait before attempt n+1 after attempt n failed:
// 30s·2^(n-1), at most an hour.
func Backoff(attempts int) time.Duration {
	const base, ceiling = 30 * time.Second, time.Hour
	if attempts < 1 {
		attempts = 1
	}
	d := base
	for i := 1; i < attempts && d < ceiling; i++ {
		d *= 2
	}
	return min(d, ceiling)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
