package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// The check API keeps its fields and adds the friendly ones: what a
// partner reported is found by every spelling, bare accounts and old
// landlines are read, look-alike sites are named.
func TestAPICheck_VariantsAccountsLandlinesAndLookalikes(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	_, key, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-vcb", "ngân hàng", []string{"check", "report"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	code, body := e.API(t, http.MethodPost, "/api/v1/reports", key,
		`{"reports":[{"indicators":["https://www.vcb-hoantien.xyz/nhan-tien","VCB 0071001234567","024 3812 3456"],"tactic":"fraud"}]}`)
	if code != 200 {
		t.Fatalf("partner report: %d %s", code, body)
	}
	if _, err := e.App.Intel.Checker().Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	type answer struct {
		Query, Kind, Normalized, Verdict, Advice, Reason, Display string
		Verified                                                  bool
		Tactics                                                   []string
		ScamKinds                                                 []string `json:"scam_kinds"`
		Site, Shortener                                           bool
		Lookalike                                                 *struct{ Brand, Official string }
		Accounts                                                  []struct{ Bank, Display, Verdict string }
	}
	get := func(q string) answer {
		t.Helper()
		code, body := e.API(t, http.MethodGet, "/api/v1/check?q="+url.QueryEscape(q), key, "")
		var a answer
		if err := json.Unmarshal([]byte(body), &a); code != 200 || err != nil {
			t.Fatalf("%q: %d %s %v", q, code, body, err)
		}
		return a
	}
	cases := []struct {
		q       string
		check   func(a answer) bool
		explain string
	}{
		{"vcb-hoantien.xyz/nhan-tien", func(a answer) bool { return a.Verdict == "suspicious" && a.Display == "vcb-hoantien.xyz/nhan-tien" }, "the path without www."},
		{"vcb-hoantien.xyz", func(a answer) bool { return a.Verdict == "suspicious" && a.Site }, "the bare domain answers for its site"},
		{"0071001234567", func(a answer) bool {
			return a.Kind == "bank" && a.Verdict == "suspicious" && len(a.Accounts) == 1 && a.Accounts[0].Bank == "Vietcombank" &&
				a.Accounts[0].Display == "Vietcombank · 0071 001 234 567"
		}, "a bare account names its bank"},
		{"04 3812 3456", func(a answer) bool {
			return a.Verdict == "suspicious" && a.Normalized == "+842438123456" && a.Display == "024 3812 3456"
		}, "an old Hà Nội landline"},
		{"https://vietcombank-xacthuc.com/login", func(a answer) bool {
			return a.Verdict == "suspicious" && a.Lookalike != nil && a.Lookalike.Brand == "Vietcombank" && a.Lookalike.Official == "vietcombank.com.vn" &&
				a.Reason == "giả mạo Vietcombank; trang chính thức là vietcombank.com.vn"
		}, "a look-alike site"},
		{"bit.ly/qua-tang", func(a answer) bool { return a.Verdict == "unknown" && a.Shortener }, "a shortener"},
	}
	for _, c := range cases {
		if a := get(c.q); !c.check(a) {
			t.Errorf("%s: %q → %+v", c.explain, c.q, a)
		}
	}
	// A look-alike verdict never reaches the partner feed.
	_, feed := e.API(t, http.MethodGet, "/api/v1/feeds/url", key, "")
	var f struct{ Items []struct{ Key string } }
	json.Unmarshal([]byte(feed), &f)
	for _, it := range f.Items {
		if it.Key == "vietcombank-xacthuc.com/" || it.Key == "vietcombank-xacthuc.com/login/" {
			t.Fatalf("look-alike in the feed: %s", feed)
		}
	}
}

// A batch comes in the full form by default and, asked for with
// ?form=compact, with each advice named by code and its text given once.
func TestAPICheckBatch_FullAndCompactForms(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	_, key, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-viettel", "nhà mạng", []string{"check"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	items := `{"items":["0912 345 678","0912 345 679","0912 345 680","abc"]}`
	code, body := e.API(t, http.MethodPost, "/api/v1/check", key, items)
	var full struct {
		Results []struct{ Verdict, Advice, AdviceCode string }
	}
	if err := json.Unmarshal([]byte(body), &full); code != 200 || err != nil || len(full.Results) != 4 {
		t.Fatalf("full: %d %v %s", code, err, body)
	}
	for _, r := range full.Results {
		if r.Advice == "" {
			t.Fatalf("the full form lacks an advice: %s", body)
		}
	}
	code, cbody := e.API(t, http.MethodPost, "/api/v1/check?form=compact", key, items)
	var compact struct {
		Results []struct {
			Verdict, Advice string
			AdviceCode      string `json:"advice_code"`
		}
		Advice map[string]string
	}
	if err := json.Unmarshal([]byte(cbody), &compact); code != 200 || err != nil || len(compact.Results) != 4 {
		t.Fatalf("compact: %d %v %s", code, err, cbody)
	}
	for i, r := range compact.Results {
		if r.Advice != "" || r.Verdict != full.Results[i].Verdict || compact.Advice[r.AdviceCode] != full.Results[i].Advice {
			t.Errorf("item %d: compact %+v, full %+v", i, r, full.Results[i])
		}
	}
	if len(compact.Advice) != 2 || strings.Count(cbody, "KHÔNG có nghĩa là an toàn") != 1 || len(cbody) > len(body)-len(compact.Advice["unknown"]) {
		t.Errorf("three unknown numbers and a typo: %d texts, %d bytes (full %d): %s", len(compact.Advice), len(cbody), len(body), cbody)
	}
	if code, body := e.API(t, http.MethodPost, "/api/v1/check?form=gon", key, items); code != 422 || !strings.Contains(body, "compact") {
		t.Errorf("an unknown form: %d %s", code, body)
	}
}
