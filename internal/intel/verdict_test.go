package intel_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

var verdictDay = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

func analystCtx() context.Context {
	return access.With(context.Background(), &access.Actor{UserID: 7, Username: "xacminh", Grants: []access.Grant{{Role: access.RoleAnalyst, ScopeUnit: 2}}})
}

func pendingOf(t *testing.T, s *intel.Service, display string) intel.Pending {
	t.Helper()
	q, err := s.Queue(analystCtx())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range q {
		if p.Display == display {
			return p
		}
	}
	t.Fatalf("%s is not in the analysts' queue", display)
	return intel.Pending{}
}

// feedKeys lists the keys of a full feed of a kind.
func feedKeys(t *testing.T, s *intel.Service, kind string) map[string]string {
	t.Helper()
	f, err := s.Feed(context.Background(), kind, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, it := range f.Items {
		out[it.Key] = it.Verdict
	}
	return out
}

func TestVerdict_SuspiciousNeedsDistinctReportersAPartnerOrAnAnalyst(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := intel.NewService(db, clock.NewFixed(verdictDay))
		c := s.Checker()
		send := func(phone, ip, device string) {
			t.Helper()
			if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{phone}, IP: ip, Device: device}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
		}
		// One anonymous tip: unknown to the public, counted for the analyst.
		send("0388 111 222", "127.0.2.1", "dev-a")
		if a := c.Check("0388111222"); a.Verdict != "unknown" {
			t.Fatalf("one tip: %+v", a)
		}
		if p := pendingOf(t, s, "+84388111222"); p.Reports != 1 || p.Reporters != 1 || p.Public() != "chưa có thông tin (chưa cảnh báo)" {
			t.Fatalf("the analyst's view after one tip: %+v", p)
		}
		if v := c.Screen(intel.CallIn{Caller: "0388111222"}); v.Action != "allow" {
			t.Fatalf("screen after one tip: %+v", v)
		}
		if _, ok := feedKeys(t, s, "phone")["84388111222"]; ok {
			t.Fatal("the feed carries a number with one anonymous tip")
		}
		// Two more from the same address (other devices) and two more from
		// the same device (other addresses) still count as two reporters.
		send("0388111222", "127.0.2.1", "dev-b")
		send("0388111222", "127.0.2.1", "dev-c")
		send("0388111222", "127.0.3.1", "dev-a")
		send("0388111222", "127.0.4.1", "dev-a")
		if a := c.Check("0388111222"); a.Verdict != "unknown" {
			t.Fatalf("five tips from one address or one device: %+v", a)
		}
		if p := pendingOf(t, s, "+84388111222"); p.Reports != 5 || p.Reporters != 2 {
			t.Fatalf("the analyst's count: %+v, want 5 reports from 2 reporters", p)
		}
		// A third address with a third device: three distinct reporters.
		send("0388111222", "127.0.5.1", "dev-d")
		a := c.Check("0388111222")
		if a.Verdict != "suspicious" || strings.Contains(a.Advice, "6") {
			t.Fatalf("three distinct reporters: %+v", a)
		}
		if v := c.Screen(intel.CallIn{Caller: "0388111222"}); v.Action != "warn" {
			t.Fatalf("screen at the threshold: %+v", v)
		}
		if got := feedKeys(t, s, "phone")["84388111222"]; got != "suspicious" {
			t.Fatalf("the feed from the threshold on: %q", got)
		}
		// A partner's single report is enough.
		if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0388 999 000"}, Partner: "cgk_partner"}); err != nil {
			t.Fatal(err)
		}
		c.Refresh(ctx)
		if a := c.Check("0388999000"); a.Verdict != "suspicious" {
			t.Fatalf("a partner's report: %+v", a)
		}
		// An analyst's verification makes it a scam, and calls are blocked.
		if _, err := s.Decide(analystCtx(), pendingOf(t, s, "+84388999000").ID, true, ""); err != nil {
			t.Fatal(err)
		}
		c.Refresh(ctx)
		if a := c.Check("0388999000"); a.Verdict != "scam" {
			t.Fatalf("verified: %+v", a)
		}
		if v := c.Screen(intel.CallIn{Caller: "0388999000"}); v.Action != "block" {
			t.Fatalf("screen of a verified number: %+v", v)
		}
		// Another instance loading from scratch agrees.
		other := intel.NewService(db, clock.NewFixed(verdictDay)).Checker()
		if _, err := other.Load(ctx); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]string{"0388111222": "suspicious", "0388999000": "scam"} {
			if a := other.Check(q); a.Verdict != want {
				t.Errorf("another instance: %s → %s, want %s", q, a.Verdict, want)
			}
		}
	})
}

func TestVerdict_DeltaFeedNeverNamesWhatItNeverListed(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := intel.NewService(db, clock.NewFixed(verdictDay))
		if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0388 222 333", "https://mot-to-giac.example.vn/x"}, IP: "127.0.0.9", Device: "d"}); err != nil {
			t.Fatal(err)
		}
		for _, kind := range []string{"phone", "url"} {
			f, err := s.Feed(ctx, kind, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			d, err := s.Feed(ctx, kind, 1, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Items) != 0 || len(d.Items) != 0 {
				t.Errorf("%s feeds name an indicator with one anonymous tip: %+v %+v", kind, f.Items, d.Items)
			}
		}
		if ps := s.URLPrefixes(); len(ps) != 0 {
			t.Errorf("URL prefixes of an unconfirmed link: %v", ps)
		}
	})
}

