package intel_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// reportTwice makes indicators suspicious: two distinct reporters (the
// threshold is 2 here), then a checker built by Load as after a restart.
func reportTwice(t *testing.T, db *store.DB, once []string, indicators ...string) *intel.Checker {
	t.Helper()
	ctx := context.Background()
	s := intel.NewService(db, clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)))
	s.SuspiciousReporters = 2
	for i, dev := range []string{"may-a", "may-b"} {
		in := intel.TipInput{Indicators: indicators, Tactic: "fraud", IP: "10.0." + string(rune('1'+i)) + ".1", Device: dev}
		if i == 0 {
			in.Indicators = append(append([]string{}, indicators...), once...)
		}
		if _, err := s.Submit(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	c := intel.NewService(db, clock.NewFixed(time.Now())).Checker()
	if _, err := c.Load(ctx); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCheck_LinkFoundWithAndWithoutWWWAndByItsSite(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		c := reportTwice(t, db, []string{"https://tin-don.xyz/a", "https://vcb-hoantien.xyz/chi-mot-nguoi"},
			"https://www.vcb-hoantien.xyz/nhan-tien", "m.khuyen-mai.top/qua")
		cases := []struct {
			q, verdict string
			site       bool
		}{
			{"vcb-hoantien.xyz/nhan-tien", "suspicious", false},
			{"https://vcb-hoantien.xyz/nhan-tien/buoc-2?x=1", "suspicious", false},
			{"https://www.vcb-hoantien.xyz/nhan-tien", "suspicious", false},
			{"m.vcb-hoantien.xyz/nhan-tien", "suspicious", false},
			{"vcb-hoantien.xyz", "suspicious", true},
			{"https://www.vcb-hoantien.xyz/", "suspicious", true},
			{"khuyen-mai.top/qua", "suspicious", false},
			{"www.khuyen-mai.top", "suspicious", true},
			{"vcb-hoantien.xyz/gioi-thieu", "unknown", false},
			{"vcb-hoantien.xyz/chi-mot-nguoi", "unknown", false}, // one reporter: below the threshold
			{"khac.vcb-hoantien.xyz", "unknown", false},
			{"tin-don.xyz", "unknown", false}, // a site whose only path is unconfirmed
		}
		for _, tc := range cases {
			a := c.Check(tc.q)
			if a.Verdict != tc.verdict || a.Site != tc.site {
				t.Errorf("%q → verdict %s site %v (%+v), want %s site %v", tc.q, a.Verdict, a.Site, a, tc.verdict, tc.site)
			}
		}
	})
}

func TestCheck_ShortenerNamedWithoutFollowing(t *testing.T) {
	db := storetest.SQLite(t)
	c := reportTwice(t, db, nil, "https://bit.ly/3loDao")
	for _, q := range []string{"https://bit.ly/abcXYZ", "tinyurl.com/y2k9", "https://s.id/qua-tang", "rb.gy/x1"} {
		a := c.Check(q)
		if a.Verdict != "unknown" || !a.Shortener || a.Reason != "link rút gọn: không biết đích đến" || !strings.Contains(a.Advice, "link rút gọn") {
			t.Errorf("%q → %+v", q, a)
		}
	}
	// A reported short link keeps its verdict, and is still named a shortener.
	if a := c.Check("bit.ly/3loDao"); a.Verdict != "suspicious" || !a.Shortener {
		t.Errorf("reported short link → %+v", a)
	}
	// The service itself is not answered for one of its links.
	if a := c.Check("bit.ly"); a.Verdict != "unknown" || a.Site {
		t.Errorf("bare shortener → %+v", a)
	}
}

// A host whose paths are many people's pages (a link page, a form
// service) is not answered for its worst path: a few reports of one page
// must not put "suspicious" on the service for every partner.
func TestCheck_SharedHostIsNotAnsweredForOnePath(t *testing.T) {
	db := storetest.SQLite(t)
	c := reportTwice(t, db, nil, "https://linktr.ee/probescam", "https://forms.gle/AbC123")
	for q, want := range map[string]string{"linktr.ee/probescam": "suspicious", "linktr.ee": "unknown", "https://www.linktr.ee/": "unknown",
		"linktr.ee/nguoi-khac": "unknown", "forms.gle/AbC123": "suspicious", "forms.gle": "unknown"} {
		if a := c.Check(q); a.Verdict != want || a.Site {
			t.Errorf("%q → %s site %v, want %s", q, a.Verdict, a.Site, want)
		}
	}
}

