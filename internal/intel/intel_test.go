package intel_test

import (
	"context"
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

func TestReportVerifyCheck_EverySpellingAndEveryURLUnderThePath(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := sealedService(t, db)
		tip, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0168 812 3456", "http://lua-dao.vn/dang-nhap", ""}, Tactic: "fraud",
			HappenedOn: "20/11/2026", MoneyLost: "15.000.000", Description: "Giả danh ngân hàng gọi điện, gửi link đăng nhập giả.", IP: "10.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tip.Code, "TG-") || len(tip.Items) != 2 || tip.Items[0].Display != "+84388123456" {
			t.Fatalf("tip = %+v", tip)
		}
		c := s.Checker()
		if _, err := c.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if a := c.Check("+84 388 123 456"); a.Verdict != "unknown" {
			t.Fatalf("after one anonymous report: %+v", a)
		}
		analyst := access.With(ctx, &access.Actor{UserID: 7, Username: "xacminh", Grants: []access.Grant{{Role: access.RoleAnalyst, ScopeUnit: 1}}})
		q, err := s.Queue(analyst)
		if err != nil || len(q) != 2 || len(q[0].Tips) != 1 {
			t.Fatalf("queue: %+v %v", q, err)
		}
		for _, p := range q {
			if _, err := s.Decide(analyst, p.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Queue(ctx); err == nil {
			t.Fatal("the queue without an analyst should be refused")
		}
		if n, err := c.Refresh(ctx); err != nil || n != 2 {
			t.Fatalf("refresh after decisions: %d %v", n, err)
		}
		for _, spelling := range []string{"01688123456", "0388123456", "+84 388 123 456", "84388123456", "038.812.3456", "(038) 812 3456"} {
			if a := c.Check(spelling); a.Verdict != "scam" || !a.Verified {
				t.Errorf("%q → %+v, want scam", spelling, a)
			}
		}
		for _, u := range []string{"lua-dao.vn/dang-nhap", "https://www.lua-dao.vn/dang-nhap?ref=zalo", "HTTP://LUA-DAO.VN/dang-nhap/buoc-2"} {
			if a := c.Check(u); a.Verdict != "scam" {
				t.Errorf("%q → %+v, want scam", u, a)
			}
		}
		if a := c.Check("http://lua-dao.vn/gioi-thieu"); a.Verdict != "unknown" || !strings.Contains(a.Advice, "KHÔNG có nghĩa là an toàn") {
			t.Errorf("another path: %+v", a)
		}
		if a := c.Check("0912 34"); a.Kind != "invalid" || a.Reason == "" {
			t.Errorf("a short number: %+v", a)
		}
		got, err := s.TipByCode(ctx, strings.ToLower(tip.Code))
		if err != nil || got.Status != "verified" || !strings.Contains(got.Outcome, "Đã xác minh") {
			t.Fatalf("the reporter's page: %+v %v", got, err)
		}
		// A second instance loads the same answers from the change log.
		other := intel.NewService(db, clock.NewFixed(time.Now())).Checker()
		if _, err := other.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if a := other.Check("0388123456"); a.Verdict != "scam" {
			t.Fatalf("another instance: %+v", a)
		}
	})
}

func TestSubmit_RefusesBadInputAndFloods(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := intel.NewService(db, clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)))
		cases := []struct {
			in    intel.TipInput
			field string
		}{
			{intel.TipInput{Indicators: []string{"abc"}}, "indicators"},
			{intel.TipInput{}, "indicators"},
			{intel.TipInput{Indicators: []string{"0912345678"}, Contact: "0987 654 321"}, "consent"},
			{intel.TipInput{Indicators: []string{"0912345678"}, MoneyLost: "mười triệu"}, "money_lost"},
			{intel.TipInput{Indicators: []string{"0912345678"}, HappenedOn: "31/02/2026"}, "happened_on"},
			{intel.TipInput{Indicators: []string{"0912345678"}, Website: "http://spam"}, "website"},
		}
		for i, c := range cases {
			_, err := s.Submit(ctx, c.in)
			if f := errs.FieldsOf(err); f[c.field] == "" {
				t.Errorf("case %d: %v, want a message on %q", i, err, c.field)
			}
		}
		s.MaxTipsPerHour = 2
		for i := 0; i < 2; i++ {
			if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0912345678"}, IP: "10.9.9.9"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0912345678"}, IP: "10.9.9.9"}); errs.KindOf(err) != errs.KindTooMany {
			t.Fatalf("third report in an hour: %v", err)
		}
	})
}

func TestScreen_BlocksVerifiedAndSpoofedWarnsReportedVoIPAndForeign(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	s := intel.NewService(db, clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)))
	if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0388123456", "0977000111", "0966000222"}, IP: "1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0977000111"}, Partner: "cgk_test"}); err != nil {
		t.Fatal(err)
	}
	analyst := access.With(ctx, &access.Actor{UserID: 7, Grants: []access.Grant{{Role: access.RoleAnalyst, ScopeUnit: 1}}})
	q, _ := s.Queue(analyst)
	for _, p := range q {
		if p.Display == "+84388123456" {
			s.Decide(analyst, p.ID, true, "")
		}
	}
	c := s.Checker()
	c.Refresh(ctx)
	cases := []struct {
		in   intel.CallIn
		want string
	}{
		{intel.CallIn{Caller: "01688123456"}, "block"},
		{intel.CallIn{Caller: "0977 000 111"}, "warn"},  // a partner's report: suspicious
		{intel.CallIn{Caller: "0966 000 222"}, "allow"}, // one anonymous report: not enough
		{intel.CallIn{Caller: "+84912345678", International: true}, "block"},
		{intel.CallIn{Caller: "+12025550123", International: true}, "warn"},
		{intel.CallIn{Caller: "0912345678", VoIP: true}, "warn"},
		{intel.CallIn{Caller: "0912345678"}, "allow"},
		{intel.CallIn{Caller: "", International: true}, "warn"},
	}
	for _, c2 := range cases {
		if v := c.Screen(c2.in); v.Action != c2.want || (v.Action != "allow" && v.Message == "") {
			t.Errorf("%+v → %+v, want %s", c2.in, v, c2.want)
		}
	}
}
