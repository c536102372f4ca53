package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

func TestDueJobRunsOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := clock.NewFixed(t0)
		q := newQueue(db, clk, "w", 3)
		var calls counter
		var got struct{ Unit, Text string }
		q.Handle("remind", func(ctx context.Context, j Job) error {
			calls.add(j.Key)
			if j.Attempts != 1 {
				t.Errorf("attempt %d, want 1", j.Attempts)
			}
			return j.Decode(&got)
		})
		mustEnqueue(t, q, "remind", "now", t0, map[string]string{"unit": "so-nn-mt", "text": "Nhắc hạn báo cáo 6 tháng"})
		mustEnqueue(t, q, "remind", "later", t0.Add(time.Hour), nil)

		runOnce(t, q, 1)
		runOnce(t, q, 0)
		if calls.get("now") != 1 || calls.get("later") != 0 {
			t.Fatalf("calls %v", calls.n)
		}
		if got.Unit != "so-nn-mt" || got.Text != "Nhắc hạn báo cáo 6 tháng" {
			t.Fatalf("payload decoded as %+v", got)
		}
		r := readRow(t, db, "remind", "now")
		if r.State != "done" || r.Attempts != 1 || r.LockedBy != "" || !r.DoneAt.Valid || !r.DoneAt.Time.Equal(t0) {
			t.Fatalf("row %+v", r)
		}
		if r := readRow(t, db, "remind", "later"); r.State != "queued" || r.Attempts != 0 {
			t.Fatalf("future job %+v", r)
		}
		clk.Advance(time.Hour)
		runOnce(t, q, 1)
		if calls.get("later") != 1 || readRow(t, db, "remind", "later").State != "done" {
			t.Fatal("the job due in an hour did not run once the hour passed")
		}
	})
}

func TestFailingJobBacksOffThenDies(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := clock.NewFixed(t0)
		q := newQueue(db, clk, "w", 4)
		var calls counter
		q.Handle("send", func(ctx context.Context, j Job) error {
			calls.add(j.Key)
			return errors.New("máy chủ thư không trả lời")
		})
		mustEnqueue(t, q, "send", "k", t0, nil)
		steps := []struct {
			wait  time.Duration // clock moves before the pass
			ran   int
			state string
			retry time.Duration // run_at after the pass, from the pass's time
		}{
			{0, 1, "queued", 30 * time.Second},
			{29 * time.Second, 0, "queued", time.Second}, // not yet due
			{time.Second, 1, "queued", time.Minute},
			{time.Minute, 1, "queued", 2 * time.Minute},
			{2 * time.Minute, 1, "dead", 0}, // 4th of 4 attempts
			{time.Hour, 0, "dead", -time.Hour},
		}
		for i, s := range steps {
			clk.Advance(s.wait)
			runOnce(t, q, s.ran)
			r := readRow(t, db, "send", "k")
			if r.State != s.state {
				t.Fatalf("step %d: state %s, want %s", i, r.State, s.state)
			}
			if s.state == "queued" && !r.RunAt.Equal(clk.Now().Add(s.retry)) {
				t.Fatalf("step %d: run_at %v, want %v", i, r.RunAt.UTC(), clk.Now().Add(s.retry))
			}
			if r.LastError != "máy chủ thư không trả lời" {
				t.Fatalf("step %d: last_error %q", i, r.LastError)
			}
		}
		r := readRow(t, db, "send", "k")
		if calls.get("k") != 4 || r.Attempts != 4 || !r.DoneAt.Valid {
			t.Fatalf("calls %d, row %+v; want 4 attempts and done_at", calls.get("k"), r)
		}
	})
}

func TestBackoff(t *testing.T) {
	for _, c := range []struct {
		attempts int
		want     time.Duration
	}{{0, 30 * time.Second}, {1, 30 * time.Second}, {2, time.Minute}, {3, 2 * time.Minute}, {7, 32 * time.Minute}, {8, time.Hour}, {60, time.Hour}} {
		if got := Backoff(c.attempts); got != c.want {
			t.Errorf("Backoff(%d) = %v, want %v", c.attempts, got, c.want)
		}
	}
}

func TestPermanentAndPanics(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		q := newQueue(db, clock.NewFixed(t0), "w", 5)
		q.Handle("bad-address", func(ctx context.Context, j Job) error {
			return Permanent(errors.New(`địa chỉ thư "x@" không hợp lệ`))
		})
		q.Handle("bad-payload", func(ctx context.Context, j Job) error {
			var n int
			return j.Decode(&n) // an object into an int: never gets better
		})
		q.Handle("panics", func(ctx context.Context, j Job) error { panic("nil map") })
		mustEnqueue(t, q, "bad-address", "k", t0, nil)
		mustEnqueue(t, q, "bad-payload", "k", t0, map[string]int{"a": 1})
		mustEnqueue(t, q, "panics", "k", t0, nil)
		runOnce(t, q, 3)
		for _, c := range []struct{ kind, state, errPart string }{
			{"bad-address", "dead", "không hợp lệ"},
			{"bad-payload", "dead", "payload"},
			{"panics", "queued", "panic: nil map"}, // a panic is retried like any error
		} {
			r := readRow(t, db, c.kind, "k")
			if r.State != c.state || r.Attempts != 1 || !strings.Contains(r.LastError, c.errPart) {
				t.Errorf("%s: %+v, want state %s and last_error with %q", c.kind, r, c.state, c.errPart)
			}
		}
	})
}

