package dispatch_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// scripted is a Sender whose answers the test decides by recipient, so the
// runner's bookkeeping can be checked outcome by outcome. (The SMPP
// sender is tested against a real message centre in dispatch/smpp.)
type scripted struct {
	mu        sync.Mutex
	sent      map[string]int
	throttleN int // throttle this many submits first
	reject    string
	unknown   string
}

func (s *scripted) Send(ctx context.Context, m dispatch.Message) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.throttleN > 0 {
		s.throttleN--
		return "", dispatch.ErrThrottled
	}
	switch m.To {
	case s.reject:
		return "", fmt.Errorf("%w: ESME_RINVDSTADR", dispatch.ErrRejected)
	case s.unknown:
		s.sent[m.To]++
		return "", dispatch.ErrUnknown
	}
	s.sent[m.To]++
	return fmt.Sprintf("m%d", m.ID), nil
}

func recipients(n int) []dispatch.Recipient {
	rs := make([]dispatch.Recipient, n)
	for i := range rs {
		rs[i] = dispatch.Recipient{Row: i + 2, To: fmt.Sprintf("09120%05d", i), Vars: map[string]string{"ten": fmt.Sprintf("Bạn %d", i)}}
	}
	return rs
}

func TestRunner_EveryMessageOnceWithThrottlesRejectsAndUnknowns(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st := testutil.Campaigns(t, db, ticking(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)), nil, testutil.Keys(t)) // 10:00 in Vietnam
		rs, problems := dispatch.Preview("sms", "Chào {ten}: không chuyển tiền cho người lạ.", append(recipients(300), dispatch.Recipient{Row: 999, To: "0912 34"}, dispatch.Recipient{Row: 1000, To: "0912000001", Vars: map[string]string{}}))
		if len(problems) != 2 || problems[0].Row != 999 || !strings.Contains(problems[1].Msg, "{ten}") {
			t.Fatalf("preview problems: %+v", problems)
		}
		c, err := st.Create(ctx, dispatch.Campaign{Name: "Thử", Template: "Chào {ten}: không chuyển tiền cho người lạ.", State: dispatch.StateRunning, DailyCap: 5}, rs)
		if err != nil {
			t.Fatal(err)
		}
		s := &scripted{sent: map[string]int{}, throttleN: 20, reject: "+84912000007", unknown: "+84912000009"}
		r := &dispatch.Runner{Campaigns: st, Sender: s, Backoff: 10 * time.Millisecond, Poll: 10 * time.Millisecond, Batch: 50}
		ctx2, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := r.Run(ctx2, c.ID); err != nil {
			t.Fatal(err)
		}
		n, _ := st.Counts(ctx, c.ID)
		if n.Total != 300 || n.Submitted != 298 || n.Failed != 1 || n.Unknown != 1 || n.Queued != 0 || n.Sending != 0 {
			t.Fatalf("counts: %+v", n)
		}
		for to, k := range s.sent {
			if k != 1 {
				t.Errorf("%s sent %d times", to, k)
			}
		}
		if got, _ := st.Get(ctx, c.ID); got.State != dispatch.StateDone {
			t.Fatalf("state %s", got.State)
		}
		// Receipts: delivered and failed, matched by the channel's id.
		rc := make(chan dispatch.Receipt, 2)
		rc <- dispatch.Receipt{ChannelID: "m1", Delivered: true, Status: "DELIVRD"}
		rc <- dispatch.Receipt{ChannelID: "m2", Delivered: false, Status: "UNDELIV"}
		close(rc)
		st.Deliveries(ctx, rc)
		if n, _ := st.Counts(ctx, c.ID); n.Delivered != 1 || n.Failed != 2 {
			t.Fatalf("after receipts: %+v", n)
		}
	})
}

func TestRecover_InFlightBecomesUnknownNotResent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st := testutil.Campaigns(t, db, clock.NewFixed(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)), nil, testutil.Keys(t))
		rs, _ := dispatch.Preview("sms", "Cảnh báo lừa đảo.", recipients(10))
		c, err := st.Create(ctx, dispatch.Campaign{Name: "Thử", Template: "Cảnh báo lừa đảo.", State: dispatch.StateRunning}, rs)
		if err != nil {
			t.Fatal(err)
		}
		// A sender that never answers: the messages stay in flight, as when
		// the process is killed mid-submit.
		block := make(chan struct{})
		r := &dispatch.Runner{Campaigns: st, Sender: senderFunc(func(ctx context.Context, m dispatch.Message) (string, error) { <-block; return "", ctx.Err() }), Batch: 4}
		ctx2, cancel := context.WithCancel(ctx)
		go r.Run(ctx2, c.ID)
		deadline := time.Now().Add(5 * time.Second)
		for {
			n, _ := st.Counts(ctx, c.ID)
			if n.Sending == 4 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("nothing claimed: %+v", n)
			}
			time.Sleep(10 * time.Millisecond)
		}
		// "Crash": recover as a restarted process would, before any worker.
		if n, err := st.Recover(ctx); err != nil || n != 4 {
			t.Fatalf("recover: %d %v", n, err)
		}
		cancel()
		close(block)
		if n, _ := st.Counts(ctx, c.ID); n.Unknown != 4 || n.Queued != 6 {
			t.Fatalf("after recovery: %+v", n)
		}
		if err := st.Cancel(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := st.Counts(ctx, c.ID); n.Skipped != 6 || n.Queued != 0 {
			t.Fatalf("after cancel: %+v", n)
		}
	})
}

type senderFunc func(ctx context.Context, m dispatch.Message) (string, error)

func (f senderFunc) Send(ctx context.Context, m dispatch.Message) (string, error) { return f(ctx, m) }

// ticking is a clock that starts at a chosen time and then runs.
func ticking(start time.Time) clock.Clock { return tick{start: start, base: time.Now()} }

type tick struct{ start, base time.Time }

func (t tick) Now() time.Time { return t.start.Add(time.Since(t.base)) }
