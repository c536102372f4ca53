package dispatch_test

import (
	"context"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// The demonstration's simulated centre takes a campaign to its end: every
// message accepted, delivered a moment later, a number ending in 99 not.
func TestSimulator_TakesACampaignToItsEnd(t *testing.T) {
	st := testutil.Campaigns(t, storetest.SQLite(t), clock.Real{}, nil, testutil.Keys(t))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rs := []dispatch.Recipient{{To: "+84912000001"}, {To: "+84912000002"}, {To: "+84912000099"}}
	c, err := st.Create(ctx, dispatch.Campaign{Name: "thử", Template: "Canh giac lua dao", State: dispatch.StateRunning}, rs)
	if err != nil {
		t.Fatal(err)
	}
	sim := dispatch.NewSimulator(100)
	defer sim.Close()
	go st.Deliveries(ctx, sim.Receipts())
	r := &dispatch.Runner{Campaigns: st, Sender: sim, Poll: 10 * time.Millisecond}
	if err := r.Run(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	for {
		n, _ := st.Counts(ctx, c.ID)
		if n.Delivered == 2 && n.Failed == 1 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("counts %+v, want 2 delivered and 1 failed", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The simulated phones keep their last messages for Hộp thư thử, the
// newest first, the most recently messaged phone first.
func TestSimulator_InboxKeepsEachPhonesLastMessages(t *testing.T) {
	sim := dispatch.NewSimulator(1000)
	defer sim.Close()
	ctx := context.Background()
	for i := range 7 {
		if _, err := sim.Send(ctx, dispatch.Message{To: "+84912000001", Text: "tin " + string(rune('1'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	sim.Send(ctx, dispatch.Message{To: "+84912000002", Text: "ma 123456"})
	sim.Send(ctx, dispatch.Message{To: "+84912000099", Text: "khong den"})
	in := sim.Inbox()
	if len(in) != 2 || in[0][0].To != "+84912000002" || in[0][0].Text != "ma 123456" {
		t.Fatalf("phones: %+v", in)
	}
	if len(in[1]) != 5 || in[1][0].Text != "tin 7" || in[1][4].Text != "tin 3" {
		t.Fatalf("the first phone's messages: %+v", in[1])
	}
}
