package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// Every redirect that takes its target from the request — the language
// switch's back=, the sign-in's next= (before and after signing in) — stays
// on this site whatever the payload.
func TestRedirects_PayloadsStayOnSite(t *testing.T) {
	payloads := []string{"//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example", "/quan-tri/\\\\evil.example",
		"/%5Cevil.example", "/%09/evil.example", "/%2F%2Fevil.example", "/quan-tri/%2F%2F..%2F%2Fevil.example", "/%252F%252Fevil.example", "\\/evil.example"}
	e := testutil.Start(t, "")
	anon := e.NewClient(t)
	staff := e.NewClient(t)
	staff.Login("quantri", e.Passwords["quantri"])
	offSite := func(loc string) bool {
		return !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\t\r\n") || strings.Contains(strings.ToLower(loc), "%5c") ||
			strings.Contains(strings.ToLower(loc), "%2f") || strings.Contains(loc, "%09")
	}
	for _, p := range payloads {
		checks := map[string]string{
			"GET /ngon-ngu?back=":  anon.Get("/ngon-ngu?lang=en&back=" + url.QueryEscape(p)).Location,
			"GET /dang-nhap?next=": staff.Get("/dang-nhap?next=" + url.QueryEscape(p)).Location,
		}
		if !strings.ContainsAny(p, "\t\\") { // as an attacker's link writes it
			checks["GET /ngon-ngu?back= (raw)"] = anon.Get("/ngon-ngu?lang=vi&back=" + p).Location
			checks["GET /dang-nhap?next= (raw)"] = staff.Get("/dang-nhap?next=" + p).Location
		}
		fresh := e.NewClient(t)
		fresh.Get("/dang-nhap")
		checks["POST /dang-nhap next="] = fresh.Post("/dang-nhap", url.Values{"username": {"quantri"}, "password": {e.Passwords["quantri"]}, "next": {p}}).Location
		for what, loc := range checks {
			if loc == "" {
				t.Errorf("%s%q: no redirect", what, p)
			} else if offSite(loc) {
				t.Errorf("%s%q: redirected to %q", what, p, loc)
			}
		}
	}
	if loc := anon.Get("/ngon-ngu?lang=vi&back=" + url.QueryEscape("/canh-bao?trang=2")).Location; loc != "/canh-bao?trang=2" {
		t.Fatalf("an honest back= is lost: %q", loc)
	}
}
