package smpp

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

// fakeClock drives a pacer without real time: sleeping advances it, plus
// whatever lateness the test injects.
type fakeClock struct {
	t    time.Time
	late func() time.Duration // how late each sleep wakes
}

func (c *fakeClock) pacer(tps int) *pacer {
	p := newPacer(tps)
	p.now = func() time.Time { return c.t }
	p.sleep = func(ctx context.Context, d time.Duration) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.t = c.t.Add(d)
		if c.late != nil {
			c.t = c.t.Add(c.late())
		}
		return nil
	}
	return p
}

// maxPerWindow is the most sends within any window w.
func maxPerWindow(times []time.Time, w time.Duration) int {
	most, lo := 0, 0
	for hi := range times {
		for times[hi].Sub(times[lo]) >= w {
			lo++
		}
		most = max(most, hi-lo+1)
	}
	return most
}

func TestPacer_SpreadsSendsEvenly(t *testing.T) {
	c := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	p := c.pacer(200)
	var times []time.Time
	for range 1000 {
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		times = append(times, c.t)
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap != 5*time.Millisecond {
			t.Fatalf("send %d came %s after the previous, want 5ms", i, gap)
		}
	}
	if got := maxPerWindow(times, time.Second); got > 201 {
		t.Errorf("%d sends in one second, want at most 201", got)
	}
}

func TestPacer_LateWakeupsNeitherDriftNorBurst(t *testing.T) {
	c := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	n := 0
	c.late = func() time.Duration { n++; return time.Duration(n%5) * 900 * time.Microsecond } // 0–3.6ms late
	p := c.pacer(200)
	var times []time.Time
	for range 2000 {
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		times = append(times, c.t)
	}
	if got := maxPerWindow(times, time.Second); got > 201 {
		t.Errorf("%d sends in one second, want at most 201", got)
	}
	rate := float64(len(times)-1) / times[len(times)-1].Sub(times[0]).Seconds()
	if rate < 195 || rate > 201 {
		t.Errorf("rate %.1f/s, want about 200", rate)
	}
}

func TestPacer_NoBurstAfterAStall(t *testing.T) {
	c := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	p := c.pacer(100)
	var times []time.Time
	for i := range 300 {
		if i == 50 {
			c.t = c.t.Add(700 * time.Millisecond) // the caller had nothing to send
		}
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		times = append(times, c.t)
	}
	for i := 51; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 10*time.Millisecond {
			t.Fatalf("send %d came %s after the previous, want ≥ 10ms", i, gap)
		}
	}
	if got := maxPerWindow(times, time.Second); got > 101 {
		t.Errorf("%d sends in one second, want at most 101", got)
	}
}

func TestPacer_EndedContextDoesNotUseATurn(t *testing.T) {
	c := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	p := c.pacer(10)
	if err := p.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("wait with an ended context = %v, want context.Canceled", err)
	}
	before := c.t
	if err := p.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := c.t.Sub(before); got != 100*time.Millisecond {
		t.Errorf("next send waited %s, want 100ms (one interval)", got)
	}
}

func TestPacer_ZeroTPSIsUnlimited(t *testing.T) {
	if p := newPacer(0); p != nil {
		t.Fatalf("newPacer(0) = %+v, want nil", p)
	}
	var p *pacer
	if err := p.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// At 1,000/s the interval (1ms) is about a timer's slack: late wakeups
// must not cost rate, and catching up must not put more than rate+1 in
// any second, whatever the pattern of lateness.
func TestPacer_ThousandPerSecondKeepsRateAndCapUnderSlack(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 7))
		c := &fakeClock{t: time.Unix(1_800_000_000, 0)}
		c.late = func() time.Duration {
			// A timer wakes up to a millisecond late (the runtime's poller
			// waits in whole milliseconds); a busy machine now and then
			// makes it several.
			switch x := rng.IntN(1000); {
			case x < 600:
				return time.Duration(rng.IntN(200)) * time.Microsecond
			case x < 950:
				return time.Duration(rng.IntN(1000)) * time.Microsecond
			case x < 999:
				return time.Duration(rng.IntN(5000)) * time.Microsecond
			default:
				return time.Duration(rng.IntN(19000)) * time.Microsecond
			}
		}
		p := c.pacer(1000)
		var times []time.Time
		for i := range 10_000 {
			if i%997 == 0 { // the caller itself is late now and then
				c.t = c.t.Add(time.Duration(rng.IntN(5000)) * time.Microsecond)
			}
			if i == 5000 { // a stall beyond the tolerance earns no credit
				c.t = c.t.Add(50 * time.Millisecond)
			}
			if err := p.wait(context.Background()); err != nil {
				t.Fatal(err)
			}
			times = append(times, c.t)
		}
		if got := maxPerWindow(times, time.Second); got > 1001 {
			t.Errorf("seed %d: %d sends in one second, want at most 1001", seed, got)
		}
		rate := float64(len(times)-1) / times[len(times)-1].Sub(times[0]).Seconds()
		// The 50ms stall alone costs 0.5 %; without the tolerance for
		// lateness this model runs at about 91 %.
		if rate < 980 || rate > 1001 {
			t.Errorf("seed %d: rate %.1f/s, want 980–1000", seed, rate)
		}
	}
}

// A caller that is late by just under the tolerance again and again
// catches up in short bursts, but the cap still holds each second.
func TestPacer_CatchingUpNeverExceedsTheCap(t *testing.T) {
	c := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	n := 0
	c.late = func() time.Duration {
		n++
		if n%50 == 0 {
			return paceTolerance - time.Microsecond
		}
		return 0
	}
	p := c.pacer(500)
	var times []time.Time
	for range 5000 {
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		times = append(times, c.t)
	}
	if got := maxPerWindow(times, time.Second); got > 501 {
		t.Errorf("%d sends in one second, want at most 501", got)
	}
	for w := 10 * time.Millisecond; w < time.Second; w *= 2 {
		// Bursts are short: a window of w holds at most the tolerance's worth more.
		if got, limit := maxPerWindow(times, w), int((w+paceTolerance)/(2*time.Millisecond))+1; got > limit {
			t.Errorf("%d sends within %s, want at most %d", got, w, limit)
		}
	}
}
