package jobs

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

var t0 = time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)

func newQueue(db *store.DB, clk clock.Clock, worker string, maxAttempts int) *Queue {
	return New(db, clk, nil, Options{Worker: worker, Lease: time.Minute, Poll: 5 * time.Millisecond, MaxAttempts: maxAttempts})
}

// row is what the tests read back: the observable state of one job.
type row struct {
	State, LockedBy, LastError string
	Attempts                   int
	RunAt                      time.Time
	DoneAt                     sql.NullTime
}

func readRow(t *testing.T, db *store.DB, kind, key string) row {
	t.Helper()
	var r row
	err := db.R.QueryRow(`SELECT state, locked_by, last_error, attempts, run_at, done_at FROM jobs WHERE kind = $1 AND key = $2`, kind, key).
		Scan(&r.State, &r.LockedBy, &r.LastError, &r.Attempts, &r.RunAt, &r.DoneAt)
	if err != nil {
		t.Fatalf("job %s/%s: %v", kind, key, err)
	}
	return r
}

func countJobs(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.R.QueryRow(`SELECT COUNT(*) FROM jobs`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func mustEnqueue(t *testing.T, q *Queue, kind, key string, at time.Time, payload any) {
	t.Helper()
	if created, err := q.Enqueue(context.Background(), nil, kind, key, at, payload); err != nil || !created {
		t.Fatalf("enqueue %s/%s: created=%v err=%v", kind, key, created, err)
	}
}

func runOnce(t *testing.T, q *Queue, want int) {
	t.Helper()
	n, err := q.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	if n != want {
		t.Fatalf("RunOnce ran %d jobs, want %d", n, want)
	}
}

// counter counts handler calls per job key.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) add(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[key]++
	return c.n[key]
}

func (c *counter) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

func TestEnqueueIsIdempotentAcrossReopen(t *testing.T) {
	type opener func(t *testing.T) *store.DB
	openers := map[string]func(t *testing.T) opener{
		"sqlite": func(t *testing.T) opener {
			dir := t.TempDir()
			return func(t *testing.T) *store.DB { return open(t, store.Options{DataDir: dir}) }
		},
		"postgres": func(t *testing.T) opener {
			u := storetest.PostgresURL(t)
			return func(t *testing.T) *store.DB { return open(t, store.Options{URL: u}) }
		},
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			reopen := openers[name](t)
			ctx := context.Background()
			clk := clock.NewFixed(t0)
			steps := []struct {
				kind, key string
				created   bool
				reopen    bool
			}{
				{"remind", "report-12/unit-7", true, false},
				{"remind", "report-12/unit-7", false, false},
				{"remind", "report-12/unit-8", true, false},
				{"digest", "report-12/unit-7", true, false}, // same key, other kind
				{"remind", "report-12/unit-7", false, true}, // after a restart
				{"digest", "report-12/unit-7", false, false},
			}
			db := reopen(t)
			for i, s := range steps {
				if s.reopen {
					db.Close()
					db = reopen(t)
				}
				q := newQueue(db, clk, "w", 3)
				created, err := q.Enqueue(ctx, nil, s.kind, s.key, t0, map[string]int{"step": i})
				if err != nil || created != s.created {
					t.Fatalf("step %d %s/%s: created=%v err=%v, want created=%v", i, s.kind, s.key, created, err, s.created)
				}
			}
			if n := countJobs(t, db); n != 3 {
				t.Fatalf("%d jobs, want 3", n)
			}
			// The first payload stays: a repeat does not overwrite it.
			var payload string
			db.R.QueryRow(`SELECT payload FROM jobs WHERE kind = 'remind' AND key = 'report-12/unit-7'`).Scan(&payload)
			if payload != `{"step":0}` {
				t.Fatalf("payload %s, want the first one", payload)
			}
		})
	}
}

func open(t *testing.T, o store.Options) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background(), t0); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestEnqueueJoinsTheCallersTransaction(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := newQueue(db, clock.NewFixed(t0), "w", 3)
		boom := errors.New("the caller's change failed")
		err := db.Transact(ctx, func(tx *sql.Tx) error {
			if _, err := q.Enqueue(ctx, tx, "remind", "rolled-back", t0, nil); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		err = db.Transact(ctx, func(tx *sql.Tx) error {
			_, err := q.Enqueue(ctx, tx, "remind", "committed", t0, nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		rows, _ := db.R.Query(`SELECT key FROM jobs`)
		for rows.Next() {
			var k string
			rows.Scan(&k)
			keys = append(keys, k)
		}
		rows.Close()
		if strings.Join(keys, ",") != "committed" {
			t.Fatalf("jobs %v, want only the committed one", keys)
		}
	})
}
