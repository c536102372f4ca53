package intel_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// TestVerdict_AddressesOfOneNetworkCountAsOneReporter: one person holding
// three addresses of one /24 (or of one IPv6 /64) is one reporter, however
// many devices they claim.
func TestVerdict_AddressesOfOneNetworkCountAsOneReporter(t *testing.T) {
	cases := []struct {
		name          string
		addrs         []string
		wantReporters int
		wantVerdict   string
	}{
		{"three IPv4 addresses of one /24", []string{"203.0.113.1", "203.0.113.2", "203.0.113.250"}, 1, "unknown"},
		{"three IPv6 addresses of one /64", []string{"2001:db8:1:2::1", "2001:db8:1:2::ff", "2001:db8:1:2:abcd::9"}, 1, "unknown"},
		{"an IPv4 /24 written as IPv4-in-IPv6", []string{"203.0.113.1", "::ffff:203.0.113.2", "203.0.113.3"}, 1, "unknown"},
		{"three networks", []string{"203.0.113.1", "198.51.100.1", "2001:db8:1:3::1"}, 3, "suspicious"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.ForEach(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				s := intel.NewService(db, clock.NewFixed(verdictDay))
				phone := fmt.Sprintf("0388 77%d 000", i)
				for j, a := range c.addrs {
					if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{phone}, IP: a, Device: fmt.Sprint("thiet-bi-", j)}); err != nil {
						t.Fatal(err)
					}
				}
				c0 := s.Checker()
				if _, err := c0.Load(ctx); err != nil {
					t.Fatal(err)
				}
				if a := c0.Check(phone); a.Verdict != c.wantVerdict {
					t.Errorf("verdict %q, want %q", a.Verdict, c.wantVerdict)
				}
				display := "+84" + strings.ReplaceAll(phone, " ", "")[1:]
				if p := pendingOf(t, s, display); p.Reporters != c.wantReporters {
					t.Errorf("the analyst sees %d reporters, want %d", p.Reporters, c.wantReporters)
				}
			})
		})
	}
}

// TestDeviceCookie_OnlyTheServersOwnIdsCount: a made-up device id (the old
// cookie accepted any 32 hex digits) is no device at all.
func TestDeviceCookie_OnlyTheServersOwnIdsCount(t *testing.T) {
	s := intel.NewService(nil, clock.NewFixed(verdictDay))
	issued := s.DeviceCookie()
	id := s.DeviceOf(issued)
	if len(id) != 32 {
		t.Fatalf("the server's own cookie %q gives id %q", issued, id)
	}
	other := intel.NewService(nil, clock.NewFixed(verdictDay))
	for _, forged := range []string{
		"0123456789abcdef0123456789abcdef",
		id,
		id + ".",
		id + ".00000000000000000000000000000000",
		other.DeviceCookie(), // signed under another key
		strings.ToUpper(issued),
	} {
		if got := s.DeviceOf(forged); got != "" {
			t.Errorf("DeviceOf(%q) = %q, want none", forged, got)
		}
	}
}

// TestVerdict_LargePlatformsAreNeverFlaggedByReports: reports from many
// distinct reporters do not put "suspicious" on a large platform's domain.
func TestVerdict_LargePlatformsAreNeverFlaggedByReports(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := intel.NewService(db, clock.NewFixed(verdictDay))
		platforms := []string{"https://shopee.vn/", "https://www.lazada.vn/", "https://tiki.vn/", "https://id.zalo.me/account", "https://business.facebook.com/login", "https://www.google.com/"}
		for i := range 5 {
			if _, err := s.Submit(ctx, intel.TipInput{Indicators: platforms, IP: fmt.Sprintf("198.51.%d.7", 10+i), Device: fmt.Sprint("d", i)}); err != nil {
				t.Fatal(err, errs.FieldsOf(err))
			}
		}
		c := s.Checker()
		if _, err := c.Load(ctx); err != nil {
			t.Fatal(err)
		}
		for _, q := range platforms {
			if a := c.Check(q); a.Verdict != "unknown" {
				t.Errorf("%s after five distinct reporters: %q", q, a.Verdict)
			}
		}
	})
}
