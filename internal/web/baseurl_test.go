package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

var absoluteLink = regexp.MustCompile(`(?:href="|<id>|<uri>|<web>|content=")(https?://[^"<]+)`)

// portalLinks fetches the feeds, a warning's page and its QR code with the
// given Host header ("" for the server's own) and returns every absolute
// link to the portal they carry.
func portalLinks(t *testing.T, e *testutil.Env, host string) []string {
	t.Helper()
	get := func(path string) string {
		req, err := http.NewRequest(http.MethodGet, e.Server.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if host != "" {
			req.Host = host
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		return string(b)
	}
	var links []string
	add := func(body string) {
		for _, m := range absoluteLink.FindAllStringSubmatch(body, -1) {
			if !strings.Contains(m[1], "w3.org") && !strings.Contains(m[1], "oasis-open.org") && !strings.Contains(m[1], "schemas") {
				links = append(links, m[1])
			}
		}
	}
	feed := get("/feed.atom")
	add(feed)
	add(get("/cap/alerts.xml"))
	warning := regexp.MustCompile(`/canh-bao/[a-z0-9-]+`).FindString(feed)
	if warning == "" {
		t.Fatalf("no warning in the feed: %.1000s", feed)
	}
	page := get(warning)
	add(page)
	code := regexp.MustCompile(`/xac-minh/([0-9A-Z-]{6,})`).FindStringSubmatch(page)
	if code == nil {
		t.Fatalf("no source code on %s", warning)
	}
	qr := get("/xac-minh/qr/" + code[1] + ".svg")
	if !strings.Contains(qr, "/xac-minh/"+code[1]) {
		t.Fatalf("the QR code does not lead to /xac-minh/%s", code[1])
	}
	links = append(links, regexp.MustCompile(`https?://[^"<\s]*/xac-minh/`+code[1]).FindAllString(qr, -1)...)
	if len(links) < 5 {
		t.Fatalf("only %d absolute links found: %v", len(links), links)
	}
	return links
}

// The feeds, a warning's share links and its QR code point at the address
// the server listens on (here the test server's port, not 8080), whatever
// Host a request names; with a public base URL configured, at that.
func TestPortalLinks_FromTheListeningAddressUnlessABaseURLIsSet(t *testing.T) {
	e := testutil.Start(t, "")
	for _, host := range []string{"", "ke-gian.example"} {
		for _, l := range portalLinks(t, e, host) {
			if !strings.HasPrefix(l, e.Server.URL+"/") {
				t.Errorf("Host %q: link %q does not start with the server's address %s", host, l, e.Server.URL)
			}
		}
	}

	const public = "https://canhgiac.example.gov.vn"
	e = testutil.StartWith(t, "", func(c *config.Config) { c.BaseURL = public + "/" })
	for _, l := range portalLinks(t, e, "") {
		if !strings.HasPrefix(l, public+"/") {
			t.Errorf("with a base URL, link %q does not start with %s", l, public)
		}
	}
}
