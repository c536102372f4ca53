package dispatch_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// Run is the whole of sending: what a killed process left in flight is
// held as unknown, a running campaign goes out on its channel and its
// receipts are applied, a campaign on a channel the server lacks waits
// saying which, and when ctx ends Run returns only after every goroutine
// it started has: no runner still sending, nobody still reading receipts.
func TestRun_RecoversSendsWaitsForMissingChannelAndStopsWholly(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st := testutil.Campaigns(t, db, clock.Real{}, nil, testutil.Keys(t))
		to := func(n int) []dispatch.Recipient {
			var rs []dispatch.Recipient
			for i := range n {
				rs = append(rs, dispatch.Recipient{Row: i + 2, To: fmt.Sprintf("+8491200%04d", i)})
			}
			return rs
		}
		old, err := st.Create(ctx, dispatch.Campaign{Name: "cũ", Template: "Tin cũ", State: dispatch.StatePaused}, to(1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.W.ExecContext(ctx, `UPDATE messages SET state = 'sending' WHERE campaign_id = $1`, old.ID); err != nil {
			t.Fatal(err)
		}
		sms, err := st.Create(ctx, dispatch.Campaign{Name: "Cảnh báo", Template: "Canh giac lua dao", State: dispatch.StateRunning}, to(5))
		if err != nil {
			t.Fatal(err)
		}
		zalo, err := st.Create(ctx, dispatch.Campaign{Name: "Qua Zalo", Channel: "zalo", Template: "Canh giac", State: dispatch.StateRunning}, to(2))
		if err != nil {
			t.Fatal(err)
		}

		receipts := make(chan dispatch.Receipt) // unbuffered: a send succeeds only while someone reads
		var sending atomic.Int32                // sends in progress
		sender := senderFunc(func(ctx context.Context, m dispatch.Message) (string, error) {
			sending.Add(1)
			defer sending.Add(-1)
			id := fmt.Sprint(m.ID)
			go func() {
				receipts <- dispatch.Receipt{ChannelID: id, Delivered: true, Status: "DELIVRD", At: time.Now()}
			}()
			return id, nil
		})
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			st.Run(runCtx, map[string]dispatch.Channel{"sms": {Sender: func(*dispatch.Campaign) dispatch.Sender { return sender }, Receipts: receipts}})
		}()

		deadline := time.Now().Add(15 * time.Second)
		var n dispatch.Counts
		for time.Now().Before(deadline) {
			if n, _ = st.Counts(ctx, sms.ID); n.Delivered == 5 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if n.Delivered != 5 {
			t.Fatalf("the running campaign: %+v, want its 5 messages delivered", n)
		}
		if n, _ := st.Counts(ctx, old.ID); n.Unknown != 1 || n.Sending != 0 {
			t.Errorf("the message in flight at the last stop: %+v, want it held as unknown", n)
		}
		c, err := st.Get(ctx, zalo.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(c.StatusNote, "chưa cấu hình kênh zalo") {
			t.Errorf("the Zalo campaign's note: %q, want it to say the server has no Zalo channel", c.StatusNote)
		}
		if n, _ := st.Counts(ctx, zalo.ID); n.Queued != 2 {
			t.Errorf("the Zalo campaign: %+v, want its messages still queued", n)
		}

		stop()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after its context ended")
		}
		if sending.Load() != 0 {
			t.Error("Run returned while a runner was still sending")
		}
		select {
		case receipts <- dispatch.Receipt{ChannelID: "late"}:
			t.Error("Run returned while a goroutine of its was still reading receipts")
		case <-time.After(300 * time.Millisecond):
		}
	})
}