func TestCheck_BareAccountFoundAtEveryBankAndBesideAPhone(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		c := reportTwice(t, db, nil, "VCB 0071001234567", "BIDV 0071001234567", "MB 0389000000")
		a := c.Check("0071001234567")
		if a.Kind != "bank" || a.Verdict != "suspicious" || a.Display != "0071 001 234 567" || len(a.Accounts) != 2 ||
			a.Accounts[0].Bank != "BIDV" && a.Accounts[0].Bank != "Vietcombank" || a.Accounts[0].Display == "" {
			t.Fatalf("bare account: %+v", a)
		}
		if a := c.Check("0071 0012 34567"); a.Verdict != "suspicious" || len(a.Accounts) != 2 {
			t.Errorf("grouped bare account: %+v", a)
		}
		a = c.Check("0389 000 000")
		if a.Kind != "phone" || a.Verdict != "unknown" || a.Display != "0389 000 000" || len(a.Accounts) != 1 ||
			a.Accounts[0].Bank != "MB" || a.Accounts[0].Verdict != "suspicious" || a.Accounts[0].Display != "MB · 0389 000 000" {
			t.Fatalf("phone that is also a reported account: %+v", a)
		}
		var batch struct{ Results []intel.Answer }
		if err := json.Unmarshal(c.AppendBatch(nil, []string{"0389 000 000", "0071001234567"}), &batch); err != nil ||
			len(batch.Results) != 2 || len(batch.Results[0].Accounts) != 1 || len(batch.Results[1].Accounts) != 2 {
			t.Fatalf("a batch answers the same: %+v %v", batch, err)
		}
		if a := c.Check("99887766554433"); a.Kind != "bank" || a.Verdict != "unknown" || len(a.Accounts) != 0 || a.Reason != "" {
			t.Errorf("an unreported account: %+v", a)
		}
		if a := c.Check("0912 34"); a.Kind != "invalid" {
			t.Errorf("a mistyped phone stays a phone's refusal: %+v", a)
		}
	})
}

func TestCheck_OldLandlineMeetsTodaysNumber(t *testing.T) {
	db := storetest.SQLite(t)
	c := reportTwice(t, db, nil, "024 3812 3456")
	a := c.Check("04 3812 3456")
	if a.Verdict != "suspicious" || a.Normalized != "+842438123456" || a.Display != "024 3812 3456" {
		t.Fatalf("old Hà Nội writing: %+v", a)
	}
	if a := c.Check("04 3812 345"); a.Kind != "invalid" || !strings.Contains(a.Reason, "mã vùng cũ 04 (Hà Nội") {
		t.Errorf("old writing of the wrong length: %+v", a)
	}
}

func TestCheck_LookalikeSiteSuspiciousWithoutReportAndNeverInFeeds(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := intel.NewService(db, clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)))
		c := s.Checker()
		if _, err := c.Load(ctx); err != nil {
			t.Fatal(err)
		}
		cases := []struct{ q, brand, official string }{
			{"https://vietcombank-xacthuc.com/login", "Vietcombank", "vietcombank.com.vn"},
			{"vietcоmbank.com", "Vietcombank", "vietcombank.com.vn"}, // Cyrillic о
			{"http://xn--vietcmbank-ivi.com/", "Vietcombank", "vietcombank.com.vn"},
			{"techcombnk.online/dang-nhap", "Techcombank", "techcombank.com.vn"},
			{"acb-hotro.net", "ACB", "acb.com.vn"},
			{"viettel-khuyenmai.com", "Viettel", "viettel.vn"},
		}
		for _, tc := range cases {
			a := c.Check(tc.q)
			if a.Verdict != "suspicious" || a.Lookalike == nil || a.Lookalike.Brand != tc.brand || a.Lookalike.Official != tc.official ||
				a.Reason != "giả mạo "+tc.brand+"; trang chính thức là "+tc.official || !strings.Contains(a.Advice, tc.official) {
				t.Errorf("%q → %+v (lookalike %+v)", tc.q, a, a.Lookalike)
			}
		}
		for _, q := range []string{"https://www.vietcombank.com.vn/vi-VN", "ebank.techcombank.com.vn", "dichvucong.gov.vn", "acbonline.net", "vnexpress.net"} {
			if a := c.Check(q); a.Verdict != "unknown" || a.Lookalike != nil {
				t.Errorf("%q → %+v, want unknown", q, a)
			}
		}
		f, err := s.Feed(ctx, "url", 0, 100)
		if err != nil || len(f.Items) != 0 {
			t.Fatalf("a look-alike verdict alone reached the feed: %+v %v", f, err)
		}
		// The national level adds a brand; the next refresh knows it.
		national := access.With(ctx, &access.Actor{UserID: 1, Username: "tw", Grants: []access.Grant{{Role: access.RoleAnalyst, ScopeUnit: 1}}})
		s.National = func(context.Context, int64) (bool, error) { return true, nil }
		if err := s.AddProtected(national, "https://seabank.com.vn", "SeABank"); err != nil {
			t.Fatal(err)
		}
		if a := c.Check("seabank-hoantien.com"); a.Verdict != "unknown" {
			t.Fatalf("before refresh: %+v", a)
		}
		if _, err := c.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if a := c.Check("seabank-hoantien.com"); a.Lookalike == nil || a.Lookalike.Brand != "SeABank" {
			t.Fatalf("after refresh: %+v", a)
		}
	})
}

