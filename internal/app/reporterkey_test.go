package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/config"
)

func TestReporterKey_MadeOnceOutsideTheDatabaseOrFromTheEnvironment(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = filepath.Join(t.TempDir(), "data")
	first, err := ReporterKey(cfg)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(cfg.DataDir, "reporter.key"))
	if err != nil || st.Mode().Perm() != 0o600 || len(first) != 32 {
		t.Fatalf("key file: %v %v, %d bytes", st, err, len(first))
	}
	again, err := ReporterKey(cfg)
	if err != nil || !bytes.Equal(first, again) {
		t.Fatalf("the second start reads another key: %v", err)
	}
	cfg.ReporterKey = strings.Repeat("k", 40)
	if k, err := ReporterKey(cfg); err != nil || string(k) != cfg.ReporterKey {
		t.Fatalf("the environment's key: %q %v", k, err)
	}
	cfg.ReporterKey = ""
	os.WriteFile(filepath.Join(cfg.DataDir, "reporter.key"), []byte("not hex"), 0o600)
	if _, err := ReporterKey(cfg); err == nil || !strings.Contains(err.Error(), "reporter.key") {
		t.Fatalf("a damaged key file: %v", err)
	}
}
