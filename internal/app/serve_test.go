package app_test

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/config"
)

// Serve owns its background loops: when its context ends it returns only
// after every loop it started has returned, so none of them writes to a
// database that Close is about to close, and none is left behind.
func TestServe_ReturnsOnlyAfterEveryBackgroundLoopStopped(t *testing.T) {
	auth.CheapHashesForTests()
	cfg := config.Default()
	cfg.DataDir, cfg.Demo = t.TempDir(), false
	cfg.Addr, cfg.PprofAddr = "127.0.0.1:0", "127.0.0.1:0"
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	var mu sync.Mutex
	running := map[string]bool{}
	started := map[string]bool{}
	app.SetLoopHook(a, func(name string, on bool) {
		mu.Lock()
		defer mu.Unlock()
		running[name] = on
		if on {
			started[name] = true
		}
	})
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, func(string) { close(ready) }) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("Serve ended before it was ready: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("Serve not ready after 30s")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return within 30s of its context ending")
	}

	mu.Lock()
	want := []string{"api usage", "campaigns", "check index", "jobs", "page views", "profiler", "reminders", "scheduled publication"}
	if got := slices.Sorted(maps.Keys(started)); !slices.Equal(got, want) {
		t.Errorf("Serve started the loops %q, want %q", got, want)
	}
	for name, on := range running {
		if on {
			t.Errorf("Serve returned while its loop %q was still running", name)
		}
	}
	mu.Unlock()

	// Nothing else was left running either: a goroutine may take a moment
	// to disappear after its last statement, not to finish its work.
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after Serve returned, %d before it started:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}
