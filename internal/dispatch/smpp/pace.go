package smpp

import (
	"context"
	"time"
)

// pacer spreads submits evenly at a rate: one every interval, never a
// burst. It is a token bucket of depth one (GCRA): a send late by less
// than an interval keeps the schedule, so the rate does not drift with
// timer slack, and a pause earns no credit, so no burst follows a stall.
// In any second at most rate+1 submits pass.
//
// Waiters queue on lock and hold it while they sleep, so one stalled
// goroutine delays the next instead of letting them catch up together.
type pacer struct {
	interval time.Duration
	lock     chan struct{} // one slot: the waiter whose turn it is
	next     time.Time     // earliest time of the next send

	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

// newPacer returns a pacer for perSecond sends, or nil (no limit) for 0.
func newPacer(perSecond int) *pacer {
	if perSecond <= 0 {
		return nil
	}
	return &pacer{
		interval: time.Second / time.Duration(perSecond),
		lock:     make(chan struct{}, 1),
		now:      time.Now,
		sleep:    sleepCtx,
	}
}

// wait blocks until the caller may send, or ctx ends.
func (p *pacer) wait(ctx context.Context) error {
	if p == nil {
		return ctx.Err()
	}
	select {
	case p.lock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.lock }()
	now := p.now()
	if p.next.Before(now) {
		p.next = now
	}
	if d := p.next.Sub(now); d > 0 {
		if err := p.sleep(ctx, d); err != nil {
			return err
		}
	}
	p.next = p.next.Add(p.interval)
	return nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
