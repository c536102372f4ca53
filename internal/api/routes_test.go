package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// Every route of the API's table, called without a key, answers JSON
// through the lean chain: nosniff, none of the pages' headers, no cookie,
// and never an HTML page — whether it answers or refuses. The API serves
// alone, without the pages in front of it.
func TestAPI_EveryRouteAnswersJSONWithoutThePagesChain(t *testing.T) {
	e := testutil.Start(t, "")
	alone := httptest.NewServer(e.App.API)
	defer alone.Close()
	paths := map[string]string{"/api/": "/api/v1/khong-co", "/api/v1/feeds/{kind}": "/api/v1/feeds/phone", "/api/v1/check": "/api/v1/check?q=0912345678"}
	routes := e.App.API.Routes()
	if len(routes) < 10 {
		t.Fatalf("the route table lists %d routes", len(routes))
	}
	for _, base := range []string{alone.URL, e.Server.URL} {
		for _, pattern := range routes {
			method, path, ok := strings.Cut(pattern, " ")
			if !ok {
				method, path = http.MethodGet, pattern
			}
			if p, ok := paths[path]; ok {
				path = p
			}
			req, _ := http.NewRequest(method, base+path, strings.NewReader(`{}`))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			ct := resp.Header.Get("Content-Type")
			switch {
			case resp.StatusCode >= 500:
				t.Errorf("%s %s: %d %s", method, path, resp.StatusCode, body)
			case !strings.Contains(ct, "json"):
				t.Errorf("%s %s: Content-Type %q, want JSON", method, path, ct)
			case resp.Header.Get("X-Content-Type-Options") != "nosniff":
				t.Errorf("%s %s: no nosniff", method, path)
			case resp.Header.Get("Content-Security-Policy") != "" || resp.Header.Get("Set-Cookie") != "":
				t.Errorf("%s %s: the pages' chain ran (CSP %q, cookie %q)", method, path, resp.Header.Get("Content-Security-Policy"), resp.Header.Get("Set-Cookie"))
			case resp.StatusCode >= 400 && !strings.Contains(string(body), `"error"`):
				t.Errorf("%s %s: refusal without an error body: %d %s", method, path, resp.StatusCode, body)
			}
		}
	}
}