func TestCrashedWorkersJobIsReclaimed(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFixed(t0)
		crashed := newQueue(db, clk, "crashed", 3)
		crashed.Handle("send", func(context.Context, Job) error { return nil })
		other := newQueue(db, clk, "other", 3)
		var calls counter
		other.Handle("send", func(ctx context.Context, j Job) error {
			calls.add(j.Key)
			if j.Attempts != 2 {
				t.Errorf("reclaimed job at attempt %d, want 2", j.Attempts)
			}
			return nil
		})
		mustEnqueue(t, other, "send", "k", t0, nil)
		// The first worker claims the job and dies before finishing it.
		c, err := crashed.claim(ctx, []string{"send"})
		if err != nil || c == nil {
			t.Fatalf("claim: %v %v", c, err)
		}
		if r := readRow(t, db, "send", "k"); r.State != "running" || r.LockedBy != "crashed" {
			t.Fatalf("claimed row %+v", r)
		}
		// Under a live lease nobody else runs it.
		clk.Advance(time.Minute - time.Second)
		runOnce(t, other, 0)
		// Once the lease has run out, another worker does.
		clk.Advance(2 * time.Second)
		runOnce(t, other, 1)
		if r := readRow(t, db, "send", "k"); r.State != "done" || calls.get("k") != 1 {
			t.Fatalf("row %+v after reclaim, %d calls", r, calls.get("k"))
		}
		// The first worker coming back late must not overwrite the outcome.
		if err := crashed.finish(ctx, c, errors.New("late failure")); err != nil {
			t.Fatal(err)
		}
		if r := readRow(t, db, "send", "k"); r.State != "done" || r.LastError != "" {
			t.Fatalf("late finish changed the row: %+v", r)
		}
	})
}

func TestJobWhoseLastAttemptCrashedIsDead(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := clock.NewFixed(t0)
		crashed := newQueue(db, clk, "crashed", 1)
		other := newQueue(db, clk, "other", 1)
		var calls counter
		other.Handle("send", func(ctx context.Context, j Job) error { calls.add(j.Key); return nil })
		mustEnqueue(t, other, "send", "k", t0, nil)
		if c, err := crashed.claim(context.Background(), []string{"send"}); err != nil || c == nil {
			t.Fatalf("claim: %v %v", c, err)
		}
		clk.Advance(2 * time.Minute)
		runOnce(t, other, 0)
		r := readRow(t, db, "send", "k")
		if calls.get("k") != 0 || r.State != "dead" || !strings.Contains(r.LastError, "lease") {
			t.Fatalf("%d calls, row %+v; want dead without running", calls.get("k"), r)
		}
	})
}

func TestJobWithoutHandlerStaysQueued(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, nil))
		q := New(db, clock.NewFixed(t0), log, Options{Worker: "w"})
		q.Handle("known", func(context.Context, Job) error { return nil })
		mustEnqueue(t, q, "unknown", "k", t0, nil)
		runOnce(t, q, 0)
		runOnce(t, q, 0)
		if r := readRow(t, db, "unknown", "k"); r.State != "queued" || r.Attempts != 0 || r.LockedBy != "" {
			t.Fatalf("row %+v", r)
		}
		if n := strings.Count(logs.String(), "kind=unknown"); n != 1 {
			t.Fatalf("warned %d times, want once:\n%s", n, logs.String())
		}
	})
}

func TestWorkersNeverRunAJobTwice(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := clock.NewFixed(t0)
		var calls counter
		var queues []*Queue
		for _, w := range []string{"a", "b", "c"} {
			q := newQueue(db, clk, w, 3)
			q.Handle("send", func(ctx context.Context, j Job) error { calls.add(j.Key); return nil })
			queues = append(queues, q)
		}
		const n = 30
		keys := make([]string, n)
		for i := range keys {
			keys[i] = fmt.Sprintf("k%02d", i)
			mustEnqueue(t, queues[0], "send", keys[i], t0, nil)
		}
		var wg sync.WaitGroup
		total := make([]int, len(queues))
		for i, q := range queues {
			wg.Go(func() {
				ran, err := q.RunOnce(context.Background())
				if err != nil {
					t.Error(err)
				}
				total[i] = ran
			})
		}
		wg.Wait()
		if total[0]+total[1]+total[2] != n {
			t.Fatalf("ran %v, want %d in all", total, n)
		}
		for _, k := range keys {
			if calls.get(k) != 1 || readRow(t, db, "send", k).State != "done" {
				t.Fatalf("job %s ran %d times", k, calls.get(k))
			}
		}
	})
}

func TestRunFinishesTheRunningJobAndStopsOnCancel(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := clock.NewFixed(t0)
		q := newQueue(db, clk, "w", 3)
		started, release := make(chan string, 2), make(chan struct{})
		q.Handle("send", func(ctx context.Context, j Job) error {
			started <- j.Key
			<-release
			return ctx.Err() // the handler's context outlives Run's
		})
		mustEnqueue(t, q, "send", "first", t0, nil)
		mustEnqueue(t, q, "send", "second", t0.Add(time.Second), nil)
		clk.Advance(time.Second)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- q.Run(ctx) }()
		if k := <-started; k != "first" {
			t.Fatalf("started %s first", k)
		}
		cancel()
		close(release)
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after its context was canceled")
		}
		if r := readRow(t, db, "send", "first"); r.State != "done" {
			t.Fatalf("the running job was not finished: %+v", r)
		}
		if r := readRow(t, db, "send", "second"); r.State != "queued" || r.Attempts != 0 {
			t.Fatalf("a job was claimed after cancel: %+v", r)
		}
	})
}
