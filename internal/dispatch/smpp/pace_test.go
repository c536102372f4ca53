package smpp

import (
	"context"
	"errors"
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
