// Package sms_test is the SMS benchmark (Step 6): the product's pipeline
// (stored messages, the runner, the SMPP client) against the real test
// message centre, at set rates and flat out, beside Kannel configured for
// the same centre. Run:
//
//	go test ./bench/sms -run XXX -bench SMS -benchtime 1x
//
// Results are printed as RESULT name=value lines.
package sms_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp/smpptest"
	"github.com/canhgiac/canhgiac/internal/seal"
)

func result(name string, v any) { fmt.Printf("RESULT %s=%v\n", name, v) }

// rate is submits per second at the centre between the first and the last.
func rate(ts []time.Duration) float64 {
	if len(ts) < 2 {
		return 0
	}
	return float64(len(ts)-1) / (ts[len(ts)-1] - ts[0]).Seconds()
}

// mostPerSecond is the most submits that arrived at the centre within any
// one second (a window from any arrival, half-open).
func mostPerSecond(ts []time.Duration) int {
	most, lo := 0, 0
	for hi := range ts {
		for ts[hi]-ts[lo] >= time.Second {
			lo++
		}
		most = max(most, hi-lo+1)
	}
	return most
}

func openApp(b *testing.B) *app.App {
	cfg := config.Default()
	cfg.DataDir, cfg.Key = b.TempDir(), seal.NewKey() // messages are sealed at rest
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	return a
}

func recipients(n, base int) []dispatch.Recipient {
	rs := make([]dispatch.Recipient, n)
	for i := range rs {
		rs[i] = dispatch.Recipient{To: fmt.Sprintf("+849%08d", base+i)}
	}
	return rs
}

