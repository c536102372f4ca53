package dispatch_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp/smpptest"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// slowCentre is a message centre that takes its time over each submit,
// so that a person can cancel a campaign while a claim is being sent. It
// counts the submits begun and those it accepted.
type slowCentre struct {
	delay time.Duration
	mu    sync.Mutex
	begun int
	sent  map[int64]bool
}

func (s *slowCentre) Send(ctx context.Context, m dispatch.Message) (string, error) {
	s.mu.Lock()
	s.begun++
	s.mu.Unlock()
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent[m.ID] = true
	return fmt.Sprintf("slow%d", m.ID), nil
}

func (s *slowCentre) counts() (begun, sent int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.begun, len(s.sent)
}

// cancelMidClaim sends a campaign of n people through a slow centre and
// cancels it (with cancel) once the runner is sending a claim; it returns
// how many submits began after cancel returned, the centre, the campaign
// and its service.
func cancelMidClaim(t *testing.T, db *store.DB, r *dispatch.Runner, cancel func(st *dispatch.Service, id int64) error) (int, *slowCentre, *dispatch.Service, *dispatch.Campaign) {
	t.Helper()
	ctx := context.Background()
	const n = 300
	st, _, c, _ := pagedCampaign(t, db, n)
	dispatch.SetPageSize(st, 50)
	if err := st.SetState(ctx, c.ID, dispatch.StateRunning, ""); err != nil {
		t.Fatal(err)
	}
	centre := &slowCentre{delay: 10 * time.Millisecond, sent: map[int64]bool{}}
	r.Campaigns, r.Sender = st, centre
	rctx, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- r.Run(rctx, c.ID) }()

	// Wait until a claim is being sent: some accepted, more claimed.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, sent := centre.counts()
		k, err := st.Counts(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if sent >= 8 && k.Sending >= 3*r.Concurrency {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the runner never had a claim in flight: %d sent, counts %+v", sent, k)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cancel(st, c.ID); err != nil {
		t.Fatal(err)
	}
	begunAtCancel, _ := centre.counts()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("runner: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the runner went on sending a cancelled campaign")
	}
	begun, sent := centre.counts()
	if begun != sent {
		t.Fatalf("centre: %d submits begun, %d accepted", begun, sent)
	}

	// What the campaign page shows: everything accepted counted as sent,
	// everyone else as not sent, nothing left waiting or in flight.
	k, err := st.Counts(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if k.Total != n || k.Submitted != sent || k.Skipped != n-sent || k.Queued != 0 || k.Sending != 0 || k.Unknown != 0 || !k.Finished() {
		t.Errorf("counts of the cancelled campaign %+v: want %d people, the %d the centre accepted sent, %d not sent, none queued or in flight", k, n, sent, n-sent)
	}
	var why int
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages WHERE campaign_id = $1 AND state = 'skipped' AND error <> 'chiến dịch đã hủy'`, c.ID).Scan(&why); err != nil || why != 0 {
		t.Errorf("%d messages not sent without the reason “chiến dịch đã hủy” (%v)", why, err)
	}
	// The per-recipient CSV: a message never submitted shows no attempt
	// and no time of sending.
	var tried int
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages WHERE campaign_id = $1 AND state = 'skipped' AND (attempts <> 0 OR submitted_at IS NOT NULL)`, c.ID).Scan(&tried); err != nil || tried != 0 {
		t.Errorf("%d messages not sent show an attempt or a time of sending (%v)", tried, err)
	}
	// The unit's reports: one activity for the campaign, whose reach is
	// every message the centre accepted, those under way at the cancel too.
	var acts, reach int
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(messages), 0) FROM activities WHERE title LIKE $1`, "Chiến dịch “"+c.Name+"”%").Scan(&acts, &reach); err != nil {
		t.Fatal(err)
	}
	if acts != 1 || reach != sent {
		t.Errorf("%d activities logged for the campaign, reach %d; want one with the %d messages sent", acts, reach, sent)
	}
	if got, _ := st.Get(ctx, c.ID); got.State != dispatch.StateCancelled {
		t.Errorf("campaign %s, want cancelled", got.State)
	}
	return begun - begunAtCancel, centre, st, c
}

// TestCancel_StopsTheClaimBeingSent: a person cancels a campaign while
// the runner is sending a claim of 200 messages. Once the page says it is
// cancelled, nothing more leaves but the submits already under way — at
// most one per worker —, and every message claimed and not submitted is
// counted as not sent, none left claimed.
func TestCancel_StopsTheClaimBeingSent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		r := &dispatch.Runner{Batch: 200, Concurrency: 4, Poll: 5 * time.Millisecond, Flush: 5 * time.Millisecond}
		after, _, _, _ := cancelMidClaim(t, db, r, func(st *dispatch.Service, id int64) error {
			return st.Cancel(context.Background(), id)
		})
		t.Logf("after cancel: %d submits began", after)
		if after > r.Concurrency {
			t.Errorf("%d messages went out after the campaign was cancelled; at most %d (one per worker) may", after, r.Concurrency)
		}
	})
}

// TestCancel_OnAnotherInstanceStopsTheClaimSoon: the cancel comes from
// another instance (a second service on the same database, as behind a
// load balancer). This runner learns it from the database within its
// Recheck, so only the few messages of that moment still go out, not the
// rest of the claim.
func TestCancel_OnAnotherInstanceStopsTheClaimSoon(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		r := &dispatch.Runner{Batch: 200, Concurrency: 4, Poll: 5 * time.Millisecond, Flush: 5 * time.Millisecond, Recheck: 20 * time.Millisecond}
		var took time.Duration
		after, _, _, _ := cancelMidClaim(t, db, r, func(_ *dispatch.Service, id int64) error {
			other := testutil.Campaigns(t, db, ticking(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)), nil, nil)
			start := time.Now()
			defer func() { took = time.Since(start) }()
			return other.Cancel(context.Background(), id)
		})
		// Each worker may begin a submit every 10 ms until the runner has
		// read the cancel (at most Recheck and a read of the campaign),
		// and one more it had checked for just before.
		if limit := r.Concurrency * (int((r.Recheck+100*time.Millisecond+took)/(10*time.Millisecond)) + 1); after > limit {
			t.Errorf("%d messages went out after another instance cancelled the campaign; at most %d may", after, limit)
		}
	})
}

// TestPause_StopsTheClaimAndResumeSendsItOnce: a person pauses a campaign
// while a claim is being sent. The submits stop at once, the messages
// claimed and not submitted wait as queued (no attempt counted), and after
// the resume everyone has been messaged exactly once.
func TestPause_StopsTheClaimAndResumeSendsItOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 120
		st, _, c, _ := pagedCampaign(t, db, n)
		dispatch.SetPageSize(st, 50)
		if err := st.SetState(ctx, c.ID, dispatch.StateRunning, ""); err != nil {
			t.Fatal(err)
		}
		centre := &slowCentre{delay: 10 * time.Millisecond, sent: map[int64]bool{}}
		r := &dispatch.Runner{Campaigns: st, Sender: centre, Batch: 100, Concurrency: 4, Poll: 5 * time.Millisecond, Flush: 5 * time.Millisecond}
		rctx, stop := context.WithTimeout(ctx, 30*time.Second)
		defer stop()
		done := make(chan error, 1)
		go func() { done <- r.Run(rctx, c.ID) }()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(2 * time.Millisecond) {
			_, sent := centre.counts()
			k, _ := st.Counts(ctx, c.ID)
			if sent >= 8 && k.Sending >= 3*r.Concurrency {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the runner never had a claim in flight: %d sent, counts %+v", sent, k)
			}
		}
		if err := st.SetState(ctx, c.ID, dispatch.StatePaused, "Tạm dừng theo yêu cầu."); err != nil {
			t.Fatal(err)
		}
		begunAtPause, _ := centre.counts()
		if err := <-done; err != nil {
			t.Fatalf("runner: %v", err)
		}
		begun, sent := centre.counts()
		if begun-begunAtPause > r.Concurrency {
			t.Errorf("%d messages went out after the pause; at most %d may", begun-begunAtPause, r.Concurrency)
		}
		k, _ := st.Counts(ctx, c.ID)
		if k.Submitted != sent || k.Queued != n-sent || k.Sending != 0 || k.Skipped != 0 {
			t.Errorf("counts of the paused campaign %+v: want %d sent and %d waiting", k, sent, n-sent)
		}
		var tried int
		if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages WHERE campaign_id = $1 AND state = 'queued' AND (attempts <> 0 OR submitted_at IS NOT NULL)`, c.ID).Scan(&tried); err != nil || tried != 0 {
			t.Errorf("%d messages waiting show an attempt or a time of sending (%v)", tried, err)
		}

		if err := st.SetState(ctx, c.ID, dispatch.StateRunning, ""); err != nil {
			t.Fatal(err)
		}
		centre.delay = 0
		if err := r.Run(rctx, c.ID); err != nil {
			t.Fatalf("runner after the resume: %v", err)
		}
		if _, sent := centre.counts(); sent != n {
			t.Errorf("%d people messaged after the resume, want %d", sent, n)
		}
		if begun, _ := centre.counts(); begun != n {
			t.Errorf("%d submits for %d people: someone was messaged twice", begun, n)
		}
		if k, _ := st.Counts(ctx, c.ID); k.Submitted != n || !k.Finished() {
			t.Errorf("counts after the resume %+v, want %d sent", k, n)
		}
		if got, _ := st.Get(ctx, c.ID); got.State != dispatch.StateDone {
			t.Errorf("campaign %s, want done", got.State)
		}
	})
}

