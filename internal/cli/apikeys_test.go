package cli_test

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/config"
)

var printedKey = regexp.MustCompile(`chỉ hiện một lần\): (cg_\S+)`)

// A key is issued, listed without its secret, rotated (the new secret is
// printed once and the old one stops), and revoked.
func TestAPIKey_ListRevokeRotate(t *testing.T) {
	dir := demoData(t)
	code, out, errOut := run(t, "", "apikey", "add", "--data", dir, "--unit", "cao-bang-viettel", "--scopes", "check,screen", "--quota", "500", "--name", "Tổng đài chặn cuộc gọi")
	if code != 0 {
		t.Fatalf("add: %d %s", code, errOut)
	}
	first := printedKey.FindStringSubmatch(out)[1]

	code, out, errOut = run(t, "", "apikey", "list", "--data", dir)
	if code != 0 {
		t.Fatalf("list: %d %s", code, errOut)
	}
	if strings.Contains(out, first) || !strings.Contains(out, first[:10]+"…") || !strings.Contains(out, "cao-bang-viettel") ||
		!strings.Contains(out, "check,screen") || !strings.Contains(out, "500") || !strings.Contains(out, "chưa dùng") || !strings.Contains(out, "đang dùng") {
		t.Fatalf("list must show prefix, unit, scopes, quota, last use, state and never the key:\n%s", out)
	}

	code, out, errOut = run(t, "", "apikey", "rotate", "--data", dir, first[:10])
	if code != 0 {
		t.Fatalf("rotate: %d %s", code, errOut)
	}
	m := printedKey.FindStringSubmatch(out)
	if m == nil || m[1] == first || strings.Count(out, m[1]) != 2 { // the key line and the header example
		t.Fatalf("rotate must print a new key once:\n%s", out)
	}
	second := m[1]

	if code, _, errOut = run(t, "", "apikey", "revoke", "--data", dir, second[:10]); code != 0 {
		t.Fatalf("revoke: %d %s", code, errOut)
	}
	if code, _, errOut = run(t, "", "apikey", "revoke", "--data", dir, second[:10]); code == 0 || !strings.Contains(errOut, "đã bị thu hồi từ trước") {
		t.Fatalf("revoking twice: %d %q", code, errOut)
	}
	if code, _, errOut = run(t, "", "apikey", "revoke", "--data", dir, "cg_khongco"); code == 0 || !strings.Contains(errOut, "Không có khóa API") {
		t.Fatalf("an unknown key: %d %q", code, errOut)
	}
	_, out, _ = run(t, "", "apikey", "list", "--data", dir)
	if strings.Count(out, "đã thu hồi") != 2 {
		t.Fatalf("both keys should be listed as revoked:\n%s", out)
	}

	cfg := config.Default()
	cfg.DataDir = dir
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, k := range []string{first, second} {
		if _, err := a.Auth.UseAPIKey(context.Background(), k, 1); err != auth.ErrBadKey {
			t.Fatalf("a revoked key still works: %v", err)
		}
	}
}
