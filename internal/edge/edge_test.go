package edge

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// An error becomes the status and the sentence a person sees: a refusal
// its own words in the asked language (a form's, the fields' beside it), a body too large a sentence saying
// so, and anything of ours the one apology, flagged for the log.
func TestMessage_RefusalsSayWhyAndOurFaultsApologise(t *testing.T) {
	tooBig := fmt.Errorf("read: %w", &http.MaxBytesError{Limit: 10})
	for _, tc := range []struct {
		name   string
		err    error
		lang   string
		status int
		want   string
		ours   bool
	}{
		{"a field refused", errs.InvalidField("q", "Thiếu tham số q."), "vi", 422, "Dữ liệu chưa hợp lệ", false},
		{"not found, in English", errs.NotFound("Không có.", "None."), "en", 404, "None.", false},
		{"a quota, wrapped", fmt.Errorf("key: %w", errs.TooMany("Quá hạn mức.", "Over quota.")), "vi", 429, "Quá hạn mức.", false},
		{"a body over the limit", tooBig, "vi", 413, "Dữ liệu gửi lên quá lớn.", false},
		{"a body over the limit, in English", tooBig, "en", 413, "The data sent is too large.", false},
		{"a fault of ours", errors.New("disk full"), "vi", 500, "Hệ thống gặp sự cố", true},
		{"a fault of ours, in English", errors.New("disk full"), "en", 500, "Something went wrong", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Status(tc.err); got != tc.status {
				t.Errorf("Status = %d, want %d", got, tc.status)
			}
			msg, ours := Message(tc.err, tc.lang)
			if !strings.HasPrefix(msg, tc.want) || ours != tc.ours {
				t.Errorf("Message = %q, %v; want %q…, %v", msg, ours, tc.want, tc.ours)
			}
			if strings.Contains(msg, "disk full") {
				t.Errorf("the details reached the person: %q", msg)
			}
		})
	}
}

// A meter lets a key use its limit in a window, refuses what would go
// over without counting it, says how long to wait, and starts again when
// the window ends; other keys are counted apart.
func TestLimiter_CountsPerKeyInFixedWindows(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	l := NewLimiter(0, 10, time.Minute)
	if l.Limit() != 10 {
		t.Fatalf("a limit of 0 takes the default: %d", l.Limit())
	}
	if ok, _ := l.Take("a", 8, now); !ok {
		t.Fatal("8 of 10 refused")
	}
	if ok, wait := l.Take("a", 3, now.Add(15*time.Second)); ok || wait != 45*time.Second {
		t.Fatalf("3 more (11 of 10): %v, wait %v; want refused, 45s", ok, wait)
	}
	if ok, _ := l.Take("a", 2, now.Add(20*time.Second)); !ok {
		t.Fatal("the refused 3 were counted: 2 more (10 of 10) refused")
	}
	if ok, _ := l.Take("b", 10, now); !ok {
		t.Fatal("another key is counted apart")
	}
	if ok, _ := l.Take("a", 10, now.Add(time.Minute)); !ok {
		t.Fatal("a new window starts full")
	}
	w := httptest.NewRecorder()
	e := TooMany(w, 90*time.Second, "Quá nhiều.", "Too many.")
	if w.Header().Get("Retry-After") != "90" || e.Message("vi") != "Quá nhiều. Vui lòng thử lại sau 2 phút." || Status(e) != 429 {
		t.Fatalf("TooMany: %q %q", w.Header().Get("Retry-After"), e.Message("vi"))
	}
}

// Behind a reverse proxy every client arrives from the proxy's address; only
// a proxy named in the configuration is believed about the client, and only
// for the hop it added itself.
func TestClientIP_BelievesOnlyTheNamedProxies(t *testing.T) {
	t.Cleanup(func() { TrustProxies(nil) })
	TrustProxies([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")})
	cases := []struct {
		peer, xff, want string
	}{
		{"203.0.113.9:4000", "", "203.0.113.9"},                      // no proxy
		{"203.0.113.9:4000", "198.51.100.1", "203.0.113.9"},          // a stranger's header is ignored
		{"10.1.2.3:4000", "198.51.100.1", "198.51.100.1"},            // the proxy names the client
		{"10.1.2.3:4000", "1.2.3.4, 198.51.100.1", "198.51.100.1"},   // what the client wrote before is not believed
		{"127.0.0.1:4000", "198.51.100.1, 10.9.9.9", "198.51.100.1"}, // two proxies in a row
		{"10.1.2.3:4000", "", "10.1.2.3"},                            // the proxy's own request
		{"10.1.2.3:4000", "not-an-address", "10.1.2.3"},              // an unreadable hop counts as the proxy
		{"[::1]:4000", "198.51.100.1", "::1"},                        // ::1 is not named
		{"10.1.2.3:4000", "2001:db8::7", "2001:db8::7"},              // IPv6 clients
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := ClientIP(r); got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: client %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
	TrustProxies(nil)
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr, r.Header["X-Forwarded-For"] = "10.1.2.3:4000", []string{"198.51.100.1"}
	if got := ClientIP(r); got != "10.1.2.3" {
		t.Errorf("with no proxy configured the header is believed: %s", got)
	}
}
