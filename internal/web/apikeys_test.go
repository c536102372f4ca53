package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

var shownKey = regexp.MustCompile(`<code class="secret">(cg_[^<]+)</code>`)

// An administrator sees the keys of the units they manage (prefix, unit,
// scopes, quota — never the key), rotates one (the new key is shown once
// and the old one stops at once) and revokes one; each is in the audit
// trail. A province's administrator neither sees nor touches a key of a
// unit outside their tree.
func TestConsole_APIKeysListRotateRevoke(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	k, secret, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-viettel", "Tổng đài", []string{"check", "screen"}, 700)
	if err != nil {
		t.Fatal(err)
	}
	if e.APIStatus(t, "GET", "/api/v1/check?q=0912345678", secret, "") != 200 {
		t.Fatal("the new key does not work")
	}
	admin := e.NewClient(t)
	admin.Login("quantri", e.Passwords["quantri"])
	p := admin.Get("/quan-tri/khoa-api")
	if p.Status != 200 || strings.Contains(p.Body, secret) || !strings.Contains(p.Body, k.Prefix+"…") || !strings.Contains(p.Body, "Viettel Cao Bằng") ||
		!strings.Contains(p.Body, "check, screen") || !strings.Contains(p.Body, "700") || !strings.Contains(p.Body, "Đang dùng") {
		t.Fatalf("key list: %d %.3000s", p.Status, p.Body)
	}
	if !strings.Contains(admin.Get("/quan-tri/tai-khoan").Body, `href="/quan-tri/khoa-api"`) {
		t.Fatal("the accounts page does not link to the keys")
	}

	// Another province's administrator: the key is not theirs.
	otherPw := e.AddUser(t, "quantri-nn", "cao-bang-snnmt", "", access.RoleAdmin)
	other := e.NewClient(t)
	other.Login("quantri-nn", otherPw)
	if p := other.Get("/quan-tri/khoa-api"); p.Status != 200 || strings.Contains(p.Body, k.Prefix) {
		t.Fatalf("an administrator of another unit sees the key: %d", p.Status)
	}
	id := regexp.MustCompile(`action="/quan-tri/khoa-api/(\d+)/doi"`).FindStringSubmatch(p.Body)[1]
	if r := other.Post("/quan-tri/khoa-api/"+id+"/thu-hoi", url.Values{}); r.Status != 403 {
		t.Fatalf("revoking another unit's key: %d", r.Status)
	}

	r := admin.Post("/quan-tri/khoa-api/"+id+"/doi", url.Values{})
	m := shownKey.FindStringSubmatch(r.Body)
	if r.Status != 200 || m == nil || m[1] == secret || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("rotate: %d %q %.2000s", r.Status, r.Header.Get("Cache-Control"), r.Body)
	}
	fresh := m[1]
	if got := e.APIStatus(t, "GET", "/api/v1/check?q=0912345678", secret, ""); got != 401 {
		t.Fatalf("the rotated-out key: %d, want 401", got)
	}
	if got := e.APIStatus(t, "POST", "/api/v1/screen-call", fresh, `{"caller":"0912345678"}`); got != 200 {
		t.Fatalf("the new key keeps the scopes: %d", got)
	}
	if p := admin.Get("/quan-tri/khoa-api"); strings.Contains(p.Body, fresh) {
		t.Fatal("the new key is shown again")
	}

	newID := regexp.MustCompile(`action="/quan-tri/khoa-api/(\d+)/thu-hoi"`).FindStringSubmatch(admin.Get("/quan-tri/khoa-api").Body)[1]
	if r := admin.Post("/quan-tri/khoa-api/"+newID+"/thu-hoi", url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d %.500s", r.Status, r.Body)
	}
	if got := e.APIStatus(t, "POST", "/api/v1/screen-call", fresh, `{"caller":"0912345678"}`); got != 401 {
		t.Fatalf("the revoked key: %d, want 401", got)
	}
	audit := admin.Get("/quan-tri/nhat-ky").Body
	if !strings.Contains(audit, "Đổi khóa API "+k.Prefix) || !strings.Contains(audit, "Thu hồi khóa API") {
		t.Fatalf("rotation and revocation are not in the audit trail: %.3000s", audit)
	}
}
