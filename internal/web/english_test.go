package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/testutil"
	"github.com/canhgiac/canhgiac/internal/web"
)

// vietnameseLetter matches a letter only Vietnamese writes (a vowel with
// its tone or shape mark, or đ).
var vietnameseLetter = regexp.MustCompile(`[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]`)

// englishText collects what a reader of an English page sees (text and
// the attributes read out: alt, title, aria-label, placeholder), leaving
// out what sits in an element marked lang="vi" (warnings' own words, the
// names of units and provinces) and the product's name.
func englishText(t *testing.T, body string) []string {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	add := func(s string) {
		s = strings.Join(strings.Fields(strings.ReplaceAll(s, "Cảnh Giác", "")), " ")
		if s != "" {
			out = append(out, s)
		}
	}
	var walk func(n *html.Node, lang string)
	walk = func(n *html.Node, lang string) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "head":
				return
			}
			for _, a := range n.Attr {
				if a.Key == "lang" {
					lang = a.Val
				}
			}
			if lang != "vi" {
				for _, a := range n.Attr {
					switch a.Key {
					case "alt", "title", "aria-label", "placeholder":
						add(a.Val)
					}
				}
			}
		}
		if n.Type == html.TextNode && lang != "vi" {
			add(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang)
		}
	}
	walk(doc, "")
	return out
}

// untranslated says what an English page still shows in Vietnamese:
// texts with Vietnamese letters, and any text of the catalogue of two
// words or more whose English differs, outside lang="vi".
func untranslated(t *testing.T, body string, catalogue []string) []string {
	var bad []string
	texts := englishText(t, body)
	all := " " + strings.Join(texts, " \n ") + " "
	for _, s := range texts {
		if vietnameseLetter.MatchString(s) {
			bad = append(bad, s)
		}
	}
	for _, vi := range catalogue {
		if strings.Contains(all, vi) {
			bad = append(bad, "catalogue text: "+vi)
		}
	}
	return bad
}