func TestVerdict_ProtectedIndicatorsStayUnknownUntilADecision(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := intel.NewService(db, clock.NewFixed(verdictDay))
		c := s.Checker()
		official := []string{"https://www.vietcombank.com.vn/", "https://dichvucong.gov.vn/p/home", "1900 545 413"}
		for i := range 4 {
			if _, err := s.Submit(ctx, intel.TipInput{Indicators: official, IP: fmt.Sprintf("127.0.%d.1", 10+i), Device: fmt.Sprint("d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Submit(ctx, intel.TipInput{Indicators: official, Partner: "cgk_partner"}); err != nil {
			t.Fatal(err)
		}
		c.Refresh(ctx)
		for _, q := range official {
			if a := c.Check(q); a.Verdict != "unknown" {
				t.Errorf("%s after four citizens and a partner: %+v", q, a)
			}
		}
		p := pendingOf(t, s, "https://www.vietcombank.com.vn/")
		if !p.Protected || p.Reports != 5 || p.Reporters != 4 || p.Partners != 1 {
			t.Fatalf("the analyst's view of a protected link: %+v", p)
		}
		// Only a decision touches it: two analysts' (four eyes).
		for _, who := range []context.Context{analystCtx(), access.With(context.Background(), &access.Actor{UserID: 8, Username: "xacminh2", Grants: []access.Grant{{Role: access.RoleAnalyst, ScopeUnit: 2}}})} {
			if _, err := s.Decide(who, p.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		c.Refresh(ctx)
		if a := c.Check("https://www.vietcombank.com.vn/"); a.Verdict != "scam" {
			t.Fatalf("after a decision: %+v", a)
		}
		// The registry: a provincial analyst may not edit it; the national
		// level adds an entry, and what it covers loses its warning at once.
		if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0388 444 555"}, Partner: "cgk_partner"}); err != nil {
			t.Fatal(err)
		}
		c.Refresh(ctx)
		if a := c.Check("0388444555"); a.Verdict != "suspicious" {
			t.Fatalf("before protecting: %+v", a)
		}
		if err := s.AddProtected(analystCtx(), "0388 444 555", "Tổng đài thử"); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("a provincial analyst edits the registry: %v", err)
		}
		s.National = func(_ context.Context, unit int64) (bool, error) { return unit == 1, nil }
		national := access.With(ctx, &access.Actor{UserID: 8, Username: "trunguong", Grants: []access.Grant{{Role: access.RoleAnalyst, ScopeUnit: 1}}})
		if err := s.AddProtected(national, "0388 444 555", "Tổng đài thử"); err != nil {
			t.Fatal(err)
		}
		c.Refresh(ctx)
		if a := c.Check("0388444555"); a.Verdict != "unknown" {
			t.Fatalf("after protecting: %+v", a)
		}
		f, err := s.Feed(ctx, "phone", 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		removed := false
		for _, it := range f.Items {
			removed = removed || (it.Key == "84388444555" && it.Removed)
		}
		if !removed {
			t.Fatalf("the delta feed does not tell partners to drop it: %+v", f.Items)
		}
	})
}

func TestSubmit_CapsIndicatorsAndKeysTheAddressHash(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := intel.NewService(db, clock.NewFixed(verdictDay))
		many := make([]string, 3002)
		for i := range many {
			many[i] = fmt.Sprintf("0388%06d", i)
		}
		_, err := s.Submit(ctx, intel.TipInput{Indicators: many, IP: "127.0.0.2"})
		if msg := errs.FieldsOf(err)["indicators"]; !strings.Contains(msg, "tối đa 20") || !strings.Contains(msg, "3002") {
			t.Fatalf("3,002 indicators: %v", err)
		}
		if _, err := s.Submit(ctx, intel.TipInput{Indicators: many[:21], Partner: "cgk_p"}); err != nil {
			t.Fatalf("a partner report of 21 under its cap of %d: %v", s.MaxIndicatorsPerReport, err)
		}
		if _, err := s.Submit(ctx, intel.TipInput{Indicators: many[:51], Partner: "cgk_p"}); !strings.Contains(errs.FieldsOf(err)["indicators"], "tối đa 50") {
			t.Fatalf("a partner report over its cap: %v", err)
		}
		if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0388 000 001"}, IP: "127.0.0.2"}); err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := db.R.QueryRowContext(ctx, `SELECT ip_hash FROM tips WHERE partner = '' ORDER BY id DESC LIMIT 1`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		for _, guess := range []string{"127.0.0.2|" + verdictDay.Format("2006-01-02"), "127.0.0.2"} {
			h := sha256.Sum256([]byte(guess))
			if strings.HasPrefix(hex.EncodeToString(h[:]), stored) || strings.HasPrefix(stored, hex.EncodeToString(h[:8])) {
				t.Fatalf("the stored address hash %s is an unsalted SHA-256 of %q", stored, guess)
			}
		}
		if stored == "" || strings.Contains(stored, "127.0.0.2") {
			t.Fatalf("stored address hash %q", stored)
		}
	})
}