// TestCancel_ThroughARealMessageCentre: the same cancel, the campaign sent
// at 100 messages a second through the real test message centre. Once
// Cancel has returned, the centre receives at most one more submit per
// worker (those already under way), and what it received is exactly what
// the campaign counts as sent.
func TestCancel_ThroughARealMessageCentre(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		peer := smpptest.Start(t, smpptest.Options{})
		sender, err := smpp.New(smpp.Config{Addr: peer.Addr, SystemID: peer.SystemID, Password: peer.Password, SourceAddr: "CANHGIAC", TPS: 100, RespTimeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer sender.Close()
		const n = 300
		st, _, c, _ := pagedCampaign(t, db, n)
		dispatch.SetPageSize(st, 50)
		if err := st.SetState(ctx, c.ID, dispatch.StateRunning, ""); err != nil {
			t.Fatal(err)
		}
		r := &dispatch.Runner{Campaigns: st, Sender: sender, Batch: 200, Concurrency: 8, Poll: 5 * time.Millisecond, Flush: 5 * time.Millisecond}
		rctx, stop := context.WithTimeout(ctx, 30*time.Second)
		defer stop()
		done := make(chan error, 1)
		go func() { done <- r.Run(rctx, c.ID) }()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			k, _ := st.Counts(ctx, c.ID)
			if k.Submitted >= 10 && k.Sending >= 3*r.Concurrency {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the runner never had a claim in flight: counts %+v", k)
			}
		}
		if err := st.Cancel(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		atCancel := peer.Counts().Submits
		if err := <-done; err != nil {
			t.Fatalf("runner: %v", err)
		}
		got := peer.Counts().Submits
		if got-atCancel > r.Concurrency {
			t.Errorf("the message centre received %d submits after the campaign was cancelled; at most %d (one per worker) may", got-atCancel, r.Concurrency)
		}
		k, _ := st.Counts(ctx, c.ID)
		if k.Submitted+k.Delivered+k.Failed != got || k.Skipped != n-got || k.Queued != 0 || k.Sending != 0 || k.Unknown != 0 {
			t.Errorf("counts of the cancelled campaign %+v: want the %d messages the centre received sent, %d not sent", k, got, n-got)
		}
	})
}
