package audience_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// phones is the courier at the service's edge: what each contact
// received. (The whole path, through the simulated message centre and a
// real SMTP server, is tested in internal/web.)
type phones struct {
	mu       sync.Mutex
	channels map[string]bool
	got      map[string][]audience.Note
}

func newPhones(channels ...string) *phones {
	p := &phones{channels: map[string]bool{}, got: map[string][]audience.Note{}}
	for _, c := range channels {
		p.channels[c] = true
	}
	return p
}

func (p *phones) Can(c string) bool { return p.channels[c] }

func (p *phones) Send(_ context.Context, n audience.Note) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.got[n.To] = append(p.got[n.To], n)
	return nil
}

var sixDigits = regexp.MustCompile(`: (\d{6}) `)

// last is the last code a phone received.
func (p *phones) last(t *testing.T, to string) string {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	ns := p.got[to]
	if len(ns) == 0 {
		t.Fatalf("%s received nothing", to)
	}
	m := sixDigits.FindStringSubmatch(ns[len(ns)-1].Text)
	if m == nil {
		t.Fatalf("no code in %q", ns[len(ns)-1].Text)
	}
	return m[1]
}

func (p *phones) count(to string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.got[to])
}

var start = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func TestConsent_CodesAreMeteredPerContact(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := clock.NewFixed(start)
		s := audience.NewService(db, clk)
		keys := testutil.Keys(t)
		s.UseKeys(keys)
		ph := newPhones("sms")
		s.UseCourier(ph, "")
		ctx := context.Background()
		for i := range audience.CodesPerHour + 2 {
			// The same answer every time: a reference, no error.
			if ref, err := s.Request(ctx, audience.Input{Phone: "0912 000 001", Consent: true}); err != nil || ref == "" {
				t.Fatalf("request %d: %q %v", i+1, ref, err)
			}
			clk.Advance(time.Minute)
		}
		if n := ph.count("+84912000001"); n != audience.CodesPerHour {
			t.Fatalf("%d codes sent to one phone within the hour, want %d", n, audience.CodesPerHour)
		}
		clk.Advance(time.Hour)
		s.Request(ctx, audience.Input{Phone: "0912000001", Consent: true})
		if n := ph.count("+84912000001"); n != audience.CodesPerHour+1 {
			t.Fatalf("an hour later: %d codes, want %d", n, audience.CodesPerHour+1)
		}
	})
}

func TestConsent_CodeExpiresAndWrongTriesVoidIt(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, tc := range []struct {
			name  string
			phone string
			wrong int
			wait  time.Duration
			want  string // "" for confirmed
		}{
			{"right at once", "+84912000101", 0, 0, ""},
			{"four wrong, then right", "+84912000102", audience.MaxTries - 1, 0, ""},
			{"five wrong void the code", "+84912000103", audience.MaxTries, 0, "không dùng được nữa"},
			{"after the code's time", "+84912000104", 0, audience.CodeTTL + time.Second, "không dùng được nữa"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				clk := clock.NewFixed(start)
				s := audience.NewService(db, clk)
				keys := testutil.Keys(t)
				s.UseKeys(keys)
				ph := newPhones("sms")
				s.UseCourier(ph, "")
				phone := tc.phone
				ref, err := s.Request(ctx, audience.Input{Phone: phone, Province: "Cao Bằng", Consent: true})
				if err != nil {
					t.Fatal(err)
				}
				code := ph.last(t, phone)
				wrong := "000000"
				if code == wrong {
					wrong = "111111"
				}
				for i := range tc.wrong {
					if _, err := s.Confirm(ctx, ref, wrong); !strings.Contains(errs.FieldsOf(err)["code"], "Mã không đúng") {
						t.Fatalf("wrong try %d: %v", i+1, err)
					}
				}
				clk.Advance(tc.wait)
				c, err := s.Confirm(ctx, ref, code)
				if tc.want == "" {
					if err != nil || c.Channel != "sms" || !c.At.Equal(clk.Now()) || c.Token == "" {
						t.Fatalf("confirm: %+v %v", c, err)
					}
					m, err := s.ByToken(ctx, c.Token)
					if err != nil || m.ConfirmedAt == nil || m.ConfirmedChannel != "sms" || m.Province != "Cao Bằng" {
						t.Fatalf("the subscription: %+v %v", m, err)
					}
					return
				}
				if !strings.Contains(errs.FieldsOf(err)["code"], tc.want) {
					t.Fatalf("confirm: %+v %v, want %q", c, err, tc.want)
				}
			})
		}
	})
}

func TestConsent_RequestRefusals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		s := audience.NewService(db, clock.NewFixed(start))
		keys := testutil.Keys(t)
		s.UseKeys(keys)
		s.UseCourier(newPhones("sms"), "") // no SMTP
		ctx := context.Background()
		for _, tc := range []struct {
			in          audience.Input
			field, want string
		}{
			{audience.Input{Zalo: "banoi", Consent: true}, "phone", "Hãy ghi số điện thoại hoặc thư điện tử"},
			{audience.Input{Email: "ba@example.vn", Consent: true}, "email", "chưa gửi được thư xác nhận"},
			{audience.Input{Phone: "0912000001"}, "consent", "Hãy đánh dấu đồng ý"},
		} {
			_, err := s.Request(ctx, tc.in)
			if got := errs.FieldsOf(err)[tc.field]; !strings.Contains(got, tc.want) {
				t.Errorf("%+v: %s = %q, want %q", tc.in, tc.field, got, tc.want)
			}
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM consent_requests`).Scan(&n)
		if n != 0 {
			t.Errorf("%d requests kept from refused forms", n)
		}
	})
}

// Unsubscribing goes by the token only; the SMS reply "TC" comes from the
// phone itself.
func TestConsent_UnsubscribeByTokenOnly(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		s := audience.NewService(db, clock.NewFixed(start))
		keys := testutil.Keys(t)
		s.UseKeys(keys)
		ph := newPhones("sms")
		s.UseCourier(ph, "")
		ctx := context.Background()
		ref, _ := s.Request(ctx, audience.Input{Phone: "0912000009", Consent: true})
		c, err := s.Confirm(ctx, ref, ph.last(t, "+84912000009"))
		if err != nil {
			t.Fatal(err)
		}
		for _, probe := range []string{"0912000009", "+84912000009", ""} {
			if ok, err := s.Unsubscribe(ctx, probe); ok || err != nil {
				t.Errorf("unsubscribed by %q: %v %v", probe, ok, err)
			}
			if _, err := s.ByToken(ctx, probe); err != errs.ErrNotFound {
				t.Errorf("opened by %q: %v", probe, err)
			}
		}
		if ok, err := s.Unsubscribe(ctx, c.Token); !ok || err != nil {
			t.Fatalf("unsubscribe by token: %v %v", ok, err)
		}
		if m, _ := s.ByToken(ctx, c.Token); m == nil || !m.OptedOut {
			t.Fatalf("not opted out: %+v", m)
		}
		active, _, _ := s.Count(access.With(ctx, access.System()))
		if active != 0 {
			t.Fatalf("%d active after unsubscribing", active)
		}
	})
}
