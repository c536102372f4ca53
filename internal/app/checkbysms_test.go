package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp/smpptest"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/sms"
)

// A basic phone sends "KT 0389 000 002" to the service number: the message
// centre delivers it as a deliver_sm (not a receipt), and within seconds
// the phone gets one GSM-7 part with the verdict and the hotline. A flood
// is answered at most the day's limit; a message that is not a check gets
// the help line once.
func TestCheckBySMS_RealCentreAnswersWithinSeconds(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{})
	cfg := config.Default()
	cfg.DataDir, cfg.Addr, cfg.Key = t.TempDir(), "127.0.0.1:0", seal.NewKey()
	cfg.SMPPURL = "smpp://" + peer.SystemID + ":" + peer.Password + "@" + peer.Addr
	cfg.CheckNumber, cfg.CheckMessagesPerDay = "8079", 2
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, nil) }()
	defer func() { cancel(); <-done }()
	peer.WaitCounts(10*time.Second, func(c smpptest.Counts) bool { return c.Binds > 0 })

	wait := func(dest string, n int) []smpptest.Submit {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			got := peer.Submits(dest)
			if len(got) >= n || time.Now().After(deadline) {
				return got
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	peer.MO("84912000004", "KT 0389 000 002")
	got := wait("84912000004", 1)
	if len(got) != 1 || got[0].Total != 1 || !strings.HasPrefix(got[0].Text, "Canh Giac: 0389 000 002 CHUA CO TO GIAC") || !strings.HasSuffix(got[0].Text, "Bao 113 hoac 156.") {
		t.Fatalf("answer: %+v", got)
	}
	if info := sms.Analyze(got[0].Text); info.Encoding != sms.GSM7 || info.Parts != 1 {
		t.Errorf("answer %q is not one GSM-7 part", got[0].Text)
	}
	// A flood: the limit is 2 a day.
	for range 4 {
		peer.MO("84912000004", "KT 0389000002")
	}
	time.Sleep(time.Second)
	if got := wait("84912000004", 3); len(got) != 2 {
		t.Errorf("a flood of 5 checks got %d answers, want 2", len(got))
	}
	peer.MO("84912000005", "xin chao")
	peer.MO("84912000005", "alo")
	time.Sleep(time.Second)
	if got := wait("84912000005", 2); len(got) != 1 || !strings.Contains(got[0].Text, "nhan KT <noi dung> gui 8079") {
		t.Errorf("help: %+v", got)
	}
	counts, err := a.Inbound.Stats(context.Background(), "2000-01-01")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range counts {
		total += c.Count
	}
	if total != 7 {
		t.Errorf("statistics count %d exchanges, want 7: %+v", total, counts)
	}
}
