// Package clock gives the rest of the program the time, so tests can set it.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time. Services take one instead of calling time.Now.
type Clock interface {
	Now() time.Time
}

// Real is the wall clock, in UTC.
type Real struct{}

// Now returns the current time in UTC.
func (Real) Now() time.Time { return time.Now().UTC() }

// Running is a clock set to a chosen time at start that then runs on at the
// wall clock's pace: a demonstration (or a check from outside) held at a
// given moment, 01:00 in Vietnam on the day after a deadline.
type Running struct {
	start time.Time
	base  time.Time // the wall clock's reading when start was set (monotonic)
}

// StartingAt returns a clock that shows t now and runs on from it.
func StartingAt(t time.Time) *Running { return &Running{start: t.UTC(), base: time.Now()} }

// Now returns the start time plus the time passed since.
func (r *Running) Now() time.Time { return r.start.Add(time.Since(r.base)) }

// Fixed is a clock for tests: it says what it was last set to.
type Fixed struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixed returns a clock stopped at t.
func NewFixed(t time.Time) *Fixed { return &Fixed{t: t.UTC()} }

// Now returns the time the clock was set to.
func (f *Fixed) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

// Set moves the clock to t.
func (f *Fixed) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = t.UTC()
}

// Advance moves the clock forward by d.
func (f *Fixed) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}
