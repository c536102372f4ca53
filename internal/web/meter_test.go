package web_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// clientFrom is a client whose requests come from another loopback
// address (all of 127/8 is the machine itself).
func clientFrom(t *testing.T, e *testutil.Env, ip string) *testutil.Client {
	c := e.NewClient(t)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c.HTTP.Transport = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}}
	return c
}

func wantRetryAfter(t *testing.T, r testutil.Response) {
	t.Helper()
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 {
		t.Fatalf("429 without a Retry-After in seconds: %q", r.Header.Get("Retry-After"))
	}
}

// 650 lookups from one address: the first 60 are answered, then the page
// says in Vietnamese when to come back, keeps the query, and another
// address is still answered.
func TestLookup_OneAddressIsRefusedAfterTheLimit(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	answered, refused := 0, 0
	var last testutil.Response
	for i := range 650 {
		r := c.Get(fmt.Sprintf("/tra-cuu?q=0389+000+%03d", i%300))
		switch r.Status {
		case http.StatusOK:
			if refused > 0 {
				t.Fatalf("lookup %d answered after a refusal", i)
			}
			answered++
		case http.StatusTooManyRequests:
			refused++
			last = r
		default:
			t.Fatalf("lookup %d: %d", i, r.Status)
		}
	}
	if answered != 60 || refused != 590 {
		t.Fatalf("answered %d, refused %d; want 60 and 590", answered, refused)
	}
	wantRetryAfter(t, last)
	if !strings.Contains(last.Body, "tra cứu quá 60 lần trong một phút") || !strings.Contains(last.Body, "thử lại sau") || !strings.Contains(last.Body, `value="0389 000 049"`) {
		t.Fatalf("refusal page: %.3000s", last.Body)
	}
	if r := c.Get("/tra-cuu"); r.Status != http.StatusOK {
		t.Fatalf("the empty check page is not a lookup: %d", r.Status)
	}
	if r := clientFrom(t, e, "127.0.0.2").Get("/tra-cuu?q=0389000005"); r.Status != http.StatusOK {
		t.Fatalf("another address: %d", r.Status)
	}
}

// Each public form takes ten submissions an hour from one address; the
// eleventh is a 429 page that shows the form again with what was typed.
func TestPublicForms_OneAddressIsRefusedAfterTenAnHour(t *testing.T) {
	cases := []struct {
		name, form, post string
		values           func(i int) url.Values
		kept             string
	}{
		{"subscription", "/dang-ky", "/dang-ky", func(i int) url.Values {
			return url.Values{"phone": {fmt.Sprintf("0912 000 %03d", i)}, "province": {"Cao Bằng"}, "groups": {"elderly"}, "consent": {"on"}}
		}, `value="0912 000 010"`},
		{"removal request", "/yeu-cau-go-canh-bao", "/yeu-cau-go-canh-bao", func(i int) url.Values {
			return url.Values{"indicator": {"0356 999 001"}, "reason": {fmt.Sprintf("Số này là của cửa hàng chúng tôi, lần %d.", i)}, "contact": {fmt.Sprintf("chu.cua.hang%d@example.vn", i)}, "consent": {"on"}}
		}, "Số này là của cửa hàng chúng tôi, lần 10."},
		{"scam report", "/to-giac", "/to-giac", func(i int) url.Values {
			return url.Values{"indicators": {fmt.Sprintf("0356 111 %03d", i)}, "tactic": {"fraud"}, "description": {fmt.Sprintf("Gọi mời đầu tư, lần %d.", i)}}
		}, "Gọi mời đầu tư, lần 10."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := testutil.Start(t, "")
			// Reported by three people, so that there is a warning to ask to remove.
			for _, ip := range []string{"127.0.7.1", "127.0.8.1", "127.0.9.1"} {
				reporter := clientFrom(t, e, ip)
				reporter.Get("/to-giac")
				if r := reporter.Post("/to-giac", url.Values{"indicators": {"0356 999 001"}, "description": {"Gọi giả danh công an."}}); r.Status != http.StatusSeeOther {
					t.Fatalf("report: %d", r.Status)
				}
			}
			e.App.Intel.Checker().Refresh(context.Background())
			c := e.NewClient(t)
			c.Get(tc.form)
			for i := range 10 {
				if r := c.Post(tc.post, tc.values(i)); r.Status != http.StatusSeeOther {
					t.Fatalf("submission %d: %d %.500s", i, r.Status, r.Body)
				}
			}
			r := c.Post(tc.post, tc.values(10))
			if r.Status != http.StatusTooManyRequests {
				t.Fatalf("eleventh submission: %d, want 429", r.Status)
			}
			wantRetryAfter(t, r)
			if !strings.Contains(r.Body, "gửi biểu mẫu này 10 lần trong một giờ") || !strings.Contains(r.Body, tc.kept) {
				t.Fatalf("refusal does not say why or lost what was typed: %.4000s", r.Body)
			}
			other := clientFrom(t, e, "127.0.3.1") // another network: the tip limit counts per /24
			other.Get(tc.form)
			if r := other.Post(tc.post, tc.values(11)); r.Status != http.StatusSeeOther {
				t.Fatalf("another address: %d %.300s", r.Status, r.Body)
			}
		})
	}
}

// One phone number subscribed from many addresses: after three a day the
// form refuses it, so nobody can have us message a stranger again and again.
func TestSubscribe_OneContactIsRefusedAfterThreeADay(t *testing.T) {
	e := testutil.Start(t, "")
	for i := range 4 {
		c := clientFrom(t, e, fmt.Sprintf("127.0.0.%d", 10+i))
		c.Get("/dang-ky")
		phone := []string{"0912 345 678", "+84 912 345 678", "0912345678", "(091) 234-5678"}[i]
		r := c.Post("/dang-ky", url.Values{"phone": {phone}, "province": {"Cao Bằng"}, "groups": {"elderly"}, "consent": {"on"}})
		if i < 3 && r.Status != http.StatusSeeOther {
			t.Fatalf("subscription %d: %d %.300s", i, r.Status, r.Body)
		}
		if i == 3 {
			if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Liên hệ này đã được đăng ký 3 lần trong một ngày") || !strings.Contains(r.Body, `value="(091) 234-5678"`) {
				t.Fatalf("fourth subscription of one phone: %d %.3000s", r.Status, r.Body)
			}
			wantRetryAfter(t, r)
		}
	}
}
