package app_test

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp/smpptest"
	"github.com/canhgiac/canhgiac/internal/seal"
)

// With a message centre configured, the code of a subscription goes to
// the phone through it, and that code confirms the subscription.
func TestServe_SendsSubscriptionCodesThroughTheMessageCentre(t *testing.T) {
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
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, nil) }()
	defer func() { cancel(); <-done }()
	peer.WaitCounts(20*time.Second, func(c smpptest.Counts) bool { return c.Binds > 0 })

	code := regexp.MustCompile(`Canh Giac: (\d{6}) `)
	var ref string
	var got []string
	// The centre is bound a moment before serve hands it to the courier.
	for try := 0; try < audience.CodesPerHour && got == nil; try++ {
		if ref, err = a.Audience.Request(context.Background(), audience.Input{Phone: "0912000321", Consent: true}); err != nil {
			t.Fatal(err)
		}
		for _, s := range peer.Submits("84912000321") {
			if m := code.FindStringSubmatch(s.Text); m != nil {
				got = append(got, m[1])
			}
		}
		if got == nil {
			time.Sleep(300 * time.Millisecond)
		}
	}
	if got == nil {
		t.Fatal("no code reached the message centre")
	}
	c, err := a.Audience.Confirm(context.Background(), ref, got[len(got)-1])
	if err != nil || c.Channel != "sms" {
		t.Fatalf("confirm with the centre's code: %+v %v", c, err)
	}
	if active, _, _ := a.Audience.Count(access.With(context.Background(), access.System())); active != 1 {
		t.Fatalf("%d active after confirming", active)
	}
}
