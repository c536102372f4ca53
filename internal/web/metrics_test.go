package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// TestMetrics_ShownOnlyToLoopbackAnAllowedAddressOrTheToken: the figures
// say how busy each route is and when the index was built; a stranger on
// the Internet gets the same 404 as for a page that does not exist.
func TestMetrics_ShownOnlyToLoopbackAnAllowedAddressOrTheToken(t *testing.T) {
	e := testutil.StartWith(t, "", func(c *config.Config) {
		c.MetricsToken = "mot-chuoi-bi-mat-du-dai-cho-prometheus-0123456789"
		c.MetricsFrom = []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}
	})
	cases := []struct {
		name, from, auth, forwarded string
		want                        int
	}{
		{"stranger", "203.0.113.7:40000", "", "", 404},
		{"stranger with a wrong token", "203.0.113.7:40000", "Bearer sai", "", 401},
		{"stranger with the token", "203.0.113.7:40000", "Bearer mot-chuoi-bi-mat-du-dai-cho-prometheus-0123456789", "", 200},
		{"allowed network", "10.20.3.4:40000", "", "", 200},
		{"loopback", "127.0.0.1:40000", "", "", 200},
		{"loopback IPv6", "[::1]:40000", "", "", 200},
		{"a proxy on loopback forwarding a stranger", "127.0.0.1:40000", "", "203.0.113.7", 404},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/metrics", nil)
			r.RemoteAddr = c.from
			if c.auth != "" {
				r.Header.Set("Authorization", c.auth)
			}
			if c.forwarded != "" {
				r.Header.Set("X-Forwarded-For", c.forwarded)
			}
			w := httptest.NewRecorder()
			e.App.Web.ServeHTTP(w, r)
			if w.Code != c.want {
				t.Fatalf("status %d, want %d", w.Code, c.want)
			}
			if shown := strings.Contains(w.Body.String(), "canhgiac_http_requests_total"); shown != (c.want == http.StatusOK) {
				t.Fatalf("figures shown = %t with status %d", shown, w.Code)
			}
		})
	}
}
