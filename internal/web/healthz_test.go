package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// An instance that loses its database is degraded, not down: /healthz
// says so with the reason and how fresh the check index is, still with
// 200 so a load balancer keeps sending checks, and checks are answered
// from the index as before.
func TestHealthz_WithoutTheDatabaseSaysDegradedAndChecksAreStillAnswered(t *testing.T) {
	e := testutil.Start(t, "")
	health := func() (int, map[string]string) {
		t.Helper()
		resp, err := http.Get(e.Server.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var h map[string]string
		if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, h
	}
	if st, h := health(); st != 200 || h["status"] != "ok" || h["database"] != "ok" {
		t.Fatalf("with the database: %d %v", st, h)
	}
	var phone string
	if err := e.App.DB.R.QueryRow(`SELECT key FROM indicators WHERE kind = 'phone' AND level >= 2 ORDER BY key LIMIT 1`).Scan(&phone); err != nil {
		t.Fatal(err)
	}
	before, answer := e.API(t, "GET", "/api/v1/check?q="+url.QueryEscape(phone), "", "")
	if before != 200 || strings.Contains(answer, `"verdict":"unknown"`) {
		t.Fatalf("a known number: %d %s", before, answer)
	}

	e.App.DB.Close() // the database is gone
	st, h := health()
	if st != 200 || h["status"] != "degraded" || h["database"] != "unreachable" || h["index_as_of"] == "" ||
		!strings.Contains(h["reason"], "Mất kết nối cơ sở dữ liệu") || !strings.Contains(h["reason"], "dữ liệu đến") {
		t.Fatalf("without the database: %d %v", st, h)
	}
	if st, body := e.API(t, "GET", "/api/v1/check?q="+url.QueryEscape(phone), "", ""); st != 200 || body != answer {
		t.Fatalf("a check without the database: %d %s, want as before: %s", st, body, answer)
	}
}