// Step 14, item 4, tried as a visitor who reads English: every portal
// page, its forms refused and accepted, the answers of the check, reads in
// English. What stays Vietnamese is marked lang="vi" (the warnings' own
// words, unit and province names), so a screen reader says it right.
func TestEnglish_EveryPortalPageReadsInEnglish(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	_, key, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-vcb", "ngân hàng", []string{"report"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := e.API(t, http.MethodPost, "/api/v1/reports", key,
		`{"reports":[{"indicators":["https://www.vcb-hoantien.xyz/nhan-tien","VCB 0071001234567","0389 111 222"],"tactic":"fraud","province":"Cao Bằng"}]}`); code != 200 {
		t.Fatalf("partner report: %d %s", code, body)
	}
	if _, err := e.App.Intel.Checker().Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}

	// An analyst verifies one of them: the check says "scam".
	analyst := e.NewClient(t)
	analyst.Login("xacminh", e.Passwords["xacminh"])
	q := analyst.Get("/quan-tri/xac-minh")
	id := regexp.MustCompile(`84389111222 <span class="pill">[\s\S]*?action="/quan-tri/xac-minh/(\d+)"`).FindStringSubmatch(q.Body)
	if id == nil {
		t.Fatal("the reported number is not in the analysts' queue")
	}
	if r := analyst.Post("/quan-tri/xac-minh/"+id[1], url.Values{"decision": {"verify"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("verify: %d", r.Status)
	}
	if _, err := e.App.Intel.Checker().Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}

	var catalogue []string
	for vi, en := range web.EnglishForTest() {
		if vi != en && len(strings.Fields(vi)) >= 2 {
			catalogue = append(catalogue, vi)
		}
	}
	sort.Strings(catalogue)

	c := e.NewClient(t)
	if r := c.Get("/ngon-ngu?lang=en&back=/"); r.Status != http.StatusSeeOther {
		t.Fatalf("choosing English: %d", r.Status)
	}
	failed := 0
	check := func(name string, r testutil.Response, want int) {
		t.Helper()
		if r.Status != want {
			t.Errorf("%s: status %d, want %d", name, r.Status, want)
			return
		}
		if !strings.Contains(r.Body, `<html lang="en">`) {
			t.Errorf("%s: not in English", name)
			return
		}
		if bad := untranslated(t, r.Body, catalogue); len(bad) > 0 {
			failed++
			t.Errorf("%s shows Vietnamese outside lang=\"vi\":\n  %s", name, strings.Join(bad, "\n  "))
		}
	}
	get := func(path string) {
		t.Helper()
		check("GET "+path, c.Get(path), http.StatusOK)
	}

	// Pages of the menu and the footer, and every list's first items.
	links := regexp.MustCompile(`href="(/(?:cam-nang|canh-bao|bai-viet|van-ban|dien-hinh|trac-nghiem)/[^"?#/]+)"`)
	seen := map[string]bool{}
	for _, p := range []string{"/", "/cam-nang", "/canh-bao", "/van-ban", "/dien-hinh", "/trac-nghiem", "/cam-nang?loai=fraud"} {
		r := c.Get(p)
		check("GET "+p, r, http.StatusOK)
		n := 0
		for _, m := range links.FindAllStringSubmatch(r.Body, -1) {
			if !seen[m[1]] && n < 3 {
				seen[m[1]], n = true, n+1
			}
		}
	}
	items := make([]string, 0, len(seen))
	for p := range seen {
		items = append(items, p)
	}
	sort.Strings(items)
	if len(items) < 5 {
		t.Fatalf("the lists link to %d items: %v", len(items), items)
	}
	code := ""
	for _, p := range items {
		r := c.Get(p)
		check("GET "+p, r, http.StatusOK)
		if m := regexp.MustCompile(`/xac-minh/qr/([A-Z0-9-]+)\.svg`).FindStringSubmatch(r.Body); m != nil && code == "" {
			code = m[1]
		}
	}
	if code == "" {
		t.Fatal("no item shows its verification code")
	}
	for _, p := range []string{"/tra-cuu", "/xac-minh", "/xac-minh/" + code, "/tim-kiem", "/tim-kiem?q=cong+an", "/tim-kiem?q=zzqxqz",
		"/to-giac", "/dang-ky", "/yeu-cau-go-canh-bao", "/dang-nhap", "/thong-ke"} {
		get(p)
	}
	check("GET /khong-co-trang-nay", c.Get("/khong-co-trang-nay"), http.StatusNotFound)

	// Every kind of answer of the check.
	for _, q := range []string{"0389 111 222", "vcb-hoantien.xyz/nhan-tien", "0071001234567", "https://vietcombank-xacthuc.com/login",
		"bit.ly/qua-tang", "0389 000 123", "khong phai gi ca"} {
		get("/tra-cuu?q=" + url.QueryEscape(q))
	}
	if r := c.Get("/tra-cuu?q=0389111222"); !strings.Contains(r.Body, "VERIFIED SCAM") || !strings.Contains(r.Body, "verified that this number is used for scams") {
		t.Errorf("the English answer for a verified scam: %.3000s", r.Body)
	}

	// A quiz, answered with nothing, then answered.
	quiz := ""
	for _, p := range items {
		if strings.HasPrefix(p, "/trac-nghiem/") {
			quiz = p
		}
	}
	if quiz != "" {
		c.Get(quiz)
		check("POST "+quiz+" (empty)", c.Post(quiz, url.Values{}), http.StatusUnprocessableEntity)
		check("POST "+quiz, c.Post(quiz, url.Values{"q0": {"0"}, "q1": {"0"}, "q2": {"0"}, "q3": {"0"}, "q4": {"0"}, "q5": {"0"}, "q6": {"0"}, "q7": {"0"}, "q8": {"0"}, "q9": {"0"}}), http.StatusOK)
	}

	// A report: refused, then sent, then its page, then an addition.
	c.Get("/to-giac")
	check("POST /to-giac (empty)", c.Post("/to-giac", url.Values{"happened_on": {"32/13/2026"}, "money_lost": {"nhiều"}}), http.StatusUnprocessableEntity)
	r := c.Post("/to-giac", url.Values{"indicators": {"0389 333 444"}, "description": {"Gọi điện giả danh công an đòi chuyển tiền."}, "province": {"Cao Bằng"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("sending a report: %d %.1000s", r.Status, r.Body)
	}
	get(r.Location)
	if p := c.Get(r.Location); !regexp.MustCompile(`Sent \d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d\.`).MatchString(p.Body) {
		t.Errorf("the report's page does not give its time the English way: %.2000s", p.Body)
	}
	check("POST "+r.Location+"/bo-sung (empty)", c.Post(r.Location+"/bo-sung", url.Values{"text": {""}}), http.StatusUnprocessableEntity)

	// A request to lift a warning: refused, then sent, then its page.
	c.Get("/yeu-cau-go-canh-bao")
	check("POST /yeu-cau-go-canh-bao (empty)", c.Post("/yeu-cau-go-canh-bao", url.Values{}), http.StatusUnprocessableEntity)
	r = c.Post("/yeu-cau-go-canh-bao", url.Values{"indicator": {"0389 111 222"}, "reason": {"Đây là số của cửa hàng tôi, đã dùng mười năm nay."}, "contact": {"0912 000 888"}, "consent": {"on"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("asking to lift a warning: %d %.1000s", r.Status, r.Body)
	}
	get(r.Location)

	// Subscribing: refused, then the code page, a wrong code, the right
	// one, the subscriber's own page, unsubscribing.
	c.Get("/dang-ky")
	check("POST /dang-ky (empty)", c.Post("/dang-ky", url.Values{}), http.StatusUnprocessableEntity)
	r = c.Post("/dang-ky", url.Values{"phone": {"0912 000 901"}, "province": {"Cao Bằng"}, "groups": {"elderly"}, "consent": {"on"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("subscribing: %d %.1000s", r.Status, r.Body)
	}
	ref := r.Location
	get(ref)
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	sms := readCode(t, coord, "+84912000901")
	wrong := "000000"
	if sms == wrong {
		wrong = "111111"
	}
	check("POST "+ref+" (wrong code)", c.Post(ref, url.Values{"code": {wrong}}), http.StatusUnprocessableEntity)
	r = c.Post(ref, url.Values{"code": {sms}})
	check("POST "+ref, r, http.StatusOK)
	m := tokenLink.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no link to the subscriber's page: %.1500s", r.Body)
	}
	get("/huy-dang-ky/" + m[1])
	check("POST /huy-dang-ky/…", c.Post("/huy-dang-ky/"+m[1], url.Values{}), http.StatusOK)
	check("GET /huy-dang-ky/(unknown)", c.Get("/huy-dang-ky/khong-phai-ma-cua-ai-ca-1234"), http.StatusNotFound)
	check("POST /huy-dang-ky/…/xoa", c.Post("/huy-dang-ky/"+m[1]+"/xoa", url.Values{}), http.StatusOK)

	// Signing in, refused.
	c.Get("/dang-nhap")
	check("POST /dang-nhap (wrong)", c.Post("/dang-nhap", url.Values{"username": {"khongai"}, "password": {"sai"}}), http.StatusUnprocessableEntity)
	if failed > 0 {
		t.Logf("%d pages show Vietnamese", failed)
	}
}

// The checker itself: it finds what it should, and lets marked Vietnamese be.
func TestEnglish_CheckerFindsVietnamese(t *testing.T) {
	cat := []string{"Tố giác lừa đảo", "Cán bộ đăng nhập"}
	for _, tc := range []struct {
		body string
		bad  bool
	}{
		{`<html lang="en"><body><p>Report a scam</p></body></html>`, false},
		{`<html lang="en"><body><p>Tố giác lừa đảo</p></body></html>`, true},
		{`<html lang="en"><body><p lang="vi">Tố giác lừa đảo</p></body></html>`, false},
		{`<html lang="en"><body><div lang="vi"><p><b>Cao Bằng</b></p></div></body></html>`, false},
		{`<html lang="en"><body><img alt="Mã QR"></body></html>`, true},
		{`<html lang="en"><body><p>Cảnh Giác</p></body></html>`, false},
		{`<html lang="en"><head><title>x</title><script>var a = "Tìm"</script></head><body></body></html>`, false},
	} {
		if got := len(untranslated(t, tc.body, cat)) > 0; got != tc.bad {
			t.Errorf("%s: flagged %v, want %v", tc.body, got, tc.bad)
		}
	}
}
