package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

func TestAPI_KeysScopesQuotasScreenAndPartnerReports(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	_, screenKey, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-viettel", "tổng đài", []string{"screen", "report"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	_, checkKey, _ := e.App.Auth.CreateAPIKey(sys, "cao-bang-vcb", "", []string{"check"}, 0)
	post := func(path, key, body string) (int, string) { return e.API(t, http.MethodPost, path, key, body) }
	if code, body := post("/api/v1/screen-call", "", `{"caller":"0912345678"}`); code != 401 || !strings.Contains(body, "Khóa API") {
		t.Fatalf("no key: %d %s", code, body)
	}
	if code, _ := post("/api/v1/screen-call", checkKey, `{"caller":"0912345678"}`); code != 403 {
		t.Fatalf("a check-only key screening: %d", code)
	}
	if code, body := post("/api/v1/screen-call", screenKey, `{"caller":"+84912345678","international":true}`); code != 200 || !strings.Contains(body, `"action":"block"`) {
		t.Fatalf("spoofed call: %d %s", code, body)
	}
	code, body := post("/api/v1/reports", screenKey, `{"reports":[{"indicators":["0977 000 222"],"tactic":"fraud"},{"indicators":["abc"]}]}`)
	if code != 200 || !strings.Contains(body, `"code":"TG-`) || !strings.Contains(body, `"errors"`) {
		t.Fatalf("partner reports: %d %s", code, body)
	}
	// The report refused ("abc") cost nothing: one item of the 3 is left.
	if code, _ := post("/api/v1/screen-call", screenKey, `{"caller":"0912345678"}`); code != 200 {
		t.Fatalf("the third item of the quota: %d", code)
	}
	if code, body := post("/api/v1/screen-call", screenKey, `{"caller":"0912345678"}`); code != 429 || !strings.Contains(body, "hạn mức") {
		t.Fatalf("over the quota of 3: %d %s", code, body)
	}
	if code, body := post("/api/v1/check", checkKey, `{"items":["0977000222"]}`); code != 200 || !strings.Contains(body, `"results"`) {
		t.Fatalf("keyed batch: %d %s", code, body)
	}
	get := func(path, key string) (int, string) { return e.API(t, http.MethodGet, path, key, "") }
	code, full := get("/api/v1/feeds/phone", checkKey)
	var feed struct {
		Seq   int64
		Items []struct{ Key, Verdict string }
	}
	// The demo's numbers that are verified or reported by three people.
	if json.Unmarshal([]byte(full), &feed); code != 200 || len(feed.Items) < 20 || feed.Seq == 0 {
		t.Fatalf("full phone feed: %d, %d items", code, len(feed.Items))
	}
	for _, it := range feed.Items {
		if it.Verdict != "scam" && it.Verdict != "suspicious" {
			t.Fatalf("the feed carries %s with verdict %q", it.Key, it.Verdict)
		}
	}
	if code, delta := get(fmt.Sprintf("/api/v1/feeds/phone?since=%d", feed.Seq), checkKey); code != 200 || !strings.Contains(delta, `"items":[]`) {
		t.Fatalf("delta after the last seq: %d %s", code, delta)
	}
	code, prefixes := get("/api/v1/feeds/url-prefixes", checkKey)
	var pre struct{ Prefixes []string }
	if json.Unmarshal([]byte(prefixes), &pre); code != 200 || len(pre.Prefixes) == 0 {
		t.Fatalf("url prefixes: %d %s", code, prefixes)
	}
	if code, hashes := get("/api/v1/feeds/url-hashes?prefix="+pre.Prefixes[0], checkKey); code != 200 || !strings.Contains(hashes, pre.Prefixes[0]) {
		t.Fatalf("full hashes: %d %s", code, hashes)
	}
	if code, stix := get("/api/v1/feeds/stix", checkKey); code != 200 || !strings.Contains(stix, `"type":"bundle"`) || !strings.Contains(stix, "url:value") {
		t.Fatalf("stix: %d %.300s", code, stix)
	}
	if code, _ := get("/api/v1/feeds/phone", "sai"); code != 401 {
		t.Fatalf("feed without a valid key: %d", code)
	}
	resp, err := http.Get(e.Server.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil || doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi: %v %v", err, doc["openapi"])
	}
	resp.Body.Close()
}

// A call the API refuses — a scope the key lacks, a malformed body, a bad
// parameter, a partner report it does not accept — costs no quota.
func TestAPI_RefusedCallsLeaveUsageUnchanged(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	_, key, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-viettel", "", []string{"check", "report"}, 5)
	if err != nil {
		t.Fatal(err)
	}
	used := func() int64 {
		ks, err := e.App.Auth.APIKeys(sys)
		if err != nil || len(ks) != 1 {
			t.Fatalf("keys: %v %d", err, len(ks))
		}
		return ks[0].UsedToday
	}
	refused := []struct {
		name, method, path, body string
		status                   int
	}{
		{"a scope the key lacks", "POST", "/api/v1/screen-call", `{"caller":"0912345678"}`, 403},
		{"a check without q", "GET", "/api/v1/check?q=", "", 422},
		{"a malformed batch", "POST", "/api/v1/check", `{"items":`, 422},
		{"a feed with a bad since", "GET", "/api/v1/feeds/phones?since=-1", "", 422},
		{"a report refused", "POST", "/api/v1/reports", `{"reports":[{"indicators":["không phải số"]}]}`, 200},
	}
	for _, c := range refused {
		if got := e.APIStatus(t, c.method, c.path, key, c.body); got != c.status {
			t.Fatalf("%s: %d, want %d", c.name, got, c.status)
		}
		if n := used(); n != 0 {
			t.Fatalf("after %s the key has used %d items; a refused call must use none", c.name, n)
		}
	}
	if got := e.APIStatus(t, "GET", "/api/v1/check?q=0912345678", key, ""); got != 200 {
		t.Fatalf("a good check: %d", got)
	}
	if n := used(); n != 1 {
		t.Fatalf("after one answered check: %d, want 1", n)
	}
}
