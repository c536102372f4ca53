package dispatch_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// Two instances on one database: a running campaign is sent by the one
// holding its lease, never by both; an instance starting up does not hold
// the live one's messages in flight as unknown; when the holder stops
// renewing (killed), the other takes the campaign over once the lease has
// run out, holds what the dead one had in flight as unknown and sends the
// rest once.
func TestInstances_ACampaignIsSentUnderOneLeaseAndTakenOverWhenItLapses(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		keys := testutil.Keys(t)
		const lease = 3 * time.Second
		instance := func(name string) *dispatch.Service {
			o := org.NewService(db, clock.Real{})
			return dispatch.New(dispatch.Deps{DB: db, Clock: clock.Real{}, Org: o, Activity: activity.NewService(db, clock.Real{}, o), Keys: keys, Instance: name, Lease: lease})
		}
		a, b := instance("máy-a"), instance("máy-b")
		const total = 400
		rs := make([]dispatch.Recipient, total)
		for i := range rs {
			rs[i] = dispatch.Recipient{Row: i + 2, To: fmt.Sprintf("+8491300%04d", i)}
		}
		c, err := a.Create(ctx, dispatch.Campaign{Name: "Hai máy", Template: "Canh giac lua dao", State: dispatch.StateRunning}, rs)
		if err != nil {
			t.Fatal(err)
		}

		var mu sync.Mutex
		sent := map[string]map[string]int{"máy-a": {}, "máy-b": {}} // instance → recipient → sends
		gate := make(chan struct{})                                 // a's sends wait here: it is slow, then it dies
		channel := func(name string, wait chan struct{}) map[string]dispatch.Channel {
			s := senderFunc(func(ctx context.Context, m dispatch.Message) (string, error) {
				if wait != nil {
					select {
					case <-wait:
					case <-ctx.Done():
						return "", dispatch.ErrUnknown
					}
				}
				mu.Lock()
				sent[name][m.To]++
				mu.Unlock()
				return name + fmt.Sprint(m.ID), nil
			})
			return map[string]dispatch.Channel{"sms": {Sender: func(*dispatch.Campaign) dispatch.Sender { return s }}}
		}

		// a takes the lease and claims its first messages, which hang.
		actx, killA := context.WithCancel(ctx)
		aDone := make(chan struct{})
		go func() { defer close(aDone); a.Run(actx, channel("máy-a", gate)) }()
		waitFor(t, 20*time.Second, "a claims messages", func() bool { n, _ := a.Counts(ctx, c.ID); return n.Sending > 0 })

		// b starts while a is alive: its recovery leaves a's messages in
		// flight alone, and it sends nothing for a lease time and more.
		bctx, stopB := context.WithCancel(ctx)
		bDone := make(chan struct{})
		go func() { defer close(bDone); b.Run(bctx, channel("máy-b", nil)) }()
		time.Sleep(2 * lease)
		if n, _ := b.Counts(ctx, c.ID); n.Unknown != 0 || n.Sending == 0 {
			t.Fatalf("with a alive: %+v, want a's messages still in flight, none unknown", n)
		}
		mu.Lock()
		if len(sent["máy-b"]) != 0 {
			t.Fatalf("b sent %d messages of a campaign a holds", len(sent["máy-b"]))
		}
		mu.Unlock()

		// a is killed: nothing it claimed gets an outcome, its lease is not
		// renewed nor released. (Its Run is stopped but its lease row is put
		// back as a dead process leaves it.)
		var inFlight int
		db.R.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE campaign_id = $1 AND state = 'sending'`, c.ID).Scan(&inFlight)
		killA()
		<-aDone
		if _, err := db.W.ExecContext(ctx, `UPDATE messages SET state = 'sending' WHERE campaign_id = $1 AND state IN ('queued', 'unknown') AND id IN (SELECT id FROM messages WHERE campaign_id = $1 ORDER BY id LIMIT $2)`, c.ID, inFlight); err != nil {
			t.Fatal(err)
		}
		if _, err := db.W.ExecContext(ctx, `UPDATE campaigns SET lease_owner = 'máy-a', lease_until = $1 WHERE id = $2`, time.Now().Add(lease), c.ID); err != nil {
			t.Fatal(err)
		}
		killed := time.Now()
		waitFor(t, 60*time.Second, "b finishes the campaign", func() bool { n, _ := b.Counts(ctx, c.ID); return n.Finished() })
		if took := time.Since(killed); took > 4*lease+10*time.Second {
			t.Errorf("b took %s to take over and finish", took)
		}
		stopB()
		<-bDone
		n, _ := b.Counts(ctx, c.ID)
		unknown, _ := b.Unknown(ctx, c.ID)
		held := map[string]bool{}
		for _, u := range unknown {
			held[u] = true
		}
		mu.Lock()
		defer mu.Unlock()
		for _, r := range rs {
			got := sent["máy-a"][r.To] + sent["máy-b"][r.To]
			if held[r.To] && got == 0 || !held[r.To] && got == 1 {
				continue
			}
			t.Errorf("%s: sent %d times (held as unknown: %t)", r.To, got, held[r.To])
		}
		if len(unknown) != inFlight || n.Unknown != inFlight || inFlight == 0 {
			t.Errorf("held as unknown: %d (counts %+v), in flight at the kill: %d", len(unknown), n, inFlight)
		}
	})
}

func waitFor(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
