package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// TestTip_MadeUpDeviceCookieIsReplaced: the device cookie once took any 32
// hex digits, so one person could be a new device on every tip; now only
// the ids the server signed are kept, and a made-up one is replaced.
func TestTip_MadeUpDeviceCookieIsReplaced(t *testing.T) {
	e := testutil.Start(t, "")
	get := func(cookie string) *http.Cookie {
		t.Helper()
		r := httptest.NewRequest("GET", "/to-giac", nil)
		if cookie != "" {
			r.AddCookie(&http.Cookie{Name: "cg_thiet_bi", Value: cookie})
		}
		w := httptest.NewRecorder()
		e.App.Web.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("/to-giac: %d", w.Code)
		}
		for _, c := range w.Result().Cookies() {
			if c.Name == "cg_thiet_bi" {
				return c
			}
		}
		return nil
	}
	issued := get("")
	if issued == nil {
		t.Fatal("a first visit gets no device cookie")
	}
	if again := get(issued.Value); again != nil {
		t.Fatalf("the server's own cookie was replaced by %q", again.Value)
	}
	forged := "0123456789abcdef0123456789abcdef"
	if c := get(forged); c == nil || c.Value == forged {
		t.Fatalf("a made-up device id %q was kept (cookie %v)", forged, c)
	}
}
