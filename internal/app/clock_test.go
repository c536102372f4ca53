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
	opened := time.Now()
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if got := a.Org.Today(); got != "2026-06-06" {
		t.Errorf("today is %s, want 2026-06-06 (Vietnam's date at the set start)", got)
	}
	first := a.Clock.Now()
	// The clock runs from the start of Open: it may be ahead of the set
	// start by as long as Open took (the demo's load), and no more.
	if first.Before(cfg.StartClock) || first.Sub(cfg.StartClock) > time.Since(opened)+time.Second {
		t.Fatalf("the clock reads %s; want %s plus at most the %s Open took", first, cfg.StartClock, time.Since(opened))
	}
	time.Sleep(20 * time.Millisecond)
	if !a.Clock.Now().After(first) {
		t.Error("the clock stands still; it must run on from the set start")
	}
}