func TestCheck_AnswersNameTheScamKindInWords(t *testing.T) {
	db := storetest.SQLite(t)
	c := reportTwice(t, db, nil, "0389 000 001")
	a := c.Check("+84389000001")
	if a.Verdict != "suspicious" || len(a.ScamKinds) != 1 || a.ScamKinds[0] == "fraud" || a.ScamKinds[0] == "" || a.Display != "0389 000 001" {
		t.Fatalf("%+v", a)
	}
}

func TestCheckDetails_ProvinceAndMonthOfTheFirstReportWhichALaterTipDoesNotChange(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// 30/11 at 20:00 UTC is already 1 December in Vietnam.
		s := intel.NewService(db, clock.NewFixed(time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)))
		s.SuspiciousReporters = 2
		for i, dev := range []string{"may-a", "may-b"} {
			in := intel.TipInput{Indicators: []string{"0389 000 002", "https://www.lua-qua.xyz/nhan", "VCB 0071009999999"}, Tactic: "fraud",
				Province: "Điện Biên", IP: "10.1." + string(rune('1'+i)) + ".1", Device: dev}
			if _, err := s.Submit(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		c := s.Checker()
		if _, err := c.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"0389000002", "lua-qua.xyz", "0071009999999", "Vietcombank 0071009999999"} {
			a := c.Check(q)
			if err := c.Details(ctx, &a); err != nil {
				t.Fatal(err)
			}
			if a.Verdict != "suspicious" || a.Province != "Điện Biên" || a.FirstReport != "12/2026" {
				t.Errorf("%q → %+v", q, a)
			}
		}
		// A later anonymous report from elsewhere changes nothing the
		// public reads.
		if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0389 000 002"}, Tactic: "fraud", Province: "Lai Châu", IP: "10.9.9.1", Device: "may-c"}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		later := c.Check("0389000002")
		if err := c.Details(ctx, &later); err != nil || later.Province != "Điện Biên" || later.FirstReport != "12/2026" {
			t.Errorf("after a later tip from Lai Châu: %+v %v", later, err)
		}
		a := c.Check("0389000003")
		if err := c.Details(ctx, &a); err != nil || a.Province != "" || a.FirstReport != "" {
			t.Errorf("unknown gets no details: %+v %v", a, err)
		}
	})
}

func TestCheck_LookalikeOfPublicServicesFromTheSeededList(t *testing.T) {
	db := storetest.SQLite(t)
	c := intel.NewService(db, clock.NewFixed(time.Now())).Checker()
	if _, err := c.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	for q, brand := range map[string]string{
		"dichvucong-gov.com/nop-phat":   "Cổng Dịch vụ công quốc gia",
		"vneid-capnhat.com":             "VNeID",
		"csgt-phatnguoi.online":         "Cục Cảnh sát giao thông",
		"sacombank-hotro.com/dang-nhap": "Sacombank",
	} {
		if a := c.Check(q); a.Verdict != "suspicious" || a.Lookalike == nil || a.Lookalike.Brand != brand {
			t.Errorf("%q → %+v", q, a)
		}
	}
	if a := c.Check("https://csgt.vn/tra-cuu-phuong-tien-vi-pham.html"); a.Lookalike != nil {
		t.Errorf("official csgt.vn flagged: %+v", a)
	}
}
