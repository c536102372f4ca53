// Command load holds a steady rate of requests on a few targets for a
// while — the soak test's load (bench/soak/run.sh). Each target gets its
// own rate, spread over its connections; latency is counted from when a
// request was due, not when it went out, so a server that falls behind
// shows it in the p99 instead of slowing the load down. Every interval it
// prints per target the requests, the errors (transport errors and any
// status but 200), the p50 and p99, and the server's RSS when -pid is set;
// at the end the same for the whole run.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// hist is a latency histogram in 2 % steps from 10 µs.
type hist struct {
	mu sync.Mutex
	b  [1200]int64
	n  int64
}

func bucket(d time.Duration) int {
	us := float64(d.Microseconds())
	if us < 10 {
		return 0
	}
	return min(int(math.Log(us/10)/math.Log(1.02))+1, 1199)
}

func (h *hist) add(d time.Duration) { h.mu.Lock(); h.b[bucket(d)]++; h.n++; h.mu.Unlock() }

func (h *hist) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	want := int64(math.Ceil(q * float64(h.n)))
	var seen int64
	for i, c := range h.b {
		seen += c
		if seen >= want {
			return time.Duration(10*math.Pow(1.02, float64(i))) * time.Microsecond
		}
	}
	return 0
}

type target struct {
	name    string
	urls    []string // cycled; "{phone}" is replaced by a random mobile number
	header  http.Header
	rate    float64
	conns   int
	errs    atomic.Int64
	missed  atomic.Int64 // requests due while every connection was busy
	shown   [2]int64     // errors and missed at the last interval's report
	window  *hist        // this interval
	all     *hist        // the whole run
	lastErr atomic.Value
}

func (t *target) run(ctx context.Context, client *http.Client) {
	due := make(chan time.Time, t.conns*4)
	var wg sync.WaitGroup
	for range t.conns {
		wg.Go(func() {
			var i int
			for at := range due {
				i++
				u := t.urls[i%len(t.urls)]
				if strings.Contains(u, "{phone}") {
					u = strings.Replace(u, "{phone}", fmt.Sprintf("09%08d", rand.IntN(100_000_000)), 1)
				}
				// Not tied to ctx: at the end, the requests under way finish
				// (cutting them would leave broken pipes in the server's log).
				req, _ := http.NewRequest(http.MethodGet, u, nil)
				req.Header = t.header
				resp, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: %s", u, resp.Status)
					}
				}
				if err != nil {
					t.errs.Add(1)
					t.lastErr.Store(err.Error())
				}
				d := time.Since(at)
				t.window.add(d)
				t.all.add(d)
			}
		})
	}
	start := time.Now()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	sent := 0
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case now := <-tick.C:
			owed := int(now.Sub(start).Seconds()*t.rate) - sent
			for k := range owed {
				at := start.Add(time.Duration(float64(sent+k) / t.rate * float64(time.Second)))
				select {
				case due <- at:
				default:
					t.missed.Add(1)
				}
			}
			sent += max(owed, 0)
		}
	}
	close(due)
	wg.Wait()
}

func rss(pid int) string {
	if pid == 0 {
		return "-"
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "gone"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return "?"
}

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(s string) error { *l = append(*l, s); return nil }

func main() {
	var checkURLs, portalURLs list
	flag.Var(&checkURLs, "check", "check URL, {phone} for a random number (repeatable)")
	flag.Var(&portalURLs, "portal", "portal URL (repeatable)")
	checkRate := flag.Float64("check-rate", 1000, "check requests a second")
	portalRate := flag.Float64("portal-rate", 200, "portal requests a second")
	key := flag.String("key", "", "API key for the checks")
	conns := flag.Int("conns", 32, "connections per target")
	dur := flag.Duration("d", 30*time.Minute, "how long")
	every := flag.Duration("every", time.Minute, "report interval")
	pid := flag.Int("pid", 0, "the server's process, for its RSS")
	flag.Parse()

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * *conns, MaxConnsPerHost: 2 * *conns}}
	var ts []*target
	if len(checkURLs) > 0 && *checkRate > 0 {
		h := http.Header{}
		if *key != "" {
			h.Set("Authorization", "Bearer "+*key)
		}
		ts = append(ts, &target{name: "check", urls: checkURLs, header: h, rate: *checkRate, conns: *conns, window: &hist{}, all: &hist{}})
	}
	if len(portalURLs) > 0 && *portalRate > 0 {
		ts = append(ts, &target{name: "portal", urls: portalURLs, header: http.Header{}, rate: *portalRate, conns: *conns, window: &hist{}, all: &hist{}})
	}
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	var wg sync.WaitGroup
	for _, t := range ts {
		wg.Go(func() { t.run(ctx, client) })
	}
	fmt.Printf("SOAK start rss=%s\n", rss(*pid))
	started := time.Now()
	tick := time.NewTicker(*every)
	report := func(label string, final bool) {
		line := fmt.Sprintf("SOAK %s t=%s rss=%s", label, time.Since(started).Round(time.Second), rss(*pid))
		for _, t := range ts {
			h := t.window
			if final {
				h = t.all
			}
			span := every.Seconds()
			if final {
				span = time.Since(started).Seconds()
			}
			errs, missed := t.errs.Load(), t.missed.Load()
			if !final { // an interval shows its own
				errs, missed, t.shown = errs-t.shown[0], missed-t.shown[1], [2]int64{errs, missed}
			}
			h.mu.Lock()
			line += fmt.Sprintf(" | %s n=%d rate=%.0f/s errors=%d missed=%d p50=%s p99=%s", t.name, h.n, float64(h.n)/span,
				errs, missed, h.quantile(0.5).Round(10*time.Microsecond), h.quantile(0.99).Round(10*time.Microsecond))
			if !final {
				h.b, h.n = [1200]int64{}, 0
			}
			h.mu.Unlock()
			if e, ok := t.lastErr.Load().(string); ok && final {
				line += " last_error=" + e
			}
		}
		fmt.Println(line)
	}
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-tick.C:
			report("interval", false)
		}
	}
	wg.Wait()
	report("total", true)
}
