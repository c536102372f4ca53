package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// from makes a browser that connects from a loopback address of its own
// (all of 127/8 is loopback), with its own cookies, so the server sees a
// different network address and a different device.
func from(t *testing.T, e *testutil.Env, ip string) *testutil.Client {
	c := e.NewClient(t)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c.HTTP.Transport = &http.Transport{DialContext: d.DialContext}
	c.Get("/to-giac")
	return c
}

// The attacker's probe of issue 12 and the new user's walk through it: an
// anonymous tip flags nothing, three people do, a partner does, an analyst
// makes it a scam; official indicators stay unknown; a flood of indicators
// is refused by its cap with the form kept.
func TestVerdicts_AnonymousTipAloneLeavesUnknownThreeReportersFlagAnalystBlocks(t *testing.T) {
	e := testutil.Start(t, "")
	ctx := context.Background()
	sys := access.With(ctx, access.System())
	_, key, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-viettel", "tổng đài", []string{"screen", "report", "check"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	api := func(method, path, body string) (int, string) { return e.API(t, method, path, key, body) }
	public := func(q string) (page, answer string) {
		p := e.NewClient(t).Get("/tra-cuu?q=" + url.QueryEscape(q))
		resp, err := http.Get(e.Server.URL + "/api/v1/check?q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return p.Body, string(b)
	}
	inFeed := func(k string) string {
		_, body := api(http.MethodGet, "/api/v1/feeds/phone", "")
		var f struct {
			Items []struct{ Key, Verdict string }
		}
		json.Unmarshal([]byte(body), &f)
		for _, it := range f.Items {
			if it.Key == k {
				return it.Verdict
			}
		}
		return ""
	}
	refresh := func() {
		if _, err := e.App.Intel.Checker().Refresh(ctx); err != nil {
			t.Fatal(err)
		}
	}

	// 3,002 indicators in one tip: refused by the cap, everything kept.
	first := from(t, e, "127.0.0.2")
	lines := []string{"https://www.vietcombank.com.vn/", "Vietcombank 0011004455667"}
	for i := range 3000 {
		lines = append(lines, fmt.Sprintf("0388%06d", i))
	}
	r := first.Post("/to-giac", url.Values{"indicators": {strings.Join(lines, "\n")}, "description": {"Một danh sách rất dài."}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "tối đa 20 số điện thoại") || !strings.Contains(r.Body, "3002") ||
		!strings.Contains(r.Body, "Một danh sách rất dài.") || !strings.Contains(r.Body, "0388002999") {
		t.Fatalf("3,002 indicators: %d %.500s", r.Status, r.Body)
	}

	// One anonymous tip: unknown to the public, counted for the analyst.
	// A fresh form each time: Client.Post keeps the token it adds.
	tip := func() url.Values {
		return url.Values{"indicators": {"0388 777 888\nhttps://www.vietcombank.com.vn/\nhttps://cong-an.gov.vn/tin-tuc"}, "description": {"Gọi giả danh công an."}, "province": {"Cao Bằng"}}
	}
	if r := first.Post("/to-giac", tip()); r.Status != http.StatusSeeOther {
		t.Fatalf("tip: %d %.300s", r.Status, r.Body)
	}
	refresh()
	for _, q := range []string{"0388777888", "https://www.vietcombank.com.vn/", "https://cong-an.gov.vn/tin-tuc"} {
		page, answer := public(q)
		if strings.Contains(page, "CÓ TỐ GIÁC") || !strings.Contains(page, "KHÔNG có nghĩa là an toàn") || !strings.Contains(answer, `"verdict":"unknown"`) || strings.Contains(answer, "reports") {
			t.Fatalf("%s after one anonymous tip: %s", q, answer)
		}
	}
	analyst := e.NewClient(t)
	analyst.Login("xacminh", e.Passwords["xacminh"])
	if q := analyst.Get("/quan-tri/xac-minh"); !regexp.MustCompile(`84388777888 <span[\s\S]{0,300}1 tố giác chưa xác minh, từ 1 người gửi khác nhau`).MatchString(q.Body) {
		t.Fatal("the analyst does not see the unconfirmed report with its count")
	}
	if v := inFeed("84388777888"); v != "" {
		t.Fatalf("the feed carries a number with one anonymous tip: %q", v)
	}

	// Twice more from the same address and browser: still one reporter.
	for range 2 {
		if r := first.Post("/to-giac", tip()); r.Status != http.StatusSeeOther {
			t.Fatalf("tip: %d", r.Status)
		}
	}
	refresh()
	if _, answer := public("0388777888"); !strings.Contains(answer, `"verdict":"unknown"`) {
		t.Fatalf("three tips from one address: %s", answer)
	}
	if code, body := api(http.MethodPost, "/api/v1/screen-call", `{"caller":"0388777888"}`); code != 200 || !strings.Contains(body, `"action":"allow"`) {
		t.Fatalf("screen below the threshold: %d %s", code, body)
	}

	// Two more people, from their own addresses and browsers: suspicious.
	for _, ip := range []string{"127.0.3.1", "127.0.4.1"} {
		if r := from(t, e, ip).Post("/to-giac", tip()); r.Status != http.StatusSeeOther {
			t.Fatalf("tip from %s: %d", ip, r.Status)
		}
	}
	refresh()
	if page, answer := public("0388777888"); !strings.Contains(page, "CÓ TỐ GIÁC") || !strings.Contains(answer, `"verdict":"suspicious"`) {
		t.Fatalf("three reporters: %s", answer)
	}
	if code, body := api(http.MethodPost, "/api/v1/screen-call", `{"caller":"0388777888"}`); code != 200 || !strings.Contains(body, `"action":"warn"`) {
		t.Fatalf("screen at the threshold: %d %s", code, body)
	}
	if v := inFeed("84388777888"); v != "suspicious" {
		t.Fatalf("the feed from the threshold on: %q", v)
	}
	for _, q := range []string{"https://www.vietcombank.com.vn/", "https://cong-an.gov.vn/tin-tuc"} {
		if _, answer := public(q); !strings.Contains(answer, `"verdict":"unknown"`) {
			t.Fatalf("an official link reported by three people: %s", answer)
		}
	}

	// A partner's single report flags; one over the cap is refused whole.
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprintf(`"0388%06d"`, i)
	}
	if code, body := api(http.MethodPost, "/api/v1/reports", `{"reports":[{"indicators":[`+strings.Join(many, ",")+`]}]}`); code != 422 || !strings.Contains(body, "tối đa 50") {
		t.Fatalf("a partner report over the cap: %d %s", code, body)
	}
	if code, body := api(http.MethodPost, "/api/v1/reports", `{"reports":[{"indicators":["0388 666 555"],"tactic":"fraud"}]}`); code != 200 || !strings.Contains(body, `"code":"TG-`) {
		t.Fatalf("a partner report: %d %s", code, body)
	}
	refresh()
	if _, answer := public("0388666555"); !strings.Contains(answer, `"verdict":"suspicious"`) {
		t.Fatalf("a partner's single report: %s", answer)
	}

	// The analyst verifies: scam, and the telecom blocks the call.
	q := analyst.Get("/quan-tri/xac-minh")
	m := regexp.MustCompile(`84388777888 <span class="pill">[\s\S]*?action="/quan-tri/xac-minh/(\d+)"`).FindStringSubmatch(q.Body)
	if m == nil {
		t.Fatal("the number is not in the queue")
	}
	if r := analyst.Post("/quan-tri/xac-minh/"+m[1], url.Values{"decision": {"verify"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("verify: %d", r.Status)
	}
	refresh()
	if _, answer := public("0388777888"); !strings.Contains(answer, `"verdict":"scam"`) {
		t.Fatalf("verified: %s", answer)
	}
	if code, body := api(http.MethodPost, "/api/v1/screen-call", `{"caller":"0388777888"}`); code != 200 || !strings.Contains(body, `"action":"block"`) {
		t.Fatalf("screen of a verified number: %d %s", code, body)
	}
}

// The registry of official indicators is a console page; a provincial
// analyst reads it, only the national level changes it.
func TestProtectedRegistry_NationalLevelEditsProvinceReads(t *testing.T) {
	e := testutil.Start(t, "")
	analyst := e.NewClient(t)
	analyst.Login("xacminh", e.Passwords["xacminh"])
	p := analyst.Get("/quan-tri/xac-minh/chinh-thuc")
	if p.Status != 200 || !strings.Contains(p.Body, "vietcombank.com.vn") || !strings.Contains(p.Body, "gov.vn") {
		t.Fatalf("the registry: %d", p.Status)
	}
	if r := analyst.Post("/quan-tri/xac-minh/chinh-thuc", url.Values{"indicator": {"0388 123 000"}, "owner": {"Tổng đài thử"}}); r.Status != http.StatusForbidden {
		t.Fatalf("a provincial analyst adds: %d", r.Status)
	}
	pw := e.AddUser(t, "xacminh-tw", "bca-a05", "bca", access.RoleAnalyst)
	national := e.NewClient(t)
	national.Login("xacminh-tw", pw)
	national.Get("/quan-tri/xac-minh/chinh-thuc")
	if r := national.Post("/quan-tri/xac-minh/chinh-thuc", url.Values{"indicator": {"0388 123 000"}, "owner": {""}}); r.Status != 422 || !strings.Contains(r.Body, "Ghi chủ sở hữu") || !strings.Contains(r.Body, "0388 123 000") {
		t.Fatalf("no owner: %d", r.Status)
	}
	if r := national.Post("/quan-tri/xac-minh/chinh-thuc", url.Values{"indicator": {"0388 123 000"}, "owner": {"Tổng đài thử"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add: %d %.300s", r.Status, r.Body)
	}
	if p := national.Get("/quan-tri/xac-minh/chinh-thuc"); !strings.Contains(p.Body, "84388123000") || !strings.Contains(p.Body, "Tổng đài thử") {
		t.Fatal("the new entry is not listed")
	}
}
