package dispatch

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Simulator is the message centre of the demonstration (serve --demo
// without CANHGIAC_SMPP_URL): it accepts every message at a steady pace
// and reports delivery a moment later — a number ending in 99 as
// undeliverable — so that a newcomer can follow a campaign from approval
// to its figures. Nothing reaches a telephone; the console says so.
//
// It keeps the last messages each phone received (Inbox), so that staff
// trying the demonstration can read a confirmation code or a campaign's
// text on the console's "Hộp thư thử" instead of a telephone.
type Simulator struct {
	out  *Outbox
	stop chan struct{}
	tick <-chan time.Time

	mu    sync.Mutex
	inbox map[string][]Received // by phone, oldest first
	order []string              // phones, the most recently messaged last
}

// Received is a message as a simulated phone received it.
type Received struct {
	To   string
	Text string
	At   time.Time
}

// How much the simulated phones keep: the demonstration needs the last
// few messages of the phones just tried, not a history.
const (
	inboxPhones   = 200
	inboxPerPhone = 5
)

// NewSimulator starts a simulator accepting about tps messages a second.
func NewSimulator(tps int) *Simulator {
	s := &Simulator{out: NewOutbox(0), stop: make(chan struct{}), tick: time.Tick(time.Second / time.Duration(max(tps, 1)))}
	go s.out.Run(s.stop)
	return s
}

// Send accepts a message and schedules its receipt.
func (s *Simulator) Send(ctx context.Context, m Message) (string, error) {
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case <-s.tick:
	}
	ok := !strings.HasSuffix(m.To, "99")
	if ok {
		s.keep(Received{To: m.To, Text: m.Text, At: time.Now()})
	}
	id := "mo-phong-" + strconv.FormatInt(m.ID, 10)
	if m.ID == 0 {
		// A transactional message (a confirmation code) is no campaign's
		// row, so no receipt could match it.
		return "mo-phong-rieng", nil
	}
	time.AfterFunc(time.Duration(300+rand.IntN(2700))*time.Millisecond, func() {
		status := "DELIVRD"
		if !ok {
			status = "UNDELIV"
		}
		s.out.Put(Receipt{ChannelID: id, Delivered: ok, Status: status, At: time.Now()})
	})
	return id, nil
}

func (s *Simulator) keep(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inbox == nil {
		s.inbox = map[string][]Received{}
	}
	if i := slices.Index(s.order, r.To); i >= 0 {
		s.order = slices.Delete(s.order, i, i+1)
	} else if len(s.order) >= inboxPhones {
		delete(s.inbox, s.order[0])
		s.order = s.order[1:]
	}
	s.order = append(s.order, r.To)
	msgs := append(s.inbox[r.To], r)
	if len(msgs) > inboxPerPhone {
		msgs = msgs[len(msgs)-inboxPerPhone:]
	}
	s.inbox[r.To] = msgs
}

// Inbox returns the phones that received messages, the most recent first,
// each with its last messages, the newest first.
func (s *Simulator) Inbox() [][]Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([][]Received, 0, len(s.order))
	for i := len(s.order) - 1; i >= 0; i-- {
		msgs := slices.Clone(s.inbox[s.order[i]])
		slices.Reverse(msgs)
		out = append(out, msgs)
	}
	return out
}

// Receipts are the simulated delivery reports.
func (s *Simulator) Receipts() <-chan Receipt { return s.out.Out() }

// Close stops the simulator.
func (s *Simulator) Close() { close(s.stop) }
