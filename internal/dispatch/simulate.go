package dispatch

import (
	"context"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Simulator is the message centre of the demonstration (serve --demo
// without CANHGIAC_SMPP_URL): it accepts every message at a steady pace
// and reports delivery a moment later — a number ending in 99 as
// undeliverable — so that a newcomer can follow a campaign from approval
// to its figures. Nothing reaches a telephone; the console says so.
type Simulator struct {
	out  *Outbox
	stop chan struct{}
	tick <-chan time.Time
}

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
	id := "mo-phong-" + strconv.FormatInt(m.ID, 10)
	ok := !strings.HasSuffix(m.To, "99")
	time.AfterFunc(time.Duration(300+rand.IntN(2700))*time.Millisecond, func() {
		status := "DELIVRD"
		if !ok {
			status = "UNDELIV"
		}
		s.out.Put(Receipt{ChannelID: id, Delivered: ok, Status: status, At: time.Now()})
	})
	return id, nil
}

// Receipts are the simulated delivery reports.
func (s *Simulator) Receipts() <-chan Receipt { return s.out.Out() }

// Close stops the simulator.
func (s *Simulator) Close() { close(s.stop) }
