package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/config"
)

func TestServeDemo_ClockStartsWhereToldAndRunsOn(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir, cfg.Demo = t.TempDir(), true
	cfg.StartClock = time.Date(2026, 6, 5, 18, 30, 0, 0, time.UTC) // 01:30 on 06/06 in Vietnam
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if got := a.Org.Today(); got != "2026-06-06" {
		t.Errorf("today is %s, want 2026-06-06 (Vietnam's date at the set start)", got)
	}
	first := a.Clock.Now()
	if first.Before(cfg.StartClock) || first.Sub(cfg.StartClock) > time.Minute {
		t.Fatalf("the clock reads %s; want just after %s", first, cfg.StartClock)
	}
	time.Sleep(20 * time.Millisecond)
	if !a.Clock.Now().After(first) {
		t.Error("the clock stands still; it must run on from the set start")
	}
}
