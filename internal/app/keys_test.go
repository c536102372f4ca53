package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/seal"
)

func TestServeDemo_CreatesAPrivateKeyFileAndSaysSoOnce(t *testing.T) {
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir, cfg.Demo = dir, true
	start := func() string {
		var out bytes.Buffer
		a, err := app.Open(context.Background(), cfg, app.Options{Out: &out, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		if a.Keys == nil {
			t.Fatal("the demo runs without a key")
		}
		a.Close()
		return out.String()
	}
	first := start()
	path := filepath.Join(dir, seal.FileName)
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	if !strings.Contains(first, "Đã tạo khóa niêm phong dữ liệu cá nhân: "+path) {
		t.Fatalf("first start does not say where the key is:\n%s", first)
	}
	before, _ := os.ReadFile(path)
	if again := start(); strings.Contains(again, "Đã tạo khóa") {
		t.Fatal("the second start must reuse the key, not announce a new one")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the key file changed on the second start")
	}
}
