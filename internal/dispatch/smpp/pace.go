package smpp

import (
	"context"
	"time"
)

// pacer spreads submits evenly at a rate, and never lets more than
// rate+1 pass in any window of one second (a telecom's limit).
//
// Two rules together:
//
//   - A schedule (GCRA): send k is due at next = start + k·interval. A
//     send that wakes late — timer slack, a busy machine — keeps the
//     schedule as long as it is late by less than the tolerance; the sends
//     after it then go as soon as they may until the schedule is caught up
//     (a burst of at most tolerance/interval). A longer pause (nothing to
//     send) earns no credit: the schedule restarts from now. Without the
//     tolerance each late wakeup is lost for good, and at 1,000/s timer
//     slack alone cost 3–8 % of the rate.
//   - A hard cap: send k may not be due before one second after send
//     k−rate was due, so however the schedule is caught up, no window of
//     one second holds more than rate+1 sends (see wait).
//
// Waiters queue on lock and hold it while they sleep, so one stalled
// goroutine delays the next instead of letting them catch up together.
type pacer struct {
	interval  time.Duration
	tolerance time.Duration
	lock      chan struct{} // one slot: the waiter whose turn it is
	next      time.Time     // when the next send is due on the schedule
	last      []time.Time   // the last rate sends, oldest at pos (ring)
	pos       int

	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

// paceTolerance is how late a send may be and keep the schedule (but at
// least two intervals): enough for timer slack on a busy machine, small
// enough that a catch-up burst stays short (at most 10 sends at 1,000/s, 2
// at 200/s).
const paceTolerance = 10 * time.Millisecond

// newPacer returns a pacer for perSecond sends, or nil (no limit) for 0.
func newPacer(perSecond int) *pacer {
	if perSecond <= 0 {
		return nil
	}
	interval := time.Second / time.Duration(perSecond)
	return &pacer{
		interval:  interval,
		tolerance: max(paceTolerance, 2*interval),
		lock:      make(chan struct{}, 1),
		last:      make([]time.Time, perSecond),
		now:       time.Now,
		sleep:     sleepCtx,
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
	if now.Sub(p.next) > p.tolerance {
		p.next = now // idle (or far behind): no credit for the past
	}
	at := p.next
	if cap := p.last[p.pos].Add(time.Second); cap.After(at) {
		at = cap
	}
	if at.Before(now) {
		at = now
	}
	for d := at.Sub(now); d > 0; d = at.Sub(now) {
		if err := p.sleep(ctx, d); err != nil {
			return err
		}
		now = p.now()
	}
	// The cap counts from the time this send was due (or, when it was not
	// waited for, the moment it went), not from when a late timer let it
	// go: lateness must not carry over to the next second's sends. Every
	// send goes at or after its due time, and each one's due time is at or
	// after the previous send went, so send k+1 goes at least a second after
	// send k−rate went: a one-second window from any send holds at most
	// rate+1.
	p.last[p.pos] = at
	p.pos = (p.pos + 1) % len(p.last)
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
