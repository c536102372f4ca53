package app_test

import (
	"context"
	"fmt"
	"github.com/canhgiac/canhgiac/internal/access"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp/smpptest"
	"github.com/canhgiac/canhgiac/internal/seal"
)

// serve sends running campaigns through the configured message centre,
// and after a restart holds what was in flight as unknown.
func TestServe_SendsRunningCampaignsAndRecoversInFlight(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{})
	cfg := config.Default()
	cfg.DataDir, cfg.Addr, cfg.Key = t.TempDir(), "127.0.0.1:0", seal.NewKey()
	cfg.SMPPURL = "smpp://" + peer.SystemID + ":" + peer.Password + "@" + peer.Addr
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	st := a.Campaigns
	var rs []dispatch.Recipient
	for i := range 50 {
		rs = append(rs, dispatch.Recipient{Row: i + 2, To: fmt.Sprintf("+8491200%04d", i)})
	}
	// A message left "sending" by a previous, killed process.
	old, err := st.Create(context.Background(), dispatch.Campaign{Name: "cũ", Template: "Tin cũ", State: dispatch.StatePaused}, rs[:1])
	if err != nil {
		t.Fatal(err)
	}
	a.DB.W.Exec(`UPDATE messages SET state = 'sending' WHERE campaign_id = $1`, old.ID)
	c, err := st.Create(context.Background(), dispatch.Campaign{Name: "Cảnh báo", Template: "Canh bao: khong chuyen tien cho nguoi la.", State: dispatch.StateRunning, QuietStart: 0, QuietEnd: 0}, rs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Audience.Subscribe(context.Background(), audience.Input{Phone: "0912000003", Consent: true}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, nil) }()
	deadline := time.Now().Add(20 * time.Second)
	var n dispatch.Counts
	for time.Now().Before(deadline) {
		if n, _ = st.Counts(context.Background(), c.ID); n.Delivered == 50 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The subscriber replies "TC": they are opted out.
	peer.MO("84912000003", "tc")
	for i := 0; i < 50; i++ {
		if active, _, _ := a.Audience.Count(access.With(context.Background(), access.System())); active == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	<-done
	if active, out, _ := a.Audience.Count(access.With(context.Background(), access.System())); active != 0 || out != 1 {
		t.Fatalf("after replying TC: %d active, %d opted out", active, out)
	}
	if n.Delivered != 50 {
		t.Fatalf("counts after serving: %+v", n)
	}
	if got := peer.Counts(); len(got.PerDest) != 50 || got.Submits != 50 {
		t.Fatalf("the centre got %d submits for %d numbers", got.Submits, len(got.PerDest))
	}
	if o, _ := st.Counts(context.Background(), old.ID); o.Unknown != 1 {
		t.Fatalf("the in-flight message of the last run: %+v", o)
	}
}
