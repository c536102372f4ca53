package testutil

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// Loading the demo (a province of several hundred units, its plans,
// activities, reports and tips) is the slow part of starting the program:
// about 2 s, and 30 s under the race detector. Tests on SQLite therefore
// share one loaded data folder per test binary: the first Start loads the
// demo into it and closes the program, and every Start copies the folder
// (database, sealing key, reporter key, uploads) and opens the copy. The
// program opened on the copy is what `serve --demo` is on its second start:
// the demo is not loaded again, and the passwords are those printed the
// first time.
var template struct {
	once    sync.Once
	dir     string
	printed string
	err     error
}

func demoTemplate() (dir, printed string, err error) {
	template.once.Do(func() {
		if template.dir, template.err = storetest.TemplateDir("demo"); template.err != nil {
			return
		}
		cfg := config.Default()
		cfg.DataDir, cfg.Demo = template.dir, true
		var out bytes.Buffer
		a, err := app.Open(context.Background(), cfg, app.Options{Clock: clock.NewFixed(Now), Out: &out, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			template.err = fmt.Errorf("loading the demo for the tests: %w", err)
			return
		}
		if err := a.Close(); err != nil {
			template.err = fmt.Errorf("closing the demo's template: %w", err)
			return
		}
		template.printed = out.String()
	})
	return template.dir, template.printed, template.err
}

// DemoDir returns a fresh data folder holding the demo, loaded with the
// clock at Now: a copy of the binary's template (see Start).
func DemoDir(t testing.TB) string {
	t.Helper()
	tmpl, _, err := demoTemplate()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := storetest.CopyDir(tmpl, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}