// send runs one campaign of n messages through the product at tps; it
// returns the rate at the centre and the most submits in any second.
func send(b *testing.B, peer *smpptest.Server, n, tps, base int) (float64, int) {
	a := openApp(b)
	st := a.Campaigns
	c, err := st.Create(context.Background(), dispatch.Campaign{Name: "bench", Template: "Canh bao lua dao: khong chuyen tien cho nguoi la, goi 113 khi nghi ngo.", State: dispatch.StateRunning, DailyCap: 10, TPS: tps}, recipients(n, base))
	if err != nil {
		b.Fatal(err)
	}
	sender, err := smpp.New(smpp.Config{Addr: peer.Addr, SystemID: peer.SystemID, Password: peer.Password, Conns: 2, TPS: tps, Window: 50, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	defer sender.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go st.Deliveries(ctx, sender.Receipts())
	peer.Reset()
	r := &dispatch.Runner{Campaigns: st, Sender: sender, Batch: 500, Concurrency: 100}
	if err := r.Run(context.Background(), c.ID); err != nil {
		b.Fatal(err)
	}
	peer.WaitCounts(30*time.Second, func(c smpptest.Counts) bool { return c.Submits >= n })
	ts := peer.Times()
	return rate(ts), mostPerSecond(ts)
}

func BenchmarkSMS(b *testing.B) {
	peer := smpptest.Start(b, smpptest.Options{ReceiptDelay: 100 * time.Millisecond})
	for _, tps := range []int{100, 500, 1000} {
		got, most := send(b, peer, tps*10, tps, 10_000_000+tps*100)
		result(fmt.Sprintf("sms_tps_%d_rate", tps), fmt.Sprintf("%.1f", got))
		result(fmt.Sprintf("sms_tps_%d_ratio", tps), fmt.Sprintf("%.3f", got/float64(tps)))
		// Arrival at the centre adds loopback and scheduling jitter to the
		// sender's own guarantee (at most TPS+1, tested in pace_test.go).
		result(fmt.Sprintf("sms_tps_%d_max_per_second", tps), most)
	}
	const flat = 20_000
	ours, _ := send(b, peer, flat, 0, 20_000_000)
	result("sms_unlimited_rate", fmt.Sprintf("%.0f", ours))
	if k := kannel(b, peer, flat); k > 0 {
		result("kannel_unlimited_rate", fmt.Sprintf("%.0f", k))
		result("ratio_sms_vs_kannel", fmt.Sprintf("%.2f", ours/k))
	}
	memory(b)
}

// memory stores a 1,000,000-recipient campaign and sends from it for a
// while, and reports the process's peak resident memory.
func memory(b *testing.B) {
	a := openApp(b)
	st := a.Campaigns
	runtime.GC()
	if _, err := st.Create(context.Background(), dispatch.Campaign{Name: "1M", Template: "Canh bao.", State: dispatch.StatePaused, DailyCap: 10}, recipients(1_000_000, 40_000_000)); err != nil {
		b.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	result("sms_campaign_1m_heap_mb", ms.HeapInuse>>20)
	if s, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(s), "\n") {
			if strings.HasPrefix(l, "VmHWM:") {
				f := strings.Fields(l)
				kb, _ := strconv.Atoi(f[1])
				result("sms_campaign_1m_peak_rss_mb", kb>>10)
			}
		}
	}
}

// kannel starts Debian's Kannel (bearerbox + smsbox) bound to the same
// centre and sends n messages through its sendsms interface with 64
// connections; it returns the rate at the centre (0 when Kannel is absent).
func kannel(b *testing.B, peer *smpptest.Server, n int) float64 {
	bearer, err := exec.LookPath("bearerbox")
	if err != nil {
		bearer = "/usr/sbin/bearerbox"
	}
	smsbox := filepath.Join(filepath.Dir(bearer), "smsbox")
	if _, err := os.Stat(bearer); err != nil {
		fmt.Println("RESULT kannel_unlimited_rate=absent (apt-get install kannel)")
		return 0
	}
	dir := b.TempDir()
	host, port, _ := strings.Cut(peer.Addr, ":")
	conf := fmt.Sprintf(`group = core
admin-port = 13400
admin-password = bench
smsbox-port = 13401
admin-interface = 127.0.0.1
wdp-interface-name = "*"
box-allow-ip = 127.0.0.1
log-level = 4

group = smsc
smsc = smpp
host = %s
port = %s
transceiver-mode = true
smsc-username = %s
smsc-password = %s
system-type = ""
max-pending-submits = 100

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = 13401
sendsms-port = 13402
sendsms-interface = 127.0.0.1
log-level = 4

group = sendsms-user
username = bench
password = bench
max-messages = 1

group = sms-service
keyword = default
text = "ok"
`, host, port, peer.SystemID, peer.Password)
	cf := filepath.Join(dir, "kannel.conf")
	os.WriteFile(cf, []byte(conf), 0o644)
	var procs []*exec.Cmd
	for _, bin := range []string{bearer, smsbox} {
		cmd := exec.Command(bin, "-v", "4", cf)
		cmd.Dir = dir
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		procs = append(procs, cmd)
		time.Sleep(time.Second)
	}
	defer func() {
		for _, p := range procs {
			p.Process.Kill()
			p.Wait()
		}
	}()
	peer.WaitCounts(20*time.Second, func(c smpptest.Counts) bool { return c.Sessions > 0 })
	peer.Reset()
	var wg sync.WaitGroup
	jobs := make(chan int)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for range 64 {
		wg.Go(func() {
			for i := range jobs {
				q := url.Values{"username": {"bench"}, "password": {"bench"}, "from": {"1234"}, "to": {fmt.Sprintf("849%08d", 50_000_000+i)}, "text": {"Canh bao lua dao: khong chuyen tien cho nguoi la, goi 113 khi nghi ngo."}}
				if r, err := client.Get("http://127.0.0.1:13402/cgi-bin/sendsms?" + q.Encode()); err == nil {
					io.Copy(io.Discard, r.Body)
					r.Body.Close()
				}
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	peer.WaitCounts(60*time.Second, func(c smpptest.Counts) bool { return c.Submits >= n })
	return rate(peer.Times())
}
